package survey

import (
	"errors"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"siap/store"
)

// A laptop left open on a bench or in an angkot must not show anyone the
// respondents' answers: after some time without a key press the screen
// hides everything and asks for the data file's passphrase again. The
// interview underneath stays as it was, and every answer is already
// saved.

// lockTick asks the app whether it has been idle long enough to lock.
type lockTick struct{}

// unlockResult is the passphrase check's answer.
type unlockResult struct{ err error }

// lockCheckEvery is how often idleness is checked.
const lockCheckEvery = 15 * time.Second

// maxUnlockTries wrong passphrases end the session (the draft is saved),
// so that guessing takes a new start each time.
const maxUnlockTries = 5

func tickLock() tea.Cmd {
	return tea.Tick(lockCheckEvery, func(time.Time) tea.Msg { return lockTick{} })
}

// lockScreen hides the app until the passphrase is typed.
type lockScreen struct {
	e        *env
	in       textinput.Model
	checking bool
	tries    int
	msg      string
}

func newLockScreen(e *env) *lockScreen {
	in := textinput.New()
	in.EchoMode = textinput.EchoPassword
	in.CharLimit = 200
	in.Focus()
	return &lockScreen{e: e, in: in}
}

// update takes keys while locked; it reports a command to run and
// whether the app is unlocked, or should quit.
func (l *lockScreen) update(msg tea.Msg) (cmd tea.Cmd, unlocked, quit bool) {
	switch msg := msg.(type) {
	case unlockResult:
		l.checking = false
		switch {
		case msg.err == nil:
			return nil, true, false
		case errors.Is(msg.err, store.ErrWrongPassphrase):
			l.tries++
			if l.tries >= maxUnlockTries {
				return nil, false, true
			}
			l.msg = l.e.lang.T("lockWrong", maxUnlockTries-l.tries)
		default:
			l.msg = userError(l.e.lang, msg.err)
		}
		l.in.SetValue("")
	case tea.KeyPressMsg:
		if l.checking {
			return nil, false, false
		}
		if key.Matches(msg, l.e.keys.Confirm) {
			l.checking, l.msg = true, ""
			st, pass := l.e.st, l.in.Value()
			// Argon2id takes a moment: check off the update loop.
			return func() tea.Msg { return unlockResult{st.CheckPassphrase(pass)} }, false, false
		}
		l.in, _ = l.in.Update(msg)
	case tea.PasteMsg:
		if !l.checking {
			l.in, _ = l.in.Update(msg)
		}
	}
	return nil, false, false
}

func (l *lockScreen) view(w int) string {
	lang, sty := l.e.lang, l.e.sty
	l.in.SetWidth(max(10, min(60, w-4)))
	s := sty.title.Render(lang.T("appName")) + "\n\n" + sty.label.Render(wrap(lang.T("locked"), w)) + "\n\n" + l.in.View() + "\n"
	switch {
	case l.checking:
		s += "\n" + sty.faint.Render(lang.T("lockChecking")) + "\n"
	case l.msg != "":
		s += "\n" + sty.err.Render(wrap(l.msg, w)) + "\n"
	}
	return s
}

package survey

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"siap/questionnaires"
	"siap/store"
)

const lockPassphrase = "nasi-kuning-manado"

// lockedApp opens an encrypted data file with a clock the test moves.
func lockedApp(t *testing.T) (*App, *time.Time) {
	t.Helper()
	t.Setenv("NO_COLOR", "1")
	form, err := questionnaires.Shipped()
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(filepath.Join(t.TempDir(), "siap.db"), store.Options{Passphrase: lockPassphrase})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	key, err := st.AddForm(store.FormSource{ID: form.ID, Version: form.Version, Name: form.SourceName, Data: form.Source})
	if err != nil {
		t.Fatal(err)
	}
	st.SetSetting("interviewer", "Ani Wijaya")
	clock := fixedNow()
	app, err := New(Options{Store: st, Form: form, FormKey: key, Now: func() time.Time { return clock }, LockAfter: 10 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	return app, &clock
}

// send delivers messages as a program would, running the passphrase
// check when one starts and feeding back its answer.
func send(a *App, msgs ...tea.Msg) tea.Cmd {
	var last tea.Cmd
	settleApp(a, initOnce(a))
	for _, m := range msgs {
		_, last = a.Update(m)
		switch {
		case a.lock != nil && a.lock.checking:
			_, last = a.Update(last())
		case m != lockTick{}:
			// What the screens read off the update loop.
			settleApp(a, last)
		}
	}
	return last
}

func TestIdleScreenLocks(t *testing.T) {
	app, clock := lockedApp(t)
	send(app, press("enter", "2", "enter")...) // a draft, at the household number
	*clock = clock.Add(9 * time.Minute)
	send(app, lockTick{})
	if app.lock != nil {
		t.Fatal("locked before the time")
	}
	*clock = clock.Add(2 * time.Minute)
	send(app, lockTick{})
	if app.lock == nil {
		t.Fatal("not locked after 11 idle minutes")
	}
	screen := string(screenText(app))
	if strings.Contains(screen, "Nomor urut rumah tangga") || strings.Contains(screen, "uuid:") {
		t.Errorf("the locked screen shows the interview:\n%s", screen)
	}
	send(app, press("wrong-passphrase", "enter")...)
	if app.lock == nil || !strings.Contains(app.lock.msg, "Sisa percobaan: 4") {
		t.Fatalf("a wrong passphrase: locked %v, message %q", app.lock != nil, app.lock.msg)
	}
	send(app, press(lockPassphrase, "enter")...)
	if app.lock != nil {
		t.Fatalf("the passphrase did not unlock: %q", app.lock.msg)
	}
	q, ok := app.screen.(*questionScreen)
	if !ok || q.it.Node.Name != "hh_id" {
		t.Fatalf("after unlocking: %T, not the question it was on", app.screen)
	}
}

func TestTooManyWrongPassphrasesQuit(t *testing.T) {
	app, clock := lockedApp(t)
	*clock = clock.Add(time.Hour)
	send(app, lockTick{})
	var cmd tea.Cmd
	for i := 0; i < maxUnlockTries; i++ {
		cmd = send(app, press("guess", "enter")...)
	}
	if cmd == nil {
		t.Fatalf("%d wrong passphrases did not end the session", maxUnlockTries)
	}
	if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Errorf("%d wrong passphrases did not end the session", maxUnlockTries)
	}
}

// TestPastedPassphraseUnlocks: a paste while locked goes to the
// passphrase, never to the answer behind the lock.
func TestPastedPassphraseUnlocks(t *testing.T) {
	app, clock := lockedApp(t)
	send(app, press("enter", "2", "enter")...) // a draft, at the household number
	*clock = clock.Add(time.Hour)
	send(app, lockTick{})
	send(app, tea.PasteMsg{Content: lockPassphrase})
	send(app, press("enter")...)
	if app.lock != nil {
		t.Fatalf("a pasted passphrase did not unlock: %q", app.lock.msg)
	}
	if got := app.screen.(*questionScreen).in.value(); got != "" {
		t.Errorf("the paste reached the answer behind the lock: %q", got)
	}
}

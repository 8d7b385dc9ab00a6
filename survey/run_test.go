package survey

import (
	"sync"
	"time"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
)

// settleApp runs a command and those it leads to, as a program would,
// delivering their messages to the app, until nothing is left but
// timers (the spinner's turns, the lock's idle check), which it drops.
func settleApp(a *App, cmd tea.Cmd) {
	results := make(chan tea.Msg, 64)
	running := 0
	start := func(c tea.Cmd) {
		if c == nil {
			return
		}
		running++
		go func() { results <- c() }()
	}
	start(cmd)
	for running > 0 {
		select {
		case msg := <-results:
			running--
			switch msg := msg.(type) {
			case tea.BatchMsg:
				for _, c := range msg {
					start(c)
				}
			case nil, tea.QuitMsg, spinner.TickMsg, lockTick:
			default:
				_, next := a.Update(msg)
				start(next)
			}
		case <-time.After(20 * time.Millisecond):
			// What still runs is a timer, unless the app waits for it.
			if !a.busy() {
				return
			}
		}
	}
}

// settled wraps the app in teatest: quitWhenSettled quits once the
// screen has loaded, so that the final screen is the loaded one.
type settled struct{ *App }

type quitWhenSettled struct{}

func (s settled) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if _, ok := msg.(quitWhenSettled); ok {
		if s.busy() || len(s.typedAhead) > 0 {
			return s, tea.Tick(10*time.Millisecond, func(time.Time) tea.Msg { return quitWhenSettled{} })
		}
		// Quit as a person does, so that the screen records its leaving.
		_, cmd := s.App.Update(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})
		return s, cmd
	}
	_, cmd := s.App.Update(msg)
	return s, cmd
}

// quitWhen wraps the app in teatest and quits as soon as done holds
// after a message, so that a test waits on the app's state rather than
// on what the renderer happened to redraw.
type quitWhen struct {
	*App
	done func(*App) bool
}

func (q quitWhen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	_, cmd := q.App.Update(msg)
	if q.done(q.App) {
		return q, tea.Quit
	}
	return q, cmd
}

// started holds the apps drive has run Init for.
var started sync.Map

// initOnce is the app's Init command the first time drive sees it.
func initOnce(a *App) tea.Cmd {
	if _, done := started.LoadOrStore(a, true); done {
		return nil
	}
	return a.Init()
}

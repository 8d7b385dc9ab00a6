package survey

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

const textForm = "survey,,,\n,type,name,label\n,text,story,Ceritakan\n,select_one yn,ok,Setuju?\nchoices,,,\n,list_name,name,label\n,yn,1,Ya\n,yn,2,Tidak\n"

// TestPasteIntoEveryTextField: a bracketed paste (what GNOME Terminal,
// Windows Terminal and iTerm send) lands whole in the field being typed
// in: an answer, the search, a note, the send-back comment.
func TestPasteIntoEveryTextField(t *testing.T) {
	paste := tea.PasteMsg{Content: "Jl. Merdeka 17, RT 3/RW 5"}
	t.Run("answer", func(t *testing.T) {
		app, _ := newFormApp(t, textForm)
		drive(app, press("enter")...)
		drive(app, paste)
		if got := app.screen.(*questionScreen).in.value(); got != paste.Content {
			t.Errorf("answer holds %q", got)
		}
	})
	t.Run("note", func(t *testing.T) {
		app, _ := newFormApp(t, textForm)
		drive(app, press("enter", "ctrl+o")...)
		drive(app, paste)
		q := app.screen.(*questionScreen)
		if q.note == nil || q.note.in.Value() != paste.Content || q.in.value() != "" {
			t.Errorf("the paste went elsewhere than the note")
		}
	})
	t.Run("search", func(t *testing.T) {
		app, st := newTestApp(t)
		withSimulated(t, app, st, 3)
		drive(app, press("3", "/")...)
		drive(app, paste)
		if got := app.screen.(*browse).search.Value(); got != paste.Content {
			t.Errorf("search holds %q", got)
		}
	})
	t.Run("send back", func(t *testing.T) {
		app, st := newTestApp(t)
		withSimulated(t, app, st, 3)
		drive(app, press("5", "x")...)
		drive(app, paste)
		if s := app.screen.(*supervise); s.comment == nil || s.comment.Value() != paste.Content {
			t.Errorf("the comment did not take the paste")
		}
	})
}

// TestLongPastesAreKeptOrSaidCut: 4,000 characters typed as a plain
// paste (one key each) are kept whole; beyond the longest answer the
// screen says the answer was cut.
func TestLongPastesAreKeptOrSaidCut(t *testing.T) {
	app, _ := newFormApp(t, textForm)
	drive(app, press("enter")...)
	long := strings.Repeat("abcd ", 800)
	drive(app, press(long)...)
	q := app.screen.(*questionScreen)
	if got := len(q.in.value()); got != 4000 {
		t.Fatalf("a 4,000-character paste kept %d", got)
	}
	if strings.Contains(string(screenText(app)), "dipotong") {
		t.Errorf("a whole answer is said to be cut")
	}
	drive(app, tea.PasteMsg{Content: strings.Repeat("x", maxAnswer)})
	if got := len(q.in.value()); got != maxAnswer {
		t.Errorf("an over-long answer holds %d characters", got)
	}
	if screen := string(screenText(app)); !strings.Contains(screen, "Jawaban terlalu panjang: dipotong menjadi 20.000 karakter") {
		t.Errorf("an over-long answer is cut without a word:\n%s", screen)
	}
}

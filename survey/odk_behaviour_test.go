package survey

import (
	"strings"
	"testing"
)

// A relevant note the form marks required is a hard stop, as in ODK
// Collect: neither enter nor the forward key passes it.
func TestRequiredNoteStopsTheInterview(t *testing.T) {
	src := "survey,,,,,\n,type,name,label,required,relevant\n,integer,heads,Heads of household,,\n,note,mismatch,A household has one head,yes,${heads} != 1\n,note,done,Selesai,,\n"
	app, _ := newFormApp(t, src)
	drive(app, press("enter", "2", "enter")...)
	q := app.screen.(*questionScreen)
	if q.it.Node.Name != "mismatch" {
		t.Fatalf("after two heads the screen shows %s", q.it.Path)
	}
	drive(app, press("enter")...)
	if q.it.Node.Name != "mismatch" || q.errMsg == "" {
		t.Fatalf("enter passed a required note: now at %s, message %q", q.it.Path, q.errMsg)
	}
	if screen := string(screenText(app)); !strings.Contains(screen, "Catatan ini menghentikan wawancara") {
		t.Errorf("the hard stop is not said on the screen:\n%s", screen)
	}
	drive(app, press("tab")...)
	if q.it.Node.Name != "mismatch" {
		t.Fatalf("the forward key passed a required note: now at %s", q.it.Path)
	}
	drive(app, press("shift+tab", "ctrl+u", "1", "enter")...)
	if q.it.Node.Name != "done" {
		t.Errorf("a corrected answer did not go on: at %s, %q", q.it.Path, q.errMsg)
	}
}

// ${last-saved#village} reads the last interview this device finalized.
func TestLastSavedComesFromTheLastFinalizedInterview(t *testing.T) {
	src := "survey,,,,\n,type,name,label,default\n,text,village,Village,${last-saved#village}\n,note,done,Selesai,\n"
	app, _ := newFormApp(t, src)
	drive(app, press("enter", "Oebufu", "enter", "enter", "f", "y")...)
	if _, ok := app.screen.(*questionScreen); ok {
		t.Fatal("the first interview was not finalized")
	}
	drive(app, press("enter")...)
	q, ok := app.screen.(*questionScreen)
	if !ok || q.it.Node.Name != "village" {
		t.Fatalf("the second interview does not start at village: %T", app.screen)
	}
	if got := q.s.st.Answer("village"); got != "Oebufu" {
		t.Errorf("village defaults to %q, want the last finalized Oebufu", got)
	}
}

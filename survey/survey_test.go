package survey

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"siap/internal/fieldwork"
	"siap/questionnaires"
	"siap/questionnaires/interview"
	"siap/questionnaires/simulate"
	"siap/store"
)

var fixedNow = func() time.Time { return time.Date(2026, 11, 24, 9, 30, 0, 0, time.UTC) }

// newTestApp opens a fresh data file with the shipped questionnaire and
// an interviewer already known.
func newTestApp(t *testing.T) (*App, *store.Store) {
	t.Helper()
	form, err := questionnaires.Shipped()
	if err != nil {
		t.Fatal(err)
	}
	return appWithForm(t, form, "Ani Wijaya")
}

// newFormApp opens a fresh data file with a questionnaire given as
// pyxform-layout CSV.
func newFormApp(t *testing.T, src string) (*App, *store.Store) {
	t.Helper()
	form, err := questionnaires.Parse("test.csv", []byte(src), nil)
	if err != nil {
		t.Fatal(err)
	}
	return appWithForm(t, form, "Budi")
}

func appWithForm(t *testing.T, form *questionnaires.Form, interviewer string) (*App, *store.Store) {
	t.Helper()
	t.Setenv("NO_COLOR", "1")
	st, key, err := fieldwork.Open(filepath.Join(t.TempDir(), "siap.db"), form)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.SetSetting("interviewer", interviewer); err != nil {
		t.Fatal(err)
	}
	app, err := New(Options{Store: st, Form: form, FormKey: key, Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	return app, st
}

// press turns key names into key messages: "enter", "ctrl+r", "shift+tab",
// "space", or text typed a character at a time.
func press(keys ...string) []tea.Msg {
	special := map[string]tea.KeyPressMsg{
		"enter":     {Code: tea.KeyEnter},
		"esc":       {Code: tea.KeyEscape},
		"tab":       {Code: tea.KeyTab},
		"shift+tab": {Code: tea.KeyTab, Mod: tea.ModShift},
		"space":     {Code: tea.KeySpace, Text: " "},
		"up":        {Code: tea.KeyUp},
		"down":      {Code: tea.KeyDown},
		"backspace": {Code: tea.KeyBackspace},
		"ctrl+c":    {Code: 'c', Mod: tea.ModCtrl},
		"ctrl+r":    {Code: 'r', Mod: tea.ModCtrl},
		"ctrl+u":    {Code: 'u', Mod: tea.ModCtrl},
		"ctrl+o":    {Code: 'o', Mod: tea.ModCtrl},
		"ctrl+s":    {Code: 's', Mod: tea.ModCtrl},
		"ctrl+l":    {Code: 'l', Mod: tea.ModCtrl},
		"ctrl+d":    {Code: 'd', Mod: tea.ModCtrl},
		"left":      {Code: tea.KeyLeft},
		"right":     {Code: tea.KeyRight},
	}
	var out []tea.Msg
	for _, k := range keys {
		if m, ok := special[k]; ok {
			out = append(out, m)
			continue
		}
		for _, r := range k {
			out = append(out, tea.KeyPressMsg{Code: r, Text: string(r)})
		}
	}
	return out
}

// drive delivers messages as a program would, running the commands they
// start (the reads screens make off the update loop) and delivering
// what those bring, until the app waits for nothing but timers.
func drive(a *App, msgs ...tea.Msg) {
	settleApp(a, initOnce(a))
	for _, m := range msgs {
		_, cmd := a.Update(m)
		settleApp(a, cmd)
	}
}

var (
	uuidPattern = regexp.MustCompile(`uuid:[0-9a-f-]+`)
	// shortIDPattern is an interview's id as lists show it, first on a line.
	shortIDPattern = regexp.MustCompile(`(?m)^[0-9a-f]{8}  `)
	dataPattern    = regexp.MustCompile(`/\S*/(siap\.db|siap-export-)`)
)

// finalScreen runs the app in teatest at 80x24, presses the keys, quits,
// and returns the last screen as screenText gives it.
func finalScreen(t *testing.T, app *App, keys ...string) []byte {
	t.Helper()
	return screenText(finalModel(t, app, keys...))
}

// finalModel runs the app as a program does, commands included (huh
// forms need theirs), presses the keys and quits.
func finalModel(t *testing.T, app *App, keys ...string) *App {
	t.Helper()
	return finalModelAt(t, app, 80, 24, keys...)
}

// finalModelAt is finalModel at a terminal size; it quits once the
// screen has loaded what it shows.
func finalModelAt(t *testing.T, app *App, w, h int, keys ...string) *App {
	t.Helper()
	tm := teatest.NewTestModel(t, settled{app}, teatest.WithInitialTermSize(w, h))
	for _, m := range press(keys...) {
		tm.Send(m)
	}
	tm.Send(quitWhenSettled{})
	return tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second)).(settled).App
}

// screenText is the final view as a person reads it: no colours, with
// the random id and the temporary path made stable.
func screenText(a *App) []byte {
	s := ansi.Strip(a.render())
	s = uuidPattern.ReplaceAllString(s, "uuid:…")
	s = shortIDPattern.ReplaceAllString(s, "········  ")
	s = dataPattern.ReplaceAllString(s, "DATA/$1")
	return []byte(s)
}

// withSimulated adds n simulated interviews of the shipped form, made
// deterministic by the seed and the fixed clock.
func withSimulated(t *testing.T, app *App, st *store.Store, n int) {
	t.Helper()
	form := app.env.form
	var records []store.Record
	simulate.Run(form, simulate.Options{N: n, Seed: 2, Now: fixedNow(), Interviewer: "Budi"}, func(s simulate.Interview) error {
		records = append(records, fieldwork.Record(form, app.env.formKey, "", "Budi", s))
		return nil
	})
	if _, err := st.Import(store.Records(records...)); err != nil {
		t.Fatal(err)
	}
}

// TestScreensWithInterviews compares, with golden files at 80x24, the
// screens that show many interviews: the summaries table, one
// indicator's bars, the supervisor's list and its send-back prompt.
func TestScreensWithInterviews(t *testing.T) {
	tests := []struct {
		name string
		keys []string
	}{
		{"summaries", []string{"4"}},
		{"summary_detail", []string{"4", "enter"}},
		{"summary_readiness", []string{"4", "down", "down", "down", "down", "down", "down", "down", "down", "down", "down", "enter"}},
		{"summaries_english", []string{"ctrl+l", "4"}},
		{"supervise", []string{"5"}},
		{"supervise_send_back", []string{"5", "x"}},
		{"progress", []string{"5", "p"}},
		{"progress_english", []string{"ctrl+l", "5", "p"}},
		{"summaries_scrolled", []string{"4", "right", "right", "right"}},
		{"supervise_interview", []string{"5", "enter"}},
		{"browse", []string{"3"}},
		{"browse_english", []string{"ctrl+l", "3"}},
		{"export_sim", []string{"7"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app, st := newTestApp(t)
			withSimulated(t, app, st, 200)
			golden.RequireEqual(t, finalScreen(t, app, tt.keys...))
			t.Run("120x40", func(t *testing.T) {
				app, st := newTestApp(t)
				withSimulated(t, app, st, 200)
				golden.RequireEqual(t, screenText(finalModelAt(t, app, 120, 40, tt.keys...)))
			})
		})
	}
}

// TestSummaryCellsApart checks that every cell of the summaries table
// stands apart from its neighbours, however wide n grows: a row has the
// label's words, one field per city and all, then p.
var tableCell = regexp.MustCompile(`^[0-9.,]+%?·[0-9.,%·]+$`)

func TestSummaryCellsApart(t *testing.T) {
	app, st := newTestApp(t)
	withSimulated(t, app, st, 1200)
	// At 120 columns the whole table fits; at 80 it scrolls sideways.
	screen := screenText(finalModelAt(t, app, 120, 40, "4"))
	rows := 0
	for _, line := range strings.Split(string(screen), "\n") {
		fields := strings.Fields(line)
		var cells int
		for _, f := range fields {
			if tableCell.MatchString(f) {
				cells++
				if strings.Count(f, "·") != 1 {
					t.Errorf("cells run together in %q", line)
				}
			}
		}
		if cells > 0 {
			rows++
			if cells != 6 {
				t.Errorf("%d cells, want 6 (five cities and all), in %q", cells, line)
			}
		}
	}
	if rows == 0 {
		t.Fatalf("no table rows on the screen:\n%s", screen)
	}
}

// TestScreens compares the screens at 80x24 with golden files; run with
// -update to rewrite them after a deliberate change.
func TestScreens(t *testing.T) {
	tests := []struct {
		name string
		keys []string
	}{
		{"home", nil},
		{"home_after_export", []string{"7"}},
		{"select", []string{"enter", "3"}},
		{"integer_error", []string{"enter", "3", "enter", "12", "enter", "enter", "1", "enter", "2", "enter", "12", "enter"}},
		{"integer_unusual", []string{"enter", "3", "enter", "12", "enter", "enter", "1", "enter", "2", "enter", "105", "enter"}},
		{"multiselect", []string{"enter", "5", "enter", "7", "enter", "enter", "1", "enter", "2", "enter", "44", "enter",
			"4", "enter", "5", "enter", "1", "enter", "7371234567890123", "enter", "Siti", "enter", "081234567890", "enter",
			"1", "enter", "1", "space", "down", "down", "space"}},
		{"review", []string{"enter", "2", "enter", "5", "enter", "enter", "1", "enter", "ctrl+r"}},
		{"english", []string{"ctrl+l", "enter", "1"}},
		{"help", []string{"?"}},
		{"integer_placeholder", []string{"enter", "3", "enter"}},
		{"sections", []string{"enter", "3", "enter", "12", "enter", "enter", "1", "enter", "ctrl+s"}},
		{"empty_draft_gone", []string{"enter", "esc"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app, _ := newTestApp(t)
			golden.RequireEqual(t, finalScreen(t, app, tt.keys...))
			t.Run("120x40", func(t *testing.T) {
				app, _ := newTestApp(t)
				golden.RequireEqual(t, screenText(finalModelAt(t, app, 120, 40, tt.keys...)))
			})
		})
	}
}

// TestWholeInterviewByKeyboard answers the shipped questionnaire by keys
// alone, finalizes it, and reads the data file.
func TestWholeInterviewByKeyboard(t *testing.T) {
	app, st := newTestApp(t)
	app.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	answers := map[string]string{
		"city": "makassar", "hh_id": "17", "consent": "1", "resp_sex": "2", "resp_age": "44",
		"education": "3", "hh_size": "5", "has_ektp": "1", "nik": "7371234567890123",
		"resp_name": "Siti Aminah", "phone_number": "081234567890", "receives_bansos": "2",
		"own_account": "2", "no_account_reasons": "far documents", "ewallets": "dana",
		"phone_type": "smartphone", "internet_3m": "1", "self_efficacy": "4", "dist_atm_km": "1,5",
		"dist_agent_km": "0.8", "willing_digital": "5",
	}
	drive(app, press("enter")...) // new interview
	for step := 0; step < 200; step++ {
		switch s := app.screen.(type) {
		case *questionScreen:
			drive(app, keysFor(t, s, answers)...)
			if s.errMsg != "" {
				t.Fatalf("%s refused: %s", s.it.Path, s.errMsg)
			}
			continue
		case *review:
			drive(app, press("f", "y")...)
		}
		break
	}
	h, ok := app.screen.(*home)
	if !ok {
		t.Fatalf("after finalizing, the screen is %T, want home", app.screen)
	}
	if !strings.Contains(h.flash, "selesai") {
		t.Errorf("home says %q after finalizing", h.flash)
	}
	var ivs []store.Interview
	var vals map[string]string
	st.Each(func(iv store.Interview, v map[string]string) error { ivs = append(ivs, iv); vals = v; return nil })
	if len(ivs) != 1 || ivs[0].Status != store.Completed || ivs[0].Interviewer != "Ani Wijaya" {
		t.Fatalf("stored %+v", ivs)
	}
	want := map[string]string{"city": "makassar", "resp_age": "44", "resp_name": "Siti Aminah", "dist_atm_km": "1.5",
		"no_account_reasons": "far documents", "ewallets": "dana", "willing_digital": "5"}
	for k, v := range want {
		if vals[k] != v {
			t.Errorf("stored %s = %q, want %q", k, vals[k], v)
		}
	}
	for _, skipped := range []string{"programs", "paying_bank", "account_used_90d", "no_consent_note"} {
		if _, ok := vals[skipped]; ok {
			t.Errorf("skipped question %s was stored", skipped)
		}
	}
	kinds := map[string]int{}
	st.Events(ivs[0].ID, func(e store.Event) error { kinds[e.Kind]++; return nil })
	for _, k := range []string{store.EventOpened, store.EventShown, store.EventSet, store.EventCompleted, store.EventClosed} {
		if kinds[k] == 0 {
			t.Errorf("no %s event in the paradata: %v", k, kinds)
		}
	}
}

// keysFor answers the question on screen as an interviewer would: the
// number of the choice, or the text typed, then enter.
func keysFor(t *testing.T, q *questionScreen, answers map[string]string) []tea.Msg {
	it, st := q.it, q.s.st
	want, ok := answers[it.Node.Name]
	switch {
	case it.Prompt || it.Node.Kind == questionnaires.Note || it.Node.Type == questionnaires.TypeAcknowledge:
		return press("enter")
	case it.Node.List != nil:
		opts := st.Options(it)
		codes := strings.Fields(want)
		if !ok {
			codes = []string{opts[0].Name}
		}
		var keys []string
		for _, code := range codes {
			i := slices.IndexFunc(opts, func(c *questionnaires.Choice) bool { return c.Name == code })
			if i < 0 {
				t.Fatalf("%s has no choice %s", it.Path, code)
			}
			keys = append(keys, strconv.Itoa(i+1))
		}
		return press(append(keys, "enter")...)
	}
	if !ok {
		want = "3"
		if it.Node.Type == questionnaires.TypeText {
			want = "catatan"
		}
	}
	return press(want, "enter")
}

func TestQuitKeepsTheDraftAndResumesWhereItStopped(t *testing.T) {
	app, st := newTestApp(t)
	drive(app, press("enter", "1", "enter", "8", "enter", "enter", "1", "enter", "2", "enter")...)
	_, cmd := app.Update(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})
	if cmd == nil {
		t.Fatal("ctrl+c did not quit")
	}
	var id string
	st.Each(func(iv store.Interview, _ map[string]string) error { id = iv.ID; return nil })
	iv, _ := st.Interview(id)
	if iv.Status != store.Draft || iv.Position != "resp_age" {
		t.Fatalf("after quitting: status %s position %q", iv.Status, iv.Position)
	}
	again, err := New(Options{Store: st, Form: app.env.form, FormKey: app.env.formKey, Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	drive(again, press("2", "enter")...) // resume a draft, open it
	q, ok := again.screen.(*questionScreen)
	if !ok || q.it.Path != "resp_age" {
		t.Fatalf("resumed at %T %v, want the age question", again.screen, q)
	}
	if q.s.st.Value("resp_sex") != "2" {
		t.Error("earlier answers were not restored")
	}
}

func TestBackWorksFromAnInvalidAnswer(t *testing.T) {
	app, _ := newTestApp(t)
	drive(app, press("enter", "1", "enter", "2000")...)
	q := app.screen.(*questionScreen)
	if q.live == "" {
		t.Error("no message while typing an out-of-range number")
	}
	drive(app, press("enter")...)
	if q.errMsg == "" || q.it.Node.Name != "hh_id" {
		t.Fatalf("an invalid answer was accepted: %q at %s", q.errMsg, q.it.Path)
	}
	drive(app, press("shift+tab")...)
	if q.it.Node.Name != "city" {
		t.Errorf("back from an invalid answer went to %s", q.it.Path)
	}
	c := q.in.(*choiceInput)
	if c.value() != "medan" {
		t.Errorf("the earlier answer is not shown pre-filled: %q", c.value())
	}
}

// TestUnusualAnswerIsSavedAndChecked: an age beyond soft_max is saved,
// the interviewer stays to check it with the respondent, and enter again
// goes on; a usual age goes straight on; the review marks the unusual one.
func TestUnusualAnswerIsSavedAndChecked(t *testing.T) {
	tests := []struct {
		age      string
		stays    bool
		reviewed string
	}{
		{"105", true, "? 105 tidak biasa; biasanya ≤ 90"},
		{"44", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.age, func(t *testing.T) {
			app, st := newTestApp(t)
			drive(app, press("enter", "3", "enter", "12", "enter", "enter", "1", "enter", "2", "enter", tt.age, "enter")...)
			q := app.screen.(*questionScreen)
			var vals map[string]string
			st.Each(func(_ store.Interview, v map[string]string) error { vals = v; return nil })
			if vals["resp_age"] != tt.age {
				t.Fatalf("resp_age stored as %q, want %q", vals["resp_age"], tt.age)
			}
			if got := q.it.Node.Name == "resp_age"; got != tt.stays {
				t.Fatalf("after enter on %s: at %s, want to stay %v", tt.age, q.it.Path, tt.stays)
			}
			if !tt.stays {
				return
			}
			if !strings.Contains(q.unusual, "biasanya ≤ 90") {
				t.Errorf("warning %q does not give the usual range", q.unusual)
			}
			drive(app, press("enter")...)
			if q.it.Node.Name != "education" {
				t.Fatalf("enter again stayed at %s", q.it.Path)
			}
			kept := false
			st.Events(q.s.iv.ID, func(e store.Event) error {
				kept = kept || e.Kind == store.EventConfirmed && e.Path == "resp_age" && e.New == tt.age
				return nil
			})
			if !kept {
				t.Error("the paradata do not record that the unusual age was kept")
			}
			drive(app, press("ctrl+r")...)
			if screen := string(screenText(app)); !strings.Contains(screen, tt.reviewed) {
				t.Errorf("the review does not mark the unusual age with %q:\n%s", tt.reviewed, screen)
			}
		})
	}
}

func TestSelectHasNoSilentDefault(t *testing.T) {
	app, st := newTestApp(t)
	drive(app, press("enter", "enter")...)
	q := app.screen.(*questionScreen)
	if q.it.Node.Name != "city" || q.errMsg == "" {
		t.Fatalf("enter on an untouched select moved on (now at %s)", q.it.Path)
	}
	var vals map[string]string
	st.Each(func(_ store.Interview, v map[string]string) error { vals = v; return nil })
	if _, ok := vals["city"]; ok {
		t.Error("a city was stored without being chosen")
	}
}

// TestNumberWithNoChoiceIsNamed: a number key past the list says which
// key and which numbers there are, and picks nothing.
func TestNumberWithNoChoiceIsNamed(t *testing.T) {
	app, _ := newTestApp(t)
	drive(app, press("enter", "7")...)
	q := app.screen.(*questionScreen)
	if !strings.Contains(q.errMsg, "Tombol 7") || !strings.Contains(q.errMsg, "1 sampai 5") {
		t.Errorf("message %q does not name the key and the choices", q.errMsg)
	}
	if v := q.in.value(); v != "" {
		t.Errorf("key 7 picked %q", v)
	}
	drive(app, press("2")...)
	if q.errMsg != "" || q.in.value() != "surabaya" {
		t.Errorf("after 2: message %q, value %q", q.errMsg, q.in.value())
	}
}

// TestChoicesThatDoNotFitAreCounted: on a small terminal the list shows
// a window of choices and says which, so none goes unseen.
func TestChoicesThatDoNotFitAreCounted(t *testing.T) {
	app, _ := newTestApp(t)
	opts := app.env.form.Node("city").List.Choices
	tests := []struct {
		height int
		keys   []string
		want   string
	}{
		{3, nil, "pilihan 1–2 dari 5"},
		{3, []string{"4"}, "pilihan 3–4 dari 5"},
		{10, nil, ""},
	}
	for _, tt := range tests {
		c := newChoiceInput(app.env, opts, nil, false, false, "")
		for _, m := range press(tt.keys...) {
			c.update(m.(tea.KeyPressMsg))
		}
		view := ansi.Strip(c.view(80, tt.height))
		if lines := strings.Count(view, "\n") + 1; lines > tt.height {
			t.Errorf("height %d: %d lines", tt.height, lines)
		}
		if tt.want == "" && strings.Contains(view, "dari 5") || !strings.Contains(view, tt.want) {
			t.Errorf("height %d after %v:\n%s\nwant %q", tt.height, tt.keys, view, tt.want)
		}
	}
}

func TestExclusiveChoiceInMultiSelect(t *testing.T) {
	app, _ := newTestApp(t)
	form := app.env.form
	c := newChoiceInput(app.env, form.Node("ewallets").List.Choices, form.Node("ewallets").List.Exclusive, true, false, "")
	for _, m := range press("1", "3") {
		c.update(m.(tea.KeyPressMsg))
	}
	if c.value() != "gopay dana" {
		t.Fatalf("value %q", c.value())
	}
	c.update(press("7")[0].(tea.KeyPressMsg)) // none
	if c.value() != "none" {
		t.Errorf("choosing none kept the others: %q", c.value())
	}
	c.update(press("2")[0].(tea.KeyPressMsg))
	if c.value() != "ovo" {
		t.Errorf("choosing ovo kept none: %q", c.value())
	}
}

func TestRepeatRoster(t *testing.T) {
	app, st := newFormApp(t, "survey,,,\n,type,name,label\n,begin repeat,members,Anggota\n,text,mname,Nama\n,end repeat,,\n,note,done,Selesai\n")
	drive(app, press("enter", "a", "Ani", "enter", "a", "Budi", "enter", "a", "Citra", "enter")...)
	q := app.screen.(*questionScreen)
	if !q.it.Prompt || q.s.st.Count("members") != 3 {
		t.Fatalf("at %s with %d members", q.it.Path, q.s.st.Count("members"))
	}
	drive(app, press("shift+tab", "ctrl+d", "y")...) // remove Citra
	if q.s.st.Count("members") != 2 {
		t.Errorf("%d members after removing one", q.s.st.Count("members"))
	}
	vals, _ := st.Values(q.s.iv.ID)
	if vals["members[#]"] != "2" || vals["members[3]/mname"] != "" {
		t.Errorf("stored roster %v", vals)
	}
	_ = interview.CountSuffix
}

// TestDefaultMustPassTheConstraint: enter on a form's default answer
// checks it like a typed one (ODK's widgets form has a default date the
// constraint refuses).
func TestDefaultMustPassTheConstraint(t *testing.T) {
	app, _ := newFormApp(t, "survey,,,,,\n,type,name,label,constraint,default\n,date,d,Tanggal,. >= today(),2010-06-15\n,note,done,Selesai,,\n")
	drive(app, press("enter", "enter")...)
	q := app.screen.(*questionScreen)
	if q.it.Node.Name != "d" || q.errMsg == "" {
		t.Fatalf("a default the constraint refuses was passed: now at %s, message %q", q.it.Path, q.errMsg)
	}
	drive(app, press("ctrl+u", "2030-01-01", "enter")...)
	if q.it.Node.Name != "done" {
		t.Errorf("a valid date did not go on: at %s, %q", q.it.Path, q.errMsg)
	}
}

// TestQuickAppearanceGoesOn: with ODK's "quick" appearance a number key
// answers and goes on; without it, enter confirms.
func TestQuickAppearanceGoesOn(t *testing.T) {
	src := "survey,,,,\n,type,name,label,appearance\n,select_one yn,q,Q,%s\n,note,done,Selesai,\nchoices,,,,\n,list_name,name,label,\n,yn,1,Ya,\n,yn,2,Tidak,\n"
	tests := []struct {
		appearance string
		want       string // where the number key leaves the interviewer
	}{
		{"quick", "done"},
		{"minimal quick", "done"},
		{"", "q"},
	}
	for _, tt := range tests {
		t.Run(tt.appearance, func(t *testing.T) {
			app, st := newFormApp(t, fmt.Sprintf(src, tt.appearance))
			drive(app, press("enter", "2")...)
			q := app.screen.(*questionScreen)
			if q.it.Node.Name != tt.want {
				t.Fatalf("after 2: at %s, want %s", q.it.Path, tt.want)
			}
			vals, _ := st.Values(q.s.iv.ID)
			if saved := vals["q"] == "2"; saved != (tt.want == "done") {
				t.Errorf("q stored as %q", vals["q"])
			}
		})
	}
}

// TestFieldListScreen: a field-list group lists its questions with their
// answers above the one being answered; questions outside it do not.
func TestFieldListScreen(t *testing.T) {
	src := `survey,,,,
,type,name,label,appearance
,integer,before,Sebelum kelompok,
,begin group,assets,Aset rumah tangga,field-list
,select_one yn,tv,Punya televisi?,
,select_one yn,fridge,Punya kulkas?,
,select_one yn,motor,Punya sepeda motor?,
,end group,,,
,note,done,Selesai,
choices,,,,
,list_name,name,label,
,yn,1,Ya,
,yn,2,Tidak,
`
	app, _ := newFormApp(t, src)
	golden.RequireEqual(t, finalScreen(t, app, "enter", "7", "enter", "1", "enter", "2", "enter"))
}

// TestChangeInterviewer: another interviewer takes the laptop; new
// interviews carry the new name, and esc leaves the name as it was.
func TestChangeInterviewer(t *testing.T) {
	app, _ := newTestApp(t)
	app = finalModel(t, app, "n", "esc")
	if _, ok := app.screen.(*home); !ok || app.env.interviewer != "Ani Wijaya" {
		t.Fatalf("esc did not go back home with the name kept: %T %q", app.screen, app.env.interviewer)
	}
	app, st := newTestApp(t)
	// huh completes the form with a command of its own: quit once home
	// is back with the new name, whatever the renderer has drawn of it.
	tm := teatest.NewTestModel(t, quitWhen{app, func(a *App) bool {
		_, home := a.screen.(*home)
		return home && a.env.interviewer == "Rudi Hartono"
	}}, teatest.WithInitialTermSize(80, 24))
	for _, m := range press("n", "ctrl+u", "Rudi Hartono", "enter") {
		tm.Send(m)
	}
	app = tm.FinalModel(t, teatest.WithFinalTimeout(20*time.Second)).(quitWhen).App
	if app.env.interviewer != "Rudi Hartono" {
		t.Fatalf("interviewer is %q", app.env.interviewer)
	}
	if !strings.Contains(string(screenText(app)), "Pewawancara: Rudi Hartono") {
		t.Errorf("home does not show the new name:\n%s", screenText(app))
	}
	if got, _ := st.Setting("interviewer"); got != "Rudi Hartono" {
		t.Errorf("the data file remembers %q", got)
	}
	drive(app, press("1")...)
	q := app.screen.(*questionScreen)
	if q.s.iv.Interviewer != "Rudi Hartono" {
		t.Errorf("a new interview is recorded with %q", q.s.iv.Interviewer)
	}
}

// TestReviewShowsRosterMembers: the review heads each roster member's
// answers with the member's number.
func TestReviewShowsRosterMembers(t *testing.T) {
	app, _ := newFormApp(t, "survey,,,\n,type,name,label\n,begin repeat,members,Anggota\n,text,mname,Nama\n,integer,mage,Umur\n,end repeat,,\n,note,done,Selesai\n")
	golden.RequireEqual(t, finalScreen(t, app, "enter", "a", "Ani", "enter", "40", "enter", "a", "Budi", "enter", "12", "enter", "enter", "ctrl+r"))
}

// TestNoteOnAQuestion: ctrl+o writes a note on the question; it is kept
// in the data file, shown on the question and marked in the review;
// esc leaves the note as it was.
func TestNoteOnAQuestion(t *testing.T) {
	app, st := newTestApp(t)
	drive(app, press("enter", "2", "enter", "ctrl+o", "Nomor dari daftar lama", "enter")...)
	q := app.screen.(*questionScreen)
	if q.note != nil || q.it.Node.Name != "hh_id" {
		t.Fatalf("after writing a note: editor open %v, at %s", q.note != nil, q.it.Path)
	}
	iv, _ := st.Interview(q.s.iv.ID)
	if n := iv.Notes["hh_id"]; n.Text != "Nomor dari daftar lama" || n.By != "Ani Wijaya" {
		t.Fatalf("note stored as %+v", iv.Notes)
	}
	drive(app, press("ctrl+o", "something else", "esc")...)
	if iv, _ := st.Interview(q.s.iv.ID); iv.Notes["hh_id"].Text != "Nomor dari daftar lama" {
		t.Errorf("esc changed the note: %+v", iv.Notes)
	}
	if screen := string(screenText(app)); !strings.Contains(screen, "Catatan (Ani Wijaya): Nomor dari daftar lama") {
		t.Errorf("the question does not show its note:\n%s", screen)
	}
	drive(app, press("12", "enter", "ctrl+r")...)
	if screen := string(screenText(app)); !strings.Contains(screen, "✎ 12") {
		t.Errorf("the review does not mark the noted answer:\n%s", screen)
	}
}

// TestBrowseSearch: / narrows the list to interviews whose respondent
// label, id or interviewer holds the text; esc clears it, then goes home.
func TestBrowseSearch(t *testing.T) {
	app, st := newTestApp(t)
	withSimulated(t, app, st, 60)
	drive(app, press("3", "/", "KUPANG-1", "enter")...)
	b := app.screen.(*browse)
	if len(b.rows) == 0 || len(b.rows) == 60 {
		t.Fatalf("search kept %d of 60 interviews", len(b.rows))
	}
	if b.counted() != fmt.Sprint(len(b.rows)) {
		t.Errorf("the search counts %s, shows %d", b.counted(), len(b.rows))
	}
	for _, r := range b.rows {
		if !strings.Contains(strings.ToLower(r.label), "kupang-1") {
			t.Errorf("%q does not match the search", r.label)
		}
	}
	if b.typing() {
		t.Error("enter did not end the search field")
	}
	drive(app, press("esc")...)
	if b, ok := app.screen.(*browse); !ok || len(b.rows) != 60 || b.counted() != "60" {
		t.Fatalf("esc did not clear the search")
	}
	drive(app, press("esc")...)
	if _, ok := app.screen.(*home); !ok {
		t.Errorf("esc again did not go home: %T", app.screen)
	}
	// A search that matches nothing says so, naming what was sought.
	drive(app, press("3", "/", "zzqx", "enter")...)
	if screen := string(screenText(app)); !strings.Contains(screen, `Tidak ada wawancara yang cocok dengan "zzqx"`) {
		t.Errorf("a search matching nothing:\n%s", screen)
	}
}

// TestGuidanceHintForTheInterviewer: a guidance_hint shows under the
// question, marked as being for the interviewer, in the interview's
// language.
func TestGuidanceHintForTheInterviewer(t *testing.T) {
	app, _ := newFormApp(t, "survey,,,,,\n,type,name,label::Bahasa Indonesia (id),guidance_hint::Bahasa Indonesia (id),guidance_hint::English (en)\n,integer,n,Berapa?,Jangan bacakan pilihan.,Do not read the options.\n")
	drive(app, press("enter")...)
	if screen := string(screenText(app)); !strings.Contains(screen, "Petunjuk pewawancara: Jangan bacakan pilihan.") {
		t.Errorf("no guidance:\n%s", screen)
	}
	drive(app, press("ctrl+l")...)
	if screen := string(screenText(app)); !strings.Contains(screen, "For the interviewer: Do not read the options.") {
		t.Errorf("no guidance in English:\n%s", screen)
	}
}

func TestRefusalKeepsTheSampleUnit(t *testing.T) {
	app, st := newTestApp(t)
	drive(app, press("enter", "2", "enter", "9", "enter", "enter", "2", "enter")...)
	q := app.screen.(*questionScreen)
	if q.it.Node.Name != "no_consent_note" {
		t.Fatalf("after refusal the screen shows %s", q.it.Path)
	}
	drive(app, press("enter", "f", "y")...)
	var iv store.Interview
	var vals map[string]string
	st.Each(func(i store.Interview, v map[string]string) error { iv, vals = i, v; return nil })
	if iv.Status != store.Refused {
		t.Fatalf("status %s, want refused", iv.Status)
	}
	// The household that refused stays known; nothing asked after consent is kept.
	if vals["hh_id"] != "9" || vals["consent"] != "2" || vals["city"] != "surabaya" || vals["start"] == "" {
		t.Errorf("a refused interview keeps %v; want metadata, city, household and consent", vals)
	}
}

func TestRejectedInterviewShowsTheCommentAndCanBeCorrected(t *testing.T) {
	app, st := newTestApp(t)
	drive(app, press("enter", "1", "enter", "3", "enter")...)
	q := app.screen.(*questionScreen)
	id := q.s.iv.ID
	drive(app, press("esc")...)
	st.SetStatus(id, store.Completed, "Ani Wijaya", "")
	st.SetStatus(id, store.Rejected, "Pak Supervisor", "Nomor rumah tangga salah")
	s, err := openInterview(app.env, id)
	if err != nil {
		t.Fatal(err)
	}
	app.screen = s
	view := string(screenText(app))
	if !strings.Contains(view, "Dikembalikan oleh supervisor: Nomor rumah tangga salah") {
		t.Errorf("the supervisor's comment is not shown:\n%s", view)
	}
	if s.(*questionScreen).s.readOnly {
		t.Error("a rejected interview opened read-only")
	}
	st.SetStatus(id, store.Completed, "Ani Wijaya", "")
	s, _ = openInterview(app.env, id)
	if r, ok := s.(*review); !ok || !r.s.readOnly {
		t.Errorf("a completed interview opened as %T, not read-only review", s)
	}
}

func TestSupervisorApprovesAndSendsBack(t *testing.T) {
	app, st := newTestApp(t)
	withSimulated(t, app, st, 6)
	drive(app, press("5")...)
	sv, ok := app.screen.(*supervise)
	if !ok || len(sv.rows) == 0 {
		t.Fatalf("supervise screen %T with %d rows", app.screen, len(sv.rows))
	}
	first, second := sv.rows[0].iv.ID, sv.rows[1].iv.ID
	drive(app, press("y")...)
	drive(app, press("x", "Umur tidak sesuai KTP", "enter")...)
	a, _ := st.Interview(first)
	b, _ := st.Interview(second)
	if a.Status != store.Approved || b.Status != store.Rejected || b.Comment != "Umur tidak sesuai KTP" {
		t.Fatalf("after decisions: %s; %s %q", a.Status, b.Status, b.Comment)
	}
	var last store.Event
	st.Events(second, func(e store.Event) error { last = e; return nil })
	if last.Kind != store.EventStatus || last.Who != "Ani Wijaya" || last.Detail != "Umur tidak sesuai KTP" {
		t.Errorf("the decision is not in the paradata with who and why: %+v", last)
	}
	for _, r := range sv.rows {
		if r.iv.ID == first || r.iv.ID == second {
			t.Error("a decided interview is still listed as waiting")
		}
	}
}

func TestPackFromTheMenu(t *testing.T) {
	app, _ := newTestApp(t)
	drive(app, press("6")...)
	h := app.screen.(*home)
	if !strings.Contains(h.flash, ".siap") {
		t.Fatalf("home says %q", h.flash)
	}
	path := filepath.Join(filepath.Dir(app.env.st.Path()), strings.TrimSpace(h.flash[strings.Index(h.flash, ": ")+2:]))
	p, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("the pack does not open: %v", err)
	}
	p.Close()
}

func TestExportFromTheMenu(t *testing.T) {
	app, _ := newTestApp(t)
	drive(app, press("7")...)
	h := app.screen.(*home)
	if !strings.Contains(h.flash, "0 wawancara diekspor ke") {
		t.Fatalf("home says %q", h.flash)
	}
	dir := filepath.Join(filepath.Dir(app.env.st.Path()), strings.Fields(h.flash[strings.Index(h.flash, " ke ")+4:])[0])
	for _, f := range []string{"data.csv", "data.xlsx"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("no %s in %s", f, dir)
		}
	}
}

func TestSummaryFilters(t *testing.T) {
	app, st := newTestApp(t)
	withSimulated(t, app, st, 60)
	drive(app, press("4")...)
	s := app.screen.(*summaries)
	all := s.sum.Interviews
	if len(s.sum.Groups) != 5 || !s.sum.Simulated || all == 0 {
		t.Fatalf("summaries: %d groups, simulated %v, %d interviews", len(s.sum.Groups), s.sum.Simulated, all)
	}
	drive(app, press("g")...)
	if s.by == "city" || len(s.sum.Groups) == 5 {
		t.Errorf("g did not change the grouping (by %s, %d groups)", s.by, len(s.sum.Groups))
	}
	drive(app, press("s")...) // approved only: none yet
	if s.sum.Interviews != 0 {
		t.Errorf("approved only counts %d", s.sum.Interviews)
	}
	drive(app, press("s", "s", "s", "i")...) // back to completed+approved, simulated out
	if s.sum.Interviews != 0 || s.sum.Simulated {
		t.Errorf("simulated left out still counts %d", s.sum.Interviews)
	}
}

func TestLanguageSwitchKeepsWhatIsOnScreen(t *testing.T) {
	app, st := newTestApp(t)
	drive(app, press("enter", "3", "ctrl+l")...)
	q := app.screen.(*questionScreen)
	if q.in.value() != "banjarmasin" {
		t.Errorf("the choice picked before switching is lost: %q", q.in.value())
	}
	if !strings.Contains(string(screenText(app)), "City of the interview") {
		t.Error("the question did not switch to English")
	}
	// The switch is in the paradata once the interview is kept, with its
	// first answer.
	drive(app, press("enter")...)
	var langEvents int
	st.Events(q.s.iv.ID, func(e store.Event) error {
		if e.Kind == store.EventLanguage && e.New == "English (en)" {
			langEvents++
		}
		return nil
	})
	if langEvents != 1 {
		t.Errorf("%d language events in the paradata, want 1", langEvents)
	}
}

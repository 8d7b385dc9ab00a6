package survey

import (
	"fmt"
	"strings"
	"testing"

	"siap/store"
)

const twoQuestions = "survey,,,\n,type,name,label\n,text,story,Ceritakan\n,select_one yn,ok,Setuju?\nchoices,,,\n,list_name,name,label\n,yn,1,Ya\n,yn,2,Tidak\n"

// onlyInterview is the one interview of a data file.
func onlyInterview(t *testing.T, st *store.Store) store.Interview {
	t.Helper()
	var ivs []store.Interview
	st.Each(func(iv store.Interview, _ map[string]string) error { ivs = append(ivs, iv); return nil })
	if len(ivs) != 1 {
		t.Fatalf("%d interviews, want 1", len(ivs))
	}
	return ivs[0]
}

// TestFinalizeAsksFirst: f shows the notes (and unusual answers) and
// asks; only y finalizes.
func TestFinalizeAsksFirst(t *testing.T) {
	app, st := newFormApp(t, twoQuestions)
	drive(app, press("enter", "ctrl+o", "dari tetangga", "enter", "rumah", "enter", "1", "enter", "f")...)
	screen := string(screenText(app))
	if !strings.Contains(screen, "Selesaikan wawancara ini?") || !strings.Contains(screen, "✎ Ceritakan: dari tetangga") {
		t.Errorf("f does not ask, with the note:\n%s", screen)
	}
	// A completed interview can be reopened (o in its review) until it
	// goes in a pack: the question does not say it is final for good.
	if strings.Contains(screen, "tidak dapat diubah lagi") || !strings.Contains(screen, "membukanya lagi") {
		t.Errorf("the question says the answers can never change again:\n%s", screen)
	}
	if iv := onlyInterview(t, st); iv.Status != store.Draft {
		t.Fatalf("f finalized at once: %s", iv.Status)
	}
	drive(app, press("n", "f", "y")...)
	if iv := onlyInterview(t, st); iv.Status != store.Completed {
		t.Errorf("after f and y: %s", iv.Status)
	}
}

// TestReopenACompletedInterview: its interviewer reopens a completed
// interview until it goes to a supervisor in a pack; the paradata say so.
func TestReopenACompletedInterview(t *testing.T) {
	app, st := newFormApp(t, twoQuestions)
	drive(app, press("enter", "rumah", "enter", "1", "enter", "f", "y", "3", "enter", "o", "y")...)
	iv := onlyInterview(t, st)
	if iv.Status != store.Draft {
		t.Fatalf("after reopening: %s", iv.Status)
	}
	var reopened int
	st.Events(iv.ID, func(e store.Event) error {
		if e.Kind == store.EventReopened && e.Who == "Budi" {
			reopened++
		}
		return nil
	})
	if reopened != 1 {
		t.Errorf("%d reopened events", reopened)
	}
	if _, ok := app.screen.(*review); !ok || app.screen.(*review).s.readOnly {
		t.Errorf("after reopening: %T, not an editable review", app.screen)
	}
	// Finalized again and packed: it has gone to the supervisor.
	drive(app, press("f", "y", "6", "3", "enter", "o", "y")...)
	if iv := onlyInterview(t, st); iv.Status != store.Completed {
		t.Errorf("a packed interview was reopened: %s", iv.Status)
	}
}

// TestEmptyDraftIsNotKept: 1 then esc keeps nothing, and says so; a
// draft with an answer is kept, and home says where to resume it.
func TestEmptyDraftIsNotKept(t *testing.T) {
	app, st := newFormApp(t, twoQuestions)
	drive(app, press("1", "esc")...)
	n := 0
	st.Each(func(store.Interview, map[string]string) error { n++; return nil })
	if n != 0 {
		t.Errorf("an empty draft is kept (%d interviews)", n)
	}
	if h := app.screen.(*home); !strings.Contains(h.flash, "tidak ada draf yang disimpan") {
		t.Errorf("home says %q", h.flash)
	}
	drive(app, press("1", "rumah", "enter", "esc")...)
	onlyInterview(t, st)
	if h := app.screen.(*home); !strings.Contains(h.flash, "menu 2") || strings.Contains(h.flash, "jalankan siap lagi") {
		t.Errorf("home says %q", h.flash)
	}
}

// TestDiscardADraft: d in the review asks, y removes the draft and
// records who discarded it.
func TestDiscardADraft(t *testing.T) {
	app, st := newFormApp(t, twoQuestions)
	drive(app, press("1", "rumah", "enter", "ctrl+r")...)
	id := onlyInterview(t, st).ID
	drive(app, press("d")...)
	if !strings.Contains(string(screenText(app)), "Buang draf ini") {
		t.Fatalf("d does not ask:\n%s", screenText(app))
	}
	drive(app, press("y")...)
	n := 0
	st.Each(func(store.Interview, map[string]string) error { n++; return nil })
	if n != 0 {
		t.Errorf("the discarded draft is still there")
	}
	if rec, _ := st.Setting("discarded/" + id); !strings.HasSuffix(rec, " Budi") {
		t.Errorf("the discard is recorded as %q", rec)
	}
}

// TestSupervisorDecidesFromInsideTheInterview: esc from an interview
// opened in Supervise goes back to the list; y and x inside it approve
// and send back.
func TestSupervisorDecidesFromInsideTheInterview(t *testing.T) {
	app, st := newTestApp(t)
	withSimulated(t, app, st, 4)
	drive(app, press("5", "enter", "esc")...)
	if _, ok := app.screen.(*supervise); !ok {
		t.Fatalf("esc from the interview went to %T", app.screen)
	}
	drive(app, press("enter")...)
	id := app.screen.(*review).s.iv.ID
	drive(app, press("y")...)
	if iv, _ := st.Interview(id); iv.Status != store.Approved {
		t.Errorf("y inside the interview: %s", iv.Status)
	}
	drive(app, press("enter")...)
	id = app.screen.(*review).s.iv.ID
	drive(app, press("x", "umur salah", "enter")...)
	if iv, _ := st.Interview(id); iv.Status != store.Rejected || iv.Comment != "umur salah" {
		t.Errorf("x inside the interview: %s %q", iv.Status, iv.Comment)
	}
}

// TestReviewOpensAtTheQuestionAndComesBack: ctrl+r shows the current
// question's answer; enter on an answer changes it and comes back.
func TestReviewOpensAtTheQuestionAndComesBack(t *testing.T) {
	app, _ := newFormApp(t, twoQuestions)
	drive(app, press("enter", "rumah", "enter", "ctrl+r")...)
	r := app.screen.(*review)
	if r.rows[r.cursor].it.Path != "ok" {
		t.Fatalf("the review opened at %s", r.rows[r.cursor].it.Path)
	}
	drive(app, press("up", "enter", "backspace", "enter")...)
	r, ok := app.screen.(*review)
	if !ok || r.rows[r.cursor].it.Path != "story" || r.s.st.Answer("story") != "ruma" {
		t.Fatalf("after changing from the review: %T", app.screen)
	}
}

// TestMultipleChoiceHasACursor: with nothing chosen, the cursor is on
// the first choice and space toggles it.
func TestMultipleChoiceHasACursor(t *testing.T) {
	app, _ := newFormApp(t, "survey,,,\n,type,name,label\n,select_multiple fr,fruit,Buah\nchoices,,,\n,list_name,name,label\n,fr,a,Apel\n,fr,b,Jeruk\n")
	drive(app, press("enter", "space")...)
	if got := app.screen.(*questionScreen).in.value(); got != "a" {
		t.Errorf("the first space chose %q", got)
	}
}

// TestLongListsNarrowByTyping: letters narrow a long list (and an
// autocomplete one) to the choices whose label holds them.
func TestLongListsNarrowByTyping(t *testing.T) {
	var choices strings.Builder
	for i := 1; i <= 20; i++ {
		fmt.Fprintf(&choices, ",d,k%d,Kecamatan %d\n", i, i)
	}
	for _, tt := range []struct{ name, appearance, extra string }{
		{"long", "", choices.String()},
		{"autocomplete", "autocomplete", ",d,k1,Medan Kota\n,d,k2,Medan Baru\n,d,k3,Binjai\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			src := "survey,,,,\n,type,name,label,appearance\n,select_one d,district,Kecamatan," + tt.appearance + "\nchoices,,,\n,list_name,name,label\n" + tt.extra + ",d,mdn,Medanto\n"
			app, _ := newFormApp(t, src)
			drive(app, press("enter", "medanto", "down")...)
			q := app.screen.(*questionScreen)
			if got := q.in.value(); got != "mdn" {
				t.Errorf("typing chose %q\n%s", got, screenText(app))
			}
			if !strings.Contains(string(screenText(app)), "Saring: medanto · 1 dari") {
				t.Errorf("the screen does not say what narrows it:\n%s", screenText(app))
			}
		})
	}
}

// TestEnterKeepsTheNarrowedChoice: typing into a single choice that has
// no answer yet, then enter, keeps the choice left on top; a narrowed
// multiple choice chooses nothing by itself.
func TestEnterKeepsTheNarrowedChoice(t *testing.T) {
	var choices strings.Builder
	for i := 1; i <= 20; i++ {
		fmt.Fprintf(&choices, ",d,k%d,Kecamatan %d\n", i, i)
	}
	for _, tt := range []struct{ typ, typed, want string }{
		{"select_one d", "kecamatan 7", "k7"},
		{"select_multiple d", "kecamatan", ""},
	} {
		t.Run(tt.typ, func(t *testing.T) {
			src := "survey,,,\n,type,name,label\n," + tt.typ + ",district,Kecamatan\n,note,done,Selesai\nchoices,,,\n,list_name,name,label\n" + choices.String()
			app, st := newFormApp(t, src)
			drive(app, press("enter", tt.typed, "enter")...)
			var got string
			for _, a := range onlyIncludedAnswers(t, st) {
				got = a
			}
			if got != tt.want {
				t.Errorf("enter after typing kept %q, want %q", got, tt.want)
			}
		})
	}
}

// onlyIncludedAnswers is the values of the one interview's answers.
func onlyIncludedAnswers(t *testing.T, st *store.Store) map[string]string {
	t.Helper()
	var vals map[string]string
	n := 0
	st.Each(func(_ store.Interview, v map[string]string) error { vals, n = v, n+1; return nil })
	if n > 1 {
		t.Fatalf("%d interviews, want at most 1", n)
	}
	return vals
}

const nestedSections = "survey,,,\n,type,name,label\n,begin group,a,Rumah\n,text,a1,Alamat\n,begin group,b,Dapur\n,text,b1,Bahan bakar\n,end group,,\n,end group,,\n,begin group,c,Pendapatan\n,text,c1,Gaji\n,end group,,\n"

// TestSectionJump: ctrl+s lists nested groups indented, opens on the
// current one, and a number key jumps.
func TestSectionJump(t *testing.T) {
	app, _ := newFormApp(t, nestedSections)
	drive(app, press("enter", "x", "enter", "ctrl+s")...)
	q := app.screen.(*questionScreen)
	screen := string(screenText(app))
	if !strings.Contains(screen, " 2.   Dapur ◂") || !strings.Contains(screen, " 3. Pendapatan") {
		t.Errorf("the menu lacks the nested group, or the mark of the current one:\n%s", screen)
	}
	if q.jumpSel != 1 {
		t.Errorf("the cursor starts on line %d, not the current section", q.jumpSel+1)
	}
	drive(app, press("3")...)
	if q.mode != asking || q.it.Path != "c1" {
		t.Errorf("3 jumped to %s (mode %d)", q.it.Path, q.mode)
	}
}

// TestKeptInterviewOpenedWhenShown: an interview kept from its first
// answer is dated, and opened in the paradata, from when it was shown.
func TestKeptInterviewOpenedWhenShown(t *testing.T) {
	app, st := newFormApp(t, twoQuestions)
	drive(app, press("1", "rumah", "enter")...)
	iv := onlyInterview(t, st)
	if !iv.Created.Equal(fixedNow()) {
		t.Errorf("created %v, want when it was opened, %v", iv.Created, fixedNow())
	}
	var opened []string
	st.Events(iv.ID, func(e store.Event) error {
		if e.Kind == store.EventOpened {
			opened = append(opened, e.Time.Format("15:04:05"))
		}
		return nil
	})
	if len(opened) != 1 || opened[0] != fixedNow().Format("15:04:05") {
		t.Errorf("opened events %v", opened)
	}
}

// TestHeaderShowsTheGroupsLabels: the header names the labelled groups
// the question is in, outermost first; a group without a label (one that
// only gathers rows under a relevant) is left out, never shown by name.
func TestHeaderShowsTheGroupsLabels(t *testing.T) {
	src := "survey,,,\n,type,name,label\n,begin group,rumah,Rumah\n,begin group,grp_hidden,\n,begin group,dapur,Dapur\n,text,b1,Bahan bakar\n,end group,,\n,end group,,\n,end group,,\n,text,last,Terakhir\n"
	app, _ := newFormApp(t, src)
	drive(app, press("enter")...)
	first := strings.SplitN(string(screenText(app)), "\n", 2)[0]
	if !strings.Contains(first, "Rumah › Dapur") || strings.Contains(first, "grp_hidden") {
		t.Errorf("header %q, want the labelled groups Rumah › Dapur and no group name", first)
	}
	drive(app, press("x", "enter")...)
	if first := strings.SplitN(string(screenText(app)), "\n", 2)[0]; strings.Contains(first, "Rumah") {
		t.Errorf("a question outside every group keeps the group's header: %q", first)
	}
}

// TestNarrowingTakesSpacesAndDigits: once letters narrow a list, a
// space and digits narrow it further, as names of districts hold them
// ("Kota Medan", "Kecamatan 12"); before any letter, digits choose by
// number.
func TestNarrowingTakesSpacesAndDigits(t *testing.T) {
	var choices strings.Builder
	for i := 1; i <= 30; i++ {
		fmt.Fprintf(&choices, ",d,k%d,Kecamatan %d\n", i, 100+i)
	}
	src := "survey,,,,\n,type,name,label,appearance\n,select_one d,district,Kecamatan,autocomplete\nchoices,,,\n,list_name,name,label\n" + choices.String() + ",d,km,Kota Medan\n,d,kb,Kota Binjai\n"
	for _, tt := range []struct {
		keys []string
		want string
	}{
		{[]string{"kecamatan 112", "down"}, "k12"},
		{[]string{"kota m", "down"}, "km"},
		{[]string{"7"}, "k7"},
	} {
		app, _ := newFormApp(t, src)
		drive(app, press(append([]string{"enter"}, tt.keys...)...)...)
		if got := app.screen.(*questionScreen).in.value(); got != tt.want {
			t.Errorf("typing %q chose %q, want %q\n%s", tt.keys, got, tt.want, screenText(app))
		}
	}
}

// TestLeavingAQuestionKeepsWhatWasTyped: an answer typed or picked and
// not yet confirmed is saved when the interviewer leaves the question
// another way than enter (the review, the sections, back, home), as
// ODK Collect saves the screen it leaves; one the form refuses keeps the
// interviewer there, saying why.
func TestLeavingAQuestionKeepsWhatWasTyped(t *testing.T) {
	const src = "survey,,,\n,type,name,label\n,text,a,Alamat\n,select_multiple f,b,Buah\n,integer,c,Umur\nchoices,,,\n,list_name,name,label\n,f,apel,Apel\n,f,mangga,Mangga\n"
	for _, tt := range []struct {
		name string
		keys []string
		path string
		want string
	}{
		{"typed, then the review", []string{"enter", "Jl. Melati", "ctrl+r"}, "a", "Jl. Melati"},
		{"typed, then the sections", []string{"enter", "Jl. Melati", "ctrl+s"}, "a", "Jl. Melati"},
		{"typed, then home", []string{"enter", "Jl. Melati", "esc"}, "a", "Jl. Melati"},
		{"typed, then quit", []string{"enter", "Jl. Melati", "ctrl+c"}, "a", "Jl. Melati"},
		{"picked, then back", []string{"enter", "x", "enter", "space", "shift+tab"}, "b", "apel"},
		{"refused, then the review", []string{"enter", "x", "enter", "enter", "abc", "ctrl+r"}, "c", ""},
		{"refused, then back", []string{"enter", "x", "enter", "enter", "abc", "shift+tab"}, "c", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			app, st := newFormApp(t, src)
			drive(app, press(tt.keys...)...)
			got := savedAnswer(t, st, tt.path)
			if got != tt.want {
				t.Errorf("%s holds %q, want %q\n%s", tt.path, got, tt.want, screenText(app))
			}
			screen := string(screenText(app))
			if tt.keys[len(tt.keys)-1] == "ctrl+r" && tt.want == "" {
				if !strings.Contains(screen, "Masukkan bilangan bulat") {
					t.Errorf("a refused answer left the question without a word:\n%s", screen)
				}
				// Asked once: ctrl+r again leaves without it.
				drive(app, press("ctrl+r")...)
				if _, ok := app.screen.(*review); !ok {
					t.Errorf("ctrl+r again stays on the question:\n%s", screenText(app))
				}
			}
		})
	}
}

// savedAnswer is what the data file holds at path in its one interview.
func savedAnswer(t *testing.T, st *store.Store, path string) string {
	t.Helper()
	answers, err := st.Answers(onlyInterview(t, st).ID)
	if err != nil {
		t.Fatal(err)
	}
	return answers[path].Value
}

// TestSummariesOfAFormWithoutIndicators: Summaries says the questionnaire
// has no indicators sheet, not that the data file went wrong.
func TestSummariesOfAFormWithoutIndicators(t *testing.T) {
	app, _ := newFormApp(t, twoQuestions)
	drive(app)
	if home := string(screenText(app)); !strings.Contains(home, "4. Ringkasan\n") {
		t.Errorf("home offers summaries by city on a form with no summary_by:\n%s", home)
	}
	drive(app, press("4")...)
	screen := string(screenText(app))
	if !strings.Contains(screen, "tidak punya lembar indicators") || strings.Contains(screen, "berkas data") {
		t.Errorf("Summaries of a form without indicators:\n%s", screen)
	}
}

// TestHomeSaysWhichDraftsAreSentBack: the menu's count of interviews to
// resume says how many were sent back, as the status line counts them
// apart from drafts.
func TestHomeSaysWhichDraftsAreSentBack(t *testing.T) {
	app, st := newTestApp(t)
	withSimulated(t, app, st, 3)
	var ids []string
	st.EachInterview(func(iv store.Interview) error {
		if iv.Status == store.Completed {
			ids = append(ids, iv.ID)
		}
		return nil
	})
	if len(ids) == 0 {
		t.Fatal("no completed interview to send back")
	}
	if err := st.SetStatus(ids[0], store.Rejected, "sup", "umur?"); err != nil {
		t.Fatal(err)
	}
	screen := string(finalScreen(t, app))
	if !strings.Contains(screen, "Lanjutkan draf (1) · 1 di antaranya dikembalikan") || !strings.Contains(screen, "draf 0") {
		t.Errorf("home does not say the interview to resume is sent back:\n%s", screen)
	}
}

// TestEscGoesBackToBrowse: an interview opened from Browse goes back to
// it with esc, the search as it was, and its key line says so; one
// resumed from the list of drafts goes home.
func TestEscGoesBackToBrowse(t *testing.T) {
	app, st := newTestApp(t)
	withSimulated(t, app, st, 60)
	drive(app, press("3", "/", "KUPANG-1", "enter", "enter")...)
	if _, ok := app.screen.(*browse); ok {
		t.Fatal("enter did not open the interview")
	}
	if screen := string(screenText(app)); !strings.Contains(screen, "esc ke daftar") {
		t.Errorf("the interview's key line does not say esc goes back to the list:\n%s", screen)
	}
	drive(app, press("esc")...)
	b, ok := app.screen.(*browse)
	if !ok {
		t.Fatalf("esc went to %T, not back to Browse", app.screen)
	}
	if b.search.Value() != "KUPANG-1" || len(b.rows) == 0 || len(b.rows) == 60 {
		t.Errorf("Browse lost its search: %q, %d rows", b.search.Value(), len(b.rows))
	}
}

// TestLanguageSwitchNamesTheFormsNextLanguage: on a form in English and
// French, home's language switch names French, and moves to it.
func TestLanguageSwitchNamesTheFormsNextLanguage(t *testing.T) {
	src := "survey,,,\n,type,name,label::English (en),label::French (fr)\n,text,a,Name,Nom\nsettings,,,\n,default_language,,\n,English (en),,\n"
	app, _ := newFormApp(t, src)
	if got := app.env.switchLanguageLabel(); !strings.HasSuffix(got, "(French)") {
		t.Fatalf("the switch reads %q, want it to name French", got)
	}
	app.env.switchLanguage()
	if app.env.formLang != "French (fr)" {
		t.Errorf("the switch moved the form to %q", app.env.formLang)
	}
	if got := app.env.switchLanguageLabel(); !strings.HasSuffix(got, "(English)") {
		t.Errorf("after French the switch reads %q, want English", got)
	}
}

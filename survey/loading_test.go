package survey

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"siap/questionnaires"
	"siap/questionnaires/interview"
	"siap/store"
)

// TestScreensReadOffTheUpdateLoop: the key that opens a screen showing
// the data file returns at once with the screen loading (a spinner and
// "reading the data file"), and the data arrives through a command.
func TestScreensReadOffTheUpdateLoop(t *testing.T) {
	tests := []struct {
		name  string
		setup []string
		key   string
	}{
		{"home", []string{"3"}, "esc"},
		{"browse", nil, "3"},
		{"summaries", nil, "4"},
		{"summaries_group_by", []string{"4"}, "g"},
		{"summaries_status", []string{"4"}, "s"},
		{"summaries_simulated", []string{"4"}, "i"},
		{"supervise", nil, "5"},
		{"approve", []string{"5"}, "y"},
		{"progress", []string{"5"}, "p"},
		{"pack", nil, "6"},
		{"discard", []string{"1", "3", "enter", "ctrl+r", "d"}, "y"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app, st := newTestApp(t)
			withSimulated(t, app, st, 20)
			drive(app, press(tt.setup...)...)
			_, cmd := app.Update(press(tt.key)[0])
			if !app.loading() || cmd == nil {
				t.Fatalf("%s: the key read the data file in Update (loading %v)", tt.name, app.loading())
			}
			busy := "Membaca berkas data"
			if tt.name == "approve" {
				busy = "Menyimpan keputusan"
			}
			if screen := string(screenText(app)); !strings.Contains(screen, busy) {
				t.Errorf("%s: no word of loading on screen:\n%s", tt.name, screen)
			}
			settleApp(app, cmd)
			if app.loading() {
				t.Errorf("%s: still loading after its command", tt.name)
			}
		})
	}
}

// TestKeysTypedWhileLoadingArriveInOrder: an interviewer who presses 3
// then down before the list has loaded lands on the second interview.
func TestKeysTypedWhileLoadingArriveInOrder(t *testing.T) {
	app, st := newTestApp(t)
	withSimulated(t, app, st, 5)
	drive(app)
	_, cmd := app.Update(press("3")[0])
	app.Update(press("down")[0])
	settleApp(app, cmd)
	b, ok := app.screen.(*browse)
	if !ok || b.cursor != 1 {
		t.Fatalf("after 3 and down while loading: %T at %d", app.screen, b.cursor)
	}
}

// TestEscCancelsTheExport: esc while exporting stops it, says so, and
// leaves no export folder behind.
func TestEscCancelsTheExport(t *testing.T) {
	app, st := newTestApp(t)
	withSimulated(t, app, st, 20)
	drive(app)
	_, cmd := app.Update(press("7")[0])
	if screen := string(screenText(app)); !strings.Contains(screen, "esc membatalkan") {
		t.Errorf("the export shows no way to cancel:\n%s", screen)
	}
	app.Update(press("esc")[0])
	settleApp(app, cmd)
	h := app.screen.(*home)
	if h.export != nil || !strings.Contains(h.flash, "Ekspor dibatalkan") {
		t.Errorf("after esc: exporting %v, flash %q", h.export != nil, h.flash)
	}
	left, _ := filepath.Glob(filepath.Join(filepath.Dir(st.Path()), "siap-export-*"))
	if len(left) > 0 {
		t.Errorf("a cancelled export left %v", left)
	}
	// Without esc, it runs to the end.
	drive(app, press("7")...)
	if h := app.screen.(*home); !strings.Contains(h.flash, "diekspor") {
		t.Errorf("the export did not finish: %q", h.flash)
	}
}

// TestBrowseLabelsAsTheEngineDoes: the list names each interview from
// the answers the file indexes as the interview engine would from all
// of them, without building it.
func TestBrowseLabelsAsTheEngineDoes(t *testing.T) {
	app, st := newTestApp(t)
	withSimulated(t, app, st, 30)
	e := app.env
	want := map[string]string{}
	err := st.Each(func(iv store.Interview, vals map[string]string) error {
		want[iv.ID] = interview.Restore(e.form, interview.Meta{}, vals).InstanceName()
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	p, err := store.ReadPage(context.Background(), e.data, store.PageQuery{N: 100})
	if err != nil || len(p.Interviews) != 30 {
		t.Fatalf("%d rows, %v", len(p.Interviews), err)
	}
	var rows []browseRow
	for _, iv := range p.Interviews {
		rows = append(rows, newBrowseRow(e, iv))
	}
	for _, r := range rows {
		if r.label != want[r.iv.ID] || r.label == "" {
			t.Errorf("%s: labelled %q, the engine says %q", r.iv.ID, r.label, want[r.iv.ID])
		}
	}
}

// TestStoreErrorsInTheInterfacesLanguage: an error from the store reads
// in Bahasa Indonesia on the Indonesian screen.
func TestStoreErrorsInTheInterfacesLanguage(t *testing.T) {
	app, _ := newTestApp(t)
	drive(app)
	if _, err := openInterview(app.env, "uuid:missing"); err == nil {
		t.Fatal("opened a missing interview")
	} else if got := userError(Indonesian, err); got != "Tidak ditemukan di berkas data: uuid:missing" {
		t.Errorf("shown as %q", got)
	}
}

// Every kind of failure the store words has words on screen, in both
// languages, which name the file where the store says which.
func TestEveryStoreFailureHasWords(t *testing.T) {
	for _, kind := range store.Kinds {
		found := false
		for _, w := range errorWords {
			if w.err == kind {
				found = true
			}
		}
		if !found {
			t.Errorf("store kind %q has no entry in errorWords (errors.go)", kind)
		}
	}
	if _, err := store.Open(t.TempDir(), store.Options{}); err == nil {
		t.Fatal("opened a folder")
	} else if got := userError(Indonesian, err); !strings.HasSuffix(got, "adalah folder, bukan berkas data.") || !strings.HasPrefix(got, "/") {
		t.Errorf("a folder opened as a data file is shown as %q", got)
	}
}

// TestWordsMatchTheActions: in English the status of an interview sent
// back reads as the key that sends it back; no prompt asks "(y/n)" in
// English words on the Indonesian screen.
func TestWordsMatchTheActions(t *testing.T) {
	if got := English.T("status.rejected"); got != "sent back" {
		t.Errorf("in English the status is %q beside the action %q", got, newKeyMap(English).SendBack.Help().Desc)
	}
	if got, key := Indonesian.T("status.rejected"), newKeyMap(Indonesian).SendBack.Help().Desc; !strings.Contains(got, key) {
		t.Errorf("status %q, action %q", got, key)
	}
	for k, pair := range words {
		if strings.Contains(pair[Indonesian], "(y/n)") {
			t.Errorf("%s asks (y/n) without words: %q", k, pair[Indonesian])
		}
	}
}

// TestSuperviseAbbreviatesFlagsWithALegend: a row too narrow for its
// flags' names numbers them, and a legend says what the numbers are.
func TestSuperviseAbbreviatesFlagsWithALegend(t *testing.T) {
	app, st := newTestApp(t)
	withSimulated(t, app, st, 200)
	screen := string(screenText(finalModelAt(t, app, 64, 24, "5")))
	if !strings.Contains(screen, "Nomor tanda: 5 jawaban tidak biasa") || !strings.Contains(screen, "! 5") {
		t.Errorf("no numbered flag with its legend at 64 columns:\n%s", screen)
	}
}

// TestApproveLeavesTheList: y approves the interview under the cursor,
// which leaves the list at once; the list read again behind keeps the
// cursor where it was.
func TestApproveLeavesTheList(t *testing.T) {
	app, st := newTestApp(t)
	withSimulated(t, app, st, 6)
	drive(app, press("5", "down")...)
	s := app.screen.(*supervise)
	before, next := len(s.rows), s.rows[2].iv.ID
	id := s.rows[1].iv.ID
	drive(app, press("y")...)
	if iv, _ := st.Interview(id); iv.Status != store.Approved {
		t.Fatalf("y left the interview %s", iv.Status)
	}
	if len(s.rows) != before-1 || s.rows[s.cursor].iv.ID != next {
		t.Errorf("after approving: %d rows (from %d), cursor on %s, want %s", len(s.rows), before, s.rows[s.cursor].iv.ID, next)
	}
}

// TestSuperviseCountsOnlyOnceLoaded: while the list loads, the header
// does not say that no interview waits.
func TestSuperviseCountsOnlyOnceLoaded(t *testing.T) {
	app, st := newTestApp(t)
	withSimulated(t, app, st, 20)
	drive(app)
	_, cmd := app.Update(press("5")[0])
	if screen := string(screenText(app)); strings.Contains(screen, "menunggu keputusan") {
		t.Errorf("the header counts the interviews before they are read:\n%s", screen)
	}
	settleApp(app, cmd)
	if screen := string(screenText(app)); !strings.Contains(screen, "wawancara selesai menunggu keputusan") {
		t.Errorf("no count once the list has come:\n%s", screen)
	}
}

// A questionnaire that cannot be read names its first problem in the
// interface's language, where it is in the form.
func TestFormErrorsInTheInterfacesLanguage(t *testing.T) {
	_, err := questionnaires.Parse("f.csv", []byte("survey,type,name,label\n,intgr,a,A\n"), nil)
	if err == nil {
		t.Fatal("read a form with an unknown type")
	}
	wrapped := fmt.Errorf("the questionnaire of interview uuid:x cannot be read: %w", err)
	tests := []struct {
		lang Lang
		want string
	}{
		{Indonesian, `Kuesioner wawancara ini tidak dapat dibaca: f.csv: lembar survey, baris 2, kolom "type": kesalahan: "intgr" bukan tipe pertanyaan`},
		{English, `The questionnaire of this interview cannot be read: f.csv: sheet survey, row 2, column "type": error: "intgr" is not a question type`},
	}
	for _, tt := range tests {
		if got := userError(tt.lang, wrapped); !strings.HasPrefix(got, tt.want) {
			t.Errorf("shown as %q, want it to start %q", got, tt.want)
		}
	}
}

// wholeReads is a data file that counts the reads of every interview
// (n), which Browse makes none of, and the records its pages decode
// (records).
type wholeReads struct {
	*store.Store
	n, records int
}

func (w *wholeReads) ReadPage(ctx context.Context, q store.PageQuery) (store.Page, error) {
	keep := q.Keep
	q.Keep = func(iv store.Interview) bool { w.records++; return keep == nil || keep(iv) }
	return w.Store.ReadPage(ctx, q)
}

func (w *wholeReads) EachInterview(fn func(store.Interview) error) error {
	w.n++
	return w.Store.EachInterview(fn)
}

func (w *wholeReads) Each(fn func(store.Interview, map[string]string) error) error {
	w.n++
	return w.Store.Each(fn)
}

func (w *wholeReads) EachRecord(events bool, fn func(store.Record) error) error {
	w.n++
	return w.Store.EachRecord(events, fn)
}

// TestBrowseHoldsAWindow: on more interviews than a window holds, Browse
// shows the newest first, never holds more than browseHeld rows nor
// reads every interview, reaches the oldest by going down and the newest
// again by going up, and counts them all from the file's counts.
func TestBrowseHoldsAWindow(t *testing.T) {
	const n = 2*browseHeld + 30
	app, st := newTestApp(t)
	withSimulated(t, app, st, n)
	var ids []string // in the order they reached the file
	oldest := map[store.Status]int{}
	st.EachInterview(func(iv store.Interview) error {
		if _, ok := oldest[iv.Status]; !ok {
			oldest[iv.Status] = len(ids)
		}
		ids = append(ids, iv.ID)
		return nil
	})
	counted := &wholeReads{Store: st}
	app.env.data = counted
	drive(app, press("3")...)
	b := app.screen.(*browse)
	if counted.records != browsePage {
		t.Errorf("the first screen decoded %d records, not a page of %d", counted.records, browsePage)
	}
	if got := b.rows[b.cursor].iv.ID; got != ids[n-1] {
		t.Errorf("the first row is %s, not the newest %s", got, ids[n-1])
	}
	if !strings.Contains(string(screenText(app)), fmt.Sprintf("semua · %d", n)) {
		t.Errorf("the list does not count %d interviews:\n%s", n, screenText(app))
	}
	held := 0
	walk := func(key string, want string) {
		t.Helper()
		for range n - 1 {
			drive(app, press(key)...)
			held = max(held, len(b.rows))
		}
		if got := b.rows[b.cursor].iv.ID; got != want {
			t.Errorf("after %d × %s the cursor is on %s, not %s", n-1, key, got, want)
		}
	}
	walk("down", ids[0])
	walk("up", ids[n-1])
	if held > browseHeld || counted.n > 0 {
		t.Errorf("held %d rows (at most %d), read every interview %d times", held, browseHeld, counted.n)
	}
	// A filter reads on until its page is full, or it has found as many
	// as the file counts: none when it counts none. It decodes the
	// records of the rows it shows alone: the file's facts rows sift
	// the others out.
	counts, err := st.Counts()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range store.Statuses {
		counted.records = 0
		drive(app, press("s")...)
		want := min(counts.Status[s], browsePage)
		if len(b.rows) != want || b.total != counts.Status[s] {
			t.Errorf("the filter on %s shows %d rows, counts %d; want %d of %d", s, len(b.rows), b.total, want, counts.Status[s])
		}
		for _, r := range b.rows {
			if r.iv.Status != s {
				t.Errorf("the filter on %s shows %s", s, r.iv.Status)
			}
		}
		if counts.Status[s] == 0 && counted.records > 0 {
			t.Errorf("the filter on %s, which the file counts none of, read %d records", s, counted.records)
		}
		if counted.records != want {
			t.Errorf("the filter on %s decoded %d records, not the %d it shows", s, counted.records, want)
		}
	}
	// A search that matches nothing decodes no record, and says so.
	drive(app, press("s")...) // every status again
	counted.records = 0
	drive(app, press("/", "tidak-ada-yang-cocok")...)
	if len(b.rows) != 0 || counted.records != 0 || b.fetch != nil {
		t.Errorf("a search matching nothing shows %d rows, decoded %d records (still reading: %v)", len(b.rows), counted.records, b.fetch != nil)
	}
	// One matching the oldest interview's id decodes its record alone.
	drive(app, press("esc", "/", ids[0][5:17])...)
	counted.records = 0
	drive(app, press(ids[0][17:18])...)
	if len(b.rows) != 1 || b.rows[0].iv.ID != ids[0] || counted.records != 1 {
		t.Errorf("a search for the oldest interview's id shows %d rows, decoded %d records", len(b.rows), counted.records)
	}
}

// Package storetest is the conformance suite of store.Interviews: every
// implementation (a data file, a server's database) runs it, so that a
// supervisor's screens, the exports and a sync behave the same on
// either.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"siap/store"
)

// Open returns a new, empty, writable implementation, closed when the
// test ends.
type Open func(t *testing.T) store.Interviews

// Run runs every conformance test against the implementation open makes.
func Run(t *testing.T, open Open) {
	tests := []struct {
		name string
		run  func(*testing.T, Open)
	}{
		{"Forms", forms},
		{"Settings", settings},
		{"KeyedHasher", keyedHasher},
		{"SaveAndRead", saveAndRead},
		{"StatusAndNotes", statusAndNotes},
		{"NotFound", notFound},
		{"StreamInArrivalOrder", streamInOrder},
		{"PagesInArrivalOrder", pagesInOrder},
		{"ImportRules", importRules},
		{"ImportIsAllOrNothing", importAllOrNothing},
		{"ReimportChangesNothing", reimport},
		{"ImportOnceByKey", importOnce},
		{"SettingsByPrefix", settingsByPrefix},
		{"ConflictResolved", conflictResolved},
		{"Counts", counts},
		{"Verify", verify},
		{"Facts", facts},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.run(t, open) })
	}
}

var t0 = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)

// withForm opens an implementation holding a questionnaire, and returns
// the form's key.
func withForm(t *testing.T, open Open) (store.Interviews, string) {
	t.Helper()
	st := open(t)
	key, err := st.AddForm(store.FormSource{ID: "rumah_tangga", Version: "1", Name: "rt.csv", Data: []byte("type,name,label\ninteger,age,Age\n")})
	if err != nil {
		t.Fatal(err)
	}
	return st, key
}

// record makes an interview taken elsewhere (a simulated one: no digest).
func record(formKey, who string, status store.Status, answers map[string]string) store.Record {
	r := store.Record{Interview: store.Interview{ID: store.NewID(), FormKey: formKey, FormID: "rumah_tangga", Interviewer: who, Status: status, Created: t0, Updated: t0.Add(time.Hour)}, Answers: map[string]store.Answer{}}
	for p, v := range answers {
		r.Answers[p] = store.Answer{Value: v, Changed: t0.Add(time.Minute)}
		r.Events = append(r.Events, store.Event{Time: t0.Add(time.Minute), Kind: store.EventSet, Path: p, New: v})
	}
	slices.SortFunc(r.Events, func(a, b store.Event) int { return strings.Compare(a.Path, b.Path) })
	return r
}

func mustImport(t *testing.T, st store.Interviews, records ...store.Record) store.MergeResult {
	t.Helper()
	res, err := st.Import(store.Records(records...))
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func wantResult(t *testing.T, what string, got store.MergeResult, added, updated, unchanged, conflicts int) {
	t.Helper()
	if got.Added != added || got.Updated != updated || got.Unchanged != unchanged || got.Conflicts != conflicts {
		t.Errorf("%s: %d added, %d updated, %d unchanged, %d in conflict; want %d, %d, %d, %d", what, got.Added, got.Updated, got.Unchanged, got.Conflicts, added, updated, unchanged, conflicts)
	}
}

func forms(t *testing.T, open Open) {
	st := open(t)
	if _, err := st.CurrentForm(); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the current form of an empty store: %v, want ErrNotFound", err)
	}
	f := store.FormSource{ID: "rumah_tangga", Version: "1", Name: "rt.csv", Data: []byte("type,name\ninteger,age\n"), Files: map[string][]byte{"desa.csv": []byte("name\nx\n")}}
	key, err := st.AddForm(f)
	if err != nil {
		t.Fatal(err)
	}
	if key != store.FormKey(f.Data, f.Files) {
		t.Errorf("AddForm kept the form under %s, want its digest", key)
	}
	v2 := f
	v2.Version, v2.Data = "2", []byte("type,name\ninteger,age\ntext,name\n")
	key2, err := st.AddForm(v2)
	if err != nil {
		t.Fatal(err)
	}
	cur, err := st.CurrentForm()
	if err != nil || cur.Key != key2 || cur.Version != "2" {
		t.Errorf("current form after a new version: %v %v, want version 2", cur.Key, err)
	}
	old, err := st.Form(key)
	if err != nil || string(old.Data) != string(f.Data) || string(old.Files["desa.csv"]) != "name\nx\n" || old.Added.IsZero() {
		t.Errorf("the first version as kept: %+v, %v", old, err)
	}
	if _, err := st.AddForm(store.FormSource{ID: "other_study", Name: "o.csv", Data: []byte("x")}); err == nil {
		t.Error("a form of another study was accepted")
	}
	if _, err := st.Form("nope"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("an unknown form: %v, want ErrNotFound", err)
	}
}

func settings(t *testing.T, open Open) {
	st := open(t)
	if v, err := st.Setting("interviewer"); err != nil || v != "" {
		t.Errorf("an unset setting: %q, %v", v, err)
	}
	for _, v := range []string{"Ani", "Budi Santoso"} {
		if err := st.SetSetting("interviewer", v); err != nil {
			t.Fatal(err)
		}
		if got, err := st.Setting("interviewer"); err != nil || got != v {
			t.Errorf("setting: %q, %v; want %q", got, err, v)
		}
	}
}

func keyedHasher(t *testing.T, open Open) {
	st := open(t)
	h, err := st.KeyedHasher()
	if err != nil {
		t.Fatal(err)
	}
	const nik = "5371012345670001"
	a, b, c := h(nik), h(nik), h("5371012345670002")
	if a != b || a == c || strings.Contains(a, nik) || a == "" {
		t.Errorf("keyed hashes: %q %q %q", a, b, c)
	}
}

func saveAndRead(t *testing.T, open Open) {
	st, key := withForm(t, open)
	iv, err := st.Create(store.Interview{FormKey: key, FormID: "rumah_tangga", Interviewer: "Ani", Created: t0}, []store.Change{{Path: "age", Value: "41"}, {Path: "name", Value: "Sari"}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(iv.ID, "uuid:") || iv.Status != store.Draft || iv.Hash == "" || !iv.Created.Equal(t0) {
		t.Fatalf("created: %+v", iv)
	}
	err = st.Save(iv.ID, []store.Change{{Path: "age", Value: "42"}, {Path: "name", Removed: true}, {Path: "city", Value: "kupang"}}, store.Event{Kind: store.EventShown, Path: "city"})
	if err != nil {
		t.Fatal(err)
	}
	// A save that changes nothing logs nothing.
	if err := st.Save(iv.ID, []store.Change{{Path: "age", Value: "42"}}); err != nil {
		t.Fatal(err)
	}
	if err := st.Log(iv.ID, store.Event{Kind: store.EventLanguage, New: "English (en)"}); err != nil {
		t.Fatal(err)
	}
	got, err := st.Interview(iv.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Position != "city" || got.Language != "English (en)" || got.Revision != iv.Revision+3 {
		t.Errorf("record after saves: position %q, language %q, revision %d (created at %d)", got.Position, got.Language, got.Revision, iv.Revision)
	}
	if got.Hash == iv.Hash || !slices.Contains(got.History, iv.Hash) {
		t.Errorf("the digest before a save is not in the history: %s, history %v", iv.Hash, got.History)
	}
	vals, err := st.Values(iv.ID)
	if want := map[string]string{"age": "42", "city": "kupang"}; err != nil || !maps.Equal(vals, want) {
		t.Errorf("values: %v, %v; want %v", vals, err, want)
	}
	answers, err := st.Answers(iv.ID)
	if err != nil || answers["age"].Changed.IsZero() {
		t.Errorf("answers keep when they changed: %v, %v", answers, err)
	}
	var kinds []string
	err = st.Events(iv.ID, func(e store.Event) error {
		kinds = append(kinds, e.Kind+" "+e.Path+" "+e.Old+">"+e.New)
		return nil
	})
	want := []string{"opened  >", "set age >41", "set name >Sari", "changed age 41>42", "cleared name Sari>", "set city >kupang", "shown city >", "language  >English (en)"}
	if err != nil || !slices.Equal(kinds, want) {
		t.Errorf("paradata:\n got %q\nwant %q (%v)", kinds, want, err)
	}
	whole, err := st.Record(iv.ID)
	if err != nil || whole.Interview.Hash != got.Hash || len(whole.Events) != len(want) || len(whole.Answers) != 2 || !slices.Equal(whole.Interview.History, got.History) {
		t.Errorf("the whole interview: %+v, %v", whole, err)
	}
	if _, err := st.Create(store.Interview{ID: iv.ID, FormKey: key}, nil); err == nil {
		t.Error("a second interview under the same id was created")
	}
}

func statusAndNotes(t *testing.T, open Open) {
	st, key := withForm(t, open)
	iv, err := st.Create(store.Interview{FormKey: key, Interviewer: "Ani"}, []store.Change{{Path: "age", Value: "30"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SetStatus(iv.ID, "finished", "Ani", ""); err == nil {
		t.Error("a status siap does not know was accepted")
	}
	steps := []struct {
		status       store.Status
		who, comment string
		kind         string
	}{
		{store.Completed, "Ani", "", store.EventCompleted},
		{store.Draft, "Ani", "", store.EventReopened},
		{store.Completed, "Ani", "", store.EventCompleted},
		{store.Rejected, "Sri", "umur tidak cocok", store.EventStatus},
		{store.Approved, "Sri", "", store.EventStatus},
	}
	for _, s := range steps {
		if err := st.SetStatus(iv.ID, s.status, s.who, s.comment); err != nil {
			t.Fatal(err)
		}
		got, err := st.Interview(iv.ID)
		if err != nil || got.Status != s.status || got.Comment != s.comment {
			t.Errorf("after %s: %s %q, %v", s.status, got.Status, got.Comment, err)
		}
	}
	if err := st.SetNote(iv.ID, "age", "  perkiraan responden ", "Ani"); err != nil {
		t.Fatal(err)
	}
	if err := st.SetNote(iv.ID, "name", "cek KK", "Sri"); err != nil {
		t.Fatal(err)
	}
	if err := st.SetNote(iv.ID, "name", "", "Sri"); err != nil {
		t.Fatal(err)
	}
	got, err := st.Interview(iv.ID)
	if err != nil || len(got.Notes) != 1 || got.Notes["age"].Text != "perkiraan responden" || got.Notes["age"].By != "Ani" {
		t.Errorf("notes: %+v, %v", got.Notes, err)
	}
	var kinds []string
	st.Events(iv.ID, func(e store.Event) error {
		if e.Kind != store.EventOpened && e.Kind != store.EventSet {
			kinds = append(kinds, e.Kind+":"+e.Who)
		}
		return nil
	})
	want := []string{"completed:Ani", "reopened:Ani", "completed:Ani", "status:Sri", "status:Sri", "note:Ani", "note:Sri", "note:Sri"}
	if !slices.Equal(kinds, want) {
		t.Errorf("paradata of statuses and notes:\n got %v\nwant %v", kinds, want)
	}
	c, err := st.Counts()
	if err != nil || c.Status[store.Approved] != 1 || c.Status[store.Draft] != 0 || c.Status[store.Completed] != 0 {
		t.Errorf("counts after the statuses: %v, %v", c.Status, err)
	}
}

func notFound(t *testing.T, open Open) {
	st, _ := withForm(t, open)
	const id = "uuid:00000000-0000-0000-0000-000000000000"
	for name, err := range map[string]error{
		"Interview": func() error { _, err := st.Interview(id); return err }(),
		"Answers":   func() error { _, err := st.Answers(id); return err }(),
		"Record":    func() error { _, err := st.Record(id); return err }(),
		"Save":      st.Save(id, []store.Change{{Path: "age", Value: "1"}}),
		"SetStatus": st.SetStatus(id, store.Completed, "Ani", ""),
		"SetNote":   st.SetNote(id, "age", "x", "Ani"),
	} {
		if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("%s of an interview not held: %v, want ErrNotFound", name, err)
		}
	}
}

// streamSize is more interviews than a batch a stream reads at once.
const streamSize = 300

func streamInOrder(t *testing.T, open Open) {
	st, key := withForm(t, open)
	var want []string
	var records []store.Record
	for i := range streamSize {
		r := record(key, "Ani", store.Completed, map[string]string{"age": fmt.Sprint(i)})
		records = append(records, r)
		want = append(want, r.Interview.ID)
	}
	// Imported in two transactions, and one created between them.
	mustImport(t, st, records[:100]...)
	iv, err := st.Create(store.Interview{FormKey: key, Interviewer: "Budi"}, []store.Change{{Path: "age", Value: "x"}})
	if err != nil {
		t.Fatal(err)
	}
	mustImport(t, st, records[100:]...)
	want = slices.Insert(want, 100, iv.ID)

	var got []string
	if err := st.EachInterview(func(iv store.Interview) error { got = append(got, iv.ID); return nil }); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, want) {
		t.Errorf("EachInterview gives %d interviews, not in the order they arrived", len(got))
	}
	got = got[:0]
	err = st.Each(func(iv store.Interview, vals map[string]string) error {
		if vals["age"] == "" {
			return fmt.Errorf("interview %s without its answers", iv.ID)
		}
		got = append(got, iv.ID)
		return nil
	})
	if err != nil || !slices.Equal(got, want) {
		t.Errorf("Each: %d interviews in order %v, %v", len(got), slices.Equal(got, want), err)
	}
	got = got[:0]
	err = st.EachRecord(true, func(r store.Record) error {
		if len(r.Events) == 0 || len(r.Answers) == 0 {
			return fmt.Errorf("interview %s without its paradata or answers", r.Interview.ID)
		}
		got = append(got, r.Interview.ID)
		return nil
	})
	if err != nil || !slices.Equal(got, want) {
		t.Errorf("EachRecord: %d interviews in order %v, %v", len(got), slices.Equal(got, want), err)
	}
	stop := errors.New("enough")
	n := 0
	err = st.EachRecord(false, func(store.Record) error {
		if n++; n == 150 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || n != 150 {
		t.Errorf("a stream stopped by its callback: %v after %d", err, n)
	}
}

// pagesInOrder: a window of records read from a place, in either
// direction and filtered, holds the interviews EachInterview gives
// there, and says whether more follow.
func pagesInOrder(t *testing.T, open Open) {
	st, key := withForm(t, open)
	var records []store.Record
	for i := range 300 {
		records = append(records, record(key, []string{"Ani", "Budi"}[i%2], store.Completed, map[string]string{"age": fmt.Sprint(i)}))
	}
	mustImport(t, st, records...)
	var all []string
	if err := st.EachInterview(func(iv store.Interview) error { all = append(all, iv.ID); return nil }); err != nil {
		t.Fatal(err)
	}
	newest, err := store.ReadPage(context.Background(), st, store.PageQuery{Backward: true, N: 10})
	if err != nil || len(newest.Places) != 10 {
		t.Fatalf("the newest 10: %d, %v", len(newest.Places), err)
	}
	ids := func(p store.Page) []string {
		var out []string
		for _, iv := range p.Interviews {
			out = append(out, iv.ID)
		}
		return out
	}
	want := slices.Clone(all[290:])
	slices.Reverse(want)
	if !slices.Equal(ids(newest), want) || !newest.More {
		t.Errorf("the newest 10 are not the last to arrive, newest first (more: %v)", newest.More)
	}
	// Forward from the oldest of them: the rest, and nothing after.
	rest, err := store.ReadPage(context.Background(), st, store.PageQuery{From: newest.Places[9], N: 20})
	if err != nil || !slices.Equal(ids(rest), all[291:]) || rest.More {
		t.Errorf("after the 291st: %d interviews, more %v, %v", len(rest.Places), rest.More, err)
	}
	// Budi's, older than the 291st: every second one.
	budi, err := store.ReadPage(context.Background(), st, store.PageQuery{From: newest.Places[9], Backward: true, N: 3,
		Keep: func(iv store.Interview) bool { return iv.Interviewer == "Budi" }})
	if err != nil || !slices.Equal(ids(budi), []string{all[289], all[287], all[285]}) || !budi.More {
		t.Errorf("Budi's before the 291st: %d interviews, more %v, %v", len(budi.Places), budi.More, err)
	}
	// A sift on what the facts rows hold of a record (here the
	// interviewer) narrows as a filter does, with or without facts, and
	// Keep sees only what it passes.
	for _, indexed := range []bool{false, true} {
		if indexed {
			if err := st.SetIndexer(testIndexer{key: "pages"}, nil); err != nil {
				t.Fatal(err)
			}
		}
		kept := 0
		sifted, err := store.ReadPage(context.Background(), st, store.PageQuery{From: newest.Places[9], Backward: true, N: 3,
			Sift: func(iv store.Interview) bool { return iv.Interviewer == "Budi" },
			Keep: func(iv store.Interview) bool { kept++; return iv.Interviewer == "Budi" && iv.FormKey == key }})
		if err != nil || !slices.Equal(ids(sifted), ids(budi)) || !sifted.More || kept != 3 {
			t.Errorf("sifted to Budi's (facts %v): %d interviews, more %v, Keep given %d, %v", indexed, len(sifted.Places), sifted.More, kept, err)
		}
		none, err := store.ReadPage(context.Background(), st, store.PageQuery{Backward: true, N: 10,
			Sift: func(iv store.Interview) bool { return iv.Interviewer == "Cici" }})
		if err != nil || len(none.Places) != 0 || none.More {
			t.Errorf("sifted to nobody's (facts %v): %d interviews, more %v, %v", indexed, len(none.Places), none.More, err)
		}
	}
}

func importRules(t *testing.T, open Open) {
	st, key := withForm(t, open)
	a := record(key, "Ani", store.Completed, map[string]string{"age": "30"})
	b := record(key, "Ani", store.Completed, map[string]string{"age": "31"})
	wantResult(t, "first import", mustImport(t, st, a, b), 2, 0, 0, 0)
	wantResult(t, "the same again", mustImport(t, st, a, b), 0, 0, 2, 0)

	// The laptop changed a after it was sent: newer, replacing ours
	// with the paradata of both.
	held, err := st.Record(a.Interview.ID)
	if err != nil {
		t.Fatal(err)
	}
	newer := held
	newer.Answers = maps.Clone(held.Answers)
	newer.Answers["age"] = store.Answer{Value: "32", Changed: t0.Add(2 * time.Hour)}
	newer.Events = append(slices.Clone(held.Events), store.Event{Time: t0.Add(2 * time.Hour), Kind: store.EventChanged, Path: "age", Old: "30", New: "32"})
	newer.Interview.History = append(slices.Clone(held.Interview.History), held.Interview.Hash)
	newer.Interview.Hash = ""
	if err := store.PrepareImport(&newer); err != nil {
		t.Fatal(err)
	}
	// The supervisor here logged a note on the paradata only.
	if err := st.Log(a.Interview.ID, store.Event{Time: t0.Add(90 * time.Minute), Kind: store.EventShown, Path: "age", Who: "Sri"}); err != nil {
		t.Fatal(err)
	}
	wantResult(t, "a newer version", mustImport(t, st, newer), 0, 1, 0, 0)
	vals, _ := st.Values(a.Interview.ID)
	if vals["age"] != "32" {
		t.Errorf("the newer version did not replace ours: age %q", vals["age"])
	}
	var shown, changed int
	st.Events(a.Interview.ID, func(e store.Event) error {
		switch e.Kind {
		case store.EventShown:
			shown++
		case store.EventChanged:
			changed++
		}
		return nil
	})
	if shown != 1 || changed != 1 {
		t.Errorf("paradata after a newer version: %d shown (ours), %d changed (theirs); want each once", shown, changed)
	}
	// The version we replaced is older: unchanged.
	wantResult(t, "an older version", mustImport(t, st, held), 0, 0, 1, 0)

	// Both changed b since they last agreed: a conflict, kept once.
	heldB, _ := st.Record(b.Interview.ID)
	theirs := heldB
	theirs.Interview.Status, theirs.Interview.Comment, theirs.Interview.Hash = store.Approved, "ok", ""
	theirs.Interview.History = append(slices.Clone(heldB.Interview.History), heldB.Interview.Hash)
	if err := store.PrepareImport(&theirs); err != nil {
		t.Fatal(err)
	}
	if err := st.SetStatus(b.Interview.ID, store.Rejected, "Sri", "cek umur"); err != nil {
		t.Fatal(err)
	}
	wantResult(t, "a conflicting version", mustImport(t, st, theirs), 0, 0, 0, 1)
	wantResult(t, "the conflicting version again", mustImport(t, st, theirs), 0, 0, 1, 0)
	conflicts, err := st.Conflicts()
	if err != nil || len(conflicts) != 1 || conflicts[0].Remote.Interview.Status != store.Approved || conflicts[0].Local.Interview.Status != store.Rejected {
		t.Fatalf("conflicts: %+v, %v", conflicts, err)
	}
	if got, _ := st.Interview(b.Interview.ID); got.Status != store.Rejected {
		t.Errorf("a conflict changed ours: %s", got.Status)
	}

	tampered := record(key, "Ani", store.Completed, map[string]string{"age": "50"})
	if err := store.PrepareImport(&tampered); err != nil {
		t.Fatal(err)
	}
	tampered.Answers["age"] = store.Answer{Value: "51"}
	if _, err := st.Import(store.Records(tampered)); err == nil {
		t.Error("a record whose digest does not match its answers was imported")
	}
}

func importAllOrNothing(t *testing.T, open Open) {
	st, key := withForm(t, open)
	good := record(key, "Ani", store.Completed, map[string]string{"age": "30"})
	bad := record(key, "Ani", store.Completed, map[string]string{"age": "31"})
	bad.Interview.Hash = "0123456789abcdef0123456789abcdef"
	if _, err := st.Import(store.Records(good, bad)); err == nil {
		t.Fatal("a pack with a damaged record was imported")
	}
	if _, err := st.Interview(good.Interview.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a failed import left an interview behind: %v", err)
	}
	failing := errors.New("the connection dropped")
	_, err := st.Import(func(fn func(store.Record) error) error {
		if err := fn(good); err != nil {
			return err
		}
		return failing
	})
	if !errors.Is(err, failing) {
		t.Errorf("an import whose source failed: %v", err)
	}
	if _, err := st.Interview(good.Interview.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("an import cut short left an interview behind: %v", err)
	}
	c, err := st.Counts()
	if err != nil || c.Status[store.Completed] != 0 {
		t.Errorf("counts after failed imports: %v, %v", c.Status, err)
	}
}

func reimport(t *testing.T, open Open) {
	from, key := withForm(t, open)
	for i := range 5 {
		iv, err := from.Create(store.Interview{FormKey: key, Interviewer: "Ani"}, []store.Change{{Path: "age", Value: fmt.Sprint(20 + i)}})
		if err != nil {
			t.Fatal(err)
		}
		if i%2 == 0 {
			if err := from.SetStatus(iv.ID, store.Completed, "Ani", ""); err != nil {
				t.Fatal(err)
			}
		}
	}
	to, _ := withForm(t, open)
	source := func(fn func(store.Record) error) error { return from.EachRecord(true, fn) }
	wantResult(t, "first import", must(to.Import(source))(t), 5, 0, 0, 0)
	wantResult(t, "retried", must(to.Import(source))(t), 0, 0, 5, 0)
	digests := func(st store.Interviews) map[string]string {
		out := map[string]string{}
		st.EachInterview(func(iv store.Interview) error { out[iv.ID] = iv.Hash + string(iv.Status); return nil })
		return out
	}
	if a, b := digests(from), digests(to); !maps.Equal(a, b) {
		t.Errorf("the interviews imported differ from those sent:\n%v\n%v", a, b)
	}
	var events int
	to.EachRecord(true, func(r store.Record) error { events += len(r.Events); return nil })
	if events != 5*2+3 {
		t.Errorf("%d events after importing twice, want %d (each once)", events, 5*2+3)
	}
}

func must(res store.MergeResult, err error) func(*testing.T) store.MergeResult {
	return func(t *testing.T) store.MergeResult {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
}

func conflictResolved(t *testing.T, open Open) {
	for _, keepRemote := range []bool{false, true} {
		t.Run(fmt.Sprint("keepRemote=", keepRemote), func(t *testing.T) {
			st, key := withForm(t, open)
			a := record(key, "Ani", store.Completed, map[string]string{"age": "30"})
			mustImport(t, st, a)
			held, _ := st.Record(a.Interview.ID)
			theirs := held
			theirs.Answers = map[string]store.Answer{"age": {Value: "33", Changed: t0}}
			theirs.Interview.History = append(slices.Clone(held.Interview.History), held.Interview.Hash)
			theirs.Interview.Hash = ""
			store.PrepareImport(&theirs)
			if err := st.SetStatus(a.Interview.ID, store.Approved, "Sri", ""); err != nil {
				t.Fatal(err)
			}
			ours, _ := st.Record(a.Interview.ID)
			wantResult(t, "conflict", mustImport(t, st, theirs), 0, 0, 0, 1)
			if err := st.ResolveConflict(a.Interview.ID, theirs.Interview.Hash, keepRemote, "Sri"); err != nil {
				t.Fatal(err)
			}
			if err := st.ResolveConflict(a.Interview.ID, theirs.Interview.Hash, keepRemote, "Sri"); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("a conflict resolved twice: %v", err)
			}
			if c, _ := st.Conflicts(); len(c) != 0 {
				t.Errorf("%d conflicts left", len(c))
			}
			vals, _ := st.Values(a.Interview.ID)
			got, _ := st.Interview(a.Interview.ID)
			wantAge, wantStatus := "30", store.Approved
			if keepRemote {
				wantAge, wantStatus = "33", store.Completed
			}
			if vals["age"] != wantAge || got.Status != wantStatus {
				t.Errorf("kept age %q status %s, want %q %s", vals["age"], got.Status, wantAge, wantStatus)
			}
			wantResult(t, "either version again", mustImport(t, st, theirs, ours), 0, 0, 2, 0)
			c, _ := st.Counts()
			if c.Status[wantStatus] != 1 || c.Status[store.Approved]+c.Status[store.Completed] != 1 {
				t.Errorf("counts after the choice: %v", c.Status)
			}
		})
	}
}

func counts(t *testing.T, open Open) {
	st, key := withForm(t, open)
	mustImport(t, st,
		record(key, "Ani", store.Completed, map[string]string{"city": "kupang"}),
		record(key, "Ani", store.Completed, map[string]string{"city": "kupang"}),
		record(key, "Budi", store.Draft, map[string]string{"city": "ende"}),
	)
	c, err := st.Counts()
	if err != nil || c.Status[store.Completed] != 2 || c.Status[store.Draft] != 1 {
		t.Fatalf("counts: %v, %v", c.Status, err)
	}
	if err := st.IndexAnswers("city"); err != nil {
		t.Fatal(err)
	}
	iv, err := st.Create(store.Interview{FormKey: key, Interviewer: "Budi"}, []store.Change{{Path: "city", Value: "ende"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SetStatus(iv.ID, store.Completed, "Budi", ""); err != nil {
		t.Fatal(err)
	}
	c, err = st.Counts()
	want := map[string]map[store.Status]int{"kupang": {store.Completed: 2}, "ende": {store.Draft: 1, store.Completed: 1}}
	for city, byStatus := range want {
		if got := c.Answers["city"][city]; err != nil || !maps.Equal(store.Counted(got), byStatus) {
			t.Errorf("counts of %s: %v, %v; want %v", city, got, err, byStatus)
		}
	}
	var indexed int
	st.EachInterview(func(iv store.Interview) error {
		if iv.Index["city"] != "" {
			indexed++
		}
		return nil
	})
	if indexed != 4 {
		t.Errorf("%d records index the city, want 4", indexed)
	}
}

func verify(t *testing.T, open Open) {
	st, key := withForm(t, open)
	mustImport(t, st, record(key, "Ani", store.Completed, map[string]string{"age": "30", "name": "Sari"}))
	iv, err := st.Create(store.Interview{FormKey: key, Interviewer: "Budi"}, []store.Change{{Path: "age", Value: "1"}})
	if err != nil {
		t.Fatal(err)
	}
	st.SetNote(iv.ID, "age", "bayi", "Budi")
	r, err := st.Verify()
	if err != nil || len(r.Problems) > 0 || r.Interviews != 2 || r.Answers != 3 || r.Forms != 1 {
		t.Errorf("verify: %v, %v", r, err)
	}
}

// importOnce: an import under a key is made once, its result recorded
// with it; a failed one records nothing; a pruned key imports again.
func importOnce(t *testing.T, open Open) {
	st, key := withForm(t, open)
	a, b := record(key, "Ani", store.Completed, map[string]string{"age": "30"}), record(key, "Ani", store.Completed, map[string]string{"age": "31"})
	once := store.ImportOptions{Key: "pack-0001"}
	first, err := st.Import(store.Records(a, b), once)
	if err != nil {
		t.Fatal(err)
	}
	wantResult(t, "first import under a key", first, 2, 0, 0, 0)
	if first.Again {
		t.Error("a first import under a key says Again")
	}
	read := false
	again, err := st.Import(func(fn func(store.Record) error) error { read = true; return fn(a) }, once)
	if err != nil {
		t.Fatal(err)
	}
	wantResult(t, "the same key again", again, 2, 0, 0, 0)
	if !again.Again || read {
		t.Errorf("an import under a key made already: Again %v, source read %v; want the recorded result, nothing read", again.Again, read)
	}
	// Another key is another import: merged by the rules.
	wantResult(t, "another key", must(st.Import(store.Records(a, b), store.ImportOptions{Key: "pack-0002"}))(t), 0, 0, 2, 0)

	// A failed import records nothing under its key.
	bad := record(key, "Ani", store.Completed, map[string]string{"age": "32"})
	if err := store.PrepareImport(&bad); err != nil {
		t.Fatal(err)
	}
	bad.Answers["age"] = store.Answer{Value: "99"}
	failed := store.ImportOptions{Key: "pack-0003"}
	if _, err := st.Import(store.Records(bad), failed); err == nil {
		t.Fatal("a tampered record imported")
	}
	c := record(key, "Ani", store.Completed, map[string]string{"age": "33"})
	wantResult(t, "a key whose import failed, then", must(st.Import(store.Records(c), failed))(t), 1, 0, 0, 0)

	// Pruning forgets the keys recorded before a time, not after.
	if n, err := store.PruneImports(st, time.Now().Add(-time.Hour)); err != nil || n != 0 {
		t.Errorf("pruning imports recorded before an hour ago: %d, %v; want none", n, err)
	}
	if res := must(st.Import(store.Records(a), once))(t); !res.Again {
		t.Error("a key recorded now was forgotten by pruning older ones")
	}
	if n, err := store.PruneImports(st, time.Now().Add(time.Hour)); err != nil || n != 3 {
		t.Errorf("pruning every import: %d, %v; want 3", n, err)
	}
	res := must(st.Import(store.Records(a, b), once))(t)
	wantResult(t, "a pruned key again", res, 0, 0, 2, 0)
	if res.Again {
		t.Error("a pruned key is still recorded")
	}
}

// settingsByPrefix: settings are listed by the start of their names,
// and deleted.
func settingsByPrefix(t *testing.T, open Open) {
	st := open(t)
	for _, k := range []string{"hq/b", "hq/a", "hq_other", "interviewer"} {
		if err := st.SetSetting(k, "v "+k); err != nil {
			t.Fatal(err)
		}
	}
	list := func() []string {
		var got []string
		err := st.EachSetting("hq/", func(k, v string) error {
			if v != "v "+k {
				t.Errorf("setting %s listed as %q", k, v)
			}
			got = append(got, k)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	if got := list(); !slices.Equal(got, []string{"hq/a", "hq/b"}) {
		t.Errorf("settings under hq/: %v, want hq/a, hq/b", got)
	}
	if err := st.DeleteSettings("hq/a", "interviewer", "never-set"); err != nil {
		t.Fatal(err)
	}
	if got := list(); !slices.Equal(got, []string{"hq/b"}) {
		t.Errorf("settings under hq/ after deleting hq/a: %v", got)
	}
	if v, err := st.Setting("interviewer"); err != nil || v != "" {
		t.Errorf("a deleted setting reads %q, %v", v, err)
	}
	if v, _ := st.Setting("hq_other"); v != "v hq_other" {
		t.Errorf("a setting not deleted reads %q", v)
	}
}

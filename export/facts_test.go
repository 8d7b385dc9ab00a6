package export

import (
	"cmp"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"siap/questionnaires"
	"siap/store"
)

// otherKey is an Indexer under another key: a file whose facts it made
// is read whole by the quality checks, as a file of an earlier siap is.
type otherKey struct{ *Indexer }

func (otherKey) Key() string { return "another questionnaire" }

const factsForm = `survey,,,,,,,
,type,name,label,appearance,minimum_seconds,soft_min,soft_max,pii
,text,nik,NIK,,,,,hash
,integer,age,Age,,2,18,90,
,select_one l5,a1,A1,likert,,,,
,select_one l5,a2,A2,likert,,,,
,select_one l5,a3,A3,likert,,,,
,select_one l5,a4,A4,likert,,,,
,select_one l5,a5,A5,likert,,,,
choices,,,,,,,
,list_name,name,label,,,,,
,l5,1,one,,,,,
,l5,2,two,,,,,
,l5,3,three,,,,,
`

// TestFactsKeptBySavesAgreeWithAScan writes interviews as the interview
// screen does (created, then one save per answer with the next question
// shown, closed and reopened, completed, approved or sent back and
// corrected) and checks that the quality flags read from the facts every
// write kept are those a scan of every answer and event finds.
func TestFactsKeptBySavesAgreeWithAScan(t *testing.T) {
	form, err := questionnaires.Parse("test.csv", []byte(factsForm), nil)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	st, key, ix := indexedStore(t, form, &now)
	type interview struct {
		who, nik, age string
		likert        []string
		ageSeconds    int
		minutes       int
		status        store.Status
		correct       bool // sent back, then its age changed and completed again a day later
	}
	same := []string{"3", "3", "3", "3", "3"}
	mixed := []string{"1", "2", "3", "2", "1"}
	cases := []interview{
		{"ani", "1111", "40", mixed, 5, 30, store.Completed, false},
		{"ani", "2222", "41", mixed, 5, 28, store.Approved, false},
		{"ani", "3333", "39", mixed, 5, 32, store.Completed, true},
		{"budi", "4444", "45", mixed, 5, 31, store.Completed, false},
		{"budi", "1111", "95", same, 1, 4, store.Completed, false},
		{"budi", "3333", "30", mixed, 5, 10, store.Draft, false},
	}
	for _, c := range cases {
		iv, err := st.Create(store.Interview{FormKey: key, FormID: form.ID, Interviewer: c.who, Created: now}, []store.Change{{Path: "nik", Value: c.nik}})
		if err != nil {
			t.Fatal(err)
		}
		if err := st.Log(iv.ID, store.Event{Kind: store.EventShown, Path: "age"}); err != nil {
			t.Fatal(err)
		}
		now = now.Add(time.Duration(c.ageSeconds) * time.Second)
		if err := st.Save(iv.ID, []store.Change{{Path: "age", Value: c.age}}, store.Event{Kind: store.EventShown, Path: "a1"}); err != nil {
			t.Fatal(err)
		}
		if c.age == "95" {
			if err := st.Log(iv.ID, store.Event{Kind: store.EventConfirmed, Path: "age", New: c.age}); err != nil {
				t.Fatal(err)
			}
		}
		// Closed halfway and reopened an hour later: the hour is not
		// part of its length.
		if err := st.Log(iv.ID, store.Event{Kind: store.EventClosed}); err != nil {
			t.Fatal(err)
		}
		now = now.Add(time.Hour)
		if err := st.Log(iv.ID, store.Event{Kind: store.EventOpened}); err != nil {
			t.Fatal(err)
		}
		for i, v := range c.likert {
			now = now.Add(time.Duration(c.minutes) * time.Minute / 5)
			if err := st.Save(iv.ID, []store.Change{{Path: fmt.Sprintf("a%d", i+1), Value: v}}, store.Event{Kind: store.EventShown, Path: fmt.Sprintf("a%d", i+2)}); err != nil {
				t.Fatal(err)
			}
		}
		if c.status != store.Draft {
			if err := st.SetStatus(iv.ID, store.Completed, c.who, ""); err != nil {
				t.Fatal(err)
			}
		}
		if c.correct {
			now = now.Add(24 * time.Hour)
			if err := st.SetStatus(iv.ID, store.Rejected, "sari", "check the age"); err != nil {
				t.Fatal(err)
			}
			if err := st.Log(iv.ID, store.Event{Kind: store.EventOpened}); err != nil {
				t.Fatal(err)
			}
			now = now.Add(time.Minute)
			if err := st.Save(iv.ID, []store.Change{{Path: "age", Value: "17"}}); err != nil {
				t.Fatal(err)
			}
		}
		if c.status == store.Approved || c.correct {
			if err := st.SetStatus(iv.ID, c.status, "sari", ""); err != nil {
				t.Fatal(err)
			}
		}
		now = now.Add(time.Minute)
	}
	flagsOf := func() ([]Flag, map[string]float64) {
		t.Helper()
		minutes := map[string]float64{}
		flags, err := QualityFlagsEach(st, form, store.Statuses, func(iv store.Interview, m float64) { minutes[iv.ID] = m })
		if err != nil {
			t.Fatal(err)
		}
		slices.SortFunc(flags, func(a, b Flag) int {
			return cmp.Or(strings.Compare(a.Level, b.Level), strings.Compare(a.Interview, b.Interview), strings.Compare(a.Check, b.Check),
				strings.Compare(a.Question, b.Question), strings.Compare(a.Detail, b.Detail), strings.Compare(a.Interviewer, b.Interviewer))
		})
		return flags, minutes
	}
	if k, _ := st.FactsKey(); k != ix.Key() {
		t.Fatalf("the file's facts are under %q, want the questionnaire's", k)
	}
	kept, keptMinutes := flagsOf()
	if err := st.SetIndexer(otherKey{ix}, nil); err != nil {
		t.Fatal(err)
	}
	scanned, scannedMinutes := flagsOf()
	if !slices.Equal(kept, scanned) {
		t.Errorf("flags from the facts kept by each write:\n%v\nfrom a scan of every answer:\n%v", kept, scanned)
	}
	for id, m := range scannedMinutes {
		if keptMinutes[id] != m {
			t.Errorf("interview %s lasts %.2f minutes by its facts, %.2f by its paradata", id, keptMinutes[id], m)
		}
	}
	checks := map[string]int{}
	for _, f := range scanned {
		if f.Level == "interview" {
			checks[f.Check]++
		}
	}
	// Every check has something to agree on.
	for _, c := range Checks {
		if checks[c] == 0 {
			t.Errorf("no %s flag: the test does not exercise it (%v)", c, checks)
		}
	}
	for id, m := range scannedMinutes {
		if m > 60 {
			t.Errorf("interview %s lasts %.1f minutes: the time it was closed counts", id, m)
		}
	}
}

// indexedStore opens a new data file whose clock reads *now, holding
// form, that keeps its interviews' facts by the form's Indexer: where a
// test of what saves keep starts.
func indexedStore(t *testing.T, form *questionnaires.Form, now *time.Time) (*store.Store, string, *Indexer) {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "siap.db"), store.Options{Now: func() time.Time { return *now }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	key, err := st.AddForm(store.FormSource{ID: form.ID, Name: form.SourceName, Data: form.Source})
	if err != nil {
		t.Fatal(err)
	}
	ix := NewIndexer(form)
	if err := st.SetIndexer(ix, nil); err != nil {
		t.Fatal(err)
	}
	return st, key, ix
}

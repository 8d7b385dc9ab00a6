package storetest

import (
	"fmt"
	"maps"
	"slices"
	"testing"

	"siap/store"
)

// testIndexer makes facts that tell what a write left of an interview:
// its status, its age answer and how many answers and paradata events
// it has; its identifier is the nik answer. It always asks for the
// whole interview, so that what it makes does not depend on how a write
// was folded.
type testIndexer struct{ key string }

func (x testIndexer) Key() string { return x.key }

func (x testIndexer) Index(c store.IndexChange) ([]byte, []store.Identifier, error) {
	if !c.Whole {
		return nil, nil, store.ErrWholeInterview
	}
	answers, err := c.Answers()
	if err != nil {
		return nil, nil, err
	}
	data := fmt.Sprintf("%s %s age=%s answers=%d events=%d", x.key, c.Interview.Status, answers["age"].Value, len(answers), len(c.Events))
	var ids []store.Identifier
	if v, ok := answers["nik"]; ok {
		ids = append(ids, store.Identifier{Question: "nik", Value: v.Value})
	}
	return []byte(data), ids, nil
}

// facts: SetIndexer makes the facts of interviews written before it,
// telling its progress; every write after it (save, status, paradata,
// import) makes them again in its transaction; EachFacts streams them in
// arrival order; SharedIdentifiers finds the keyed hashes several
// interviews share; another Indexer's key makes them all again.
func facts(t *testing.T, open Open) {
	st, key := withForm(t, open)
	a := record(key, "Ani", store.Completed, map[string]string{"age": "41", "nik": "3201"})
	b := record(key, "Budi", store.Completed, map[string]string{"age": "30", "nik": "3201"})
	c := record(key, "Ani", store.Draft, map[string]string{"age": "25", "nik": "5300"})
	mustImport(t, st, a, b, c)
	if k, err := st.FactsKey(); err != nil || k != "" {
		t.Fatalf("facts key before an Indexer: %q, %v", k, err)
	}
	var calls [][2]int
	x := testIndexer{key: "v1"}
	if err := st.SetIndexer(x, func(done, total int) { calls = append(calls, [2]int{done, total}) }); err != nil {
		t.Fatal(err)
	}
	if len(calls) == 0 || calls[len(calls)-1] != [2]int{3, 3} {
		t.Errorf("progress of making the facts: %v, want it to end at 3 of 3", calls)
	}
	if k, err := st.FactsKey(); err != nil || k != "v1" {
		t.Fatalf("facts key after SetIndexer: %q, %v", k, err)
	}
	hash, err := st.KeyedHasher()
	if err != nil {
		t.Fatal(err)
	}
	nik := func(v string) string { return hash("nik\x00" + v) }
	want := map[string]string{
		a.Interview.ID: "v1 completed age=41 answers=2 events=2",
		b.Interview.ID: "v1 completed age=30 answers=2 events=2",
		c.Interview.ID: "v1 draft age=25 answers=2 events=2",
	}
	check := func(when string, order []string) {
		t.Helper()
		var ids []string
		got := map[string]string{}
		err := st.EachFacts(func(iv store.Interview) error {
			ids = append(ids, iv.ID)
			if iv.Facts == nil {
				return fmt.Errorf("interview %s without facts", iv.ID)
			}
			got[iv.ID] = string(iv.Facts.Data)
			full, err := st.Interview(iv.ID)
			if err != nil {
				return err
			}
			if iv.Interviewer != full.Interviewer || iv.Status != full.Status || !iv.Created.Equal(full.Created) {
				t.Errorf("%s: facts row of %s shows %s %s %v, its record %s %s %v", when, iv.ID, iv.Interviewer, iv.Status, iv.Created, full.Interviewer, full.Status, full.Created)
			}
			vals, err := st.Values(iv.ID)
			if err != nil {
				return err
			}
			var wantIDs []store.IdentifierHash
			if v, ok := vals["nik"]; ok {
				wantIDs = append(wantIDs, store.IdentifierHash{Question: "nik", Hash: nik(v)})
			}
			if !slices.Equal(iv.Facts.IDs, wantIDs) {
				t.Errorf("%s: identifiers of %s: %v, want %v", when, iv.ID, iv.Facts.IDs, wantIDs)
			}
			return nil
		})
		if err != nil {
			t.Fatalf("%s: %v", when, err)
		}
		if !slices.Equal(ids, order) {
			t.Errorf("%s: EachFacts gave %v, want the order of arrival %v", when, ids, order)
		}
		if !maps.Equal(got, want) {
			t.Errorf("%s: facts\n%v\nwant\n%v", when, got, want)
		}
	}
	order := []string{a.Interview.ID, b.Interview.ID, c.Interview.ID}
	check("after SetIndexer", order)
	shared, err := st.SharedIdentifiers()
	if err != nil || !maps.Equal(maps.Collect(shared.All()), map[string]int{nik("3201"): 2}) {
		t.Errorf("shared identifiers: %v, %v; want the hash of 3201 twice", maps.Collect(shared.All()), err)
	}

	// A save changes the answers and adds an event: one save, one batch.
	if err := st.Save(b.Interview.ID, []store.Change{{Path: "nik", Value: "3202"}, {Path: "age", Value: "31"}}, store.Event{Kind: store.EventShown, Path: "age"}); err != nil {
		t.Fatal(err)
	}
	want[b.Interview.ID] = "v1 completed age=31 answers=2 events=5"
	if err := st.SetStatus(a.Interview.ID, store.Approved, "Sri", ""); err != nil {
		t.Fatal(err)
	}
	want[a.Interview.ID] = "v1 approved age=41 answers=2 events=3"
	if err := st.Log(c.Interview.ID, store.Event{Kind: store.EventLanguage, New: "English (en)"}); err != nil {
		t.Fatal(err)
	}
	want[c.Interview.ID] = "v1 draft age=25 answers=2 events=3"
	d := record(key, "Budi", store.Completed, map[string]string{"age": "52", "nik": "5300"})
	mustImport(t, st, d)
	want[d.Interview.ID] = "v1 completed age=52 answers=2 events=2"
	order = append(order, d.Interview.ID)
	check("after writes", order)
	if rep, err := st.Verify(); err != nil || len(rep.Problems) > 0 {
		t.Errorf("verify after writes: %v, %v", rep.Problems, err)
	}
	shared, err = st.SharedIdentifiers()
	if err != nil || !maps.Equal(maps.Collect(shared.All()), map[string]int{nik("5300"): 2}) {
		t.Errorf("shared identifiers after writes: %v, %v; want the hash of 5300 twice", maps.Collect(shared.All()), err)
	}

	// Another questionnaire: the facts are made again under its key.
	if err := st.SetIndexer(testIndexer{key: "v2"}, nil); err != nil {
		t.Fatal(err)
	}
	if k, err := st.FactsKey(); err != nil || k != "v2" {
		t.Fatalf("facts key after another Indexer: %q, %v", k, err)
	}
	for id, f := range want {
		want[id] = "v2" + f[2:]
	}
	check("under another key", order)
}

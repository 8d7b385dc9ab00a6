package store

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// countingIndexer keeps, as an interview's facts, how many answers and
// paradata events it has, and its "nik" answer as its identifier; it
// counts the interviews it was given whole.
type countingIndexer struct {
	key   string
	salt  string // changes the facts under the same key
	whole int
}

type counted struct {
	Answers, Events int
	Salt            string `json:",omitempty"`
}

func (x *countingIndexer) Key() string { return x.key }

func (x *countingIndexer) Index(c IndexChange) ([]byte, []Identifier, error) {
	var f counted
	if c.Whole {
		x.whole++
	} else if err := json.Unmarshal(c.Prev, &f); err != nil {
		return nil, nil, err
	}
	answers, err := c.Answers()
	if err != nil {
		return nil, nil, err
	}
	f.Answers, f.Events, f.Salt = len(answers), f.Events+len(c.Events), x.salt
	data, err := json.Marshal(f)
	var ids []Identifier
	if v := answers["nik"].Value; v != "" {
		ids = append(ids, Identifier{Question: "nik", Value: v})
	}
	return data, ids, err
}

// shared is how many interviews share each NIK, by NIK.
func shared(t *testing.T, s *Store, niks ...string) map[string]int {
	t.Helper()
	hash, err := s.KeyedHasher()
	if err != nil {
		t.Fatal(err)
	}
	byHash, err := s.SharedIdentifiers()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, n := range niks {
		if c := byHash.Count(hash("nik\x00" + n)); c > 0 {
			out[n] = c
		}
	}
	if len(out) != byHash.Len() {
		t.Errorf("%d identifiers shared, %d of them among %v", byHash.Len(), len(out), niks)
	}
	return out
}

func clean(t *testing.T, s *Store) Report {
	t.Helper()
	r, err := s.Verify()
	if err != nil || len(r.Problems) > 0 {
		t.Fatalf("verify: %v %v", err, r.Problems)
	}
	return r
}

// TestIdentifierIndexFollowsWrites: the interviews sharing an
// identifier are found from the index, whatever changed since: a NIK
// changed, removed, an interview approved or erased.
func TestIdentifierIndexFollowsWrites(t *testing.T) {
	s, _ := openTemp(t)
	x := &countingIndexer{key: "k1"}
	if err := s.SetIndexer(x, nil); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, nik := range []string{"111", "111", "222"} {
		iv := newInterview(t, s)
		if err := s.Save(iv.ID, []Change{{Path: "nik", Value: nik}}); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, iv.ID)
	}
	steps := []struct {
		name string
		do   func() error
		want map[string]int
	}{
		{"two share 111", func() error { return nil }, map[string]int{"111": 2}},
		{"the third changed to 111", func() error { return s.Save(ids[2], []Change{{Path: "nik", Value: "111"}}) }, map[string]int{"111": 3}},
		{"the first's removed", func() error { return s.Save(ids[0], []Change{{Path: "nik", Removed: true}}) }, map[string]int{"111": 2}},
		{"the second approved", func() error { return s.SetStatus(ids[1], Approved, "sari", "") }, map[string]int{"111": 2}},
		{"the third erased", func() error { return s.Erase(ids[2]) }, map[string]int{}},
	}
	for _, st := range steps {
		if err := st.do(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if key, _ := s.FactsKey(); key != "k1" {
			// Deleting interviews leaves the index to be made again.
			if err := s.SetIndexer(x, nil); err != nil {
				t.Fatal(err)
			}
		}
		got := shared(t, s, "111", "222")
		if len(got) != len(st.want) || got["111"] != st.want["111"] {
			t.Errorf("%s: shared %v, want %v", st.name, got, st.want)
		}
		clean(t, s)
	}
	var f counted
	iv, err := s.Interview(ids[1])
	if err != nil || iv.Facts == nil || json.Unmarshal(iv.Facts.Data, &f) != nil {
		t.Fatalf("%v %+v", err, iv.Facts)
	}
	// Opened, the start and the NIK set, approved.
	if f.Answers != 2 || f.Events != 4 {
		t.Errorf("facts of the approved interview: %+v, want 2 answers and 4 events", f)
	}
}

// TestFactsMadeAgain: a file written without an Indexer (a command
// without the questionnaire), or under another questionnaire, has the
// facts it lacks made when an Indexer is set, and those alone.
func TestFactsMadeAgain(t *testing.T) {
	s, path := openTemp(t)
	if err := s.SetIndexer(&countingIndexer{key: "k1"}, nil); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for range 4 {
		ids = append(ids, newInterview(t, s).ID)
	}
	s.Close()
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Save(ids[1], []Change{{Path: "nik", Value: "111"}}); err != nil {
		t.Fatal(err)
	}
	if key, _ := s.FactsKey(); key != "" {
		t.Fatalf("after a write without the Indexer, the file claims facts of %q", key)
	}
	x := &countingIndexer{key: "k1"}
	if err := s.SetIndexer(x, nil); err != nil {
		t.Fatal(err)
	}
	if key, _ := s.FactsKey(); key != "k1" || x.whole != 1 {
		t.Errorf("facts of %q, %d interviews indexed whole; want k1, and only the one written without", key, x.whole)
	}
	clean(t, s)
	y := &countingIndexer{key: "k2"}
	if err := s.SetIndexer(y, nil); err != nil {
		t.Fatal(err)
	}
	if y.whole != len(ids) {
		t.Errorf("a new questionnaire indexed %d interviews whole, want %d", y.whole, len(ids))
	}
	clean(t, s)
	// Facts that do not agree with the answers are named.
	if err := s.SetIndexer(&countingIndexer{key: "k2", salt: "other"}, nil); err != nil {
		t.Fatal(err)
	}
	r, _ := s.Verify()
	if len(r.Problems) != len(ids) || !strings.Contains(r.Problems[0].String(), "do not agree") {
		t.Errorf("verify with facts that disagree: %v", r.Problems)
	}
}

// TestFactsOfAFileOfAnEarlierSiap: a file of format 1, migrated, gets
// every interview's facts and its identifier index.
func TestFactsOfAFileOfAnEarlierSiap(t *testing.T) {
	path, _, _ := copyTestFile(t, "v1-plain.siap")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	x := &countingIndexer{key: "k1"}
	if err := s.SetIndexer(x, nil); err != nil {
		t.Fatal(err)
	}
	n, withFacts := 0, 0
	if err := s.EachInterview(func(Interview) error { n++; return nil }); err != nil {
		t.Fatal(err)
	}
	err = s.EachFacts(func(iv Interview) error {
		withFacts++
		if iv.Facts == nil || iv.Facts.Key != "k1" || iv.ID == "" || iv.Status == "" {
			t.Errorf("interview %s has no facts: %+v", iv.ID, iv.Facts)
		}
		return nil
	})
	if err != nil || n == 0 || x.whole != n || withFacts != n {
		t.Fatalf("%v: %d interviews, %d indexed, %d with facts", err, n, x.whole, withFacts)
	}
	r := clean(t, s)
	if slices.ContainsFunc(r.Notes, func(n Problem) bool { return strings.Contains(n.String(), "facts") }) {
		t.Errorf("verify notes: %v", r.Notes)
	}
}

// TestVerifyNotesStaleFacts: a file opened read-only whose facts were
// made under another questionnaire is verified without them, and verify
// says so rather than reporting the facts as checked.
func TestVerifyNotesStaleFacts(t *testing.T) {
	s, path := openTemp(t)
	if err := s.SetIndexer(&countingIndexer{key: "k1"}, nil); err != nil {
		t.Fatal(err)
	}
	newInterview(t, s)
	s.Close()
	s, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.SetIndexer(&countingIndexer{key: "k2"}, nil); err != nil {
		t.Fatal(err)
	}
	r, err := s.Verify()
	if err != nil || len(r.Problems) > 0 {
		t.Fatalf("verify: %v, %v", r.Problems, err)
	}
	if !slices.ContainsFunc(r.Notes, func(n Problem) bool { return strings.Contains(n.String(), "facts") }) {
		t.Errorf("verify does not say the facts were not checked: notes %v", r.Notes)
	}
}

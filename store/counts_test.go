package store

import (
	"reflect"
	"testing"
)

// scanCounts counts interviews by reading every answer, as the home
// screen once did.
func scanCounts(t *testing.T, s *Store) Counts {
	t.Helper()
	var c Counts
	c.add(Interview{}, 0)
	err := s.Each(func(iv Interview, vals map[string]string) error {
		iv.Index = nil
		if v, ok := vals["city"]; ok {
			iv.Index = map[string]string{"city": v}
		}
		c.add(iv, 1)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// nonZero drops the zero counts a decrement leaves behind.
func nonZero(c Counts) Counts {
	out := Counts{}
	out.add(Interview{}, 0)
	for st, n := range c.Status {
		if n != 0 {
			out.Status[st] = n
		}
	}
	for p, byValue := range c.Answers {
		for v, byStatus := range byValue {
			for st, n := range byStatus {
				if n != 0 {
					out.add(Interview{Status: st, Index: map[string]string{p: v}}, n)
					out.Status[st] -= n
					if out.Status[st] == 0 {
						delete(out.Status, st)
					}
				}
			}
		}
	}
	return out
}

func TestCountsFollowEveryChange(t *testing.T) {
	dir := t.TempDir()
	s, ids := fileWith(t, dir, "sup.db", 3)
	if err := s.IndexAnswers("city"); err != nil {
		t.Fatal(err)
	}
	ani, aniIDs := fileWith(t, dir, "ani.db", 2)
	ani.Save(aniIDs[0], []Change{{Path: "city", Value: "kupang"}})
	p := pack(t, ani, dir, "ani.pack")
	steps := []struct {
		name string
		do   func() error
	}{
		{"counted first", func() error { return nil }},
		{"answer", func() error { return s.Save(ids[0], []Change{{Path: "city", Value: "medan"}}) }},
		{"answer changed", func() error { return s.Save(ids[0], []Change{{Path: "city", Value: "kupang"}}) }},
		{"status", func() error { return s.SetStatus(ids[0], Completed, "ani", "") }},
		{"answer removed", func() error { return s.Save(ids[0], []Change{{Path: "city", Removed: true}}) }},
		{"merge", func() error { _, err := s.Merge(p, ""); return err }},
		{"erase", func() error { return s.Erase(ids[1]) }},
		{"new", func() error {
			iv, _ := s.Interview(ids[2])
			_, err := s.Create(Interview{FormKey: iv.FormKey}, []Change{{Path: "city", Value: "medan"}})
			return err
		}},
	}
	for _, step := range steps {
		if err := step.do(); err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		got, err := s.Counts()
		if err != nil {
			t.Fatal(err)
		}
		want := scanCounts(t, s)
		if !reflect.DeepEqual(nonZero(got), want) {
			t.Errorf("after %s: counts %+v, want %+v", step.name, nonZero(got), want)
		}
		// An answer no interview has any longer is not kept at zero:
		// the record would grow with every value ever typed.
		if !reflect.DeepEqual(got.Answers, want.Answers) {
			t.Errorf("after %s: counts by answer %+v, want %+v", step.name, got.Answers, want.Answers)
		}
	}
	// A file opened again keeps its counts.
	path := s.Path()
	s.Close()
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got, _ := s.Counts(); nonZero(got).Status[Draft] != 4 {
		t.Errorf("after reopening: %+v", got)
	}
}

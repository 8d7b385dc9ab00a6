package store

import (
	"path/filepath"
	"testing"
	"time"
)

// TestPreparedFactsAreTakenFromThisFileAlone: an interview prepared for
// a file is imported with the facts PrepareNew made, which are those
// the file would make (verify agrees, its identifier is indexed); facts
// prepared for another file, or under another key, are made again.
func TestPreparedFactsAreTakenFromThisFileAlone(t *testing.T) {
	s, _ := openTemp(t)
	other, err := Open(filepath.Join(t.TempDir(), "other.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	x := &countingIndexer{key: "k1"}
	for _, f := range []*Store{s, other} {
		if err := f.SetIndexer(x, nil); err != nil {
			t.Fatal(err)
		}
	}
	key, err := s.AddForm(FormSource{ID: "f", Version: "1", Name: "f.csv", Data: []byte("survey\n")})
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 24, 9, 0, 0, 0, time.FixedZone("WITA", 8*3600))
	record := func(nik string) Record {
		return Record{
			Interview: Interview{FormKey: key, FormID: "f", FormVersion: "1", Interviewer: "ani", Status: Completed, Created: at, Updated: at.Add(time.Hour)},
			Answers:   map[string]Answer{"nik": {Value: nik, Changed: at}, "age": {Value: "41", Changed: at}},
			// Times in a zone of their own: the facts are made from the
			// events as stored, in UTC.
			Events: []Event{{Time: at, Kind: EventOpened, Who: "ani"}, {Time: at.Add(time.Minute), Kind: EventSet, Path: "nik", New: nik}, {Time: at.Add(time.Hour), Kind: EventClosed}},
		}
	}
	var niks []string
	for _, c := range []struct {
		name   string
		by     *Store
		rekey  string
		nik    string
		remade bool
	}{
		{"prepared for this file", s, "", "111", false},
		{"prepared for another file", other, "", "222", true},
		{"prepared under another key", s, "k2", "333", true},
		{"not prepared", nil, "", "444", true},
	} {
		niks = append(niks, c.nik)
		r := record(c.nik)
		if c.by != nil {
			if err := c.by.PrepareNew(&r); err != nil {
				t.Fatal(err)
			}
		}
		if c.rekey != "" {
			x.key = c.rekey
			if err := s.SetIndexer(x, nil); err != nil {
				t.Fatal(err)
			}
		}
		whole := x.whole
		if res, err := s.Import(Records(r)); err != nil || res.Added != 1 {
			t.Fatalf("%s: %+v %v", c.name, res, err)
		}
		if remade := x.whole > whole; remade != c.remade {
			t.Errorf("%s: facts made in the import: %v, want %v", c.name, remade, c.remade)
		}
		clean(t, s)
		if got := shared(t, s, niks...); got[c.nik] != 0 {
			t.Errorf("%s: shared %v", c.name, got)
		}
		// The same NIK again: the index holds the first.
		again := record(c.nik)
		if err := s.PrepareNew(&again); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Import(Records(again)); err != nil {
			t.Fatal(err)
		}
		if got := shared(t, s, niks...); got[c.nik] != 2 {
			t.Errorf("%s: %v share the NIK, want 2", c.name, got)
		}
		clean(t, s)
	}
}

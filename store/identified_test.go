package store

import "testing"

// TestHoldsIdentifier: the index answers whether the file holds an
// identifier only while it holds every interview's.
func TestHoldsIdentifier(t *testing.T) {
	s, _ := openTemp(t)
	hash, err := s.KeyedHasher()
	if err != nil {
		t.Fatal(err)
	}
	iv := newInterview(t, s)
	if err := s.Save(iv.ID, []Change{{Path: "nik", Value: "111"}}); err != nil {
		t.Fatal(err)
	}
	holds := func(nik string) (bool, bool) {
		t.Helper()
		found, known, err := s.HoldsIdentifier(hash("nik\x00" + nik))
		if err != nil {
			t.Fatal(err)
		}
		return found, known
	}
	if _, known := holds("111"); known {
		t.Error("without an Indexer the index is taken as known")
	}
	x := &countingIndexer{key: "k1"}
	if err := s.SetIndexer(x, nil); err != nil {
		t.Fatal(err)
	}
	for nik, want := range map[string]bool{"111": true, "222": false} {
		if found, known := holds(nik); found != want || !known {
			t.Errorf("%s: found %v (known %v), want %v", nik, found, known, want)
		}
	}
	// Another Indexer: the facts are not all its own until made again.
	s.indexer = &countingIndexer{key: "k2"}
	if _, known := holds("111"); known {
		t.Error("facts of another key are taken as known")
	}
	if _, _, err := s.HoldsIdentifier("not a hash"); err == nil {
		t.Error("a damaged hash is not refused")
	}
}

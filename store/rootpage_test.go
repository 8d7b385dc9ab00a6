package store

import (
	"fmt"
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// TestRootPageStaysOnePage: a file that starts empty splits bbolt's root
// page while its first interviews' buckets are kept in it; once they
// have pages of their own, the root is one page again, so that a save
// writes one root page, not three.
func TestRootPageStaysOnePage(t *testing.T) {
	for _, pass := range []string{"", passphrase} {
		s, err := Open(filepath.Join(t.TempDir(), "siap.db"), Options{Passphrase: pass})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		// As siap runs: facts and an index of identifiers.
		if err := s.SetIndexer(&countingIndexer{key: "k"}, nil); err != nil {
			t.Fatal(err)
		}
		all := []Change{{Path: "nik", Value: "3171012345678901"}}
		for i := range 40 {
			all = append(all, Change{Path: fmt.Sprintf("q%d", i), Value: fmt.Sprintf("answer %d", i)})
		}
		split := false
		rootType := func() string {
			var typ string
			s.db.View(func(tx *bolt.Tx) error {
				info, err := tx.Page(int(tx.Cursor().Bucket().Root()))
				if err == nil && info != nil {
					typ = info.Type
				}
				return err
			})
			return typ
		}
		for range 30 {
			iv := newInterview(t, s)
			if err := s.Save(iv.ID, all); err != nil {
				t.Fatal(err)
			}
			split = split || rootType() == "branch"
		}
		for i := range 2 * rootCheckEvery {
			iv := newInterview(t, s)
			if err := s.Save(iv.ID, []Change{{Path: "q1", Value: fmt.Sprint(i)}}); err != nil {
				t.Fatal(err)
			}
		}
		if !split {
			t.Errorf("encrypted %v: the root page never split: the test shows nothing", pass != "")
		}
		if got := rootType(); got != "leaf" {
			t.Errorf("encrypted %v: the root is a %s page; want one leaf page", pass != "", got)
		}
		clean(t, s)
	}
}

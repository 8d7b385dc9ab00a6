package store

import (
	"fmt"
	"path/filepath"
	"slices"
	"testing"
)

// TestASaveWritesFewPages: a save writes the interview's rows side by
// side at the end of its log, and its facts row, so that it writes as
// many pages as a bare bbolt Update of one value in a file of one
// interview (5: the value's leaf, bbolt's list of buckets, its free
// list, its meta page, and the facts' leaf), and two more (the branch
// pages above the log's and the facts' leaves) in a file of 101,
// opened again as each day of fieldwork opens it. Every page costs a
// write to the disk before the save returns.
func TestASaveWritesFewPages(t *testing.T) {
	for _, tt := range []struct {
		others, pages int
	}{{0, 5}, {100, 7}} {
		for _, pass := range []string{"", passphrase} {
			t.Run(fmt.Sprintf("interviews=%d/encrypted=%v", tt.others+1, pass != ""), func(t *testing.T) {
				path := filepath.Join(t.TempDir(), "siap.db")
				s, err := Open(path, Options{Passphrase: pass})
				if err != nil {
					t.Fatal(err)
				}
				indexed := func() {
					if err := s.SetIndexer(&countingIndexer{key: "pages"}, nil); err != nil {
						t.Fatal(err)
					}
				}
				indexed()
				all := []Change{{Path: "nik", Value: "3171012345678901"}}
				for i := range 39 {
					all = append(all, Change{Path: fmt.Sprintf("q%d", i), Value: fmt.Sprintf("answer %d", i)})
				}
				for range tt.others {
					iv := newInterview(t, s)
					if err := s.Save(iv.ID, all); err != nil {
						t.Fatal(err)
					}
				}
				iv := newInterview(t, s)
				if err := s.Save(iv.ID, all); err != nil {
					t.Fatal(err)
				}
				s.Close()
				if s, err = Open(path, Options{Passphrase: pass}); err != nil {
					t.Fatal(err)
				}
				defer s.Close()
				indexed()
				var pages []int64
				for i := range 40 {
					st := s.db.Stats()
					before := st.TxStats.GetWrite()
					if err := s.Save(iv.ID, []Change{{Path: fmt.Sprintf("q%d", i%39), Value: fmt.Sprint(-i)}}, Event{Kind: EventShown, Path: "next"}); err != nil {
						t.Fatal(err)
					}
					st = s.db.Stats()
					pages = append(pages, st.TxStats.GetWrite()-before)
				}
				slices.Sort(pages)
				if median := pages[len(pages)/2]; median > int64(tt.pages) {
					t.Errorf("a save writes %d pages (median of 40), want at most %d: %v", median, tt.pages, pages)
				}
			})
		}
	}
}

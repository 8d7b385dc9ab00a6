package store

import (
	"bytes"

	bolt "go.etcd.io/bbolt"
)

// bbolt's root page lists the file's buckets and holds the small ones
// whole (meta, settings, and every bucket while the file holds few
// interviews). A file that starts empty outgrows one root page with its
// first interviews and bbolt splits it; once those buckets have pages of
// their own the root's halves are nearly empty, but bbolt merges pages
// only after a deletion in them, so the root stayed split for good and
// every save wrote its branch page and both halves: two pages more than
// the one it needs (of some fifteen a save writes). A write transaction
// that finds the root split while its buckets would fit in one page
// deletes a key in each half (a bucket made for that), and bbolt merges
// the halves when it commits.

// rootCheckEvery is how many write transactions pass between two looks
// at the root page (a page header, and the small buckets' sizes when the
// root is split).
const rootCheckEvery = 32

// compactRoot merges a split root page that fits in one, in tx, when it
// is time to look.
func (s *Store) compactRoot(tx *bolt.Tx) error {
	if s.writes < s.rootCheck || s.journaling {
		return nil
	}
	s.rootCheck = s.writes + rootCheckEvery
	c := tx.Cursor()
	info, err := tx.Page(int(c.Bucket().Root()))
	if err != nil || info == nil || info.Type != "branch" {
		return err
	}
	var keys [][]byte
	size := 0
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		keys = append(keys, bytes.Clone(k))
		// A bucket's entry: its header, and its page when kept whole.
		size += 16 + len(k) + 16
		if b := tx.Bucket(k); b != nil && b.Root() == 0 {
			size += b.Stats().InlineBucketInuse
		}
	}
	if size > tx.DB().Info().PageSize/2 {
		return nil // the root needs its pages
	}
	for _, k := range keys {
		tmp := append(k, 0) // sorts just after k: in k's half
		if _, err := tx.CreateBucket(tmp); err != nil {
			return err
		}
		if err := tx.DeleteBucket(tmp); err != nil {
			return err
		}
	}
	return nil
}

package store

import (
	"bytes"
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// TestNextNumberAfterDeletesInTheSameWrite: rows deleted earlier in the
// same transaction can leave leaf pages empty until it commits (bbolt
// rebalances then), and a cursor stepping back onto an empty page finds
// nothing there. The next number of a kind of log row must still follow
// its last row: trimming an interview's oldest digests, then noting its
// revision, did this in one save, and the revision then said the
// interview had no paradata.
func TestNextNumberAfterDeletesInTheSameWrite(t *testing.T) {
	tests := []struct {
		name                  string
		events, history, drop int
	}{
		{"the pages between emptied", 10, 300, 150},
		{"every digest deleted", 10, 120, 120},
		{"one page emptied", 5, 60, 8},
		{"nothing deleted", 7, 40, 0},
		{"no paradata", 0, 100, 50},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, err := bolt.Open(filepath.Join(t.TempDir(), "x.db"), 0o600, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			seq := seqKey(7)
			value := bytes.Repeat([]byte("d"), 1000) // four rows a page
			err = db.Update(func(tx *bolt.Tx) error {
				b, err := tx.CreateBucket([]byte(bucketLog))
				if err != nil {
					return err
				}
				for n := range tt.events {
					b.Put(eventKey(logPrefix(seq, bucketEvents), uint32(n)), value)
				}
				for n := range tt.history {
					b.Put(eventKey(logPrefix(seq, bucketHistory), uint32(n)), value)
				}
				// The next interview's rows, after.
				return b.Put(eventKey(logPrefix(seqKey(8), bucketEvents), 0), value)
			})
			if err != nil {
				t.Fatal(err)
			}
			err = db.Update(func(tx *bolt.Tx) error {
				b := tx.Bucket([]byte(bucketLog))
				for n := range tt.drop {
					if err := b.Delete(eventKey(logPrefix(seq, bucketHistory), uint32(n))); err != nil {
						return err
					}
				}
				if got := nextNumber(b, logPrefix(seq, bucketEvents)); got != uint32(tt.events) {
					t.Errorf("next paradata row %d, want %d", got, tt.events)
				}
				wantHistory := uint32(tt.history)
				if tt.drop == tt.history {
					wantHistory = 0
				}
				if got := nextNumber(b, logPrefix(seq, bucketHistory)); got != wantHistory {
					t.Errorf("next digest row %d, want %d", got, wantHistory)
				}
				if got := nextNumber(b, logPrefix(seq, bucketChanges)); got != 0 {
					t.Errorf("next change row %d, want 0", got)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}

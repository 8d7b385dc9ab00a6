package store

import (
	"bytes"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// TestVerifyFindsRolledBackAndRemovedRecords: an answers record copied
// back from an older copy of the file, a saved change or a batch of
// paradata deleted, an interview's record or the whole interview
// deleted: each leaves values that open (they are authentic), and each
// is found by siap verify, which recomputes every content digest, checks
// that no log row is missing, and compares the interviews counted with
// those held.
func TestVerifyFindsRolledBackAndRemovedRecords(t *testing.T) {
	for _, tt := range []struct {
		name   string
		tamper func(tx *bolt.Tx, seq, older []byte) error
		want   string
	}{
		{"answers rolled back", func(tx *bolt.Tx, seq, older []byte) error {
			return tx.Bucket([]byte(bucketAnswers)).Put(seq, older)
		}, "content digest does not match"},
		{"a saved change deleted", func(tx *bolt.Tx, seq, _ []byte) error {
			c := tx.Bucket([]byte(bucketLog)).Cursor()
			prefix := logPrefix(seq, bucketChanges)
			var last []byte
			for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
				last = bytes.Clone(k)
			}
			if last == nil {
				t.Fatal("no change row to delete")
			}
			return tx.Bucket([]byte(bucketLog)).Delete(last) // the last save
		}, "content digest does not match"},
		{"a batch of paradata deleted", func(tx *bolt.Tx, seq, _ []byte) error {
			return tx.Bucket([]byte(bucketLog)).Delete(eventKey(logPrefix(seq, bucketEvents), 1))
		}, "paradata rows skip from 0 to 2"},
		{"the first batch of paradata deleted", func(tx *bolt.Tx, seq, _ []byte) error {
			return tx.Bucket([]byte(bucketLog)).Delete(eventKey(logPrefix(seq, bucketEvents), 0))
		}, "paradata rows start at 1"},
		{"the whole interview deleted", func(tx *bolt.Tx, seq, _ []byte) error {
			var id []byte
			tx.Bucket([]byte(bucketIDs)).ForEach(func(k, v []byte) error {
				if bytes.Equal(v, seq) {
					id = bytes.Clone(k)
				}
				return nil
			})
			for _, b := range []string{bucketInterviews, bucketAnswers, bucketLog} {
				c := tx.Bucket([]byte(b)).Cursor()
				for k, _ := c.Seek(seq); k != nil && bytes.HasPrefix(k, seq); k, _ = c.Seek(seq) {
					c.Delete()
				}
			}
			return tx.Bucket([]byte(bucketIDs)).Delete(id)
		}, "the file counts 1 interviews and holds 0"},
		{"the interview's record deleted", func(tx *bolt.Tx, seq, _ []byte) error {
			return tx.Bucket([]byte(bucketInterviews)).Delete(seq)
		}, "has no record"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, path := openTemp(t)
			key, _ := s.AddForm(FormSource{ID: "f", Name: "f.csv", Data: []byte("survey")})
			iv, err := s.Create(Interview{FormKey: key, FormID: "f"}, []Change{{Path: "programs", Value: "pkh"}})
			if err != nil {
				t.Fatal(err)
			}
			var seq, older []byte
			s.db.View(func(tx *bolt.Tx) error {
				seq = bytes.Clone(seqOf(tx, iv.ID))
				older = bytes.Clone(tx.Bucket([]byte(bucketAnswers)).Get(seq))
				return nil
			})
			for i := range foldAfter + 2 { // the answers record is written whole again, then changes follow
				if err := s.Save(iv.ID, []Change{{Path: "programs", Value: "pkh blt"}, {Path: "n", Value: strings.Repeat("1", i+1)}}); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := s.Counts(); err != nil { // kept from now on, as a siap with a screen keeps them
				t.Fatal(err)
			}
			if r, _ := s.Verify(); len(r.Problems) > 0 {
				t.Fatalf("before: %v", r)
			}
			if err := s.db.Update(func(tx *bolt.Tx) error { return tt.tamper(tx, seq, older) }); err != nil {
				t.Fatal(err)
			}
			r, _ := s.Verify()
			if !strings.Contains(r.String(), tt.want) {
				t.Errorf("verify of %s: %v", path, r)
			}
		})
	}
}

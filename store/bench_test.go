package store

import (
	"fmt"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// BenchmarkSaveAnswer compares saving one answer through the store (a
// write transaction with the answer, its paradata event and the
// interview's revision) with a bare bbolt Update of the same size.
func BenchmarkSaveAnswer(b *testing.B) {
	b.Run("store", func(b *testing.B) {
		s, _ := openTemp(b)
		iv := newInterview(b, s)
		for i := 0; b.Loop(); i++ {
			if err := s.Save(iv.ID, []Change{{Path: fmt.Sprintf("q%d", i%500), Value: fmt.Sprintf("answer %d", i)}}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("bare-bbolt", func(b *testing.B) {
		s, _ := openTemp(b)
		value := []byte(`P{"v":"answer 12345","t":"2026-11-24T09:00:00Z"}`)
		s.db.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucketIfNotExists([]byte("bench")); return err })
		for i := 0; b.Loop(); i++ {
			err := s.db.Update(func(tx *bolt.Tx) error {
				return tx.Bucket([]byte("bench")).Put([]byte(fmt.Sprintf("q%d", i%500)), value)
			})
			if err != nil {
				b.Fatal(err)
			}
		}
	})
}

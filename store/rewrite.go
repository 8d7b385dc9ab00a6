package store

import (
	"bytes"

	bolt "go.etcd.io/bbolt"
)

// rewriteRecords passes every interview's record (with its facts) to
// redo, a batch of migrateBatch interviews per write transaction, and
// writes again those redo changed (it returns true, having set r.before
// to the record as it was): what IndexAnswers and SetIndexer do to a
// file whose records lack what they now keep. done, when not nil, is
// told how many interviews were passed after each batch.
func (s *Store) rewriteRecords(redo func(tx *bolt.Tx, r *row) (bool, error), done func(n int)) error {
	var from []byte
	passed := 0
	for {
		next, n, err := s.rewriteBatch(from, redo)
		if err != nil {
			return err
		}
		passed += n
		if done != nil {
			done(passed)
		}
		if next == nil {
			return nil
		}
		from = next
	}
}

// rewriteBatch is rewriteRecords' batch from the record at key from (the
// first when nil); it returns where the next batch starts (nil after the
// last) and how many interviews it passed.
func (s *Store) rewriteBatch(from []byte, redo func(tx *bolt.Tx, r *row) (bool, error)) (next []byte, n int, err error) {
	err = s.update(func(tx *bolt.Tx) error {
		c := headers(tx)
		k, v := c.First()
		if from != nil {
			k, v = c.Seek(from)
		}
		var rows []row
		for ; k != nil; k, v = c.Next() {
			if n == migrateBatch {
				next = bytes.Clone(k)
				break
			}
			n++
			r := row{seq: bytes.Clone(k)}
			if err := s.decodeHeader(k, v, &r.iv); err != nil {
				return err
			}
			if err := s.readFacts(tx, r.seq, &r.iv); err != nil {
				return err
			}
			changed, err := redo(tx, &r)
			if err != nil {
				return err
			}
			if changed {
				rows = append(rows, r)
			}
		}
		for _, r := range rows {
			if err := s.putHeader(tx, r); err != nil {
				return err
			}
		}
		// The pages the batch read go back to the kernel's cache, as a
		// scan's do: indexing a file of a million interviews would
		// otherwise hold the whole file resident.
		scanned(tx)
		return nil
	})
	s.handBackWritten()
	return next, n, err
}

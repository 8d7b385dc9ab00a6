package store

import (
	"bytes"

	bolt "go.etcd.io/bbolt"
)

// bucketJournal holds, while a merge runs, the value every key it
// changes had before (or that it had none), so that a merge written in
// many transactions stays all-or-nothing: a merge that fails, or a siap
// killed halfway, is undone from the journal, at once or on the next
// open. The last transaction of a merge deletes the journal. Values are
// kept as stored (sealed), and keys hold no answers.
const bucketJournal = "merge_journal"

// journal remembers the value bucket/key holds before a merge changes
// it, once per key.
func (s *Store) journal(tx *bolt.Tx, bucket string, key []byte) error {
	if !s.journaling || s.journalNew && bucket != bucketIDs && bucket != bucketMeta {
		return nil
	}
	j, err := tx.CreateBucketIfNotExists([]byte(bucketJournal))
	if err != nil {
		return err
	}
	jk := append(append([]byte(bucket), 0), key...)
	if j.Get(jk) != nil {
		return nil
	}
	var v []byte
	if b := tx.Bucket([]byte(bucket)); b != nil {
		v = b.Get(key)
	}
	if v == nil {
		return j.Put(jk, []byte{0})
	}
	return j.Put(jk, append([]byte{1}, v...))
}

// rollback puts back what the journal remembers and deletes it.
func rollback(tx *bolt.Tx) error {
	j := tx.Bucket([]byte(bucketJournal))
	if j == nil {
		return nil
	}
	err := j.ForEach(func(jk, v []byte) error {
		i := bytes.IndexByte(jk, 0)
		if i < 0 || len(v) == 0 {
			return errRecordDamaged
		}
		b, err := tx.CreateBucketIfNotExists(jk[:i])
		if err != nil {
			return err
		}
		key := bytes.Clone(jk[i+1:])
		if v[0] == 0 && string(jk[:i]) == bucketIDs {
			// An interview the merge added: its rows go with its id.
			if err := deleteRows(tx, string(key)); err != nil {
				return err
			}
		}
		if v[0] == 0 {
			return b.Delete(key)
		}
		return b.Put(key, bytes.Clone(v[1:]))
	})
	if err != nil {
		return err
	}
	return tx.DeleteBucket([]byte(bucketJournal))
}

// hasJournal tells whether a merge was cut short in this file.
func hasJournal(tx *bolt.Tx) bool { return tx.Bucket([]byte(bucketJournal)) != nil }

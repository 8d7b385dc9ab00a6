package store

import (
	"bytes"
	"encoding/hex"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// HoldsIdentifier reports whether an interview of the file has an
// identifier of that keyed hash (KeyedHasher of the question's key, a
// zero byte and the value, as the facts keep it), from the index of
// identifiers, without reading an answer. known is false when that
// index does not hold every interview's identifiers (their facts are
// not all made under the Indexer's key): the caller reads the answers
// instead. It may be called while another goroutine writes.
func (s *Store) HoldsIdentifier(hash string) (found, known bool, err error) {
	h, err := hex.DecodeString(hash)
	if err != nil || len(h) != identifierHashBytes {
		return false, false, fmt.Errorf("identifier hash %q is not one of this file's", hash)
	}
	err = s.view(func(tx *bolt.Tx) error {
		if s.indexer == nil || factsKeyOf(tx) != s.indexer.Key() {
			return nil
		}
		known = true
		if b := tx.Bucket([]byte(bucketIdentifiers)); b != nil {
			k, _ := b.Cursor().Seek(h)
			found = k != nil && bytes.HasPrefix(k, h)
		}
		return nil
	})
	return found, known, err
}

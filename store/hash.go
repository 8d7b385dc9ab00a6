package store

import (
	"crypto/sha256"
	"encoding/hex"
	"sort"

	bolt "go.etcd.io/bbolt"
)

// maxHistory bounds the digests an interview remembers; a merge with a
// version older than that many changes is taken as a conflict.
const maxHistory = 200

// contentHash digests what two copies of an interview must share to be
// the same: status, comment and answers.
func contentHash(status, comment string, answers map[string]string) string {
	h := sha256.New()
	write := func(s string) {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	write(status)
	write(comment)
	paths := make([]string, 0, len(answers))
	for p := range answers {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		write(p)
		write(answers[p])
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// rehash recomputes an interview's digest from the answers stored in tx,
// remembering the one it replaces.
func (s *Store) rehash(tx *bolt.Tx, iv *Interview) error {
	vals := map[string]string{}
	if err := s.eachAnswer(tx, iv.ID, func(p string, a Answer) { vals[p] = a.Value }); err != nil {
		return err
	}
	h := contentHash(iv.Status, iv.Comment, vals)
	if h == iv.Hash {
		return nil
	}
	if iv.Hash != "" {
		iv.History = append(iv.History, iv.Hash)
		if len(iv.History) > maxHistory {
			iv.History = iv.History[len(iv.History)-maxHistory:]
		}
	}
	iv.Hash = h
	return nil
}

package store

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"iter"
	"slices"
	"sort"

	"siap/internal/spill"
)

// SharedHashes are the keyed hashes of identifiers (IdentifierHash.Hash)
// that two or more interviews share, with how many share each. They are
// held as their bytes, sorted, 16 bytes each: a file where half the
// interviews share a NIK with another holds hundreds of thousands, which
// a map of hex strings would keep in some 70 bytes each.
type SharedHashes struct {
	hashes []byte // identifierHashBytes each, in increasing order
	counts []int32
}

// Add adds a hash (its bytes) shared by n interviews; hashes are added
// in increasing order (as the index of identifiers keeps them).
func (s *SharedHashes) Add(hash []byte, n int) error {
	if len(hash) != identifierHashBytes {
		return fmt.Errorf("identifier hash %x is damaged", hash)
	}
	if last := len(s.hashes) - identifierHashBytes; last >= 0 && bytes.Compare(s.hashes[last:], hash) >= 0 {
		return fmt.Errorf("identifier hash %x comes out of order", hash)
	}
	s.hashes = append(s.hashes, hash...)
	s.counts = append(s.counts, int32(n))
	return nil
}

// Len is the number of hashes shared.
func (s *SharedHashes) Len() int {
	if s == nil {
		return 0
	}
	return len(s.counts)
}

// Count is how many interviews share a keyed hash (as
// IdentifierHash.Hash): 0 when fewer than two do.
func (s *SharedHashes) Count(hash string) int {
	if s.Len() == 0 || len(hash) != 2*identifierHashBytes {
		return 0
	}
	var h [identifierHashBytes]byte
	if _, err := hex.Decode(h[:], []byte(hash)); err != nil {
		return 0
	}
	i := sort.Search(len(s.counts), func(i int) bool {
		return bytes.Compare(s.at(i), h[:]) >= 0
	})
	if i < len(s.counts) && bytes.Equal(s.at(i), h[:]) {
		return int(s.counts[i])
	}
	return 0
}

// All gives every hash shared (as IdentifierHash.Hash) with its count,
// in the order of their bytes.
func (s *SharedHashes) All() iter.Seq2[string, int] {
	return func(yield func(string, int) bool) {
		for i := range s.Len() {
			if !yield(hex.EncodeToString(s.at(i)), int(s.counts[i])) {
				return
			}
		}
	}
}

func (s *SharedHashes) at(i int) []byte {
	return s.hashes[i*identifierHashBytes : (i+1)*identifierHashBytes]
}

// sharedAmong counts the hashes that two or more of the given lists
// share (each list an interview's identifiers: a hash twice in one
// interview counts once). The hashes pass through a sorter in bounded
// memory (internal/spill, sealed in its temporary file): only those
// shared are held.
func sharedAmong(each func(yield func([]IdentifierHash) error) error) (*SharedHashes, error) {
	sorted := spill.New(func(a, b [identifierHashBytes]byte) int { return bytes.Compare(a[:], b[:]) })
	defer sorted.Close()
	var mine [][identifierHashBytes]byte
	err := each(func(ids []IdentifierHash) error {
		mine = mine[:0]
		for _, id := range ids {
			var h [identifierHashBytes]byte
			if n, err := hex.Decode(h[:], []byte(id.Hash)); err != nil || n != identifierHashBytes {
				continue // no hash siap makes: shared with none
			}
			if !slices.Contains(mine, h) {
				mine = append(mine, h)
			}
		}
		for _, h := range mine {
			if err := sorted.Add(h); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	shared := &SharedHashes{}
	var run [identifierHashBytes]byte
	n := 0
	flush := func() error {
		if n > 1 {
			return shared.Add(run[:], n)
		}
		return nil
	}
	err = sorted.Each(func(h [identifierHashBytes]byte) error {
		if n > 0 && h == run {
			n++
			return nil
		}
		if err := flush(); err != nil {
			return err
		}
		run, n = h, 1
		return nil
	})
	if err == nil {
		err = flush()
	}
	if err != nil {
		return nil, err
	}
	return shared, nil
}

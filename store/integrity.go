package store

import (
	"bytes"

	bolt "go.etcd.io/bbolt"
)

// logGap reports a row missing from an interview's log: each kind's rows
// are numbered one after the other (m, logorder.go), from 0 for saved
// changes and paradata (history keeps its newest, so it may start
// later), so a row deleted from among them leaves a gap. The content
// digest finds a missing change; this finds a missing batch of
// paradata, which the digest does not cover.
func logGap(tx *bolt.Tx, seq []byte) error {
	c := tx.Bucket([]byte(bucketLog)).Cursor()
	var seen [3]bool
	var next [3]uint32
	for k, _ := c.Seek(seq); k != nil && bytes.HasPrefix(k, seq); k, _ = c.Next() {
		r, ok := parseLogKey(k)
		if !ok {
			continue // verify reports rows of no known shape
		}
		i := r.kind - 1
		switch {
		case !seen[i]:
			if r.kind != logKinds[bucketHistory] && r.m != 0 {
				return NewProblem(wordLogStart, logRowWords(r.kind), r.m, r.m-1)
			}
		case r.m != next[i]:
			return NewProblem(wordLogSkip, logRowWords(r.kind), next[i]-1, r.m)
		}
		seen[i], next[i] = true, r.m+1
	}
	return nil
}

// logRowWords names a kind of log row for a message.
func logRowWords(kind byte) Problem {
	switch kind {
	case logKinds[bucketEvents]:
		return NewProblem(wordRowParadata)
	case logKinds[bucketChanges]:
		return NewProblem(wordRowChanges)
	case logKinds[bucketHistory]:
		return NewProblem(wordRowHistory)
	}
	return NewProblem(wordRowKind, kind)
}

// countsAgree compares the interviews the file counts (its kept counts,
// updated by every write) with those it holds: an interview removed
// whole, its id and every row, leaves the count behind.
func (s *Store) countsAgree(tx *bolt.Tx, held int) error {
	data := tx.Bucket([]byte(bucketMeta)).Get(countsKey)
	if data == nil || s.staleIndex {
		return nil // not kept yet: counted when next asked
	}
	var c Counts
	if err := s.decode(bucketCounts, countsKey, data, &c); err != nil {
		return err
	}
	counted := 0
	for _, n := range c.Status {
		counted += n
	}
	if counted != held {
		return NewProblem(wordCountsDiffer, counted, held)
	}
	return nil
}

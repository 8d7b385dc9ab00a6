package store

import (
	"bytes"
	"encoding/binary"

	bolt "go.etcd.io/bbolt"
)

// Format 4 keeps an interview's record and its revision row at the end
// of its log rows (logorder.go), in the log bucket:
//
//	seq 5 -> sealed Interview (its record: metadata, the index)
//	seq 6 -> sealed revision the file last wrote of it (summary.go)
//
// A save appends its rows after the interview's others and writes its
// record and revision again: all of it lands in one leaf page, where a
// record and a revision in buckets of their own each took a leaf and a
// branch page more. The revision stays a row apart from the record, so
// that verify still names an interview whose record, answers and log
// rows were copied back from an older copy. Both are sealed under the
// names and keys they had in their own buckets (interviews and
// revisions, under seq), so that a file of format 3 is updated by moving
// its values, not sealing them again (rebuildInto). The interviews
// bucket keeps the last sequence number given; a format-3 file kept its
// records there, and the revisions bucket its revision rows.
const (
	headerMark   byte = 5
	revisionMark byte = 6
)

// headerKey and revisionKey are where an interview's record and revision
// row are kept in the log.
func headerKey(seq []byte) []byte {
	return append(append(make([]byte, 0, len(seq)+1), seq...), headerMark)
}

func revisionKey(seq []byte) []byte {
	return append(append(make([]byte, 0, len(seq)+1), seq...), revisionMark)
}

// tailRow says whether a log key is an interview's record or revision
// row, and which.
func tailRow(k []byte) (mark byte, ok bool) {
	if len(k) == 9 && (k[8] == headerMark || k[8] == revisionMark) {
		return k[8], true
	}
	return 0, false
}

// headerAt is an interview's sealed record, nil when the file has none.
// A file of format 3 read as it is (a pack, or a backup an interview is
// erased from) keeps it in the interviews bucket.
func headerAt(tx *bolt.Tx, seq []byte) []byte {
	return tailAt(tx, headerKey(seq), bucketInterviews, seq)
}

// revisionAt is an interview's sealed revision row, nil when the file
// has none (as headerAt, a format-3 file's is in its own bucket).
func revisionAt(tx *bolt.Tx, seq []byte) []byte {
	return tailAt(tx, revisionKey(seq), bucketRevisions, seq)
}

// tailAt reads the row at key in the log, or else at seq in the bucket
// of a file of format 3 that kept it.
func tailAt(tx *bolt.Tx, key []byte, bucket string, seq []byte) []byte {
	if v := tx.Bucket([]byte(bucketLog)).Get(key); v != nil {
		return v
	}
	if b := tx.Bucket([]byte(bucket)); b != nil {
		return b.Get(seq)
	}
	return nil
}

// putTailRow writes an interview's record or revision row.
func (s *Store) putTailRow(tx *bolt.Tx, key, data []byte) error {
	if err := s.journal(tx, bucketLog, key); err != nil {
		return err
	}
	b := tx.Bucket([]byte(bucketLog))
	b.FillPercent = packedFill
	return b.Put(key, data)
}

// nextSeq is the first key past every row of the interview seq (nil
// past the last sequence number).
func nextSeq(seq []byte) []byte {
	n := binary.BigEndian.Uint64(seq[:8])
	if n == ^uint64(0) {
		return nil
	}
	return seqKey(n + 1)
}

// headerCursor walks the interviews' records in the log, by sequence
// number, as a bolt.Cursor walks a bucket of them: its keys are the
// sequence numbers (8 bytes), its values the sealed records. An
// interview's other rows are stepped over by seeking, not read.
type headerCursor struct {
	log *bolt.Bucket
	c   *bolt.Cursor
	at  []byte
}

// headers walks the interviews' records: in the log, or in the bucket
// of them of a file of format 3 or before, read as it is (read-only:
// opened for writing, it is updated first, rebuildInto).
func headers(tx *bolt.Tx) rowCursor {
	if b := tx.Bucket([]byte(bucketInterviews)); b != nil {
		if k, _ := b.Cursor().First(); k != nil {
			return b.Cursor()
		}
	}
	b := tx.Bucket([]byte(bucketLog))
	return &headerCursor{log: b, c: b.Cursor()}
}

// forward finds the first record from the interview whose row k is.
func (h *headerCursor) forward(k []byte) ([]byte, []byte) {
	for k != nil {
		if len(k) < 8 {
			k, _ = h.c.Next() // a key of no interview: verify reports it
			continue
		}
		seq := bytes.Clone(k[:8])
		hk, hv := h.c.Seek(headerKey(seq))
		if hk != nil && len(hk) == 9 && hk[8] == headerMark && bytes.Equal(hk[:8], seq) {
			h.at = seq
			return hk[:8], hv
		}
		// Rows of no record (verify reports them): on to the next.
		next := nextSeq(seq)
		if next == nil {
			break
		}
		k, _ = h.c.Seek(next)
	}
	h.at = nil
	return nil, nil
}

// backward finds the last record up to the interview whose row k is.
func (h *headerCursor) backward(k []byte) ([]byte, []byte) {
	for k != nil {
		if len(k) < 8 {
			k, _ = h.c.Prev()
			continue
		}
		seq := bytes.Clone(k[:8])
		if v := h.log.Get(headerKey(seq)); v != nil {
			h.at = seq
			return seq, v
		}
		h.c.Seek(seq)
		k, _ = h.c.Prev()
	}
	h.at = nil
	return nil, nil
}

func (h *headerCursor) First() ([]byte, []byte) {
	k, _ := h.c.First()
	return h.forward(k)
}

func (h *headerCursor) Last() ([]byte, []byte) {
	k, _ := h.c.Last()
	return h.backward(k)
}

// Seek finds the record of seq, or the next one after it.
func (h *headerCursor) Seek(seq []byte) ([]byte, []byte) {
	k, _ := h.c.Seek(seq)
	return h.forward(k)
}

func (h *headerCursor) Next() ([]byte, []byte) {
	if h.at == nil {
		return nil, nil
	}
	next := nextSeq(h.at)
	if next == nil {
		return nil, nil
	}
	k, _ := h.c.Seek(next)
	return h.forward(k)
}

func (h *headerCursor) Prev() ([]byte, []byte) {
	if h.at == nil {
		return nil, nil
	}
	h.c.Seek(h.at)
	k, _ := h.c.Prev()
	return h.backward(k)
}

// eachHeader calls fn with every interview's sequence number and sealed
// record, in order.
func eachHeader(tx *bolt.Tx, fn func(seq, data []byte) error) error {
	h := headers(tx)
	for k, v := h.First(); k != nil; k, v = h.Next() {
		if err := fn(k, v); err != nil {
			return err
		}
	}
	return nil
}

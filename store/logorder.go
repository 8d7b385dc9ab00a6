package store

import (
	"bytes"
	"encoding/binary"

	bolt "go.etcd.io/bbolt"
)

// Format 4 numbers an interview's log rows of every kind together, in
// the order they were written, and each kind apart:
//
//	seq 4 n kind m
//
// n counts the interview's log rows, m its rows of that kind. A save's
// rows (the answers it changed, its paradata, the digest the interview
// had before) are then side by side at the end of the interview's rows,
// in one leaf page, where rows keyed by kind first went to three places
// (format 3 and before: seq kind m). Rows of that shape are still read:
// they sort before, and each kind's numbers go on from theirs. Either
// shape is sealed under seq kind m (sealKey), so that a row keeps the
// seal it was written with wherever it sorts.
const logOrdered byte = 4

// orderedKey is the key of an interview's n-th log row, its m-th of a
// kind.
func orderedKey(seq []byte, n uint32, kind byte, m uint32) []byte {
	k := make([]byte, 0, len(seq)+10)
	k = append(append(k, seq...), logOrdered)
	k = binary.BigEndian.AppendUint32(k, n)
	return binary.BigEndian.AppendUint32(append(k, kind), m)
}

// logRow is what a log row's key says of it.
type logRow struct {
	kind byte
	// m is its number among the interview's rows of its kind; n among
	// all its rows, when ordered (format 4).
	m, n    uint32
	ordered bool
}

// parseLogKey reads a log row's key, of either shape; ok is false for a
// key siap does not write.
func parseLogKey(k []byte) (r logRow, ok bool) {
	switch {
	case len(k) == 13:
		r.kind, r.m = k[8], binary.BigEndian.Uint32(k[9:])
	case len(k) == 18 && k[8] == logOrdered:
		r.n, r.kind, r.m, r.ordered = binary.BigEndian.Uint32(k[9:13]), k[13], binary.BigEndian.Uint32(k[14:]), true
	default:
		return r, false
	}
	return r, r.kind >= 1 && int(r.kind) <= len(logKinds)
}

// sealKey is the key a log row is sealed under: seq kind m, whatever its
// shape (nil for a key siap does not write).
func sealKey(k []byte) []byte {
	r, ok := parseLogKey(k)
	switch {
	case !ok:
		return nil
	case !r.ordered:
		return k
	}
	return binary.BigEndian.AppendUint32(append(append(make([]byte, 0, 13), k[:8]...), r.kind), r.m)
}

// logKindName names the kind of a log row by its key ("" for a key siap
// does not write).
func logKindName(k []byte) string {
	r, ok := parseLogKey(k)
	if !ok {
		return ""
	}
	for name, b := range logKinds {
		if r.kind == b {
			return name
		}
	}
	return ""
}

// logTail is where an interview's next log row goes: the number it
// takes among all its rows (n), and among those of each kind (next, in
// logKinds order: what a revision notes as Logged).
type logTail struct {
	n    uint32
	next [3]uint32
}

// tailOf finds an interview's logTail by stepping back from the end of
// its rows until it has seen a row of each kind: a few rows, those of
// the saves before.
func tailOf(b *bolt.Bucket, seq []byte) logTail {
	var t logTail
	var seen [3]bool
	left := len(seen)
	first := true
	c := b.Cursor()
	end := append(append(make([]byte, 0, len(seq)+1), seq...), logOrdered+1)
	k, _ := c.Seek(end)
	if k == nil {
		k, _ = c.Last()
	} else {
		k, _ = c.Prev()
	}
	for ; k != nil && bytes.HasPrefix(k, seq); k, _ = c.Prev() {
		r, ok := parseLogKey(k)
		if !ok {
			continue // verify reports rows of no known shape
		}
		if first && r.ordered {
			t.n = r.n + 1
		}
		first = false
		if !seen[r.kind-1] {
			seen[r.kind-1], t.next[r.kind-1] = true, r.m+1
			if left--; left == 0 {
				return t
			}
		}
	}
	if k != nil {
		return t // past the interview's rows: the kinds not seen have none
	}
	// Stepping back can land on a leaf page that rows deleted earlier in
	// this transaction left empty (bbolt rebalances pages when it
	// commits), where the cursor finds nothing, as it does at the start
	// of the bucket. Walking forward passes empty pages: each kind's
	// numbers rise in key order, so the last row seen of each is its
	// newest.
	t = logTail{}
	for k, _ := c.Seek(seq); k != nil && bytes.HasPrefix(k, seq); k, _ = c.Next() {
		if r, ok := parseLogKey(k); ok {
			if r.ordered {
				t.n = r.n + 1
			}
			t.next[r.kind-1] = r.m + 1
		}
	}
	return t
}

// knownTail is the logTail a write transaction last found or moved for
// an interview: a save appends three rows and notes its revision, which
// would otherwise step back over its rows four times.
type knownTail struct {
	tx   *bolt.Tx
	txID int
	seq  []byte
	t    logTail
}

// tailIn is tailOf, from what this transaction knows of the interview's
// rows when it appended them itself.
func (s *Store) tailIn(tx *bolt.Tx, seq []byte) logTail {
	if k := s.knownTail; k != nil && k.tx == tx && k.txID == tx.ID() && bytes.Equal(k.seq, seq) {
		return k.t
	}
	t := tailOf(tx.Bucket([]byte(bucketLog)), seq)
	s.knownTail = &knownTail{tx: tx, txID: tx.ID(), seq: bytes.Clone(seq), t: t}
	return t
}

// appendLogRow seals plain as an interview's next log row of a kind,
// where t says it goes, and moves t past it.
func (s *Store) appendLogRow(tx *bolt.Tx, seq []byte, t *logTail, kind string, plain []byte) error {
	k := logKinds[kind]
	key := orderedKey(seq, t.n, k, t.next[k-1])
	data, err := s.codec.seal(kind, sealKey(key), plain)
	if err != nil {
		return err
	}
	if err := s.journal(tx, bucketLog, key); err != nil {
		return err
	}
	b := tx.Bucket([]byte(bucketLog))
	b.FillPercent = packedFill
	if err := b.Put(key, data); err != nil {
		return err
	}
	t.n++
	t.next[k-1]++
	if kt := s.knownTail; kt != nil && kt.tx == tx && bytes.Equal(kt.seq, seq) {
		kt.t = *t
	}
	return nil
}

// logReaders take an interview's log rows, opened, by kind (logKinds
// order: changes, events, history); a kind without one is stepped over.
type logReaders [3]func(plain []byte) error

// kindNames name the kinds of log rows, in logKinds order.
var kindNames = [3]string{bucketChanges, bucketEvents, bucketHistory}

// readLog walks an interview's log rows once, oldest first, handing each
// of a kind read wants to its reader.
func (s *Store) readLog(tx *bolt.Tx, seq []byte, read logReaders) error {
	c := tx.Bucket([]byte(bucketLog)).Cursor()
	for k, v := c.Seek(seq); k != nil && bytes.HasPrefix(k, seq); k, v = c.Next() {
		r, ok := parseLogKey(k)
		if !ok || read[r.kind-1] == nil {
			continue
		}
		kind := kindNames[r.kind-1]
		plain, err := s.codec.open(kind, sealKey(k), v)
		if err == nil {
			err = read[r.kind-1](plain)
		}
		if err != nil {
			return NewProblem(wordPartOf, recordWords(kindRecord(kind)), k, err)
		}
	}
	return nil
}

// eachLogRow calls fn with each of an interview's log rows of a kind,
// opened, oldest first.
func (s *Store) eachLogRow(tx *bolt.Tx, seq []byte, kind string, fn func(plain []byte) error) error {
	var read logReaders
	read[logKinds[kind]-1] = fn
	return s.readLog(tx, seq, read)
}

// wholeAt reads an interview's answers, paradata (appended to events)
// and digest history in one walk of its log rows.
func (s *Store) wholeAt(tx *bolt.Tx, seq []byte, events []Event) (answers map[string]Answer, _ []Event, history []string, err error) {
	if answers, err = s.baseAnswers(seq, tx.Bucket([]byte(bucketAnswers)).Get(seq)); err != nil {
		return nil, nil, nil, err
	}
	err = s.readLog(tx, seq, logReaders{
		func(plain []byte) error { return applyChanges(plain, answers) },
		func(plain []byte) error {
			return decodeEvents(plain, func(e Event) error { events = append(events, e); return nil })
		},
		func(plain []byte) error { history = append(history, string(plain)); return nil },
	})
	return answers, events, history, err
}

// kindRecord is the record a kind of log row is named as part of.
func kindRecord(kind string) string {
	if kind == bucketChanges {
		return bucketAnswers
	}
	return kind
}

// deleteKind removes an interview's log rows of a kind.
func (s *Store) deleteKind(tx *bolt.Tx, seq []byte, kind string) error {
	want := logKinds[kind]
	return s.deleteLogRows(tx, seq, func(r logRow) bool { return r.kind == want })
}

// deleteLogRows removes the log rows of an interview that drop says to.
// They lie among rows that stay: their keys are gathered first, as a
// cursor deleting as it walks skips the row after each it deletes.
func (s *Store) deleteLogRows(tx *bolt.Tx, seq []byte, drop func(logRow) bool) error {
	s.knownTail = nil
	b := tx.Bucket([]byte(bucketLog))
	var keys [][]byte
	c := b.Cursor()
	for k, _ := c.Seek(seq); k != nil && bytes.HasPrefix(k, seq); k, _ = c.Next() {
		if r, ok := parseLogKey(k); ok && drop(r) {
			keys = append(keys, bytes.Clone(k))
		}
	}
	for _, k := range keys {
		if err := s.journal(tx, bucketLog, k); err != nil {
			return err
		}
		if err := b.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

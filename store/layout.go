package store

import (
	"bytes"
	"encoding/binary"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// Format 4 keeps one row per interview, and rows numbered after it for
// what is appended to it, as tables would:
//
//	ids        "uuid:..."     -> sequence number (8 bytes)
//	interviews                -> the last sequence number given
//	answers    seq            -> sealed record of all its answers
//	log        seq 4 n kind m -> a log row (logorder.go): with kind 1,
//	                            sealed answers one save changed, since
//	                            the answers record was written; 2, a
//	                            sealed batch of paradata events; 3, a
//	                            sealed digest the interview had before
//	           seq 5          -> sealed Interview (metadata, the index)
//	           seq 6          -> sealed revision the file last wrote of
//	                            it (summary.go; both tail.go)
//
// Sequence numbers are given in the order interviews reach the file, so
// that reading every interview walks the file front to back, and one
// interview's rows are contiguous. Keys say nothing about answers: which
// questions an interview answered is inside its sealed records. All a
// save writes goes to the log, side by side at the end of the
// interview's rows, and no page holding a long record. Each kind of log
// row is sealed under its own name (changes, events, history), so that
// none passes for another.
const (
	bucketIDs     = "ids"
	bucketLog     = "log"
	bucketChanges = "changes"
	bucketHistory = "history"
)

// logKinds number the kinds of log rows.
var logKinds = map[string]byte{bucketChanges: 1, bucketEvents: 2, bucketHistory: 3}

// layoutBuckets are the buckets a format-2 file holds from the start.
var layoutBuckets = []string{bucketMeta, bucketSettings, bucketForms, bucketIDs, bucketInterviews, bucketAnswers, bucketLog, bucketRevisions}

// appendFill is the fill factor of buckets written mostly at their end:
// pages are filled instead of split in half.
const appendFill = 0.95

// packedFill is the fill factor of the buckets of long values written
// at their end (answers, log): a page holds four or five records of an
// interview of the shipped form (about 800 bytes each), and below a full
// page the fifth never fits: their pages were 84% full at appendFill,
// 90% at packedFill.
const packedFill = 1.0

// seqKey is the key of an interview's rows.
func seqKey(seq uint64) []byte { return binary.BigEndian.AppendUint64(make([]byte, 0, 12), seq) }

// seqOf returns the key of an interview's rows, or nil when the file
// does not hold it.
func seqOf(tx *bolt.Tx, id string) []byte {
	return tx.Bucket([]byte(bucketIDs)).Get([]byte(id))
}

// row is an interview as stored: its key and its record. The record's
// History is kept in rows of its own: a row read by getRow has none, and
// the digests rehash adds to it are appended; a whole record written
// (replaceHistory) replaces them all.
type row struct {
	seq            []byte
	iv             Interview
	replaceHistory bool
	// before is the record as read, when it was: the counts move from
	// it to the record written.
	before *Interview
	// bulk rows (imports, merges) are deflated; a save's is not, so
	// that it costs no compression.
	bulk bool
	// noted is what the save before wrote of the interview's revision
	// and of the file's summary, when it is current (lastSaved).
	noted *noted
	// fold says that the facts of the record (makeFacts) are those it
	// had with the answers at changed and the events added by this
	// write folded in; otherwise they are made from the whole interview.
	// answers, when set, are the interview's answers after the write.
	fold    bool
	changed []string
	events  []Event
	answers map[string]Answer
	// keepFacts: the write changes nothing the facts are made of.
	keepFacts bool
	// allEvents, when set, are every event of the interview after the
	// write (an import writes them all): facts made from the whole
	// interview need not read them back.
	allEvents []Event
}

// getRow reads an interview's record by id.
func (s *Store) getRow(tx *bolt.Tx, id string) (row, error) {
	seq := seqOf(tx, id)
	if seq == nil {
		return row{}, failure(ErrNotFound, "", id, "interview %s: %w", id, ErrNotFound)
	}
	r := row{seq: bytes.Clone(seq)}
	data := headerAt(tx, seq)
	if data == nil {
		return r, fmt.Errorf("interview %s: its record is missing; run siap verify", id)
	}
	err := s.decodeHeader(seq, data, &r.iv)
	if err == nil {
		err = s.readFacts(tx, seq, &r.iv)
	}
	before := r.iv
	r.before = &before
	return r, err
}

// newRow files a new interview under the next sequence number.
func (s *Store) newRow(tx *bolt.Tx, id string) (row, error) {
	ids := tx.Bucket([]byte(bucketIDs))
	if ids.Get([]byte(id)) != nil {
		return row{}, fmt.Errorf("interview %s already exists", id)
	}
	interviews := tx.Bucket([]byte(bucketInterviews))
	n, err := interviews.NextSequence()
	if err != nil {
		return row{}, err
	}
	seq := seqKey(n)
	if err := s.journal(tx, bucketIDs, []byte(id)); err != nil {
		return row{}, err
	}
	return row{seq: seq}, ids.Put([]byte(id), seq)
}

func (s *Store) putHeader(tx *bolt.Tx, r row) error { return s.putRow(tx, &r) }

// putRow is putHeader that leaves in r the record as written (its facts).
func (s *Store) putRow(tx *bolt.Tx, r *row) error {
	history := r.iv.History
	r.iv.History = nil
	if r.before == nil {
		if data := headerAt(tx, r.seq); data != nil {
			r.before = &Interview{}
			if err := s.decodeHeader(r.seq, data, r.before); err != nil {
				return err
			}
			if err := s.readFacts(tx, r.seq, r.before); err != nil {
				return err
			}
		}
	}
	if err := s.countChange(tx, *r); err != nil {
		return err
	}
	if err := s.makeFacts(tx, r); err != nil {
		return err
	}
	if err := s.putFacts(tx, r.seq, r.iv, r.before); err != nil {
		return err
	}
	data, err := s.encodeHeader(r.seq, r.iv, r.bulk)
	if err != nil {
		return err
	}
	if r.replaceHistory {
		if err := s.deleteKind(tx, r.seq, bucketHistory); err != nil {
			return err
		}
	}
	if err := s.appendHistory(tx, r.seq, history); err != nil {
		return err
	}
	// After the rows the write appended, beside them.
	if err := s.putTailRow(tx, headerKey(r.seq), data); err != nil {
		return err
	}
	return s.noteRevision(tx, r.seq, r.iv, r.noted)
}

// historySlack is how many digests past maxHistory an interview's
// history may hold before the oldest are forgotten, together: a save
// that also deleted the oldest digest would write the page holding it,
// one page more on every save.
const historySlack = 56

// appendHistory adds digests to an interview's history, forgetting the
// oldest past maxHistory each time historySlack more have been added.
func (s *Store) appendHistory(tx *bolt.Tx, seq []byte, digests []string) error {
	if len(digests) == 0 {
		return nil
	}
	t := s.tailIn(tx, seq)
	before := t.next[logKinds[bucketHistory]-1]
	for _, d := range digests {
		if err := s.appendLogRow(tx, seq, &t, bucketHistory, []byte(d)); err != nil {
			return err
		}
	}
	after := t.next[logKinds[bucketHistory]-1]
	if after <= maxHistory || before/historySlack == after/historySlack {
		return nil
	}
	return s.deleteLogRows(tx, seq, func(r logRow) bool {
		return r.kind == logKinds[bucketHistory] && r.m+maxHistory < after
	})
}

// historyAt reads an interview's history, oldest first.
func (s *Store) historyAt(tx *bolt.Tx, seq []byte) ([]string, error) {
	var out []string
	err := s.eachLogRow(tx, seq, bucketHistory, func(plain []byte) error {
		out = append(out, string(plain))
		return nil
	})
	return out, err
}

// An interview's answers are one record under its key, followed by the
// changes saved since it was written, one small record per save under
// its key and a change number. A save writes its change alone, whatever
// the interview's length; every foldAfter changes, the record is
// written whole again and the changes deleted, as it is by a save of
// foldAfter changes or more (a row as long as a record, left in the log
// until the next fold).
const foldAfter = 32

// answersAt reads an interview's answers.
func (s *Store) answersAt(tx *bolt.Tx, seq []byte) (map[string]Answer, error) {
	answers, err := s.baseAnswers(seq, tx.Bucket([]byte(bucketAnswers)).Get(seq))
	if err != nil {
		return nil, err
	}
	err = s.eachLogRow(tx, seq, bucketChanges, func(plain []byte) error { return applyChanges(plain, answers) })
	return answers, err
}

// baseAnswers opens an interview's answers record; none is no answers.
func (s *Store) baseAnswers(seq, data []byte) (map[string]Answer, error) {
	if data == nil {
		return map[string]Answer{}, nil
	}
	plain, err := s.codec.open(bucketAnswers, seq, data)
	if err != nil {
		return nil, NewProblem(wordPartOf, recordWords(bucketAnswers), seq, err)
	}
	answers, err := decodeAnswers(plain)
	if err != nil {
		return nil, NewProblem(wordPartOf, recordWords(bucketAnswers), seq, err)
	}
	return answers, nil
}

// putAnswers writes an interview's answers whole, dropping the changes
// saved after the record it replaces.
func (s *Store) putAnswers(tx *bolt.Tx, seq []byte, answers map[string]Answer, base Interview) error {
	if err := s.deleteKind(tx, seq, bucketChanges); err != nil {
		return err
	}
	b := tx.Bucket([]byte(bucketAnswers))
	if err := s.journal(tx, bucketAnswers, seq); err != nil {
		return err
	}
	if len(answers) == 0 {
		return b.Delete(seq)
	}
	data, err := s.codec.seal(bucketAnswers, seq, encodeAnswers(answers, base.Created))
	if err != nil {
		return err
	}
	b.FillPercent = packedFill
	return b.Put(seq, data)
}

// appendAnswerChanges saves the changes of one save after an
// interview's answers record, and returns how many there are now.
func (s *Store) appendAnswerChanges(tx *bolt.Tx, seq []byte, changes []answerChange, base Interview) (int, error) {
	t := s.tailIn(tx, seq)
	if err := s.appendLogRow(tx, seq, &t, bucketChanges, encodeChanges(changes, base.Created)); err != nil {
		return 0, err
	}
	return int(t.next[logKinds[bucketChanges]-1]), nil
}

// appendEventsAt adds a batch of paradata after an interview's others.
func (s *Store) appendEventsAt(tx *bolt.Tx, seq []byte, events ...Event) error {
	if len(events) == 0 {
		return nil
	}
	t := s.tailIn(tx, seq)
	return s.appendLogRow(tx, seq, &t, bucketEvents, encodeEvents(events))
}

// eventsAt calls fn with an interview's paradata, oldest first.
func (s *Store) eventsAt(tx *bolt.Tx, seq []byte, fn func(Event) error) error {
	return s.eachLogRow(tx, seq, bucketEvents, func(plain []byte) error { return decodeEvents(plain, fn) })
}

// deleteRows removes an interview's rows, by key.
func deleteRows(tx *bolt.Tx, id string) error {
	seq := seqOf(tx, id)
	if seq == nil {
		return nil
	}
	seq = bytes.Clone(seq)
	if err := dropCounts(tx); err != nil {
		return err
	}
	// Its entries in the identifier index are found again when the
	// facts are next made (SetIndexer).
	if err := dropFactsKey(tx); err != nil {
		return err
	}
	var s Store
	for _, name := range []string{bucketInterviews, bucketAnswers, bucketLog, bucketRevisions, bucketFacts} {
		if tx.Bucket([]byte(name)) == nil {
			continue
		}
		if err := s.deletePrefix(tx, name, seq); err != nil {
			return err
		}
	}
	return tx.Bucket([]byte(bucketIDs)).Delete([]byte(id))
}

// deletePrefix deletes the rows of an interview in a bucket.
func (s *Store) deletePrefix(tx *bolt.Tx, bucket string, seq []byte) error {
	s.knownTail = nil
	c := tx.Bucket([]byte(bucket)).Cursor()
	for k, _ := c.Seek(seq); k != nil && bytes.HasPrefix(k, seq); k, _ = c.Seek(seq) {
		if err := s.journal(tx, bucket, bytes.Clone(k)); err != nil {
			return err
		}
		if err := c.Delete(); err != nil {
			return err
		}
	}
	return nil
}

package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"time"

	bolt "go.etcd.io/bbolt"
)

// An interview's rows can be copied back whole from an older copy of
// the file (its record, answers and log rows together), or removed
// whole: each value still opens, and the interview agrees with itself.
// What tells is kept in a row apart, sealed, and written in the same
// transaction as every write of its record:
//
//	log seq 6           -> sealed revision (tail.go): the interview's id,
//	                       revision, content digest and how many rows of
//	                       each kind its log holds (a file of format 3
//	                       kept it in the revisions bucket)
//	meta      "summary" -> sealed summary: the sum of a digest of every
//	                       revision row (answersSum's multiset hash),
//	                       so that a row copied back or removed with its
//	                       interview shows too
//
// siap verify recomputes both from the interviews and names the one
// that does not match. A copy of the whole file put back (a restore)
// agrees with itself and cannot be told from inside it.
const (
	bucketRevisions = "revisions"
	bucketSummary   = "summary"
)

var summaryKey = []byte("summary")

// revision is what the file last wrote of an interview.
type revision struct {
	ID       string `json:"id"`
	Revision int    `json:"revision"`
	Hash     string `json:"hash"`
	// Logged counts the rows of each kind of log row (logKinds order:
	// changes, events, history) as the next number each takes.
	Logged [3]uint32 `json:"logged"`
	// fromJSON marks a row read as an earlier siap wrote it: such a row
	// differs from every revision made (revisionOf), so that the next
	// write of its record writes it again, in binary.
	fromJSON bool
}

// revisionFormat starts a revision row kept in binary: its id and
// digest as appendText keeps them, its numbers as varints, in about a
// third of the JSON an earlier siap wrote (which starts with '{', and is
// still read).
const revisionFormat = 1

func (s *Store) encodeRevision(seq []byte, r revision) ([]byte, error) {
	b := make([]byte, 0, 48)
	b = appendText(append(b, revisionFormat), r.ID)
	b = binary.AppendVarint(b, int64(r.Revision))
	b = appendText(b, r.Hash)
	for _, n := range r.Logged {
		b = binary.AppendUvarint(b, uint64(n))
	}
	return s.codec.seal(bucketRevisions, seq, b)
}

func (s *Store) decodeRevision(seq, data []byte, r *revision) error {
	plain, err := s.codec.open(bucketRevisions, seq, data)
	if err != nil {
		return NewProblem(wordRecordOf, recordWords(bucketRevisions), seq, err)
	}
	if err := readRevision(plain, r); err != nil {
		return NewProblem(wordRecordDamaged, recordWords(bucketRevisions), seq, err)
	}
	return nil
}

// readRevision reads a revision row as opened, binary or JSON.
func readRevision(plain []byte, r *revision) error {
	if len(plain) == 0 || plain[0] != revisionFormat {
		r.fromJSON = true
		return json.Unmarshal(plain, r)
	}
	rd := newReader(plain[1:])
	r.ID = rd.shortText()
	r.Revision = int(rd.varint())
	r.Hash = rd.shortText()
	for i := range r.Logged {
		n := rd.uvarint()
		if n > math.MaxUint32 {
			rd.fail()
		}
		r.Logged[i] = uint32(n)
	}
	if rd.err != nil || len(rd.b) != 0 {
		return errRecordDamaged
	}
	return nil
}

// summary is the file's sum over its revision rows.
type summary struct {
	Sum string `json:"sum"`
	// Computed is when a summary was first made for a file that held
	// interviews already (written by an earlier siap, or salvaged):
	// what happened to them before then is not covered.
	Computed time.Time `json:"computed,omitzero"`
}

// element is one revision row's part of the summary; it binds the
// interview's key too, so that rows cannot swap places.
func (r revision) element(seq []byte) answersSum {
	return pairHash(string(seq)+r.ID, r.Hash+"\x00"+strconv.Itoa(r.Revision)+"\x00"+
		strconv.FormatUint(uint64(r.Logged[0]), 10)+"\x00"+
		strconv.FormatUint(uint64(r.Logged[1]), 10)+"\x00"+
		strconv.FormatUint(uint64(r.Logged[2]), 10))
}

// revisionOf is what an interview's rows say of it now.
func revisionOf(tx *bolt.Tx, seq []byte, iv Interview) revision {
	return revision{ID: iv.ID, Revision: iv.Revision, Hash: iv.Hash, Logged: tailOf(tx.Bucket([]byte(bucketLog)), seq).next}
}

// getSummary reads the file's summary; ok is false when it keeps none.
func (s *Store) getSummary(tx *bolt.Tx) (sum summary, ok bool, err error) {
	meta := tx.Bucket([]byte(bucketMeta))
	data := meta.Get(summaryKey)
	if data == nil || tx.Bucket([]byte(bucketRevisions)) == nil {
		return sum, false, nil
	}
	err = s.decode(bucketSummary, summaryKey, data, &sum)
	return sum, err == nil, err
}

func (s *Store) putSummary(tx *bolt.Tx, sum summary) error {
	data, err := s.encode(bucketSummary, summaryKey, sum)
	if err != nil {
		return err
	}
	if err := s.journal(tx, bucketMeta, summaryKey); err != nil {
		return err
	}
	return tx.Bucket([]byte(bucketMeta)).Put(summaryKey, data)
}

// getRevision reads an interview's revision row; ok is false when it has
// none.
func (s *Store) getRevision(tx *bolt.Tx, seq []byte) (rev revision, ok bool, err error) {
	data := revisionAt(tx, seq)
	if data == nil {
		return rev, false, nil
	}
	err = s.decodeRevision(seq, data, &rev)
	return rev, err == nil, err
}

// noted is what noteRevision last wrote of an interview: its revision
// row, and the file's summary after it. The next save of the same
// interview, with no other write between (lastSaved), starts from it
// instead of reading and decoding both again.
type noted struct {
	seq   []byte
	rev   revision
	sum   summary
	total answersSum
}

// noteRevision records the interview whose record is being written, in
// its revision row and in the summary, when the file keeps them. It runs
// after every other row of the write. known, when not nil, is what the
// write before noted (current while nothing else was written since).
func (s *Store) noteRevision(tx *bolt.Tx, seq []byte, iv Interview, known *noted) error {
	s.noted = nil
	var sum summary
	var total answersSum
	var old revision
	var had bool
	if known != nil && bytes.Equal(known.seq, seq) {
		sum, total, old, had = known.sum, known.total, known.rev, true
	} else {
		var ok, parsed bool
		var err error
		sum, ok, err = s.getSummary(tx)
		if err != nil || !ok {
			return err
		}
		if total, parsed = parseSum(sum.Sum); !parsed {
			return fmt.Errorf("the file's summary of its interviews: %w", errRecordDamaged)
		}
		if old, had, err = s.getRevision(tx, seq); err != nil {
			return err
		}
	}
	now := revision{ID: iv.ID, Revision: iv.Revision, Hash: iv.Hash, Logged: s.tailIn(tx, seq).next}
	if had {
		if old == now {
			s.noted = &noted{seq: seq, rev: now, sum: sum, total: total}
			return nil
		}
		total.sub(old.element(seq))
	}
	total.plus(now.element(seq))
	data, err := s.encodeRevision(seq, now)
	if err != nil {
		return err
	}
	if err := s.putTailRow(tx, revisionKey(seq), data); err != nil {
		return err
	}
	sum.Sum = total.String()
	if err := s.putSummary(tx, sum); err != nil {
		return err
	}
	s.noted = &noted{seq: seq, rev: now, sum: sum, total: total}
	return nil
}

// forgetRevision takes an interview being erased out of the summary.
// A file whose rows this handle cannot open (a backup under another
// key) loses its summary, made again when it is next opened for writing.
func (s *Store) forgetRevision(tx *bolt.Tx, seq []byte) error {
	if tx.Bucket([]byte(bucketRevisions)) == nil {
		return nil
	}
	sum, ok, err := s.getSummary(tx)
	rev, had, rerr := s.getRevision(tx, seq)
	total, parsed := parseSum(sum.Sum)
	if err != nil || rerr != nil || !parsed {
		return tx.Bucket([]byte(bucketMeta)).Delete(summaryKey)
	}
	if !ok || !had {
		return nil
	}
	total.sub(rev.element(seq))
	sum.Sum = total.String()
	return s.putSummary(tx, sum)
}

// summaryBatch is how many interviews a summary is made from per
// transaction.
const summaryBatch = 500

// ensureSummary gives a file that keeps no summary (one written by an
// earlier siap, or salvaged) one made from its interviews as they are
// now, noting when: the file is open for writing and its backup taken.
func (s *Store) ensureSummary() error {
	var has bool
	err := s.view(func(tx *bolt.Tx) (err error) { _, has, err = s.getSummary(tx); return err })
	if err != nil || has || s.summaryBound {
		// A file bound to keep a summary that has none lost it outside
		// siap: making a new one would hide what verify must report.
		return err
	}
	var total answersSum
	var from []byte
	var first = true
	for first || from != nil {
		first = false
		err := s.update(func(tx *bolt.Tx) error {
			// The bucket of an earlier format's revision rows tells
			// that the file keeps a summary (getSummary).
			if _, err := tx.CreateBucketIfNotExists([]byte(bucketRevisions)); err != nil {
				return err
			}
			c := headers(tx)
			k, v := c.First()
			if from != nil {
				k, v = c.Seek(from)
			}
			from = nil
			for n := 0; k != nil; k, v = c.Next() {
				if n == summaryBatch {
					from = bytes.Clone(k)
					return nil
				}
				n++
				var iv Interview
				if err := s.decodeHeader(k, v, &iv); err != nil {
					continue // verify names it; it stays out of the sum
				}
				rev := revisionOf(tx, k, iv)
				total.plus(rev.element(k))
				data, err := s.encodeRevision(k, rev)
				if err != nil {
					return err
				}
				if err := s.putTailRow(tx, revisionKey(k), data); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return s.update(func(tx *bolt.Tx) error {
		sum := summary{Sum: total.String()}
		if k, _ := headers(tx).First(); k != nil {
			sum.Computed = s.now().UTC()
		}
		return s.putSummary(tx, sum)
	})
}

// checkRevisions compares each interview with what the file last wrote
// of it, and the summary with them all: an interview rolled back to an
// older copy, rows removed from the end of its log, or an interview
// removed whole, is named. It returns notes on what it could not check.
func (s *Store) checkRevisions(tx *bolt.Tx, add func(Wording, ...any), sc *scan) (notes []Problem) {
	sum, ok, err := s.getSummary(tx)
	switch {
	case err != nil:
		add(wordSummaryUnread, err)
		return nil
	case !ok && s.summaryBound:
		add(wordSummaryGone)
		return nil
	case !ok:
		return []Problem{NewProblem(wordSummaryNone)}
	}
	if !sum.Computed.IsZero() {
		notes = append(notes, NewProblem(wordSummaryLate, sum.Computed.Format("2006-01-02 15:04")))
	}
	var total answersSum
	// A revision row no interview's record was read for: its
	// interview is gone, or its record could not be read.
	unheld := func(k, v []byte) { s.unheldRevision(tx, k, v, add) }
	// The interviews are walked in order, each looking up its revision
	// row beside its record, so that nothing is kept per interview.
	h := headers(tx)
	for k, v := h.First(); k != nil; k, v = h.Next() {
		mineV := revisionAt(tx, k)
		// The log rows revisionOf seeks lie beside them.
		sc.add(len(v) + len(mineV) + 4096)
		s.checkRevision(tx, k, v, mineV, &total, add, unheld)
	}
	// Revision rows of no record: a file of format 3 keeps them in
	// their bucket; in the log, verify's walk of its rows finds them
	// (unheldRevision).
	if b := tx.Bucket([]byte(bucketRevisions)); b != nil {
		b.ForEach(func(k, v []byte) error {
			if headerAt(tx, k) == nil {
				unheld(k, v)
			}
			return nil
		})
	}
	if stored, _ := parseSum(sum.Sum); stored != total {
		add(wordSummaryDiffer)
	}
	return notes
}

// unheldRevision reports a revision row no interview's record was read
// for: its interview is gone, or its record could not be read.
func (s *Store) unheldRevision(tx *bolt.Tx, seq, v []byte, add func(Wording, ...any)) {
	var rev revision
	if err := s.decodeRevision(seq, v, &rev); err != nil {
		add(WordUnreadable, err)
		return
	}
	if headerAt(tx, seq) == nil {
		add(wordRemoved, rev.ID, rev.Revision)
	}
}

// checkRevision compares an interview's record (v), as its rows say it
// is now, with its revision row (mineV), either of which may be missing,
// and adds the interview to total.
func (s *Store) checkRevision(tx *bolt.Tx, k, v, mineV []byte, total *answersSum, add func(Wording, ...any), unheld func(k, v []byte)) {
	if v == nil {
		if mineV != nil {
			unheld(k, mineV)
		}
		return
	}
	var iv Interview
	if err := s.decodeHeader(k, v, &iv); err != nil {
		if mineV != nil {
			unheld(k, mineV)
		}
		return // reported with the records
	}
	now := revisionOf(tx, k, iv)
	total.plus(now.element(k))
	var want revision
	switch err := s.decodeRevision(k, mineV, &want); {
	case mineV == nil:
		add(wordNoRevisionRow, iv.ID)
	case err != nil:
		add(wordRevisionRow, iv.ID, err)
	case want.ID != iv.ID:
		add(WordMovedRow, iv.ID, want.ID)
	default:
		if p, ok := revisionProblem(want, now); ok {
			add(WordInterview, iv.ID, p)
		}
	}
}

// revisionProblem says how an interview's rows differ from what the
// file last wrote of it; ok is false when they do not.
func revisionProblem(want, now revision) (p Problem, ok bool) {
	switch {
	case want.Revision != now.Revision || want.Hash != now.Hash:
		return NewProblem(wordRolledBack, now.Revision, want.Revision), true
	}
	for i, name := range []string{bucketChanges, bucketEvents, bucketHistory} {
		if want.Logged[i] != now.Logged[i] {
			w := logRowWords(logKinds[name])
			if now.Logged[i] < want.Logged[i] {
				return NewProblem(wordRowsRemoved, w, now.Logged[i], want.Logged[i]), true
			}
			return NewProblem(wordRowsAdded, now.Logged[i], w, want.Logged[i]), true
		}
	}
	return Problem{}, false
}

// plus and sub add and take away a summary's element.
func (s *answersSum) plus(e answersSum) {
	for i := range s {
		s[i] += e[i]
	}
}

func (s *answersSum) sub(e answersSum) {
	for i := range s {
		s[i] -= e[i]
	}
}

package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Facts are what the file keeps of an interview for the screens that
// list and count interviews (quality checks, progress, summaries): made
// by the file's Indexer every time the interview's record is written, in
// the same transaction, and kept in the record, so that those screens
// read records, not every answer. The store does not read Data; it keeps
// the keyed hashes of the interview's identifiers in an index of their
// own (bucketIdentifiers), so that a duplicate is found without reading
// every interview.
type Facts struct {
	// Key is the Indexer's key the facts were made under: facts of
	// another key (another questionnaire) are made again.
	Key  string `json:"k"`
	Data []byte `json:"d,omitempty"`
	// IDs are the keyed hashes of the interview's identifiers, in the
	// order the Indexer gave them.
	IDs []IdentifierHash `json:"i,omitempty"`
	// preparedBy is the file whose PrepareNew made the facts (prepare.go).
	preparedBy *Store
	// oldRow says that the facts were read from a row of an earlier
	// format: SetIndexer writes it again.
	oldRow bool
}

// Identifier is the answer to a question whose value no two respondents
// share (a question with pii = hash).
type Identifier struct {
	Question, Value string
}

// IdentifierHash is an Identifier as the file keeps it: its question and
// the keyed hash of the question and value.
type IdentifierHash struct {
	Question string `json:"q"`
	Hash     string `json:"h"`
}

// IndexChange is one write of an interview, for an Indexer to fold into
// the facts it made before.
type IndexChange struct {
	// Interview is the record as written (Facts aside).
	Interview Interview
	// Answers returns every answer of the interview after the write.
	Answers func() (map[string]Answer, error)
	// Prev is the Data of the facts before the write; nil when Whole.
	Prev []byte
	// Changed are the paths of the answers the write changed, and Events
	// the paradata it added; when Whole, Events are all the interview's
	// paradata, in the order they were written.
	Changed []string
	Events  []Event
	Whole   bool
}

// ErrWholeInterview is returned by an Indexer that cannot fold a change
// into the facts it made before (paradata come out of order): it is then
// given the whole interview.
var ErrWholeInterview = errors.New("the facts need the whole interview")

// Indexer makes an interview's facts. siap's comes from the
// questionnaire (export.NewIndexer); the store only keeps what it makes.
type Indexer interface {
	// Key names the rules the facts follow (the questionnaire, the
	// version of the facts): facts of another key are made again.
	Key() string
	// Index returns an interview's facts after a write, and its
	// identifiers.
	Index(c IndexChange) ([]byte, []Identifier, error)
}

// bucketIdentifiers indexes the keyed hashes of identifiers: its keys are
// the 12 bytes of a hash then the interview's sequence number, so that
// the interviews sharing a value are neighbours. A key tells only that
// an interview has some identifier with that hash.
const bucketIdentifiers = "identifiers"

// factsKey, in meta, holds the Indexer's key when every record's facts
// are made under it and bucketIdentifiers holds them all; it is dropped
// by a write without an Indexer, or one that deletes interviews, and set
// again by SetIndexer once the facts are made again.
var factsKey = []byte("facts")

// factsLayout prefixes the key kept under factsKey: facts kept another
// way (by another siap) are made again.
const factsLayout = "rows/2 "

// factsKeyOf reads what meta keeps under factsKey: the Indexer's key, or
// "" when the facts are not all made or kept another way.
func factsKeyOf(tx *bolt.Tx) string {
	v, ok := strings.CutPrefix(string(tx.Bucket([]byte(bucketMeta)).Get(factsKey)), factsLayout)
	if !ok {
		return ""
	}
	return v
}

// SetIndexer makes ix the file's Indexer: from now on every write of an
// interview's record makes its facts. A file whose facts were made under
// another key, or by no Indexer, has them made again (those of other
// keys alone read answers and paradata), a batch of interviews per
// transaction, progress told how many are done after each. A file
// opened read-only is left as it is: readers ask
// FactsKey whether its facts can be trusted.
func (s *Store) SetIndexer(ix Indexer, progress func(done, total int)) error {
	hash, err := s.KeyedHasher()
	if err != nil && !s.db.IsReadOnly() {
		return err
	}
	s.indexer, s.piiHash, s.factsPrint = ix, hash, printOf(ix.Key())
	if s.db.IsReadOnly() {
		return nil
	}
	if key, err := s.FactsKey(); err != nil || key == ix.Key() {
		return err
	}
	err = s.update(func(tx *bolt.Tx) error {
		if err := tx.Bucket([]byte(bucketMeta)).Delete(factsKey); err != nil {
			return err
		}
		if tx.Bucket([]byte(bucketIdentifiers)) != nil {
			if err := tx.DeleteBucket([]byte(bucketIdentifiers)); err != nil {
				return err
			}
		}
		_, err := tx.CreateBucket([]byte(bucketIdentifiers))
		return err
	})
	if err != nil {
		return fmt.Errorf("data file %s: index the interviews: %w", s.path, err)
	}
	var done func(int)
	if progress != nil {
		c, err := s.Counts()
		if err != nil {
			return err
		}
		total := c.Total()
		progress(0, total)
		done = func(n int) { progress(n, max(n, total)) }
	}
	key := ix.Key()
	err = s.rewriteRecords(func(tx *bolt.Tx, r *row) (bool, error) {
		if r.iv.Facts != nil && r.iv.Facts.Key == key && !r.iv.Facts.oldRow {
			return false, s.putIdentifiers(tx, r.seq, nil, r.iv.Facts.IDs)
		}
		before := r.iv
		r.before = &before
		return true, nil
	}, done)
	if err != nil {
		return fmt.Errorf("data file %s: index the interviews: %w", s.path, err)
	}
	return s.update(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte(bucketMeta)).Put(factsKey, []byte(factsLayout+ix.Key()))
	})
}

// FactsKey is the key of the Indexer every record's facts were made
// under, or "" when some were not (a file of an earlier siap, written by
// a command without the questionnaire, or with interviews deleted since).
func (s *Store) FactsKey() (key string, err error) {
	err = s.view(func(tx *bolt.Tx) error {
		key = factsKeyOf(tx)
		return nil
	})
	return key, err
}

// SharedIdentifiers returns the keyed hashes (as IdentifierHash.Hash)
// that two or more interviews share, with how many share each. It reads
// the index of identifiers, not the interviews; it is complete when
// FactsKey is the key of the Indexer that made the facts.
func (s *Store) SharedIdentifiers() (*SharedHashes, error) {
	shared := &SharedHashes{}
	err := s.view(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte(bucketIdentifiers))
		if b == nil {
			return nil
		}
		sc := newScan(tx)
		defer sc.done()
		var run []byte
		n := 0
		flush := func() error {
			if n > 1 {
				return shared.Add(run, n)
			}
			return nil
		}
		err := b.ForEach(func(k, _ []byte) error {
			sc.add(len(k))
			if len(k) < identifierHashBytes {
				return fmt.Errorf("identifier index key %x is damaged; run siap verify", k)
			}
			h := k[:identifierHashBytes]
			if bytes.Equal(h, run) {
				n++
				return nil
			}
			if err := flush(); err != nil {
				return err
			}
			run, n = append(run[:0], h...), 1
			return nil
		})
		if err != nil {
			return err
		}
		return flush()
	})
	if err != nil {
		return nil, err
	}
	return shared, nil
}

// identifierHashBytes is the length of a keyed hash (KeyedHasher).
const identifierHashBytes = 12

// identifierKey is the index key of an identifier's hash in an
// interview.
func identifierKey(hash string, seq []byte) ([]byte, error) {
	h, err := hex.DecodeString(hash)
	if err != nil || len(h) != identifierHashBytes {
		return nil, fmt.Errorf("identifier hash %q is damaged", hash)
	}
	return append(h, seq...), nil
}

// putIdentifiers moves an interview's entries in the identifier index
// from its old identifiers to its new ones.
func (s *Store) putIdentifiers(tx *bolt.Tx, seq []byte, old, now []IdentifierHash) error {
	b := tx.Bucket([]byte(bucketIdentifiers))
	if b == nil {
		if len(now) == 0 {
			return nil
		}
		var err error
		if b, err = tx.CreateBucket([]byte(bucketIdentifiers)); err != nil {
			return err
		}
	}
	has := func(list []IdentifierHash, h string) bool {
		return slices.ContainsFunc(list, func(x IdentifierHash) bool { return x.Hash == h })
	}
	for _, o := range old {
		if has(now, o.Hash) {
			continue
		}
		k, err := identifierKey(o.Hash, seq)
		if err != nil {
			return err
		}
		if err := s.journal(tx, bucketIdentifiers, k); err != nil {
			return err
		}
		if err := b.Delete(k); err != nil {
			return err
		}
	}
	for _, n := range now {
		if has(old, n.Hash) && b.Get(mustKey(n.Hash, seq)) != nil {
			continue
		}
		k, err := identifierKey(n.Hash, seq)
		if err != nil {
			return err
		}
		v, err := s.codec.seal(bucketIdentifiers, k, nil)
		if err != nil {
			return err
		}
		if err := s.journal(tx, bucketIdentifiers, k); err != nil {
			return err
		}
		if err := b.Put(k, v); err != nil {
			return err
		}
	}
	return nil
}

// mustKey is identifierKey for a hash already checked.
func mustKey(hash string, seq []byte) []byte {
	k, _ := identifierKey(hash, seq)
	return k
}

// makeFacts makes the facts of the record a write leaves (r.iv), before
// it is written: from those it had, folding in what the write changed
// when the row says (r.fold), else from the whole interview as the
// transaction holds it. Without an Indexer, the record's facts are
// dropped and the file no longer claims that every record has them.
func (s *Store) makeFacts(tx *bolt.Tx, r *row) error {
	var old *Facts
	if r.before != nil {
		old = r.before.Facts
	}
	var oldIDs []IdentifierHash
	if old != nil {
		oldIDs = old.IDs
	}
	if s.indexer == nil {
		if r.keepFacts {
			return nil
		}
		r.iv.Facts = nil
		if err := s.putIdentifiers(tx, r.seq, oldIDs, nil); err != nil {
			return err
		}
		return dropFactsKey(tx)
	}
	key := s.indexer.Key()
	if r.before == nil && s.prepared(r.iv) {
		// Made by PrepareNew of this very record, new to the file.
		return s.putIdentifiers(tx, r.seq, nil, r.iv.Facts.IDs)
	}
	if r.keepFacts && old != nil && old.Key == key {
		r.iv.Facts = old
		return nil
	}
	var answers map[string]Answer
	c := IndexChange{Interview: r.iv, Answers: func() (map[string]Answer, error) {
		if answers == nil && r.answers != nil {
			answers = r.answers
		}
		if answers == nil {
			var err error
			if answers, err = s.answersAt(tx, r.seq); err != nil {
				return nil, err
			}
		}
		return answers, nil
	}}
	c.Interview.Facts = nil
	var data []byte
	var ids []Identifier
	err := ErrWholeInterview
	if r.fold && old != nil && old.Key == key {
		c.Prev, c.Changed, c.Events = old.Data, r.changed, r.events
		data, ids, err = s.indexer.Index(c)
	}
	if errors.Is(err, ErrWholeInterview) {
		c.Prev, c.Changed, c.Events, c.Whole = nil, nil, nil, true
		err = nil
		if r.allEvents != nil {
			c.Events = asStored(r.allEvents)
		} else {
			err = s.eventsAt(tx, r.seq, func(e Event) error { c.Events = append(c.Events, e); return nil })
		}
		if err == nil {
			data, ids, err = s.indexer.Index(c)
		}
	}
	if err != nil {
		return fmt.Errorf("index interview %s: %w", r.iv.ID, err)
	}
	f := &Facts{Key: key, Data: data}
	for _, id := range ids {
		if s.piiHash == nil {
			return fmt.Errorf("data file %s has no key for hashing identifiers", s.path)
		}
		f.IDs = append(f.IDs, IdentifierHash{Question: id.Question, Hash: s.piiHash(id.Question + "\x00" + id.Value)})
	}
	r.iv.Facts = f
	return s.putIdentifiers(tx, r.seq, oldIDs, f.IDs)
}

// asStored are events as reading them back gives them: times in UTC,
// without a monotonic clock reading, so that facts made from the events
// a write has in hand are those made from the events it stored.
func asStored(events []Event) []Event {
	out := make([]Event, len(events))
	for i, e := range events {
		e.Time = e.Time.UTC()
		out[i] = e
	}
	return out
}

// dropFactsKey says that not every record's facts can be trusted.
func dropFactsKey(tx *bolt.Tx) error {
	b := tx.Bucket([]byte(bucketMeta))
	if b == nil || b.Get(factsKey) == nil {
		return nil
	}
	return b.Delete(factsKey)
}

// factsCheck is what Verify checks of the facts: each record's are those
// its Indexer makes of the interview whole, and the identifier index
// holds the keyed hashes of every record's identifiers, no more.
type factsCheck struct {
	s       *Store
	tx      *bolt.Tx
	add     func(Wording, ...any)
	indexed int
	checked int
}

// factsChecker is nil when the facts cannot be checked: no Indexer, or
// a file whose facts are not all of its key.
func (s *Store) factsChecker(tx *bolt.Tx, add func(Wording, ...any)) *factsCheck {
	if s.indexer == nil || s.piiHash == nil || factsKeyOf(tx) != s.indexer.Key() {
		return nil
	}
	return &factsCheck{s: s, tx: tx, add: add}
}

func (c *factsCheck) check(seq []byte, iv Interview, answers map[string]Answer, events []Event) {
	c.checked++
	if !CheckFacts(c.s.indexer, c.s.piiHash, iv, answers, events, c.add) {
		return
	}
	b := c.tx.Bucket([]byte(bucketIdentifiers))
	for _, id := range iv.Facts.IDs {
		k, err := identifierKey(id.Hash, seq)
		if err != nil || b == nil || b.Get(k) == nil {
			c.add(WordIDMissing, iv.ID)
			continue
		}
		c.indexed++
	}
}

// CheckFacts is what siap verify checks of an interview's facts, on a
// data file or in a database: those it keeps (iv.Facts) are those ix
// makes of the interview whole, with the keyed hashes (hash) of its
// identifiers. add is told what disagrees; ok is false when the
// interview has no facts of ix's key to compare.
func CheckFacts(ix Indexer, hash func(string) string, iv Interview, answers map[string]Answer, events []Event, add func(Wording, ...any)) (ok bool) {
	kept := iv.Facts
	iv.Facts = nil
	data, ids, err := ix.Index(IndexChange{Interview: iv, Answers: func() (map[string]Answer, error) { return answers, nil }, Events: events, Whole: true})
	switch {
	case err != nil:
		add(wordFactsUnmade, iv.ID, err)
		return false
	case kept == nil || kept.Key != ix.Key():
		add(wordFactsMissing, iv.ID)
		return false
	case !bytes.Equal(kept.Data, data):
		add(wordFactsDisagree, iv.ID)
	}
	var want []IdentifierHash
	for _, id := range ids {
		want = append(want, IdentifierHash{Question: id.Question, Hash: hash(id.Question + "\x00" + id.Value)})
	}
	if !slices.Equal(want, kept.IDs) {
		add(wordIDHashes, iv.ID)
	}
	return true
}

// done checks that the identifier index holds no other entries, and
// that no other interview has facts. Their numbers are what the check of
// the file's pages counted (keys, nil when it found damage, which it
// reports), not read again through bbolt's map of the file: bbolt's
// bucket statistics read every page of the facts at once, which made a
// gigabyte of a file of 1,000,000 interviews resident.
func (c *factsCheck) done(keys map[string]int) {
	if keys == nil {
		return
	}
	n := keys[bucketIdentifiers]
	if n != c.indexed {
		c.add(WordIDCount, n, c.indexed)
	}
	if n := keys[bucketFacts]; n != c.checked {
		c.add(WordFactsCount, n, c.checked)
	}
}

// bucketFacts holds each interview's facts under its sequence number,
// with what the screens that read them show of its record (id,
// interviewer, status, times, indexed answers), in a compact binary
// row: those screens read this bucket alone (EachFacts), not the
// records.
const bucketFacts = "facts"

// Formats of a facts row. Format 2 keeps the id, status and identifier
// hashes as appendText and appendStatus do, times as appendOffset does
// (the update time from the creation time), and the Indexer's key (the same in every row, 72 bytes
// of siap's) as its fingerprint (factsPrint) when the file's Indexer is
// the one that made it; format 1 kept them all as strings, and is still
// read.
const (
	factsRowV1     = 1
	factsRowFormat = 2
)

// How a format-2 facts row names the Indexer's key.
const (
	factsKeyInline = iota
	factsKeyPrint
)

// factsPrint is an Indexer's key and its fingerprint: the first 8 bytes
// of its SHA-256.
type factsPrint struct {
	key   string
	print [8]byte
}

func printOf(key string) factsPrint {
	sum := sha256.Sum256([]byte(key))
	return factsPrint{key: key, print: [8]byte(sum[:8])}
}

// unknownFactsKey starts the key of facts read from a row whose key's
// fingerprint is not that of the file's Indexer: such facts are made
// again (no Indexer's key starts so), and their row written as it was.
const unknownFactsKey = "\x00facts key "

// readFacts sets iv.Facts from the interview's facts row (nil when it
// has none).
func (s *Store) readFacts(tx *bolt.Tx, seq []byte, iv *Interview) error {
	iv.Facts = nil
	b := tx.Bucket([]byte(bucketFacts))
	if b == nil {
		return nil
	}
	data := b.Get(seq)
	if data == nil {
		return nil
	}
	var row Interview
	if err := s.decodeFactsRowAs(seq, data, &row, s.factsPrintIn(tx)); err != nil {
		return err
	}
	iv.Facts = row.Facts
	return nil
}

// factsPrintIn is the key facts rows are named by in tx: the file's
// Indexer's, else, when none was set, the one every row was made under
// (factsKey), so that a reader that sets no Indexer reads their keys
// whole and a write keeps naming them by their fingerprint.
func (s *Store) factsPrintIn(tx *bolt.Tx) factsPrint {
	if s.factsPrint.key != "" {
		return s.factsPrint
	}
	if key := factsKeyOf(tx); key != "" {
		return printOf(key)
	}
	return factsPrint{}
}

// putFacts writes an interview's facts row, or deletes it when the
// record has no facts.
func (s *Store) putFacts(tx *bolt.Tx, seq []byte, iv Interview, before *Interview) error {
	b := tx.Bucket([]byte(bucketFacts))
	if iv.Facts == nil && (b == nil || before == nil || before.Facts == nil) {
		return nil
	}
	if b == nil {
		var err error
		if b, err = tx.CreateBucket([]byte(bucketFacts)); err != nil {
			return err
		}
	}
	if err := s.journal(tx, bucketFacts, seq); err != nil {
		return err
	}
	if iv.Facts == nil {
		return b.Delete(seq)
	}
	data, err := s.codec.seal(bucketFacts, seq, encodeFactsRow(iv, s.factsPrintIn(tx)))
	if err != nil {
		return err
	}
	b.FillPercent = appendFill
	return b.Put(seq, data)
}

// EachFacts calls fn with every interview that has facts, in the order
// they reached the file, reading their facts rows alone: the Interview
// holds its ID, Interviewer, Status, Simulated, Created, Updated, Index
// and Facts, nothing else. Every interview has facts when FactsKey is
// its Indexer's key.
func (s *Store) EachFacts(fn func(Interview) error) error {
	known := s.factsPrint
	if known.key == "" {
		if err := s.view(func(tx *bolt.Tx) error { known = s.factsPrintIn(tx); return nil }); err != nil {
			return err
		}
	}
	return s.eachRow(bucketFacts, func(seq, data []byte, iv *Interview) error {
		return s.decodeFactsRowAs(seq, data, iv, known)
	}, fn)
}

// encodeFactsRow lays out a facts row; its key is named by its
// fingerprint when it is known's key.
func encodeFactsRow(iv Interview, known factsPrint) []byte {
	f := iv.Facts
	b := make([]byte, 0, 128+len(f.Data))
	var flags byte
	if iv.Simulated {
		flags = 1
	}
	b = append(b, factsRowFormat, flags)
	b = appendText(b, iv.ID)
	b = appendString(b, iv.Interviewer)
	b = appendStatus(b, iv.Status)
	b = appendOffset(b, iv.Created.UnixNano())
	b = appendOffset(b, iv.Updated.UnixNano()-iv.Created.UnixNano())
	b = appendIndex(b, iv.Index)
	if known.key != "" && f.Key == known.key {
		b = append(append(b, factsKeyPrint), known.print[:]...)
	} else if p, ok := strings.CutPrefix(f.Key, unknownFactsKey); ok && len(p) == 16 && hexOK(p) {
		h, _ := hex.DecodeString(p)
		b = append(append(b, factsKeyPrint), h...)
	} else {
		b = appendString(append(b, factsKeyInline), f.Key)
	}
	b = appendString(b, string(f.Data))
	b = binary.AppendUvarint(b, uint64(len(f.IDs)))
	for _, id := range f.IDs {
		b = appendText(appendString(b, id.Question), id.Hash)
	}
	return b
}

func hexOK(s string) bool { _, ok := hexBytes(s); return ok }

// decodeFactsRowAs opens and reads a facts row, naming its key by known.
func (s *Store) decodeFactsRowAs(seq, data []byte, iv *Interview, known factsPrint) error {
	plain, err := s.codec.open(bucketFacts, seq, data)
	if err == nil {
		err = readFactsRow(plain, iv, known)
	}
	if err != nil {
		return NewProblem(wordFactsOf, seq, err)
	}
	return nil
}

// decodeFactsHead opens a facts row and reads what it holds of the
// record, not the facts.
func (s *Store) decodeFactsHead(seq, data []byte, iv *Interview) error {
	plain, err := s.codec.open(bucketFacts, seq, data)
	if err == nil {
		r := readFactsHead(plain, iv, false)
		err = r.err
	}
	if err != nil {
		return fmt.Errorf("facts of record %x: %w; run siap verify", seq, err)
	}
	return nil
}

// readFactsHead reads what a facts row holds of the record, and returns
// the reader at its facts.
func readFactsHead(p []byte, iv *Interview, withFacts bool) *reader {
	if len(p) == 0 || p[0] != factsRowV1 && p[0] != factsRowFormat {
		return &reader{err: errRecordDamaged}
	}
	r := new(newReader(p[1:]))
	if !withFacts {
		// The facts are not read: the strings of the head are copied one
		// by one, not the whole row at once.
		r.text = ""
	}
	if p[0] == factsRowV1 {
		unix := func() time.Time { return time.Unix(0, r.varint()).UTC() }
		iv.ID, iv.Interviewer, iv.Status = r.str(), r.str(), Status(r.str())
		iv.Simulated = r.byte() == 1
		iv.Created, iv.Updated = unix(), unix()
	} else {
		flags := r.byte()
		iv.Simulated = flags&1 != 0
		iv.ID, iv.Interviewer, iv.Status = r.shortText(), r.str(), r.status()
		created := r.millisOffset()
		iv.Created, iv.Updated = time.Unix(0, created).UTC(), time.Unix(0, created+r.millisOffset()).UTC()
		if flags > 1 {
			r.fail()
		}
	}
	iv.Index = r.index()
	return r
}

// readFactsRow reads a facts row whole; a key named by its fingerprint
// is known's key when it is known's.
func readFactsRow(p []byte, iv *Interview, known factsPrint) error {
	r := readFactsHead(p, iv, true)
	if r.err != nil {
		return r.err
	}
	f := &Facts{}
	if p[0] == factsRowV1 {
		f.Key, f.oldRow = r.str(), true
	} else {
		switch r.byte() {
		case factsKeyInline:
			f.Key = r.str()
		case factsKeyPrint:
			if len(r.b) < 8 {
				r.fail()
				break
			}
			if known.key != "" && [8]byte(r.b[:8]) == known.print {
				f.Key = known.key
			} else {
				f.Key = unknownFactsKey + hex.EncodeToString(r.b[:8])
			}
			r.b = r.b[8:]
		default:
			r.fail()
		}
	}
	if data := r.str(); data != "" {
		f.Data = []byte(data)
	}
	for n := r.count(); n > 0; n-- {
		id := IdentifierHash{Question: r.str()}
		if p[0] == factsRowV1 {
			id.Hash = r.str()
		} else {
			id.Hash = r.shortText()
		}
		f.IDs = append(f.IDs, id)
	}
	if r.err != nil || len(r.b) != 0 {
		return errRecordDamaged
	}
	iv.Facts = f
	return nil
}

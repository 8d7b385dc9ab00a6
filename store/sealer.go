package store

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"
)

// A Sealer seals and opens the values of a study's rows exactly as a
// data file does (codec.go, layout.go): each value bound to its table
// and key, records in the same binary formats. It is how another
// implementation of Interviews (a server's database) keeps the same rows
// under the study's data key, so that nothing it stores is readable
// without the passphrase, and a value moved to another row fails to
// open.
type Sealer struct{ c codec }

// Tables whose values are JSON records (SealValue, OpenValue), as a
// data file's buckets of the same names.
const (
	TableSettings  = bucketSettings
	TableForms     = bucketForms
	TableConflicts = bucketConflicts
	TableCounts    = bucketCounts
)

// Kinds of an interview's numbered log rows (layout.go).
const (
	LogEvents  = 2
	LogHistory = 3
)

// NewStudyKey makes a new data key and returns it wrapped under the
// passphrase (with Argon2id, as a data file's key record is), and the
// Sealer it opens. The passphrase must be hard to guess; name says what
// it protects, for that check.
func NewStudyKey(passphrase, name string) (record []byte, s Sealer, err error) {
	if err := CheckNewPassphrase(passphrase, name); err != nil {
		return nil, Sealer{}, err
	}
	dataKey := make([]byte, 32)
	if _, err := rand.Read(dataKey); err != nil {
		return nil, Sealer{}, err
	}
	k, err := wrap(dataKey, passphrase)
	if err != nil {
		return nil, Sealer{}, err
	}
	record, err = json.Marshal(k)
	if err != nil {
		return nil, Sealer{}, err
	}
	c, err := newSealedCodec(dataKey)
	return record, Sealer{c}, err
}

// UnlockStudyKey opens a key record NewStudyKey made with its
// passphrase: ErrWrongPassphrase when it does not.
func UnlockStudyKey(record []byte, passphrase string) (Sealer, error) {
	var k keyRecord
	if err := json.Unmarshal(record, &k); err != nil {
		return Sealer{}, fmt.Errorf("%w: %v", ErrKeyRecord, err)
	}
	dataKey, _, err := k.unwrapKEK(passphrase)
	if err != nil {
		return Sealer{}, err
	}
	c, err := newSealedCodec(dataKey)
	return Sealer{c}, err
}

// NewKeyedHashKey is a new secret for KeyedHash, in hex.
func NewKeyedHashKey() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return fmt.Sprintf("%x", b), nil
}

// SeqKey is the key of an interview's rows: its sequence number.
func SeqKey(seq int64) []byte { return seqKey(uint64(seq)) }

func logKey(seq int64, kind byte, n uint32) []byte {
	return binary.BigEndian.AppendUint32(append(SeqKey(seq), kind), n)
}

func logName(kind byte) (string, error) {
	switch kind {
	case LogEvents:
		return bucketEvents, nil
	case LogHistory:
		return bucketHistory, nil
	}
	return "", fmt.Errorf("log rows of kind %d are not ones siap writes", kind)
}

// SealValue and OpenValue keep a JSON record in a table by name.
func (s Sealer) SealValue(table, key string, v any) ([]byte, error) {
	plain, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encode %s record: %w", table, err)
	}
	return s.c.seal(table, []byte(key), plain)
}

func (s Sealer) OpenValue(table, key string, data []byte, v any) error {
	plain, err := s.c.open(table, []byte(key), data)
	if err != nil {
		return fmt.Errorf("%s record %s: %w", table, key, err)
	}
	if err := json.Unmarshal(plain, v); err != nil {
		return fmt.Errorf("%s record %s is damaged: %w", table, key, err)
	}
	return nil
}

// SealInterview and OpenInterview keep an interview's record (without
// its history, kept in log rows).
func (s Sealer) SealInterview(seq int64, iv Interview) ([]byte, error) {
	iv.History = nil
	st := Store{codec: s.c}
	return st.encodeHeader(SeqKey(seq), iv, true)
}

func (s Sealer) OpenInterview(seq int64, data []byte) (Interview, error) {
	var iv Interview
	st := Store{codec: s.c}
	err := st.decodeHeader(SeqKey(seq), data, &iv)
	return iv, err
}

// SealAnswers and OpenAnswers keep an interview's answers, times
// relative to its start.
func (s Sealer) SealAnswers(seq int64, answers map[string]Answer, created time.Time) ([]byte, error) {
	return s.c.seal(bucketAnswers, SeqKey(seq), encodeAnswers(answers, created))
}

func (s Sealer) OpenAnswers(seq int64, data []byte) (map[string]Answer, error) {
	st := Store{codec: s.c}
	return st.baseAnswers(SeqKey(seq), data)
}

// SealEvents and OpenEvents keep an interview's n-th batch of paradata.
func (s Sealer) SealEvents(seq int64, n uint32, events []Event) ([]byte, error) {
	return s.c.seal(bucketEvents, logKey(seq, LogEvents, n), encodeEvents(events))
}

// OpenLog opens an interview's n-th log row of a kind: a batch of
// paradata handed to events one by one, or a digest of its history
// handed to history.
func (s Sealer) OpenLog(seq int64, kind byte, n uint32, data []byte, events func(Event) error, history func(string)) error {
	name, err := logName(kind)
	if err != nil {
		return err
	}
	key := logKey(seq, kind, n)
	plain, err := s.c.open(name, key, data)
	if err != nil {
		return fmt.Errorf("%s of record %x: %w", name, key, err)
	}
	if kind == LogHistory {
		history(string(plain))
		return nil
	}
	if err := decodeEvents(plain, events); err != nil {
		return fmt.Errorf("paradata of record %x: %w", key, err)
	}
	return nil
}

// SealHistory keeps the n-th digest an interview had before.
func (s Sealer) SealHistory(seq int64, n uint32, digest string) ([]byte, error) {
	return s.c.seal(bucketHistory, logKey(seq, LogHistory, n), []byte(digest))
}

// SealFacts and OpenFacts keep an interview's facts row (facts.go): its
// Facts with what lists show of its record, as a data file keeps it.
func (s Sealer) SealFacts(seq int64, iv Interview) ([]byte, error) {
	if iv.Facts == nil {
		return nil, fmt.Errorf("interview %s has no facts to keep", iv.ID)
	}
	return s.c.seal(bucketFacts, SeqKey(seq), encodeFactsRow(iv, factsPrint{}))
}

func (s Sealer) OpenFacts(seq int64, data []byte) (Interview, error) {
	var iv Interview
	st := Store{codec: s.c}
	err := st.decodeFactsRowAs(SeqKey(seq), data, &iv, factsPrint{})
	return iv, err
}

// FactsLayout prefixes the Indexer's key where a database says under
// which its facts were all made, as a data file does (factsLayout).
const FactsLayout = factsLayout

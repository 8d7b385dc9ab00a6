package store

import (
	"encoding/json"
	"errors"
	"fmt"
)

// codec is the one place every stored value passes through, so that
// values can be sealed (encrypted and authenticated) without touching
// callers. Keys are never sealed: they hold no personal data.
type codec interface {
	seal(bucket string, key, plain []byte) ([]byte, error)
	open(bucket string, key, sealed []byte) ([]byte, error)
}

// plainFormat marks a value stored as it is.
const plainFormat = 'P'

// plainCodec stores values unchanged behind a format byte.
type plainCodec struct{}

func (plainCodec) seal(_ string, _, plain []byte) ([]byte, error) {
	out := make([]byte, 0, len(plain)+1)
	return append(append(out, plainFormat), plain...), nil
}

func (plainCodec) open(_ string, _, sealed []byte) ([]byte, error) {
	if len(sealed) == 0 || sealed[0] != plainFormat {
		return nil, errors.New("value is not in a format this siap reads")
	}
	return sealed[1:], nil
}

// encode turns a record into the bytes stored under bucket/key.
func (s *Store) encode(bucket string, key []byte, v any) ([]byte, error) {
	plain, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encode %s record: %w", bucket, err)
	}
	return s.codec.seal(bucket, key, plain)
}

// decode reads a record stored under bucket/key.
func (s *Store) decode(bucket string, key, data []byte, v any) error {
	plain, err := s.codec.open(bucket, key, data)
	if err != nil {
		return NewProblem(wordRecordOf, recordWords(bucket), key, err)
	}
	if err := json.Unmarshal(plain, v); err != nil {
		return NewProblem(wordRecordDamaged, recordWords(bucket), key, err)
	}
	return nil
}

// encodeHeader and decodeHeader store an interview's record: binary
// (recordcodec.go), deflated when that pays in bulk writes, sealed under
// its key. A record of an earlier siap, JSON behind recordRaw or
// recordDeflated, is still read.
func (s *Store) encodeHeader(seq []byte, iv Interview, deflate bool) ([]byte, error) {
	return s.codec.seal(bucketInterviews, seq, encodeRecord(&iv, deflate))
}

func (s *Store) decodeHeader(seq, data []byte, iv *Interview) error {
	plain, err := s.codec.open(bucketInterviews, seq, data)
	if err == nil {
		err = readHeader(plain, iv)
	}
	if err != nil {
		return NewProblem(wordRecordDamaged, recordWords(bucketInterviews), seq, err)
	}
	return nil
}

// readHeader reads an interview's record as opened, in any format.
func readHeader(plain []byte, iv *Interview) error {
	if len(plain) > 0 && plain[0] == recordBinary {
		return decodeRecord(plain[1:], iv)
	}
	plain, err := unpack(plain)
	if err == nil {
		err = json.Unmarshal(plain, iv)
	}
	return err
}

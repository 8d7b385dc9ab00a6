package store

import (
	"crypto/cipher"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"
	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/chacha20poly1305"
)

// sealedFormat marks a value encrypted with the file's data key.
const sealedFormat = 'E'

// MinPassphrase is the shortest passphrase siap accepts.
const MinPassphrase = 10

// ErrWrongPassphrase is returned when a passphrase does not open a file.
var ErrWrongPassphrase = errors.New("wrong passphrase")

// ErrPassphraseNeeded is returned when an encrypted file is opened
// without a passphrase.
var ErrPassphraseNeeded = errors.New("the data file is encrypted: a passphrase is needed")

// kdfParams are Argon2id's settings, kept with the salt in the file so
// that stronger settings later still open older files. The defaults are
// RFC 9106's second recommended option: t=3, m=64 MiB, p=4.
type kdfParams struct {
	Time    uint32 `json:"t"`
	MemKiB  uint32 `json:"m"`
	Threads uint8  `json:"p"`
	Salt    []byte `json:"salt"`
}

var defaultKDF = kdfParams{Time: 3, MemKiB: 64 * 1024, Threads: 4}

// newFileKDF is what new keys are derived with: defaultKDF, except in a
// test binary that asked for cheap settings (UseTestKeyDerivation).
var newFileKDF = defaultKDF

// keyRecord is stored, unencrypted, in the meta bucket: how to derive
// the key that unwraps the data key, and the wrapped data key.
type keyRecord struct {
	KDF     string    `json:"kdf"`
	Params  kdfParams `json:"params"`
	Wrapped []byte    `json:"wrapped"` // nonce, then the data key sealed with the derived key
}

const metaKey = "key"

func (p kdfParams) derive(passphrase string) []byte {
	return argon2.IDKey([]byte(passphrase), p.Salt, p.Time, p.MemKiB, p.Threads, chacha20poly1305.KeySize)
}

// wrap seals a data key with a key derived from the passphrase, under a
// fresh salt.
func wrap(dataKey []byte, passphrase string) (keyRecord, error) {
	params := newFileKDF
	params.Salt = make([]byte, 16)
	if _, err := rand.Read(params.Salt); err != nil {
		return keyRecord{}, err
	}
	aead, err := chacha20poly1305.NewX(params.derive(passphrase))
	if err != nil {
		return keyRecord{}, err
	}
	nonce := make([]byte, aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return keyRecord{}, err
	}
	return keyRecord{KDF: "argon2id", Params: params, Wrapped: aead.Seal(nonce, nonce, dataKey, []byte("siap data key"))}, nil
}

// unwrap recovers the data key; a wrong passphrase fails authentication.
func (k keyRecord) unwrap(passphrase string) ([]byte, error) {
	if k.KDF != "argon2id" {
		return nil, fmt.Errorf("key derivation %q is not one this siap knows", k.KDF)
	}
	aead, err := chacha20poly1305.NewX(k.Params.derive(passphrase))
	if err != nil {
		return nil, err
	}
	n := aead.NonceSize()
	if len(k.Wrapped) < n {
		return nil, errors.New("the wrapped data key is damaged")
	}
	key, err := aead.Open(nil, k.Wrapped[:n], k.Wrapped[n:], []byte("siap data key"))
	if err != nil {
		return nil, ErrWrongPassphrase
	}
	return key, nil
}

// sealedCodec encrypts every value with XChaCha20-Poly1305 under a
// random nonce, with the bucket path and key as associated data: a value
// copied or moved to another place fails to open.
type sealedCodec struct{ aead cipher.AEAD }

func newSealedCodec(dataKey []byte) (sealedCodec, error) {
	aead, err := chacha20poly1305.NewX(dataKey)
	return sealedCodec{aead}, err
}

func associated(bucket string, key []byte) []byte {
	return append(append([]byte(bucket), 0), key...)
}

func (c sealedCodec) seal(bucket string, key, plain []byte) ([]byte, error) {
	n := c.aead.NonceSize()
	out := make([]byte, 1+n, 1+n+len(plain)+c.aead.Overhead())
	out[0] = sealedFormat
	if _, err := rand.Read(out[1:]); err != nil {
		return nil, err
	}
	return c.aead.Seal(out, out[1:1+n], plain, associated(bucket, key)), nil
}

func (c sealedCodec) open(bucket string, key, sealed []byte) ([]byte, error) {
	n := c.aead.NonceSize()
	if len(sealed) < 1+n || sealed[0] != sealedFormat {
		return nil, errors.New("value is not sealed with this file's key")
	}
	plain, err := c.aead.Open(nil, sealed[1:1+n], sealed[1+n:], associated(bucket, key))
	if err != nil {
		return nil, errors.New("value fails authentication: it was changed or moved")
	}
	return plain, nil
}

// readKeyRecord returns the file's key record, or ok false for a file
// stored without encryption.
func readKeyRecord(tx *bolt.Tx) (k keyRecord, ok bool, err error) {
	meta := tx.Bucket([]byte(bucketMeta))
	if meta == nil {
		return k, false, nil
	}
	data := meta.Get([]byte(metaKey))
	if data == nil {
		return k, false, nil
	}
	if err := json.Unmarshal(data, &k); err != nil {
		return k, false, fmt.Errorf("the key record is damaged: %w", err)
	}
	return k, true, nil
}

// Encrypted reports whether the file's values are encrypted.
func (s *Store) Encrypted() bool { _, ok := s.codec.(sealedCodec); return ok }

// CheckPassphrase reports whether passphrase opens the file: nil, or
// ErrWrongPassphrase. It unlocks the screen of a siap left idle, without
// reopening the file.
func (s *Store) CheckPassphrase(passphrase string) error {
	var k keyRecord
	var ok bool
	err := s.view(func(tx *bolt.Tx) error {
		var err error
		k, ok, err = readKeyRecord(tx)
		return err
	})
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("data file %s is not encrypted (it was made with --no-encryption), so it has no passphrase", s.path)
	}
	_, err = k.unwrap(passphrase)
	return err
}

// ChangePassphrase rewraps the data key under a new passphrase; the data
// itself is not rewritten. Backups taken before keep the old passphrase.
func (s *Store) ChangePassphrase(old, new string) error {
	if len(new) < MinPassphrase {
		return fmt.Errorf("the new passphrase must have at least %d characters", MinPassphrase)
	}
	return s.update(func(tx *bolt.Tx) error {
		k, ok, err := readKeyRecord(tx)
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("data file %s is not encrypted (it was made with --no-encryption), so it has no passphrase", s.path)
		}
		dataKey, err := k.unwrap(old)
		if err != nil {
			return fmt.Errorf("data file %s: %w", s.path, err)
		}
		nk, err := wrap(dataKey, new)
		if err != nil {
			return err
		}
		data, err := json.Marshal(nk)
		if err != nil {
			return err
		}
		return tx.Bucket([]byte(bucketMeta)).Put([]byte(metaKey), data)
	})
}

package store

import (
	"crypto/cipher"
	"crypto/rand"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"

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

// The bounds of the settings siap derives a key with. The key record is
// read before anything can be authenticated, so a file or a pack made to
// harm could otherwise ask for 4 TiB of memory or a billion passes: these
// are far above what siap writes (64 MiB, 3 passes) and still open on a
// field laptop in seconds.
const (
	maxKDFTime    = 16
	minKDFMemKiB  = 8
	maxKDFMemKiB  = 1 << 20 // 1 GiB
	maxKDFThreads = 16
	minSaltLen    = 16
	maxSaltLen    = 64
)

// ErrKeyRecord is returned for a key record siap refuses to use.
var ErrKeyRecord = errors.New("the key record is damaged or was not made by siap")

// check refuses settings outside the bounds before any work is done.
func (p kdfParams) check() error {
	switch {
	case p.Time < 1 || p.Time > maxKDFTime:
		return fmt.Errorf("%w: Argon2id passes t=%d, outside 1 to %d", ErrKeyRecord, p.Time, maxKDFTime)
	case p.MemKiB < minKDFMemKiB || p.MemKiB > maxKDFMemKiB:
		return fmt.Errorf("%w: Argon2id memory m=%d KiB, outside %d to %d", ErrKeyRecord, p.MemKiB, minKDFMemKiB, maxKDFMemKiB)
	case p.Threads < 1 || p.Threads > maxKDFThreads:
		return fmt.Errorf("%w: Argon2id lanes p=%d, outside 1 to %d", ErrKeyRecord, p.Threads, maxKDFThreads)
	case len(p.Salt) < minSaltLen || len(p.Salt) > maxSaltLen:
		return fmt.Errorf("%w: a salt of %d bytes, outside %d to %d", ErrKeyRecord, len(p.Salt), minSaltLen, maxSaltLen)
	}
	return nil
}

// keyRecord is stored, unencrypted, in the meta bucket: how to derive
// the key that unwraps the data key, and the wrapped data key. A pack's
// record holds instead its pack key encrypted to its recipients
// (packcrypt.go).
type keyRecord struct {
	KDF string `json:"kdf"`
	// Version 1 binds the settings to the wrapped key: they are its
	// associated data. Version 0 (files of an earlier siap) bound only a
	// fixed label; such a record is rewritten as version 1 the first time
	// the file is opened for writing.
	Version int       `json:"v,omitempty"`
	Params  kdfParams `json:"params"`
	Wrapped []byte    `json:"wrapped"` // nonce, then the data key sealed with the derived key
	// To lists a pack's recipients' public keys, so that a pack opened
	// by someone else can say whom it is for.
	To []string `json:"to,omitempty"`
}

const metaKey = "key"

// keyRecordVersion is the version of the records siap writes.
const keyRecordVersion = 1

func (p kdfParams) derive(passphrase string) []byte {
	return argon2.IDKey([]byte(passphrase), p.Salt, p.Time, p.MemKiB, p.Threads, chacha20poly1305.KeySize)
}

// associatedData is what the wrapped key is authenticated with: a
// changed setting fails authentication as a wrong passphrase does.
func (k keyRecord) associatedData() []byte {
	if k.Version == 0 {
		return []byte("siap data key")
	}
	ad := fmt.Appendf(nil, "siap data key v%d\x00%s\x00", k.Version, k.KDF)
	ad = binary.BigEndian.AppendUint32(ad, k.Params.Time)
	ad = binary.BigEndian.AppendUint32(ad, k.Params.MemKiB)
	ad = append(ad, k.Params.Threads)
	return append(ad, k.Params.Salt...)
}

// wrap seals a data key with a key derived from the passphrase, under a
// fresh salt.
func wrap(dataKey []byte, passphrase string) (keyRecord, error) {
	params := newFileKDF
	params.Salt = make([]byte, 16)
	if _, err := rand.Read(params.Salt); err != nil {
		return keyRecord{}, err
	}
	k := keyRecord{KDF: "argon2id", Version: keyRecordVersion, Params: params}
	return k.sealWith(params.derive(passphrase), dataKey)
}

// sealWith sets the record's wrapped key: dataKey sealed with kek.
func (k keyRecord) sealWith(kek, dataKey []byte) (keyRecord, error) {
	aead, err := chacha20poly1305.NewX(kek)
	if err != nil {
		return keyRecord{}, err
	}
	nonce := make([]byte, aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return keyRecord{}, err
	}
	k.Wrapped = aead.Seal(nonce, nonce, dataKey, k.associatedData())
	return k, nil
}

// unwrap recovers the data key; a wrong passphrase fails authentication.
func (k keyRecord) unwrap(passphrase string) ([]byte, error) {
	key, _, err := k.unwrapKEK(passphrase)
	return key, err
}

// unwrapKEK recovers the data key and the key derived from the
// passphrase that unwrapped it. Settings outside siap's bounds are
// refused before the derivation runs.
func (k keyRecord) unwrapKEK(passphrase string) (dataKey, kek []byte, err error) {
	switch {
	case k.KDF == packKDF:
		return nil, nil, ErrPackNotForYou
	case k.KDF != "argon2id":
		return nil, nil, fmt.Errorf("%w: key derivation %q is not one this siap knows", ErrKeyRecord, k.KDF)
	case k.Version < 0 || k.Version > keyRecordVersion:
		return nil, nil, fmt.Errorf("%w: key record version %d (this siap reads up to %d)", ErrKeyRecord, k.Version, keyRecordVersion)
	}
	if err := k.Params.check(); err != nil {
		return nil, nil, err
	}
	kek = k.Params.derive(passphrase)
	aead, err := chacha20poly1305.NewX(kek)
	if err != nil {
		return nil, nil, err
	}
	n := aead.NonceSize()
	if len(k.Wrapped) != n+chacha20poly1305.KeySize+aead.Overhead() {
		return nil, nil, fmt.Errorf("%w: the wrapped data key has %d bytes", ErrKeyRecord, len(k.Wrapped))
	}
	key, err := aead.Open(nil, k.Wrapped[:n], k.Wrapped[n:], k.associatedData())
	if err != nil {
		return nil, nil, ErrWrongPassphrase
	}
	return key, kek, nil
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
		return nil, errNotSealed
	}
	plain, err := c.aead.Open(nil, sealed[1:1+n], sealed[1+n:], associated(bucket, key))
	if err != nil {
		return nil, errTampered
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
		return k, false, fmt.Errorf("%w: %v", ErrKeyRecord, err)
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
		return failure(ErrNotEncrypted, s.path, "", "data file %s is not encrypted (it was made with --no-encryption), so it has no passphrase", s.path)
	}
	_, err = k.unwrap(passphrase)
	return err
}

// ChangePassphrase rewraps the data key under a new passphrase; the data
// itself is not rewritten. Backups taken before keep the old passphrase.
func (s *Store) ChangePassphrase(old, new string) error {
	if err := CheckNewPassphrase(new, filepath.Base(s.path)); err != nil {
		return err
	}
	return s.update(func(tx *bolt.Tx) error {
		k, ok, err := readKeyRecord(tx)
		if err != nil {
			return err
		}
		if !ok {
			return failure(ErrNotEncrypted, s.path, "", "data file %s is not encrypted (it was made with --no-encryption), so it has no passphrase", s.path)
		}
		dataKey, err := k.unwrap(old)
		if errors.Is(err, ErrWrongPassphrase) {
			return failure(ErrWrongPassphrase, s.path, "", "data file %s: %w", s.path, err)
		}
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

// upgradeKeyRecord rewrites a key record of an earlier siap so that its
// settings are bound to the wrapped key, with the key the passphrase
// derived (no second derivation).
func (s *Store) upgradeKeyRecord(k keyRecord, kek, dataKey []byte) error {
	k.Version = keyRecordVersion
	nk, err := k.sealWith(kek, dataKey)
	if err != nil {
		return err
	}
	data, err := json.Marshal(nk)
	if err != nil {
		return err
	}
	return s.update(func(tx *bolt.Tx) error { return tx.Bucket([]byte(bucketMeta)).Put([]byte(metaKey), data) })
}

// valueError is a stored value that does not open: the file is damaged
// there (errors.Is(err, ErrDamaged)).
type valueError struct{ words Wording }

func (e valueError) Error() string        { return e.words.EN }
func (e valueError) Is(target error) bool { return target == ErrDamaged }

// In words the failure in a language, as Problem.In does.
func (e valueError) In(lang string, _ func(error) string) string {
	return NewProblem(e.words).In(lang, nil)
}

var (
	errTampered  = valueError{wordTampered}
	errNotSealed = valueError{wordNotSealed}
)

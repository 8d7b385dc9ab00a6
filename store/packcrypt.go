package store

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"filippo.io/age"
	bolt "go.etcd.io/bbolt"
)

// A pack is a data file of its own: its values are sealed, as any data
// file's, under a pack key made at random for that pack alone, and its
// key record holds that pack key encrypted with age to the recipients'
// public keys (X25519) instead of wrapped under a passphrase. Only a
// recipient's data file opens it, with the private key it keeps sealed
// inside; a merge reads it value by value, so that nothing of it is ever
// written to disk in clear. The sender's data key, private key and
// settings are not in it: a pack is written by merging the interviews
// into a new file, never by copying the data file.
//
// age (filippo.io/age) rather than a construction of siap's own: it is
// audited, made for exactly this (a file key encrypted to X25519
// recipients, authenticated), and its public keys are short enough to
// read out or paste.
const packKDF = "age-x25519"

// metaPack marks a pack in its meta bucket.
const metaPack = "pack"

// ErrPackNotForYou is returned when a pack was encrypted for others.
var ErrPackNotForYou = errors.New("the pack was not encrypted for this data file")

// ErrIsPack is returned when a pack is opened as a data file.
var ErrIsPack = errors.New("it is a pack, encrypted for the ones it was made for: merge it into their data file with siap merge")

// ErrPlainRefused is returned when an encrypted file is asked to merge
// a file made without encryption.
var ErrPlainRefused = errors.New("it is not encrypted (made with --no-encryption, for training), and this data file is: give --allow-plain to merge it anyway")

// ErrNoRecipients is returned for a pack of an encrypted file with no
// one to encrypt it for.
var ErrNoRecipients = errors.New("a pack of an encrypted data file needs the public key of who it is for")

// NotForYouError says whom a pack was made for.
type NotForYouError struct {
	Path string
	To   []string // the recipients, named where this file trusts them
	Own  string   // this file's public key
}

func (e *NotForYouError) Error() string {
	return fmt.Sprintf("pack %s was encrypted for %s, not for this data file (its key is %s): only their siap opens it; ask the sender for a pack made for this file's key",
		e.Path, strings.Join(e.To, ", "), e.Own)
}

func (e *NotForYouError) Unwrap() error { return ErrPackNotForYou }

// sealPackKey encrypts a pack key to its recipients.
func sealPackKey(packKey []byte, to []string) (keyRecord, error) {
	if len(to) == 0 {
		return keyRecord{}, ErrNoRecipients
	}
	rs := make([]age.Recipient, len(to))
	for i, k := range to {
		r, err := age.ParseX25519Recipient(k)
		if err != nil {
			return keyRecord{}, fmt.Errorf("%q is %w", k, ErrBadPublicKey)
		}
		rs[i] = r
	}
	var buf bytes.Buffer
	w, err := age.Encrypt(&buf, rs...)
	if err != nil {
		return keyRecord{}, err
	}
	if _, err := w.Write(packKey); err != nil {
		return keyRecord{}, err
	}
	if err := w.Close(); err != nil {
		return keyRecord{}, err
	}
	return keyRecord{KDF: packKDF, Version: keyRecordVersion, Wrapped: buf.Bytes(), To: to}, nil
}

// openPack recovers a pack key with a data file's private key.
func (k keyRecord) openPack(path string, id *age.X25519Identity) ([]byte, error) {
	r, err := age.Decrypt(bytes.NewReader(k.Wrapped), id)
	var noMatch *age.NoIdentityMatchError
	switch {
	case errors.As(err, &noMatch):
		return nil, &NotForYouError{Path: path, To: k.To, Own: id.Recipient().String()}
	case err != nil:
		return nil, fmt.Errorf("%w: %v", ErrKeyRecord, err)
	}
	key, err := io.ReadAll(io.LimitReader(r, 64))
	if err != nil || len(key) != 32 {
		return nil, fmt.Errorf("%w: the pack key does not read", ErrKeyRecord)
	}
	return key, nil
}

// PackOptions say whom a pack is for and what it holds.
type PackOptions struct {
	// To are the recipients' public keys (Recipients finds them); an
	// unencrypted data file makes unencrypted packs and needs none.
	To []string
	// Keep chooses the interviews the pack holds; nil is all of them.
	Keep func(Interview) bool
}

// Pack writes a pack of every interview, for the recipients' keys.
func (s *Store) Pack(path string, to ...string) error {
	_, err := s.PackFor(path, PackOptions{To: to})
	return err
}

// PackFor writes a pack safe to carry on a USB stick: a new file holding
// the interviews opts.Keep accepts, with the questionnaires, encrypted
// for opts.To. It is written under a temporary name and renamed, so that
// a pack is never seen half-written. It returns how many interviews the
// pack holds.
func (s *Store) PackFor(path string, opts PackOptions) (int, error) {
	if abs(path) == abs(s.path) {
		return 0, failure(ErrSameFile, path, "", "pack %s: that is the data file itself; name another file", path)
	}
	tmp := path + ".partial"
	os.Remove(tmp)
	fail := func(err error) (int, error) {
		os.Remove(tmp)
		return 0, fmt.Errorf("pack %s: %w", path, err)
	}
	started := s.now().UTC()
	p, err := s.newPack(tmp, opts.To)
	if err != nil {
		return fail(err)
	}
	res, err := p.mergeFrom(s, opts.Keep)
	if cerr := p.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fail(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fail(err)
	}
	// What a whole pack held has gone to the supervisor: a completed
	// interview is no longer its interviewer's to reopen. A file opened
	// read-only only reads.
	if opts.Keep == nil && !s.db.IsReadOnly() {
		if err := s.SetSetting(LastPackSetting, started.Format(time.RFC3339Nano)); err != nil {
			return res.Added, fmt.Errorf("pack %s: %w", path, err)
		}
	}
	return res.Added, nil
}

// LastPackSetting is the setting that keeps when the last whole pack of
// the file was made.
const LastPackSetting = "last_pack"

// InterviewerSetting is the setting that keeps the name of the
// interviewer whose laptop the file is: the interface asks it once, and
// an enrolment with headquarters gives it.
const InterviewerSetting = "interviewer"

// newPack makes an empty pack, encrypted for to when this file is.
func (s *Store) newPack(path string, to []string) (*Store, error) {
	return newPackFile(path, to, s.Encrypted(), s.now)
}

// newPackFile makes an empty pack, encrypted for to when encrypted.
func newPackFile(path string, to []string, encrypted bool, now func() time.Time) (*Store, error) {
	var rec []byte
	var c codec = plainCodec{}
	if encrypted {
		packKey := make([]byte, 32)
		if _, err := rand.Read(packKey); err != nil {
			return nil, err
		}
		k, err := sealPackKey(packKey, to)
		if err != nil {
			return nil, err
		}
		if rec, err = json.Marshal(k); err != nil {
			return nil, err
		}
		if c, err = newSealedCodec(packKey); err != nil {
			return nil, err
		}
	}
	db, err := openBolt(path, false)
	if err != nil {
		return nil, err
	}
	p := &Store{db: db, path: path, codec: c, now: now}
	err = p.update(func(tx *bolt.Tx) error {
		if err := layOut(tx); err != nil {
			return err
		}
		meta := tx.Bucket([]byte(bucketMeta))
		if err := meta.Put([]byte(metaPack), []byte("1")); err != nil {
			return err
		}
		if rec == nil {
			return nil
		}
		return meta.Put([]byte(metaKey), rec)
	})
	if err != nil {
		db.Close()
		return nil, err
	}
	return p, nil
}

// MergeOptions change how a file is merged.
type MergeOptions struct {
	// Passphrase opens a data file, or a pack of an earlier siap, locked
	// by a passphrase. A pack made for this file needs none.
	Passphrase string
	// AllowPlain lets an encrypted file merge one made without
	// encryption.
	AllowPlain bool
}

// MergeWith merges another data file or pack (see Merge). A pack opens
// with this file's private key; one made for others is refused, naming
// whom it was made for.
func (s *Store) MergeWith(path string, opts MergeOptions) (MergeResult, error) {
	res := MergeResult{File: path}
	if abs(path) == abs(s.path) {
		return res, failure(ErrSameFile, path, "", "merge %s: that is this data file itself", path)
	}
	o := Options{ReadOnly: true, Passphrase: opts.Passphrase}
	if id, err := s.identity(); err == nil {
		o.identity = id
	}
	other, err := Open(path, o)
	var notForYou *NotForYouError
	if errors.As(err, &notForYou) {
		trusted, _ := s.Trusted()
		for i, k := range notForYou.To {
			notForYou.To[i] = nameOf(trusted, k)
		}
	}
	var d *DamagedError
	if errors.As(err, &d) {
		// It is the pack that is damaged, not this data file: no backup
		// of this file is the answer.
		return res, failure(ErrDamaged, path, "", "merge %s: it cannot be read (%v): it is damaged, cut short or not a siap file; nothing was merged. Run siap --data %s verify to see what is wrong, and ask its sender to make it again: %w", path, d.Cause, path, ErrDamaged)
	}
	if err != nil {
		return res, fmt.Errorf("%w; nothing was merged", err)
	}
	defer other.Close()
	// The pages are checked first (a damaged page of the meta bucket can
	// hide the key record, and a damaged file pass for one without
	// encryption); a damaged record found while merging undoes the merge
	// like any other failure.
	if problems := other.checkPages(); len(problems) > 0 {
		return res, failure(ErrDamaged, path, "", "merge %s: the file is damaged (%s); nothing was merged. Run siap --data %s verify to see what is wrong, and ask its sender to make it again: %w", path, problems[0], path, ErrDamaged)
	}
	if s.Encrypted() && !other.Encrypted() && !opts.AllowPlain {
		return res, failure(ErrPlainRefused, path, "", "merge %s: %w; nothing was merged", path, ErrPlainRefused)
	}
	return s.mergeFrom(other, nil)
}

// IsPack tells whether the open file is a pack.
func (s *Store) IsPack() bool {
	var pack bool
	s.view(func(tx *bolt.Tx) error {
		pack = tx.Bucket([]byte(bucketMeta)).Get([]byte(metaPack)) != nil
		return nil
	})
	return pack
}

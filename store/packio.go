package store

import (
	"errors"
	"fmt"
	"time"

	"filippo.io/age"
)

// Packs for storage that is not a data file (a server's database): it
// keeps its private key as a setting, as a data file does
// (IdentitySetting), opens the packs made for it with OpenPack and
// imports their records (Interviews.Import), and makes packs with
// CreatePack, filled by Import and closed.

// IdentitySetting is the setting that keeps the private key (age
// X25519) packs for the study's storage are encrypted to.
const IdentitySetting = settingIdentity

// NewIdentity makes a private key as IdentitySetting keeps it.
func NewIdentity() (string, error) {
	id, err := age.GenerateX25519Identity()
	if err != nil {
		return "", err
	}
	return id.String(), nil
}

// PublicKeyOf is the public key of a private key IdentitySetting keeps.
func PublicKeyOf(identity string) (string, error) {
	id, err := age.ParseX25519Identity(identity)
	if err != nil {
		return "", errors.New("the private key kept is damaged; run siap verify")
	}
	return id.Recipient().String(), nil
}

// OpenPack opens, read-only, a pack made for the holder of identity. A
// pack made for other keys is a *NotForYouError, one of a data file
// without encryption ErrPlainRefused, and one whose pages or key record
// do not read is ErrDamaged or ErrKeyRecord: nothing of it is read.
func OpenPack(path, identity string) (*Store, error) {
	id, err := age.ParseX25519Identity(identity)
	if err != nil {
		return nil, errors.New("the private key kept is damaged; run siap verify")
	}
	p, err := Open(path, Options{ReadOnly: true, identity: id})
	var d *DamagedError
	switch {
	case errors.As(err, &d):
		return nil, fmt.Errorf("pack %s: %w", path, ErrDamaged)
	case errors.Is(err, ErrPassphraseNeeded), errors.Is(err, ErrWrongPassphrase):
		// A data file or a pack locked by a passphrase: not a pack for
		// this key.
		return nil, fmt.Errorf("pack %s: %w", path, ErrPackNotForYou)
	case err != nil:
		return nil, err
	}
	// The pages first: a damaged page of the meta bucket can hide the
	// key record, and a damaged pack pass for one without encryption.
	if problems := p.checkPages(); len(problems) > 0 {
		p.Close()
		return nil, fmt.Errorf("pack %s: %s: %w", path, problems[0], ErrDamaged)
	}
	if !p.Encrypted() {
		p.Close()
		return nil, fmt.Errorf("pack %s: %w", path, ErrPlainRefused)
	}
	return p, nil
}

// CreatePack makes an empty pack at path encrypted for the public keys
// to. Its questionnaires are added with AddForm and its interviews with
// Import; it is whole once closed.
func CreatePack(path string, to []string) (*Store, error) {
	return newPackFile(path, to, true, time.Now)
}

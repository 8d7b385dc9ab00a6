// Package server is headquarters: siap serve's HTTPS service that
// laptops enrol with and sync to (the protocol is package hq's). It
// keeps no state of its own: its certificate, the enrolment codes, the
// laptops it knows and the packs it took are settings of its storage,
// sealed with the study's key like every value, so that several
// processes on one database work together.
package server

import "siap/store"

// Storage is what headquarters needs of where it keeps the study: a
// data file (*store.Store) or a database with the same operations.
type Storage interface {
	Setting(key string) (string, error)
	SetSetting(key, value string) error
	// UpdateSetting reads and writes one setting in one transaction.
	UpdateSetting(key string, fn func(old string) (string, error)) error
	// PublicKey is headquarters' age key, which uploads are encrypted to.
	PublicKey() (string, error)
	CurrentForm() (store.FormSource, error)
	Encrypted() bool
	// MergeWith merges a pack made for headquarters' key, all or
	// nothing, with siap merge's rules.
	MergeWith(path string, opts store.MergeOptions) (store.MergeResult, error)
	// PackFor writes a pack of the interviews opts keeps.
	PackFor(path string, opts store.PackOptions) (int, error)
}

var _ Storage = (*store.Store)(nil)

// Settings headquarters keeps; the part after the slash is a hash or a
// fingerprint, never a name.
const (
	settingTLS     = "hq_tls"
	prefixEnrol    = "hq_enrol/"
	prefixLaptop   = "hq_laptop/"
	prefixReceived = "hq_pack/"
)

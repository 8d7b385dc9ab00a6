// Package server is headquarters: siap serve's HTTPS service that
// laptops enrol with and sync to (the protocol is package hq's). It
// keeps no state of its own: its keys and certificate, the enrolment
// codes, the laptops it knows and the packs it took are settings of the
// study's storage (store.Interviews: a data file, or PostgreSQL), sealed
// with the study's key like every value, so that several processes on
// one database work together.
package server

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"

	"siap/store"
)

// Settings headquarters keeps; the part after the slash is an enrolment
// code's id or a certificate's fingerprint, never a name. The ids of the
// packs merged are kept by the storage's Import (store.ImportOptions).
const (
	settingTLS     = "hq_tls"
	prefixEnrol    = "hq_enrol/"
	prefixLaptop   = "hq_laptop/"
	prefixReceived = "hq_pack/" // pack ids as siap kept them before Import did

	prefixMine = "hq_mine/"
)

// firstSetting returns the setting key, giving it make's value when it
// has none. Where the storage offers no transaction for it, two
// processes starting at once on a new study could each make one; the
// value read back after writing is the one both then use, from the
// next start on.
func firstSetting(st store.Interviews, key string, make func() (string, error)) (string, error) {
	if a, ok := st.(store.SettingUpdater); ok {
		err := a.UpdateSetting(key, func(old string) (string, error) {
			if old != "" {
				return old, nil
			}
			return make()
		})
		if err != nil {
			return "", err
		}
		return st.Setting(key)
	}
	v, err := st.Setting(key)
	if err != nil || v != "" {
		return v, err
	}
	if v, err = make(); err != nil {
		return "", err
	}
	if err := st.SetSetting(key, v); err != nil {
		return "", err
	}
	return st.Setting(key)
}

// encrypted tells whether st seals its values: a database always does,
// a data file unless made for training.
func encrypted(st store.Interviews) bool {
	e, ok := st.(interface{ Encrypted() bool })
	return !ok || e.Encrypted()
}

// Interviewers are the names headquarters made enrolment codes for,
// each once, sorted: the interviewers whose laptops may sync, and so the
// names a supervisor's team is made of.
func Interviewers(st store.Interviews) ([]string, error) {
	seen := map[string]bool{}
	err := st.EachSetting(prefixEnrol, func(_, value string) error {
		var e enrolment
		if err := json.Unmarshal([]byte(value), &e); err != nil {
			return fmt.Errorf("enrolment code: %w", err)
		}
		seen[e.Name] = true
		return nil
	})
	return slices.Sorted(maps.Keys(seen)), err
}

package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"filippo.io/age"
)

// Every data file has a key pair (X25519, in age's format): packs for it
// are encrypted to its public key, which teammates are given, and only
// its private key opens them. The private key is a setting, so it is
// sealed under the file's data key like every value: the file's
// passphrase unlocks it, and it never leaves the file (packs and exports
// hold none).
const (
	settingIdentity = "identity"
	settingTrusted  = "trusted_keys"
)

// TrustedKey is a teammate's public key this file encrypts packs to.
type TrustedKey struct {
	Name string `json:"name"`
	Key  string `json:"key"`
	// Supervisor keys are who an interviewer's pack is made for when it
	// names nobody.
	Supervisor bool `json:"supervisor,omitempty"`
}

// ErrBadPublicKey is returned for a public key siap cannot read.
var ErrBadPublicKey = errors.New("not a siap public key (they start with age1 and siap key prints them)")

// ensureIdentity gives the file its key pair, once.
func (s *Store) ensureIdentity() error {
	v, err := s.Setting(settingIdentity)
	if err != nil || v != "" {
		return err
	}
	id, err := age.GenerateX25519Identity()
	if err != nil {
		return fmt.Errorf("make the key pair of %s: %w", s.path, err)
	}
	return s.SetSetting(settingIdentity, id.String())
}

// identity is the file's private key.
func (s *Store) identity() (*age.X25519Identity, error) {
	v, err := s.Setting(settingIdentity)
	if err != nil {
		return nil, err
	}
	if v == "" {
		return nil, fmt.Errorf("data file %s has no key pair yet: open it once with siap to make one", s.path)
	}
	id, err := age.ParseX25519Identity(v)
	if err != nil {
		return nil, fmt.Errorf("data file %s: its private key is damaged; run siap verify", s.path)
	}
	return id, nil
}

// PublicKey is the file's public key, to give to teammates: packs they
// make for this file are encrypted to it.
func (s *Store) PublicKey() (string, error) {
	id, err := s.identity()
	if err != nil {
		return "", err
	}
	return id.Recipient().String(), nil
}

// ParsePublicKey checks a public key as a person typed or pasted it.
func ParsePublicKey(key string) (string, error) {
	key = strings.TrimSpace(key)
	r, err := age.ParseX25519Recipient(key)
	if err != nil {
		return "", failure(ErrBadPublicKey, "", key, "%q is %w", key, ErrBadPublicKey)
	}
	return r.String(), nil
}

// Trusted lists the teammates' keys this file knows, by name.
func (s *Store) Trusted() ([]TrustedKey, error) {
	v, err := s.Setting(settingTrusted)
	if err != nil || v == "" {
		return nil, err
	}
	var keys []TrustedKey
	if err := json.Unmarshal([]byte(v), &keys); err != nil {
		return nil, fmt.Errorf("data file %s: its list of trusted keys is damaged; run siap verify", s.path)
	}
	return keys, nil
}

// Trust records a teammate's public key under a name (an interviewer's
// name as their interviews carry it, or the supervisor's). A name
// already known gets the new key: a teammate who made a new data file
// sends the new one.
func (s *Store) Trust(k TrustedKey) error {
	key, err := ParsePublicKey(k.Key)
	if err != nil {
		return err
	}
	k.Key, k.Name = key, strings.TrimSpace(k.Name)
	if k.Name == "" {
		return errors.New("a trusted key needs a name")
	}
	if own, err := s.PublicKey(); err == nil && own == key {
		return fmt.Errorf("%s is this data file's own key: trust a teammate's", key)
	}
	keys, err := s.Trusted()
	if err != nil {
		return err
	}
	i := slices.IndexFunc(keys, func(t TrustedKey) bool { return t.Name == k.Name })
	if i >= 0 {
		keys[i] = k
	} else {
		keys = append(keys, k)
	}
	data, err := json.Marshal(keys)
	if err != nil {
		return err
	}
	return s.SetSetting(settingTrusted, string(data))
}

// TrustSupervisor records the supervisor's key a questionnaire carries
// (its settings sheet's siap_supervisor_key), under the name
// "supervisor", unless the file trusts that key already.
func (s *Store) TrustSupervisor(key string) error {
	if strings.TrimSpace(key) == "" {
		return nil
	}
	key, err := ParsePublicKey(key)
	if err != nil {
		return fmt.Errorf("the questionnaire's siap_supervisor_key (settings sheet): %w", err)
	}
	keys, err := s.Trusted()
	if err != nil || slices.ContainsFunc(keys, func(t TrustedKey) bool { return t.Key == key && t.Supervisor }) {
		return err
	}
	return s.Trust(TrustedKey{Name: "supervisor", Key: key, Supervisor: true})
}

// Recipients are the keys a pack is encrypted to: those trusted under
// names, or, when names is empty, every supervisor's (formKey, the
// questionnaire's siap_supervisor_key, counts as one even before it is
// recorded).
func (s *Store) Recipients(formKey string, names ...string) ([]string, error) {
	keys, err := s.Trusted()
	if err != nil {
		return nil, err
	}
	var out []string
	if len(names) == 0 {
		if strings.TrimSpace(formKey) != "" {
			k, err := ParsePublicKey(formKey)
			if err != nil {
				return nil, fmt.Errorf("the questionnaire's siap_supervisor_key (settings sheet): %w", err)
			}
			out = append(out, k)
		}
		for _, t := range keys {
			if t.Supervisor && !slices.Contains(out, t.Key) {
				out = append(out, t.Key)
			}
		}
		if len(out) == 0 {
			return nil, failure(ErrNoSupervisorKey, s.path, "", "%w", ErrNoSupervisorKey)
		}
		return out, nil
	}
	for _, n := range names {
		i := slices.IndexFunc(keys, func(t TrustedKey) bool { return strings.EqualFold(t.Name, n) })
		if i < 0 {
			return nil, &NoKeyError{Name: n}
		}
		out = append(out, keys[i].Key)
	}
	return out, nil
}

// ErrNoSupervisorKey is returned for a pack to the supervisor when the
// file knows no supervisor's key.
var ErrNoSupervisorKey = errors.New("this data file knows no supervisor's key: ask the supervisor for theirs (siap key prints it) and run siap key --trust NAME KEY --supervisor")

// NoKeyError is returned for a pack to someone whose key the file does
// not trust.
type NoKeyError struct{ Name string }

func (e *NoKeyError) Error() string {
	return fmt.Sprintf("this data file trusts no key for %q: ask them for theirs (siap key prints it) and run siap key --trust %q KEY", e.Name, e.Name)
}

// nameOf names a public key as this file trusts it, or gives the key.
func nameOf(keys []TrustedKey, key string) string {
	for _, t := range keys {
		if t.Key == key {
			return fmt.Sprintf("%s (%s)", t.Name, key)
		}
	}
	return key
}

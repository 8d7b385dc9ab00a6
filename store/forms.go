package store

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"

	bolt "go.etcd.io/bbolt"
)

// FormKey is the key a form is kept under: the SHA-256 of its bytes and
// of the files it takes choices from, so that the same questionnaire is
// kept once however often it is added.
func FormKey(data []byte, files map[string][]byte) string {
	h := sha256.New()
	h.Write(data)
	// The files a form takes choices from are part of it: a changed
	// choices file is a new version. Without files the key is the digest
	// of the form's bytes alone, as it always was.
	for _, name := range slices.Sorted(maps.Keys(files)) {
		fmt.Fprintf(h, "\x00file\x00%s\x00%d\x00", name, len(files[name]))
		h.Write(files[name])
	}
	return hex.EncodeToString(h.Sum(nil))
}

// AddForm keeps a questionnaire's bytes in the file, if not already
// there, and makes it the form new interviews are taken with. It returns
// the form's key. A form with another form id than the file's is refused:
// one data file holds one study.
func (s *Store) AddForm(f FormSource) (string, error) {
	f.Key = FormKey(f.Data, f.Files)
	err := s.update(func(tx *bolt.Tx) error {
		forms := tx.Bucket([]byte(bucketForms))
		if cur, err := s.setting(tx, "current_form"); err != nil {
			return err
		} else if cur != "" && cur != f.Key {
			var old FormSource
			if err := s.decode(bucketForms, []byte(cur), forms.Get([]byte(cur)), &old); err != nil {
				return err
			}
			if old.ID != f.ID {
				return failure(ErrOtherForm, s.path, old.ID, "data file %s holds interviews of form %q, not %q: start another data file with --data for this form", s.path, old.ID, f.ID)
			}
		}
		if forms.Get([]byte(f.Key)) == nil {
			f.Added = s.now().UTC()
			data, err := s.encode(bucketForms, []byte(f.Key), f)
			if err != nil {
				return err
			}
			if err := forms.Put([]byte(f.Key), data); err != nil {
				return err
			}
		}
		return s.putSetting(tx, "current_form", f.Key)
	})
	return f.Key, err
}

// Form returns a questionnaire kept in the file.
func (s *Store) Form(key string) (f FormSource, err error) {
	err = s.view(func(tx *bolt.Tx) error {
		data := tx.Bucket([]byte(bucketForms)).Get([]byte(key))
		if data == nil {
			return fmt.Errorf("form %s: %w", key, ErrNotFound)
		}
		return s.decode(bucketForms, []byte(key), data, &f)
	})
	return f, err
}

// CurrentForm returns the questionnaire new interviews are taken with;
// ErrNotFound when the file has none yet.
func (s *Store) CurrentForm() (FormSource, error) {
	key, err := s.Setting("current_form")
	if err != nil {
		return FormSource{}, err
	}
	if key == "" {
		return FormSource{}, failure(ErrNoForm, s.path, "", "data file %s has no questionnaire: %w", s.path, ErrNotFound)
	}
	return s.Form(key)
}

package store

import bolt "go.etcd.io/bbolt"

// UpdateSetting reads a setting and writes what fn makes of it in one
// transaction, so that two requests cannot both take what one of them
// should (a single-use enrolment code). fn's error writes nothing and is
// returned as it is.
func (s *Store) UpdateSetting(key string, fn func(old string) (string, error)) error {
	return s.update(func(tx *bolt.Tx) error {
		old, err := s.setting(tx, key)
		if err != nil {
			return err
		}
		v, err := fn(old)
		if err != nil {
			return err
		}
		return s.putSetting(tx, key, v)
	})
}

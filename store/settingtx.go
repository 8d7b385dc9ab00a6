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

// Settings keep sealed values by name: every Interviews does.
type Settings interface {
	Setting(key string) (string, error)
	SetSetting(key, value string) error
}

// SettingUpdater reads and writes one setting in one transaction (a data
// file, PostgreSQL): two processes changing it at once each see the
// other's change.
type SettingUpdater interface {
	UpdateSetting(key string, fn func(old string) (string, error)) error
}

// ChangeSetting writes what fn makes of a setting: in one transaction
// where s is a SettingUpdater, otherwise read then written. fn's error
// writes nothing and is returned as it is.
func ChangeSetting(s Settings, key string, fn func(old string) (string, error)) error {
	if u, ok := s.(SettingUpdater); ok {
		return u.UpdateSetting(key, fn)
	}
	old, err := s.Setting(key)
	if err != nil {
		return err
	}
	v, err := fn(old)
	if err != nil {
		return err
	}
	return s.SetSetting(key, v)
}

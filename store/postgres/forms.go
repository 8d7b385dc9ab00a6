package postgres

import (
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"siap/store"
)

// formLock serialises AddForm across processes, so that two forms of
// different studies cannot both become current.
const formLock int64 = 0x73696166

// AddForm keeps a questionnaire, if not already kept, and makes it the
// form new interviews are taken with; one of another study (form id)
// than the database's is refused.
func (db *DB) AddForm(f store.FormSource) (string, error) {
	f.Key = store.FormKey(f.Data, f.Files)
	err := db.write(func(w *writer) error {
		if _, err := w.tx.Exec(db.ctx, "SELECT pg_advisory_xact_lock($1)", formLock); err != nil {
			return err
		}
		cur, err := w.setting(settingCurrentForm)
		if err != nil {
			return err
		}
		if cur != "" && cur != f.Key {
			old, err := db.form(w.tx, cur)
			if err != nil {
				return err
			}
			if old.ID != f.ID {
				return fmt.Errorf("it holds interviews of form %q, not %q: one database holds one study", old.ID, f.ID)
			}
		}
		f.Added = db.stamp()
		data, err := db.seal.SealValue(store.TableForms, f.Key, f)
		if err != nil {
			return err
		}
		if _, err := w.tx.Exec(db.ctx, "INSERT INTO forms (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING", f.Key, data); err != nil {
			return err
		}
		return w.putSetting(settingCurrentForm, f.Key)
	})
	return f.Key, err
}

// Form returns a questionnaire the database keeps.
func (db *DB) Form(key string) (store.FormSource, error) { return db.form(db.pool, key) }

func (db *DB) form(q querier, key string) (f store.FormSource, err error) {
	var data []byte
	err = q.QueryRow(db.ctx, "SELECT value FROM forms WHERE key = $1", key).Scan(&data)
	if errors.Is(err, pgx.ErrNoRows) {
		return f, fmt.Errorf("form %s: %w", key, store.ErrNotFound)
	}
	if err != nil {
		return f, err
	}
	err = db.seal.OpenValue(store.TableForms, key, data, &f)
	return f, err
}

// CurrentForm returns the questionnaire new interviews are taken with;
// ErrNotFound when the database has none yet.
func (db *DB) CurrentForm() (store.FormSource, error) {
	key, err := db.Setting(settingCurrentForm)
	if err != nil {
		return store.FormSource{}, err
	}
	if key == "" {
		return store.FormSource{}, fmt.Errorf("database %s has no questionnaire: %w", db.where, store.ErrNotFound)
	}
	return db.Form(key)
}

// Setting returns a value kept in the database; "" when unset.
func (db *DB) Setting(key string) (string, error) { return setting(db, db.pool, key) }

// SetSetting keeps a value in the database.
func (db *DB) SetSetting(key, value string) error {
	return db.write(func(w *writer) error { return w.putSetting(key, value) })
}

// EachSetting calls fn with every setting whose name starts with
// prefix, in the order of their names.
func (db *DB) EachSetting(prefix string, fn func(key, value string) error) error {
	type kv struct{ k, v string }
	var list []kv
	err := db.read(func(tx pgx.Tx) error {
		rows, err := tx.Query(db.ctx, "SELECT name, value FROM settings WHERE left(name, length($1)) = $1 ORDER BY name", prefix)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var k string
			var data []byte
			if err := rows.Scan(&k, &data); err != nil {
				return err
			}
			var v string
			if err := db.seal.OpenValue(store.TableSettings, k, data, &v); err != nil {
				return err
			}
			list = append(list, kv{k, v})
		}
		return rows.Err()
	})
	if err != nil {
		return err
	}
	// fn is called outside the transaction: it may write.
	for _, e := range list {
		if err := fn(e.k, e.v); err != nil {
			return err
		}
	}
	return nil
}

// DeleteSettings removes settings, in one transaction.
func (db *DB) DeleteSettings(keys ...string) error {
	return db.write(func(w *writer) error {
		_, err := w.tx.Exec(db.ctx, "DELETE FROM settings WHERE name = ANY($1)", keys)
		return err
	})
}

// KeyedHasher digests personal identifiers with the study's secret.
func (db *DB) KeyedHasher() (func(string) string, error) {
	k, err := db.Setting(settingPIIKey)
	if err != nil {
		return nil, err
	}
	return store.KeyedHash(k, "database "+db.where)
}

// UpdateSetting reads a setting and writes what fn makes of it in one
// transaction, which holds off any other UpdateSetting of the same key,
// whichever process runs it (a single-use enrolment code). fn's error
// writes nothing and is returned as it is.
func (db *DB) UpdateSetting(key string, fn func(old string) (string, error)) error {
	var fnErr error
	err := db.write(func(w *writer) error {
		if _, err := w.tx.Exec(db.ctx, "SELECT pg_advisory_xact_lock($1, hashtext($2))", int32(settingLock), key); err != nil {
			return err
		}
		old, err := w.setting(key)
		if err != nil {
			return err
		}
		v, err := fn(old)
		if err != nil {
			fnErr = err
			return err
		}
		return w.putSetting(key, v)
	})
	if fnErr != nil {
		return fnErr
	}
	return err
}

// settingLock is the first half of the advisory lock of a setting
// being updated; the second is a hash of its name.
const settingLock = 0x73657474

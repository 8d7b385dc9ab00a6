package store

import (
	"encoding/json"
	"errors"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// rewriteKeyRecord changes a closed file's key record as an attacker
// with the file (or a pack) would.
func rewriteKeyRecord(t *testing.T, path string, change func(*keyRecord)) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Update(func(tx *bolt.Tx) error {
		k, _, err := readKeyRecord(tx)
		if err != nil {
			return err
		}
		change(&k)
		data, _ := json.Marshal(k)
		return tx.Bucket([]byte(bucketMeta)).Put([]byte(metaKey), data)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// encryptedFile makes an encrypted data file with one interview, closed.
func encryptedFile(t *testing.T, dir, name string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	s, _ := fileWithRespondent(t, path, passphrase)
	s.Close()
	return path
}

// TestCraftedKeyRecordsAreRefusedAtOnce: settings that would exhaust
// memory or time are refused before any key is derived, whether the file
// is opened or merged; settings changed within bounds fail as a wrong
// passphrase, because they are bound to the wrapped key.
func TestCraftedKeyRecordsAreRefusedAtOnce(t *testing.T) {
	for _, tt := range []struct {
		name   string
		change func(*keyRecord)
		want   error
	}{
		{"memory 4 TiB", func(k *keyRecord) { k.Params.MemKiB = 4294967295 }, ErrKeyRecord},
		{"4 billion passes", func(k *keyRecord) { k.Params.Time = 4294967295 }, ErrKeyRecord},
		{"no passes", func(k *keyRecord) { k.Params.Time = 0 }, ErrKeyRecord},
		{"255 lanes", func(k *keyRecord) { k.Params.Threads = 255 }, ErrKeyRecord},
		{"no lanes", func(k *keyRecord) { k.Params.Threads = 0 }, ErrKeyRecord},
		{"no salt", func(k *keyRecord) { k.Params.Salt = nil }, ErrKeyRecord},
		{"another derivation", func(k *keyRecord) { k.KDF = "scrypt" }, ErrKeyRecord},
		{"a later record version", func(k *keyRecord) { k.Version = 7 }, ErrKeyRecord},
		{"a cut wrapped key", func(k *keyRecord) { k.Wrapped = k.Wrapped[:10] }, ErrKeyRecord},
		{"one pass more", func(k *keyRecord) { k.Params.Time++ }, ErrWrongPassphrase},
		{"more memory", func(k *keyRecord) { k.Params.MemKiB *= 2 }, ErrWrongPassphrase},
		{"another salt", func(k *keyRecord) { k.Params.Salt[0] ^= 1 }, ErrWrongPassphrase},
		{"made as a record of an earlier siap", func(k *keyRecord) { k.Version = 0 }, ErrWrongPassphrase},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := encryptedFile(t, dir, "ani.db")
			rewriteKeyRecord(t, path, tt.change)
			start := time.Now()
			_, err := Open(path, Options{Passphrase: passphrase})
			if !errors.Is(err, tt.want) {
				t.Errorf("open: %v, want %v", err, tt.want)
			}
			sup, _ := openTemp(t)
			if _, err := sup.Merge(path, passphrase); !errors.Is(err, tt.want) {
				t.Errorf("merge: %v, want %v", err, tt.want)
			}
			if d := time.Since(start); d > 20*time.Second {
				t.Errorf("refusing took %v", d)
			}
		})
	}
}

// TestKeyRecordOfAnEarlierSiapIsUpgraded: a record that bound only a
// fixed label still opens, and is rewritten with its settings bound the
// first time the file is opened for writing.
func TestKeyRecordOfAnEarlierSiapIsUpgraded(t *testing.T) {
	path := encryptedFile(t, t.TempDir(), "ani.db")
	var dataKey []byte
	rewriteKeyRecord(t, path, func(k *keyRecord) {
		var err error
		if dataKey, err = k.unwrap(passphrase); err != nil {
			t.Fatal(err)
		}
		old := keyRecord{KDF: k.KDF, Params: k.Params}
		if *k, err = old.sealWith(k.Params.derive(passphrase), dataKey); err != nil {
			t.Fatal(err)
		}
	})
	s, err := Open(path, Options{Passphrase: passphrase})
	if err != nil {
		t.Fatalf("a record of an earlier siap: %v", err)
	}
	s.Close()
	rewriteKeyRecord(t, path, func(k *keyRecord) {
		if k.Version != keyRecordVersion {
			t.Errorf("the record is still version %d", k.Version)
		}
		if got, err := k.unwrap(passphrase); err != nil || string(got) != string(dataKey) {
			t.Errorf("the upgraded record unwraps to another key (%v)", err)
		}
	})
}

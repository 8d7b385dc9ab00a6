package store

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	bolt "go.etcd.io/bbolt"
)

// RotateResult says which files a rotation re-encrypted.
type RotateResult struct {
	Rewritten []string // the data file and its backups, under the new key
	Left      []string // backups that could not be re-encrypted, with why
}

// Rotate re-encrypts the data file and its backups under a new data key,
// wrapped by newPassphrase: after a passphrase or a laptop may have
// leaked, the old passphrase and the old data key open none of them.
// Every file is rewritten whole into a new file and renamed over the
// old one, so that no page of the old encryption is left in it. Packs
// and copies made before are not touched (they are elsewhere).
func (s *Store) Rotate(passphrase, newPassphrase string) (RotateResult, error) {
	var res RotateResult
	if err := CheckNewPassphrase(newPassphrase, filepath.Base(s.path)); err != nil {
		return res, err
	}
	var k keyRecord
	var ok bool
	err := s.view(func(tx *bolt.Tx) (err error) {
		k, ok, err = readKeyRecord(tx)
		return err
	})
	if err != nil {
		return res, err
	}
	if !ok {
		return res, failure(ErrNotEncrypted, s.path, "", "data file %s is not encrypted (it was made with --no-encryption): there is no key to rotate", s.path)
	}
	oldKey, err := k.unwrap(passphrase)
	if err != nil {
		return res, fmt.Errorf("data file %s: %w", s.path, err)
	}
	newKey := make([]byte, 32)
	if _, err := rand.Read(newKey); err != nil {
		return res, err
	}
	rec, err := wrap(newKey, newPassphrase)
	if err != nil {
		return res, err
	}
	from, err := newSealedCodec(oldKey)
	if err != nil {
		return res, err
	}
	to, err := newSealedCodec(newKey)
	if err != nil {
		return res, err
	}
	// No write of this handle comes between the copy and the rename.
	s.mu.Lock()
	defer s.mu.Unlock()
	tmp := s.path + ".rotating"
	os.Remove(tmp)
	err = s.view(func(tx *bolt.Tx) error { return reseal(tx, tmp, from, to, rec) })
	if err != nil {
		os.Remove(tmp)
		return res, fmt.Errorf("re-encrypt %s: %w; nothing was changed", s.path, err)
	}
	// The file is replaced, so this handle lets go of it for a moment; it
	// is opened again, with its lock, before Rotate returns.
	if err := s.db.Close(); err != nil {
		os.Remove(tmp)
		return res, err
	}
	renameErr := os.Rename(tmp, s.path)
	db, openErr := openBolt(s.path, false)
	if openErr != nil {
		return res, fmt.Errorf("reopen %s after re-encrypting it: %w", s.path, openErr)
	}
	s.db, s.last = db, nil
	if renameErr != nil {
		os.Remove(tmp)
		return res, fmt.Errorf("re-encrypt %s: %w; nothing was changed", s.path, renameErr)
	}
	s.codec = to
	res.Rewritten = append(res.Rewritten, s.path)
	backups, _ := Backups(s.path)
	replaced, _ := filepath.Glob(s.path + ".replaced-*")
	for _, b := range append(backups, replaced...) {
		if err := resealFile(b, from, to, rec); err != nil {
			res.Left = append(res.Left, fmt.Sprintf("%s (%v)", b, err))
			continue
		}
		res.Rewritten = append(res.Rewritten, b)
	}
	return res, nil
}

// resealFile re-encrypts a backup in place (through a new file).
func resealFile(path string, from, to sealedCodec, rec keyRecord) error {
	if err := checkSize(path); err != nil {
		return err
	}
	db, err := openBolt(path, true)
	if err != nil {
		return err
	}
	tmp := path + ".rotating"
	os.Remove(tmp)
	err = safeView(db, func(tx *bolt.Tx) error { return reseal(tx, tmp, from, to, rec) })
	db.Close()
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}

// safeView runs a read transaction on a file that may be damaged,
// turning bbolt's panic or a fault into an error.
func safeView(db *bolt.DB, fn func(*bolt.Tx) error) (err error) {
	s := Store{db: db, path: db.Path()}
	return s.view(fn)
}

// resealBatch is how many values a rotation writes per transaction.
const resealBatch = 2000

// reseal writes to dst a copy of the file src reads, every sealed value
// opened with from and sealed again with to, the key record replaced by
// rec. Only live values are copied: the old encryption's free pages stay
// behind.
func reseal(src *bolt.Tx, dst string, from, to sealedCodec, rec keyRecord) error {
	recData, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	return copyValues(src, dst, func(bucket string, key, v []byte) ([]byte, bool, error) {
		if bucket == bucketMeta && string(key) == metaKey {
			return recData, true, nil
		}
		sealedAs, as, sealed, err := sealedName(bucket, key)
		if err != nil || !sealed {
			return v, true, err
		}
		plain, err := from.open(sealedAs, as, v)
		if err != nil {
			return nil, false, fmt.Errorf("%s record %x: %w; run siap verify", bucket, key, err)
		}
		out, err := to.seal(sealedAs, as, plain)
		return out, true, err
	})
}

// copyValues writes to dst a new file holding the values of src's
// top-level buckets that conv keeps, as conv returns them, with each
// bucket's sequence.
func copyValues(src *bolt.Tx, dst string, conv func(bucket string, key, v []byte) ([]byte, bool, error)) error {
	db, err := openBolt(dst, false)
	if err != nil {
		return err
	}
	w := &resealWriter{db: db}
	err = src.ForEach(func(name []byte, b *bolt.Bucket) error {
		return w.bucket([][]byte{bytes.Clone(name)}, b, func(key, v []byte) ([]byte, bool, error) {
			return conv(string(name), key, v)
		})
	})
	if err == nil {
		err = w.commit()
	} else if w.tx != nil {
		w.tx.Rollback()
	}
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	return err
}

// sealedName is the name a value of a top-level bucket is sealed under
// and the key sealed with it (its associated data), or sealed false for
// values stored as they are. A bucket whose values are sealed under
// another name or key than their own is listed here.
func sealedName(bucket string, key []byte) (name string, as []byte, sealed bool, err error) {
	switch {
	case bucket == bucketMeta && bytes.Equal(key, countsKey):
		return bucketCounts, key, true, nil
	case bucket == bucketMeta && bytes.Equal(key, summaryKey):
		return bucketSummary, key, true, nil
	}
	switch bucket {
	case bucketMeta, bucketIDs:
		return "", nil, false, nil
	case bucketJournal:
		return "", nil, false, errors.New("a merge was cut short in this file: open it with siap once to undo it, then try again")
	case bucketLog:
		if name := logKindName(key); name != "" {
			return name, sealKey(key), true, nil
		}
		switch mark, _ := tailRow(key); mark {
		case headerMark:
			return bucketInterviews, key[:8], true, nil
		case revisionMark:
			return bucketRevisions, key[:8], true, nil
		}
		return "", nil, false, fmt.Errorf("log row %x is not one siap writes; run siap verify", key)
	}
	return bucket, key, true, nil
}

// resealWriter writes a copy of buckets in transactions of resealBatch
// values.
type resealWriter struct {
	db *bolt.DB
	tx *bolt.Tx
	n  int
	// after, when set, runs after each commit (a long copy hands back
	// the pages it read and wrote).
	after func()
}

func (w *resealWriter) commit() error {
	if w.tx == nil {
		return nil
	}
	err := w.tx.Commit()
	w.tx, w.n = nil, 0
	if w.after != nil {
		w.after()
	}
	return err
}

// at returns the bucket at path in the current transaction.
func (w *resealWriter) at(path [][]byte) (*bolt.Bucket, error) {
	if w.tx == nil || w.n >= resealBatch {
		if err := w.commit(); err != nil {
			return nil, err
		}
		tx, err := w.db.Begin(true)
		if err != nil {
			return nil, err
		}
		w.tx = tx
	}
	b, err := w.tx.CreateBucketIfNotExists(path[0])
	for _, name := range path[1:] {
		if err != nil {
			break
		}
		b, err = b.CreateBucketIfNotExists(name)
	}
	if err == nil {
		b.FillPercent = appendFill
		if len(path) == 1 && (string(path[0]) == bucketAnswers || string(path[0]) == bucketLog) {
			b.FillPercent = packedFill
		}
	}
	return b, err
}

// bucket copies the bucket src at path, values through conv.
func (w *resealWriter) bucket(path [][]byte, src *bolt.Bucket, conv func(key, v []byte) ([]byte, bool, error)) error {
	b, err := w.at(path)
	if err != nil {
		return err
	}
	if err := b.SetSequence(src.Sequence()); err != nil {
		return err
	}
	c := src.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if v == nil {
			// Only files of the first format nest buckets, and they are
			// migrated when opened: a rotation refuses rather than guess.
			return fmt.Errorf("bucket %s holds a nested bucket %x this siap does not write; run siap verify", bytes.Join(path, []byte("/")), k)
		}
		out, keep, err := conv(k, v)
		if err != nil {
			return err
		}
		if !keep {
			continue
		}
		b, err := w.at(path)
		if err != nil {
			return err
		}
		if err := b.Put(bytes.Clone(k), out); err != nil {
			return err
		}
		w.n++
	}
	return nil
}

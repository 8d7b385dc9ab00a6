package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// Erase removes an interview for good, as a respondent may ask: its
// record, answers, paradata and any conflicting copy. The data file and
// every backup are then rewritten without the free pages that held it,
// so that it cannot be recovered from them.
func (s *Store) Erase(id string) error {
	if _, err := s.Interview(id); err != nil {
		return err
	}
	// The file is rewritten, so this handle lets go of it for a moment;
	// it is opened again, with its lock, before Erase returns.
	s.mu.Lock()
	defer s.mu.Unlock()
	s.last = nil
	if err := s.db.Close(); err != nil {
		return err
	}
	err := eraseFrom(s.path, id)
	db, openErr := bolt.Open(s.path, 0o600, &bolt.Options{Timeout: lockTimeout})
	if openErr != nil {
		return fmt.Errorf("reopen %s after erasing: %w", s.path, openErr)
	}
	s.db = db
	if err != nil {
		return err
	}
	backups, _ := Backups(s.path)
	// Files siap restore set aside hold the interview too.
	replaced, _ := filepath.Glob(s.path + ".replaced-*")
	for _, b := range append(backups, replaced...) {
		if err := eraseFrom(b, id); err != nil {
			return fmt.Errorf("erase from the backup %s: %w", b, err)
		}
	}
	return nil
}

// eraseFrom deletes an interview from a file by its keys (no passphrase
// is needed: keys are not encrypted) and rewrites the file compacted.
func eraseFrom(path, id string) error {
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: lockTimeout})
	if errors.Is(err, berrors.ErrTimeout) {
		return fmt.Errorf("data file %s is %w", path, ErrInUse)
	}
	if err != nil {
		return damaged(path, err)
	}
	err = db.Update(func(tx *bolt.Tx) error { return deleteInterview(tx, id) })
	if err != nil {
		db.Close()
		return fmt.Errorf("erase from %s: %w", path, err)
	}
	return compactInPlace(db, path)
}

// deleteInterview removes an interview's record, answers, paradata and
// conflicting copies, by their keys, from a file of either format (a
// backup may be older than the data file).
func deleteInterview(tx *bolt.Tx, id string) error {
	if tx.Bucket([]byte(bucketIDs)) != nil {
		if err := deleteRows(tx, id); err != nil {
			return err
		}
	} else if err := deleteInterviewV1(tx, id); err != nil {
		return err
	}
	if b := tx.Bucket([]byte(bucketConflicts)); b != nil {
		c := b.Cursor()
		prefix := []byte(id + "/")
		for k, _ := c.Seek(prefix); k != nil && strings.HasPrefix(string(k), string(prefix)); k, _ = c.Seek(prefix) {
			if err := b.Delete(k); err != nil {
				return err
			}
		}
	}
	return nil
}

// deleteInterviewV1 removes an interview from a format-1 file.
func deleteInterviewV1(tx *bolt.Tx, id string) error {
	if b := tx.Bucket([]byte(bucketInterviews)); b != nil {
		if err := b.Delete([]byte(id)); err != nil {
			return err
		}
	}
	for _, name := range []string{bucketAnswers, bucketEvents} {
		if b := tx.Bucket([]byte(name)); b != nil && b.Bucket([]byte(id)) != nil {
			if err := b.DeleteBucket([]byte(id)); err != nil {
				return err
			}
		}
	}
	return nil
}

// compactInPlace copies the live data of db to a new file, which then
// replaces path; db is closed.
func compactInPlace(db *bolt.DB, path string) error {
	tmp := fmt.Sprintf("%s.compact-%d", path, time.Now().UnixNano())
	dst, err := bolt.Open(tmp, 0o600, nil)
	if err != nil {
		db.Close()
		return err
	}
	err = bolt.Compact(dst, db, 0)
	dst.Close()
	db.Close()
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("rewrite %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("rewrite %s: %w", path, err)
	}
	return nil
}

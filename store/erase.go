package store

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// Erase removes an interview for good, as a respondent may ask: its
// record, answers, paradata and any conflicting copy. The data file and
// every backup are then rewritten without the free pages that held it,
// so that it cannot be recovered from them. A file that cannot be
// rewritten (a damaged backup) does not stop the others: the error names
// every file that may still hold the interview. An interview the data
// file no longer holds is still erased from the backups that do.
func (s *Store) Erase(id string) error {
	// The file is rewritten, so this handle lets go of it for a moment;
	// it is opened again, with its lock, before Erase returns.
	s.mu.Lock()
	defer s.mu.Unlock()
	s.last = nil
	if err := s.db.Close(); err != nil {
		return err
	}
	found, err := eraseFrom(s.path, id, s.codec)
	db, openErr := openBolt(s.path, false)
	if openErr != nil {
		return fmt.Errorf("reopen %s after erasing: %w", s.path, openErr)
	}
	s.db = db
	var left []string
	if err != nil {
		left = append(left, fmt.Sprintf("%s (%v)", s.path, err))
	}
	backups, _ := Backups(s.path)
	// Files siap restore set aside hold the interview too.
	replaced, _ := filepath.Glob(s.path + ".replaced-*")
	for _, b := range append(backups, replaced...) {
		held, err := eraseFrom(b, id, s.codec)
		if err != nil {
			left = append(left, fmt.Sprintf("%s (%v)", b, err))
			continue
		}
		found = found || held
	}
	switch {
	case len(left) > 0:
		return fmt.Errorf("interview %s could not be erased from every file: these may still hold it: %s; run siap verify on each, then erase again, or delete them", id, strings.Join(left, "; "))
	case !found:
		return failure(ErrNotFound, s.path, id, "interview %s: %w in %s or its backups", id, ErrNotFound, s.path)
	}
	return nil
}

// eraseFrom deletes an interview from a file by its keys (no passphrase
// is needed: keys are not encrypted) and rewrites the file compacted. It
// tells whether the file held it; a damaged file is an error, never a
// crash. The file's summary of its interviews is updated with c, the
// codec of the data file (its backups share its key).
func eraseFrom(path, id string, c codec) (found bool, err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			found, err = false, damaged(path, errPagesDamaged)
		}
	}()
	if err := checkSize(path); err != nil {
		return false, damaged(path, err)
	}
	db, err := openBolt(path, false)
	if errors.Is(err, berrors.ErrTimeout) {
		return false, failure(ErrInUse, path, "", "data file %s is %w", path, ErrInUse)
	}
	if err != nil {
		return false, openFailed(path, err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		found = holds(tx, id)
		if !found {
			return nil
		}
		return deleteInterview(tx, id, c)
	})
	if err != nil || !found {
		db.Close()
		if err != nil {
			err = fmt.Errorf("erase from %s: %w", path, err)
		}
		return false, err
	}
	return true, compactInPlace(db, path)
}

// holds tells whether a file of either format holds an interview or a
// conflicting copy of it.
func holds(tx *bolt.Tx, id string) bool {
	if b := tx.Bucket([]byte(bucketIDs)); b != nil && b.Get([]byte(id)) != nil {
		return true
	}
	if b := tx.Bucket([]byte(bucketInterviews)); tx.Bucket([]byte(bucketIDs)) == nil && b != nil && b.Get([]byte(id)) != nil {
		return true
	}
	if b := tx.Bucket([]byte(bucketConflicts)); b != nil {
		k, _ := b.Cursor().Seek([]byte(id + "/"))
		return k != nil && strings.HasPrefix(string(k), id+"/")
	}
	return false
}

// deleteInterview removes an interview's record, answers, paradata and
// conflicting copies, by their keys, from a file of either format (a
// backup may be older than the data file).
func deleteInterview(tx *bolt.Tx, id string, c codec) error {
	if tx.Bucket([]byte(bucketIDs)) != nil {
		if seq := seqOf(tx, id); seq != nil {
			s := Store{codec: c}
			if err := s.forgetRevision(tx, bytes.Clone(seq)); err != nil {
				return err
			}
		}
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
	dst, err := openBolt(tmp, false)
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

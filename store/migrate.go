package store

import (
	"bytes"
	"cmp"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"time"

	bolt "go.etcd.io/bbolt"
)

// migrateBatch is how many interviews a migration writes per transaction.
const migrateBatch = 500

// migrate rewrites a file of an older layout in the current one. The new
// file is built beside the old and takes its place only once complete,
// so that a migration cut short leaves the old file as it was; the old
// file is then kept as a backup. A file opened read-only (a pack, a
// backup) is migrated into a copy beside it, deleted on Close, and the
// file itself is left alone.
func (s *Store) migrate(version int, readOnly bool) error {
	switch version {
	case 1:
	case 2, 3:
		return s.migrateInPlace(readOnly)
	default:
		return fmt.Errorf("data file %s has data format %d, which this siap cannot update", s.path, version)
	}
	var target string
	if readOnly {
		var err error
		if target, err = readingCopy(s.path); err != nil {
			return err
		}
	} else {
		target = s.path + ".migrating"
	}
	os.Remove(target)
	if err := s.migrateInto(target); err != nil {
		os.Remove(target)
		return fmt.Errorf("update data file %s to the current format: %w; the file was left as it was", s.path, err)
	}
	old := s.db
	if readOnly {
		db, err := openBolt(target, true)
		if err != nil {
			os.Remove(target)
			return err
		}
		s.db, s.migrated = db, target
		return old.Close()
	}
	// The old file, still locked by this process, becomes a backup.
	backup := s.backupName()
	if err := os.Rename(s.path, backup); err != nil {
		os.Remove(target)
		return fmt.Errorf("update data file %s: keep the old file as %s: %w", s.path, backup, err)
	}
	if err := os.Rename(target, s.path); err != nil {
		os.Rename(backup, s.path)
		return fmt.Errorf("update data file %s: %w", s.path, err)
	}
	syncDir(s.path)
	db, err := openBolt(s.path, false)
	old.Close()
	if err != nil {
		return damaged(s.path, err)
	}
	s.db = db
	return nil
}

// readingCopy names a new file for the updated copy of a file opened
// read-only: beside the file, where its data already is; in the
// temporary folder only when that folder cannot be written (a pack on a
// read-only stick). Values stay sealed as they were.
func readingCopy(path string) (string, error) {
	f, err := os.CreateTemp(filepath.Dir(path), ".siap-reading-*")
	if err != nil {
		f, err = os.CreateTemp("", "siap-reading-*.db")
	}
	if err != nil {
		return "", fmt.Errorf("update data file %s to the current format: %w", path, err)
	}
	f.Close()
	return f.Name(), nil
}

// migrateInPlace updates a file of format 2 or 3, whose rows this siap
// reads where they are but for two: the file as it was is kept as a
// backup, whatever the age of the newest one; each interview's record
// and revision row move to the end of its log rows (tail.go); and the
// file is marked with the current format, so that an earlier siap
// refuses it instead of finding the rows written from now on damaged
// (records of format 3, log rows and their order of format 4). A move
// cut short goes on when the file is next opened. A file opened
// read-only is read as it is, and left alone; one whose move was cut
// short is read through an updated copy beside it, deleted on Close.
func (s *Store) migrateInPlace(readOnly bool) error {
	if readOnly {
		var half bool
		if err := s.view(func(tx *bolt.Tx) error { half = halfMoved(tx); return nil }); err != nil || !half {
			return err
		}
		return s.readUpdated()
	}
	good, _ := goodBackups(s.path)
	if err := s.keepBackup(good); err != nil {
		return fmt.Errorf("update data file %s to the current format: %w; the file was left as it was", s.path, err)
	}
	if err := moveTailRows(s.update, s.handBackWritten); err != nil {
		return fmt.Errorf("update data file %s to the current format: %w; the file is updated when next opened", s.path, err)
	}
	return nil
}

// readUpdated reads a file of format 2 or 3 opened read-only through an
// updated copy.
func (s *Store) readUpdated() error {
	target, err := readingCopy(s.path)
	if err != nil {
		return err
	}
	err = s.db.View(func(tx *bolt.Tx) error { return tx.CopyFile(target, 0o600) })
	var db *bolt.DB
	if err == nil {
		db, err = openBolt(target, false)
	}
	if err == nil {
		err = moveTailRows(db.Update, func() { db.View(func(tx *bolt.Tx) error { handBack(tx); return nil }) })
		if cerr := db.Close(); err == nil {
			err = cerr
		}
	}
	if err == nil {
		db, err = openBolt(target, true)
	}
	if err != nil {
		os.Remove(target)
		return fmt.Errorf("read data file %s of an earlier format: %w", s.path, err)
	}
	old := s.db
	s.db, s.migrated = db, target
	return old.Close()
}

// moveTailRows moves a file's interview records and revision rows from
// the buckets of format 3 to the log, then marks the file with the
// current format. bbolt keeps a transaction's pages until it commits: a
// file of a million interviews is moved migrateBatch interviews at a
// time, the pages each batch wrote handed back after it.
func moveTailRows(update func(func(*bolt.Tx) error) error, handBack func()) error {
	for more := true; more; {
		err := update(func(tx *bolt.Tx) error {
			var err error
			more, err = moveTailBatch(tx)
			return err
		})
		handBack()
		if err != nil {
			return err
		}
	}
	return update(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte(bucketMeta)).Put([]byte("schema"), []byte(strconv.Itoa(SchemaVersion)))
	})
}

// moveTailBatch moves the records and revision rows of the first
// migrateBatch interviews still in their buckets; more says whether
// some are left.
func moveTailBatch(tx *bolt.Tx) (more bool, err error) {
	log := tx.Bucket([]byte(bucketLog))
	log.FillPercent = packedFill
	for _, from := range []struct {
		bucket string
		key    func([]byte) []byte
	}{{bucketInterviews, headerKey}, {bucketRevisions, revisionKey}} {
		b := tx.Bucket([]byte(from.bucket))
		if b == nil {
			continue
		}
		c := b.Cursor()
		n := 0
		for k, v := c.First(); k != nil; k, v = c.First() {
			if n == migrateBatch {
				more = true
				break
			}
			if len(k) != 8 {
				return false, fmt.Errorf("%s row %x is not one siap writes; run siap verify", from.bucket, k)
			}
			if err := log.Put(from.key(k), bytes.Clone(v)); err != nil {
				return false, err
			}
			if err := c.Delete(); err != nil {
				return false, err
			}
			n++
		}
	}
	scanned(tx)
	return more, nil
}

// migrateInto writes the format-1 file s holds into a new file at target.
func (s *Store) migrateInto(target string) error {
	dst, err := openBolt(target, false)
	if err != nil {
		return err
	}
	defer dst.Close()
	to := &Store{db: dst, path: target, codec: s.codec, now: s.now}
	type entry struct {
		id      string
		created time.Time
	}
	var order []entry
	err = s.view(func(tx *bolt.Tx) error {
		err := dst.Update(func(dtx *bolt.Tx) error {
			for _, name := range layoutBuckets {
				if _, err := dtx.CreateBucketIfNotExists([]byte(name)); err != nil {
					return err
				}
			}
			// Settings, forms, the key record and conflicts are stored
			// alike in both formats: their sealed values move as they are.
			for _, name := range []string{bucketMeta, bucketSettings, bucketForms, bucketConflicts} {
				if err := copyBucket(tx, dtx, name); err != nil {
					return err
				}
			}
			return dtx.Bucket([]byte(bucketMeta)).Put([]byte("schema"), []byte(strconv.Itoa(SchemaVersion)))
		})
		if err != nil {
			return err
		}
		// Interviews get sequence numbers in the order they were started.
		err = tx.Bucket([]byte(bucketInterviews)).ForEach(func(k, v []byte) error {
			var iv Interview
			if err := s.decode(bucketInterviews, k, v, &iv); err != nil {
				return err
			}
			order = append(order, entry{string(k), iv.Created})
			return nil
		})
		if err != nil {
			return err
		}
		slices.SortStableFunc(order, func(a, b entry) int {
			return cmp.Or(a.created.Compare(b.created), cmp.Compare(a.id, b.id))
		})
		for start := 0; start < len(order); start += migrateBatch {
			batch := order[start:min(start+migrateBatch, len(order))]
			err := to.update(func(dtx *bolt.Tx) error {
				for _, e := range batch {
					r, err := s.readRecordV1(tx, e.id)
					if err != nil {
						return err
					}
					row, err := to.newRow(dtx, r.Interview.ID)
					if err != nil {
						return err
					}
					// Format 2 digests content otherwise; the format-1
					// digest stays an alias until the interview changes.
					sum := sumOf(r.Answers)
					if r.Interview.Hash != "" {
						r.Interview.Aliases = []string{r.Interview.Hash}
					}
					r.Interview.Sum, r.Interview.Hash = sum.String(), contentHash(&r.Interview, sum)
					row.iv = r.Interview
					if err := to.putRows(dtx, row, r.Answers, r.Events); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return dst.Sync()
}

// copyBucket copies a bucket of plain keys and values, when the file has it.
func copyBucket(tx, dtx *bolt.Tx, name string) error {
	src := tx.Bucket([]byte(name))
	if src == nil {
		return nil
	}
	dst, err := dtx.CreateBucketIfNotExists([]byte(name))
	if err != nil {
		return err
	}
	return src.ForEach(func(k, v []byte) error {
		if v == nil {
			return nil
		}
		return dst.Put(bytes.Clone(k), bytes.Clone(v))
	})
}

// readRecordV1 reads a whole interview of a format-1 file: one bucket of
// answers keyed by path, and one of events, per interview.
func (s *Store) readRecordV1(tx *bolt.Tx, id string) (Record, error) {
	r := Record{Answers: map[string]Answer{}}
	data := tx.Bucket([]byte(bucketInterviews)).Get([]byte(id))
	if err := s.decode(bucketInterviews, []byte(id), data, &r.Interview); err != nil {
		return r, err
	}
	if b := tx.Bucket([]byte(bucketAnswers)).Bucket([]byte(id)); b != nil {
		err := b.ForEach(func(k, v []byte) error {
			var a Answer
			if err := s.decode(bucketAnswers+"/"+id, k, v, &a); err != nil {
				return err
			}
			r.Answers[string(k)] = a
			return nil
		})
		if err != nil {
			return r, err
		}
	}
	if b := tx.Bucket([]byte(bucketEvents)).Bucket([]byte(id)); b != nil {
		err := b.ForEach(func(k, v []byte) error {
			var e Event
			if err := s.decode(bucketEvents+"/"+id, k, v, &e); err != nil {
				return err
			}
			r.Events = append(r.Events, e)
			return nil
		})
		if err != nil {
			return r, err
		}
	}
	return r, nil
}

// syncDir makes a rename in the folder of path durable.
func syncDir(path string) {
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		d.Sync()
		d.Close()
	}
}

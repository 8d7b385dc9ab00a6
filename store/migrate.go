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
	build := s.migrateInto
	switch version {
	case 1:
	case 2, 3:
		if readOnly {
			// Read where its rows are (headers, headerAt): a pack or
			// a backup is read as it is, without a copy.
			return nil
		}
		build = s.rebuildInto
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
	if err := build(target); err != nil {
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

// rebuildInto writes the file of format 2 or 3 that s holds into a new
// file at target, in the current format. Its rows are copied as they
// are, sealed as they were, but for each interview's record and revision
// row, which go after its log rows (tail.go; its log rows keep their
// keys, and sort before those written from now on): the log is written
// front to back, interview by interview, its pages filled, so that the
// new file is as compact as one written by this siap. bbolt keeps a
// transaction's pages until it commits: the copy commits every
// resealBatch values, handing back the pages of both files after each.
func (s *Store) rebuildInto(target string) error {
	dst, err := openBolt(target, false)
	if err != nil {
		return err
	}
	defer dst.Close()
	return s.view(func(tx *bolt.Tx) error {
		w := &resealWriter{db: dst, after: func() {
			handBack(tx)
			dst.View(func(dtx *bolt.Tx) error { handBack(dtx); return nil })
		}}
		err := tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			switch string(name) {
			case bucketInterviews, bucketRevisions:
				// Moved to the log; the interviews bucket keeps the
				// last sequence number given.
				nb, err := w.at([][]byte{bytes.Clone(name)})
				if err == nil {
					err = nb.SetSequence(b.Sequence())
				}
				return err
			case bucketLog:
				return w.rebuildLog(tx)
			case bucketJournal:
				return nil // a cut merge was undone before (undoCutMerge)
			}
			return w.bucket([][]byte{bytes.Clone(name)}, b, func(_, v []byte) ([]byte, bool, error) { return v, true, nil })
		})
		if err == nil {
			var nb *bolt.Bucket
			if nb, err = w.at([][]byte{[]byte(bucketMeta)}); err == nil {
				err = nb.Put([]byte("schema"), []byte(strconv.Itoa(SchemaVersion)))
			}
		}
		if err == nil {
			err = w.commit()
		} else if w.tx != nil {
			w.tx.Rollback()
		}
		return err
	})
}

// rebuildLog writes the log of format 4 from a file of format 2 or 3:
// each interview's log rows, then its record, then its revision row.
// The interviews are taken in order from the three buckets that hold
// their rows, any of which may lack an interview another has.
func (w *resealWriter) rebuildLog(tx *bolt.Tx) error {
	type source struct {
		c    *bolt.Cursor
		k, v []byte
	}
	var from []*source
	for _, name := range []string{bucketLog, bucketInterviews, bucketRevisions} {
		src := &source{}
		if b := tx.Bucket([]byte(name)); b != nil {
			src.c = b.Cursor()
			src.k, src.v = src.c.First()
		}
		from = append(from, src)
	}
	log, interviews, revisions := from[0], from[1], from[2]
	path := [][]byte{[]byte(bucketLog)}
	put := func(k, v []byte) error {
		b, err := w.at(path)
		if err != nil {
			return err
		}
		b.FillPercent = packedFill
		w.n++
		return b.Put(k, bytes.Clone(v))
	}
	for {
		var seq []byte
		for _, src := range from {
			if len(src.k) >= 8 && (seq == nil || bytes.Compare(src.k[:8], seq) < 0) {
				seq = bytes.Clone(src.k[:8])
			}
		}
		if seq == nil {
			return nil
		}
		for ; log.k != nil && bytes.HasPrefix(log.k, seq); log.k, log.v = log.c.Next() {
			if err := put(bytes.Clone(log.k), log.v); err != nil {
				return err
			}
		}
		for _, tail := range []struct {
			src *source
			key []byte
		}{{interviews, headerKey(seq)}, {revisions, revisionKey(seq)}} {
			if !bytes.Equal(tail.src.k, seq) {
				continue
			}
			if err := put(tail.key, tail.src.v); err != nil {
				return err
			}
			tail.src.k, tail.src.v = tail.src.c.Next()
		}
		// A key of no interview (shorter than a sequence number, or in
		// the records' buckets longer): verify names it; it is not
		// carried over.
		for _, src := range from {
			for src.k != nil && (len(src.k) < 8 || bytes.Equal(src.k[:8], seq)) {
				src.k, src.v = src.c.Next()
			}
		}
	}
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

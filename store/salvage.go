package store

import (
	"bytes"
	"fmt"
	"os"

	bolt "go.etcd.io/bbolt"
)

// SalvageResult says what a salvage copied and what it left behind.
type SalvageResult struct {
	Interviews int      // copied whole
	Lost       []string // interviews that could not be read: ids, or record keys
	Skipped    []string // other records that could not be read (settings, forms, conflicts)
}

// Salvage writes to out a new data file holding everything of this one
// that reads: every interview whose record, answers, paradata and digest
// check out, the questionnaires, settings and conflicts that open. An
// interview with any damaged part is left out whole, and named. Values
// are copied as they are stored, so the new file opens with the same
// passphrase; it is written under a temporary name and renamed.
func (s *Store) Salvage(out string) (SalvageResult, error) {
	var res SalvageResult
	if abs(out) == abs(s.path) {
		return res, failure(ErrSameFile, out, "", "salvage into %s: that is the data file itself; name a new file", out)
	}
	if _, err := os.Stat(out); err == nil {
		return res, fmt.Errorf("salvage into %s: it exists; name a new file", out)
	}
	tmp := out + ".partial"
	os.Remove(tmp)
	bad := map[string]bool{} // sequence numbers of the interviews left out
	var total answersSum     // the new file's summary of its revisions
	err := s.view(func(tx *bolt.Tx) error {
		err := eachHeader(tx, func(k, v []byte) error {
			var iv Interview
			err := s.decodeHeader(k, v, &iv)
			var answers map[string]Answer
			if err == nil {
				// Every row of it opens: its answers, paradata, history.
				answers, _, _, err = s.wholeAt(tx, k, nil)
			}
			if err == nil {
				err = CheckDigest(iv, answers)
			}
			if err != nil {
				bad[string(k)] = true
				name := iv.ID
				if name == "" {
					name = fmt.Sprintf("record %x", k)
				}
				res.Lost = append(res.Lost, name)
				return nil
			}
			res.Interviews++
			return nil
		})
		if err != nil {
			return err
		}
		return copyValues(tx, tmp, func(bucket string, key, v []byte) ([]byte, bool, error) {
			switch bucket {
			case bucketJournal:
				return nil, false, nil
			case bucketIDs:
				return v, !bad[string(v)] && len(v) == 8 && headerAt(tx, v) != nil, nil
			case bucketInterviews, bucketAnswers, bucketLog, bucketFacts, bucketRevisions:
				if len(key) >= 8 && bad[string(key[:8])] {
					return nil, false, nil
				}
				mark, ok := tailRow(key)
				if bucket == bucketRevisions && len(key) == 8 || bucket == bucketLog && ok && mark == revisionMark {
					// Made again from what each interview kept holds, for
					// the new file's summary (a file of format 3, read as
					// it is, keeps its revision rows in their bucket).
					var iv Interview
					seq := key[:8]
					if s.decodeHeader(seq, headerAt(tx, seq), &iv) != nil {
						return nil, false, nil
					}
					rev := revisionOf(tx, seq, iv)
					total.plus(rev.element(seq))
					data, err := s.encodeRevision(seq, rev)
					return data, err == nil, err
				}
			case bucketMeta:
				if bytes.Equal(key, countsKey) {
					return nil, false, nil // counted again when next asked
				}
				if bytes.Equal(key, summaryKey) {
					return nil, false, nil // made again when next opened for writing
				}
				if bytes.Equal(key, factsKey) {
					return nil, false, nil // the facts are made again too
				}
			}
			name, as, sealed, err := sealedName(bucket, key)
			if err == nil && sealed {
				_, err = s.codec.open(name, as, v)
			}
			if err != nil {
				res.Skipped = append(res.Skipped, fmt.Sprintf("%s record %x", bucket, key))
				return nil, false, nil
			}
			return v, true, nil
		})
	})
	if err == nil {
		err = s.summarizeSalvage(tmp, total)
	}
	if err == nil {
		err = os.Rename(tmp, out)
	}
	if err != nil {
		os.Remove(tmp)
		return res, fmt.Errorf("salvage %s into %s: %w", s.path, out, err)
	}
	return res, nil
}

// summarizeSalvage gives the salvaged file at path the summary of the
// interviews it kept, dated now: what happened to them before the salvage
// is not covered.
func (s *Store) summarizeSalvage(path string, total answersSum) error {
	db, err := openBolt(path, false)
	if err != nil {
		return err
	}
	err = db.Update(func(tx *bolt.Tx) error {
		if _, err := tx.CreateBucketIfNotExists([]byte(bucketRevisions)); err != nil {
			return err
		}
		data, err := s.encode(bucketSummary, summaryKey, summary{Sum: total.String(), Computed: s.now().UTC()})
		if err != nil {
			return err
		}
		meta, err := tx.CreateBucketIfNotExists([]byte(bucketMeta))
		if err != nil {
			return err
		}
		return meta.Put(summaryKey, data)
	})
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	return err
}

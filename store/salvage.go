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
		return res, fmt.Errorf("salvage into %s: that is the data file itself; name a new file", out)
	}
	if _, err := os.Stat(out); err == nil {
		return res, fmt.Errorf("salvage into %s: it exists; name a new file", out)
	}
	tmp := out + ".partial"
	os.Remove(tmp)
	bad := map[string]bool{} // sequence numbers of the interviews left out
	err := s.view(func(tx *bolt.Tx) error {
		interviews := tx.Bucket([]byte(bucketInterviews))
		err := interviews.ForEach(func(k, v []byte) error {
			var iv Interview
			err := s.decodeHeader(k, v, &iv)
			var answers map[string]Answer
			if err == nil {
				answers, err = s.answersAt(tx, k)
			}
			if err == nil {
				err = checkDigest(iv, answers)
			}
			if err == nil {
				err = s.eventsAt(tx, k, func(Event) error { return nil })
			}
			if err == nil {
				_, err = s.historyAt(tx, k)
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
				return v, !bad[string(v)] && interviews.Get(v) != nil, nil
			case bucketInterviews, bucketAnswers, bucketLog, bucketRevisions:
				if len(key) >= 8 && bad[string(key[:8])] {
					return nil, false, nil
				}
			case bucketMeta:
				if bytes.Equal(key, countsKey) {
					return nil, false, nil // counted again when next asked
				}
				if bytes.Equal(key, summaryKey) {
					return nil, false, nil // made again when next opened for writing
				}
			}
			name, sealed, err := sealedName(bucket, key)
			if err == nil && sealed {
				_, err = s.codec.open(name, key, v)
			}
			if err != nil {
				res.Skipped = append(res.Skipped, fmt.Sprintf("%s record %x", bucket, key))
				return nil, false, nil
			}
			return v, true, nil
		})
	})
	if err == nil {
		err = os.Rename(tmp, out)
	}
	if err != nil {
		os.Remove(tmp)
		return res, fmt.Errorf("salvage %s into %s: %w", s.path, out, err)
	}
	return res, nil
}

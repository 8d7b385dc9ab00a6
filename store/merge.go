package store

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"

	bolt "go.etcd.io/bbolt"
)

// bucketConflicts holds versions of interviews that changed on two
// laptops since they last agreed, keyed by interview id and digest,
// until a supervisor chooses one.
const bucketConflicts = "conflicts"

func abs(p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	return a
}

// MergeResult counts what a merge did with one file's interviews.
type MergeResult struct {
	File      string
	Added     int // new here
	Updated   int // a newer version replaced ours
	Unchanged int // the same, or ours is newer
	Conflicts int // both changed since they last agreed: both kept
	// Again is set when an import under the same key had been made
	// (ImportOptions.Key): nothing was read or written this time, and
	// the counts are those of that import.
	Again bool
}

func (r MergeResult) String() string {
	return fmt.Sprintf("%s: %d added, %d updated, %d unchanged, %d in conflict", r.File, r.Added, r.Updated, r.Unchanged, r.Conflicts)
}

// mergeBatch is how many interviews a merge writes per transaction:
// memory stays flat whatever the pack's size.
const mergeBatch = 500

// Merge brings the interviews of another data file or pack into this
// one, reading it interview by interview and writing them in batches of
// transactions, all or nothing: every value the merge replaces is kept
// in a journal until its last transaction, so that a bad file, a
// failure or a siap killed halfway leaves this file as it was (undone at
// once, or on the next open). Merging the same file twice changes
// nothing the second time. A pack opens with this file's private key; a
// data file or a pack of an earlier siap with passphrase (MergeWith).
func (s *Store) Merge(path, passphrase string) (MergeResult, error) {
	return s.MergeWith(path, MergeOptions{Passphrase: passphrase})
}

// mergeFrom merges the interviews of an open file that keep accepts (nil:
// all of them).
func (s *Store) mergeFrom(other *Store, keep func(Interview) bool) (MergeResult, error) {
	path := other.path
	res := MergeResult{File: path}
	// No other write of this handle comes between the merge's batches:
	// undoing it must undo nothing else.
	s.mu.Lock()
	defer s.mu.Unlock()
	s.journaling = true
	defer func() { s.journaling = false }()
	err := other.view(func(otx *bolt.Tx) error {
		if err := s.updateLocked(func(tx *bolt.Tx) error { return s.mergeForms(tx, other, otx) }); err != nil {
			return err
		}
		sc := newScan(otx)
		defer sc.done()
		c := headers(otx)
		k, v := c.First()
		for {
			err := s.updateLocked(func(tx *bolt.Tx) error {
				// The pages of this file a batch reads (the ids'
				// leaves, in no order, among them) are handed back
				// with the pack's, as many as the scan lets be.
				sc.writing = tx
				defer func() { sc.writing = nil }()
				for n := 0; k != nil && n < mergeBatch; n++ {
					var iv Interview
					if err := other.decodeHeader(k, v, &iv); err != nil {
						return err
					}
					if keep != nil && !keep(iv) {
						k, v = c.Next()
						continue
					}
					read, err := s.addCopied(tx, other, otx, k, iv)
					if err == errNotNew {
						var remote Record
						if remote, err = other.recordAt(otx, k); err == nil {
							err = CheckDigest(remote.Interview, remote.Answers)
						}
						if err == nil {
							err = s.mergeOne(tx, remote, &res)
							read = 64 * (len(remote.Answers) + len(remote.Events))
						}
					} else if err == nil {
						res.Added++
					}
					if err != nil {
						return err
					}
					sc.add(read)
					k, v = c.Next()
				}
				// The pages of this file the batch read are handed back
				// too: a merge of 100,000 interviews held 120 MB of them.
				scanned(tx)
				if k == nil && hasJournal(tx) {
					// The last batch makes the merge final.
					return tx.DeleteBucket([]byte(bucketJournal))
				}
				return nil
			})
			s.handBackWritten()
			if err != nil || k == nil {
				return err
			}
		}
	})
	if err != nil {
		if uerr := s.updateLocked(rollback); uerr != nil {
			return MergeResult{File: path}, fmt.Errorf("merge %s: %w; undoing it failed too (%v): it will be undone when siap next opens the file", path, err, uerr)
		}
		return MergeResult{File: path}, fmt.Errorf("merge %s: %w; nothing was merged", path, err)
	}
	return res, nil
}

// undoCutMerge undoes a merge that was cut short (siap killed, the
// power gone) before anything else reads the file.
func (s *Store) undoCutMerge() error {
	var cut bool
	s.view(func(tx *bolt.Tx) error { cut = hasJournal(tx); return nil })
	if !cut {
		return nil
	}
	if err := s.update(rollback); err != nil {
		return fmt.Errorf("data file %s: undo a merge that was cut short: %w", s.path, err)
	}
	return nil
}

// mergeForms copies the other file's questionnaires, refusing another
// study's.
func (s *Store) mergeForms(tx *bolt.Tx, other *Store, otx *bolt.Tx) error {
	cur, err := s.setting(tx, "current_form")
	if err != nil {
		return err
	}
	var curID string
	if cur != "" {
		var f FormSource
		if err := s.decode(bucketForms, []byte(cur), tx.Bucket([]byte(bucketForms)).Get([]byte(cur)), &f); err != nil {
			return err
		}
		curID = f.ID
	}
	forms := tx.Bucket([]byte(bucketForms))
	return otx.Bucket([]byte(bucketForms)).ForEach(func(k, v []byte) error {
		var f FormSource
		if err := other.decode(bucketForms, k, v, &f); err != nil {
			return err
		}
		if curID != "" && f.ID != curID {
			return failure(ErrOtherForm, other.path, f.ID, "it holds interviews of form %q, and this data file holds form %q: merge only files of one study", f.ID, curID)
		}
		if forms.Get(k) == nil {
			data, err := s.encode(bucketForms, k, f)
			if err != nil {
				return err
			}
			if err := s.journal(tx, bucketForms, k); err != nil {
				return err
			}
			if err := forms.Put(k, data); err != nil {
				return err
			}
		}
		if cur == "" {
			cur = string(k)
			return s.putSetting(tx, "current_form", cur)
		}
		return nil
	})
}

func (s *Store) mergeOne(tx *bolt.Tx, remote Record, res *MergeResult) error {
	iv := remote.Interview
	if seqOf(tx, iv.ID) == nil {
		res.Added++
		// A new interview is journaled by its id alone (newRow): undoing
		// the merge deletes its rows by that.
		s.journalNew = true
		defer func() { s.journalNew = false }()
		return s.putRecord(tx, remote)
	}
	local, err := s.getRow(tx, iv.ID)
	if err != nil {
		return err
	}
	if local.iv.History, err = s.historyAt(tx, local.seq); err != nil {
		return err
	}
	switch Decide(local.iv, iv) {
	case MergeUnchanged:
		res.Unchanged++
		return nil
	case MergeNewer:
		res.Updated++
		return s.putRecord(tx, remote)
	}
	key := []byte(ConflictKey(iv.ID, iv.Hash))
	conflicts, err := tx.CreateBucketIfNotExists([]byte(bucketConflicts))
	if err != nil {
		return err
	}
	if conflicts.Get(key) != nil {
		res.Unchanged++
		return nil
	}
	res.Conflicts++
	sealed, err := s.encode(bucketConflicts, key, remote)
	if err != nil {
		return err
	}
	if err := s.journal(tx, bucketConflicts, key); err != nil {
		return err
	}
	return conflicts.Put(key, sealed)
}

var errNotNew = errors.New("the file holds this interview")

// addCopied adds an interview this file does not hold from another
// file, copying its rows as they are stored there (unsealed with its key,
// sealed with this one's under their new keys) rather than decoding and
// encoding every answer and event again; only its answers are read, for
// their digest and the index. It returns errNotNew for an interview this
// file holds, and how many bytes it read.
func (s *Store) addCopied(tx *bolt.Tx, other *Store, otx *bolt.Tx, oseq []byte, iv Interview) (int, error) {
	if seqOf(tx, iv.ID) != nil {
		return 0, errNotNew
	}
	answers, err := other.answersAt(otx, oseq)
	if err != nil {
		return 0, err
	}
	if err := CheckDigest(iv, answers); err != nil {
		return 0, err
	}
	// Journaled by its id alone, as any interview a merge adds.
	s.journalNew = true
	defer func() { s.journalNew = false }()
	r, err := s.newRow(tx, iv.ID)
	if err != nil {
		return 0, err
	}
	read := 0
	if data := otx.Bucket([]byte(bucketAnswers)).Get(oseq); data != nil {
		plain, err := other.codec.open(bucketAnswers, oseq, data)
		if err != nil {
			return 0, fmt.Errorf("answers of interview %s: %w", iv.ID, err)
		}
		sealed, err := s.codec.seal(bucketAnswers, r.seq, plain)
		if err != nil {
			return 0, err
		}
		answers := tx.Bucket([]byte(bucketAnswers))
		answers.FillPercent = packedFill
		if err := answers.Put(r.seq, sealed); err != nil {
			return 0, err
		}
		read += len(data)
	}
	s.knownTail = nil // rows put here by key, not appended
	log := tx.Bucket([]byte(bucketLog))
	log.FillPercent = packedFill
	c := otx.Bucket([]byte(bucketLog)).Cursor()
	for k, v := c.Seek(oseq); k != nil && bytes.HasPrefix(k, oseq); k, v = c.Next() {
		if _, ok := tailRow(k); ok {
			continue // its record and revision are written after (putHeader)
		}
		kind := logKindName(k)
		if kind == "" {
			return 0, fmt.Errorf("interview %s: log row %x is not one siap writes", iv.ID, k)
		}
		plain, err := other.codec.open(kind, sealKey(k), v)
		if err != nil {
			return 0, fmt.Errorf("interview %s: %s row %x: %w", iv.ID, kind, k, err)
		}
		key := append(bytes.Clone(r.seq), k[len(oseq):]...)
		sealed, err := s.codec.seal(kind, sealKey(key), plain)
		if err != nil {
			return 0, err
		}
		if err := log.Put(key, sealed); err != nil {
			return 0, err
		}
		read += len(v)
	}
	s.reindex(&iv, answers)
	iv.Sum = sumOf(answers).String()
	iv.History = nil // copied as rows
	r.iv, r.bulk = iv, true
	return read, s.putHeader(tx, r)
}

// putRecord writes a whole interview, replacing what was stored under its
// id. The paradata of both versions is kept, each event once.
func (s *Store) putRecord(tx *bolt.Tx, r Record) error {
	if !s.prepared(r.Interview) {
		s.reindex(&r.Interview, r.Answers)
		r.Interview.Sum = sumOf(r.Answers).String()
	}
	seq := seqOf(tx, r.Interview.ID)
	if seq == nil {
		row, err := s.newRow(tx, r.Interview.ID)
		if err != nil {
			return err
		}
		row.iv = r.Interview
		return s.putRows(tx, row, r.Answers, r.Events)
	}
	seq = bytes.Clone(seq)
	var old []Event
	if err := s.eventsAt(tx, seq, func(e Event) error { old = append(old, e); return nil }); err != nil {
		return err
	}
	if err := s.deleteKind(tx, seq, bucketEvents); err != nil {
		return err
	}
	return s.putRows(tx, row{seq: seq, iv: r.Interview}, r.Answers, UnionEvents(old, r.Events))
}

// readRecord reads a whole interview.
func (s *Store) readRecord(tx *bolt.Tx, id string) (Record, error) {
	seq := seqOf(tx, id)
	if seq == nil {
		return Record{}, failure(ErrNotFound, "", id, "interview %s: %w", id, ErrNotFound)
	}
	return s.recordAt(tx, seq)
}

// recordAt reads a whole interview by its key.
func (s *Store) recordAt(tx *bolt.Tx, seq []byte) (Record, error) {
	r := row{seq: bytes.Clone(seq)}
	data := headerAt(tx, seq)
	if data == nil {
		return Record{}, fmt.Errorf("interview record %x: %w", seq, ErrNotFound)
	}
	if err := s.decodeHeader(seq, data, &r.iv); err != nil {
		return Record{}, err
	}
	out := Record{Interview: r.iv}
	var err error
	out.Answers, out.Events, out.Interview.History, err = s.wholeAt(tx, r.seq, nil)
	return out, err
}

// Conflict is an interview changed on two laptops since they last
// agreed: ours, and the version a merge brought.
type Conflict struct {
	Local, Remote Record
}

// Conflicts lists the conflicts merges left for a supervisor.
func (s *Store) Conflicts() ([]Conflict, error) {
	var out []Conflict
	err := s.view(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte(bucketConflicts))
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			var c Conflict
			if err := s.decode(bucketConflicts, k, v, &c.Remote); err != nil {
				return err
			}
			local, err := s.readRecord(tx, c.Remote.Interview.ID)
			if err != nil {
				return err
			}
			c.Local = local
			out = append(out, c)
			return nil
		})
	})
	return out, err
}

// ResolveConflict keeps one version of a conflicting interview: ours, or
// the one a merge brought (keepRemote). Either way both versions' digests
// become its history, so that merging either side again changes nothing.
func (s *Store) ResolveConflict(id, remoteHash string, keepRemote bool, who string) error {
	key := []byte(ConflictKey(id, remoteHash))
	return s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte(bucketConflicts))
		if b == nil || b.Get(key) == nil {
			return fmt.Errorf("conflict %s: %w", key, ErrNotFound)
		}
		var remote Record
		if err := s.decode(bucketConflicts, key, b.Get(key), &remote); err != nil {
			return err
		}
		local, err := s.getRow(tx, id)
		if err != nil {
			return err
		}
		if local.iv.History, err = s.historyAt(tx, local.seq); err != nil {
			return err
		}
		kept, other := local.iv, remote.Interview
		if keepRemote {
			kept, other = remote.Interview, local.iv
			if err := s.putRecord(tx, remote); err != nil {
				return err
			}
			s.reindex(&kept, remote.Answers)
		}
		kept, ev := Resolved(kept, other, keepRemote, who, s.now().UTC())
		if err := s.appendEventsAt(tx, local.seq, ev); err != nil {
			return err
		}
		if err := s.putHeader(tx, row{seq: local.seq, iv: kept, replaceHistory: true}); err != nil {
			return err
		}
		return b.Delete(key)
	})
}

func dedupe(list []string, without string) []string {
	seen := map[string]bool{without: true}
	var out []string
	for _, x := range list {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	if len(out) > maxHistory {
		out = out[len(out)-maxHistory:]
	}
	return out
}

// Record returns a whole interview: record, answers and paradata.
func (s *Store) Record(id string) (r Record, err error) {
	err = s.view(func(tx *bolt.Tx) error {
		r, err = s.readRecord(tx, id)
		return err
	})
	return r, err
}

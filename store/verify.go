package store

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	bolt "go.etcd.io/bbolt"
)

// Report is what Verify checked.
type Report struct {
	Interviews, Answers, Events, Forms int
	Problems                           []Problem
	// Notes say what could not be checked, and why.
	Notes []Problem
}

// maxProblems bounds a report on a badly damaged file.
const maxProblems = 50

// checkPages runs the consistency check of the file's pages alone
// (checkPageTree).
func (s *Store) checkPages() (problems []Problem) {
	err := s.view(func(tx *bolt.Tx) error {
		_, err := s.checkPageTree(tx, func(w Wording, args ...any) {
			if len(problems) < maxProblems {
				problems = append(problems, consistencyProblem(NewProblem(w, args...)))
			}
		})
		return err
	})
	var d *DamagedError
	switch {
	case errors.As(err, &d):
		problems = append(problems, NewProblem(WordUnreadable, d.Cause))
	case err != nil:
		problems = append(problems, NewProblem(WordUnreadable, err))
	}
	return problems
}

// Verify checks the consistency of the file's pages and decodes every
// record.
func (s *Store) Verify() (Report, error) {
	var r Report
	add := func(w Wording, args ...any) {
		if len(r.Problems) < maxProblems {
			r.Problems = append(r.Problems, NewProblem(w, args...))
		}
	}
	err := s.view(func(tx *bolt.Tx) error {
		keys, err := s.checkPageTree(tx, func(w Wording, args ...any) { add(WordUnreadable, consistencyProblem(NewProblem(w, args...))) })
		if err != nil {
			return err
		}
		forms := tx.Bucket([]byte(bucketForms))
		forms.ForEach(func(k, v []byte) error {
			var f FormSource
			if err := s.decode(bucketForms, k, v, &f); err != nil {
				add(WordUnreadable, err)
			} else if FormKey(f.Data, f.Files) != string(k) {
				add(WordFormChecksum, k)
			}
			r.Forms++
			return nil
		})
		tx.Bucket([]byte(bucketSettings)).ForEach(func(k, v []byte) error {
			var x string
			if err := s.decode(bucketSettings, k, v, &x); err != nil {
				add(WordUnreadable, err)
			}
			return nil
		})
		sc := newScan(tx)
		defer sc.done()
		ids := tx.Bucket([]byte(bucketIDs))
		facts := s.factsChecker(tx, add)
		eachHeader(tx, func(k, v []byte) error {
			r.Interviews++
			before := r.Answers + r.Events
			defer func() { sc.add(len(v) + 64*(r.Answers+r.Events-before)) }()
			var iv Interview
			if err := s.decodeHeader(k, v, &iv); err != nil {
				add(WordUnreadable, err)
				return nil
			}
			if !bytes.Equal(ids.Get([]byte(iv.ID)), k) {
				add(wordNotFiled, iv.ID)
			}
			if forms.Get([]byte(iv.FormKey)) == nil {
				add(WordFormMissing, iv.ID, iv.FormKey)
			}
			answers, err := s.answersAt(tx, k)
			if err != nil {
				add(WordInterview, iv.ID, err)
			}
			r.Answers += len(answers)
			if _, err := s.historyAt(tx, k); err != nil {
				add(WordInterview, iv.ID, err)
			}
			if err := logGap(tx, k); err != nil {
				add(WordInterview, iv.ID, err)
			}
			if err == nil {
				sum := sumOf(answers)
				if iv.Sum != "" && iv.Sum != sum.String() || contentHash(&iv, sum) != iv.Hash {
					add(WordDigest, iv.ID)
				}
			}
			var events []Event
			err = s.eventsAt(tx, k, func(e Event) error {
				r.Events++
				if facts != nil {
					events = append(events, e)
				}
				return nil
			})
			if err != nil {
				add(WordInterview, iv.ID, err)
			} else if facts != nil && answers != nil {
				if err := s.readFacts(tx, k, &iv); err != nil {
					add(WordInterview, iv.ID, err)
				} else {
					facts.check(k, iv, answers, events)
				}
			}
			return nil
		})
		if facts != nil {
			facts.done(keys)
		} else if s.indexer != nil {
			r.Notes = append(r.Notes, NewProblem(wordFactsStale))
		}
		// Log rows of no interview: a key whose sequence number has no
		// record, or of no known kind.
		log := tx.Bucket([]byte(bucketLog)).Cursor()
		for k, v := log.First(); k != nil; k, v = log.Next() {
			// Each row looks up its interview's record: a page of them.
			sc.add(len(k) + len(v) + 4096)
			_, isLog := parseLogKey(k)
			mark, isTail := tailRow(k)
			if !isLog && !isTail {
				add(wordLogForeign, k)
				continue
			}
			if mark == revisionMark {
				// checkRevisions compares it with the record; one of no
				// record is named here.
				if headerAt(tx, k[:8]) == nil {
					s.unheldRevision(tx, k[:8], v, add)
				}
				continue
			}
			if headerAt(tx, k[:8]) == nil {
				add(wordLogOrphan, k)
				// Skip the rest of that interview's rows.
				log.Seek(append(bytes.Clone(k[:8]), 0xff))
				log.Prev()
			}
		}
		if err := s.countsAgree(tx, r.Interviews); err != nil {
			add(WordUnreadable, err)
		}
		r.Notes = append(r.Notes, s.checkRevisions(tx, add, sc)...)
		return ids.ForEach(func(k, v []byte) error {
			// Ids are in no order: each looks up a page of records.
			sc.add(len(k) + len(v) + 4096)
			if len(v) != 8 || headerAt(tx, v) == nil {
				add(wordNoRecord, k)
			}
			return nil
		})
	})
	if err != nil {
		r.Problems = append(r.Problems, NewProblem(WordUnreadable, err))
	}
	return r, nil
}

func (r Report) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "checked %d interviews, %d answers, %d paradata events, %d questionnaires", r.Interviews, r.Answers, r.Events, r.Forms)
	for _, n := range r.Notes {
		fmt.Fprintf(&b, "\nnote: %s", n)
	}
	for _, p := range r.Problems {
		fmt.Fprintf(&b, "\nproblem: %s", p)
	}
	return b.String()
}

package store

import (
	"fmt"
	"strings"

	bolt "go.etcd.io/bbolt"
)

// Report is what Verify checked.
type Report struct {
	Interviews, Answers, Events, Forms int
	Problems                           []string
}

// maxProblems bounds a report on a badly damaged file.
const maxProblems = 50

// Verify runs bbolt's consistency check and decodes every record.
func (s *Store) Verify() (Report, error) {
	var r Report
	add := func(format string, args ...any) {
		if len(r.Problems) < maxProblems {
			r.Problems = append(r.Problems, fmt.Sprintf(format, args...))
		}
	}
	err := s.view(func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			add("consistency: %v", err)
		}
		forms := tx.Bucket([]byte(bucketForms))
		forms.ForEach(func(k, v []byte) error {
			var f FormSource
			if err := s.decode(bucketForms, k, v, &f); err != nil {
				add("%v", err)
			} else if FormKey(f.Data, f.Files) != string(k) {
				add("form %s: its bytes do not match their checksum", k)
			}
			r.Forms++
			return nil
		})
		tx.Bucket([]byte(bucketSettings)).ForEach(func(k, v []byte) error {
			var x string
			if err := s.decode(bucketSettings, k, v, &x); err != nil {
				add("%v", err)
			}
			return nil
		})
		return tx.Bucket([]byte(bucketInterviews)).ForEach(func(k, v []byte) error {
			r.Interviews++
			var iv Interview
			if err := s.decode(bucketInterviews, k, v, &iv); err != nil {
				add("%v", err)
				return nil
			}
			if iv.ID != string(k) {
				add("interview %s is filed under %s", iv.ID, k)
			}
			if forms.Get([]byte(iv.FormKey)) == nil {
				add("interview %s: its questionnaire %s is missing", k, iv.FormKey)
			}
			if err := s.eachAnswer(tx, iv.ID, func(string, Answer) { r.Answers++ }); err != nil {
				add("interview %s: %v", k, err)
			}
			if b := tx.Bucket([]byte(bucketEvents)).Bucket(k); b != nil {
				b.ForEach(func(ek, ev []byte) error {
					r.Events++
					var e Event
					if err := s.decode(eventsOf(string(k)), ek, ev, &e); err != nil {
						add("interview %s: %v", k, err)
					}
					return nil
				})
			}
			return nil
		})
	})
	if err != nil {
		r.Problems = append(r.Problems, err.Error())
	}
	return r, nil
}

func (r Report) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "checked %d interviews, %d answers, %d paradata events, %d questionnaires", r.Interviews, r.Answers, r.Events, r.Forms)
	for _, p := range r.Problems {
		fmt.Fprintf(&b, "\nproblem: %s", p)
	}
	return b.String()
}

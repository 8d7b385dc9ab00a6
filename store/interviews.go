package store

import (
	"encoding/binary"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"
)

// NewID makes an interview id in ODK's instanceID form.
func NewID() string { return "uuid:" + uuid.NewString() }

// Create adds a draft interview with its first answers (the metadata the
// interview engine records) in one transaction, and returns it with its
// id and times set.
func (s *Store) Create(iv Interview, changes []Change) (Interview, error) {
	now := s.now().UTC()
	if iv.ID == "" {
		iv.ID = NewID()
	}
	if iv.Status == "" {
		iv.Status = Draft
	}
	iv.Created, iv.Updated = now, now
	err := s.update(func(tx *bolt.Tx) error {
		if tx.Bucket([]byte(bucketInterviews)).Get([]byte(iv.ID)) != nil {
			return fmt.Errorf("interview %s already exists", iv.ID)
		}
		if err := s.appendEvents(tx, iv.ID, Event{Time: now, Kind: EventOpened, Who: iv.Interviewer}); err != nil {
			return err
		}
		return s.saveChanges(tx, &iv, changes, now)
	})
	return iv, err
}

// Save records changed answers of an interview in one write transaction,
// with bbolt's default sync: once Save returns nil the answers survive a
// crash or a flat battery. Every change is also logged in the paradata
// with its old and new value.
func (s *Store) Save(id string, changes []Change) error {
	return s.update(func(tx *bolt.Tx) error {
		iv, err := s.getInterview(tx, id)
		if err != nil {
			return err
		}
		return s.saveChanges(tx, &iv, changes, s.now().UTC())
	})
}

func (s *Store) saveChanges(tx *bolt.Tx, iv *Interview, changes []Change, t time.Time) error {
	answers, err := tx.Bucket([]byte(bucketAnswers)).CreateBucketIfNotExists([]byte(iv.ID))
	if err != nil {
		return err
	}
	var events []Event
	for _, c := range changes {
		key := []byte(c.Path)
		var old Answer
		had := answers.Get(key) != nil
		if had {
			if err := s.decode(answersOf(iv.ID), key, answers.Get(key), &old); err != nil {
				return err
			}
		}
		switch {
		case c.Removed && !had:
			continue
		case c.Removed:
			if err := answers.Delete(key); err != nil {
				return err
			}
			events = append(events, Event{Time: t, Kind: EventCleared, Path: c.Path, Old: old.Value})
		case had && old.Value == c.Value:
			continue
		default:
			data, err := s.encode(answersOf(iv.ID), key, Answer{Value: c.Value, Changed: t})
			if err != nil {
				return err
			}
			if err := answers.Put(key, data); err != nil {
				return err
			}
			kind := EventSet
			if had {
				kind = EventChanged
			}
			events = append(events, Event{Time: t, Kind: kind, Path: c.Path, Old: old.Value, New: c.Value})
		}
	}
	if err := s.appendEvents(tx, iv.ID, events...); err != nil {
		return err
	}
	iv.Revision += len(events)
	if len(events) > 0 || iv.Updated.IsZero() {
		iv.Updated = t
	}
	if err := s.rehash(tx, iv); err != nil {
		return err
	}
	return s.putInterview(tx, *iv)
}

// Log appends paradata events: a question shown, the language switched,
// the interview opened or closed. A "shown" event also records where the
// interview resumes.
func (s *Store) Log(id string, events ...Event) error {
	return s.update(func(tx *bolt.Tx) error {
		iv, err := s.getInterview(tx, id)
		if err != nil {
			return err
		}
		now := s.now().UTC()
		for i := range events {
			if events[i].Time.IsZero() {
				events[i].Time = now
			}
			switch events[i].Kind {
			case EventShown:
				iv.Position = events[i].Path
			case EventLanguage:
				iv.Language = events[i].New
			}
		}
		if err := s.appendEvents(tx, id, events...); err != nil {
			return err
		}
		return s.putInterview(tx, iv)
	})
}

// SetStatus moves an interview to a status (completed, approved,
// rejected with a comment, ...), recording who did it in the paradata.
func (s *Store) SetStatus(id string, status Status, who, comment string) error {
	if !slices.Contains(Statuses, status) {
		return fmt.Errorf("status %q is not one of %v", status, Statuses)
	}
	return s.update(func(tx *bolt.Tx) error {
		iv, err := s.getInterview(tx, id)
		if err != nil {
			return err
		}
		now := s.now().UTC()
		ev := Event{Time: now, Kind: EventStatus, Old: string(iv.Status), New: string(status), Detail: comment, Who: who}
		switch {
		case status == Completed:
			ev.Kind = EventCompleted
		case iv.Status == Completed && status == Draft:
			ev.Kind = EventReopened
		}
		if err := s.appendEvents(tx, id, ev); err != nil {
			return err
		}
		iv.Status, iv.Comment, iv.Updated = status, comment, now
		iv.Revision++
		if err := s.rehash(tx, &iv); err != nil {
			return err
		}
		return s.putInterview(tx, iv)
	})
}

// SetNote keeps a note on one question of an interview (the
// interviewer's "the respondent estimated this", a supervisor's "check
// with the KK"), or removes it when text is empty. It goes with the
// interview through packs and merges, and into the paradata with who
// wrote it.
func (s *Store) SetNote(id, path, text, who string) error {
	text = strings.TrimSpace(text)
	return s.update(func(tx *bolt.Tx) error {
		iv, err := s.getInterview(tx, id)
		if err != nil {
			return err
		}
		old := iv.Notes[path]
		if old.Text == text {
			return nil
		}
		now := s.now().UTC()
		if text == "" {
			delete(iv.Notes, path)
		} else {
			if iv.Notes == nil {
				iv.Notes = map[string]Note{}
			}
			iv.Notes[path] = Note{Text: text, By: who, Time: now}
		}
		if err := s.appendEvents(tx, id, Event{Time: now, Kind: EventNote, Path: path, Old: old.Text, New: text, Who: who}); err != nil {
			return err
		}
		iv.Updated = now
		iv.Revision++
		if err := s.rehash(tx, &iv); err != nil {
			return err
		}
		return s.putInterview(tx, iv)
	})
}

// Interview returns an interview's record.
func (s *Store) Interview(id string) (iv Interview, err error) {
	err = s.view(func(tx *bolt.Tx) error {
		iv, err = s.getInterview(tx, id)
		return err
	})
	return iv, err
}

// Answers returns an interview's answers by path.
func (s *Store) Answers(id string) (map[string]Answer, error) {
	out := map[string]Answer{}
	err := s.view(func(tx *bolt.Tx) error {
		if _, err := s.getInterview(tx, id); err != nil {
			return err
		}
		return s.eachAnswer(tx, id, func(path string, a Answer) { out[path] = a })
	})
	return out, err
}

// Values returns an interview's answers as plain values by path.
func (s *Store) Values(id string) (map[string]string, error) {
	answers, err := s.Answers(id)
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(answers))
	for p, a := range answers {
		out[p] = a.Value
	}
	return out, nil
}

func (s *Store) eachAnswer(tx *bolt.Tx, id string, fn func(string, Answer)) error {
	b := tx.Bucket([]byte(bucketAnswers)).Bucket([]byte(id))
	if b == nil {
		return nil
	}
	return b.ForEach(func(k, v []byte) error {
		var a Answer
		if err := s.decode(answersOf(id), k, v, &a); err != nil {
			return err
		}
		fn(string(k), a)
		return nil
	})
}

// Events calls fn with an interview's paradata, oldest first.
func (s *Store) Events(id string, fn func(Event) error) error {
	return s.view(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte(bucketEvents)).Bucket([]byte(id))
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			var e Event
			if err := s.decode(eventsOf(id), k, v, &e); err != nil {
				return err
			}
			return fn(e)
		})
	})
}

// Each calls fn with every interview, one at a time in one read
// transaction, with its answers as plain values: memory does not grow
// with the number of interviews.
func (s *Store) Each(fn func(Interview, map[string]string) error) error {
	return s.view(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte(bucketInterviews)).ForEach(func(k, v []byte) error {
			var iv Interview
			if err := s.decode(bucketInterviews, k, v, &iv); err != nil {
				return err
			}
			vals := map[string]string{}
			if err := s.eachAnswer(tx, iv.ID, func(p string, a Answer) { vals[p] = a.Value }); err != nil {
				return err
			}
			return fn(iv, vals)
		})
	})
}

// Record is a whole interview, for adding many at once.
type Record struct {
	Interview Interview
	Answers   map[string]Answer
	Events    []Event
}

// Import adds whole interviews in one transaction (simulated ones, say).
func (s *Store) Import(records []Record) error {
	return s.update(func(tx *bolt.Tx) error {
		for i := range records {
			r := &records[i]
			if r.Interview.ID == "" {
				r.Interview.ID = NewID()
			}
			if tx.Bucket([]byte(bucketInterviews)).Get([]byte(r.Interview.ID)) != nil {
				return fmt.Errorf("interview %s already exists", r.Interview.ID)
			}
			vals := make(map[string]string, len(r.Answers))
			for p, a := range r.Answers {
				vals[p] = a.Value
			}
			r.Interview.Hash = contentHash(&r.Interview, vals)
			if err := s.putRecord(tx, *r, nil); err != nil {
				return err
			}
		}
		return nil
	})
}

func (s *Store) getInterview(tx *bolt.Tx, id string) (Interview, error) {
	var iv Interview
	data := tx.Bucket([]byte(bucketInterviews)).Get([]byte(id))
	if data == nil {
		return iv, fmt.Errorf("interview %s: %w", id, ErrNotFound)
	}
	err := s.decode(bucketInterviews, []byte(id), data, &iv)
	return iv, err
}

func (s *Store) putInterview(tx *bolt.Tx, iv Interview) error {
	data, err := s.encode(bucketInterviews, []byte(iv.ID), iv)
	if err != nil {
		return err
	}
	return tx.Bucket([]byte(bucketInterviews)).Put([]byte(iv.ID), data)
}

func (s *Store) appendEvents(tx *bolt.Tx, id string, events ...Event) error {
	if len(events) == 0 {
		return nil
	}
	b, err := tx.Bucket([]byte(bucketEvents)).CreateBucketIfNotExists([]byte(id))
	if err != nil {
		return err
	}
	for _, e := range events {
		seq, err := b.NextSequence()
		if err != nil {
			return err
		}
		key := binary.BigEndian.AppendUint64(nil, seq)
		data, err := s.encode(eventsOf(id), key, e)
		if err != nil {
			return err
		}
		if err := b.Put(key, data); err != nil {
			return err
		}
	}
	return nil
}

package store

import (
	"bytes"
	"time"

	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"
)

// NewID makes an interview id in ODK's instanceID form.
func NewID() string { return "uuid:" + uuid.NewString() }

// Create adds a draft interview with its first answers (the metadata the
// interview engine records) in one transaction, and returns it with its
// id and times set. An interview opened before it is kept (the
// interface keeps one from its first answer) gives its Created time,
// which dates its "opened" event.
func (s *Store) Create(iv Interview, changes []Change) (Interview, error) {
	iv, answers, events := NewDraft(iv, changes, s.now())
	err := s.update(func(tx *bolt.Tx) error {
		r, err := s.newRow(tx, iv.ID)
		if err != nil {
			return err
		}
		s.reindex(&iv, answers)
		r.iv = iv
		if err := s.putAnswers(tx, r.seq, answers, r.iv); err != nil {
			return err
		}
		if err := s.appendEventsAt(tx, r.seq, events...); err != nil {
			return err
		}
		r.answers = answers
		return s.putHeader(tx, r)
	})
	return iv, err
}

// Save records changed answers of an interview, and the paradata events
// that go with them (the next question shown, say), in one write
// transaction with bbolt's default sync: once Save returns nil the
// answers survive a crash or a flat battery. Every change is also logged
// in the paradata with its old and new value, before events. A save
// writes what changed, not the whole interview, and updates the content
// digest from the answers' sum kept in the record.
func (s *Store) Save(id string, changes []Change, events ...Event) error {
	return s.update(func(tx *bolt.Tx) error {
		r, answers, err := s.current(tx, id)
		if err != nil {
			return err
		}
		saved, logged, err := applySave(&r.iv, answers, changes, events, s.now().UTC())
		if err != nil {
			return err
		}
		if len(saved) > 0 {
			// A save of as many changes as a fold gathers (answers
			// filled in at once) writes the record whole instead.
			n := foldAfter
			if len(saved) < foldAfter {
				if n, err = s.appendAnswerChanges(tx, r.seq, saved, r.iv); err != nil {
					return err
				}
			}
			if n >= foldAfter {
				if err := s.putAnswers(tx, r.seq, answers, r.iv); err != nil {
					return err
				}
			}
			s.reindex(&r.iv, answers)
		}
		if len(logged) == 0 {
			// Nothing written: what the save before noted holds.
			s.keep(id, r, answers, r.noted)
			return nil
		}
		if err := s.appendEventsAt(tx, r.seq, logged...); err != nil {
			return err
		}
		r.fold, r.events, r.answers = true, logged, answers
		for _, c := range saved {
			r.changed = append(r.changed, c.Path)
		}
		if err := s.putRow(tx, &r); err != nil {
			return err
		}
		s.keep(id, r, answers, s.noted)
		return nil
	})
}

// lastSaved keeps the interview saved last, record and answers, so that
// the next save of the same interview (the next question) reads and
// decodes neither: it is current while this handle made no other write
// transaction (every write to an interview goes through it: the file is
// locked to one process), and dropped when a transaction fails.
type lastSaved struct {
	id      string
	seq     []byte
	writes  int
	iv      Interview
	answers map[string]Answer
	noted   *noted
}

// current returns an interview's record and answers, from those kept by
// the save before when they are current.
func (s *Store) current(tx *bolt.Tx, id string) (row, map[string]Answer, error) {
	l := s.last
	s.last = nil
	if l != nil && l.writes == s.writes-1 && l.id == id {
		before := l.iv
		return row{seq: l.seq, iv: l.iv, before: &before, noted: l.noted}, l.answers, nil
	}
	r, err := s.getRow(tx, id)
	if err != nil {
		return r, nil, err
	}
	answers, err := s.answersAt(tx, r.seq)
	return r, answers, err
}

// keep remembers the interview this write transaction leaves, and what
// it noted of its revision and the file's summary.
func (s *Store) keep(id string, r row, answers map[string]Answer, n *noted) {
	r.iv.History = nil // appended to the file's rows already
	if n != nil && !bytes.Equal(n.seq, r.seq) {
		n = nil
	}
	s.last = &lastSaved{id: id, seq: r.seq, writes: s.writes, iv: r.iv, answers: answers, noted: n}
}

// stamp gives events without a time the time now, and keeps in the
// record where the interview resumes and its language.
func stamp(iv *Interview, events []Event, now time.Time) []Event {
	for i := range events {
		if events[i].Time.IsZero() {
			events[i].Time = now
		}
		events[i].Time = stampTime(events[i].Time)
		switch events[i].Kind {
		case EventShown:
			iv.Position = events[i].Path
		case EventLanguage:
			iv.Language = events[i].New
		}
	}
	return events
}

// Log appends paradata events: a question shown, the language switched,
// the interview opened or closed. A "shown" event also records where the
// interview resumes.
func (s *Store) Log(id string, events ...Event) error { return s.Save(id, nil, events...) }

// SetStatus moves an interview to a status (completed, approved,
// rejected with a comment, ...), recording who did it in the paradata.
func (s *Store) SetStatus(id string, status Status, who, comment string) error {
	edit, err := StatusEdit(status, who, comment)
	if err != nil {
		return err
	}
	return s.change(id, edit)
}

// SetNote keeps a note on one question of an interview (the
// interviewer's "the respondent estimated this", a supervisor's "check
// with the KK"), or removes it when text is empty. It goes with the
// interview through packs and merges, and into the paradata with who
// wrote it.
func (s *Store) SetNote(id, path, text, who string) error {
	return s.change(id, NoteEdit(path, text, who))
}

// change applies an edit to an interview's record (not its answers),
// logging its event, in one transaction. The content digest is updated
// from the answers' digest kept in the record.
func (s *Store) change(id string, edit Edit) error {
	return s.update(func(tx *bolt.Tx) error {
		r, err := s.getRow(tx, id)
		if err != nil {
			return err
		}
		ev, ok, err := ApplyEdit(&r.iv, edit, func() (map[string]Answer, error) { return s.answersAt(tx, r.seq) }, s.now().UTC())
		if err != nil || !ok {
			return err
		}
		if err := s.appendEventsAt(tx, r.seq, ev); err != nil {
			return err
		}
		r.fold, r.events = true, []Event{ev}
		return s.putHeader(tx, r)
	})
}

// Interview returns an interview's record, with its history.
func (s *Store) Interview(id string) (iv Interview, err error) {
	err = s.view(func(tx *bolt.Tx) error {
		r, err := s.getRow(tx, id)
		if err != nil {
			return err
		}
		iv = r.iv
		iv.History, err = s.historyAt(tx, r.seq)
		return err
	})
	return iv, err
}

// Answers returns an interview's answers by path.
func (s *Store) Answers(id string) (out map[string]Answer, err error) {
	err = s.view(func(tx *bolt.Tx) error {
		r, err := s.getRow(tx, id)
		if err != nil {
			return err
		}
		out, err = s.answersAt(tx, r.seq)
		return err
	})
	return out, err
}

// Values returns an interview's answers as plain values by path.
func (s *Store) Values(id string) (map[string]string, error) {
	answers, err := s.Answers(id)
	if err != nil {
		return nil, err
	}
	return values(answers), nil
}

func values(answers map[string]Answer) map[string]string {
	out := make(map[string]string, len(answers))
	for p, a := range answers {
		out[p] = a.Value
	}
	return out
}

// Events calls fn with an interview's paradata, oldest first.
func (s *Store) Events(id string, fn func(Event) error) error {
	return s.view(func(tx *bolt.Tx) error {
		seq := seqOf(tx, id)
		if seq == nil {
			return nil
		}
		return s.eventsAt(tx, seq, fn)
	})
}

// EachInterview calls fn with every interview's record, without its
// answers, in the order they reached the file (read ahead while fn
// works, as EachRecord): counts and lists of interviews read the index
// kept in the record (Interview.Index), never the answers.
func (s *Store) EachInterview(fn func(Interview) error) error {
	if s.staleIndex {
		return s.EachRecord(false, func(r Record) error {
			s.reindex(&r.Interview, r.Answers)
			return fn(r.Interview)
		})
	}
	return s.eachRow(bucketInterviews, s.decodeHeader, fn)
}

// rowsOf walks the rows a bucket keeps by sequence number: the
// interviews' records are in the log (tail.go).
func rowsOf(tx *bolt.Tx, bucket string, fn func(k, v []byte) error) error {
	if bucket == bucketInterviews {
		return eachHeader(tx, fn)
	}
	b := tx.Bucket([]byte(bucket))
	if b == nil {
		return nil
	}
	return b.ForEach(fn)
}

// eachRow calls fn with every row of a bucket of rows by sequence number
// (records, facts), decoded, in the order the interviews reached the
// file (read ahead while fn works, as EachRecord); a row that cannot be
// decoded is left out and named at the end.
func (s *Store) eachRow(bucket string, decode func(seq, data []byte, iv *Interview) error, fn func(Interview) error) error {
	var damaged Unread
	err := readingAhead(func(send func(Interview) error) error {
		return s.view(func(tx *bolt.Tx) error {
			sc := newScan(tx)
			defer sc.done()
			// One Interview decoded into, row after row, and sent as a
			// copy: decode is a function value, so an Interview of each
			// row's own would be allocated on the heap.
			iv := new(Interview)
			return rowsOf(tx, bucket, func(k, v []byte) error {
				*iv = Interview{}
				if err := decode(k, v, iv); err != nil {
					damaged.add(k, s.idOfRecord(tx, bucket, k), err)
					return nil
				}
				sc.add(len(v))
				return send(*iv)
			})
		})
	}, fn)
	if err != nil {
		return err
	}
	return damaged.Err(s.path, false)
}

// idOfRecord is the id of the interview whose row of bucket could not be
// read, from its record when that reads ("" when not).
func (s *Store) idOfRecord(tx *bolt.Tx, bucket string, seq []byte) string {
	if bucket == bucketInterviews {
		return ""
	}
	data := headerAt(tx, seq)
	var iv Interview
	if data == nil || s.decodeHeader(seq, data, &iv) != nil {
		return ""
	}
	return iv.ID
}

// Each calls fn with every interview, one at a time in the order they
// reached the file, with its answers as plain values: memory does not
// grow with the number of interviews.
func (s *Store) Each(fn func(Interview, map[string]string) error) error {
	return s.EachRecord(false, func(r Record) error { return fn(r.Interview, values(r.Answers)) })
}

// EachRecord calls fn with every interview in the order they reached the
// file, with its answers and, when withEvents, its paradata and digest
// history (a whole interview, as Import takes it), reading the file
// front to back: the next interviews are read and decoded while fn works
// (readAhead of them at most), so memory does not grow with the file.
func (s *Store) EachRecord(withEvents bool, fn func(Record) error) error {
	// One damaged interview costs that interview alone: the others are
	// read, and the damaged ones named at the end.
	var damaged Unread
	lastEvents := 0
	err := readingAhead(func(send func(Record) error) error {
		return s.view(func(tx *bolt.Tx) error {
			sc := newScan(tx)
			defer sc.done()
			answers := tx.Bucket([]byte(bucketAnswers))
			return eachHeader(tx, func(k, v []byte) error {
				r := Record{}
				if err := s.decodeHeader(k, v, &r.Interview); err != nil {
					damaged.add(k, "", err)
					return nil
				}
				sc.add(len(v) + len(answers.Get(k)))
				var err error
				if withEvents {
					// Sized as the interview before: appending event by
					// event would allocate twice what they take.
					r.Answers, r.Events, r.Interview.History, err = s.wholeAt(tx, k, make([]Event, 0, lastEvents+lastEvents/8))
					sc.add(64 * len(r.Answers))
				} else {
					r.Answers, err = s.answersAt(tx, k)
				}
				if err != nil {
					damaged.add(k, r.Interview.ID, err)
					return nil
				}
				lastEvents = len(r.Events)
				return send(r)
			})
		})
	}, fn)
	if err != nil {
		return err
	}
	return damaged.Err(s.path, false)
}

// Record is a whole interview: its record (with its digest history),
// answers and paradata.
type Record struct {
	Interview Interview
	Answers   map[string]Answer
	Events    []Event
}

// Import brings whole interviews in, in one transaction, by the rules of
// a merge (Interviews.Import).
func (s *Store) Import(from RecordSource, opts ...ImportOptions) (MergeResult, error) {
	var res MergeResult
	once := importKey(opts)
	err := s.update(func(tx *bolt.Tx) error {
		if once != "" {
			v, err := s.setting(tx, once)
			if err != nil || v != "" {
				if err == nil {
					res, _, err = UnmarshalImported(v)
				}
				return err
			}
		}
		// The pages of the file the batch reads (the leaves of the ids
		// and identifiers it adds, in no order) are handed back as they
		// add up, as a merge's are: a simulation of a million
		// interviews otherwise held a gigabyte of them.
		sc := newScan(tx)
		err := from(func(r Record) error {
			if !s.prepared(r.Interview) {
				if err := PrepareImport(&r); err != nil {
					return err
				}
			}
			sc.add(64 * (len(r.Answers) + len(r.Events)))
			return s.mergeOne(tx, r, &res)
		})
		sc.done()
		if err != nil || once == "" {
			return err
		}
		v, err := MarshalImported(res, s.now())
		if err != nil {
			return err
		}
		return s.putSetting(tx, once, v)
	})
	s.handBackWritten()
	if err != nil {
		return MergeResult{}, err
	}
	return res, nil
}

// putRows writes an interview's record, history, answers and paradata.
func (s *Store) putRows(tx *bolt.Tx, r row, answers map[string]Answer, events []Event) error {
	r.replaceHistory, r.bulk, r.answers, r.allEvents = true, true, answers, events
	if err := s.putAnswers(tx, r.seq, answers, r.iv); err != nil {
		return err
	}
	if err := s.appendEventsAt(tx, r.seq, events...); err != nil {
		return err
	}
	return s.putHeader(tx, r)
}

// reindex copies into the record the answers the file indexes.
func (s *Store) reindex(iv *Interview, answers map[string]Answer) { Reindex(iv, s.indexed, answers) }

package postgres

import (
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"siap/store"
)

// Create adds a draft interview with its first answers (store.NewDraft)
// in one transaction.
func (db *DB) Create(iv store.Interview, changes []store.Change) (store.Interview, error) {
	iv, answers, events := store.NewDraft(iv, changes, db.stamp())
	err := db.write(func(w *writer) error {
		if err := w.prepare(&iv, answers); err != nil {
			return err
		}
		var seq int64
		if err := w.tx.QueryRow(db.ctx, nextSeq).Scan(&seq); err != nil {
			return err
		}
		ok, err := w.insert(seq, iv, answers, events)
		if err == nil && !ok {
			err = fmt.Errorf("interview %s already exists", iv.ID)
		}
		return err
	})
	return iv, err
}

// Save records changed answers of an interview and the events that go
// with them (store.SaveChanges) in one transaction: committed when Save
// returns nil.
func (db *DB) Save(id string, changes []store.Change, events ...store.Event) error {
	return db.write(func(w *writer) error {
		r, err := w.mustLock(id)
		if err != nil {
			return err
		}
		answers, err := w.openAnswers(r)
		if err != nil {
			return err
		}
		revision := r.iv.Revision
		logged, err := store.SaveChanges(&r.iv, answers, changes, events, db.stamp())
		if err != nil || len(logged) == 0 {
			return err
		}
		if r.iv.Revision == revision {
			answers = nil // unchanged: the record alone is written
		} else if err := w.prepare(&r.iv, answers); err != nil {
			return err
		}
		if err := w.appendEvents(r.seq, logged); err != nil {
			return err
		}
		return w.put(r, answers, false)
	})
}

// Log appends paradata events.
func (db *DB) Log(id string, events ...store.Event) error { return db.Save(id, nil, events...) }

// SetStatus moves an interview to a status, recording who did it.
func (db *DB) SetStatus(id string, status store.Status, who, comment string) error {
	edit, err := store.StatusEdit(status, who, comment)
	if err != nil {
		return err
	}
	return db.edit(id, edit)
}

// SetNote keeps a note on one question of an interview, or removes it
// when text is empty.
func (db *DB) SetNote(id, path, text, who string) error {
	return db.edit(id, store.NoteEdit(path, text, who))
}

// edit applies an edit to an interview's record, logging its event, in
// one transaction.
func (db *DB) edit(id string, edit store.Edit) error {
	return db.write(func(w *writer) error {
		r, err := w.mustLock(id)
		if err != nil {
			return err
		}
		ev, ok, err := store.ApplyEdit(&r.iv, edit, func() (map[string]store.Answer, error) { return w.openAnswers(r) }, db.stamp())
		if err != nil || !ok {
			return err
		}
		if err := w.appendEvents(r.seq, []store.Event{ev}); err != nil {
			return err
		}
		return w.put(r, nil, false)
	})
}

// find reads an interview's row by id.
func (db *DB) find(q querier, id string) (rawRow, error) {
	r := rawRow{id: id}
	err := q.QueryRow(db.ctx, "SELECT seq, record, answers FROM interviews WHERE id = $1", id).Scan(&r.seq, &r.record, &r.answers)
	if errors.Is(err, pgx.ErrNoRows) {
		return r, fmt.Errorf("interview %s: %w", id, store.ErrNotFound)
	}
	return r, err
}

// Interview returns an interview's record, with its history.
func (db *DB) Interview(id string) (iv store.Interview, err error) {
	err = db.read(func(tx pgx.Tx) error {
		raw, err := db.find(tx, id)
		if err != nil {
			return err
		}
		if iv, err = db.seal.OpenInterview(raw.seq, raw.record); err != nil {
			return err
		}
		iv.History, err = history(db, tx, raw.seq)
		return err
	})
	return iv, err
}

// Answers returns an interview's answers by path.
func (db *DB) Answers(id string) (map[string]store.Answer, error) {
	raw, err := db.find(db.pool, id)
	if err != nil {
		return nil, err
	}
	return openAnswers(db.seal, raw.seq, raw.answers)
}

// Values returns an interview's answers as plain values by path.
func (db *DB) Values(id string) (map[string]string, error) {
	answers, err := db.Answers(id)
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(answers))
	for p, a := range answers {
		out[p] = a.Value
	}
	return out, nil
}

// Events calls fn with an interview's paradata, oldest first; none for
// an interview the database does not hold.
func (db *DB) Events(id string, fn func(store.Event) error) error {
	raw, err := db.find(db.pool, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	return events(db, db.pool, raw.seq, fn)
}

// Record returns a whole interview: record with its history, answers
// and paradata.
func (db *DB) Record(id string) (r store.Record, err error) {
	err = db.read(func(tx pgx.Tx) error {
		r, err = db.record(tx, id)
		return err
	})
	return r, err
}

func (db *DB) record(q querier, id string) (store.Record, error) {
	raw, err := db.find(q, id)
	if err != nil {
		return store.Record{}, err
	}
	logs, err := logsOf(db, q, []rawRow{raw})
	if err != nil {
		return store.Record{}, err
	}
	r, err := db.openRecord(raw, logs[raw.seq], true)
	return r.Record, err
}

package postgres

import (
	"github.com/jackc/pgx/v5"

	"siap/store"
)

// batchSize is how many interviews a stream reads per query: memory
// holds one batch's rows, whatever the number of interviews.
const batchSize = 128

// rawRow is an interview's row as read, not yet opened.
type rawRow struct {
	seq             int64
	id              string
	record, answers []byte
}

// readBatch reads the rows of the next batch of interviews after
// sequence number from, in the order they arrived, whole, so that what
// is done with them may query the same transaction.
func readBatch(db *DB, q querier, from int64, withAnswers bool) ([]rawRow, error) {
	rows, err := q.Query(db.ctx, "SELECT seq, id, record, CASE WHEN $3 THEN answers END FROM interviews WHERE seq > $1 ORDER BY seq LIMIT $2", from, batchSize, withAnswers)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (x rawRow, err error) {
		return x, r.Scan(&x.seq, &x.id, &x.record, &x.answers)
	})
}

// scan calls fn with every interview's row, batch by batch: fn may
// query or write in the transaction q.
func scan(db *DB, q querier, withAnswers bool, fn func(seq int64, id string, record, answers []byte) error) error {
	var last int64
	for {
		batch, err := readBatch(db, q, last, withAnswers)
		if err != nil {
			return err
		}
		for _, r := range batch {
			if err := fn(r.seq, r.id, r.record, r.answers); err != nil {
				return err
			}
		}
		if len(batch) < batchSize {
			return nil
		}
		last = batch[len(batch)-1].seq
	}
}

// logRow is one of an interview's numbered log rows.
type logRow struct {
	seq  int64
	kind int16
	n    int64
	data []byte
}

// logsOf reads the log rows of the interviews of a batch.
func logsOf(db *DB, q querier, batch []rawRow) (map[int64][]logRow, error) {
	out := map[int64][]logRow{}
	if len(batch) == 0 {
		return out, nil
	}
	rows, err := q.Query(db.ctx, "SELECT seq, kind, n, value FROM log WHERE seq BETWEEN $1 AND $2 ORDER BY seq, kind, n", batch[0].seq, batch[len(batch)-1].seq)
	if err != nil {
		return nil, err
	}
	var l logRow
	_, err = pgx.ForEachRow(rows, []any{&l.seq, &l.kind, &l.n, &l.data}, func() error {
		out[l.seq] = append(out[l.seq], l)
		return nil
	})
	return out, err
}

// EachInterview calls fn with every interview's record, without its
// answers, in the order they arrived, a batch of rows in memory at a
// time.
func (db *DB) EachInterview(fn func(store.Interview) error) error {
	var damaged store.Unread
	err := db.read(func(tx pgx.Tx) error {
		return scan(db, tx, false, func(seq int64, id string, record, _ []byte) error {
			iv, err := db.seal.OpenInterview(seq, record)
			if err != nil {
				damaged.Add(id, err)
				return nil
			}
			return fn(iv)
		})
	})
	if err != nil {
		return err
	}
	return damaged.Err(db.where, true)
}

// Each calls fn with every interview and its answers as plain values.
func (db *DB) Each(fn func(store.Interview, map[string]string) error) error {
	return db.EachRecord(false, func(r store.Record) error {
		vals := make(map[string]string, len(r.Answers))
		for p, a := range r.Answers {
			vals[p] = a.Value
		}
		return fn(r.Interview, vals)
	})
}

// EachRecord calls fn with every interview in the order they arrived,
// with its answers and, when withEvents, its paradata and digest
// history: the database as it was when the reading began, a batch of
// interviews in memory at a time.
func (db *DB) EachRecord(withEvents bool, fn func(store.Record) error) error {
	var damaged store.Unread
	err := db.read(func(tx pgx.Tx) error {
		var last int64
		for {
			batch, err := readBatch(db, tx, last, true)
			if err != nil {
				return err
			}
			if len(batch) > 0 {
				last = batch[len(batch)-1].seq
			}
			var logs map[int64][]logRow
			if withEvents {
				if logs, err = logsOf(db, tx, batch); err != nil {
					return err
				}
			}
			for i := range batch {
				r, err := db.openRecord(batch[i], logs[batch[i].seq], withEvents)
				batch[i] = rawRow{} // handed back as it goes
				if err != nil {
					damaged.Add(r.Interview.ID, err)
					continue
				}
				delete(logs, r.seq)
				if err := fn(r.Record); err != nil {
					return err
				}
			}
			if len(batch) < batchSize {
				return nil
			}
		}
	})
	if err != nil {
		return err
	}
	return damaged.Err(db.where, true)
}

// opened is a whole interview read from its rows.
type opened struct {
	store.Record
	seq int64
}

// openRecord opens an interview's rows: record, answers, and the log
// rows given.
func (db *DB) openRecord(raw rawRow, logs []logRow, withLogs bool) (opened, error) {
	r := opened{seq: raw.seq}
	r.Interview.ID = raw.id
	iv, err := db.seal.OpenInterview(raw.seq, raw.record)
	if err != nil {
		return r, err
	}
	r.Interview = iv
	if r.Answers, err = openAnswers(db.seal, raw.seq, raw.answers); err != nil {
		return r, err
	}
	if !withLogs {
		return r, nil
	}
	addEvent := func(e store.Event) error { r.Events = append(r.Events, e); return nil }
	addDigest := func(d string) { r.Interview.History = append(r.Interview.History, d) }
	for _, l := range logs {
		if err := db.seal.OpenLog(raw.seq, byte(l.kind), uint32(l.n), l.data, addEvent, addDigest); err != nil {
			return r, err
		}
	}
	return r, nil
}

package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"siap/store"
)

// querier reads: a transaction, or the pool.
type querier interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

// writer is one write transaction: the rows it locked, and what it moves
// in the counts, written last (flushCounts) so that the one counts row
// every write shares is locked for the shortest time.
type writer struct {
	db      *DB
	tx      pgx.Tx
	indexed []string
	// indexRead is set once indexed was read, after a row of interviews
	// was locked: a change of the index (IndexAnswers locks the table)
	// cannot come between.
	indexRead bool
	moves     []move
	// touched are the interviews written, whose facts are made again
	// before the transaction commits (facts.go).
	touched []int64
	touch1  map[int64]bool
}

// move is an interview leaving one line of the counts for another.
type move struct {
	from *store.Interview
	to   store.Interview
}

// row is an interview as stored: its sequence number, its record (with
// no history: rehash adds to it the digests to append), and its sealed
// answers.
type row struct {
	seq     int64
	iv      store.Interview
	answers []byte
	before  *store.Interview
}

// lock reads an interview's row and locks it until the transaction
// ends; ok is false when the database does not hold it.
func (w *writer) lock(id string) (r row, ok bool, err error) {
	var record []byte
	err = w.tx.QueryRow(w.db.ctx, "SELECT seq, record, answers FROM interviews WHERE id = $1 FOR UPDATE", id).Scan(&r.seq, &record, &r.answers)
	if errors.Is(err, pgx.ErrNoRows) {
		return r, false, nil
	}
	if err != nil {
		return r, false, err
	}
	if r.iv, err = w.db.seal.OpenInterview(r.seq, record); err != nil {
		return r, false, err
	}
	before := r.iv
	r.before = &before
	return r, true, nil
}

// mustLock is lock for an interview that must be there.
func (w *writer) mustLock(id string) (row, error) {
	r, ok, err := w.lock(id)
	if err == nil && !ok {
		err = fmt.Errorf("interview %s: %w", id, store.ErrNotFound)
	}
	return r, err
}

// lockOrNext is lock, also giving, in the same round trip, the
// sequence number a new interview would take (when ok is false). A
// number taken and not used leaves a gap, which the order of arrival
// does not mind.
func (w *writer) lockOrNext(id string) (r row, ok bool, next int64, err error) {
	b := &pgx.Batch{}
	b.Queue("SELECT seq, record, answers FROM interviews WHERE id = $1 FOR UPDATE", id)
	b.Queue(nextSeq)
	res := w.tx.SendBatch(w.db.ctx, b)
	var record []byte
	err = res.QueryRow().Scan(&r.seq, &record, &r.answers)
	ok = err == nil
	if errors.Is(err, pgx.ErrNoRows) {
		err = nil
	}
	if err == nil {
		err = res.QueryRow().Scan(&next)
	}
	if cerr := res.Close(); err == nil {
		err = cerr
	}
	if err != nil || !ok {
		return row{}, false, next, err
	}
	if r.iv, err = w.db.seal.OpenInterview(r.seq, record); err != nil {
		return r, false, 0, err
	}
	before := r.iv
	r.before = &before
	return r, true, 0, nil
}

// nextSeq takes the next sequence number of interviews.
const nextSeq = "SELECT nextval(pg_get_serial_sequence('interviews', 'seq'))"

// insert files a new interview under sequence number seq, taken from
// the sequence, with its digest history and a first batch of events, in
// one round trip; ok is false when another transaction holds it already
// (then nothing is written).
func (w *writer) insert(seq int64, iv store.Interview, answers map[string]store.Answer, events []store.Event) (ok bool, err error) {
	record, sealed, err := w.sealRow(seq, iv, answers)
	if err != nil {
		return false, err
	}
	b := &pgx.Batch{}
	b.Queue("INSERT INTO interviews (seq, id, record, answers) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING", seq, iv.ID, record, sealed)
	const ifInserted = " WHERE EXISTS (SELECT 1 FROM interviews WHERE seq = $1)"
	if history := iv.History[max(0, len(iv.History)-store.MaxHistory):]; len(history) > 0 {
		numbers := make([]int32, len(history))
		values := make([][]byte, len(history))
		for i, d := range history {
			numbers[i] = int32(i)
			if values[i], err = w.db.seal.SealHistory(seq, uint32(i), d); err != nil {
				return false, err
			}
		}
		b.Queue("INSERT INTO log (seq, kind, n, value) SELECT $1, $2, h.n, h.v FROM unnest($3::integer[], $4::bytea[]) AS h(n, v)"+ifInserted, seq, store.LogHistory, numbers, values)
	}
	if len(events) > 0 {
		data, err := w.db.seal.SealEvents(seq, 0, events)
		if err != nil {
			return false, err
		}
		b.Queue("INSERT INTO log (seq, kind, n, value) SELECT $1, $2, 0, $3::bytea"+ifInserted, seq, store.LogEvents, data)
	}
	res := w.tx.SendBatch(w.db.ctx, b)
	tag, err := res.Exec()
	for i := 1; i < b.Len() && err == nil; i++ {
		_, err = res.Exec()
	}
	if cerr := res.Close(); err == nil {
		err = cerr
	}
	if err != nil || tag.RowsAffected() == 0 {
		return false, err
	}
	w.moves = append(w.moves, move{to: iv})
	w.touch(seq)
	return true, nil
}

// indexedPaths are the answers records index.
func (w *writer) indexedPaths() ([]string, error) {
	if w.indexRead {
		return w.indexed, nil
	}
	v, err := w.setting(settingIndexed)
	if err != nil || v == "" {
		w.indexRead = err == nil
		return nil, err
	}
	if err := json.Unmarshal([]byte(v), &w.indexed); err != nil {
		return nil, fmt.Errorf("the setting %s is damaged: %w", settingIndexed, err)
	}
	w.indexRead = true
	return w.indexed, nil
}

// prepare gives a record about to be written its index and answers'
// sum.
func (w *writer) prepare(iv *store.Interview, answers map[string]store.Answer) error {
	paths, err := w.indexedPaths()
	if err != nil {
		return err
	}
	store.Reindex(iv, paths, answers)
	store.SetAnswersSum(iv, answers)
	return nil
}

func (w *writer) sealRow(seq int64, iv store.Interview, answers map[string]store.Answer) (record, sealed []byte, err error) {
	if record, err = w.db.seal.SealInterview(seq, iv); err != nil {
		return nil, nil, err
	}
	if len(answers) > 0 {
		sealed, err = w.db.seal.SealAnswers(seq, answers, iv.Created)
	}
	return record, sealed, err
}

// put writes an interview's record, and its answers unless they are nil
// (unchanged), appending the digests its History holds (or replacing
// its history with them).
func (w *writer) put(r row, answers map[string]store.Answer, replaceHistory bool) error {
	if answers != nil {
		record, sealed, err := w.sealRow(r.seq, r.iv, answers)
		if err != nil {
			return err
		}
		if _, err := w.tx.Exec(w.db.ctx, "UPDATE interviews SET record = $2, answers = $3 WHERE seq = $1", r.seq, record, sealed); err != nil {
			return err
		}
	} else {
		record, err := w.db.seal.SealInterview(r.seq, r.iv)
		if err != nil {
			return err
		}
		if _, err := w.tx.Exec(w.db.ctx, "UPDATE interviews SET record = $2 WHERE seq = $1", r.seq, record); err != nil {
			return err
		}
	}
	w.moves = append(w.moves, move{from: r.before, to: r.iv})
	w.touch(r.seq)
	return w.appendHistory(r.seq, r.iv.History, replaceHistory)
}

// openAnswers opens a row's answers.
func (w *writer) openAnswers(r row) (map[string]store.Answer, error) {
	return openAnswers(w.db.seal, r.seq, r.answers)
}

func openAnswers(s store.Sealer, seq int64, data []byte) (map[string]store.Answer, error) {
	if data == nil {
		return map[string]store.Answer{}, nil
	}
	return s.OpenAnswers(seq, data)
}

// next is the number the next log row of an interview of a kind takes.
func (w *writer) next(seq int64, kind int) (uint32, error) {
	var n int64
	err := w.tx.QueryRow(w.db.ctx, "SELECT coalesce(max(n) + 1, 0) FROM log WHERE seq = $1 AND kind = $2", seq, kind).Scan(&n)
	return uint32(n), err
}

// appendEvents adds a batch of paradata after an interview's others.
func (w *writer) appendEvents(seq int64, events []store.Event) error {
	if len(events) == 0 {
		return nil
	}
	n, err := w.next(seq, store.LogEvents)
	if err != nil {
		return err
	}
	data, err := w.db.seal.SealEvents(seq, n, events)
	if err != nil {
		return err
	}
	_, err = w.tx.Exec(w.db.ctx, "INSERT INTO log (seq, kind, n, value) VALUES ($1, $2, $3, $4)", seq, store.LogEvents, int64(n), data)
	w.touch(seq)
	return err
}

// appendHistory adds digests to an interview's history (or replaces it
// with them), forgetting the oldest past store.MaxHistory.
func (w *writer) appendHistory(seq int64, digests []string, replace bool) error {
	if replace {
		if _, err := w.tx.Exec(w.db.ctx, "DELETE FROM log WHERE seq = $1 AND kind = $2", seq, store.LogHistory); err != nil {
			return err
		}
	}
	if len(digests) == 0 {
		return nil
	}
	n, err := w.next(seq, store.LogHistory)
	if err != nil {
		return err
	}
	for _, d := range digests {
		data, err := w.db.seal.SealHistory(seq, n, d)
		if err != nil {
			return err
		}
		if _, err := w.tx.Exec(w.db.ctx, "INSERT INTO log (seq, kind, n, value) VALUES ($1, $2, $3, $4)", seq, store.LogHistory, int64(n), data); err != nil {
			return err
		}
		n++
	}
	_, err = w.tx.Exec(w.db.ctx, "DELETE FROM log WHERE seq = $1 AND kind = $2 AND n < $3", seq, store.LogHistory, int64(n)-store.MaxHistory)
	return err
}

// events reads an interview's paradata in a transaction.
func events(db *DB, q querier, seq int64, fn func(store.Event) error) error {
	// Read whole before decoding: fn may read the database too.
	list, err := numberedValues(db, q, "SELECT n, value FROM log WHERE seq = $1 AND kind = $2 ORDER BY n", seq, store.LogEvents)
	if err != nil {
		return err
	}
	for _, b := range list {
		if err := db.seal.OpenLog(seq, store.LogEvents, uint32(b.n), b.data, fn, nil); err != nil {
			return err
		}
	}
	return nil
}

// history reads an interview's digest history, oldest first.
func history(db *DB, q querier, seq int64) ([]string, error) {
	rows, err := q.Query(db.ctx, "SELECT n, value FROM log WHERE seq = $1 AND kind = $2 ORDER BY n", seq, store.LogHistory)
	if err != nil {
		return nil, err
	}
	var out []string
	var n int64
	var data []byte
	_, err = pgx.ForEachRow(rows, []any{&n, &data}, func() error {
		return db.seal.OpenLog(seq, store.LogHistory, uint32(n), data, nil, func(d string) { out = append(out, d) })
	})
	return out, err
}

// numbered is a row of a number and a sealed value.
type numbered struct {
	n    int64
	data []byte
}

// numberedValues reads the rows of a query of numbers and values, whole.
func numberedValues(db *DB, q querier, sql string, args ...any) ([]numbered, error) {
	rows, err := q.Query(db.ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (x numbered, err error) { return x, r.Scan(&x.n, &x.data) })
}

// keyValue is a row of a table of sealed values by key.
type keyValue struct {
	key  string
	data []byte
}

// keyValues reads the rows of a query of keys and values, whole.
func keyValues(db *DB, q querier, sql string) ([]keyValue, error) {
	rows, err := q.Query(db.ctx, sql)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (x keyValue, err error) { return x, r.Scan(&x.key, &x.data) })
}

// setting reads a sealed setting; "" when unset.
func (w *writer) setting(key string) (string, error) { return setting(w.db, w.tx, key) }

func setting(db *DB, q querier, key string) (string, error) {
	var data []byte
	err := q.QueryRow(db.ctx, "SELECT value FROM settings WHERE name = $1", key).Scan(&data)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	var v string
	err = db.seal.OpenValue(store.TableSettings, key, data, &v)
	return v, err
}

func (w *writer) putSetting(key, value string) error {
	data, err := w.db.seal.SealValue(store.TableSettings, key, value)
	if err != nil {
		return err
	}
	_, err = w.tx.Exec(w.db.ctx, "INSERT INTO settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET value = excluded.value", key, data)
	return err
}

// takeSetting inserts a setting that is not there yet (its value
// empty, for the transaction to write), waiting for a transaction that
// inserts the same; false when it was there.
func (w *writer) takeSetting(key string) (bool, error) {
	data, err := w.db.seal.SealValue(store.TableSettings, key, "")
	if err != nil {
		return false, err
	}
	tag, err := w.tx.Exec(w.db.ctx, "INSERT INTO settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING", key, data)
	return err == nil && tag.RowsAffected() == 1, err
}

// stamp is the time now, in UTC.
func (db *DB) stamp() time.Time { return db.now().UTC() }

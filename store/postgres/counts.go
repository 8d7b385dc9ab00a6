package postgres

import (
	"encoding/json"
	"errors"
	"maps"
	"slices"

	"github.com/jackc/pgx/v5"

	"siap/store"
)

// The counts (store.Counts) are one sealed row of meta, moved by every
// write that changes an interview's status or indexed answers, in the
// same transaction: the home screen reads one row whatever the number
// of interviews.
const countsKey = "counts"

// flushCounts writes what the transaction moved in the counts.
func (w *writer) flushCounts() error {
	var changed []move
	for _, m := range w.moves {
		if m.from == nil || m.from.Status != m.to.Status || !maps.Equal(m.from.Index, m.to.Index) {
			changed = append(changed, m)
		}
	}
	if len(changed) == 0 {
		return nil
	}
	var data []byte
	err := w.tx.QueryRow(w.db.ctx, "SELECT value FROM meta WHERE name = $1 FOR UPDATE", countsKey).Scan(&data)
	if err != nil {
		return err
	}
	var c store.Counts
	if err := w.db.seal.OpenValue(store.TableCounts, countsKey, data, &c); err != nil {
		return err
	}
	c.AddCount(store.Interview{}, 0)
	for _, m := range changed {
		if m.from != nil {
			c.AddCount(*m.from, -1)
		}
		c.AddCount(m.to, 1)
	}
	return w.putCounts(c)
}

func (w *writer) putCounts(c store.Counts) error {
	c.AddCount(store.Interview{}, 0)
	data, err := w.db.seal.SealValue(store.TableCounts, countsKey, c)
	if err != nil {
		return err
	}
	_, err = w.tx.Exec(w.db.ctx, "INSERT INTO meta (name, value) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET value = excluded.value", countsKey, data)
	return err
}

// Counts returns how many interviews the database holds by status and
// by indexed answer, from the one row that keeps them.
func (db *DB) Counts() (store.Counts, error) {
	var c store.Counts
	var data []byte
	err := db.pool.QueryRow(db.ctx, "SELECT value FROM meta WHERE name = $1", countsKey).Scan(&data)
	if errors.Is(err, pgx.ErrNoRows) {
		return c, db.write(func(w *writer) error {
			c, err = w.recount()
			if err != nil {
				return err
			}
			return w.putCounts(c)
		})
	}
	if err != nil {
		return c, err
	}
	err = db.seal.OpenValue(store.TableCounts, countsKey, data, &c)
	c.AddCount(store.Interview{}, 0)
	return c, err
}

// recount counts every interview's record.
func (w *writer) recount() (store.Counts, error) {
	var c store.Counts
	c.AddCount(store.Interview{}, 0)
	err := scan(w.db, w.tx, false, func(seq int64, id string, record, _ []byte) error {
		iv, err := w.db.seal.OpenInterview(seq, record)
		if err != nil {
			return err
		}
		c.AddCount(iv, 1)
		return nil
	})
	return c, err
}

// IndexAnswers makes the answers at paths part of every interview's
// record (Interview.Index) and of the counts. Naming other paths than
// the database indexes rewrites every record once, in one transaction
// that holds off other writes to interviews meanwhile.
func (db *DB) IndexAnswers(paths ...string) error {
	paths = slices.Clone(paths)
	slices.Sort(paths)
	paths = slices.Compact(paths)
	// Every screen asks on opening; the table is locked only when the
	// index changes.
	if current, err := setting(db, db.pool, settingIndexed); err != nil {
		return err
	} else if data, _ := json.Marshal(paths); current == string(data) || current == "" && len(paths) == 0 {
		return nil
	}
	return db.write(func(w *writer) error {
		if _, err := w.tx.Exec(db.ctx, "LOCK TABLE interviews IN EXCLUSIVE MODE"); err != nil {
			return err
		}
		old, err := w.indexedPaths()
		if err != nil || slices.Equal(old, paths) {
			return err
		}
		var c store.Counts
		c.AddCount(store.Interview{}, 0)
		// A batch is read whole before fn runs: fn writes in the same
		// transaction.
		err = scan(db, w.tx, true, func(seq int64, _ string, record, answers []byte) error {
			iv, err := db.seal.OpenInterview(seq, record)
			if err != nil {
				return err
			}
			a, err := openAnswers(db.seal, seq, answers)
			if err != nil {
				return err
			}
			before := iv.Index
			store.Reindex(&iv, paths, a)
			c.AddCount(iv, 1)
			if maps.Equal(before, iv.Index) {
				return nil
			}
			if record, err = db.seal.SealInterview(seq, iv); err != nil {
				return err
			}
			_, err = w.tx.Exec(db.ctx, "UPDATE interviews SET record = $2 WHERE seq = $1", seq, record)
			w.touch(seq)
			return err
		})
		if err != nil {
			return err
		}
		data, _ := json.Marshal(paths)
		if err := w.putSetting(settingIndexed, string(data)); err != nil {
			return err
		}
		return w.putCounts(c)
	})
}

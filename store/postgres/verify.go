package postgres

import (
	"maps"

	"github.com/jackc/pgx/v5"

	"siap/store"
)

// maxProblems bounds a report on a badly damaged database.
const maxProblems = 50

// Verify opens every value the database keeps, as of one moment: every
// questionnaire against its key, every setting, every interview's
// record, answers, paradata and history, its digest against its
// content, the counts against the records, every conflict, and, when
// this process's Indexer made every interview's facts, those facts
// against the interviews and the identifiers table. PostgreSQL
// checks its own pages; this checks what siap sealed.
func (db *DB) Verify() (store.Report, error) {
	var r store.Report
	add := func(w store.Wording, args ...any) {
		if len(r.Problems) < maxProblems {
			r.Problems = append(r.Problems, store.NewProblem(w, args...))
		}
	}
	err := db.read(func(tx pgx.Tx) error {
		forms := map[string]bool{}
		err := eachValue(db, tx, "SELECT key, value FROM forms", func(key string, data []byte) {
			var f store.FormSource
			r.Forms++
			forms[key] = true
			if err := db.seal.OpenValue(store.TableForms, key, data, &f); err != nil {
				add(store.WordUnreadable, err)
			} else if store.FormKey(f.Data, f.Files) != key {
				add(store.WordFormChecksum, key)
			}
		})
		if err != nil {
			return err
		}
		err = eachValue(db, tx, "SELECT name, value FROM settings", func(key string, data []byte) {
			var v string
			if err := db.seal.OpenValue(store.TableSettings, key, data, &v); err != nil {
				add(store.WordUnreadable, err)
			}
		})
		if err != nil {
			return err
		}
		facts, err := db.factsChecker(tx, add)
		if err != nil {
			return err
		}
		var counted store.Counts
		counted.AddCount(store.Interview{}, 0)
		var last int64
		for {
			batch, err := readBatch(db, tx, last, true)
			if err != nil {
				return err
			}
			logs, err := logsOf(db, tx, batch)
			if err != nil {
				return err
			}
			if err := facts.read(batch); err != nil {
				return err
			}
			for _, raw := range batch {
				r.Interviews++
				o, err := db.openRecord(raw, logs[raw.seq], true)
				if err != nil {
					add(store.WordInterview, raw.id, err)
					continue
				}
				iv := o.Interview
				counted.AddCount(iv, 1)
				r.Answers += len(o.Answers)
				r.Events += len(o.Events)
				switch {
				case iv.ID != raw.id:
					add(wordRowMoved, raw.id, iv.ID)
				case !forms[iv.FormKey]:
					add(store.WordFormMissing, iv.ID, iv.FormKey)
				}
				if store.CheckDigest(iv, o.Answers) != nil {
					add(store.WordDigest, iv.ID)
				}
				facts.check(raw.seq, iv, o.Answers, o.Events)
			}
			if len(batch) < batchSize {
				break
			}
			last = batch[len(batch)-1].seq
		}
		if err := facts.done(); err != nil {
			return err
		}
		var data []byte
		if err := tx.QueryRow(db.ctx, "SELECT value FROM meta WHERE name = $1", countsKey).Scan(&data); err != nil {
			add(wordCountsUnread, err)
		} else {
			var kept store.Counts
			if err := db.seal.OpenValue(store.TableCounts, countsKey, data, &kept); err != nil {
				add(store.WordUnreadable, err)
			} else if !maps.Equal(store.Counted(kept.Status), store.Counted(counted.Status)) {
				add(wordCountsDiffer, kept.Status, counted.Status)
			}
		}
		return eachValue(db, tx, "SELECT key, value FROM conflicts", func(key string, data []byte) {
			var c store.Record
			if err := db.seal.OpenValue(store.TableConflicts, key, data, &c); err != nil {
				add(store.WordUnreadable, err)
			} else if _, err := db.find(tx, c.Interview.ID); err != nil {
				add(wordConflict, key, err)
			}
		})
	})
	return r, err
}

// Wordings of the problems only a database has.
var (
	wordRowMoved     = store.Wording{ID: "wawancara %s: barisnya memuat rekaman %s: baris dipindah di luar siap", EN: "interview %s: its row holds the record of %s: rows were moved outside siap"}
	wordCountsUnread = store.Wording{ID: "jumlah wawancara: %v", EN: "the counts of interviews: %v"}
	wordCountsDiffer = store.Wording{ID: "jumlah wawancara per status (%v) tidak cocok dengan wawancaranya (%v)", EN: "the counts of interviews by status (%v) do not match the interviews (%v)"}
	wordConflict     = store.Wording{ID: "konflik %s: %v", EN: "conflict %s: %v"}
)

// eachValue calls fn with the rows of a query of keys and values.
func eachValue(db *DB, q querier, sql string, fn func(key string, data []byte)) error {
	list, err := keyValues(db, q, sql)
	for _, x := range list {
		fn(x.key, x.data)
	}
	return err
}

package postgres

import (
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"

	"siap/store"
)

// Each interview's facts (store.Facts) are a sealed row of the facts
// table, made by the process's Indexer from the interview whole at the
// end of every transaction that wrote it, and the keyed hashes of its
// identifiers rows of the identifiers table: Supervise, Progress and
// Summaries read those, not every answer, as on a laptop.

// factsKeyName names the meta row that holds the Indexer's key when
// every interview's facts were made under it.
const factsKeyName = "facts"

// indexing is the Indexer a process makes facts with, and the keyed
// hash of identifiers.
type indexing struct {
	ix   store.Indexer
	hash func(string) string
}

var _ store.FactsKeeper = (*DB)(nil)

// SetIndexer makes ix this process's Indexer: from now on every
// transaction that writes an interview makes its facts. When the
// database's facts were not all made under ix's key, they are made
// again, a batch of interviews per transaction (progress, when not nil,
// told how many are done after each), and the key recorded once all
// are.
func (db *DB) SetIndexer(ix store.Indexer, progress func(done, total int)) error {
	hash, err := db.KeyedHasher()
	if err != nil {
		return err
	}
	db.indexing.Store(&indexing{ix: ix, hash: hash})
	if key, err := db.FactsKey(); err != nil || key == ix.Key() {
		return err
	}
	err = db.write(func(w *writer) error {
		_, err := w.tx.Exec(db.ctx, "DELETE FROM meta WHERE name = $1", factsKeyName)
		return err
	})
	if err != nil {
		return err
	}
	total := 0
	if progress != nil {
		if err := db.pool.QueryRow(db.ctx, "SELECT count(*) FROM interviews").Scan(&total); err != nil {
			return fmt.Errorf("database %s: %w", db.where, err)
		}
		progress(0, total)
	}
	var last int64
	for done := 0; ; {
		var seqs []int64
		err := db.write(func(w *writer) error {
			rows, err := w.tx.Query(db.ctx, "SELECT seq FROM interviews WHERE seq > $1 ORDER BY seq LIMIT $2 FOR UPDATE", last, batchSize)
			if err != nil {
				return err
			}
			if seqs, err = pgx.CollectRows(rows, pgx.RowTo[int64]); err != nil {
				return err
			}
			for _, seq := range seqs {
				w.touch(seq)
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("index the interviews: %w", err)
		}
		if done += len(seqs); progress != nil {
			progress(done, max(done, total))
		}
		if len(seqs) < batchSize {
			break
		}
		last = seqs[len(seqs)-1]
	}
	return db.write(func(w *writer) error {
		_, err := w.tx.Exec(db.ctx, "INSERT INTO meta (name, value) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET value = excluded.value", factsKeyName, []byte(store.FactsLayout+ix.Key()))
		return err
	})
}

// FactsKey is the key of the Indexer every interview's facts were made
// under, or "" when some were not.
func (db *DB) FactsKey() (string, error) {
	var v []byte
	err := db.pool.QueryRow(db.ctx, "SELECT value FROM meta WHERE name = $1", factsKeyName).Scan(&v)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("database %s: %w", db.where, err)
	}
	key, ok := strings.CutPrefix(string(v), store.FactsLayout)
	if !ok {
		return "", nil
	}
	return key, nil
}

// SharedIdentifiers returns the keyed hashes two or more interviews
// share, with how many share each, from the identifiers table alone.
func (db *DB) SharedIdentifiers() (*store.SharedHashes, error) {
	shared := &store.SharedHashes{}
	err := db.read(func(tx pgx.Tx) error {
		rows, err := tx.Query(db.ctx, "SELECT hash, count(*) FROM identifiers GROUP BY hash HAVING count(*) > 1 ORDER BY hash")
		if err != nil {
			return err
		}
		var h []byte
		var n int
		_, err = pgx.ForEachRow(rows, []any{&h, &n}, func() error {
			return shared.Add(h, n)
		})
		return err
	})
	if err != nil {
		return nil, err
	}
	return shared, nil
}

// EachFacts calls fn with every interview that has facts, in the order
// they arrived, reading the facts rows alone, a batch at a time.
func (db *DB) EachFacts(fn func(store.Interview) error) error {
	var damaged store.Unread
	err := db.read(func(tx pgx.Tx) error {
		var last int64
		for {
			batch, err := numberedValues(db, tx, "SELECT seq, value FROM facts WHERE seq > $1 ORDER BY seq LIMIT $2", last, batchSize)
			if err != nil {
				return err
			}
			for _, r := range batch {
				iv, err := db.seal.OpenFacts(r.n, r.data)
				if err != nil {
					damaged.Add(fmt.Sprintf("%d", r.n), err)
					continue
				}
				if err := fn(iv); err != nil {
					return err
				}
			}
			if len(batch) < batchSize {
				return nil
			}
			last = batch[len(batch)-1].n
		}
	})
	if err != nil {
		return err
	}
	return damaged.Err(db.where, true)
}

// touch says the transaction wrote an interview: its facts are made
// again before it commits (flushFacts).
func (w *writer) touch(seq int64) {
	if w.touch1 == nil {
		w.touch1 = map[int64]bool{}
	}
	if !w.touch1[seq] {
		w.touch1[seq] = true
		w.touched = append(w.touched, seq)
	}
}

// flushFacts makes the facts of every interview the transaction wrote,
// from the interview whole as the transaction leaves it. A process
// without an Indexer drops them, and the database no longer says that
// every interview's facts were made.
func (w *writer) flushFacts() error {
	if len(w.touched) == 0 {
		return nil
	}
	in := w.db.indexing.Load()
	if in == nil {
		if _, err := w.tx.Exec(w.db.ctx, "DELETE FROM facts WHERE seq = ANY($1)", w.touched); err != nil {
			return err
		}
		if _, err := w.tx.Exec(w.db.ctx, "DELETE FROM identifiers WHERE seq = ANY($1)", w.touched); err != nil {
			return err
		}
		_, err := w.tx.Exec(w.db.ctx, "DELETE FROM meta WHERE name = $1", factsKeyName)
		return err
	}
	for start := 0; start < len(w.touched); start += batchSize {
		if err := w.makeFacts(in, w.touched[start:min(start+batchSize, len(w.touched))]); err != nil {
			return err
		}
	}
	return nil
}

// makeFacts writes the facts rows of a batch of interviews and the keyed
// hashes of their identifiers: their rows and paradata read in two
// queries, the facts written in one round trip.
func (w *writer) makeFacts(in *indexing, seqs []int64) error {
	rows, err := w.tx.Query(w.db.ctx, "SELECT seq, record, answers FROM interviews WHERE seq = ANY($1) ORDER BY seq", seqs)
	if err != nil {
		return err
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (x rawRow, err error) {
		return x, r.Scan(&x.seq, &x.record, &x.answers)
	})
	if err != nil {
		return err
	}
	rows, err = w.tx.Query(w.db.ctx, "SELECT seq, n, value FROM log WHERE seq = ANY($1) AND kind = $2 ORDER BY seq, n", seqs, store.LogEvents)
	if err != nil {
		return err
	}
	logs := map[int64][]numbered{}
	var seq int64
	var l numbered
	_, err = pgx.ForEachRow(rows, []any{&seq, &l.n, &l.data}, func() error {
		logs[seq] = append(logs[seq], numbered{n: l.n, data: l.data})
		return nil
	})
	if err != nil {
		return err
	}
	b := &pgx.Batch{}
	for _, r := range list {
		if err := w.queueFacts(b, in, r, logs[r.seq]); err != nil {
			return err
		}
	}
	return w.tx.SendBatch(w.db.ctx, b).Close()
}

// queueFacts makes an interview's facts from its row and its paradata,
// and queues their writing.
func (w *writer) queueFacts(b *pgx.Batch, in *indexing, r rawRow, logs []numbered) error {
	seq := r.seq
	iv, err := w.db.seal.OpenInterview(seq, r.record)
	if err != nil {
		return err
	}
	c := store.IndexChange{Interview: iv, Whole: true, Answers: func() (map[string]store.Answer, error) {
		return openAnswers(w.db.seal, seq, r.answers)
	}}
	c.Interview.Facts = nil
	for _, l := range logs {
		err := w.db.seal.OpenLog(seq, store.LogEvents, uint32(l.n), l.data, func(e store.Event) error { c.Events = append(c.Events, e); return nil }, nil)
		if err != nil {
			return err
		}
	}
	data, ids, err := in.ix.Index(c)
	if err != nil {
		return fmt.Errorf("index interview %s: %w", iv.ID, err)
	}
	f := &store.Facts{Key: in.ix.Key(), Data: data}
	hashes := make([][]byte, 0, len(ids))
	for _, id := range ids {
		h := in.hash(id.Question + "\x00" + id.Value)
		f.IDs = append(f.IDs, store.IdentifierHash{Question: id.Question, Hash: h})
		b, err := hex.DecodeString(h)
		if err != nil {
			return fmt.Errorf("identifier hash %q is damaged", h)
		}
		hashes = append(hashes, b)
	}
	iv.Facts = f
	value, err := w.db.seal.SealFacts(seq, iv)
	if err != nil {
		return err
	}
	b.Queue("INSERT INTO facts (seq, value) VALUES ($1, $2) ON CONFLICT (seq) DO UPDATE SET value = excluded.value", seq, value)
	b.Queue("DELETE FROM identifiers WHERE seq = $1 AND NOT hash = ANY($2)", seq, hashes)
	b.Queue("INSERT INTO identifiers (hash, seq) SELECT DISTINCT h, $1::bigint FROM unnest($2::bytea[]) AS h ON CONFLICT DO NOTHING", seq, hashes)
	return nil
}

// factsCheck is what Verify checks of the facts: each interview's are
// those the Indexer makes of it whole (store.CheckFacts), and the
// identifiers table holds the keyed hashes of every interview's
// identifiers, no more.
type factsCheck struct {
	db      *DB
	tx      pgx.Tx
	in      *indexing
	add     func(store.Wording, ...any)
	facts   map[int64][]byte
	ids     map[int64][]string
	indexed int
	checked int
}

// factsChecker is nil when the facts cannot be checked: no Indexer, or
// facts not all of its key.
func (db *DB) factsChecker(tx pgx.Tx, add func(store.Wording, ...any)) (*factsCheck, error) {
	in := db.indexing.Load()
	if in == nil {
		return nil, nil
	}
	var v []byte
	err := tx.QueryRow(db.ctx, "SELECT value FROM meta WHERE name = $1", factsKeyName).Scan(&v)
	if errors.Is(err, pgx.ErrNoRows) || err == nil && string(v) != store.FactsLayout+in.ix.Key() {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &factsCheck{db: db, tx: tx, in: in, add: add}, nil
}

// read reads the facts rows and identifiers of a batch of interviews.
func (c *factsCheck) read(batch []rawRow) error {
	if c == nil || len(batch) == 0 {
		return nil
	}
	from, to := batch[0].seq, batch[len(batch)-1].seq
	list, err := numberedValues(c.db, c.tx, "SELECT seq, value FROM facts WHERE seq BETWEEN $1 AND $2", from, to)
	if err != nil {
		return err
	}
	c.facts = map[int64][]byte{}
	for _, f := range list {
		c.facts[f.n] = f.data
	}
	list, err = numberedValues(c.db, c.tx, "SELECT seq, hash FROM identifiers WHERE seq BETWEEN $1 AND $2", from, to)
	if err != nil {
		return err
	}
	c.ids = map[int64][]string{}
	for _, id := range list {
		c.ids[id.n] = append(c.ids[id.n], hex.EncodeToString(id.data))
	}
	return nil
}

func (c *factsCheck) check(seq int64, iv store.Interview, answers map[string]store.Answer, events []store.Event) {
	if c == nil {
		return
	}
	c.checked++
	iv.Facts = nil
	if data, ok := c.facts[seq]; ok {
		row, err := c.db.seal.OpenFacts(seq, data)
		if err != nil {
			c.add(store.WordInterview, iv.ID, err)
			return
		}
		iv.Facts = row.Facts
	}
	if !store.CheckFacts(c.in.ix, c.in.hash, iv, answers, events, c.add) {
		return
	}
	for _, id := range iv.Facts.IDs {
		if !slices.Contains(c.ids[seq], id.Hash) {
			c.add(store.WordIDMissing, iv.ID)
			continue
		}
		c.indexed++
	}
}

// done checks that the tables hold no other facts or identifiers.
func (c *factsCheck) done() error {
	if c == nil {
		return nil
	}
	var facts, ids int
	if err := c.tx.QueryRow(c.db.ctx, "SELECT (SELECT count(*) FROM facts), (SELECT count(*) FROM identifiers)").Scan(&facts, &ids); err != nil {
		return err
	}
	if ids != c.indexed {
		c.add(store.WordIDCount, ids, c.indexed)
	}
	if facts != c.checked {
		c.add(store.WordFactsCount, facts, c.checked)
	}
	return nil
}

// Package postgres keeps a study's interviews in a PostgreSQL database,
// for siap serve: the same rows as a data file (store/layout.go), one
// row per interview and numbered rows for what is appended to it, every
// value sealed with the study's data key as on a laptop
// (store.Sealer), and the same rules (store/rules.go). Nothing a
// process keeps is needed by another: several processes work on one
// database, each write a transaction that locks the rows it changes.
package postgres

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"siap/store"
)

// UnreachableError is a database whose server does not answer, or
// refuses the connection.
type UnreachableError struct {
	Where string // the database, without its password
	Cause error
}

func (e *UnreachableError) Error() string {
	return fmt.Sprintf("database %s cannot be reached: %v", e.Where, e.Cause)
}

func (e *UnreachableError) Unwrap() error { return e.Cause }

// connectCause is what a failed connection says to a person: the
// server's own refusal (a role or database it does not know), else the
// network's error. pgx joins one error per attempt (with sslmode=prefer,
// the default, one with TLS and one without), which would say the same
// thing twice after "failed to connect to `user=… database=…`:".
func connectCause(err error) error {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr
	}
	var netErr *net.OpError
	if errors.As(err, &netErr) {
		return netErr
	}
	return err
}

// ErrNoStudy is returned when a database holds no study yet and Open
// was not asked to make one.
var ErrNoStudy = errors.New("holds no siap study yet")

// defaultConns is how many connections a process opens at most, unless
// the address says (pool_max_conns=N).
const defaultConns = 16

// Options change how a database is opened.
type Options struct {
	// Passphrase unlocks the study's data key (the server's passphrase).
	Passphrase string
	// Create lays out a new study in a database that holds none, its
	// data key wrapped under Passphrase.
	Create bool
	// Now tells the time; nil means time.Now.
	Now func() time.Time
}

// DB is a study's interviews in a PostgreSQL database.
type DB struct {
	ctx   context.Context
	pool  *pgxpool.Pool
	where string
	seal  store.Sealer
	now   func() time.Time
	// indexing is the Indexer this process makes facts with
	// (SetIndexer), nil until one is set.
	indexing atomic.Pointer[indexing]
}

var _ store.Interviews = (*DB)(nil)

// Open connects to the database at url (postgres://...), brings its
// schema up to date and unlocks the study's data key with the
// passphrase.
func Open(ctx context.Context, url string, opts Options) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("the database address is not one PostgreSQL reads (postgres://USER@HOST:PORT/DATABASE): %w", errors.Unwrap(err))
	}
	if !strings.Contains(url, "pool_max_conns") {
		// A stream (an export, a summary) holds a connection while it
		// reads; syncs and screens need others meanwhile.
		cfg.MaxConns = defaultConns
	}
	db := &DB{ctx: ctx, where: describe(cfg.ConnConfig), now: opts.Now}
	if db.now == nil {
		db.now = time.Now
	}
	if opts.Passphrase == "" {
		return nil, fmt.Errorf("database %s: %w", db.where, store.ErrPassphraseNeeded)
	}
	if db.pool, err = pgxpool.NewWithConfig(ctx, cfg); err != nil {
		return nil, fmt.Errorf("database %s: %w", db.where, err)
	}
	if err := db.pool.Ping(ctx); err != nil {
		db.pool.Close()
		return nil, &UnreachableError{Where: db.where, Cause: connectCause(err)}
	}
	if err := migrate(ctx, db.pool, db.where); err != nil {
		db.pool.Close()
		return nil, err
	}
	if err := db.unlock(opts); err != nil {
		db.pool.Close()
		return nil, err
	}
	return db, nil
}

// Describe names the database at url without its password, for
// messages; "" for an address PostgreSQL does not read.
func Describe(url string) string {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return ""
	}
	return describe(cfg)
}

// describe names a database without its password.
func describe(c *pgx.ConnConfig) string {
	return fmt.Sprintf("postgres://%s@%s:%d/%s", c.User, c.Host, c.Port, c.Database)
}

// unlock opens the study's key record, laying out a new study first
// when asked to.
func (db *DB) unlock(opts Options) error {
	return pgx.BeginFunc(db.ctx, db.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(db.ctx, "SELECT pg_advisory_xact_lock($1)", schemaLock); err != nil {
			return err
		}
		var record []byte
		err := tx.QueryRow(db.ctx, "SELECT value FROM meta WHERE name = 'key'").Scan(&record)
		switch {
		case err == nil:
			s, err := store.UnlockStudyKey(record, opts.Passphrase)
			if err != nil {
				return fmt.Errorf("database %s: %w; nothing was changed", db.where, err)
			}
			db.seal = s
			return nil
		case !errors.Is(err, pgx.ErrNoRows):
			return err
		case !opts.Create:
			return fmt.Errorf("database %s %w: start siap serve on it first", db.where, ErrNoStudy)
		}
		record, s, err := store.NewStudyKey(opts.Passphrase, "siap serve")
		if err != nil {
			return fmt.Errorf("database %s: %w", db.where, err)
		}
		db.seal = s
		if _, err := tx.Exec(db.ctx, "INSERT INTO meta (name, value) VALUES ('key', $1)", record); err != nil {
			return err
		}
		key, err := store.NewKeyedHashKey()
		if err != nil {
			return err
		}
		w := &writer{db: db, tx: tx}
		if err := w.putSetting(settingPIIKey, key); err != nil {
			return err
		}
		return w.putCounts(store.Counts{})
	})
}

// Location is the database's address, without its password.
func (db *DB) Location() string { return db.where }

// Close ends the database's connections.
func (db *DB) Close() error {
	db.pool.Close()
	return nil
}

// Settings siap keeps.
const (
	settingPIIKey      = "pii_key"
	settingCurrentForm = "current_form"
	settingIndexed     = "indexed"
)

// retries bounds how often a transaction PostgreSQL gave up on (two
// transactions waiting for each other's rows) is run again.
const retries = 5

// write runs fn in a transaction, with what it changed in the counts
// written last; one PostgreSQL broke off to end a deadlock between
// processes is run again from the start.
func (db *DB) write(fn func(w *writer) error) error {
	for try := 1; ; try++ {
		err := pgx.BeginFunc(db.ctx, db.pool, func(tx pgx.Tx) error {
			w := &writer{db: db, tx: tx}
			if err := fn(w); err != nil {
				return err
			}
			if err := w.flushFacts(); err != nil {
				return err
			}
			return w.flushCounts()
		})
		var pgErr *pgconn.PgError
		if errors.As(err, &pgErr) && (pgErr.Code == "40P01" || pgErr.Code == "40001") && try < retries {
			continue
		}
		if err != nil {
			return fmt.Errorf("database %s: %w", db.where, err)
		}
		return nil
	}
}

// read runs fn in a read-only transaction that sees the database as it
// was when it began.
func (db *DB) read(fn func(tx pgx.Tx) error) error {
	err := pgx.BeginTxFunc(db.ctx, db.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, fn)
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return fmt.Errorf("database %s: %w", db.where, err)
	}
	return err
}

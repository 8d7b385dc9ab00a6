package postgres

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"slices"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// The schema is a series of migrations kept in the repository
// (migrations/NNNN_name.sql), applied in order when a process opens the
// database: in one transaction, under an advisory lock, so that two
// siap serve processes starting at once apply each once, and a failed
// one leaves the schema as it was.
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

// schemaLock is the advisory lock siap takes to change the schema or
// lay out a new study ("siap" in ASCII).
const schemaLock int64 = 0x73696170

type migration struct {
	version int
	name    string
	sql     string
}

// migrations lists the schema's migrations in order.
func migrations() ([]migration, error) {
	names, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, name := range names {
		base := strings.TrimSuffix(strings.TrimPrefix(name, "migrations/"), ".sql")
		number, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(number)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s is not named NNNN_what.sql", name)
		}
		data, err := migrationFiles.ReadFile(name)
		if err != nil {
			return nil, err
		}
		out = append(out, migration{version: v, name: base, sql: string(data)})
	}
	slices.SortFunc(out, func(a, b migration) int { return a.version - b.version })
	for i, m := range out {
		if m.version != i+1 {
			return nil, fmt.Errorf("migration %s: versions must follow each other from 1", m.name)
		}
	}
	return out, nil
}

// SchemaVersion is the newest schema this siap knows.
func SchemaVersion() int {
	m, _ := migrations()
	return len(m)
}

// migrate brings the database's schema up to this siap's.
func migrate(ctx context.Context, pool *pgxpool.Pool, where string) error {
	list, err := migrations()
	if err != nil {
		return err
	}
	return pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", schemaLock); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS siap_schema (
	version integer PRIMARY KEY,
	name text NOT NULL,
	applied timestamptz NOT NULL DEFAULT now()
)`)
		if err != nil {
			return err
		}
		var have int
		if err := tx.QueryRow(ctx, "SELECT coalesce(max(version), 0) FROM siap_schema").Scan(&have); err != nil {
			return err
		}
		if have > len(list) {
			return fmt.Errorf("database %s was laid out by a newer siap (schema %d; this siap knows up to %d): update siap", where, have, len(list))
		}
		for _, m := range list[have:] {
			if _, err := tx.Exec(ctx, m.sql); err != nil {
				return fmt.Errorf("database %s: schema migration %s: %w", where, m.name, err)
			}
			if _, err := tx.Exec(ctx, "INSERT INTO siap_schema (version, name) VALUES ($1, $2)", m.version, m.name); err != nil {
				return err
			}
		}
		return nil
	})
}

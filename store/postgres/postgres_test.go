package postgres_test

import (
	"context"
	"os"
	"testing"

	"siap/store"
	"siap/store/postgres"
	"siap/store/postgres/pgtest"
	"siap/store/storetest"
)

const passphrase = "rendang-padang-42"

func TestMain(m *testing.M) {
	store.UseTestKeyDerivation(m)
	os.Exit(pgtest.Run(m))
}

// open makes a study in a new database.
func open(t *testing.T) *postgres.DB {
	t.Helper()
	db, err := postgres.Open(context.Background(), pgtest.URL(t), postgres.Options{Passphrase: passphrase, Create: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// TestConformance runs the conformance suite of store.Interviews on a
// PostgreSQL database.
func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Interviews { return open(t) })
}

package server_test

import (
	"os"
	"testing"

	"siap/store"
	"siap/store/postgres/pgtest"
)

// TestMain makes the data files these tests create with cheap key
// derivation, so that the suite runs in seconds.
func TestMain(m *testing.M) {
	store.UseTestKeyDerivation(m)
	os.Exit(pgtest.Run(m))
}

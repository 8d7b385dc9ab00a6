package store_test

import (
	"path/filepath"
	"testing"

	"siap/store"
	"siap/store/storetest"
)

// TestConformance runs the conformance suite of store.Interviews on a
// data file.
func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Interviews {
		st, err := store.Open(filepath.Join(t.TempDir(), "siap.db"), store.Options{Passphrase: "rendang-padang-42"})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		return st
	})
}

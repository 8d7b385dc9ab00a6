package store

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestRestore(t *testing.T) {
	dir := t.TempDir()
	s, _ := fileWith(t, dir, "siap.db", 2)
	path := s.Path()
	s.Close()
	// Opening again for writing keeps a backup of the file with 2.
	s2, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s2.Create(Interview{FormKey: "x", FormID: "f"}, nil); err != nil {
		t.Fatal(err)
	}
	backups, _ := Backups(path)
	if len(backups) == 0 {
		t.Fatal("no backup")
	}
	newest := backups[len(backups)-1]
	if _, err := Restore(path, newest); !errors.Is(err, ErrInUse) {
		t.Errorf("restoring over a file in use: %v", err)
	}
	s2.Close()
	replaced, err := Restore(path, newest)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if rep, _ := r.Verify(); rep.Interviews != 2 {
		t.Errorf("restored file has %d interviews, want the backup's 2", rep.Interviews)
	}
	k, err := Open(replaced, Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("the replaced file is not kept: %v", err)
	}
	defer k.Close()
	if rep, _ := k.Verify(); rep.Interviews != 3 {
		t.Errorf("the replaced file has %d interviews, want 3", rep.Interviews)
	}
	if _, err := os.Stat(path + ".restoring"); !os.IsNotExist(err) {
		t.Error("a temporary file is left")
	}
	if _, err := Restore(path, filepath.Join(dir, "siap.db")); err == nil {
		t.Error("restoring the data file onto itself was accepted")
	}
}

package store

import (
	"errors"
	"path/filepath"
	"testing"
)

// A failure of a known kind says which kind, and which file and
// interview it concerns, for the command line and the screens to word.
func TestFailuresNameTheirKindAndFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "siap.db")
	st, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	_, folderErr := Open(dir, Options{})
	_, missingErr := st.Interview("uuid:nobody")
	_, selfErr := st.Merge(path, "")
	for _, tt := range []struct {
		name      string
		err       error
		kind      error
		path, key string
	}{
		{"a folder", folderErr, ErrNotAFile, dir, ""},
		{"an interview the file lacks", missingErr, ErrNotFound, "", "uuid:nobody"},
		{"a merge of the file itself", selfErr, ErrSameFile, path, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d, ok := Describe(tt.err)
			if !ok {
				t.Fatalf("%v: no kind", tt.err)
			}
			if d.Kind != tt.kind || d.Path != tt.path || d.Key != tt.key || !errors.Is(tt.err, tt.kind) {
				t.Errorf("%v: kind %v, path %q, key %q; want %v, %q, %q", tt.err, d.Kind, d.Path, d.Key, tt.kind, tt.path, tt.key)
			}
		})
	}
}

package cli

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"siap/internal/fieldwork"
)

// TestIndexingSaysSo: a command that opens a file whose interviews have
// no facts yet (of an earlier siap) says on stderr, in the interface's
// language, that it is indexing them and how far it got, and prints no
// more than a line per batch and one at the end when stderr is not a
// terminal.
func TestIndexingSaysSo(t *testing.T) {
	defer func(d time.Duration) { quietFor = d }(quietFor)
	quietFor = 0
	for _, tt := range []struct{ lang, line string }{
		{"C.UTF-8", "indexing the interviews for the supervisor screens: %s of 600"},
		{"id_ID.UTF-8", "menyusun indeks wawancara untuk layar pengawasan: %s dari 600"},
	} {
		t.Setenv("LANG", tt.lang)
		data := filepath.Join(t.TempDir(), "siap.db")
		st, _, err := fieldwork.NewFile(data, 1, 1, time.Date(2026, 11, 24, 9, 30, 0, 0, time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		if err := fieldwork.Replicate(st, 600); err != nil {
			t.Fatal(err)
		}
		if err := st.Close(); err != nil {
			t.Fatal(err)
		}
		code, _, errOut := runSiap("--data", data, "--no-encryption", "simulate", "--n", "1", "--seed", "2")
		if code != 0 {
			t.Fatalf("simulate: %d %s", code, errOut)
		}
		for _, done := range []string{"500", "600"} {
			if want := strings.Replace(tt.line, "%s", done, 1); !strings.Contains(errOut, want+"\n") {
				t.Errorf("LANG=%s: stderr lacks %q:\n%s", tt.lang, want, errOut)
			}
		}
		// Made once: the next command has nothing to index.
		if _, _, errOut := runSiap("--data", data, "--no-encryption", "simulate", "--n", "1", "--seed", "3"); strings.Contains(errOut, "600") {
			t.Errorf("LANG=%s: indexed again:\n%s", tt.lang, errOut)
		}
	}
}

// TestReadingAFileWithoutFactsSaysSo: a command that only reads a large
// file whose interviews have no facts (it cannot make them) says, in the
// interface's language, that it reads every answer and how to index
// them; once they are made it says nothing.
func TestReadingAFileWithoutFactsSaysSo(t *testing.T) {
	defer func(n int) { slowFrom = n }(slowFrom)
	slowFrom = 50
	data := filepath.Join(t.TempDir(), "siap.db")
	st, _, err := fieldwork.NewFile(data, 1, 1, time.Date(2026, 11, 24, 9, 30, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if err := fieldwork.Replicate(st, 60); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ lang, want string }{
		{"C.UTF-8", "are not indexed yet"},
		{"id_ID.UTF-8", "belum diindeks"},
	} {
		t.Setenv("LANG", tt.lang)
		code, _, errOut := runSiap("--data", data, "--no-encryption", "summary")
		if code != 0 || !strings.Contains(errOut, tt.want) || !strings.Contains(errOut, data) {
			t.Errorf("LANG=%s summary: %d, stderr %q, want %q and the file", tt.lang, code, errOut, tt.want)
		}
	}
	if code, _, errOut := runSiap("--data", data, "--no-encryption", "simulate", "--n", "1"); code != 0 {
		t.Fatalf("simulate: %d %s", code, errOut)
	}
	if _, _, errOut := runSiap("--data", data, "--no-encryption", "summary"); strings.Contains(errOut, "not indexed") {
		t.Errorf("said again once the facts were made: %q", errOut)
	}
}

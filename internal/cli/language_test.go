package cli

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"siap/internal/formatcheck"
	"siap/store"
)

func TestLanguageOf(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want lang
	}{
		{"nothing set", nil, english},
		{"LANG Indonesian", map[string]string{"LANG": "id_ID.UTF-8"}, indonesian},
		{"LANG language only", map[string]string{"LANG": "id"}, indonesian},
		{"the old code", map[string]string{"LANG": "in_ID"}, indonesian},
		{"LANG English", map[string]string{"LANG": "en_US.UTF-8"}, english},
		{"LANG C", map[string]string{"LANG": "C"}, english},
		{"LC_ALL wins over LANG", map[string]string{"LC_ALL": "C.UTF-8", "LANG": "id_ID.UTF-8"}, english},
		{"LC_MESSAGES wins over LANG", map[string]string{"LC_MESSAGES": "id_ID.UTF-8", "LANG": "en_GB.UTF-8"}, indonesian},
		{"a language starting with i is not Indonesian", map[string]string{"LANG": "it_IT.UTF-8"}, english},
		{"Indonesian with a modifier", map[string]string{"LANG": "id_ID@latin"}, indonesian},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := languageOf(func(k string) string { return tt.env[k] }); got != tt.want {
				t.Errorf("languageOf(%v) = %v, want %v", tt.env, got, tt.want)
			}
		})
	}
}

// TestErrorsInIndonesian: with an Indonesian locale, siap's own errors
// are in Bahasa Indonesia, one line each, with the same exit statuses.
func TestErrorsInIndonesian(t *testing.T) {
	t.Setenv("LANG", "id_ID.UTF-8")
	dir := t.TempDir()
	tests := []struct {
		args   []string
		code   int
		stderr string
	}{
		{[]string{"frobnicate"}, 2, `siap: perintah "frobnicate" tidak dikenal (lihat siap --help)`},
		{[]string{"list", "--bogus"}, 2, "siap list: flag --bogus tidak dikenal (lihat siap list --help)"},
		{[]string{"--data", filepath.Join(dir, "siap.db"), "list", "--format", "xml"}, 2, `siap list: --format harus table, csv atau json, bukan "xml"`},
		{[]string{"--data", filepath.Join(dir, "none.db"), "list"}, 1, "siap list: berkas data " + filepath.Join(dir, "none.db") + " tidak ada"},
		{[]string{"--data", filepath.Join(dir, "siap.db"), "export"}, 2, "siap export: sebutkan folder tujuan dengan --out DIR"},
		{[]string{"--data", filepath.Join(dir, "siap.db"), "list", "--status", "completed,lost"}, 2, `siap list: --status: "lost" bukan status (draft, completed, approved, rejected, refused)`},
	}
	for _, tt := range tests {
		code, _, errOut := runSiap(tt.args...)
		if code != tt.code || !strings.HasPrefix(errOut, tt.stderr) || strings.Count(errOut, "\n") != 1 {
			t.Errorf("siap %s: exit %d, stderr %q; want %d and one line starting %q", strings.Join(tt.args, " "), code, errOut, tt.code, tt.stderr)
		}
	}
}

// TestMessagesHaveBothLanguages: every message of the command line has
// both halves, with the same verbs in the same order.
func TestMessagesHaveBothLanguages(t *testing.T) {
	for _, m := range allTexts() {
		if m[indonesian] == "" || m[english] == "" {
			t.Errorf("message %q lacks a language", m)
		}
		if formatcheck.Verbs(m[indonesian]) != formatcheck.Verbs(m[english]) {
			t.Errorf("message %q: the two languages take different arguments (%s, %s)", m, formatcheck.Verbs(m[indonesian]), formatcheck.Verbs(m[english]))
		}
	}
}

// allTexts is every text{...} written in the package's code.
func allTexts() []text {
	var out []text
	for _, f := range parsePackage() {
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.CompositeLit)
			if !ok {
				return true
			}
			if id, ok := lit.Type.(*ast.Ident); !ok || id.Name != "text" || len(lit.Elts) != 2 {
				return true
			}
			var m text
			for i, e := range lit.Elts {
				if b, ok := e.(*ast.BasicLit); ok {
					m[i], _ = strconv.Unquote(b.Value)
				}
			}
			out = append(out, m)
			return true
		})
	}
	return out
}

// TestMessagesAreUsed: a message nobody prints goes.
func TestMessagesAreUsed(t *testing.T) {
	files := parsePackage()
	declared := map[string]bool{}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.ValueSpec:
				if len(n.Values) == 1 {
					if lit, ok := n.Values[0].(*ast.CompositeLit); ok {
						if id, ok := lit.Type.(*ast.Ident); ok && id.Name == "text" {
							declared[n.Names[0].Name] = true
						}
					}
				}
			}
			return true
		})
	}
	for name := range declared {
		// A declared name is an identifier too; it must appear elsewhere.
		count := 0
		for _, f := range files {
			ast.Inspect(f, func(n ast.Node) bool {
				if id, ok := n.(*ast.Ident); ok && id.Name == name {
					count++
				}
				return true
			})
		}
		if count < 2 {
			t.Errorf("message %s is never used", name)
		}
	}
	if len(declared) == 0 {
		t.Fatal("no messages found: the test no longer reads them")
	}
}

// parsePackage parses the package's own files, not its tests.
func parsePackage() []*ast.File {
	fset := token.NewFileSet()
	names, _ := filepath.Glob("*.go")
	var files []*ast.File
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			panic(err)
		}
		files = append(files, f)
	}
	return files
}

// Every kind of failure the store words has the command line's words.
func TestEveryStoreFailureHasWords(t *testing.T) {
	for _, kind := range store.Kinds {
		if _, ok := storeTexts[kind]; !ok {
			t.Errorf("store kind %q has no entry in storeTexts (messages.go)", kind)
		}
	}
}

// The store's failures read in the locale's language, naming the file
// and the interview they concern.
func TestStoreErrorsInIndonesian(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "siap.db")
	if code, _, errOut := runSiap("--no-encryption", "--data", data, "simulate", "--n", "2", "--interviewer", "Ani"); code != 0 {
		t.Fatalf("simulate: %d %s", code, errOut)
	}
	t.Setenv("LANG", "id_ID.UTF-8")
	for _, tt := range []struct {
		args   []string
		stderr string
	}{
		{[]string{"--data", dir, "list"}, "siap list: berkas data " + dir + " adalah folder; sebutkan sebuah berkas"},
		{[]string{"--data", data, "erase", "uuid:nobody", "--yes"}, "siap erase: uuid:nobody tidak ditemukan di berkas data " + data},
		{[]string{"--data", data, "merge", data}, "siap merge: " + data + " adalah berkas data itu sendiri; sebutkan berkas lain"},
	} {
		code, _, errOut := runSiap(tt.args...)
		if code != 1 || strings.TrimSpace(errOut) != tt.stderr {
			t.Errorf("siap %s: exit %d, stderr %q; want 1 and %q", strings.Join(tt.args, " "), code, errOut, tt.stderr)
		}
	}
}

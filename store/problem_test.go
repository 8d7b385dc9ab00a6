package store

import (
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"siap/internal/formatcheck"
)

// TestWordingsHaveBothLanguages: every problem the store and its
// PostgreSQL implementation word has both halves, with the same verbs
// in the same order.
func TestWordingsHaveBothLanguages(t *testing.T) {
	n := 0
	for _, dir := range []string{".", "postgres"} {
		for _, w := range wordingsIn(t, dir) {
			n++
			if w.ID == "" || w.EN == "" {
				t.Errorf("%s: wording %q lacks a language", dir, w)
			}
			if formatcheck.Verbs(w.ID) != formatcheck.Verbs(w.EN) {
				t.Errorf("%s: wording %q: the two languages take different arguments", dir, w)
			}
			if w.ID == w.EN && w.EN != "%v" && w.EN != "paradata" {
				t.Errorf("%s: wording %q is the same in both languages", dir, w)
			}
		}
	}
	if n < 40 {
		t.Errorf("found %d wordings; the parser misses some", n)
	}
}

// wordingsIn is every Wording literal in a folder's code, typed or as
// the value of a map of them.
func wordingsIn(t *testing.T, dir string) []Wording {
	t.Helper()
	var out []Wording
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	isWording := func(e ast.Expr) bool {
		switch e := e.(type) {
		case *ast.Ident:
			return e.Name == "Wording"
		case *ast.SelectorExpr:
			return e.Sel.Name == "Wording"
		}
		return false
	}
	read := func(lit *ast.CompositeLit) {
		var w Wording
		for i, e := range lit.Elts {
			if kv, ok := e.(*ast.KeyValueExpr); ok {
				e = kv.Value
			}
			b, ok := e.(*ast.BasicLit)
			if !ok {
				continue
			}
			s, _ := strconv.Unquote(b.Value)
			if i == 0 {
				w.ID = s
			} else {
				w.EN = s
			}
		}
		out = append(out, w)
	}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), filepath.Join(dir, e.Name()), nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.CompositeLit)
			if !ok {
				return true
			}
			if isWording(lit.Type) {
				read(lit)
				return true
			}
			if m, ok := lit.Type.(*ast.MapType); ok && isWording(m.Value) {
				for _, e := range lit.Elts {
					if kv, ok := e.(*ast.KeyValueExpr); ok {
						if v, ok := kv.Value.(*ast.CompositeLit); ok {
							read(v)
						}
					}
				}
				return false
			}
			return true
		})
	}
	return out
}

// TestProblemIn: a problem words what it names in its language, a
// problem or a failure to open a value inside it too, and errors.Is
// still finds the kind through it.
func TestProblemIn(t *testing.T) {
	cause := NewProblem(wordPartOf, recordWords(bucketAnswers), []byte{0, 3}, errTampered)
	p := NewProblem(WordInterview, "uuid:1", cause)
	for _, tt := range []struct{ lang, want string }{
		{"id", "wawancara uuid:1: jawaban rekaman 0003: nilai tidak lolos autentikasi: nilai itu diubah atau dipindah"},
		{"en", "interview uuid:1: answers of record 0003: value fails authentication: it was changed or moved"},
	} {
		if got := p.In(tt.lang, nil); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.lang, got, tt.want)
		}
	}
	if p.Error() != p.In("en", nil) {
		t.Errorf("Error() is not the English: %q", p.Error())
	}
	if !errors.Is(p, ErrDamaged) {
		t.Error("errors.Is does not find ErrDamaged through the problem")
	}
	plain := NewProblem(WordInterview, "uuid:1", errors.New("other"))
	if got := plain.In("id", func(error) string { return "lain" }); got != "wawancara uuid:1: lain" {
		t.Errorf("an error the store does not word goes through word: %q", got)
	}
}

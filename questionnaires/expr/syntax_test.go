package expr

import (
	"errors"
	"go/ast"
	goparser "go/parser"
	gotoken "go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestSyntaxErrorsHaveBothLanguages: every syntax error's format has its
// Bahasa Indonesia in syntaxTexts, with the same verbs, and the table
// holds nothing no error says.
func TestSyntaxErrorsHaveBothLanguages(t *testing.T) {
	fset := gotoken.NewFileSet()
	names, _ := filepath.Glob("*.go")
	used := map[string]bool{}
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := goparser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			if id, ok := call.Fun.(*ast.Ident); !ok || id.Name != "syntaxError" || len(call.Args) < 2 {
				return true
			}
			lit, ok := call.Args[1].(*ast.BasicLit)
			if !ok {
				t.Errorf("%s: a syntax error's format is not written out", fset.Position(call.Pos()))
				return true
			}
			s, _ := strconv.Unquote(lit.Value)
			used[s] = true
			id, ok := syntaxTexts[s]
			switch {
			case !ok || id == "":
				t.Errorf("%s: %q has no Bahasa Indonesia in syntaxTexts", fset.Position(call.Pos()), s)
			case verbs(id) != verbs(s):
				t.Errorf("%q: the two languages take different arguments (%s, %s)", s, verbs(id), verbs(s))
			}
			return true
		})
	}
	if len(used) < 15 {
		t.Fatalf("found %d syntax errors: the test no longer reads them", len(used))
	}
	for s := range syntaxTexts {
		if !used[s] {
			t.Errorf("syntaxTexts has %q, which no error says", s)
		}
	}
}

func verbs(format string) string {
	var out strings.Builder
	for i := 0; i < len(format)-1; i++ {
		if format[i] == '%' {
			out.WriteString(format[i : i+2])
			i++
		}
	}
	return out.String()
}

func TestSyntaxErrorInEitherLanguage(t *testing.T) {
	tests := []struct {
		src        string
		indonesian bool
		want       string
	}{
		{"1 +", false, "at character 4: the expression ends where a value was expected"},
		{"1 +", true, "pada karakter 4: ekspresinya berakhir di tempat yang seharusnya berisi nilai"},
		{"(1", true, "pada karakter 3: diharapkan ) untuk menutup ( pada karakter 1"},
		{"round(1, 2, 3)", false, "at character 1: round() takes"},
		{"foo(1)", true, "pada karakter 1: fungsi foo() tidak dikenal"},
		{"", true, "pada karakter 1: ekspresinya kosong"},
	}
	for _, tt := range tests {
		_, err := Parse(tt.src)
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Fatalf("Parse(%q) = %v, want a SyntaxError", tt.src, err)
		}
		if got := se.In(tt.indonesian); !strings.HasPrefix(got, tt.want) {
			t.Errorf("Parse(%q) in Indonesian %v: %q, want it to start %q", tt.src, tt.indonesian, got, tt.want)
		}
	}
}

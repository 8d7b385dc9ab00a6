package survey

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"siap/export"
	"siap/store"
)

// TestEveryWordInBothLanguages: no interface text is missing in Bahasa
// Indonesia or English.
func TestEveryWordInBothLanguages(t *testing.T) {
	for key, pair := range words {
		if pair[Indonesian] == "" || pair[English] == "" {
			t.Errorf("%q: %q / %q", key, pair[Indonesian], pair[English])
		}
	}
}

// TestQualityChecksHaveNames: the supervisor sees every quality check by
// a name in the interface's language, never as its export code.
func TestQualityChecksHaveNames(t *testing.T) {
	for _, c := range export.Checks {
		for _, l := range []Lang{Indonesian, English} {
			if got := l.T("check." + c); got == "check."+c || got == "" {
				t.Errorf("check %s has no name in language %d", c, l)
			}
		}
	}
}

// wordUses is how the package's Go files name the words they show: keys
// passed to T as a literal ("menuNew"), and the prefixes of keys built
// at run time ("status." + s).
type wordUses struct {
	literal map[string][]string // key -> where
	prefix  map[string][]string // prefix -> where
	other   []string            // calls whose key is neither: cannot be checked
}

// findWordUses reads every Go file of the package, tests included when
// tests is true, for calls of a method named T.
func findWordUses(t *testing.T, tests bool) wordUses {
	t.Helper()
	u := wordUses{literal: map[string][]string{}, prefix: map[string][]string{}}
	fset, files := parsePackage(t)
	for name, f := range files {
		if !tests && strings.HasSuffix(name, "_test.go") {
			continue
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 {
				return true
			}
			if sel, ok := call.Fun.(*ast.SelectorExpr); !ok || sel.Sel.Name != "T" {
				return true
			}
			where := fset.Position(call.Pos()).String()
			switch arg := call.Args[0].(type) {
			case *ast.BasicLit:
				if key, ok := stringLit(arg); ok {
					u.literal[key] = append(u.literal[key], where)
					return true
				}
			case *ast.BinaryExpr:
				if lit, ok := arg.X.(*ast.BasicLit); ok && arg.Op == token.ADD {
					if p, ok := stringLit(lit); ok {
						u.prefix[p] = append(u.prefix[p], where)
						return true
					}
				}
			}
			u.other = append(u.other, where)
			return true
		})
	}
	return u
}

// parsePackage parses the package's Go files, tests included, by name.
func parsePackage(t *testing.T) (*token.FileSet, map[string]*ast.File) {
	t.Helper()
	names, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	files := map[string]*ast.File{}
	for _, name := range names {
		if files[name], err = parser.ParseFile(fset, name, nil, 0); err != nil {
			t.Fatal(err)
		}
	}
	return fset, files
}

func stringLit(l *ast.BasicLit) (string, bool) {
	if l.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(l.Value)
	return s, err == nil
}

// TestEveryWordShownIsInTheTable: a key missing from the table would
// show on screen as the key itself ("menuNew"), in neither language.
func TestEveryWordShownIsInTheTable(t *testing.T) {
	u := findWordUses(t, true)
	if len(u.literal) == 0 {
		t.Fatal("no calls of T found: the scan reads nothing")
	}
	for key, where := range u.literal {
		if _, ok := words[key]; !ok {
			t.Errorf("%s: T(%q) is not in the table (text.go)", where[0], key)
		}
	}
	for p, where := range u.prefix {
		found := false
		for key := range words {
			found = found || strings.HasPrefix(key, p)
		}
		if !found {
			t.Errorf("%s: no word in the table starts with %q", where[0], p)
		}
	}
	for _, where := range u.other {
		t.Errorf("%s: T's key is neither a literal nor a literal prefix plus a value, so no test can check it", where)
	}
}

// TestEveryWordInTheTableIsUsed: the table holds only words some screen
// shows, so that a translator reads no dead text.
func TestEveryWordInTheTableIsUsed(t *testing.T) {
	u := findWordUses(t, false)
	for key := range words {
		if _, ok := u.literal[key]; ok {
			continue
		}
		used := false
		for p := range u.prefix {
			used = used || strings.HasPrefix(key, p)
		}
		if !used {
			t.Errorf("%q is in the table (text.go) but no screen shows it", key)
		}
	}
}

// TestEveryStatusHasNames: each status an interview can have is named on
// screen, in full and in the progress table's short form, never by its
// stored code.
func TestEveryStatusHasNames(t *testing.T) {
	for _, s := range store.Statuses {
		for _, prefix := range []string{"status.", "statusShort."} {
			if _, ok := words[prefix+string(s)]; !ok {
				t.Errorf("status %s has no %q word", s, prefix+string(s))
			}
		}
	}
}

// TestOneIsSingular: a count of one reads as English says it, and the
// singular takes the same arguments as the plural it stands for.
func TestOneIsSingular(t *testing.T) {
	for _, tt := range []struct{ got, want string }{
		{English.T("exported", 1, "siap-export-1"), "1 interview exported to siap-export-1 beside the data file"},
		{English.T("exported", 2, "siap-export-1"), "2 interviews exported to siap-export-1 beside the data file"},
		{English.T("toReview", 1), "1 completed interview awaits a decision"},
		{English.T("issues", 1), "1 thing needs fixing before finalizing."},
		{English.T("summaryInfo", 1, "city"), "1 interview · by city"},
	} {
		if tt.got != tt.want {
			t.Errorf("%q, want %q", tt.got, tt.want)
		}
	}
	verbs := regexp.MustCompile(`%[a-z]`)
	for key, one := range singular {
		if _, ok := words[key]; !ok {
			t.Errorf("singular %q is not a word", key)
		}
		if a, b := verbs.FindAllString(one, -1), verbs.FindAllString(words[key][English], -1); !slices.Equal(a, b) {
			t.Errorf("singular %q has verbs %v, the plural %v", key, a, b)
		}
	}
}

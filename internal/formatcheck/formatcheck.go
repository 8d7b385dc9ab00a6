// Package formatcheck reads the message formats a package's code gives
// its message functions, for the tests that make sure each has both of
// siap's languages with the same verbs.
package formatcheck

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// Verbs lists a format's verbs, such as "%q%v": two halves of a message
// take the same arguments when their verbs are the same.
func Verbs(format string) string {
	var out strings.Builder
	for i := 0; i < len(format)-1; i++ {
		if format[i] == '%' {
			out.WriteString(format[i : i+2])
			i++
		}
	}
	return out.String()
}

// Formats is every format written out in the package in dir (its tests
// left aside) as the argument at index of a call of one of the named
// functions or methods, with where it is. A format that is not written
// out fails the test, its words could not be checked, except in the
// files named in passOn, which hand formats on.
func Formats(t testing.TB, dir string, index map[string]int, passOn ...string) map[string]string {
	t.Helper()
	fset := token.NewFileSet()
	names, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			var fn string
			switch f := call.Fun.(type) {
			case *ast.SelectorExpr:
				fn = f.Sel.Name
			case *ast.Ident:
				fn = f.Name
			}
			at, ok := index[fn]
			if !ok || len(call.Args) <= at {
				return true
			}
			lit, ok := call.Args[at].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				for _, p := range passOn {
					if filepath.Base(name) == p {
						return true
					}
				}
				t.Errorf("%s: a message's format is not written out, so its words cannot be checked", fset.Position(call.Pos()))
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil {
				t.Fatal(err)
			}
			out[s] = fset.Position(call.Pos()).String()
			return true
		})
	}
	return out
}

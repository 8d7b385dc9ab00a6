package survey

import (
	"go/ast"
	"go/token"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"

	"siap/internal/fieldwork"
	"siap/store"
)

// keyMapBindings lists the key map's bindings by field name.
func keyMapBindings(k keyMap) map[string]key.Binding {
	out := map[string]key.Binding{}
	v := reflect.ValueOf(k)
	for i := range v.NumField() {
		out[v.Type().Field(i).Name] = v.Field(i).Interface().(key.Binding)
	}
	return out
}

// TestEveryKeyHasHelpInBothLanguages: each key is bound, says what it
// does in Bahasa Indonesia and in English, and is listed once among all
// the keys the help screen shows.
func TestEveryKeyHasHelpInBothLanguages(t *testing.T) {
	for _, l := range []Lang{Indonesian, English} {
		k := newKeyMap(l)
		listed := map[string]int{}
		for _, col := range k.FullHelp() {
			for _, b := range col {
				listed[b.Help().Key+" "+b.Help().Desc]++
			}
		}
		for name, b := range keyMapBindings(k) {
			h := b.Help()
			if len(b.Keys()) == 0 || h.Key == "" || h.Desc == "" {
				t.Errorf("language %d: %s has keys %q, help %q %q", l, name, b.Keys(), h.Key, h.Desc)
			}
			if n := listed[h.Key+" "+h.Desc]; n != 1 {
				t.Errorf("language %d: %s (%s) is listed %d times among all keys, want once", l, name, h.Key, n)
			}
		}
	}
}

// TestKeysAreDeclaredOnlyInTheKeyMap: no screen binds a key of its own
// or compares a key press with a key's name, so that the hint line and
// the help, made from the key map, show every key there is.
func TestKeysAreDeclaredOnlyInTheKeyMap(t *testing.T) {
	declared := map[string]bool{}
	for _, b := range keyMapBindings(newKeyMap(English)) {
		for _, k := range b.Keys() {
			declared[k] = true
		}
	}
	isKeyName := func(e ast.Expr) bool {
		lit, ok := e.(*ast.BasicLit)
		if !ok {
			return false
		}
		s, ok := stringLit(lit)
		return ok && declared[s]
	}
	fset, files := parsePackage(t)
	for name, f := range files {
		if name == "keys.go" || strings.HasSuffix(name, "_test.go") {
			continue
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.SelectorExpr:
				if x, ok := n.X.(*ast.Ident); ok && x.Name == "key" && (n.Sel.Name == "NewBinding" || n.Sel.Name == "WithKeys") {
					t.Errorf("%s: key.%s outside keys.go", fset.Position(n.Pos()), n.Sel.Name)
				}
				if n.Sel.Name == "SetKeys" {
					t.Errorf("%s: SetKeys outside keys.go", fset.Position(n.Pos()))
				}
			case *ast.BinaryExpr:
				if (n.Op == token.EQL || n.Op == token.NEQ) && (isKeyName(n.X) || isKeyName(n.Y)) {
					t.Errorf("%s: a key compared by name; match a binding of the key map instead", fset.Position(n.Pos()))
				}
			case *ast.CaseClause:
				for _, e := range n.List {
					if isKeyName(e) {
						t.Errorf("%s: a key as a switch case; match a binding of the key map instead", fset.Position(e.Pos()))
					}
				}
			}
			return true
		})
	}
}

// TestHelpShowsEveryKey: the help screen, at 80x24, shows every key with
// what it does, in both languages; none is cut off.
func TestHelpShowsEveryKey(t *testing.T) {
	for _, tt := range []struct {
		lang Lang
		keys []string
	}{
		{Indonesian, []string{"?"}},
		{English, []string{"ctrl+l", "?"}},
		// A question lists the most keys of its own above all the keys.
		{Indonesian, []string{"enter", "?"}},
	} {
		app, _ := newTestApp(t)
		screen := string(finalScreen(t, app, tt.keys...))
		for _, col := range newKeyMap(tt.lang).FullHelp() {
			for _, b := range col {
				h := b.Help()
				if !regexp.MustCompile(regexp.QuoteMeta(h.Key) + ` +` + regexp.QuoteMeta(h.Desc)).MatchString(screen) {
					t.Errorf("language %d: the help lacks %q %q:\n%s", tt.lang, h.Key, h.Desc, screen)
				}
			}
		}
	}
}

// TestSupervisorSettlesAConflictByItsKeys: the keys that settle a
// conflict show on the hint line when a conflict is chosen and on the
// help screen, and m keeps the version the merge brought.
func TestSupervisorSettlesAConflictByItsKeys(t *testing.T) {
	app, sup := newTestApp(t)
	dir := t.TempDir()
	ani, _, err := fieldwork.Open(filepath.Join(dir, "ani.db"), app.env.form)
	if err != nil {
		t.Fatal(err)
	}
	defer ani.Close()
	iv, err := ani.Create(store.Interview{FormKey: app.env.formKey, FormID: app.env.form.ID, Interviewer: "Ani"}, []store.Change{{Path: "note", Value: "first"}})
	if err != nil {
		t.Fatal(err)
	}
	packAndMerge := func(name string) store.MergeResult {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := ani.Pack(p); err != nil {
			t.Fatal(err)
		}
		res, err := sup.Merge(p, "")
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	packAndMerge("ani1.siap")
	// Both change the interview: the next merge keeps both, in conflict.
	if err := ani.Save(iv.ID, []store.Change{{Path: "note", Value: "ani's fix"}}); err != nil {
		t.Fatal(err)
	}
	if err := sup.Save(iv.ID, []store.Change{{Path: "note", Value: "supervisor's fix"}}); err != nil {
		t.Fatal(err)
	}
	if res := packAndMerge("ani2.siap"); res.Conflicts != 1 {
		t.Fatalf("merge %v, want one conflict", res)
	}

	drive(app, press("5")...)
	hint := lastLines(string(screenText(app)), 3)
	for _, want := range []string{"l pakai di sini", "m pakai gabungan"} {
		if !strings.Contains(hint, want) {
			t.Errorf("hint line %q lacks %q", hint, want)
		}
	}
	drive(app, press("?")...)
	if help := string(screenText(app)); !strings.Contains(help, "pakai di sini") || !strings.Contains(help, "pakai gabungan") {
		t.Errorf("the help lacks the conflict keys:\n%s", help)
	}
	drive(app, press("esc", "m")...)
	if c, _ := sup.Conflicts(); len(c) != 0 {
		t.Errorf("m left %d conflicts", len(c))
	}
	if vals, _ := sup.Values(iv.ID); vals["note"] != "ani's fix" {
		t.Errorf("m kept %q, want the merged version", vals["note"])
	}
	if screen := string(screenText(app)); !strings.Contains(screen, "Konflik diselesaikan.") {
		t.Errorf("no word that the conflict is settled:\n%s", screen)
	}
}

// lastLines is the last n lines of a screen, where the key lines are.
func lastLines(s string, n int) string {
	lines := strings.Split(s, "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// TestHintLineSaysWhatEnterAndEscDo: where esc closes a menu or a field
// and stays on the screen, the hint line says it cancels, not that it
// goes home; where enter opens the line under the cursor, it says so.
func TestHintLineSaysWhatEnterAndEscDo(t *testing.T) {
	toQuestion := []string{"enter", "3", "enter", "12", "enter", "enter", "1", "enter"}
	for _, tt := range []struct {
		name      string
		keys      []string
		want, not []string
	}{
		{"sections", append(slices.Clone(toQuestion), "ctrl+s"), []string{"enter buka", "esc batal"}, []string{"beranda"}},
		{"note", append(slices.Clone(toQuestion), "ctrl+o"), []string{"esc batal"}, []string{"beranda"}},
		{"review", append(slices.Clone(toQuestion), "ctrl+r"), []string{"enter buka"}, []string{"enter lanjut"}},
		{"summaries", []string{"4"}, []string{"enter buka"}, []string{"enter lanjut"}},
		{"browse", []string{"3"}, []string{"enter buka"}, []string{"enter lanjut"}},
		{"browse search", []string{"3", "/"}, []string{"esc batal"}, []string{"beranda"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			app, _ := newTestApp(t)
			drive(app, press(tt.keys...)...)
			hint := lastLines(string(screenText(app)), 2)
			for _, w := range tt.want {
				if !strings.Contains(hint, w) {
					t.Errorf("hint line %q lacks %q", hint, w)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(hint, n) {
					t.Errorf("hint line %q says %q", hint, n)
				}
			}
		})
	}
}

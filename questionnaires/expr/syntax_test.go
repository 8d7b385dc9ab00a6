package expr

import (
	"errors"
	"strings"
	"testing"

	"siap/internal/formatcheck"
)

// TestSyntaxErrorsHaveBothLanguages: every syntax error's format has its
// Bahasa Indonesia in syntaxTexts, with the same verbs, and the table
// holds nothing no error says.
func TestSyntaxErrorsHaveBothLanguages(t *testing.T) {
	used := formatcheck.Formats(t, ".", map[string]int{"syntaxError": 1})
	if len(used) < 15 {
		t.Fatalf("found %d syntax errors: the test no longer reads them", len(used))
	}
	for s, where := range used {
		id, ok := syntaxTexts[s]
		switch {
		case !ok || id == "":
			t.Errorf("%s: %q has no Bahasa Indonesia in syntaxTexts", where, s)
		case formatcheck.Verbs(id) != formatcheck.Verbs(s):
			t.Errorf("%q: the two languages take different arguments (%s, %s)", s, formatcheck.Verbs(id), formatcheck.Verbs(s))
		}
	}
	for s := range syntaxTexts {
		if _, ok := used[s]; !ok {
			t.Errorf("syntaxTexts has %q, which no error says", s)
		}
	}
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

package survey

import (
	"testing"

	"siap/export"
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

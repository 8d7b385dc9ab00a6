package simulate

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"siap/questionnaires"
)

// Every field questionnaire of ../shared/xlsforms/real that loads must
// simulate to the end: a draft means siap could not answer a question
// the form accepts answers to, and the report names it.
func TestRealFormsSimulateToTheEnd(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "xlsforms", "real")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Skipf("shared real forms not available: %v", err)
	}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !(strings.HasSuffix(name, ".xlsx") || strings.HasSuffix(name, ".csv")) {
			continue
		}
		t.Run(name, func(t *testing.T) {
			form, err := questionnaires.Load(filepath.Join(dir, name))
			var le *questionnaires.LoadError
			if errors.As(err, &le) {
				t.Skipf("refused when read: %v", le)
			}
			if err != nil {
				t.Fatal(err)
			}
			var tally Tally
			opts := Options{N: 20, Seed: 7, Now: time.Date(2026, 11, 24, 17, 0, 0, 0, time.UTC)}
			if err := Run(form, opts, func(iv Interview) error { tally.Add(iv); return nil }); err != nil {
				t.Fatal(err)
			}
			if tally.Drafts > 0 {
				var b strings.Builder
				tally.Report(&b)
				t.Errorf("%s", b.String())
			}
		})
	}
}

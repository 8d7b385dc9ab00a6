package interview_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"siap/internal/testforms"
	"siap/questionnaires"
	"siap/questionnaires/simulate"
)

// TestSimulatedInterviewsEvaluateIncrementallyAsInFull runs siap
// simulate's interviews, which answer as an interviewer would (consent
// given, counts that fit, going back from a hard stop), through the
// shipped form, the benchmark forms and the field questionnaires of
// ../shared/xlsforms/real; the package's TestMain compares every
// incremental evaluation with a full one.
func TestSimulatedInterviewsEvaluateIncrementallyAsInFull(t *testing.T) {
	forms := map[string]func() (*questionnaires.Form, error){
		"shipped":    questionnaires.Shipped,
		"big roster": func() (*questionnaires.Form, error) { return testforms.Big(true) },
	}
	dir := filepath.Join("..", "..", "..", "shared", "xlsforms", "real")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Logf("shared real forms not available, tested without them: %v", err)
	}
	for _, e := range entries {
		name := e.Name()
		if !e.IsDir() && (strings.HasSuffix(name, ".xlsx") || strings.HasSuffix(name, ".csv")) {
			forms[name] = func() (*questionnaires.Form, error) { return questionnaires.Load(filepath.Join(dir, name)) }
		}
	}
	for name, load := range forms {
		t.Run(name, func(t *testing.T) {
			form, err := load()
			var le *questionnaires.LoadError
			if errors.As(err, &le) {
				t.Skipf("refused when read: %v", le)
			}
			if err != nil {
				t.Fatal(err)
			}
			n := 8
			if len(form.Nodes) > 300 {
				n = 1
			}
			opts := simulate.Options{N: n, Seed: 3, Now: time.Date(2026, 11, 24, 17, 0, 0, 0, time.UTC)}
			if err := simulate.Run(form, opts, func(simulate.Interview) error { return nil }); err != nil {
				t.Fatal(err)
			}
		})
	}
}

package interview_test

import (
	"testing"
	"time"

	"siap/questionnaires/interview"
	"siap/questionnaires/simulate"
)

// TestSimulatedInterviewsEvaluateIncrementallyAsInFull runs siap
// simulate's interviews, which answer as an interviewer would (consent
// given, counts that fit, going back from a hard stop), through the
// forms of interview.ComparedForms; the package's TestMain compares
// every incremental evaluation with a full one.
func TestSimulatedInterviewsEvaluateIncrementallyAsInFull(t *testing.T) {
	for _, f := range interview.ComparedForms(t) {
		t.Run(f.Name, func(t *testing.T) {
			n := 8
			if len(f.Form.Nodes) > 300 {
				n = 1
			}
			opts := simulate.Options{N: n, Seed: 3, Now: time.Date(2026, 11, 24, 17, 0, 0, 0, time.UTC)}
			if err := simulate.Run(f.Form, opts, func(simulate.Interview) error { return nil }); err != nil {
				t.Fatal(err)
			}
		})
	}
}

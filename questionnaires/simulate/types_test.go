package simulate

import (
	"testing"

	"siap/internal/testforms"
)

// Every type of question is answered by simulated interviews.
func TestEveryQuestionTypeIsSimulated(t *testing.T) {
	testforms.CoversQuestionTypes(t, "simulators (simulate.go)", simulators)
}

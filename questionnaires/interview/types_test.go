package interview

import (
	"testing"

	"siap/internal/testforms"
)

// Every type of question has its answers read and checked.
func TestEveryQuestionTypeIsParsed(t *testing.T) {
	testforms.CoversQuestionTypes(t, "answerParsers (validate.go)", answerParsers)
}

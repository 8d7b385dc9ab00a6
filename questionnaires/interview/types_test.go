package interview

import (
	"testing"

	"siap/questionnaires"
)

// Every type of question has its answers read and checked: a type added
// to questionnaires fails here until answerParsers (validate.go) has it.
func TestEveryQuestionTypeIsParsed(t *testing.T) {
	for _, typ := range questionnaires.Types() {
		_, ok := answerParsers[typ]
		if asked := typ.Kind() == questionnaires.Question; asked != ok {
			t.Errorf("%s: a question type %v, an answer parser %v; answerParsers in validate.go holds every question type and nothing else", typ, asked, ok)
		}
	}
}

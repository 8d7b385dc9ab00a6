package simulate

import (
	"testing"

	"siap/questionnaires"
)

// Every type of question is answered by simulated interviews: a type
// added to questionnaires fails here until simulators has it.
func TestEveryQuestionTypeIsSimulated(t *testing.T) {
	for _, typ := range questionnaires.Types() {
		_, ok := simulators[typ]
		if asked := typ.Kind() == questionnaires.Question; asked != ok {
			t.Errorf("%s: a question type %v, a simulator %v; simulators in simulate.go holds every question type and nothing else", typ, asked, ok)
		}
	}
}

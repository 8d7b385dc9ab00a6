package survey

import (
	"testing"

	"siap/questionnaires"
)

// Every type of question is shown with a widget: a type added to
// questionnaires fails here until widgets (widgets.go) has it.
func TestEveryQuestionTypeHasAWidget(t *testing.T) {
	for _, typ := range questionnaires.Types() {
		_, ok := widgets[typ]
		if asked := typ.Kind() == questionnaires.Question; asked != ok {
			t.Errorf("%s: a question type %v, a widget %v; widgets in widgets.go holds every question type and nothing else", typ, asked, ok)
		}
	}
}

// Every kind of indicator is named and explained on the summaries
// screen: a kind added to questionnaires fails here until words has it.
func TestEveryIndicatorKindHasWords(t *testing.T) {
	for _, k := range questionnaires.IndicatorKinds() {
		for _, key := range []string{"kind." + k.String(), "barLegend." + k.String()} {
			if _, ok := words[key]; !ok {
				t.Errorf("%s: words (text.go) has no %q", k, key)
			}
		}
	}
}

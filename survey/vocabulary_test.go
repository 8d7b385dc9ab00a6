package survey

import (
	"testing"

	"siap/internal/testforms"
	"siap/questionnaires"
)

// Every type of question is shown with a widget.
func TestEveryQuestionTypeHasAWidget(t *testing.T) {
	testforms.CoversQuestionTypes(t, "widgets (widgets.go)", widgets)
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

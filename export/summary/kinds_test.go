package summary

import (
	"testing"

	"siap/questionnaires"
)

// Every kind of indicator is computed: a kind added to questionnaires
// fails here until statistics (kinds.go) has it.
func TestEveryIndicatorKindIsComputed(t *testing.T) {
	for _, k := range questionnaires.IndicatorKinds() {
		if s, ok := statistics[k]; !ok || s.cell == nil || s.test == nil {
			t.Errorf("%s: no statistic in statistics (kinds.go)", k)
		}
	}
}

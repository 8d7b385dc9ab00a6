package summary

import (
	"os"
	"regexp"
	"slices"
	"testing"

	"siap/questionnaires"
)

// TestSummarySQLHasEveryIndicator: scripts/summary-sql.sh, which sqlite3
// runs beside siap summary in scripts/bench-scale.sh, computes every
// indicator of the shipped questionnaire as the kind it is, so that the
// comparison stays one of the same figures when the form changes.
func TestSummarySQLHasEveryIndicator(t *testing.T) {
	script, err := os.ReadFile("../../scripts/summary-sql.sh")
	if err != nil {
		t.Fatal(err)
	}
	form, err := questionnaires.Shipped()
	if err != nil {
		t.Fatal(err)
	}
	for _, kind := range []questionnaires.IndicatorKind{questionnaires.Proportion, questionnaires.Mean, questionnaires.Median} {
		array := regexp.MustCompile(`(?ms)^` + kind.String() + `s=\((.*?)^\)`).FindSubmatch(script)
		if array == nil {
			t.Fatalf("scripts/summary-sql.sh has no list %ss", kind)
		}
		var got, want []string
		for _, m := range regexp.MustCompile(`"([a-z0-9_]+)\|`).FindAllSubmatch(array[1], -1) {
			got = append(got, string(m[1]))
		}
		for _, ind := range form.Indicators {
			if ind.Kind == kind {
				want = append(want, ind.Name)
			}
		}
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("scripts/summary-sql.sh computes %v as %ss; the shipped questionnaire has %v", got, kind, want)
		}
	}
}

package summary

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestRound(t *testing.T) {
	tests := []struct {
		x      float64
		digits int
		want   string
	}{
		{1.25, 1, "1.3"}, {1.95, 1, "2.0"}, {1.949, 1, "1.9"}, {2.5, 0, "3"}, {0.5, 0, "1"},
		{-1.25, 1, "-1.3"}, {-0.04, 1, "0.0"}, {0.00005, 4, "0.0001"}, {12.345, 2, "12.35"},
		{100, 0, "100"}, {0, 4, "0.0000"}, {1e-12, 4, "0.0000"}, {123456.5, 0, "123457"},
	}
	for _, tt := range tests {
		if got := Round(tt.x, tt.digits); got != tt.want {
			t.Errorf("Round(%v, %d) = %s, want %s", tt.x, tt.digits, got, tt.want)
		}
	}
}

func TestPText(t *testing.T) {
	for p, want := range map[float64]string{2.3e-12: "< 0.0001", 0.00004: "< 0.0001", 0.0001: "0.0001", 0.04995: "0.0500", 0.5: "0.5000", math.NaN(): "–"} {
		if got := PText(p); got != want {
			t.Errorf("PText(%v) = %q, want %q", p, got, want)
		}
	}
}

func TestQuantileConventions(t *testing.T) {
	c := Counts{}
	for i := 1; i <= 10; i++ {
		c[float64(i)]++
	}
	tests := []struct {
		p, r, spss float64
	}{{0.25, 3.25, 2.75}, {0.5, 5.5, 5.5}, {0.75, 7.75, 8.25}, {0, 1, 1}, {1, 10, 10}, {0.05, 1.45, 1}}
	for _, tt := range tests {
		if got := c.Quantile(tt.p); math.Abs(got-tt.r) > 1e-12 {
			t.Errorf("type 7 quantile %v = %v, want %v", tt.p, got, tt.r)
		}
		if got := c.Quantile6(tt.p); math.Abs(got-tt.spss) > 1e-12 {
			t.Errorf("type 6 quantile %v = %v, want %v", tt.p, got, tt.spss)
		}
	}
}

// TestGroupsAddUpToAll: grouped by a question asked of some, the
// interviews without an answer are a group of their own, so that all is
// the sum of the groups shown, and the table says so.
func TestGroupsAddUpToAll(t *testing.T) {
	st, form := simulatedFile(t, 200)
	s, err := Compute(st, form, Options{By: "kks_holder"})
	if err != nil {
		t.Fatal(err)
	}
	if s.NoAnswer == 0 || s.Groups[len(s.Groups)-1].Code != NoAnswer {
		t.Fatalf("kks_holder is asked of bansos recipients only, yet no group of the others: %d, %v", s.NoAnswer, s.Groups)
	}
	for _, r := range s.Rows {
		sum, all := 0, r.Cells[len(r.Cells)-1]
		for _, c := range r.Cells[:len(r.Cells)-1] {
			sum += c.N
		}
		if sum != all.N || all.Group != All {
			t.Errorf("%s: the groups count %d, all %d", r.Indicator.Name, sum, all.N)
		}
	}
	var b bytes.Buffer
	if err := s.WriteTable(&b, "English (en)", form.DefaultLanguage); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "not asked / no answer") || !strings.Contains(b.String(), strconv.Itoa(s.NoAnswer)+" have no answer to kks_holder") {
		t.Errorf("the table does not say who is not asked:\n%s", b.String())
	}
	full, err := Compute(st, form, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if full.NoAnswer != 0 || len(full.Groups) != 5 {
		t.Errorf("every interview has a city, yet %d without and %d groups", full.NoAnswer, len(full.Groups))
	}
}

// TestHeadersAreLabels: --by resp_sex shows Male and Female, not 1 and 2.
func TestHeadersAreLabels(t *testing.T) {
	st, form := simulatedFile(t, 60)
	s, err := Compute(st, form, Options{By: "resp_sex"})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		lang string
		want []string
	}{{"English (en)", []string{"Male", "Female", "all"}}, {"Bahasa Indonesia (id)", []string{"Laki-laki", "Perempuan", "semua"}}} {
		var table, md bytes.Buffer
		s.WriteTable(&table, tt.lang, form.DefaultLanguage)
		s.WriteMarkdown(&md, tt.lang, form.DefaultLanguage)
		first, _, _ := strings.Cut(table.String(), "\n")
		mdFirst, _, _ := strings.Cut(md.String(), "\n")
		if got := strings.Fields(first)[1:4]; !slices.Equal(got, tt.want) {
			t.Errorf("%s table headers %v, want %v", tt.lang, got, tt.want)
		}
		if !strings.Contains(mdFirst, "| "+strings.Join(tt.want, " | ")+" |") {
			t.Errorf("%s markdown headers: %s", tt.lang, mdFirst)
		}
	}
}

// TestCSVAndJSON: the csv has every figure the table has (sd, warning,
// the readiness distribution) and p-values whole; json keys are all
// snake_case; the per-value breakdown is for small scales only.
func TestCSVAndJSON(t *testing.T) {
	st, form := simulatedFile(t, 200)
	s, err := Compute(st, form, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := s.WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	for _, h := range []string{"sd", "warning", "distribution", "p_value", "test"} {
		if _, ok := col[h]; !ok {
			t.Fatalf("the csv has no %s column: %v", h, rows[0])
		}
	}
	seen := map[string]bool{}
	for _, r := range rows[1:] {
		ind := r[col["indicator"]]
		switch {
		case ind == "readiness_index" && r[col["distribution"]] == "":
			t.Errorf("readiness_index in %s has no distribution", r[col["group"]])
		case ind == "readiness_index" && r[col["sd"]] == "":
			t.Errorf("readiness_index in %s has no sd", r[col["group"]])
		case ind == "travel_minutes" && r[col["distribution"]] != "":
			t.Errorf("travel_minutes, not a small scale, has a distribution: %s", r[col["distribution"]])
		}
		if p := r[col["p_value"]]; p != "" && !seen[ind] {
			seen[ind] = true
			x, err := strconv.ParseFloat(p, 64)
			if err != nil {
				t.Fatalf("p_value %q", p)
			}
			for _, row := range s.Rows {
				if row.Indicator.Name == ind && x != row.P {
					t.Errorf("%s: p_value %s in the csv, %v computed", ind, p, row.P)
				}
			}
		}
	}
	var j bytes.Buffer
	if err := s.WriteJSON(&j, form.DefaultLanguage, form.DefaultLanguage); err != nil {
		t.Fatal(err)
	}
	var doc any
	if err := json.Unmarshal(j.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	snake := regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				if _, err := strconv.Atoi(k); err != nil && !snake.MatchString(k) {
					t.Errorf("json key %q is not snake_case", k)
				}
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(doc)
}

// TestExportedCalculationAgreesWithSummary: the readiness index computed
// from the exported CSV's calculation (preconditions_met) is the
// summary's, per city, to the last digit.
func TestExportedCalculationAgreesWithSummary(t *testing.T) {
	st, form := simulatedFile(t, 250)
	s, err := Compute(st, form, Options{})
	if err != nil {
		t.Fatal(err)
	}
	col, rows := exportedData(t, st, form)
	sum, n := map[string]float64{}, map[string]int{}
	for _, r := range rows[1:] {
		v := r[col["preconditions_met"]]
		if v == "" {
			continue
		}
		x, err := strconv.ParseFloat(v, 64)
		if err != nil {
			t.Fatalf("preconditions_met %q is not a number in the CSV", v)
		}
		for _, g := range []string{r[col["city"]], All} {
			sum[g] += x
			n[g]++
		}
	}
	checked := 0
	for _, r := range s.Rows {
		if r.Indicator.Name != "readiness_index" {
			continue
		}
		for _, c := range r.Cells {
			if c.N != n[c.Group] || c.Value != sum[c.Group]/float64(n[c.Group]) {
				t.Errorf("%s: the summary's readiness index %v (n %d), the CSV's %v (n %d)", c.Group, c.Value, c.N, sum[c.Group]/float64(n[c.Group]), n[c.Group])
			}
			checked++
		}
	}
	if checked != 6 {
		t.Errorf("%d cells compared", checked)
	}
}

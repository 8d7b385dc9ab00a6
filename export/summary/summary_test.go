package summary

import (
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"siap/export"
	"siap/internal/fieldwork"
	"siap/questionnaires"
	"siap/store"
)

// simulatedFile is a data file with n simulated interviews.
func simulatedFile(t testing.TB, n int) (*store.Store, *questionnaires.Form) {
	t.Helper()
	st, form, err := fieldwork.NewFile(filepath.Join(t.TempDir(), "siap.db"), n, 11, time.Date(2026, 11, 24, 17, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st, form
}

// TestAgainstTheExportedCSV recomputes the account proportions and the
// median distance per city from data.csv, independently of the summary
// code, and compares.
func TestAgainstTheExportedCSV(t *testing.T) {
	st, form := simulatedFile(t, 300)
	s, err := Compute(st, form, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !s.Simulated || s.Interviews == 0 {
		t.Fatalf("with only simulated interviews they must be counted: %+v", s)
	}
	col, rows := exportedData(t, st, form)
	type tally struct{ n, yes int }
	account := map[string]*tally{}
	dist := map[string][]float64{}
	for _, r := range rows[1:] {
		city := r[col["city"]]
		for _, g := range []string{city, All} {
			if account[g] == nil {
				account[g] = &tally{}
			}
			if v := r[col["own_account"]]; v != "" {
				account[g].n++
				if v == "1" {
					account[g].yes++
				}
			}
			if v := r[col["dist_atm_km"]]; v != "" {
				x, _ := strconv.ParseFloat(v, 64)
				dist[g] = append(dist[g], x)
			}
		}
	}
	for _, r := range s.Rows {
		for _, c := range r.Cells {
			switch r.Indicator.Name {
			case "account":
				want := account[c.Group]
				if c.N != want.n || c.Count != want.yes || math.Abs(c.Value-100*float64(want.yes)/float64(want.n)) > 1e-9 {
					t.Errorf("account in %s: n %d count %d value %.2f; the CSV gives n %d count %d", c.Group, c.N, c.Count, c.Value, want.n, want.yes)
				}
				lo, hi := Wilson(want.yes, want.n)
				if math.Abs(c.Low-100*lo) > 1e-9 || math.Abs(c.High-100*hi) > 1e-9 {
					t.Errorf("account in %s: interval %.2f-%.2f", c.Group, c.Low, c.High)
				}
			case "dist_atm":
				xs := dist[c.Group]
				med := median(xs)
				if c.N != len(xs) || math.Abs(c.Value-med) > 1e-9 {
					t.Errorf("dist_atm in %s: n %d median %v; the CSV gives n %d median %v", c.Group, c.N, c.Value, len(xs), med)
				}
			}
		}
		if r.Indicator.Name == "account" {
			var table [][]int
			for _, g := range s.Groups {
				a := account[g.Code]
				table = append(table, []int{a.yes, a.n - a.yes})
			}
			stat, _, p, _ := ChiSquare(table)
			if math.Abs(stat-r.Statistic) > 1e-9 || math.Abs(p-r.P) > 1e-12 || !(r.P < 0.05) {
				t.Errorf("account test: X² %v p %v; from the CSV X² %v p %v (the simulation puts in a difference)", r.Statistic, r.P, stat, p)
			}
		}
	}
}

func median(xs []float64) float64 {
	c := Counts{}
	for _, x := range xs {
		c[x]++
	}
	return c.Quantile(0.5)
}

func TestDenominatorSkipsIrrelevantQuestions(t *testing.T) {
	st, form := simulatedFile(t, 120)
	s, err := Compute(st, form, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var travel, account Row
	for _, r := range s.Rows {
		switch r.Indicator.Name {
		case "travel_minutes":
			travel = r
		case "account":
			account = r
		}
	}
	all := func(r Row) Cell { return r.Cells[len(r.Cells)-1] }
	if all(travel).N >= all(account).N || all(travel).N == 0 {
		t.Errorf("travel time (asked of bansos recipients) counts %d interviews, account %d", all(travel).N, all(account).N)
	}
}

func TestOptionsAndErrors(t *testing.T) {
	st, form := simulatedFile(t, 40)
	if s, _ := Compute(st, form, Options{Simulated: export.ExcludeSimulated}); s.Interviews != 0 {
		t.Errorf("excluding simulated still counted %d", s.Interviews)
	}
	s, err := Compute(st, form, Options{By: "resp_sex"})
	if err != nil || len(s.Groups) != 2 {
		t.Fatalf("grouping by resp_sex: %v, %v", s, err)
	}
	if _, err := Compute(st, form, Options{By: "resp_age"}); err == nil {
		t.Error("grouping by an integer question was accepted")
	}
}

// exportedData exports a data file's interviews, simulated ones too, and
// reads data.csv back: its columns by name, and its rows, header first.
func exportedData(t *testing.T, st *store.Store, form *questionnaires.Form) (map[string]int, [][]string) {
	t.Helper()
	dir := t.TempDir()
	if _, err := export.Run(st, form, dir, export.Options{Simulated: export.IncludeSimulated}); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(filepath.Join(dir, "data.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	return col, rows
}

// TestSimulatedOneRule: an export and a summary of the same file take
// the same interviews: simulated ones while there are no others, then
// only the real ones.
func TestSimulatedOneRule(t *testing.T) {
	st, form := simulatedFile(t, 40)
	compare := func(when string, wantIn bool) {
		t.Helper()
		s, err := Compute(st, form, Options{})
		if err != nil {
			t.Fatal(err)
		}
		res, err := export.Run(st, form, t.TempDir(), export.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if res.Interviews != s.Interviews || res.SimulatedIn != s.SimulatedIn || res.SimulatedLeft != s.SimulatedLeft {
			t.Errorf("%s: the export takes %d interviews (%d simulated, %d left out), the summary %d (%d, %d)",
				when, res.Interviews, res.SimulatedIn, res.SimulatedLeft, s.Interviews, s.SimulatedIn, s.SimulatedLeft)
		}
		if (s.SimulatedIn > 0) != wantIn || s.Simulated != wantIn {
			t.Errorf("%s: %d simulated counted, want them counted: %v", when, s.SimulatedIn, wantIn)
		}
	}
	compare("only simulated interviews", true)
	actual := store.Record{
		Interview: store.Interview{ID: store.NewID(), FormKey: store.FormKey(form.Source, form.Attachments), FormID: form.ID, Interviewer: "Ani", Status: store.Completed},
		Answers:   map[string]store.Answer{"city": {Value: "kupang"}, "consent": {Value: "1"}},
	}
	if _, err := st.Import(store.Records([]store.Record{actual}...)); err != nil {
		t.Fatal(err)
	}
	compare("with a real interview", false)
}

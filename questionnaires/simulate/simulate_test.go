package simulate

import (
	"math"
	"reflect"
	"slices"
	"strconv"
	"testing"
	"time"

	"siap/questionnaires"
	"siap/questionnaires/interview"
)

func run(t *testing.T, n int, seed uint64) []Interview {
	t.Helper()
	form, err := questionnaires.Shipped()
	if err != nil {
		t.Fatal(err)
	}
	var out []Interview
	opts := Options{N: n, Seed: seed, Now: time.Date(2026, 11, 24, 17, 0, 0, 0, time.UTC), Interviewer: "sim", DeviceID: "d"}
	if err := Run(form, opts, func(iv Interview) error { out = append(out, iv); return nil }); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestSpreadByTargets(t *testing.T) {
	counts := map[string]int{}
	for _, iv := range run(t, 340, 1) {
		counts[iv.Group]++
	}
	want := map[string]int{"medan": 72, "surabaya": 80, "banjarmasin": 60, "makassar": 68, "kupang": 60}
	if !reflect.DeepEqual(counts, want) {
		t.Errorf("interviews per city %v, want the targets %v", counts, want)
	}
}

func TestDeterministicForASeed(t *testing.T) {
	a, b, c := run(t, 20, 7), run(t, 20, 7), run(t, 20, 8)
	if !reflect.DeepEqual(a, b) {
		t.Error("the same seed gave different interviews")
	}
	if reflect.DeepEqual(a, c) {
		t.Error("different seeds gave the same interviews")
	}
}

func TestInterviewsAreValidAndDifferByCity(t *testing.T) {
	form, _ := questionnaires.Shipped()
	type tally struct{ n, account, smartphone, willing int }
	by := map[string]*tally{}
	for _, iv := range run(t, 600, 3) {
		// Every stored answer must pass the engine's checks again.
		s := interview.Restore(form, interview.Meta{}, iv.Answers)
		if iv.Refused {
			continue
		}
		if !iv.Complete {
			t.Fatalf("a simulated interview is incomplete: %v", s.Issues()[0].Message)
		}
		if issues := s.Issues(); len(issues) > 0 {
			t.Fatalf("restored interview has issues: %s %s", issues[0].Item.Path, issues[0].Message)
		}
		if !iv.End.After(iv.Start) || len(iv.Steps) < 30 {
			t.Errorf("interview from %v to %v with %d steps", iv.Start, iv.End, len(iv.Steps))
		}
		tl := by[iv.Group]
		if tl == nil {
			tl = &tally{}
			by[iv.Group] = tl
		}
		tl.n++
		vals := s.Values()
		if vals["own_account"] == "1" {
			tl.account++
		}
		if vals["phone_type"] == "smartphone" {
			tl.smartphone++
		}
		if vals["willing_digital"] >= "4" {
			tl.willing++
		}
	}
	share := func(city string, f func(*tally) int) float64 { return float64(f(by[city])) / float64(by[city].n) }
	for name, f := range map[string]func(*tally) int{
		"account":    func(t *tally) int { return t.account },
		"smartphone": func(t *tally) int { return t.smartphone },
		"willing":    func(t *tally) int { return t.willing },
	} {
		if hi, lo := share("surabaya", f), share("kupang", f); hi < lo+0.1 {
			t.Errorf("%s: Surabaya %.2f, Kupang %.2f; the simulation should make them differ", name, hi, lo)
		}
	}
}

// TestNumbersAroundTheirTypicalValue: numbers with a sim_typical column
// have their median near it, and money comes in round amounts.
func TestNumbersAroundTheirTypicalValue(t *testing.T) {
	tests := []struct {
		path       string
		lo, hi     float64 // the median's plausible range
		roundMoney bool
	}{
		{"resp_age", 35, 50, false},
		{"hh_size", 3, 5, false},
		{"travel_cost", 10000, 22000, true},
		{"data_spend", 35000, 70000, true},
	}
	ivs := run(t, 400, 5)
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			var xs []float64
			for _, iv := range ivs {
				v, ok := iv.Answers[tt.path]
				if !ok {
					continue
				}
				x, err := strconv.ParseFloat(v, 64)
				if err != nil {
					t.Fatalf("%s = %q is not a number", tt.path, v)
				}
				if tt.roundMoney && x >= 1000 && math.Mod(x, 100) != 0 {
					t.Errorf("%s = %s is not a round amount", tt.path, v)
				}
				xs = append(xs, x)
			}
			if len(xs) < 50 {
				t.Fatalf("only %d answers to %s", len(xs), tt.path)
			}
			slices.Sort(xs)
			if m := xs[len(xs)/2]; m < tt.lo || m > tt.hi {
				t.Errorf("median %s = %g, want %g to %g", tt.path, m, tt.lo, tt.hi)
			}
		})
	}
}

// Identifiers (pii = hash, the NIK) a data file holds are not given
// again, nor twice in one run; everything else stays as the seed makes it.
func TestIdentifiersAreNotGivenTwice(t *testing.T) {
	form, err := questionnaires.Shipped()
	if err != nil {
		t.Fatal(err)
	}
	first := run(t, 60, 5)
	inFile := map[string]bool{}
	for _, iv := range first {
		if v := iv.Answers["nik"]; v != "" {
			inFile[v] = true
		}
	}
	if len(inFile) < 20 {
		t.Fatalf("only %d NIKs in 60 interviews", len(inFile))
	}
	opts := Options{N: 60, Seed: 5, Now: time.Date(2026, 11, 24, 17, 0, 0, 0, time.UTC), Interviewer: "sim", DeviceID: "d",
		Taken: func(n *questionnaires.Node, v string) bool { return n.Name == "nik" && inFile[v] }}
	given := map[string]bool{}
	i := 0
	err = Run(form, opts, func(iv Interview) error {
		if v := iv.Answers["nik"]; v != "" {
			if inFile[v] || given[v] {
				t.Errorf("interview %d: NIK given again", i)
			}
			given[v] = true
		}
		if iv.Answers["resp_age"] != first[i].Answers["resp_age"] {
			t.Errorf("interview %d: age %s, want %s as the seed gives it", i, iv.Answers["resp_age"], first[i].Answers["resp_age"])
		}
		i++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(given) != len(inFile) {
		t.Errorf("%d NIKs given, want %d", len(given), len(inFile))
	}
}

// TestInterviewsEndByNow: no simulated interview ends after the moment
// the simulation ran, those of the same day included.
func TestInterviewsEndByNow(t *testing.T) {
	now := time.Date(2026, 11, 24, 17, 0, 0, 0, time.UTC)
	today := 0
	for _, iv := range run(t, 600, 3) {
		if iv.End.After(now) || iv.Start.After(iv.End) {
			t.Errorf("an interview from %s to %s, simulated at %s", iv.Start, iv.End, now)
		}
		if iv.Start.YearDay() == now.YearDay() {
			today++
		}
	}
	if today == 0 {
		t.Error("no interview of the day the simulation ran: the test checks nothing")
	}
}

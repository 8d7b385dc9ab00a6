package summary

import (
	"fmt"
	"math"

	"siap/questionnaires"
)

// statistic is how one kind of indicator is computed.
type statistic struct {
	// yesNo: the indicator is met or not by each interview, and a
	// group's value is the percentage that meet it; otherwise its values
	// are numbers.
	yesNo bool
	// cell works out a group's value from what was gathered, when the
	// group has any interview.
	cell func(c *Cell, t *tally)
	// test compares the groups.
	test func(r *Row, groups []*tally)
}

// statistics hold how each kind of indicator is computed;
// TestEveryIndicatorKindIsComputed fails on a kind without its entry.
var statistics = map[questionnaires.IndicatorKind]statistic{
	questionnaires.Proportion: {yesNo: true, cell: proportionCell, test: chiSquareTest},
	questionnaires.Mean:       {cell: meanCell, test: kruskalWallisTest},
	questionnaires.Median:     {cell: medianCell, test: kruskalWallisTest},
}

// Percent reports whether the values of a kind of indicator are
// percentages (a proportion), rather than numbers as the answers give them.
func Percent(k questionnaires.IndicatorKind) bool { return statistics[k].yesNo }

func proportionCell(c *Cell, t *tally) {
	c.Count = t.count
	lo, hi := Wilson(t.count, t.n)
	c.Value, c.Low, c.High = 100*float64(t.count)/float64(t.n), 100*lo, 100*hi
}

func meanCell(c *Cell, t *tally) {
	n := float64(t.n)
	c.Value = t.sum / n
	if t.n > 1 {
		// Added in the values' order, so that the last digits do not
		// change from one run to the next.
		ss := 0.0
		for _, v := range t.values.sorted() {
			ss += float64(t.values[v]) * (v - c.Value) * (v - c.Value)
		}
		c.SD = math.Sqrt(ss / (n - 1))
	}
	c.Low, c.High = TInterval(c.Value, c.SD, t.n)
	whole := true
	for v := range t.values {
		whole = whole && v == math.Trunc(v) && v >= 0 && v <= scaleMax
	}
	if whole {
		c.Dist = map[int]int{}
		for v, k := range t.values {
			c.Dist[int(v)] += k
		}
	}
}

// scaleMax is the largest value of a scale whose interviews are counted
// value by value.
const scaleMax = 10

func medianCell(c *Cell, t *tally) {
	q := t.values.Quantile
	if t.quantiles == QuantilesSPSS {
		q = t.values.Quantile6
	}
	c.Value, c.Low, c.High = q(0.5), q(0.25), q(0.75)
}

// chiSquareTest compares how many meet the indicator across groups.
func chiSquareTest(r *Row, groups []*tally) {
	r.Test = "chi-square"
	table := make([][]int, len(groups))
	for i, t := range groups {
		table[i] = []int{t.count, t.n - t.count}
	}
	var minE float64
	r.Statistic, r.DF, r.P, minE = ChiSquare(table)
	r.MinExpected = minE
	if minE < 5 {
		r.Warning = fmt.Sprintf("an expected count is %.1f, below 5: the chi-square p-value is approximate", minE)
	}
}

// kruskalWallisTest compares the groups' values by their ranks.
func kruskalWallisTest(r *Row, groups []*tally) {
	r.Test = "Kruskal-Wallis"
	var cs []Counts
	for _, t := range groups {
		cs = append(cs, t.values)
	}
	r.Statistic, r.DF, r.P = KruskalWallis(cs)
}

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
	cell func(c *Cell, t *tally) error
	// test compares the groups.
	test func(r *Row, groups []*tally) error
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

func proportionCell(c *Cell, t *tally) error {
	c.Count = t.count
	lo, hi := Wilson(t.count, t.n)
	c.Value, c.Low, c.High = 100*float64(t.count)/float64(t.n), 100*lo, 100*hi
	return nil
}

func meanCell(c *Cell, t *tally) error {
	n := float64(t.n)
	c.Value = t.sum / n
	// Added in the values' order, so that the last digits do not change
	// from one run to the next; a scale's values are counted one by one.
	ss := 0.0
	whole := true
	dist := map[int]int{}
	err := t.eachDistinct(func(v float64, k int) {
		ss += float64(k) * (v - c.Value) * (v - c.Value)
		if whole = whole && v == math.Trunc(v) && v >= 0 && v <= scaleMax; whole {
			dist[int(v)] += k
		}
	})
	if err != nil {
		return err
	}
	if t.n > 1 {
		c.SD = math.Sqrt(ss / (n - 1))
	}
	c.Low, c.High = TInterval(c.Value, c.SD, t.n)
	if whole {
		c.Dist = dist
	}
	return nil
}

// scaleMax is the largest value of a scale whose interviews are counted
// value by value.
const scaleMax = 10

func medianCell(c *Cell, t *tally) error {
	q, err := t.quantilesAt(0.5, 0.25, 0.75)
	if err != nil {
		return err
	}
	c.Value, c.Low, c.High = q[0], q[1], q[2]
	return nil
}

// chiSquareTest compares how many meet the indicator across groups.
func chiSquareTest(r *Row, groups []*tally) error {
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
	return nil
}

// kruskalWallisTest compares the groups' values by their ranks.
func kruskalWallisTest(r *Row, groups []*tally) error {
	r.Test = "Kruskal-Wallis"
	if len(groups) == 0 || groups[0].values != nil {
		var cs []Counts
		for _, t := range groups {
			cs = append(cs, t.values)
		}
		r.Statistic, r.DF, r.P = KruskalWallis(cs)
		return nil
	}
	// Spilled: the groups tested are the first, by their place.
	sizes := make([]int, len(groups))
	for i, t := range groups {
		sizes[i] = t.n
	}
	tested := func(g int) bool { return g < len(groups) }
	var err error
	r.Statistic, r.DF, r.P = kruskalWallis(sizes, func(fn func(v float64, counts []int)) error {
		counts := make([]int, len(groups))
		seen := false
		var last float64
		err = groups[0].spilled.EachSorted(tested, func(x float64, g int) error {
			if seen && x != last {
				fn(last, counts)
				clear(counts)
			}
			last, seen = x, true
			counts[g]++
			return nil
		})
		if err == nil && seen {
			fn(last, counts)
		}
		return err
	})
	return err
}

package summary

import (
	"math"
	"sort"

	"gonum.org/v1/gonum/stat/distuv"
)

// z975 is the standard normal quantile for a two-sided 95% interval.
const z975 = 1.959963984540054

// Wilson returns the 95% Wilson score interval of a proportion x/n.
func Wilson(x, n int) (low, high float64) {
	if n == 0 {
		return math.NaN(), math.NaN()
	}
	p := float64(x) / float64(n)
	fn := float64(n)
	z2 := z975 * z975
	den := 1 + z2/fn
	center := (p + z2/(2*fn)) / den
	half := z975 * math.Sqrt(p*(1-p)/fn+z2/(4*fn*fn)) / den
	return math.Max(0, center-half), math.Min(1, center+half)
}

// TInterval returns the 95% t interval of a mean from n values with the
// given standard deviation.
func TInterval(mean, sd float64, n int) (low, high float64) {
	if n < 2 {
		return math.NaN(), math.NaN()
	}
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(n - 1)}.Quantile(0.975)
	half := t * sd / math.Sqrt(float64(n))
	return mean - half, mean + half
}

// ChiSquare tests independence in a table of counts (rows are groups).
// It returns the statistic, its degrees of freedom, the p-value, and the
// smallest expected count (below 5 the approximation is doubtful).
func ChiSquare(table [][]int) (stat float64, df int, p, minExpected float64) {
	var rows []int
	cols := 0
	for i, r := range table {
		sum := 0
		for _, x := range r {
			sum += x
		}
		if sum > 0 {
			rows = append(rows, i)
		}
		cols = max(cols, len(r))
	}
	colSum := make([]float64, cols)
	total := 0.0
	rowSum := map[int]float64{}
	for _, i := range rows {
		for j, x := range table[i] {
			colSum[j] += float64(x)
			rowSum[i] += float64(x)
			total += float64(x)
		}
	}
	usedCols := 0
	for _, c := range colSum {
		if c > 0 {
			usedCols++
		}
	}
	if len(rows) < 2 || usedCols < 2 {
		return math.NaN(), 0, math.NaN(), math.NaN()
	}
	minExpected = math.Inf(1)
	for _, i := range rows {
		for j := 0; j < cols; j++ {
			if colSum[j] == 0 {
				continue
			}
			e := rowSum[i] * colSum[j] / total
			minExpected = math.Min(minExpected, e)
			o := 0.0
			if j < len(table[i]) {
				o = float64(table[i][j])
			}
			stat += (o - e) * (o - e) / e
		}
	}
	df = (len(rows) - 1) * (usedCols - 1)
	return stat, df, distuv.ChiSquared{K: float64(df)}.Survival(stat), minExpected
}

// Counts holds values with how often each occurs: the median, quartiles
// and ranks come out exact, and memory grows with the number of distinct
// values, not of interviews.
type Counts map[float64]int

// N is the number of values.
func (c Counts) N() int {
	n := 0
	for _, k := range c {
		n += k
	}
	return n
}

func (c Counts) sorted() []float64 {
	vs := make([]float64, 0, len(c))
	for v := range c {
		vs = append(vs, v)
	}
	sort.Float64s(vs)
	return vs
}

// Quantile is the p-quantile with linear interpolation between order
// statistics (Hyndman and Fan's type 7, R's default).
func (c Counts) Quantile(p float64) float64 { return quantile(c.N(), p, false, c.orderStat) }

// Quantile6 is the p-quantile as SPSS (EXAMINE's default, HAVERAGE) and
// Stata's centile work it out: Hyndman and Fan's type 6, interpolating
// at position (n+1)p, clamped to the smallest and largest values.
func (c Counts) Quantile6(p float64) float64 { return quantile(c.N(), p, true, c.orderStat) }

// quantile is the p-quantile of n values (type 6 when spss, else 7),
// given their k-th smallest (from 0).
func quantile(n int, p float64, spss bool, orderStat func(k int) float64) float64 {
	if n == 0 {
		return math.NaN()
	}
	if !spss {
		h := float64(n-1) * p
		lo := int(math.Floor(h))
		frac := h - float64(lo)
		a, b := orderStat(lo), orderStat(min(lo+1, n-1))
		return a + frac*(b-a)
	}
	h := float64(n+1)*p - 1 // from 0
	if h <= 0 {
		return orderStat(0)
	}
	if h >= float64(n-1) {
		return orderStat(n - 1)
	}
	lo := int(math.Floor(h))
	frac := h - float64(lo)
	a, b := orderStat(lo), orderStat(lo+1)
	return a + frac*(b-a)
}

// orderStat is the k-th smallest value, from 0.
func (c Counts) orderStat(k int) float64 {
	seen := 0
	for _, v := range c.sorted() {
		seen += c[v]
		if k < seen {
			return v
		}
	}
	return math.NaN()
}

// KruskalWallis tests whether groups come from one distribution. It
// returns H corrected for ties, its degrees of freedom and the p-value
// from the chi-square approximation.
func KruskalWallis(groups []Counts) (h float64, df int, p float64) {
	pooled := Counts{}
	sizes := make([]int, len(groups))
	for i, g := range groups {
		sizes[i] = g.N()
		for v, k := range g {
			pooled[v] += k
		}
	}
	return kruskalWallis(sizes, func(fn func(v float64, counts []int)) error {
		counts := make([]int, len(groups))
		for _, v := range pooled.sorted() {
			for i, g := range groups {
				counts[i] = g[v]
			}
			fn(v, counts)
		}
		return nil
	})
}

// kruskalWallis is KruskalWallis of groups of the sizes given, whose
// distinct values each hands to fn in increasing order, with how many
// times each group holds it.
func kruskalWallis(sizes []int, each func(fn func(v float64, counts []int)) error) (h float64, df int, p float64) {
	used, total := 0, 0
	for _, n := range sizes {
		if n > 0 {
			used++
			total += n
		}
	}
	n := float64(total)
	if used < 2 || n < 2 {
		return math.NaN(), 0, math.NaN()
	}
	// Mid-ranks of each distinct value, and each group's sum of them,
	// added in the values' order: the same last digits every run.
	below := 0.0
	ties := 0.0
	sums := make([]float64, len(sizes))
	err := each(func(v float64, counts []int) {
		k := 0
		for g, c := range counts {
			if sizes[g] > 0 {
				k += c
			}
		}
		if k == 0 {
			return
		}
		t := float64(k)
		rank := below + (t+1)/2
		below += t
		ties += t*t*t - t
		for g, c := range counts {
			if c > 0 && sizes[g] > 0 {
				sums[g] += rank * float64(c)
			}
		}
	})
	if err != nil {
		return math.NaN(), 0, math.NaN()
	}
	sum := 0.0
	for g, r := range sums {
		if sizes[g] > 0 {
			sum += r * r / float64(sizes[g])
		}
	}
	h = 12/(n*(n+1))*sum - 3*(n+1)
	if corr := 1 - ties/(n*n*n-n); corr > 0 {
		h /= corr
	} else {
		return math.NaN(), 0, math.NaN()
	}
	df = used - 1
	return h, df, distuv.ChiSquared{K: float64(df)}.Survival(h)
}

package summary

import (
	"math"
	"testing"
)

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

// Newcombe (1998), "Two-sided confidence intervals for the single
// proportion: comparison of seven methods", Statistics in Medicine 17,
// Table I, method 3 (Wilson score).
func TestWilsonAgainstNewcombe(t *testing.T) {
	tests := []struct {
		x, n      int
		low, high float64
	}{
		{81, 263, 0.2553, 0.3662},
		{15, 148, 0.0624, 0.1605},
		{0, 20, 0.0000, 0.1611},
		{1, 29, 0.0061, 0.1718},
	}
	for _, tt := range tests {
		lo, hi := Wilson(tt.x, tt.n)
		if !near(lo, tt.low, 0.00006) || !near(hi, tt.high, 0.00006) {
			t.Errorf("Wilson(%d/%d) = %.4f to %.4f, want %.4f to %.4f", tt.x, tt.n, lo, hi, tt.low, tt.high)
		}
	}
}

func TestTInterval(t *testing.T) {
	// 2 4 4 4 5 5 7 9: mean 5, sample SD sqrt(32/7); t(0.975, 7) = 2.364624.
	sd := math.Sqrt(32.0 / 7)
	lo, hi := TInterval(5, sd, 8)
	half := 2.364624 * sd / math.Sqrt(8)
	if !near(lo, 5-half, 1e-5) || !near(hi, 5+half, 1e-5) {
		t.Errorf("t interval %.5f to %.5f, want %.5f to %.5f", lo, hi, 5-half, 5+half)
	}
}

func TestChiSquare(t *testing.T) {
	// Expected counts 12, 18, 28, 42: X² = 4/12 + 4/18 + 4/28 + 4/42.
	stat, df, p, minE := ChiSquare([][]int{{10, 20}, {30, 40}})
	want := 4.0/12 + 4.0/18 + 4.0/28 + 4.0/42
	if !near(stat, want, 1e-9) || df != 1 || !near(minE, 12, 1e-9) {
		t.Errorf("X² = %v df %d min expected %v, want %v df 1 min 12", stat, df, minE, want)
	}
	if !near(p, 0.3730, 0.0005) {
		t.Errorf("p = %.4f, want 0.3730", p)
	}
	if _, _, p, _ := ChiSquare([][]int{{5, 0}, {5, 0}}); !math.IsNaN(p) {
		t.Errorf("a table with one column gave p = %v, want no test", p)
	}
}

func TestKruskalWallis(t *testing.T) {
	tests := []struct {
		name   string
		groups [][]float64
		h      float64
		df     int
	}{
		// Ranks 1-3 and 4-6: H = 12/42 (36/3 + 225/3) - 21 = 27/7.
		{"no ties", [][]float64{{1, 2, 3}, {4, 5, 6}}, 27.0 / 7, 1},
		// Mid-ranks 1.5 1.5 3.5 | 3.5 5.5 5.5, tie correction 1 - 18/210.
		{"ties", [][]float64{{1, 1, 2}, {2, 3, 3}}, (12.0/42*(6.5*6.5/3+14.5*14.5/3) - 21) / (1 - 18.0/210), 1},
		{"three groups", [][]float64{{1, 2}, {3, 4}, {5, 6}}, 12.0/42*(9.0/2+49.0/2+121.0/2) - 21, 2},
	}
	for _, tt := range tests {
		var cs []Counts
		for _, g := range tt.groups {
			c := Counts{}
			for _, v := range g {
				c[v]++
			}
			cs = append(cs, c)
		}
		h, df, p := KruskalWallis(cs)
		if !near(h, tt.h, 1e-9) || df != tt.df {
			t.Errorf("%s: H = %v df %d, want %v df %d", tt.name, h, df, tt.h, tt.df)
		}
		if p <= 0 || p >= 1 {
			t.Errorf("%s: p = %v", tt.name, p)
		}
	}
	// H = 3.841459 on 1 df is the 5% point of the chi-square table.
	if _, _, p := KruskalWallis([]Counts{{1: 1, 2: 1, 3: 1}, {4: 1, 5: 1, 6: 1}}); !near(p, 0.0495, 0.0001) {
		t.Errorf("p for H = 27/7 on 1 df is %.4f, want 0.0495", p)
	}
}

func TestQuantiles(t *testing.T) {
	c := Counts{}
	for v := 1.0; v <= 10; v++ {
		c[v]++
	}
	for _, tt := range []struct{ p, want float64 }{{0.5, 5.5}, {0.25, 3.25}, {0.75, 7.75}, {0, 1}, {1, 10}} {
		if got := c.Quantile(tt.p); !near(got, tt.want, 1e-12) {
			t.Errorf("quantile %.2f = %v, want %v", tt.p, got, tt.want)
		}
	}
	if !math.IsNaN((Counts{}).Quantile(0.5)) {
		t.Error("the median of nothing is a number")
	}
}

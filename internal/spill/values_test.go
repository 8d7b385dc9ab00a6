package spill

import (
	"bytes"
	"encoding/binary"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// sortedOf is the reference: the values of the groups in takes, sorted.
func sortedOf(xs []float64, groups []int, in func(int) bool) []float64 {
	var out []float64
	for i, x := range xs {
		if in(groups[i]) && !math.IsNaN(x) {
			out = append(out, x)
		}
	}
	slices.Sort(out)
	return out
}

func all(int) bool { return true }

// checkRanks asks v for every rank of every group and of all, and
// compares them with sorting.
func checkRanks(t *testing.T, v *Values, xs []float64, groups []int) {
	t.Helper()
	sets := []func(int) bool{all}
	for g := range v.Groups() {
		sets = append(sets, func(h int) bool { return h == g })
	}
	sets = append(sets, func(h int) bool { return h%2 == 1 })
	for i, in := range sets {
		want := sortedOf(xs, groups, in)
		if n := v.Len(in); n != len(want) {
			t.Fatalf("set %d: Len %d, want %d", i, n, len(want))
		}
		var ranks []Rank
		for k := range want {
			ranks = append(ranks, Rank{In: in, K: k})
		}
		var sorted []float64
		err := v.EachSorted(in, func(x float64, g int) error {
			if !in(g) {
				t.Errorf("set %d: a value of group %d handed on", i, g)
			}
			sorted = append(sorted, x)
			return nil
		})
		if err != nil {
			t.Fatalf("set %d: %v", i, err)
		}
		if !slices.Equal(sorted, want) {
			t.Fatalf("set %d: EachSorted gave %v, want %v", i, sorted, want)
		}
		got, err := v.OrderStats(ranks)
		if err != nil {
			t.Fatalf("set %d: %v", i, err)
		}
		for k := range want {
			if got[k] != want[k] {
				t.Fatalf("set %d: rank %d is %v, want %v (values %v)", i, k, got[k], want[k], want)
			}
		}
	}
}

// TestValuesOrderStats: every order statistic of every group, and of
// unions of groups, is the value sorting them gives, whether the values
// fit in memory or not, with ties, negative numbers, zeros and
// infinities, and more distinct values than are held in memory.
func TestValuesOrderStats(t *testing.T) {
	spread := func(n int) []float64 {
		r := rand.New(rand.NewPCG(1, 2))
		xs := make([]float64, n)
		for i := range xs {
			xs[i] = r.NormFloat64() * 1e3
		}
		return xs
	}
	for _, tc := range []struct {
		name     string
		xs       []float64
		groups   int
		inMemory int
	}{
		{"one value", []float64{4}, 1, 100},
		{"odd count", []float64{5, 1, 4, 2, 3}, 1, 100},
		{"even count", []float64{5, 1, 4, 2, 3, 6}, 1, 100},
		{"ties", []float64{2, 2, 2, 1, 1, 3, 3, 3, 3}, 2, 100},
		{"ties beyond memory", []float64{2, 2, 2, 1, 1, 3, 3, 3, 3, 2, 2, 7, 7, 7}, 3, 4},
		{"one value more often than memory holds", []float64{5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 4, 6}, 2, 3},
		{"signs, zeros and infinities", []float64{0, -1.5, math.Inf(1), 3, math.Copysign(0, -1), -1e300, math.Inf(-1), 1e-300, -1e-300, math.NaN()}, 2, 3},
		{"lengths in minutes, in memory", spread(500), 4, 1000},
		{"more distinct values than held", spread(3000), 5, 64},
		{"values that agree in their leading bits", func() []float64 {
			xs := make([]float64, 2000)
			for i := range xs {
				xs[i] = 30 + float64(i%997)*1e-12
			}
			return xs
		}(), 3, 50},
	} {
		t.Run(tc.name, func(t *testing.T) {
			old := ValuesInMemory
			ValuesInMemory = tc.inMemory
			defer func() { ValuesInMemory = old }()
			t.Setenv("TMPDIR", t.TempDir())
			v := NewValues()
			defer v.Close()
			groups := make([]int, len(tc.xs))
			for i, x := range tc.xs {
				groups[i] = i % tc.groups
				if err := v.Add(groups[i], x); err != nil {
					t.Fatal(err)
				}
			}
			checkRanks(t, v, tc.xs, groups)
			// What CountBelow counts is what sorting tells.
			for _, limit := range []float64{math.Inf(-1), 0, 2, 30, 1e9} {
				below, err := v.CountBelow(limit)
				if err != nil {
					t.Fatal(err)
				}
				for g := range below {
					want := 0
					for _, x := range sortedOf(tc.xs, groups, func(h int) bool { return h == g }) {
						if x < limit {
							want++
						}
					}
					if below[g] != want {
						t.Errorf("below %v in group %d: %d, want %d", limit, g, below[g], want)
					}
				}
			}
		})
	}
}

// TestValuesSealedAndRemoved: the values written out are not in the
// temporary file in the clear, a changed file is an error, and Close
// removes it.
func TestValuesSealedAndRemoved(t *testing.T) {
	old := ValuesInMemory
	ValuesInMemory = 8
	defer func() { ValuesInMemory = old }()
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	v := NewValues()
	secret := 4321987.25 // an income
	for i := range 40 {
		if err := v.Add(i%3, secret+float64(i)); err != nil {
			t.Fatal(err)
		}
	}
	files, _ := filepath.Glob(filepath.Join(tmp, "siap-values-*"))
	if len(files) != 1 {
		t.Fatalf("temporary files %v, want one", files)
	}
	data, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	clear := binary.LittleEndian.AppendUint64(nil, math.Float64bits(secret))
	if bytes.Contains(data, clear) {
		t.Errorf("a value is in the temporary file in the clear")
	}
	if got, err := v.OrderStats([]Rank{{In: all, K: 0}}); err != nil || got[0] != secret {
		t.Errorf("smallest %v, %v; want %v", got, err, secret)
	}
	data[len(data)-1] ^= 1
	if err := os.WriteFile(files[0], data, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := v.OrderStats([]Rank{{In: all, K: 0}}); err == nil {
		t.Errorf("a changed temporary file was read without an error")
	}
	if _, err := v.OrderStats([]Rank{{In: all, K: 40}}); err == nil {
		t.Errorf("rank 40 of 40 values gave no error")
	}
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	if files, _ := filepath.Glob(filepath.Join(tmp, "siap-values-*")); len(files) != 0 {
		t.Errorf("%v left after Close", files)
	}
}

// FuzzValuesOrderStats: whatever the numbers, each order statistic is
// the value sorting gives.
func FuzzValuesOrderStats(f *testing.F) {
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}, uint8(3))
	f.Add([]byte{0, 0, 0, 0, 0, 0, 0, 0x80, 0, 0, 0, 0, 0, 0, 0, 0}, uint8(1))
	f.Fuzz(func(t *testing.T, data []byte, inMemory uint8) {
		old := ValuesInMemory
		ValuesInMemory = int(inMemory%16) + 1
		defer func() { ValuesInMemory = old }()
		t.Setenv("TMPDIR", t.TempDir())
		v := NewValues()
		defer v.Close()
		var xs []float64
		var groups []int
		for p := data; len(p) >= 8; p = p[8:] {
			x := math.Float64frombits(binary.LittleEndian.Uint64(p))
			xs, groups = append(xs, x), append(groups, int(p[0]%3))
			if err := v.Add(groups[len(groups)-1], x); err != nil {
				t.Fatal(err)
			}
		}
		checkRanks(t, v, xs, groups)
	})
}

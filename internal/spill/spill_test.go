package spill

import (
	"bytes"
	"cmp"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestSorterSpills: rows beyond what a sorter holds come back sorted and
// stable, through a temporary file that holds no row in the clear and is
// removed on Close.
func TestSorterSpills(t *testing.T) {
	type row struct {
		Key, Order int
		City       string
	}
	for _, tc := range []struct {
		name        string
		rows, spill int
	}{
		{"in memory", 50, 100},
		{"one run and the rest", 150, 100},
		{"many runs", 1000, 64},
		{"none", 0, 10},
	} {
		t.Run(tc.name, func(t *testing.T) {
			old := Batch
			Batch = tc.spill
			defer func() { Batch = old }()
			tmp := t.TempDir()
			t.Setenv("TMPDIR", tmp)
			s := New(func(a, b row) int { return cmp.Compare(a.Key, b.Key) })
			var want []row
			for i := range tc.rows {
				r := row{Key: (i * 7919) % 13, Order: i, City: "kota-rahasia"}
				want = append(want, r)
				if err := s.Add(r); err != nil {
					t.Fatal(err)
				}
			}
			slices.SortStableFunc(want, func(a, b row) int { return cmp.Compare(a.Key, b.Key) })
			if files, _ := filepath.Glob(filepath.Join(tmp, "*")); len(files) > 0 {
				data, _ := os.ReadFile(files[0])
				if slices.ContainsFunc([]string{"kota-rahasia", "City"}, func(s string) bool { return containsBytes(data, s) }) {
					t.Error("the temporary file holds a row in the clear")
				}
				if fi, _ := os.Stat(files[0]); fi.Mode().Perm() != 0o600 {
					t.Errorf("temporary file mode %v", fi.Mode().Perm())
				}
			}
			var got []row
			if err := s.Each(func(r row) error { got = append(got, r); return nil }); err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, want) {
				t.Errorf("rows come back as %v…, want %v…", got[:min(5, len(got))], want[:min(5, len(want))])
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			if files, _ := filepath.Glob(filepath.Join(tmp, "*")); len(files) > 0 {
				t.Errorf("left behind: %v", files)
			}
		})
	}
}

func containsBytes(data []byte, s string) bool { return bytes.Contains(data, []byte(s)) }

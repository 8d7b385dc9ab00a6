package export

import (
	"fmt"
	"runtime"
	"testing"

	"siap/internal/fieldwork"
)

// BenchmarkExport reports export throughput and the heap in use after
// exporting 1,000 and 100,000 interviews: the heap must not grow with
// the number of interviews.
func BenchmarkExport(b *testing.B) {
	cases := []struct {
		n    int
		xlsx bool
	}{{1_000, false}, {100_000, false}, {10_000, true}}
	for _, c := range cases {
		n := c.n
		name := fmt.Sprintf("interviews=%d", n)
		if c.xlsx {
			name += "/xlsx"
		}
		b.Run(name, func(b *testing.B) {
			st, form := simulated(b, 50)
			if err := fieldwork.Replicate(st, n); err != nil {
				b.Fatal(err)
			}
			dir := b.TempDir()
			exported := 0
			b.ResetTimer()
			for b.Loop() {
				res, err := Run(st, form, dir, Options{Simulated: IncludeSimulated, XLSX: c.xlsx})
				if err != nil {
					b.Fatal(err)
				}
				exported += res.Interviews
			}
			b.StopTimer()
			b.ReportMetric(float64(exported)/b.Elapsed().Seconds(), "interviews/s")
			runtime.GC()
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			// Live heap after the run, with the data file still open for
			// writing (so bbolt's free-page list is in it too).
			b.ReportMetric(float64(m.HeapAlloc)/(1<<20), "MB-heap-live")
		})
	}
}

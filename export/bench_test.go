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
	for _, n := range []int{1_000, 100_000} {
		b.Run(fmt.Sprintf("interviews=%d", n), func(b *testing.B) {
			st, form := simulated(b, 50)
			if err := fieldwork.Replicate(st, n); err != nil {
				b.Fatal(err)
			}
			dir := b.TempDir()
			exported := 0
			runtime.GC()
			var before runtime.MemStats
			runtime.ReadMemStats(&before)
			b.ResetTimer()
			for b.Loop() {
				res, err := Run(st, form, dir, Options{IncludeSimulated: true})
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
			// The data file's own bookkeeping (bbolt's free-page list) is in
			// the heap before the run; what the run leaves on top of it is
			// what would grow with the interviews.
			b.ReportMetric(float64(m.HeapInuse)/(1<<20), "MB-heap-after")
			b.ReportMetric((float64(m.HeapInuse)-float64(before.HeapInuse))/(1<<20), "MB-heap-added")
		})
	}
}

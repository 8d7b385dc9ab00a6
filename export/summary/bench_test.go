package summary

import (
	"fmt"
	"runtime"
	"testing"

	"siap/export"
	"siap/internal/fieldwork"
)

// BenchmarkSummary reports the time to summarise 10,000 and 1,000,000
// interviews, made directly through the store, and the heap in use
// afterwards: it must not grow with the number of interviews.
func BenchmarkSummary(b *testing.B) {
	for _, n := range []int{10_000, 1_000_000} {
		b.Run(fmt.Sprintf("interviews=%d", n), func(b *testing.B) {
			st, form := simulatedFile(b, 100)
			if err := fieldwork.Replicate(st, n); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for b.Loop() {
				s, err := Compute(st, form, Options{Simulated: export.IncludeSimulated})
				if err != nil || s.Interviews == 0 {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			runtime.GC()
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			// Live heap after the run, with the data file still open for
			// writing (so bbolt's free-page list is in it too).
			b.ReportMetric(float64(m.HeapAlloc)/(1<<20), "MB-heap-live")
		})
	}
}

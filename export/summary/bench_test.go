package summary

import (
	"fmt"
	"runtime"
	"testing"

	"siap/store"
)

// BenchmarkSummary reports the time to summarise 10,000 and 1,000,000
// interviews, made directly through the store, and the heap in use
// afterwards: it must not grow with the number of interviews.
func BenchmarkSummary(b *testing.B) {
	for _, n := range []int{10_000, 1_000_000} {
		b.Run(fmt.Sprintf("interviews=%d", n), func(b *testing.B) {
			st, form := simulatedFile(b, 100)
			var seed []store.Record
			st.Each(func(iv store.Interview, _ map[string]string) error {
				r, err := st.Record(iv.ID)
				seed = append(seed, r)
				return err
			})
			for added := len(seed); added < n; {
				batch := make([]store.Record, 0, 5000)
				for i := 0; i < 5000 && added < n; i, added = i+1, added+1 {
					r := seed[added%len(seed)]
					r.Interview.ID = store.NewID()
					batch = append(batch, r)
				}
				if err := st.Import(batch); err != nil {
					b.Fatal(err)
				}
			}
			b.ResetTimer()
			for b.Loop() {
				s, err := Compute(st, form, Options{Simulated: "include"})
				if err != nil || s.Interviews == 0 {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			runtime.GC()
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			b.ReportMetric(float64(m.HeapInuse)/(1<<20), "MB-heap-after")
		})
	}
}

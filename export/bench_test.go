package export

import (
	"fmt"
	"runtime"
	"testing"

	"siap/store"
)

// BenchmarkExport reports export throughput and the heap in use after
// exporting 1,000 and 100,000 interviews: the heap must not grow with
// the number of interviews.
func BenchmarkExport(b *testing.B) {
	for _, n := range []int{1_000, 100_000} {
		b.Run(fmt.Sprintf("interviews=%d", n), func(b *testing.B) {
			st, form := simulated(b, 50)
			var seed []store.Record
			st.Each(func(iv store.Interview, _ map[string]string) error {
				r, err := st.Record(iv.ID)
				if err != nil {
					return err
				}
				seed = append(seed, r)
				return nil
			})
			for added := len(seed); added < n; {
				batch := make([]store.Record, 0, 2000)
				for i := 0; i < 2000 && added < n; i, added = i+1, added+1 {
					r := seed[added%len(seed)]
					r.Interview.ID = store.NewID()
					batch = append(batch, r)
				}
				if err := st.Import(batch); err != nil {
					b.Fatal(err)
				}
			}
			dir := b.TempDir()
			exported := 0
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
			b.ReportMetric(float64(m.HeapInuse)/(1<<20), "MB-heap-after")
		})
	}
}

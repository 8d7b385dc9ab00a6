package summary

import (
	"fmt"
	"os"
	"runtime"
	"testing"

	"siap/export"
	"siap/internal/fieldwork"
	"siap/questionnaires"
	"siap/store"
)

// BenchmarkSummary reports the time to summarise 10,000 and 1,000,000
// interviews, made directly through the store, and the heap in use
// afterwards: it must not grow with the number of interviews.
// SIAP_BENCH_DATA names an unencrypted data file to summarise instead,
// opened read-only (its facts made by siap, as a command reads them).
func BenchmarkSummary(b *testing.B) {
	if path := os.Getenv("SIAP_BENCH_DATA"); path != "" {
		st, err := store.Open(path, store.Options{ReadOnly: true})
		if err != nil {
			b.Fatal(err)
		}
		defer st.Close()
		src, err := st.CurrentForm()
		if err != nil {
			b.Fatal(err)
		}
		form, err := questionnaires.ParseKept(src.Name, src.Data, src.Files)
		if err != nil {
			b.Fatal(err)
		}
		b.Run("file", func(b *testing.B) { benchmarkCompute(b, st, form) })
		return
	}
	for _, n := range []int{10_000, 1_000_000} {
		b.Run(fmt.Sprintf("interviews=%d", n), func(b *testing.B) {
			st, form := simulatedFile(b, 100)
			if err := fieldwork.Replicate(st, n); err != nil {
				b.Fatal(err)
			}
			benchmarkCompute(b, st, form)
		})
	}
}

func benchmarkCompute(b *testing.B, st store.Interviews, form *questionnaires.Form) {
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
	// Live heap after the run, with the data file still open (for
	// writing, a simulated one: bbolt's free-page list is in it too).
	b.ReportMetric(float64(m.HeapAlloc)/(1<<20), "MB-heap-live")
}

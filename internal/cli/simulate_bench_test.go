package cli

import (
	"fmt"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"siap/export"
	"siap/internal/fieldwork"
	"siap/questionnaires"
	"siap/questionnaires/simulate"
)

// BenchmarkSimulate: simulated interviews of the shipped questionnaire
// written a second into a new unencrypted file with its facts, as siap
// simulate writes them, made by one goroutine and by one a core.
//
//	go test -run - -bench Simulate -benchtime 3x ./internal/cli
func BenchmarkSimulate(b *testing.B) {
	form, err := questionnaires.Shipped()
	if err != nil {
		b.Fatal(err)
	}
	const n = 5000
	for _, workers := range []int{1, runtime.GOMAXPROCS(0)} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			for i := 0; b.Loop(); i++ {
				b.StopTimer()
				st, _, err := fieldwork.Open(filepath.Join(b.TempDir(), fmt.Sprintf("siap%d.db", i)), form)
				if err == nil {
					err = st.SetIndexer(export.NewIndexer(form), nil)
				}
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				var tally simulate.Tally
				if _, err := addSimulated(st, form, n, 1, "sim", time.Now(), workers, &tally); err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				st.Close()
				b.StartTimer()
			}
			b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "interviews/s")
			b.ReportMetric(0, "ns/op")
		})
	}
}

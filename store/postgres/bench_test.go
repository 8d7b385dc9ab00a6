package postgres_test

import (
	"fmt"
	"runtime"
	"testing"
	"time"

	"siap/export"
	"siap/questionnaires"
	"siap/store"
	"siap/store/postgres"
	"siap/store/postgres/pgtest"
)

// BenchmarkEachRecord streams every interview with its paradata from
// PostgreSQL and reports the heap in use at its highest while it reads:
// a figure that must not grow with the number of interviews.
//
//	go test -run - -bench EachRecord -benchtime 1x ./store/postgres
func BenchmarkEachRecord(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			db, err := postgres.Open(ctx, pgtest.URL(b), postgres.Options{Passphrase: passphrase, Create: true})
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			fill(b, db, n)
			b.ResetTimer()
			for range b.N {
				runtime.GC()
				var peak uint64
				var m runtime.MemStats
				read := 0
				err := db.EachRecord(true, func(r store.Record) error {
					if read++; read%100 == 0 {
						runtime.ReadMemStats(&m)
						peak = max(peak, m.HeapInuse)
					}
					return nil
				})
				if err != nil || read != n {
					b.Fatalf("read %d of %d: %v", read, n, err)
				}
				b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
				b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "interviews/s")
			}
		})
	}
}

// BenchmarkImport imports packs of 100 new interviews (60 answers, 120
// events each), one transaction per pack, as a sync commits them:
// without an Indexer, and with the shipped questionnaire's making each
// interview's facts in the pack's transaction, as siap serve does.
//
//	go test -run - -bench Import -benchtime 20x ./store/postgres
func BenchmarkImport(b *testing.B) {
	form, err := questionnaires.Shipped()
	if err != nil {
		b.Fatal(err)
	}
	for _, facts := range []bool{false, true} {
		b.Run(fmt.Sprintf("facts=%v", facts), func(b *testing.B) {
			db, err := postgres.Open(ctx, pgtest.URL(b), postgres.Options{Passphrase: passphrase, Create: true})
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			if facts {
				if err := db.SetIndexer(export.NewIndexer(form), nil); err != nil {
					b.Fatal(err)
				}
			}
			start := time.Now()
			fill(b, db, 100*b.N)
			b.ReportMetric(float64(100*b.N)/time.Since(start).Seconds(), "interviews/s")
		})
	}
}

// fill imports n interviews of 60 answers and 120 events each, 100 per
// transaction.
func fill(b *testing.B, db *postgres.DB, n int) {
	t0 := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	for done := 0; done < n; {
		var batch []store.Record
		for ; done < n && len(batch) < 100; done++ {
			r := store.Record{Interview: store.Interview{ID: store.NewID(), Interviewer: "Ani", Status: store.Completed, Created: t0, Updated: t0}, Answers: map[string]store.Answer{}}
			for q := range 60 {
				p := fmt.Sprintf("q%d", q)
				v := fmt.Sprintf("answer %d to %d", done, q)
				r.Answers[p] = store.Answer{Value: v, Changed: t0}
				r.Events = append(r.Events, store.Event{Time: t0, Kind: store.EventShown, Path: p}, store.Event{Time: t0, Kind: store.EventSet, Path: p, New: v})
			}
			batch = append(batch, r)
		}
		if _, err := db.Import(store.Records(batch...)); err != nil {
			b.Fatal(err)
		}
	}
}

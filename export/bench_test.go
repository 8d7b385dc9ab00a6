package export

import (
	"fmt"
	"path/filepath"
	"runtime"
	"slices"
	"testing"
	"time"

	"siap/internal/fieldwork"
	"siap/store"
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

// BenchmarkSaveWithFacts measures what keeping an interview's facts adds
// to a save: one answer of a completed-length interview of the shipped
// questionnaire (with its next question shown), saved into a file that
// keeps facts (store.SetIndexer) and into one that does not, the two
// alternating in every iteration. It reports the medians and
// their ratio; BenchmarkSaveAnswer in store compares a save with a bare
// bbolt Update.
func BenchmarkSaveWithFacts(b *testing.B) {
	open := func(facts bool) (*store.Store, string, []store.Change) {
		st, form, err := fieldwork.NewFile(filepath.Join(b.TempDir(), "siap.db"), 1, 3, time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC))
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { st.Close() })
		if facts {
			if err := st.SetIndexer(NewIndexer(form), nil); err != nil {
				b.Fatal(err)
			}
		}
		var id string
		var changes []store.Change
		err = st.Each(func(iv store.Interview, vals map[string]string) error {
			id = iv.ID
			for p, v := range vals {
				changes = append(changes, store.Change{Path: p, Value: v})
			}
			return nil
		})
		if err != nil || id == "" {
			b.Fatal(err, "no interview")
		}
		// A draft being answered, as on the interview screen.
		if err := st.SetStatus(id, store.Draft, "bench", ""); err != nil {
			b.Fatal(err)
		}
		return st, id, changes
	}
	with, withID, changes := open(true)
	without, withoutID, _ := open(false)
	var kept, plain []time.Duration
	for i := 0; b.Loop(); i++ {
		c := changes[i%len(changes)]
		c.Value += fmt.Sprint(i % 2)
		next := store.Event{Kind: store.EventShown, Path: changes[(i+1)%len(changes)].Path}
		t0 := time.Now()
		if err := with.Save(withID, []store.Change{c}, next); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		if err := without.Save(withoutID, []store.Change{c}, next); err != nil {
			b.Fatal(err)
		}
		kept, plain = append(kept, t1.Sub(t0)), append(plain, time.Since(t1))
	}
	median := func(d []time.Duration) time.Duration {
		d = slices.Clone(d)
		slices.Sort(d)
		return d[len(d)/2]
	}
	mk, mp := median(kept), median(plain)
	b.ReportMetric(float64(mk.Microseconds()), "µs-save-facts-median")
	b.ReportMetric(float64(mp.Microseconds()), "µs-save-median")
	b.ReportMetric(float64(mk)/float64(mp), "facts/plain")
	b.ReportMetric(0, "ns/op")
}

package store

import (
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// BenchmarkSaveAnswer measures saving one changed answer through the
// store as siap saves it (one synced write transaction with the answer,
// the next question's shown event, the interview's record, its facts,
// its revision and the file's summary) against a bare bbolt Update of
// one value of the same size into the same file. The two alternate, each
// first in every other iteration, so that both see the same disk, the
// same neighbours on the machine and the same order. The interview has a
// fixed number of answers, so that the cost does not drift with
// -benchtime; the file holds it alone, or with 100 other interviews of
// the same length (a laptop after some weeks of fieldwork: every bucket
// a save writes then has pages of its own, where a file of one interview
// keeps them inside bbolt's root page), and is opened again before the
// saves, as each day of fieldwork opens it (tidyRoot). The home screen's counts and the
// facts are kept, as the interface keeps them (the facts here are counts
// and a NIK; the questionnaire's own, export.NewIndexer, take more CPU:
// export's BenchmarkSaveWithFacts). It reports medians and 99th
// percentiles of each, the ratio of the medians (and the median of each
// iteration's ratio), and the pages the median transaction of each
// writes (bbolt's TxStats).
func BenchmarkSaveAnswer(b *testing.B) {
	for _, others := range []int{0, 100} {
		for _, answers := range []int{40, 700} {
			for _, enc := range []struct{ name, pass string }{{"encrypted", passphrase}, {"plain", ""}} {
				b.Run(fmt.Sprintf("%s/answers=%d/interviews=%d", enc.name, answers, others+1), func(b *testing.B) {
					benchmarkSave(b, enc.pass, answers, others)
				})
			}
		}
	}
}

func benchmarkSave(b *testing.B, pass string, answers, others int) {
	path := filepath.Join(b.TempDir(), "siap.db")
	s, err := Open(path, Options{Passphrase: pass})
	if err != nil {
		b.Fatal(err)
	}
	// As siap runs: every write keeps the interview's facts (here
	// how many answers and events it has, and its NIK in the index of
	// identifiers) and the home screen's counts.
	if err := s.SetIndexer(&countingIndexer{key: "bench"}, nil); err != nil {
		b.Fatal(err)
	}
	all := []Change{{Path: "nik", Value: "3171012345678901"}}
	for i := range answers - 1 {
		all = append(all, Change{Path: fmt.Sprintf("q%d", i), Value: fmt.Sprintf("answer %d", i)})
	}
	for range others {
		iv := newInterview(b, s)
		if err := s.Save(iv.ID, all); err != nil {
			b.Fatal(err)
		}
		if err := s.SetStatus(iv.ID, Completed, "ani", ""); err != nil {
			b.Fatal(err)
		}
	}
	iv := newInterview(b, s)
	// Opened again, as each day of fieldwork opens it.
	s.Close()
	if s, err = Open(path, Options{Passphrase: pass}); err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if err := s.SetIndexer(&countingIndexer{key: "bench"}, nil); err != nil {
		b.Fatal(err)
	}
	if err := s.IndexAnswers("q1"); err != nil {
		b.Fatal(err)
	}
	if _, err := s.Counts(); err != nil {
		b.Fatal(err)
	}
	if err := s.Save(iv.ID, all); err != nil {
		b.Fatal(err)
	}
	value := []byte(`P{"v":"answer 12345","t":"2026-11-24T09:00:00Z"}`)
	if err := s.db.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucketIfNotExists([]byte("bench")); return err }); err != nil {
		b.Fatal(err)
	}
	var store, bare []time.Duration
	var storePages, barePages []int64
	timed := func(do func() error) (time.Duration, int64) {
		before := s.db.Stats().TxStats
		t0 := time.Now()
		if err := do(); err != nil {
			b.Fatal(err)
		}
		d := time.Since(t0)
		after := s.db.Stats().TxStats
		return d, after.GetWrite() - before.GetWrite()
	}
	for i := 0; b.Loop(); i++ {
		// The answers change in turn, q1 (indexed) among them.
		c := Change{Path: fmt.Sprintf("q%d", i%(answers-1)), Value: fmt.Sprintf("answer %d", -i)}
		save := func() error { return s.Save(iv.ID, []Change{c}, Event{Kind: EventShown, Path: "next"}) }
		update := func() error {
			return s.db.Update(func(tx *bolt.Tx) error {
				return tx.Bucket([]byte("bench")).Put(fmt.Appendf(nil, "q%d", i%500), value)
			})
		}
		var ds, db time.Duration
		var ps, pb int64
		if i%2 == 0 {
			ds, ps = timed(save)
			db, pb = timed(update)
		} else {
			db, pb = timed(update)
			ds, ps = timed(save)
		}
		store, bare = append(store, ds), append(bare, db)
		storePages, barePages = append(storePages, ps), append(barePages, pb)
	}
	ms, mb := quantile(store, 0.5), quantile(bare, 0.5)
	b.ReportMetric(float64(ms.Microseconds()), "µs-save-median")
	b.ReportMetric(float64(quantile(store, 0.99).Microseconds()), "µs-save-p99")
	b.ReportMetric(float64(mb.Microseconds()), "µs-bare-median")
	b.ReportMetric(float64(quantile(bare, 0.99).Microseconds()), "µs-bare-p99")
	b.ReportMetric(float64(ms)/float64(mb), "save/bare")
	// The median of each iteration's ratio: a save and the bare Update
	// beside it share the moment, which a shared machine's slow spells
	// affect alike.
	paired := make([]float64, len(store))
	for i := range store {
		paired[i] = float64(store[i]) / float64(bare[i])
	}
	b.ReportMetric(quantile(paired, 0.5), "save/bare-paired")
	b.ReportMetric(float64(quantile(storePages, 0.5)), "pages-save")
	b.ReportMetric(float64(quantile(barePages, 0.5)), "pages-bare")
	b.ReportMetric(0, "ns/op")
}

func quantile[T int64 | float64 | time.Duration](d []T, q float64) T {
	if len(d) == 0 {
		return 0
	}
	d = slices.Clone(d)
	slices.Sort(d)
	return d[int(q*float64(len(d)-1))]
}

// BenchmarkSaveAllocs counts what one save allocates, apart from the
// timing above.
func BenchmarkSaveAllocs(b *testing.B) {
	s, err := Open(filepath.Join(b.TempDir(), "siap.db"), Options{Passphrase: passphrase})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	iv := newInterview(b, s)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if err := s.Save(iv.ID, []Change{{Path: fmt.Sprintf("q%d", i%39), Value: fmt.Sprint(i)}}, Event{Kind: EventShown, Path: "next"}); err != nil {
			b.Fatal(err)
		}
	}
}

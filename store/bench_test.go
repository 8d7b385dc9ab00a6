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
// store (one synced write transaction with the answer, the next
// question's shown event and the interview's record) against a bare
// bbolt Update of one value of the same size into the same file, the two
// alternating in every iteration so that both see the same disk and the
// same neighbours on the machine. The interview has a fixed number of
// answers, so that the cost does not drift with -benchtime. It reports
// medians and 99th percentiles of each, and the ratio of the medians.
func BenchmarkSaveAnswer(b *testing.B) {
	for _, answers := range []int{40, 700} {
		for _, enc := range []struct{ name, pass string }{{"encrypted", passphrase}, {"plain", ""}} {
			b.Run(fmt.Sprintf("%s/answers=%d", enc.name, answers), func(b *testing.B) {
				s, err := Open(filepath.Join(b.TempDir(), "siap.db"), Options{Passphrase: enc.pass})
				if err != nil {
					b.Fatal(err)
				}
				defer s.Close()
				iv := newInterview(b, s)
				// As siap runs: the home screen's counts are kept.
				if err := s.IndexAnswers("q1"); err != nil {
					b.Fatal(err)
				}
				if _, err := s.Counts(); err != nil {
					b.Fatal(err)
				}
				var all []Change
				for i := range answers - 1 {
					all = append(all, Change{Path: fmt.Sprintf("q%d", i), Value: fmt.Sprintf("answer %d", i)})
				}
				if err := s.Save(iv.ID, all); err != nil {
					b.Fatal(err)
				}
				value := []byte(`P{"v":"answer 12345","t":"2026-11-24T09:00:00Z"}`)
				s.db.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucketIfNotExists([]byte("bench")); return err })
				var store, bare []time.Duration
				for i := 0; b.Loop(); i++ {
					c := Change{Path: fmt.Sprintf("q%d", i%(answers-1)), Value: fmt.Sprintf("answer %d", -i)}
					t0 := time.Now()
					if err := s.Save(iv.ID, []Change{c}, Event{Kind: EventShown, Path: "next"}); err != nil {
						b.Fatal(err)
					}
					t1 := time.Now()
					err := s.db.Update(func(tx *bolt.Tx) error {
						return tx.Bucket([]byte("bench")).Put([]byte(fmt.Sprintf("q%d", i%500)), value)
					})
					if err != nil {
						b.Fatal(err)
					}
					store, bare = append(store, t1.Sub(t0)), append(bare, time.Since(t1))
				}
				ms, mb := quantile(store, 0.5), quantile(bare, 0.5)
				b.ReportMetric(float64(ms.Microseconds()), "µs-save-median")
				b.ReportMetric(float64(quantile(store, 0.99).Microseconds()), "µs-save-p99")
				b.ReportMetric(float64(mb.Microseconds()), "µs-bare-median")
				b.ReportMetric(float64(quantile(bare, 0.99).Microseconds()), "µs-bare-p99")
				b.ReportMetric(float64(ms)/float64(mb), "save/bare")
				b.ReportMetric(0, "ns/op")
			})
		}
	}
}

func quantile(d []time.Duration, q float64) time.Duration {
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

//go:build unix

package store

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// scaleChild runs one whole-file operation on a data file for
// BenchmarkScale, in a process of its own so that its peak resident
// memory is its own.
func scaleChild() {
	path, op := os.Getenv("SIAP_STORE_PATH"), os.Getenv("SIAP_STORE_OP")
	s, err := Open(path, Options{ReadOnly: op != "merge", Passphrase: passphrase})
	if op == "merge" {
		s, err = Open(filepath.Join(filepath.Dir(path), "merged.db"), Options{Passphrase: passphrase})
	}
	if err != nil {
		fmt.Println(err)
		os.Exit(3)
	}
	defer s.Close()
	n := 0
	switch op {
	case "read":
		err = s.EachRecord(true, func(Record) error { n++; return nil })
	case "list":
		err = s.EachInterview(func(Interview) error { n++; return nil })
	case "verify":
		var r Report
		r, err = s.Verify()
		n = r.Interviews
		if len(r.Problems) > 0 {
			err = fmt.Errorf("%v", r)
		}
	case "merge":
		var r MergeResult
		r, err = s.Merge(path, passphrase)
		n = r.Added
	}
	if err != nil {
		fmt.Println(err)
		os.Exit(4)
	}
	fmt.Println(n)
}

// scaleRecord is an interview of about the shipped form's size: 40
// answers and 75 paradata events.
func scaleRecord(i int, form string, t time.Time) Record {
	r := Record{
		Interview: Interview{FormKey: form, FormID: "f", Interviewer: "sim", Status: Completed, Created: t, Updated: t.Add(20 * time.Minute), Simulated: true},
		Answers:   map[string]Answer{},
	}
	for q := range 40 {
		p := fmt.Sprintf("section%d/question_%d", q/10, q)
		v := strconv.Itoa((i*31 + q*7) % 1000)
		r.Answers[p] = Answer{Value: v, Changed: t.Add(time.Duration(q) * 20 * time.Second)}
		r.Events = append(r.Events,
			Event{Time: t.Add(time.Duration(q) * 20 * time.Second), Kind: EventShown, Path: p},
			Event{Time: t.Add(time.Duration(q)*20*time.Second + 9*time.Second), Kind: EventSet, Path: p, New: v})
	}
	return r
}

// BenchmarkScale builds encrypted files of 10,000 and 100,000 interviews
// and runs whole-file operations on each in a child process: reading
// every interview with its answers and paradata (what export does),
// reading every record (list), verify, and merging the file into an
// empty one. It reports the child's peak resident memory (getrusage),
// not Go's heap statistics, and interviews per second. Run it with
// -benchtime 1x; it takes minutes.
func BenchmarkScale(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("interviews=%d", n), func(b *testing.B) { benchmarkScale(b, n) })
	}
}

func benchmarkScale(b *testing.B, n int) {
	dir := b.TempDir()
	path := filepath.Join(dir, "siap.db")
	s, err := Open(path, Options{Passphrase: passphrase})
	if err != nil {
		b.Fatal(err)
	}
	form, _ := s.AddForm(FormSource{ID: "f", Version: "1", Name: "f.csv", Data: []byte("survey")})
	t := time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)
	for done := 0; done < n; {
		batch := make([]Record, 0, 2000)
		for ; len(batch) < cap(batch) && done < n; done++ {
			batch = append(batch, scaleRecord(done, form, t.Add(time.Duration(done)*time.Minute)))
		}
		if err := s.Import(batch); err != nil {
			b.Fatal(err)
		}
	}
	s.Close()
	info, _ := os.Stat(path)
	for _, op := range []string{"read", "list", "verify", "merge"} {
		b.Run(op, func(b *testing.B) {
			b.ReportMetric(float64(info.Size())/float64(n), "file-bytes/interview")
			for b.Loop() {
				os.Remove(filepath.Join(dir, "merged.db"))
				cmd := exec.Command(os.Args[0], "-test.run=^$")
				cmd.Env = append(os.Environ(), "SIAP_STORE_CHILD=scale", "SIAP_STORE_PATH="+path, "SIAP_STORE_OP="+op)
				start := time.Now()
				out, err := cmd.Output()
				took := time.Since(start)
				if err != nil {
					b.Fatalf("%s: %v %s", op, err, out)
				}
				if got, _ := strconv.Atoi(string(out[:len(out)-1])); got != n {
					b.Fatalf("%s read %s interviews, want %d", op, out, n)
				}
				rss := cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss // KB on Linux
				b.ReportMetric(float64(rss)/1024, "MB-peak-rss")
				b.ReportMetric(float64(n)/took.Seconds(), "interviews/s")
			}
			b.ReportMetric(0, "ns/op")
		})
	}
}

//go:build linux

package store

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// scaleChild runs one whole-file operation on a data file for
// BenchmarkScale, in a process of its own so that its peak resident
// memory is its own.
func scaleChild() {
	path, op := os.Getenv("SIAP_STORE_PATH"), os.Getenv("SIAP_STORE_OP")
	open := Options{ReadOnly: true, Passphrase: passphrase}
	if op == "merge" {
		path, open = filepath.Join(filepath.Dir(path), "merged.db"), Options{Passphrase: passphrase}
	}
	s, err := Open(path, open)
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
		r, err = s.Merge(os.Getenv("SIAP_STORE_PATH"), passphrase)
		n = r.Added
	}
	if err != nil {
		fmt.Println(err)
		os.Exit(4)
	}
	// The peak of this process's own memory: getrusage's figure for a
	// child also counts what its parent had mapped when it started it.
	status, _ := os.ReadFile("/proc/self/status")
	hwm := -1
	for _, l := range strings.Split(string(status), "\n") {
		if rest, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			hwm, _ = strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
		}
	}
	fmt.Println(n, hwm)
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
// empty one. It reports the child's peak resident memory (VmHWM), not
// Go's heap statistics, and interviews per second. Run it with
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
		if _, err := s.Import(Records(batch...)); err != nil {
			b.Fatal(err)
		}
	}
	s.Close()
	info, _ := os.Stat(path)
	for _, op := range []string{"read", "list", "verify", "merge"} {
		b.Run(op, func(b *testing.B) {
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
				var got, hwm int
				if _, err := fmt.Sscan(string(out), &got, &hwm); err != nil || got != n {
					b.Fatalf("%s read %s interviews, want %d", op, out, n)
				}
				if hwm < 0 {
					b.Skip("this system does not tell a process's peak memory (/proc/self/status)")
				}
				b.ReportMetric(float64(hwm)/1024, "MB-peak-rss")
				b.ReportMetric(float64(n)/took.Seconds(), "interviews/s")
			}
			b.ReportMetric(float64(info.Size())/float64(n), "file-bytes/interview")
			b.ReportMetric(0, "ns/op")
		})
	}
}

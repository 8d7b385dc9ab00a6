package store

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// mergeChild merges a pack into a data file, printing "start" once the
// file is open and "done" when the merge returned.
func mergeChild() {
	s, err := Open(os.Getenv("SIAP_STORE_PATH"), Options{})
	if err != nil {
		fmt.Println("open:", err)
		os.Exit(3)
	}
	fmt.Println("start")
	if _, err := s.Merge(os.Getenv("SIAP_STORE_PACK"), ""); err != nil {
		fmt.Println("merge:", err)
		os.Exit(4)
	}
	fmt.Println("done")
}

// digests maps every interview of a file to its content digest.
func digests(t *testing.T, s *Store) map[string]string {
	t.Helper()
	out := map[string]string{}
	if err := s.EachInterview(func(iv Interview) error { out[iv.ID] = iv.Hash; return nil }); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestKilledMergeLeavesTheFileAsItWas kills a process merging a pack of
// several batches at random moments: opened again, the file holds either
// the whole merge or none of it, and verifies clean.
func TestKilledMergeLeavesTheFileAsItWas(t *testing.T) {
	if testing.Short() {
		t.Skip("the crash test re-executes the test binary; skipped with -short")
	}
	dir := t.TempDir()
	base, ids := fileWith(t, dir, "base.db", 3)
	iv, _ := base.Interview(ids[0])
	var records []Record
	for i := range 4 * mergeBatch {
		records = append(records, Record{
			Interview: Interview{FormKey: iv.FormKey, FormID: "f", Interviewer: "ani", Status: Completed, Created: iv.Created, Updated: iv.Created},
			Answers:   map[string]Answer{"q": {Value: strconv.Itoa(i), Changed: iv.Created}},
			Events:    []Event{{Time: iv.Created, Kind: EventSet, Path: "q", New: strconv.Itoa(i)}},
		})
	}
	for i := range records {
		records[i].Interview.ID = NewID()
	}
	if _, err := base.Import(Records(records...)); err != nil {
		t.Fatal(err)
	}
	// The pack: every interview of the file changed, and as many new.
	packPath := filepath.Join(dir, "ani.pack")
	if err := base.Pack(packPath); err != nil {
		t.Fatal(err)
	}
	p, err := Open(packPath, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for id := range digests(t, p) {
		if err := p.Save(id, []Change{{Path: "checked", Value: "yes"}}); err != nil {
			t.Fatal(err)
		}
	}
	// Importing versions older than the pack's own changes nothing.
	if res, err := p.Import(Records(records[:len(records)/2]...)); err != nil || res.Unchanged != len(records)/2 || res.Added+res.Updated+res.Conflicts != 0 {
		t.Fatalf("importing older versions of the pack's interviews: %v, %v", res, err)
	}
	for i := range records {
		records[i].Interview.ID = ""
	}
	if _, err := p.Import(Records(records...)); err != nil {
		t.Fatal(err)
	}
	want := digests(t, p)
	p.Close()
	before := digests(t, base)
	base.Close()
	original, _ := os.ReadFile(base.Path())

	// run merges the pack into a copy of the file, killing the merge
	// after wait once it has started (never, when wait is negative), and
	// returns how long the merge ran.
	run := func(work string, wait time.Duration) time.Duration {
		os.WriteFile(work, original, 0o600)
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "SIAP_STORE_CHILD=merge", "SIAP_STORE_PATH="+work, "SIAP_STORE_PACK="+packPath)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(out)
		if !sc.Scan() || sc.Text() != "start" {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("child: %s", sc.Text())
		}
		start := time.Now()
		if wait >= 0 {
			time.AfterFunc(wait, func() { cmd.Process.Signal(syscall.SIGKILL) })
		}
		for sc.Scan() {
			if wait < 0 && sc.Text() != "done" {
				t.Fatalf("child: %s", sc.Text())
			}
		}
		cmd.Wait()
		return time.Since(start)
	}
	took := run(filepath.Join(dir, "whole.db"), -1)
	rng := rand.New(rand.NewPCG(3, 4))
	outcomes := map[string]int{}
	for k := range 12 {
		work := filepath.Join(dir, fmt.Sprintf("work%d.db", k))
		run(work, time.Duration(rng.Int64N(int64(took))))
		if db, err := bolt.Open(work, 0o600, &bolt.Options{ReadOnly: true}); err == nil {
			db.View(func(tx *bolt.Tx) error {
				if hasJournal(tx) {
					outcomes["cut halfway"]++
				}
				return nil
			})
			db.Close()
		}
		s, err := Open(work, Options{})
		if err != nil {
			t.Fatalf("reopen after a killed merge: %v", err)
		}
		if r, _ := s.Verify(); len(r.Problems) > 0 {
			t.Fatalf("verify after a killed merge: %v", r)
		}
		got := digests(t, s)
		s.Close()
		switch {
		case equalMaps(got, before):
			outcomes["none"]++
		case equalMaps(got, want):
			outcomes["all"]++
		default:
			t.Fatalf("after a killed merge the file holds %d interviews, neither the %d before nor the %d after", len(got), len(before), len(want))
		}
	}
	if outcomes["cut halfway"] == 0 {
		t.Errorf("no kill came halfway through a merge: %v", outcomes)
	}
	t.Logf("outcomes of 12 merges killed within the %v a whole merge takes: %v", took, outcomes)
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

package store

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// crashChild saves answers in a loop and prints "ack N" only after the
// save of answer N returned.
func crashChild() {
	path, id := os.Getenv("SIAP_STORE_PATH"), os.Getenv("SIAP_STORE_ID")
	start, _ := strconv.Atoi(os.Getenv("SIAP_STORE_START"))
	var s *Store
	var err error
	for try := 0; try < 50; try++ {
		if s, err = Open(path, Options{}); err == nil {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err != nil {
		fmt.Println("open:", err)
		os.Exit(3)
	}
	w := bufio.NewWriter(os.Stdout)
	for i := start; ; i++ {
		if err := s.Save(id, []Change{{Path: fmt.Sprintf("q%d", i), Value: fmt.Sprintf("v%d", i)}}); err != nil {
			fmt.Fprintln(w, "save:", err)
			w.Flush()
			os.Exit(4)
		}
		fmt.Fprintf(w, "ack %d\n", i)
		w.Flush()
	}
}

// TestCrashLosesNoAcknowledgedAnswer kills a saving process at random
// moments, at least 100 times, and checks after each run of kills that
// every answer it acknowledged is in the file. SIAP_CRASH_KILLS sets a
// longer run.
func TestCrashLosesNoAcknowledgedAnswer(t *testing.T) {
	if testing.Short() {
		t.Skip("the crash test re-executes the test binary; skipped with -short")
	}
	kills := 100
	if n, err := strconv.Atoi(os.Getenv("SIAP_CRASH_KILLS")); err == nil && n > 0 {
		kills = n
	}
	s, path := openTemp(t)
	iv := newInterview(t, s)
	s.Close()
	rng := rand.New(rand.NewPCG(1, 2))
	acked := -1
	for k := 0; k < kills; k++ {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "SIAP_STORE_CHILD=crash", "SIAP_STORE_PATH="+path,
			"SIAP_STORE_ID="+iv.ID, "SIAP_STORE_START="+strconv.Itoa(acked+1))
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := make(chan string)
		go func() {
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				lines <- sc.Text()
			}
			close(lines)
		}()
		// The kill comes at a random moment once the child is saving (its
		// first acknowledgement), however slowly it started.
		var deadline <-chan time.Time
		startup := time.After(10 * time.Second)
	read:
		for {
			select {
			case l, ok := <-lines:
				if !ok {
					break read
				}
				if !strings.HasPrefix(l, "ack ") {
					t.Fatalf("child: %s", l)
				}
				acked, _ = strconv.Atoi(strings.TrimPrefix(l, "ack "))
				if deadline == nil {
					deadline = time.After(time.Duration(rng.IntN(25)) * time.Millisecond)
				}
			case <-startup:
				if deadline == nil {
					cmd.Process.Kill()
					t.Fatal("the child saved nothing in 10 seconds")
				}
			case <-deadline:
				cmd.Process.Signal(syscall.SIGKILL)
				for l := range lines {
					if n, err := strconv.Atoi(strings.TrimPrefix(l, "ack ")); err == nil {
						acked = n
					}
				}
				break read
			}
		}
		cmd.Wait()
	}
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatalf("reopen after %d kills: %v", kills, err)
	}
	defer s.Close()
	r, _ := s.Verify()
	if len(r.Problems) > 0 {
		t.Fatalf("verify after %d kills: %v", kills, r)
	}
	vals, err := s.Values(iv.ID)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i <= acked; i++ {
		if vals[fmt.Sprintf("q%d", i)] != fmt.Sprintf("v%d", i) {
			t.Fatalf("answer q%d was acknowledged but is missing after the kills", i)
		}
	}
	if acked < kills {
		t.Errorf("only %d answers acknowledged in %d runs; the test did not exercise saving", acked+1, kills)
	}
	t.Logf("%d kills, %d acknowledged answers all present", kills, acked+1)
}

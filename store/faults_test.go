package store

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
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

// diskFullChild fills the file-size limit, reports the failed save, lifts
// the limit and saves again.
func diskFullChild() {
	signal.Ignore(syscall.SIGXFSZ)
	path := os.Getenv("SIAP_STORE_PATH")
	s, err := Open(path, Options{})
	if err != nil {
		fmt.Println("open:", err)
		os.Exit(3)
	}
	key, _ := s.AddForm(FormSource{ID: "f", Data: []byte("survey")})
	iv, _ := s.Create(Interview{FormKey: key}, nil)
	for i := 0; i < 10; i++ {
		if err := s.Save(iv.ID, []Change{{Path: fmt.Sprintf("early%d", i), Value: "kept"}}); err != nil {
			fmt.Println("early save:", err)
			os.Exit(4)
		}
	}
	info, _ := os.Stat(path)
	var old syscall.Rlimit
	syscall.Getrlimit(syscall.RLIMIT_FSIZE, &old)
	limit := syscall.Rlimit{Cur: uint64(info.Size()), Max: old.Max}
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &limit); err != nil {
		fmt.Println("skip: cannot limit the file size:", err)
		os.Exit(0)
	}
	big := strings.Repeat("x", 256<<10)
	failed := false
	for i := 0; i < 200 && !failed; i++ {
		if err := s.Save(iv.ID, []Change{{Path: fmt.Sprintf("big%d", i), Value: big}}); err != nil {
			fmt.Println("failed:", err)
			failed = true
		}
	}
	if !failed {
		fmt.Println("skip: saves never failed under the limit")
		os.Exit(0)
	}
	syscall.Setrlimit(syscall.RLIMIT_FSIZE, &old)
	if err := s.Save(iv.ID, []Change{{Path: "after", Value: "saved"}}); err != nil {
		fmt.Println("after freeing space:", err)
		os.Exit(5)
	}
	s.Close()
	s, err = Open(path, Options{})
	if err != nil {
		fmt.Println("reopen:", err)
		os.Exit(6)
	}
	vals, _ := s.Values(iv.ID)
	for i := 0; i < 10; i++ {
		if vals[fmt.Sprintf("early%d", i)] != "kept" {
			fmt.Println("lost early answer", i)
			os.Exit(7)
		}
	}
	if vals["after"] != "saved" {
		fmt.Println("lost the answer saved after space was freed")
		os.Exit(8)
	}
	if r, _ := s.Verify(); len(r.Problems) > 0 {
		fmt.Println("verify:", r)
		os.Exit(9)
	}
	fmt.Println("ok")
}

// TestDiskFull fills the disk, as far as the process can see, by
// limiting the size its files may grow to (RLIMIT_FSIZE).
func TestDiskFull(t *testing.T) {
	path := filepath.Join(t.TempDir(), "siap.db")
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "SIAP_STORE_CHILD=diskfull", "SIAP_STORE_PATH="+path)
	out, err := cmd.CombinedOutput()
	text := string(out)
	if strings.HasPrefix(text, "skip:") {
		t.Skip(strings.TrimSpace(text))
	}
	if err != nil {
		t.Fatalf("child failed: %v\n%s", err, text)
	}
	if !strings.Contains(text, "failed: save to "+path) || !strings.Contains(text, "ok") {
		t.Errorf("child output:\n%s", text)
	}
	t.Logf("child output:\n%s", text)
}

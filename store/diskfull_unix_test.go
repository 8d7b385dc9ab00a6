//go:build unix

package store

import (
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

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

//go:build unix

package export

import (
	"bytes"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestExportOntoAFullDisk: an export that runs out of room (here, the
// file-size limit of a child process) fails saying so, leaves no cut or
// empty file where it was going, and leaves an earlier export in that
// folder as it was.
func TestExportOntoAFullDisk(t *testing.T) {
	if os.Getenv("SIAP_EXPORT_DISKFULL") == "" {
		cmd := exec.Command(os.Args[0], "-test.run=^TestExportOntoAFullDisk$", "-test.v")
		cmd.Env = append(os.Environ(), "SIAP_EXPORT_DISKFULL=1")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("the export under a full disk: %v\n%s", err, out)
		}
		if bytes.Contains(out, []byte("SKIP")) {
			t.Skipf("%s", out)
		}
		return
	}
	st, form := simulated(t, 300)
	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	if _, err := Run(st, form, dir, Options{Simulated: IncludeSimulated}); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(filepath.Join(dir, "data.csv"))
	if len(before) < 64<<10 {
		t.Fatalf("data.csv has %d bytes: too few to fill the limit", len(before))
	}
	signal.Ignore(syscall.SIGXFSZ)
	var old syscall.Rlimit
	syscall.Getrlimit(syscall.RLIMIT_FSIZE, &old)
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &syscall.Rlimit{Cur: 32 << 10, Max: old.Max}); err != nil {
		t.Skipf("cannot limit the file size: %v", err)
	}
	_, errAgain := Run(st, form, dir, Options{Simulated: IncludeSimulated})
	_, errNew := Run(st, form, filepath.Join(parent, "new"), Options{Simulated: IncludeSimulated})
	syscall.Setrlimit(syscall.RLIMIT_FSIZE, &old)
	for _, err := range []error{errAgain, errNew} {
		if err == nil || !strings.Contains(err.Error(), "nothing was written there") {
			t.Errorf("an export onto a full disk: %v", err)
		}
	}
	if after, _ := os.ReadFile(filepath.Join(dir, "data.csv")); !bytes.Equal(after, before) {
		t.Errorf("the earlier export's data.csv changed: %d bytes, had %d", len(after), len(before))
	}
	if _, err := os.Stat(filepath.Join(parent, "new")); !os.IsNotExist(err) {
		t.Errorf("a failed export left its folder: %v", err)
	}
	entries, _ := os.ReadDir(parent)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".partial-") {
			t.Errorf("a failed export left %s", e.Name())
		}
	}
}

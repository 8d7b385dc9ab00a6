package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCheckCountsInWords: the last line of siap check counts problems in
// good English ("1 warning", "1 error"), and leaves out a version the
// form does not have.
func TestCheckCountsInWords(t *testing.T) {
	form := filepath.Join(t.TempDir(), "one.csv")
	if err := os.WriteFile(form, []byte("survey,,,\n,type,name,label\n,text,q1,Question\n,geopoint,loc,Where\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		args []string
		code int
		last string
	}{
		{[]string{"check", form}, 0, form + `: ok: "one", 2 rows, 0 languages, 1 warning`},
		{[]string{"check", form, "--strict"}, 1, form + ": 1 error, 0 warnings"},
	} {
		code, out, _ := runSiap(tt.args...)
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if code != tt.code || lines[len(lines)-1] != tt.last {
			t.Errorf("siap %v: exit %d, last line %q; want %d, %q", tt.args, code, lines[len(lines)-1], tt.code, tt.last)
		}
	}
}

// TestOneInterviewIsSingular: what siap simulate, pack and export print
// about one interview reads as English says it.
func TestOneInterviewIsSingular(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "one.db")
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--data", data, "--no-encryption", "simulate", "--n", "1", "--seed", "2"}, "added 1 simulated interview to "},
		{[]string{"--data", data, "export", "--out", filepath.Join(dir, "out"), "--status", "completed,refused"}, "exported 1 interview to "},
	} {
		code, out, errOut := runSiap(tt.args...)
		if code != 0 || !strings.Contains(out, tt.want) {
			t.Errorf("siap %v: exit %d, %q %q; want %q", tt.args, code, out, errOut, tt.want)
		}
	}
}

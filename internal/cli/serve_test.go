package cli

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"siap/internal/server"
	"siap/store"
	"siap/store/postgres"
	"siap/store/postgres/pgtest"
)

// TestServeEnrolAndSync: headquarters' data file is made by siap serve
// enrol, which prints a code; a laptop enrols with it over HTTPS and
// syncs its interviews; the code does not enrol a second laptop.
func TestServeEnrolAndSync(t *testing.T) {
	for _, db := range []string{"data file", "PostgreSQL"} {
		t.Run(db, func(t *testing.T) {
			hqDB := filepath.Join(t.TempDir(), "hq.siap")
			if db == "PostgreSQL" {
				hqDB = pgtest.URL(t)
			}
			serveEnrolAndSync(t, hqDB)
		})
	}
}

func serveEnrolAndSync(t *testing.T, hqDB string) {
	dir := t.TempDir()
	ani, budi := filepath.Join(dir, "ani.siap"), filepath.Join(dir, "budi.siap")
	code, out, errOut := runSiap("serve", "enrol", "Ani", "--db", hqDB)
	if code != 0 {
		t.Fatalf("serve enrol: exit %d, %s", code, errOut)
	}
	m := regexp.MustCompile(`siap sync --enrol (\S+) `).FindStringSubmatch(out)
	if m == nil || !strings.Contains(out, "enrolment code for Ani") {
		t.Fatalf("serve enrol printed %q, want a code and the command that uses it", out)
	}
	url := startHQ(t, hqDB)
	if code, _, errOut := runSiap("--data", ani, "simulate", "--n", "4", "--interviewer", "Ani"); code != 0 {
		t.Fatal(errOut)
	}
	code, out, errOut = runSiap("--data", ani, "sync", "--enrol", m[1], url)
	if code != 0 || !strings.Contains(out, "enrolled with headquarters at "+url+" as Ani") {
		t.Fatalf("sync --enrol: exit %d\n%s%s", code, out, errOut)
	}
	// The laptop is Ani's now: the interface does not ask her name.
	held, err := store.Open(ani, store.Options{ReadOnly: true, Passphrase: testPassphrase})
	if err != nil {
		t.Fatal(err)
	}
	name, err := held.Setting(store.InterviewerSetting)
	held.Close()
	if err != nil || name != "Ani" {
		t.Errorf("after enrolling, the laptop's interviewer is %q (%v), want Ani", name, err)
	}
	code, _, errOut = runSiap("--data", ani, "sync", "--enrol", m[1], url)
	if code != 1 || !strings.Contains(errOut, "this laptop is enrolled with headquarters at "+url+" as Ani already: run siap sync") {
		t.Fatalf("sync --enrol again on the laptop it enrolled: exit %d, %q", code, errOut)
	}
	code, out, errOut = runSiap("--data", ani, "sync")
	if code != 0 || !strings.Contains(out, "sent 4 interviews to headquarters: 4 added") {
		t.Fatalf("sync: exit %d\n%s%s", code, out, errOut)
	}
	code, out, _ = runSiap("--data", ani, "sync")
	if code != 0 || !strings.Contains(out, "nothing new to send") {
		t.Fatalf("second sync: exit %d\n%s", code, out)
	}
	code, _, errOut = runSiap("--data", budi, "sync", "--enrol", m[1], url)
	if code != 1 || !strings.Contains(errOut, "this enrolment code has been used already") {
		t.Fatalf("the code used again: exit %d, %q", code, errOut)
	}
	t.Setenv("LANG", "id_ID.UTF-8")
	code, _, errOut = runSiap("--data", budi, "sync", "--enrol", m[1], url)
	if code != 1 || !strings.Contains(errOut, "kode pendaftaran ini sudah dipakai") {
		t.Fatalf("the code used again, in Indonesian: exit %d, %q", code, errOut)
	}
}

// startHQ serves the study in db (a data file, or PostgreSQL) on
// 127.0.0.1 for the test.
func startHQ(t *testing.T, db string) string {
	t.Helper()
	var st store.Interviews
	var err error
	if strings.HasPrefix(db, "postgres://") {
		st, err = postgres.Open(context.Background(), db, postgres.Options{Passphrase: testPassphrase})
	} else {
		st, err = store.Open(db, store.Options{Passphrase: testPassphrase})
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	srv, err := server.New(st, server.Options{TempDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewUnstartedServer(srv.Handler())
	ts.TLS = srv.TLSConfig()
	ts.StartTLS()
	t.Cleanup(ts.Close)
	return ts.URL
}

func TestServeRefusals(t *testing.T) {
	dir := t.TempDir()
	open := filepath.Join(dir, "open.txt")
	os.WriteFile(open, []byte(testPassphrase+"\n"), 0o644)
	os.Chmod(open, 0o644)
	data := filepath.Join(dir, "siap.db")
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"no database", []string{"serve"}, 2, "name the study's database with --db"},
		{"passphrase file others read", []string{"serve", "--db", filepath.Join(dir, "hq.siap"), "--passphrase-file", open}, 1, "can be read by others (mode 0644)"},
		{"passphrase file missing", []string{"serve", "enrol", "Ani", "--db", filepath.Join(dir, "hq.siap"), "--passphrase-file", filepath.Join(dir, "none")}, 1, "--passphrase-file"},
		{"enrol without a name", []string{"serve", "enrol", "--db", filepath.Join(dir, "hq.siap")}, 2, "name the interviewers"},
		{"headquarters without encryption", []string{"--no-encryption", "serve", "--db", filepath.Join(dir, "hq.siap")}, 2, "--no-encryption is refused"},
		{"sync before enrolling", []string{"--data", data, "sync"}, 1, "this laptop knows no headquarters yet"},
		{"enrol without the address", []string{"--data", data, "sync", "--enrol", "ABCD"}, 2, "needs headquarters' address"},
		{"enrol with a mistyped code", []string{"--data", data, "sync", "--enrol", "ABCD", "https://127.0.0.1:1"}, 1, `"ABCD" is not an enrolment code`},
		{"enrol over plain http", []string{"--data", data, "sync", "--enrol", "0000-0000-0000-0000-0000-0000", "http://127.0.0.1:1"}, 1, "is not a headquarters address"},
		{"headquarters unreachable", []string{"--data", data, "sync", "--enrol", "0000-0000-0000-0000-0000-0000", "https://127.0.0.1:1"}, 1, "cannot be reached"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := runSiap(tt.args...)
			if code != tt.code || !strings.Contains(errOut, tt.stderr) || strings.Count(errOut, "\n") != 1 {
				t.Errorf("exit %d, stderr %q; want %d and one line with %q", code, errOut, tt.code, tt.stderr)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "hq.siap")); err == nil {
		t.Error("a refused siap serve made a data file")
	}
}

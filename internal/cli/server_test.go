package cli

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"siap/store"
	"siap/store/postgres"
	"siap/store/postgres/pgtest"
)

// serverWithFile makes a data file of simulated interviews and a study
// in PostgreSQL holding the same interviews (as syncs would bring them),
// and returns both with a passphrase file for the server.
func serverWithFile(t *testing.T) (data, url, passFile string) {
	t.Helper()
	dir := t.TempDir()
	data = filepath.Join(dir, "siap.db")
	if code, out, errOut := runSiap("--data", data, "simulate", "--n", "40", "--seed", "3"); code != 0 {
		t.Fatalf("simulate: %s %s", out, errOut)
	}
	code, _, errOut := runSiap("--data", data, "simulate", "--n", "15", "--seed", "4", "--interviewer", "Budi")
	if code != 0 {
		t.Fatal(errOut)
	}
	url = pgtest.URL(t)
	const serverPass = "gudeg-jogja-sambal-7"
	db, err := postgres.Open(context.Background(), url, postgres.Options{Passphrase: serverPass, Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	st, err := store.Open(data, store.Options{ReadOnly: true, Passphrase: testPassphrase})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	form, err := st.CurrentForm()
	if err == nil {
		_, err = db.AddForm(form)
	}
	if err == nil {
		_, err = db.Import(func(fn func(store.Record) error) error { return st.EachRecord(true, fn) })
	}
	if err != nil {
		t.Fatal(err)
	}
	passFile = filepath.Join(dir, "hq-passphrase")
	if err := os.WriteFile(passFile, []byte(serverPass+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return data, url, passFile
}

// TestReadersOnTheServer: list, progress, summary, export and verify
// print the same of headquarters' database as of a data file holding
// the same interviews.
func TestReadersOnTheServer(t *testing.T) {
	data, url, passFile := serverWithFile(t)
	out := t.TempDir()
	tests := []struct {
		name string
		args []string
	}{
		{"list", []string{"list", "--format", "json"}},
		{"list table", []string{"list", "--status", "completed"}},
		{"progress", []string{"progress", "--format", "csv"}},
		{"summary", []string{"summary", "--format", "csv", "--include-simulated"}},
		{"export", []string{"export", "--out", filepath.Join(out, "OUT"), "--include-simulated"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fileArgs := append([]string{"--data", data}, tt.args...)
			serverArgs := append(append([]string{}, tt.args...), "--server", url, "--passphrase-file", passFile)
			if tt.name == "export" {
				fileArgs[len(fileArgs)-2] = filepath.Join(out, "file")
				serverArgs[len(tt.args)-2] = filepath.Join(out, "server")
			}
			code, fromFile, errOut := runSiap(fileArgs...)
			if code != 0 {
				t.Fatalf("on the data file: %s", errOut)
			}
			code, fromServer, errOut := runSiap(serverArgs...)
			if code != 0 {
				t.Fatalf("on the server: %s", errOut)
			}
			if tt.name == "export" {
				fromFile = strings.ReplaceAll(fromFile, filepath.Join(out, "file"), "OUT")
				fromServer = strings.ReplaceAll(fromServer, filepath.Join(out, "server"), "OUT")
			}
			if fromFile != fromServer || fromFile == "" {
				t.Errorf("the server's output differs from the data file's:\n%s\n---\n%s", fromServer, fromFile)
			}
		})
	}
	// Identifiers are hashed with each study's own key: equal within
	// one, different between the laptop's file and headquarters.
	keyed := regexp.MustCompile(`\b[0-9a-f]{24}\b`)
	for _, name := range []string{"data.csv", "paradata.csv", "quality.csv"} {
		a, errA := os.ReadFile(filepath.Join(out, "file", name))
		b, errB := os.ReadFile(filepath.Join(out, "server", name))
		if errA != nil || errB != nil || keyed.ReplaceAllString(string(a), "H") != keyed.ReplaceAllString(string(b), "H") || name == "data.csv" && len(a) < 1000 {
			t.Errorf("%s exported from the server differs from the data file's (%v, %v)", name, errA, errB)
		}
	}
	code, stdout, errOut := runSiap("verify", "--server", url, "--passphrase-file", passFile)
	if code != 0 || !strings.Contains(stdout, "checked 55 interviews") || !strings.Contains(stdout, "no problems found") || strings.Contains(stdout, "gudeg") {
		t.Errorf("verify --server: %d %s %s", code, stdout, errOut)
	}
}

func TestServerRefusals(t *testing.T) {
	_, url, passFile := serverWithFile(t)
	dir := t.TempDir()
	write := func(name, content string, mode os.FileMode) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), mode); err != nil {
			t.Fatal(err)
		}
		os.Chmod(p, mode)
		return p
	}
	open := write("open", "gudeg-jogja-sambal-7", 0o644)
	wrong := write("wrong", "bukan-frasa-ini-99", 0o600)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	nobody := "postgres://siap@" + l.Addr().String() + "/none?sslmode=disable&connect_timeout=5"
	l.Close()
	// As README writes an address: no sslmode, so pgx tries with TLS and
	// without, and the refusal must still be said once.
	nobodyPrefer := "postgres://siap@" + l.Addr().String() + "/none"
	empty := pgtest.URL(t)
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"server and data file", []string{"--data", "x.db", "list", "--server", url}, 2, "--server and --data cannot go together"},
		{"passphrase file without server", []string{"progress", "--passphrase-file", passFile}, 2, "--passphrase-file goes with --server only"},
		{"not a PostgreSQL address", []string{"list", "--server", "mysql://hq/siap"}, 2, "--server needs a PostgreSQL address"},
		{"salvage on the server", []string{"verify", "--server", url, "--salvage", "new.db"}, 2, "--salvage is for a data file"},
		{"passphrase file others read", []string{"list", "--server", url, "--passphrase-file", open}, 1, "can be read by others (mode 0644)"},
		{"wrong passphrase", []string{"summary", "--server", url, "--passphrase-file", wrong}, 1, "wrong passphrase of headquarters; nothing was changed"},
		{"no study", []string{"export", "--out", filepath.Join(dir, "x"), "--server", empty}, 1, "holds no siap study yet: start siap serve on it first"},
		{"nobody listening", []string{"list", "--server", nobody}, 1, "cannot be reached"},
		{"nobody listening, TLS tried first", []string{"list", "--server", nobodyPrefer}, 1, "cannot be reached: dial tcp " + l.Addr().String() + ": connect: connection refused\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := runSiap(tt.args...)
			if code != tt.code || !strings.Contains(errOut, tt.want) || strings.Count(errOut, "\n") != 1 {
				t.Errorf("exit %d, stderr %q; want %d and %q on one line", code, errOut, tt.code, tt.want)
			}
			if strings.Contains(errOut, "gudeg") || strings.Contains(errOut, "bukan-frasa") {
				t.Errorf("a passphrase is printed: %s", errOut)
			}
		})
	}
}

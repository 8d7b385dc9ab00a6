package cli

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"siap/store"
	"siap/store/postgres/pgtest"
)

// testPassphrase opens the data files the tests make, as a script would
// through SIAP_PASSPHRASE.
const testPassphrase = "rendang-padang-42"

func TestMain(m *testing.M) {
	os.Setenv(passphraseEnv, testPassphrase)
	// The tests read siap's errors in English, whatever this machine's
	// locale; TestLanguage sets its own.
	os.Unsetenv("LC_ALL")
	os.Unsetenv("LC_MESSAGES")
	os.Setenv("LANG", "C.UTF-8")
	store.UseTestKeyDerivation(m)
	os.Exit(pgtest.Run(m))
}

func runSiap(args ...string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	code = Run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestCommandLine(t *testing.T) {
	shared := filepath.Join("..", "..", "..", "shared", "xlsforms")
	tests := []struct {
		name       string
		args       []string
		code       int
		stdout     string
		stderr     string
		stderrLine bool // stderr must be exactly one line
		needShared bool // reads a form from ../shared/xlsforms
	}{
		{"help", []string{"--help"}, 0, "Commands:", "", false, false},
		{"command help", []string{"check", "--help"}, 0, "--strict", "", false, false},
		{"unknown flag", []string{"--bogus"}, 2, "", "unknown flag: --bogus", true, false},
		{"unknown command", []string{"frobnicate"}, 2, "", `unknown command "frobnicate"`, true, false},
		{"unknown command flag", []string{"check", "--nope"}, 2, "", "siap check: unknown flag: --nope", true, false},
		{"command help shows defaults", []string{"simulate", "--help"}, 0, "(default 340)", "", false, false},
		{"help lists global flags", []string{"list", "--help"}, 0, "--no-encryption", "", false, false},
		{"help command", []string{"help"}, 0, "Commands:", "", false, false},
		{"mistyped command", []string{"chek"}, 2, "", `unknown command "chek"; did you mean check?`, true, false},
		{"unexpected argument", []string{"list", "extra"}, 2, "", `siap list: unexpected argument "extra" (see siap list --help)`, true, false},
		{"bad flag value", []string{"simulate", "--n", "many"}, 2, "", `siap simulate: "many" is not a valid value for --n`, true, false},
		{"flag without value", []string{"export", "--out"}, 2, "", "siap export: flag --out needs a value", true, false},
		{"negative lock time", []string{"--lock-after", "-1m"}, 2, "", "--lock-after must be a duration of zero or more", true, false},
		{"check shipped", []string{"check"}, 0, "bansos_readiness.csv (shipped): ok", "", false, false},
		{"check missing file", []string{"check", "nothere.xlsx"}, 1, "", "nothere.xlsx", true, false},
		{"check good form", []string{"check", filepath.Join(shared, "group.xlsx")}, 0, "group.xlsx: ok", "", false, true},
		{"check bad calc", []string{"check", filepath.Join(shared, "bad_calc.xlsx")}, 1, `bad_calc.xlsx: sheet survey, row 2, column "calculation (D)": error:`, "", false, true},
		{"check duplicate columns", []string{"check", filepath.Join(shared, "duplicate_columns.xlsx")}, 1, `column "label (E)": error: column label (E) means the same as column label (D)`, "", false, true},
		{"strict refuses geopoint", []string{"check", "--strict", filepath.Join(shared, "widgets.csv")}, 1, "error: my_geopoint has type", "", false, true},
		{"lenient warns on geopoint", []string{"check", filepath.Join(shared, "widgets.csv")}, 0, "warning: my_geopoint has type", "", false, true},
	}
	_, sharedErr := os.Stat(shared)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.needShared && sharedErr != nil {
				t.Skipf("%s is absent: the real-world forms are not on this machine", shared)
			}
			code, out, errOut := runSiap(tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tt.code, out, errOut)
			}
			if !strings.Contains(out, tt.stdout) {
				t.Errorf("stdout %q does not contain %q", out, tt.stdout)
			}
			if !strings.Contains(errOut, tt.stderr) {
				t.Errorf("stderr %q does not contain %q", errOut, tt.stderr)
			}
			if tt.stderrLine && strings.Count(errOut, "\n") != 1 {
				t.Errorf("stderr is not one line: %q", errOut)
			}
		})
	}
}

func TestDataCommands(t *testing.T) {
	data := filepath.Join(t.TempDir(), "sub", "siap.db")
	code, out, errOut := runSiap("--data", data, "simulate", "--n", "40", "--seed", "3")
	if code != 0 || !strings.Contains(out, "added 40 simulated interviews") {
		t.Fatalf("simulate: %d %s %s", code, out, errOut)
	}
	// How they ended is said, not only how many were added.
	if !regexp.MustCompile(`: \d+ completed, \d+ refused, 0 left as drafts\n`).MatchString(out) {
		t.Errorf("simulate does not say how the interviews ended: %q", out)
	}
	code, out, _ = runSiap("--data", data, "list", "--format", "csv")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) != 41 || lines[0] != "id,status,city,interviewer,started,duration_min,answered,simulated" {
		t.Fatalf("list csv: exit %d, %d lines, header %q", code, len(lines), lines[0])
	}
	code, out, _ = runSiap("--data", data, "list", "--status", "refused", "--format", "json")
	if code != 0 || strings.Contains(out, `"completed"`) {
		t.Errorf("list --status refused shows other statuses: %s", out)
	}
	code, out, _ = runSiap("--data", data, "list", "--city", "kupang")
	if code != 0 {
		t.Errorf("list --city kupang: exit %d", code)
	}
	for _, l := range strings.Split(out, "\n")[1:] {
		if strings.HasPrefix(l, "uuid:") && !strings.Contains(l, "kupang") {
			t.Errorf("list --city kupang shows %q", l)
		}
	}
	code, out, _ = runSiap("--data", data, "verify")
	if code != 0 || !strings.Contains(out, "checked 40 interviews") || !strings.Contains(out, "no problems found") {
		t.Errorf("verify: %d %s", code, out)
	}
	// The table names statuses as the screens do: sent back, not rejected.
	code, out, _ = runSiap("--data", data, "progress")
	if header := strings.SplitN(out, "\n", 2)[0]; code != 0 || !strings.Contains(header, "SENT BACK") || strings.Contains(header, "REJECTED") {
		t.Errorf("progress table: exit %d, header %q", code, header)
	}
	code, out, _ = runSiap("--data", data, "progress", "--format", "csv")
	progress := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(progress) != 3 || !strings.HasPrefix(progress[0], "interviewer,draft,completed") || !strings.HasSuffix(progress[2], ",40") || !strings.HasPrefix(progress[2], "all,") {
		t.Errorf("progress csv: exit %d\n%s", code, out)
	}
	code, _, errOut = runSiap("--data", data, "progress", "--format", "pdf")
	if code != 2 || !strings.Contains(errOut, "--format must be table, csv or json") {
		t.Errorf("progress bad format: %d %s", code, errOut)
	}
	code, _, errOut = runSiap("--data", data, "list", "--status", "lost")
	if code != 2 || !strings.Contains(errOut, `"lost" is not a status`) {
		t.Errorf("bad status: %d %s", code, errOut)
	}
	code, _, errOut = runSiap("--data", data, "list", "--format", "xml")
	if code != 2 || !strings.Contains(errOut, "--format") {
		t.Errorf("bad format: %d %s", code, errOut)
	}
}

func TestDataFileInUse(t *testing.T) {
	data := filepath.Join(t.TempDir(), "siap.db")
	if code, _, errOut := runSiap("--data", data, "simulate", "--n", "2"); code != 0 {
		t.Fatal(errOut)
	}
	held, err := store.Open(data, store.Options{Passphrase: testPassphrase})
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	for _, cmd := range []string{"list", "verify", "simulate"} {
		code, _, errOut := runSiap("--data", data, cmd)
		want := "data file " + data + " is in use by another siap process"
		if code != 1 || !strings.Contains(errOut, want) {
			t.Errorf("%s: exit %d, stderr %q; want 1 and %q", cmd, code, errOut, want)
		}
	}
}

func TestDamagedDataFile(t *testing.T) {
	data := filepath.Join(t.TempDir(), "siap.db")
	os.WriteFile(data, []byte(strings.Repeat("not siap ", 1000)), 0o600)
	code, _, errOut := runSiap("--data", data, "verify")
	if code != 1 || !strings.Contains(errOut, data) || !strings.Contains(errOut, "restore the newest good backup") || strings.Contains(errOut, "goroutine") {
		t.Errorf("verify on a damaged file: %d %q", code, errOut)
	}
}

// laptop runs siap on one person's data file with that person's
// passphrase alone: no passphrase of another laptop is ever in reach.
type laptop struct {
	t          *testing.T
	data, pass string
}

func (l laptop) siap(args ...string) (int, string, string) {
	l.t.Helper()
	l.t.Setenv(passphraseEnv, l.pass)
	l.t.Setenv("SIAP_PACK_PASSPHRASE", "")
	return runSiap(append([]string{"--data", l.data}, args...)...)
}

// key is the laptop's public key: all siap key prints.
func (l laptop) key() string {
	l.t.Helper()
	code, out, errOut := l.siap("key")
	if code != 0 || !strings.HasPrefix(out, "age1") {
		l.t.Fatalf("siap key: %d %q %s", code, out, errOut)
	}
	if strings.Count(out, "\n") != 1 {
		l.t.Fatalf("siap key printed more than the key: %q", out)
	}
	return strings.TrimSpace(out)
}

// TestSupervisorCommands drives a team: two interviewers and a
// supervisor, each with their own passphrase, trade public keys once and
// then packs both ways; each pack opens only on the laptop it was made
// for, and no one types anyone else's passphrase.
func TestSupervisorCommands(t *testing.T) {
	dir := t.TempDir()
	ani := laptop{t, filepath.Join(dir, "ani.db"), "kopi-jendela-merah"}
	budi := laptop{t, filepath.Join(dir, "budi.db"), "sepeda-hujan-kupang-9"}
	sup := laptop{t, filepath.Join(dir, "sup.db"), "rendang-padang-42"}
	ani.siap("simulate", "--n", "30", "--seed", "1", "--interviewer", "Ani")
	budi.siap("simulate", "--n", "20", "--seed", "2", "--interviewer", "Budi")
	supKey := sup.key()
	for _, l := range []laptop{ani, budi} {
		if code, out, errOut := l.siap("key", "--trust", "Sri", supKey, "--supervisor"); code != 0 || !strings.Contains(out, "trusts "+supKey+" as Sri") {
			t.Fatalf("trusting the supervisor: %d %s %s", code, out, errOut)
		}
	}
	if code, out, _ := ani.siap("key", "--trusted"); code != 0 || out != "Sri\t"+supKey+"\tsupervisor\n" {
		t.Errorf("siap key --trusted lists no trusted supervisor: %q", out)
	}
	if code, _, errOut := sup.siap("key", "--trusted"); code != 0 || !strings.Contains(errOut, "trusts no teammate") {
		t.Errorf("siap key --trusted on a file trusting no one: %d %q", code, errOut)
	}
	if code, _, errOut := sup.siap("key", "--trusted", "--trust", "Ani", supKey); code != 2 || !strings.Contains(errOut, "--trusted does not go with --trust") {
		t.Errorf("siap key --trusted --trust: %d %q", code, errOut)
	}
	sup.siap("key", "--trust", "Ani", ani.key())
	sup.siap("key", "--trust", "Budi", budi.key())

	pack := filepath.Join(dir, "ani.pack")
	if code, out, errOut := ani.siap("pack", "--out", pack); code != 0 || !strings.Contains(out, "wrote "+pack) {
		t.Fatalf("pack: %d %s %s", code, out, errOut)
	}
	budiPack := filepath.Join(dir, "budi.pack")
	budi.siap("pack", "--out", budiPack)
	code, out, errOut := sup.siap("merge", pack, budiPack)
	if code != 0 || !strings.Contains(out, pack+": 30 added, 0 updated, 0 unchanged, 0 in conflict") || !strings.Contains(out, budiPack+": 20 added") {
		t.Fatalf("merge: %d %s %s", code, out, errOut)
	}
	code, out, _ = sup.siap("merge", pack)
	if code != 0 || !strings.Contains(out, "0 added, 0 updated, 30 unchanged") {
		t.Errorf("merging again: %s", out)
	}
	// Ani's laptop cannot open what it sent, nor Budi's; it keeps its own
	// interviews in its own file.
	for _, tt := range []struct {
		who  laptop
		pack string
	}{{ani, pack}, {budi, pack}, {ani, budiPack}} {
		code, _, errOut := tt.who.siap("merge", tt.pack)
		if code != 1 || !strings.Contains(errOut, "was encrypted for Sri ("+supKey+"), not for this data file") || strings.Count(errOut, "\n") != 1 {
			t.Errorf("%s merging %s: %d %q", filepath.Base(tt.who.data), filepath.Base(tt.pack), code, errOut)
		}
	}
	code, _, errOut = sup.siap("merge", filepath.Join(dir, "nothing.pack"))
	if code != 1 || !strings.Contains(errOut, "nothing.pack") {
		t.Errorf("merging a missing file: %d %s", code, errOut)
	}
	back := filepath.Join(dir, "for-ani.pack")
	code, out, errOut = sup.siap("pack", "--out", back, "--interviewer", "Ani")
	if code != 0 || !strings.Contains(out, "with 30 interviews by Ani") {
		t.Fatalf("pack for one interviewer: %d %s %s", code, out, errOut)
	}
	code, out, errOut = ani.siap("merge", back)
	if code != 0 || !strings.Contains(out, "0 added, 0 updated, 30 unchanged") {
		t.Errorf("the pack for Ani on Ani's laptop: %d %s %s", code, out, errOut)
	}
	// Budi's laptop does not know Ani's key: it names the key.
	aniKey := ani.key()
	if code, _, errOut := budi.siap("merge", back); code != 1 || !strings.Contains(errOut, "was encrypted for "+aniKey+", not for this data file") {
		t.Errorf("the pack for Ani on Budi's laptop: %d %s", code, errOut)
	}
	code, _, errOut = sup.siap("pack", "--out", back, "--interviewer", "Citra")
	if code != 1 || !strings.Contains(errOut, `trusts no key for "Citra"`) {
		t.Errorf("pack for an interviewer without a key: %d %s", code, errOut)
	}
	sup.siap("key", "--trust", "Citra", budi.key())
	code, _, errOut = sup.siap("pack", "--out", back, "--interviewer", "Citra")
	if code != 2 || !strings.Contains(errOut, `no interviews by "Citra"`) || !strings.Contains(errOut, "Ani, Budi") {
		t.Errorf("pack for an unknown interviewer: %d %s", code, errOut)
	}
	outDir := filepath.Join(dir, "export")
	code, out, errOut = sup.siap("export", "--out", outDir, "--include-simulated", "--status", "completed")
	if code != 0 || !strings.Contains(out, "exported") {
		t.Fatalf("export: %d %s %s", code, out, errOut)
	}
	for _, f := range []string{"data.csv", "codebook.csv", "paradata.csv", "quality.csv", "data.do", "data.sps"} {
		if _, err := os.Stat(filepath.Join(outDir, f)); err != nil {
			t.Errorf("export wrote no %s", f)
		}
	}
	code, _, errOut = sup.siap("export", "--out", outDir, "--include-pii")
	if code != 0 || !strings.Contains(errOut, "--include-pii") {
		t.Errorf("--include-pii does not say so on stderr: %q", errOut)
	}
	code, _, errOut = sup.siap("export", "--out", outDir, "--names", "spss")
	if code != 2 || !strings.Contains(errOut, "--names") {
		t.Errorf("export --names spss: %d %q", code, errOut)
	}
	code, _, errOut = sup.siap("export")
	if code != 2 || !strings.Contains(errOut, "--out") {
		t.Errorf("export without --out: %d %q", code, errOut)
	}
}

func TestSummaryCommand(t *testing.T) {
	data := filepath.Join(t.TempDir(), "siap.db")
	runSiap("--data", data, "simulate", "--n", "120")
	code, out, errOut := runSiap("--data", data, "summary", "--format", "csv")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || lines[0] != "indicator,domain,kind,group,n,count,value,ci_low,ci_high,sd,test,p_value,warning,distribution,reference" {
		t.Fatalf("summary csv: %d %q %s", code, lines[0], errOut)
	}
	if !strings.Contains(errOut, "simulated ones are counted") {
		t.Errorf("no notice that simulated interviews are counted: %q", errOut)
	}
	// 13 indicators, five cities and all.
	if len(lines) != 1+13*6 {
		t.Errorf("%d csv lines, want %d", len(lines), 1+13*6)
	}
	for _, f := range []string{"table", "markdown", "json"} {
		code, out, _ := runSiap("--data", data, "summary", "--format", f, "--lang", "en")
		if code != 0 || !strings.Contains(out, "Owns a bank account") || !strings.Contains(strings.ToLower(out), "kupang") {
			t.Errorf("summary --format %s: %d\n%s", f, code, out)
		}
	}
	if code, _, errOut := runSiap("--data", data, "summary", "--by", "resp_age"); code != 1 || !strings.Contains(errOut, "resp_age") {
		t.Errorf("--by an integer question: %d %q", code, errOut)
	}
	if code, out, _ := runSiap("--data", data, "summary", "--quantiles", "spss"); code != 0 || !strings.Contains(out, "type 6") {
		t.Errorf("--quantiles spss: %d\n%s", code, out)
	}
	if code, _, errOut := runSiap("--data", data, "summary", "--quantiles", "sas"); code != 2 || !strings.Contains(errOut, "--quantiles") {
		t.Errorf("--quantiles sas: %d %q", code, errOut)
	}
}

func TestPassphraseCommands(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "siap.db")
	runSiap("--data", data, "simulate", "--n", "5")

	t.Setenv(passphraseEnv, "")
	if code, _, errOut := runSiap("--data", data, "list"); code != 1 || !strings.Contains(errOut, "is encrypted: set SIAP_PASSPHRASE") {
		t.Errorf("no passphrase: %d %q", code, errOut)
	}
	if code, _, errOut := runSiap("--data", filepath.Join(dir, "new.db"), "simulate", "--n", "1"); code != 1 || !strings.Contains(errOut, "--no-encryption") {
		t.Errorf("a new file without a passphrase: %d %q", code, errOut)
	}
	if code, _, errOut := runSiap("--data", filepath.Join(dir, "training.db"), "--no-encryption", "simulate", "--n", "1"); code != 0 {
		t.Errorf("--no-encryption: %d %q", code, errOut)
	}
	t.Setenv(passphraseEnv, "not-the-passphrase")
	if code, _, errOut := runSiap("--data", data, "list"); code != 1 || !strings.Contains(errOut, "wrong passphrase") {
		t.Errorf("wrong passphrase: %d %q", code, errOut)
	}
	t.Setenv(passphraseEnv, testPassphrase)
	t.Setenv("SIAP_NEW_PASSPHRASE", "nasi-kuning-manado")
	if code, out, errOut := runSiap("--data", data, "passwd"); code != 0 || !strings.Contains(out, "is changed") {
		t.Fatalf("passwd: %d %s %s", code, out, errOut)
	}
	if code, _, _ := runSiap("--data", data, "list"); code != 1 {
		t.Error("the old passphrase still opens the file")
	}
	t.Setenv(passphraseEnv, "nasi-kuning-manado")
	code, out, _ := runSiap("--data", data, "list", "--format", "csv")
	if code != 0 {
		t.Fatal("the new passphrase does not open the file")
	}
	id := strings.SplitN(strings.Split(out, "\n")[1], ",", 2)[0]
	if code, _, errOut := runSiap("--data", data, "erase", id); code != 2 || !strings.Contains(errOut, "--yes") {
		t.Errorf("erase without --yes and no terminal: %d %q", code, errOut)
	}
	if code, out, errOut := runSiap("--data", data, "erase", "--yes", id); code != 0 || !strings.Contains(out, "erased "+id) {
		t.Fatalf("erase: %d %s %s", code, out, errOut)
	}
	_, out, _ = runSiap("--data", data, "list", "--format", "csv")
	if strings.Contains(out, id) {
		t.Error("the erased interview is still listed")
	}
	if code, _, _ := runSiap("--data", data, "erase", "--yes", id); code != 1 {
		t.Error("erasing a missing interview did not fail")
	}
}

// TestFormWithChoicesFile: a form that takes choices from a CSV beside
// it keeps working once the data file is opened from elsewhere, and a
// pack of it merges into a supervisor's new file; the form carries the
// supervisor's key, so the laptop encrypts for it without being told.
func TestFormWithChoicesFile(t *testing.T) {
	dir := t.TempDir()
	sup := filepath.Join(dir, "sup.db")
	code, out, errOut := runSiap("--data", sup, "key")
	if code != 0 {
		t.Fatalf("siap key: %d %s", code, errOut)
	}
	supKey := strings.TrimSpace(out)
	formDir := filepath.Join(dir, "form")
	os.MkdirAll(formDir, 0o700)
	os.WriteFile(filepath.Join(formDir, "f.csv"), []byte("survey,,,\n,type,name,label\n,select_one_from_file towns.csv,town,Kota\n,integer,n,Jumlah\n"+
		"settings,,,\n,form_id,siap_supervisor_key,\n,towns,"+supKey+",\n"), 0o600)
	os.WriteFile(filepath.Join(formDir, "towns.csv"), []byte("name,label\nmdn,Medan\nsby,Surabaya\n"), 0o600)
	data := filepath.Join(dir, "field.db")
	if code, out, errOut := runSiap("--data", data, "--form", filepath.Join(formDir, "f.csv"), "simulate", "--n", "5"); code != 0 {
		t.Fatalf("simulate: %d %s %s", code, out, errOut)
	}
	// The start command repeated with a reading command: read with the
	// questionnaire named.
	if code, out, errOut := runSiap("--data", data, "--form", filepath.Join(formDir, "f.csv"), "list", "--format", "csv"); code != 0 || strings.Count(out, "\n") != 6 {
		t.Fatalf("list with --form: %d %s %s", code, out, errOut)
	}
	os.RemoveAll(formDir) // the form's folder is gone; the data file keeps what it needs
	if code, out, errOut := runSiap("--data", data, "list", "--format", "csv"); code != 0 || strings.Count(out, "\n") != 6 {
		t.Fatalf("list: %d %s %s", code, out, errOut)
	}
	pack := filepath.Join(dir, "field.pack")
	if code, out, errOut := runSiap("--data", data, "pack", "--out", pack); code != 0 {
		t.Fatalf("pack: %d %s %s", code, out, errOut)
	}
	if code, out, errOut := runSiap("--data", sup, "merge", pack); code != 0 || !strings.Contains(out, "5 added") {
		t.Fatalf("merge into a new file: %d %s %s", code, out, errOut)
	}
	if code, out, errOut := runSiap("--data", sup, "export", "--out", filepath.Join(dir, "out"), "--include-simulated"); code != 0 || !strings.Contains(out, "exported 5 interviews") {
		t.Errorf("export of the merged file: %d %s %s", code, out, errOut)
	}
}

// TestRestoreCommand: siap restore lists the backups, and restores one
// after checking it, keeping the file it replaces.
func TestRestoreCommand(t *testing.T) {
	data := filepath.Join(t.TempDir(), "siap.db")
	runSiap("--data", data, "simulate", "--n", "4")
	runSiap("--data", data, "simulate", "--n", "3") // opening again keeps a backup with 4
	code, out, errOut := runSiap("--data", data, "restore")
	if code != 0 || !strings.Contains(out, "siap.db.bak-") {
		t.Fatalf("restore lists: %d %s %s", code, out, errOut)
	}
	backups, _ := store.Backups(data)
	code, out, errOut = runSiap("--data", data, "restore", backups[len(backups)-1])
	if code != 0 || !strings.Contains(out, "(4 interviews)") || !strings.Contains(out, "is kept as "+data+".replaced-") {
		t.Fatalf("restore: %d %s %s", code, out, errOut)
	}
	if _, out, _ := runSiap("--data", data, "list", "--format", "csv"); strings.Count(out, "\n") != 5 {
		t.Errorf("after restoring: %s", out)
	}
	code, _, errOut = runSiap("--data", data, "restore", filepath.Join(t.TempDir(), "nothing"))
	if code != 1 || !strings.Contains(errOut, "nothing") {
		t.Errorf("restoring a missing backup: %d %s", code, errOut)
	}
}

// TestFlagsAfterArguments: a flag after a command's arguments is a flag,
// not a file name.
func TestFlagsAfterArguments(t *testing.T) {
	form := filepath.Join(t.TempDir(), "where.csv")
	os.WriteFile(form, []byte("survey,,,\n,type,name,label\n,geopoint,where,Lokasi\n,integer,n,Jumlah\n"), 0o600)
	tests := []struct {
		args   []string
		code   int
		stdout string
	}{
		{[]string{"check", form}, 0, "warning: where has type"},
		{[]string{"check", form, "--strict"}, 1, "error: where has type"},
		{[]string{"check", "--strict", form}, 1, "error: where has type"},
	}
	for _, tt := range tests {
		code, out, errOut := runSiap(tt.args...)
		if code != tt.code || !strings.Contains(out, tt.stdout) || errOut != "" {
			t.Errorf("siap %s: exit %d\nstdout: %s\nstderr: %s\nwant exit %d and %q", strings.Join(tt.args, " "), code, out, errOut, tt.code, tt.stdout)
		}
	}
}

// TestCompletionAndManual: shell completion scripts and the manual page
// are made from the commands themselves.
func TestCompletionAndManual(t *testing.T) {
	for _, shell := range []string{"bash", "zsh", "fish", "powershell"} {
		if code, out, errOut := runSiap("completion", shell); code != 0 || !strings.Contains(out, "siap") {
			t.Errorf("completion %s: exit %d, %d bytes, stderr %q", shell, code, len(out), errOut)
		}
	}
	// Completing a flag's value offers the values it accepts.
	code, out, _ := runSiap("__complete", "list", "--format", "")
	if code != 0 || !strings.Contains(out, "csv\n") || !strings.Contains(out, "json\n") {
		t.Errorf("completing list --format: %d %q", code, out)
	}
	code, out, errOut := runSiap("man")
	if code != 0 || !strings.Contains(out, ".TH") || !strings.Contains(out, "merge") || !strings.Contains(out, "--lock-after") || !strings.Contains(out, "LC_MESSAGES") {
		t.Errorf("man: exit %d, stderr %q\n%.400s", code, errOut, out)
	}
}

// TestWeakPassphrasesAreRefused: a new passphrase an attacker would
// guess at once is refused, in the locale's language, for a new file and
// for siap passwd; nothing is made.
func TestWeakPassphrasesAreRefused(t *testing.T) {
	dir := t.TempDir()
	for _, tt := range []struct{ lang, pass, want string }{
		{"C", "aaaaaaaaaa", "the passphrase in SIAP_PASSPHRASE is too easy to guess"},
		{"C", "password123", "the passphrase in SIAP_PASSPHRASE is too easy to guess"},
		{"C", "qwertyuiop", "the passphrase in SIAP_PASSPHRASE is too easy to guess"},
		{"id_ID.UTF-8", "aaaaaaaaaa", "frasa sandi di SIAP_PASSPHRASE terlalu mudah ditebak"},
		{"C", "short", "SIAP_PASSPHRASE must have at least 10 characters"},
	} {
		t.Setenv("LANG", tt.lang)
		t.Setenv(passphraseEnv, tt.pass)
		data := filepath.Join(dir, "new.db")
		code, _, errOut := runSiap("--data", data, "simulate", "--n", "1")
		if code != 1 || !strings.Contains(errOut, tt.want) {
			t.Errorf("LANG=%s %q: %d %q, want %q", tt.lang, tt.pass, code, errOut, tt.want)
		}
		if _, err := os.Stat(data); err == nil {
			t.Errorf("%q: a data file was made", tt.pass)
		}
	}
	t.Setenv("LANG", "C")
	data := filepath.Join(dir, "siap.db")
	t.Setenv(passphraseEnv, testPassphrase)
	runSiap("--data", data, "simulate", "--n", "1")
	t.Setenv("SIAP_NEW_PASSPHRASE", "aaaaaaaaaa")
	if code, _, errOut := runSiap("--data", data, "passwd"); code != 1 || !strings.Contains(errOut, "the passphrase in SIAP_NEW_PASSPHRASE is too easy to guess") {
		t.Errorf("passwd to a weak passphrase: %d %q", code, errOut)
	}
	if code, _, _ := runSiap("--data", data, "list"); code != 0 {
		t.Error("a refused passwd changed the passphrase")
	}
}

// TestOneDamagedInterview: list and export show every interview but the
// damaged one, name it, and fail; verify --salvage writes the rest into a
// new file that lists clean.
func TestOneDamagedInterview(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "siap.db")
	runSiap("--data", data, "simulate", "--n", "6")
	db, err := bolt.Open(data, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Its answers (what export reads) and its facts (what list reads).
	db.Update(func(tx *bolt.Tx) error {
		for _, bucket := range []string{"answers", "facts"} {
			b := tx.Bucket([]byte(bucket))
			k, v := b.Cursor().First()
			v = bytes.Clone(v)
			v[len(v)-1] ^= 1
			if err := b.Put(bytes.Clone(k), v); err != nil {
				return err
			}
		}
		return nil
	})
	db.Close()
	code, out, errOut := runSiap("--data", data, "list", "--format", "csv")
	if code != 1 || strings.Count(out, "\n") != 6 || !strings.Contains(errOut, "these interviews could not be read and were left out: uuid:") {
		t.Errorf("list: %d\n%s%s", code, out, errOut)
	}
	code, out, errOut = runSiap("--data", data, "export", "--out", filepath.Join(dir, "out"), "--include-simulated")
	if code != 1 || !strings.Contains(out, "exported 5 interviews") || !strings.Contains(errOut, "could not be read") {
		t.Errorf("export: %d %s %s", code, out, errOut)
	}
	salvaged := filepath.Join(dir, "salvaged.db")
	code, out, errOut = runSiap("--data", data, "verify", "--salvage", salvaged)
	if code != 1 || !strings.Contains(out, "wrote "+salvaged+" with 5 interviews; left out, damaged: uuid:") {
		t.Errorf("verify --salvage: %d %s %s", code, out, errOut)
	}
	if code, out, errOut := runSiap("--data", salvaged, "verify"); code != 0 || !strings.Contains(out, "checked 5 interviews") {
		t.Errorf("the salvaged file: %d %s %s", code, out, errOut)
	}
}

// TestPasswdRotate: after siap passwd --rotate, the old passphrase opens
// neither the data file nor its backups, and the new one opens both.
func TestPasswdRotate(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "siap.db")
	runSiap("--data", data, "simulate", "--n", "3")
	runSiap("--data", data, "simulate", "--n", "2") // keeps a backup of the first three
	backups, _ := store.Backups(data)
	if len(backups) == 0 {
		t.Fatal("no backup")
	}
	t.Setenv("SIAP_NEW_PASSPHRASE", "nasi-kuning-manado")
	code, out, errOut := runSiap("--data", data, "passwd", "--rotate")
	if code != 0 || !strings.Contains(out, "encrypted again under a new key") {
		t.Fatalf("passwd --rotate: %d %s %s", code, out, errOut)
	}
	for _, f := range append([]string{data}, backups...) {
		if _, err := store.Open(f, store.Options{ReadOnly: true, Passphrase: testPassphrase}); err == nil {
			t.Errorf("the old passphrase still opens %s", filepath.Base(f))
		}
		s, err := store.Open(f, store.Options{ReadOnly: true, Passphrase: "nasi-kuning-manado"})
		if err != nil {
			t.Errorf("the new passphrase on %s: %v", filepath.Base(f), err)
			continue
		}
		s.Close()
	}
	t.Setenv(passphraseEnv, "nasi-kuning-manado")
	if code, out, _ := runSiap("--data", data, "list", "--format", "csv"); code != 0 || strings.Count(out, "\n") != 6 {
		t.Errorf("list after rotation: %d %s", code, out)
	}
}

// TestVerifyInIndonesian: what verify finds wrong with a data file reads
// in the locale's language, the store's own failures included.
func TestVerifyInIndonesian(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "siap.db")
	if code, _, errOut := runSiap("--data", data, "simulate", "--n", "3"); code != 0 {
		t.Fatalf("simulate: %s", errOut)
	}
	db, err := bolt.Open(data, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		// The paradata of the first interview, and a damaged answers
		// record of the last.
		c := tx.Bucket([]byte("log")).Cursor()
		for k, _ := c.First(); k != nil; k, _ = c.Next() {
			if len(k) == 18 && k[8] == 4 && k[13] == 2 { // seq 4 n kind(2: paradata) m
				if err := c.Delete(); err != nil {
					return err
				}
				break
			}
		}
		b := tx.Bucket([]byte("answers"))
		k, v := b.Cursor().Last()
		v = bytes.Clone(v)
		v[len(v)-1] ^= 1
		return b.Put(bytes.Clone(k), v)
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		lang      string
		want, not []string
	}{
		{"id_ID.UTF-8", []string{"masalah: wawancara uuid:", "baris paradata terakhirnya dihapus di luar siap: ada 0, sedangkan berkas terakhir menulis 1", "jawaban rekaman 0000000000000003: nilai tidak lolos autentikasi"}, []string{"interview", "rows", "removed", "authentication", "problem:"}},
		{"en_US.UTF-8", []string{"problem: interview uuid:", "its last paradata rows were removed outside siap: it has 0, and the file last wrote 1", "answers of record 0000000000000003: value fails authentication"}, []string{"wawancara", "masalah"}},
	} {
		t.Setenv("LANG", tt.lang)
		code, out, errOut := runSiap("--data", data, "verify")
		if code != 1 {
			t.Errorf("%s: exit %d, want 1: %s", tt.lang, code, errOut)
		}
		for _, w := range tt.want {
			if !strings.Contains(out, w) {
				t.Errorf("%s: verify does not say %q:\n%s", tt.lang, w, out)
			}
		}
		for _, w := range tt.not {
			if strings.Contains(out, w) {
				t.Errorf("%s: verify says %q:\n%s", tt.lang, w, out)
			}
		}
	}
}

// TestVerifyWordsWhereReadingStopped: a page that stops verify's
// reading is named as such, in the locale's language, not with the
// damaged-file message that sends the user to run verify.
func TestVerifyWordsWhereReadingStopped(t *testing.T) {
	p := store.NewProblem(store.WordUnreadable, &store.DamagedError{Path: "siap.db", Cause: errors.New("unexpected fault address")})
	for _, tt := range []struct {
		l    lang
		want string
	}{
		{indonesian, "berkas rusak di sini dan tidak terbaca lebih jauh: yang sesudahnya tidak diperiksa"},
		{english, "the file is damaged here and reads no further: what follows was not checked"},
	} {
		if got := (&cli{lang: tt.l}).problemText(p); got != tt.want {
			t.Errorf("%v: %q, want %q", tt.l, got, tt.want)
		}
	}
}

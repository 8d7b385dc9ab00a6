package cli

import (
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// TestHelpHasBothLanguages: every command's Short and Long, and every
// flag's usage, reads differently in Bahasa Indonesia, and helpTexts
// holds nothing no command says.
func TestHelpHasBothLanguages(t *testing.T) {
	root := func(l lang) *cobra.Command {
		return (&cli{stdout: io.Discard, stderr: io.Discard, lang: l}).newRoot()
	}
	used := map[string]bool{}
	same := func(where, en, id string) {
		used[en] = true
		if en != "" && en == id {
			t.Errorf("%s has no Bahasa Indonesia (add it to helpTexts): %q", where, en)
		}
	}
	var walk func(en, id *cobra.Command)
	walk = func(en, id *cobra.Command) {
		path := en.CommandPath()
		same(path+" Short", en.Short, id.Short)
		same(path+" Long", en.Long, id.Long)
		// A use line names its arguments in capitals (FILE, BACKUP),
		// which may read alike in both languages (ID).
		if strings.ContainsAny(en.Use, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") && en.Name() != "help" {
			used[en.Use] = true
			if _, ok := helpTexts[en.Use]; !ok {
				t.Errorf("%s: use line %q has no Bahasa Indonesia in helpTexts", path, en.Use)
			}
		}
		for _, fs := range []func(*cobra.Command) *pflag.FlagSet{(*cobra.Command).LocalNonPersistentFlags, (*cobra.Command).PersistentFlags} {
			fs(en).VisitAll(func(f *pflag.Flag) {
				if g := fs(id).Lookup(f.Name); g != nil {
					same(path+" --"+f.Name, f.Usage, g.Usage)
				}
			})
		}
		for _, sub := range en.Commands() {
			other, _, err := id.Find([]string{sub.Name()})
			if err != nil || other == id {
				t.Errorf("%s has no %s in Bahasa Indonesia", path, sub.Name())
				continue
			}
			walk(sub, other)
		}
	}
	walk(root(english), root(indonesian))
	if len(used) < 60 {
		t.Fatalf("found %d help texts: the test no longer reads them", len(used))
	}
	for en := range helpTexts {
		if !used[en] {
			t.Errorf("helpTexts has %q, which no command says", en)
		}
	}
}

// englishWords are words of siap's own English that have no place in
// what it prints for an Indonesian reader.
var englishWords = regexp.MustCompile(`(?i)\b(the|interviews?|added|exported|wrote|checked|backups?|problems?|found|usage|flags|available|commands?|errors?|warnings?|rows?|sheet|column|cannot|no answer|minutes|started|answered|interviewer|completed|approved|refused|total|indicator|reference|percentages|these|help for|language|ok)\b`)

// TestCommandsSpeakIndonesian runs each command as a user with an
// Indonesian locale would and fails on an English word of siap's own in
// what it prints for people (stdout and stderr).
func TestCommandsSpeakIndonesian(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "siap.db")
	if code, _, errOut := runSiap("--no-encryption", "--data", data, "simulate", "--n", "30", "--interviewer", "Ani"); code != 0 {
		t.Fatalf("simulate: %d %s", code, errOut)
	}
	badForm := filepath.Join(dir, "bad.csv")
	if err := os.WriteFile(badForm, []byte("survey,type,name,label,relevant\n,intgr,a,A,\n,integer,b,,${zz} >\n,integer,Age,Age,\n,integer,c,C,${age} > 1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("LANG", "id_ID.UTF-8")
	d := []string{"--data", data}
	tests := []struct {
		name string
		args []string
	}{
		{"help", []string{"--help"}},
		{"check", []string{"check"}},
		{"check a bad form", []string{"check", badForm}},
		{"a bad form to start", []string{"--form", badForm, "--data", filepath.Join(dir, "new.db"), "--no-encryption", "list"}},
		{"simulate", append(d, "simulate", "--n", "5", "--interviewer", "Budi")},
		{"list", append(d, "list")},
		{"progress", append(d, "progress")},
		{"summary", append(d, "summary", "--lang", "id")},
		{"export", append(d, "export", "--out", filepath.Join(dir, "out"), "--include-simulated")},
		{"pack", append(d, "pack", "--out", filepath.Join(dir, "ani.siap"))},
		{"merge", []string{"--no-encryption", "--data", filepath.Join(dir, "hq.db"), "merge", data}},
		{"verify", append(d, "verify")},
		{"restore", append(d, "restore")},
		{"version", []string{"version"}},
		{"key --trusted", append(d, "key", "--trusted")},
	}
	var cmds []string
	for _, c := range (&cli{stdout: io.Discard, stderr: io.Discard, lang: indonesian}).newRoot().Commands() {
		cmds = append(cmds, c.Name())
	}
	for _, name := range cmds {
		tests = append(tests, struct {
			name string
			args []string
		}{name + " --help", []string{name, "--help"}})
	}
	for _, shell := range []string{"bash", "zsh", "fish", "powershell"} {
		tests = append(tests, struct {
			name string
			args []string
		}{"completion " + shell + " --help", []string{"completion", shell, "--help"}})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, out, errOut := runSiap(tt.args...)
			text := out + errOut
			if strings.TrimSpace(text) == "" {
				t.Fatalf("siap %s printed nothing", strings.Join(tt.args, " "))
			}
			// Paths, flags, values and the store's words in English
			// (verify's notes) are not siap's words to translate.
			text = strings.ReplaceAll(text, dir, "DIR")
			for _, line := range strings.Split(text, "\n") {
				if w := englishWords.FindString(withoutQuoted(line)); w != "" {
					t.Errorf("siap %s: %q in %q", strings.Join(tt.args, " "), w, line)
				}
			}
		})
	}
}

// quotedOrNamed are what a line names rather than says: quoted values,
// flags, file names, $VARIABLES and command lines given as examples.
var quotedOrNamed = regexp.MustCompile(`"[^"]*"|'[^']*'|--?[a-z][a-z-]*|\S+\.(csv|xlsx|db|siap|do|sps|R|json|md)\b|\$\S+|siap [a-z]+( [A-Z]+)*|\(draft,[a-z,]+\)|completed,approved`)

func withoutQuoted(line string) string { return quotedOrNamed.ReplaceAllString(line, "") }

// TestOutputInBothLanguages: what commands print for people reads in
// the locale's language, with figures in its convention, while csv keeps
// the machine's.
func TestOutputInBothLanguages(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "siap.db")
	if code, _, errOut := runSiap("--no-encryption", "--data", data, "simulate", "--n", "40", "--interviewer", "Ani"); code != 0 {
		t.Fatalf("simulate: %d %s", code, errOut)
	}
	d := []string{"--data", data}
	tests := []struct {
		name   string
		args   []string
		locale string
		want   []string
	}{
		{"simulate", append(d, "simulate", "--n", "1", "--interviewer", "Budi"), "id_ID.UTF-8", []string{"1 wawancara simulasi ditambahkan ke " + data + ": "}},
		{"simulate", append(d, "simulate", "--n", "1", "--interviewer", "Cici"), "en_US.UTF-8", []string{"added 1 simulated interview to " + data + ": "}},
		{"list", append(d, "list", "--status", "completed"), "id_ID.UTF-8", []string{"ID  ", "STATUS", "KOTA", "PEWAWANCARA", "  selesai  ", " wawancara\n"}},
		{"list", append(d, "list", "--status", "completed"), "en_US.UTF-8", []string{"CITY", "INTERVIEWER", "  completed  ", " interviews\n"}},
		{"progress", append(d, "progress"), "id_ID.UTF-8", []string{"PEWAWANCARA", "MEDIAN MENIT", "\nsemua ", ","}},
		{"progress", append(d, "progress"), "en_US.UTF-8", []string{"INTERVIEWER", "MEDIAN MIN", "\nall ", "."}},
		{"progress as csv", append(d, "progress", "--format", "csv"), "id_ID.UTF-8", []string{"all,", "."}},
		{"verify", append(d, "verify"), "id_ID.UTF-8", []string{"diperiksa 42 wawancara, ", " jawaban", "tidak ada masalah"}},
		{"verify", append(d, "verify"), "en_US.UTF-8", []string{"checked 42 interviews, ", " answers", "no problems found"}},
		{"summary", append(d, "summary"), "id_ID.UTF-8", []string{"indikator", "acuan", "wawancara, dikelompokkan menurut", "tipe 7, seperti R", "0,", "[Akses]", "\nMemiliki rekening bank "}},
		{"summary", append(d, "summary"), "en_US.UTF-8", []string{"indicator", "reference", "interviews, grouped by", "type 7, as R", "0.", "[Access]", "\nOwns a bank account "}},
		{"summary in the form's language", append(d, "summary", "--lang", "id"), "en_US.UTF-8", []string{"indicator", "[Akses]", "\nMemiliki rekening bank "}},
		{"check", []string{"check"}, "id_ID.UTF-8", []string{"(bawaan): baik: ", " baris, 2 bahasa, 0 peringatan\n"}},
		{"check", []string{"check"}, "en_US.UTF-8", []string{"(shipped): ok: ", " rows, 2 languages, 0 warnings\n"}},
	}
	for _, tt := range tests {
		t.Run(tt.name+" "+tt.locale, func(t *testing.T) {
			t.Setenv("LANG", tt.locale)
			code, out, errOut := runSiap(tt.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("siap %s: stdout lacks %q:\n%s", strings.Join(tt.args, " "), w, out)
				}
			}
		})
	}
}

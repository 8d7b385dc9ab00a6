package export

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// needTool finds an analysis tool the export's scripts are run in. A
// developer without it is told so and the test skips; CI (CI=true)
// installs it, so there its absence fails.
func needTool(t *testing.T, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err == nil {
		return path
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is not installed, and CI must run the exported scripts in it (.ci/run installs it)", name)
	}
	t.Skipf("%s is not installed: the exported scripts were not run in it (CI runs them)", name)
	return ""
}

// exports are the exports the scripts are run on: the shipped form's
// simulated interviews, and awkwardForm's, also with Kobo's names (/ in
// every name) and the files prepared for Excel (a byte-order mark
// before each CSV's header).
func exports(t *testing.T) map[string]string {
	t.Helper()
	dirs := map[string]string{}
	st, form := simulated(t, 80)
	dirs["shipped"] = t.TempDir()
	if _, err := Run(st, form, dirs["shipped"], Options{Simulated: IncludeSimulated, IncludePII: true}); err != nil {
		t.Fatal(err)
	}
	st, form = awkwardFile(t)
	dirs["awkward"] = t.TempDir()
	if _, err := Run(st, form, dirs["awkward"], Options{IncludePII: true}); err != nil {
		t.Fatal(err)
	}
	dirs["kobo-excel"] = t.TempDir()
	if _, err := Run(st, form, dirs["kobo-excel"], Options{IncludePII: true, Names: NamesKobo, Excel: true, XLSX: true}); err != nil {
		t.Fatal(err)
	}
	return dirs
}

// csvRows counts a CSV file's rows, its header left out.
func csvRows(t *testing.T, path string) int {
	t.Helper()
	_, rows := readCSV(t, path)
	return len(rows)
}

// TestRScripts sources data.R and every repeat's script in Rscript and
// checks what an analyst relies on: numbers are numeric (the readiness
// index, codes -99 included), identifiers keep their digits, labels are
// there, nested repeats join to their parent rows by PARENT_KEY, and
// every row is read.
func TestRScripts(t *testing.T) {
	rscript := needTool(t, "Rscript")
	dirs := exports(t)
	checks := map[string]string{
		"shipped": `check("readiness index numeric", is.numeric(data$preconditions_met))
check("readiness index has a mean", !is.na(mean(data$preconditions_met, na.rm = TRUE)))
check("NIK 16 characters", is.character(data$nik) && all(is.na(data$nik) | nchar(data$nik) == 16))
check("phones keep their leading 0", is.character(data$phone_number) && all(is.na(data$phone_number) | substr(data$phone_number, 1, 1) == "0"))
check("consent labelled", identical(unname(attr(data$consent, "labels")[names(attr(data$consent, "labels")) == "Ya"]), 1))
check("city labelled", "medan" %in% attr(data$city, "labels"))
`,
		"awkward": `check("negative codes numeric", is.numeric(data$answer_code) && -99 %in% data$answer_code)
check("negative codes labelled", identical(unname(attr(data$answer_code, "labels")["Refused"]), -99))
check("a counting calculation is numeric", is.numeric(data$conditions))
check("a dividing calculation is numeric", is.numeric(data$share) && abs(data$share[1] - 5/3) < 1e-9)
check("a skipped calculation is missing", all(is.na(data$skipped)))
check("bind::type int is numeric", is.numeric(data$declared))
check("the long name is whole", "` + longName + `" %in% names(data))
check("the question keeps its name beside the dummy", identical(data$fruit_apple[1], "green"))
check("phones keep their leading 0", identical(data$phone[1], "081234567890"))
check("nested repeat joins to its member", identical(merge(phones, members, by.x = "PARENT_KEY", by.y = "KEY")$mname, c("Ani", "Ani")))
check("members join to their interview", all(members$PARENT_KEY %in% data$KEY))
check("every table read", exists("members") && exists("phones"))
`,
	}
	for name, dir := range dirs {
		t.Run(name, func(t *testing.T) {
			// Every table's script, data.R and each repeat's, is sourced.
			script := `check <- function(what, ok) cat(if (isTRUE(ok)) "ok" else "FAILED", what, "\n")` + "\n"
			scripts, _ := filepath.Glob(filepath.Join(dir, "*.R"))
			for _, f := range scripts {
				table := strings.TrimSuffix(filepath.Base(f), ".R")
				script += fmt.Sprintf("source(%q, encoding = \"UTF-8\")\ncat(\"rows %s\", nrow(%s), \"\\n\")\n", filepath.Base(f), table, table)
			}
			script += checks[name]
			cmd := exec.Command(rscript, "--vanilla", "-e", script)
			cmd.Dir = dir
			out, err := cmd.CombinedOutput()
			t.Logf("Rscript on the %s export:\n%s", name, out)
			if err != nil {
				t.Fatalf("Rscript: %v", err)
			}
			for _, line := range strings.Split(string(out), "\n") {
				if strings.HasPrefix(line, "FAILED") {
					t.Error(line)
				}
				if f := strings.Fields(line); len(f) == 3 && f[0] == "rows" {
					if want := csvRows(t, filepath.Join(dir, f[1]+".csv")); f[2] != strconv.Itoa(want) {
						t.Errorf("R read %s rows of %s.csv, which has %d", f[2], f[1], want)
					}
				}
			}
			if strings.Count(string(out), "ok ") != strings.Count(checks[name], "check(") || strings.Count(string(out), "rows ") != len(scripts) {
				t.Errorf("not every check ran")
			}
		})
	}
}

// TestSPSSScripts runs every table's .sps in PSPP, writes the data back
// out as PSPP read it, and checks types, labels, levels and rows.
func TestSPSSScripts(t *testing.T) {
	pspp := needTool(t, "pspp")
	dirs := exports(t)
	tests := []struct {
		export, table string
		vars          string
		want          []string // lines of PSPP's CSV output
		numeric       []string // columns PSPP holds as numbers
		text          map[string]func(string) bool
	}{
		{"shipped", "data", "preconditions_met consent city",
			[]string{"preconditions_met,", ",Scale,", "city,", ",medan,Medan (Sumatera Utara)", ",1,Ya"},
			[]string{"preconditions_met", "consent", "resp_age"},
			map[string]func(string) bool{
				"nik":          func(s string) bool { return s == "" || len(s) == 16 },
				"phone_number": func(s string) bool { return s == "" || s[0] == '0' },
			}},
		{"awkward", "data", "answer_code satisfaction town " + longName[:spssNameMax],
			[]string{",-99,Refused", ",-98,Don't know", "satisfaction,", ",Ordinal,", ",north,North 'Hill'", longName + ": Why did you move?"},
			[]string{"answer_code", "conditions", "share", "declared"},
			map[string]func(string) bool{"phone": func(s string) bool { return s == "" || s[0] == '0' }}},
		{"awkward", "members", "mage", []string{"mage,"}, []string{"mage"}, nil},
		{"awkward", "phones", "phone_works", []string{",-98,Don't know"}, []string{"phone_works"},
			map[string]func(string) bool{"phone_no": func(s string) bool { return s[0] == '0' }}},
	}
	// Every table of every export, whatever its names: PSPP reads it
	// without a complaint, every row of it.
	for name, dir := range dirs {
		scripts, _ := filepath.Glob(filepath.Join(dir, "*.sps"))
		for _, f := range scripts {
			table := strings.TrimSuffix(filepath.Base(f), ".sps")
			check := "INSERT FILE='" + table + ".sps'.\nSAVE TRANSLATE /OUTFILE='back.csv' /TYPE=CSV /FIELDNAMES /REPLACE.\n"
			if err := os.WriteFile(filepath.Join(dir, "rows.sps"), []byte(check), 0o600); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(pspp, "rows.sps")
			cmd.Dir = dir
			if out, err := cmd.CombinedOutput(); err != nil || len(out) > 0 {
				t.Errorf("PSPP on %s/%s.sps: %v\n%s", name, table, err, out)
				continue
			}
			if got, want := csvRows(t, filepath.Join(dir, "back.csv")), csvRows(t, filepath.Join(dir, table+".csv")); got != want {
				t.Errorf("PSPP read %d rows of %s/%s.csv, which has %d", got, name, table, want)
			}
		}
	}
	for _, tt := range tests {
		t.Run(tt.export+"/"+tt.table, func(t *testing.T) {
			dir := dirs[tt.export]
			check := "INSERT FILE='" + tt.table + ".sps'.\n" +
				"DISPLAY DICTIONARY /VARIABLES=" + tt.vars + ".\n" +
				"SAVE TRANSLATE /OUTFILE='back.csv' /TYPE=CSV /FIELDNAMES /REPLACE.\n"
			if err := os.WriteFile(filepath.Join(dir, "check.sps"), []byte(check), 0o600); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(pspp, "check.sps", "-o", "out.csv", "-O", "format=csv")
			cmd.Dir = dir
			msgs, err := cmd.CombinedOutput()
			out, _ := os.ReadFile(filepath.Join(dir, "out.csv"))
			t.Logf("PSPP on the %s export's %s.sps:\n%s%s", tt.export, tt.table, msgs, out)
			if err != nil || strings.Contains(string(out), "error") || strings.Contains(string(out), "warning") {
				t.Fatalf("PSPP: %v", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(string(out), w) {
					t.Errorf("PSPP's dictionary lacks %q", w)
				}
			}
			header, back := readCSV(t, filepath.Join(dir, "back.csv"))
			_, orig := readCSV(t, filepath.Join(dir, tt.table+".csv"))
			if len(back) != len(orig) {
				t.Errorf("PSPP read %d rows of %s.csv, which has %d", len(back), tt.table, len(orig))
			}
			number := regexp.MustCompile(`^ *-?[0-9.]*$`)
			for _, col := range tt.numeric {
				if !slices.Contains(header, col) {
					t.Errorf("PSPP has no variable %s", col)
				}
				for i, r := range back {
					if !number.MatchString(r[col]) || strings.TrimSpace(r[col]) == "" && orig[i][col] != "" {
						t.Errorf("%s row %d: PSPP holds %q for %q", col, i+1, r[col], orig[i][col])
					}
				}
			}
			for col, ok := range tt.text {
				for i, r := range back {
					if v := strings.TrimSpace(r[col]); !ok(v) || v != orig[i][col] {
						t.Errorf("%s row %d: PSPP holds %q for %q", col, i+1, v, orig[i][col])
					}
				}
			}
		})
	}
}

// TestStataScripts reads every table's .do file as Stata would, for what
// Stata requires and cannot be run here: names of at most 32 characters
// in Stata's alphabet, each once, one per CSV column; every value label
// defined before it is attached; every labelled variable one the script
// made; each value label defined once; labels within Stata's 80
// characters.
func TestStataScripts(t *testing.T) {
	var (
		renameRe = regexp.MustCompile(`(?s)\nrename \(([^)]*)\) ///\n  \(([^)]*)\)`)
		nameRe   = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,31}$`)
		stringRe = regexp.MustCompile(`stringcols\(([0-9 ]+)\)`)
		lineRe   = regexp.MustCompile("^(label define|label values|label variable|generate int|replace|order) ([A-Za-z0-9_]+)(.*)$")
	)
	for name, dir := range exports(t) {
		files, _ := filepath.Glob(filepath.Join(dir, "*.do"))
		if len(files) == 0 {
			t.Fatalf("%s: no .do files", name)
		}
		for _, file := range files {
			b, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			do, where := string(b), name+"/"+filepath.Base(file)
			header, _ := readCSV(t, strings.TrimSuffix(file, ".do")+".csv")
			m := renameRe.FindStringSubmatch(do)
			if m == nil {
				t.Fatalf("%s: no rename of the imported columns", where)
			}
			from, to := strings.Fields(strings.ReplaceAll(m[1], "///", "")), strings.Fields(strings.ReplaceAll(m[2], "///", ""))
			if len(from) != len(header) || len(to) != len(header) {
				t.Fatalf("%s renames %d columns to %d names; the CSV has %d", where, len(from), len(to), len(header))
			}
			vars := map[string]bool{}
			for i, v := range to {
				if !nameRe.MatchString(v) || reserved[strings.ToLower(v)] {
					t.Errorf("%s: %q is not a Stata name", where, v)
				}
				if vars[v] {
					t.Errorf("%s: %s is named twice", where, v)
				}
				vars[v] = true
				if from[i] != "v"+strconv.Itoa(i+1) {
					t.Errorf("%s: column %d is read as %s", where, i+1, from[i])
				}
			}
			if sm := stringRe.FindStringSubmatch(do); sm != nil {
				for _, f := range strings.Fields(sm[1]) {
					if i, _ := strconv.Atoi(f); i < 1 || i > len(header) {
						t.Errorf("%s: stringcols names column %d of %d", where, i, len(header))
					}
				}
			}
			defined := map[string]bool{}
			for n, line := range strings.Split(do, "\n") {
				lm := lineRe.FindStringSubmatch(line)
				if lm == nil {
					continue
				}
				cmd, subject, rest := lm[1], lm[2], lm[3]
				at := fmt.Sprintf("%s:%d", where, n+1)
				switch cmd {
				case "label define":
					if len(subject) > 32 {
						t.Errorf("%s: value label %s is longer than 32 characters", at, subject)
					}
					if defined[subject] {
						t.Errorf("%s: value label %s is defined twice", at, subject)
					}
					defined[subject] = true
				case "label values":
					if !vars[subject] {
						t.Errorf("%s: labels values of %s, which the script has not made", at, subject)
					}
					if l := strings.TrimSpace(rest); !defined[l] {
						t.Errorf("%s: attaches %s before it is defined", at, l)
					}
				case "label variable":
					if !vars[subject] {
						t.Errorf("%s: labels %s, which the script has not made", at, subject)
					}
					text := strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(rest), "`\""), "\"'")
					if len([]rune(text)) > 80 {
						t.Errorf("%s: a variable label of %d characters; Stata keeps 80", at, len([]rune(text)))
					}
				case "generate int":
					if vars[subject] || !nameRe.MatchString(subject) {
						t.Errorf("%s: generates %s, taken or not a Stata name", at, subject)
					}
					vars[subject] = true
				case "replace", "order":
					if !vars[subject] {
						t.Errorf("%s: %s %s, which the script has not made", at, cmd, subject)
					}
				}
			}
		}
	}
}

func TestStataText(t *testing.T) {
	for in, want := range map[string]string{
		"Biaya ($US)":          `Biaya (\$US)`,
		"C:\\data":             `C:\\data`,
		"it's `quoted'":        "it's 'quoted'",
		`the "best"' one`:      `the "best" ' one`,
		"Tidak tahu / menolak": "Tidak tahu / menolak",
	} {
		if got := stataText(in); got != want {
			t.Errorf("stataText(%q) = %q, want %q", in, got, want)
		}
	}
}

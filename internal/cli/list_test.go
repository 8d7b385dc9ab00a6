package cli

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"siap/export"
	"siap/internal/fieldwork"
	"siap/questionnaires"
	"siap/store"
)

// facts1 is the Indexer of a siap whose facts were of version 1, which
// lacked what list shows: a file indexed by it is one of an earlier siap.
type facts1 struct{ *export.Indexer }

func (x facts1) Key() string {
	_, form, _ := strings.Cut(x.Indexer.Key(), " ")
	return "facts/1 " + form
}

// listFile makes an unencrypted data file of n simulated interviews by
// each interviewer named, in that order, their facts made by ix (nil:
// the questionnaire's).
func listFile(t *testing.T, n int, ix func(*questionnaires.Form) store.Indexer, interviewers ...string) (string, *questionnaires.Form) {
	t.Helper()
	data := filepath.Join(t.TempDir(), "siap.db")
	st, form, _, err := fieldwork.NewTeamFile(data, n, time.Date(2026, 11, 24, 9, 30, 0, 0, time.UTC), interviewers...)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var indexer store.Indexer = export.NewIndexer(form)
	if ix != nil {
		indexer = ix(form)
	}
	if err := st.SetIndexer(indexer, nil); err != nil {
		t.Fatal(err)
	}
	return data, form
}

// listCSV runs siap list --format csv with args and returns its rows
// after the header.
func listCSV(t *testing.T, data string, args ...string) [][]string {
	t.Helper()
	code, out, errOut := runSiap(append([]string{"--data", data, "--no-encryption", "list", "--format", "csv"}, args...)...)
	if code != 0 {
		t.Fatalf("list %v: %d %s", args, code, errOut)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(rows) == 0 {
		t.Fatalf("list %v: %v %q", args, err, out)
	}
	return rows[1:]
}

// TestListOrderAndFilters: siap list gives every interview once, in the
// order they reached the file, and --status and --city keep those of
// that status and city alone, whether it reads the facts (a file indexed
// by this siap) or every answer (a file of an earlier siap, opened
// read-only), with the same rows.
func TestListOrderAndFilters(t *testing.T) {
	current, _ := listFile(t, 30, nil, "Ani", "Budi")
	old, form := listFile(t, 30, func(f *questionnaires.Form) store.Indexer { return facts1{export.NewIndexer(f)} }, "Ani", "Budi")
	// The files hold the same interviews but their ids: the order of
	// arrival, statuses and cities are read from the store.
	type held struct {
		id           string
		status, city string
	}
	arrived := func(data string) []held {
		t.Helper()
		st, err := store.Open(data, store.Options{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		var out []held
		err = st.Each(func(iv store.Interview, vals map[string]string) error {
			out = append(out, held{iv.ID, string(iv.Status), vals[form.SummaryBy]})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	for _, file := range []struct{ name, data string }{{"facts", current}, {"answers", old}} {
		all := arrived(file.data)
		for _, tt := range []struct {
			name string
			args []string
			keep func(held) bool
		}{
			{"every interview", nil, func(held) bool { return true }},
			{"--status refused", []string{"--status", "refused"}, func(h held) bool { return h.status == "refused" }},
			{"--status completed,refused", []string{"--status", "completed,refused"}, func(h held) bool { return h.status == "completed" || h.status == "refused" }},
			{"--city kupang", []string{"--city", "kupang"}, func(h held) bool { return h.city == "kupang" }},
			{"--city medan --status completed", []string{"--city", "medan", "--status", "completed"}, func(h held) bool { return h.city == "medan" && h.status == "completed" }},
			{"a city no interview has", []string{"--city", "atlantis"}, func(held) bool { return false }},
		} {
			t.Run(file.name+"/"+tt.name, func(t *testing.T) {
				var want, got []held
				for _, h := range all {
					if tt.keep(h) {
						want = append(want, h)
					}
				}
				for _, r := range listCSV(t, file.data, tt.args...) {
					got = append(got, held{r[0], r[1], r[2]})
				}
				if !slices.Equal(got, want) {
					t.Errorf("listed %d interviews:\n%v\nwant %d in the order they reached the file:\n%v", len(got), got, len(want), want)
				}
				if tt.args == nil && len(got) != 60 {
					t.Errorf("listed %d interviews of 60", len(got))
				}
			})
		}
	}
}

// TestListReadsFactsOrAnswersAlike: a file of an earlier siap, whose
// facts lack what list shows, is listed from every answer while it is
// opened read-only (with the notice that it is slower), with the rows
// its facts give once siap has opened it to write and made them again.
func TestListReadsFactsOrAnswersAlike(t *testing.T) {
	defer func(n int) { slowFrom = n }(slowFrom)
	slowFrom = 50
	data, form := listFile(t, 30, func(f *questionnaires.Form) store.Indexer { return facts1{export.NewIndexer(f)} }, "Ani", "Budi")
	code, before, errOut := runSiap("--data", data, "--no-encryption", "list", "--format", "csv")
	if code != 0 || !strings.Contains(errOut, "are not indexed yet") {
		t.Fatalf("list of an earlier siap's file: %d, stderr %q", code, errOut)
	}
	if code, _, errOut := runSiap("--data", data, "--no-encryption", "simulate", "--n", "1"); code != 0 {
		t.Fatalf("simulate: %d %s", code, errOut)
	}
	st, err := store.Open(data, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	key, err := st.FactsKey()
	st.Close()
	if err != nil || key != export.NewIndexer(form).Key() {
		t.Fatalf("after an open to write the facts are under %q, want this siap's (%v)", key, err)
	}
	code, after, errOut := runSiap("--data", data, "--no-encryption", "list", "--format", "csv")
	if code != 0 || errOut != "" {
		t.Fatalf("list once indexed: %d, stderr %q", code, errOut)
	}
	if lines := strings.Split(after, "\n"); !strings.HasPrefix(after, before) || len(lines) != 63 {
		t.Errorf("the rows from every answer:\n%s\nare not those from the facts (and the one added):\n%s", before, after)
	}
}

// firstWrite records how many interviews list had been handed when its
// first bytes were written.
type firstWrite struct {
	read  *int
	at    int
	wrote bool
	out   strings.Builder
}

func (w *firstWrite) Write(p []byte) (int, error) {
	if !w.wrote {
		w.wrote, w.at = true, *w.read
	}
	return w.out.Write(p)
}

// TestListStreams: the first lines are printed before the file is read
// through: the table after its first page (whose widths it takes), csv
// and json once a batch or a buffer is full; the rest follow as they are
// read, every one of them.
func TestListStreams(t *testing.T) {
	data, _ := listFile(t, 400, nil, "Ani", "Budi", "Cici")
	defer func() { listRead = nil }()
	for _, tt := range []struct {
		format string
		by     int // printed after at most this many interviews
		lines  int // lines in all
	}{
		{"table", listPage, 1200 + 2},
		{"csv", rowBatch, 1200 + 1},
		{"json", rowBatch, 1200*10 + 2},
	} {
		t.Run(tt.format, func(t *testing.T) {
			read := 0
			listRead = func() { read++ }
			w := &firstWrite{read: &read}
			var errOut strings.Builder
			if code := Run([]string{"--data", data, "--no-encryption", "list", "--format", tt.format}, w, &errOut); code != 0 {
				t.Fatalf("exit %d: %s", code, errOut.String())
			}
			if !w.wrote || w.at > tt.by {
				t.Errorf("first printed after %d interviews of %d, want at most %d", w.at, read, tt.by)
			}
			if n := strings.Count(w.out.String(), "\n"); n != tt.lines || read != 1200 {
				t.Errorf("%d lines of %d interviews read, want %d of 1200", n, read, tt.lines)
			}
		})
	}
}

// TestListTableWidths: the table's columns are as wide as the first
// page needs; a longer interviewer's name further down is cut with an
// ellipsis, which csv keeps whole.
func TestListTableWidths(t *testing.T) {
	long := "Sri Wahyuningsih Kusumawardhani"
	data, _ := listFile(t, 60, nil, "Ani", "Budi", long)
	code, out, errOut := runSiap("--data", data, "--no-encryption", "list")
	if code != 0 {
		t.Fatalf("list: %d %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 182 || lines[181] != "180 interviews" {
		t.Fatalf("%d lines, last %q", len(lines), lines[len(lines)-1])
	}
	column := func(l, s string) int { return utf8.RuneCountInString(l[:strings.Index(l, s)]) }
	at := column(lines[0], "STARTED")
	for i, l := range lines[1:181] {
		if column(l, " 2026-") != at-1 {
			t.Errorf("line %d is not aligned with the header:\n%s\n%s", i+1, lines[0], l)
			break
		}
	}
	cut := "Sri Wahyun…" // as wide as INTERVIEWER
	if !strings.Contains(lines[180], "  "+cut+"  ") || strings.Contains(out, long) {
		t.Errorf("the long name is not cut to the column's width (%q):\n%s\n%s", cut, lines[0], lines[180])
	}
	if rows := listCSV(t, data); rows[179][3] != long {
		t.Errorf("csv cut the name: %q", rows[179][3])
	}
}

// TestListAndExportAgreeOnLengths: siap list and data.csv give each
// interview the same length, rounded to the tenth of a minute alike.
func TestListAndExportAgreeOnLengths(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "siap.db")
	if code, _, errOut := runSiap("--no-encryption", "--data", data, "simulate", "--n", "200"); code != 0 {
		t.Fatalf("simulate: %s", errOut)
	}
	code, out, errOut := runSiap("--data", data, "list", "--format", "csv")
	if code != 0 {
		t.Fatalf("list: %s", errOut)
	}
	lengths := func(r *csv.Reader) map[string]string {
		rows, err := r.ReadAll()
		if err != nil || len(rows) < 2 {
			t.Fatalf("%v, %d rows", err, len(rows))
		}
		id, length := slices.Index(rows[0], "id"), slices.Index(rows[0], "duration_min")
		got := map[string]string{}
		for _, row := range rows[1:] {
			if row[length] != "" {
				got[row[id]] = strings.TrimSuffix(row[length], ".0")
			}
		}
		return got
	}
	listed := lengths(csv.NewReader(strings.NewReader(out)))
	if code, _, errOut := runSiap("--data", data, "export", "--include-simulated", "--out", filepath.Join(dir, "out")); code != 0 {
		t.Fatalf("export: %s", errOut)
	}
	f, err := os.Open(filepath.Join(dir, "out", "data.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	exported := lengths(csv.NewReader(f))
	same := 0
	for id, l := range exported {
		if listed[id] != l {
			t.Errorf("%s: list says %s minutes, data.csv %s", id, listed[id], l)
		} else {
			same++
		}
	}
	if same < 150 {
		t.Errorf("%d interviews compared, want the finished ones of 200", same)
	}
}

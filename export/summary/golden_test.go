package summary

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"siap/export"
	"siap/internal/fieldwork"
	"siap/questionnaires/simulate"
	"siap/store"
)

var update = flag.Bool("update", false, "rewrite the summaries' golden files")

// TestSummaryOutputs pins what siap summary writes, in every format and
// language, on one simulated file, read from its facts and from every
// answer, whatever the grouping, statuses, quantiles and simulated rule:
// a change to how the figures are gathered must not change a byte of
// them. go test ./export/summary -run TestSummaryOutputs -update
// rewrites testdata/outputs/*.golden after a deliberate change.
func TestSummaryOutputs(t *testing.T) {
	st, form := simulatedFile(t, 400)
	var ids []string
	err := st.EachInterview(func(iv store.Interview) error { ids = append(ids, iv.ID); return nil })
	if err != nil || len(ids) < 4 {
		t.Fatal(err, len(ids))
	}
	// Real interviews beside the simulated ones (copies of the first
	// ones), some without a city (the group of no answer), and an
	// interview sent back.
	var real []store.Record
	key := store.FormKey(form.Source, form.Attachments)
	sim := simulate.Options{N: 60, Seed: 12, Now: time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC), Interviewer: "ani"}
	err = simulate.Run(form, sim, func(s simulate.Interview) error {
		if len(real)%7 == 0 {
			delete(s.Answers, "city")
		}
		r := fieldwork.Record(form, key, "", "ani", s)
		r.Interview.Simulated = false
		real = append(real, r)
		return nil
	})
	if err == nil {
		_, err = st.Import(store.Records(real...))
	}
	if err == nil {
		err = st.SetStatus(ids[0], store.Rejected, "sari", "check")
	}
	if err != nil {
		t.Fatal(err)
	}
	all := []store.Status{store.Draft, store.Completed, store.Approved, store.Rejected}
	cases := []struct {
		name string
		opts Options
	}{
		{"default", Options{}},
		{"include-simulated", Options{Simulated: export.IncludeSimulated}},
		{"exclude-simulated", Options{Simulated: export.ExcludeSimulated}},
		{"by-sex-all-statuses", Options{By: "resp_sex", Statuses: all}},
		{"by-education-spss", Options{By: "education", Quantiles: QuantilesSPSS}},
	}
	for _, facts := range []bool{true, false} {
		ix := export.NewIndexer(form)
		var indexer store.Indexer = ix
		if !facts {
			indexer = otherKey{ix}
		}
		if err := st.SetIndexer(indexer, nil); err != nil {
			t.Fatal(err)
		}
		for _, c := range cases {
			s, err := Compute(st, form, c.opts)
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			for _, lang := range []string{"English (en)", "Bahasa Indonesia (id)"} {
				if err := s.WriteTable(&b, lang, form.DefaultLanguage); err != nil {
					t.Fatal(err)
				}
				if err := s.WriteMarkdown(&b, lang, form.DefaultLanguage); err != nil {
					t.Fatal(err)
				}
			}
			if err := s.WriteCSV(&b); err != nil {
				t.Fatal(err)
			}
			if err := s.WriteJSON(&b, form.DefaultLanguage, form.DefaultLanguage); err != nil {
				t.Fatal(err)
			}
			out := fullPrecision.ReplaceAllFunc(b.Bytes(), roundFull)
			golden := filepath.Join("testdata", "outputs", c.name+".golden")
			if *update && facts {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, out, 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(out, want) {
				t.Errorf("%s (from the facts: %v): the summary differs from %s\n%s", c.name, facts, golden, firstDifference(out, want))
			}
		}
	}
}

// fullPrecision finds the figures written whole (json, the csv's
// p-values): a sum over a group's values may differ in its last bits
// with the order they are added in, so those are compared to 12
// significant digits; every rounded figure is compared as written.
var fullPrecision = regexp.MustCompile(`-?[0-9]+\.[0-9]{8,}(e-?[0-9]+)?`)

func roundFull(b []byte) []byte {
	x, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return b
	}
	return strconv.AppendFloat(nil, x, 'g', 12, 64)
}

// firstDifference shows the lines where two outputs part.
func firstDifference(got, want []byte) string {
	g, w := bytes.Split(got, []byte("\n")), bytes.Split(want, []byte("\n"))
	for i := range max(len(g), len(w)) {
		var a, b []byte
		if i < len(g) {
			a = g[i]
		}
		if i < len(w) {
			b = w[i]
		}
		if !bytes.Equal(a, b) {
			return fmt.Sprintf("line %d:\n got: %s\nwant: %s", i+1, a, b)
		}
	}
	return ""
}

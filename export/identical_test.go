package export

import (
	"archive/zip"
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"siap/internal/fieldwork"
	"siap/questionnaires"
	"siap/questionnaires/simulate"
	"siap/store"
)

var updateDigests = flag.Bool("update", false, "write testdata/export.digests from this build's exports")

// fixedKey is a data file whose keyed hashes do not depend on its random
// key, so that an export of the same interviews is the same bytes in
// every run.
type fixedKey struct{ *store.Store }

func (fixedKey) KeyedHasher() (func(string) string, error) {
	return store.KeyedHash("6578706f7274206469676573747321", "test")
}

// TestExportIsUnchanged pins every file of full exports of simulated
// interviews (data, repeat tables, paradata, notes, quality flags,
// codebook, scripts and the workbook's sheets), under several options,
// to the digests in testdata/export.digests: however the export is made
// faster, what it writes stays the same bytes. A change meant to alter
// an export rewrites them with -update, and the diff of the digests
// names the files it changed.
func TestExportIsUnchanged(t *testing.T) {
	if testing.Short() {
		t.Skip("exports 400 interviews several times")
	}
	st, form := fixedFile(t, 400)
	cases := []struct {
		name string
		opts Options
	}{
		{"default", Options{Simulated: IncludeSimulated}},
		{"every-status", Options{Simulated: IncludeSimulated, Statuses: store.Statuses}},
		{"labels-excel-pii-odk", Options{Simulated: IncludeSimulated, Labels: true, Excel: true, IncludePII: true, Names: NamesODK, Language: "English (en)"}},
		{"kobo-xlsx", Options{Simulated: IncludeSimulated, Names: NamesKobo, XLSX: true}},
	}
	var got []string
	for _, c := range cases {
		dir := filepath.Join(t.TempDir(), c.name)
		if _, err := Run(fixedKey{st}, form, dir, c.opts); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		got = append(got, dirDigests(t, c.name, dir)...)
	}
	aw, awForm := awkwardFile(t)
	for _, c := range []struct {
		name string
		opts Options
	}{
		{"awkward", Options{}},
		{"awkward-labels-excel", Options{Labels: true, Excel: true, IncludePII: true}},
	} {
		dir := filepath.Join(t.TempDir(), c.name)
		if _, err := Run(fixedKey{aw}, awForm, dir, c.opts); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		got = append(got, dirDigests(t, c.name, dir)...)
	}
	golden := filepath.Join("testdata", "export.digests")
	if *updateDigests {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, []byte(strings.Join(got, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	data, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to write it)", err)
	}
	want := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	for _, line := range got {
		if !slices.Contains(want, line) {
			t.Errorf("differs from %s: %s", golden, line)
		}
	}
	for _, line := range want {
		if !slices.Contains(got, line) {
			t.Errorf("missing from the exports: %s", line)
		}
	}
}

// fixedFile is a data file of n simulated interviews of the shipped
// questionnaire under fixed ids, some with notes on questions, the same
// in every run.
func fixedFile(t *testing.T, n int) (*store.Store, *questionnaires.Form) {
	t.Helper()
	form, err := questionnaires.Shipped()
	if err != nil {
		t.Fatal(err)
	}
	st, key, err := fieldwork.Open(filepath.Join(t.TempDir(), "siap.db"), form)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	var records []store.Record
	err = simulate.Run(form, simulate.Options{N: n, Seed: 11, Now: fieldworkEnd, Interviewer: "sim"}, func(s simulate.Interview) error {
		i := len(records)
		r := fieldwork.Record(form, key, "laptop-1", []string{"Ani", "Budi", "Citra"}[i%3], s)
		r.Interview.ID = fmt.Sprintf("uuid:00000000-0000-4000-8000-%012d", i+1)
		if i%7 == 0 {
			at := r.Interview.Updated
			r.Interview.Notes = map[string]store.Note{
				"city": {Text: "=checked, \"twice\"\nby phone", By: "Budi", Time: at},
				"nik":  {Text: "NIK read from the card", By: "Ani", Time: at.Add(time.Minute)},
			}
		}
		records = append(records, r)
		return nil
	})
	if err == nil {
		_, err = st.Import(store.Records(records...))
	}
	if err != nil {
		t.Fatal(err)
	}
	return st, form
}

// dirDigests names every file of an export with its SHA-256; a workbook
// by each of its parts but docProps (which hold the time it was made).
func dirDigests(t *testing.T, name, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		path := filepath.Join(dir, e.Name())
		if filepath.Ext(path) == ".xlsx" {
			z, err := zip.OpenReader(path)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range z.File {
				if strings.HasPrefix(f.Name, "docProps/") {
					continue
				}
				r, err := f.Open()
				if err != nil {
					t.Fatal(err)
				}
				out = append(out, fmt.Sprintf("%s %s:%s %s", name, e.Name(), f.Name, digest(t, r)))
				r.Close()
			}
			z.Close()
			continue
		}
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%s %s %s", name, e.Name(), digest(t, bufio.NewReader(f))))
		f.Close()
	}
	return out
}

func digest(t *testing.T, r io.Reader) string {
	t.Helper()
	h := sha256.New()
	if _, err := io.Copy(h, r); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(h.Sum(nil))
}

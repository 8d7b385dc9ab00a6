package summary

import (
	"bytes"
	"path/filepath"
	"testing"

	"siap/export"
	"siap/internal/spill"
	"siap/store"
)

// TestSpilledValuesGiveTheSameSummary: an indicator with more distinct
// values than are counted in memory (an income, a length) is worked out
// from values spilled to a temporary file, and every figure is the same,
// to the last binary digit of the json's: medians and quartiles (both
// conventions), standard deviations, the tests' statistics, with
// simulated interviews added to real ones and without.
func TestSpilledValuesGiveTheSameSummary(t *testing.T) {
	st, form := simulatedFile(t, 300)
	all := []store.Status{store.Draft, store.Completed, store.Approved, store.Rejected}
	cases := []Options{
		{},
		{Simulated: export.IncludeSimulated},
		{By: "resp_sex", Statuses: all},
		{By: "education", Quantiles: QuantilesSPSS},
	}
	outputs := func(o Options) []byte {
		t.Helper()
		s, err := Compute(st, form, o)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := s.WriteCSV(&b); err != nil {
			t.Fatal(err)
		}
		if err := s.WriteJSON(&b, form.DefaultLanguage, form.DefaultLanguage); err != nil {
			t.Fatal(err)
		}
		if err := s.WriteTable(&b, form.DefaultLanguage, form.DefaultLanguage); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	for _, o := range cases {
		want := outputs(o)
		oldCap, oldHeld := distinctCap, spill.ValuesInMemory
		distinctCap, spill.ValuesInMemory = 3, 7
		t.Setenv("TMPDIR", t.TempDir())
		got := outputs(o)
		// That they were spilled: with nowhere to write them, the
		// summary fails, saying so.
		t.Setenv("TMPDIR", filepath.Join(t.TempDir(), "missing"))
		_, err := Compute(st, form, o)
		distinctCap, spill.ValuesInMemory = oldCap, oldHeld
		if !bytes.Equal(got, want) {
			t.Errorf("%+v: spilled, the summary differs:\n%s", o, firstDifference(got, want))
		}
		if err == nil {
			t.Errorf("%+v: no value was spilled: the test compares nothing", o)
		}
	}
}

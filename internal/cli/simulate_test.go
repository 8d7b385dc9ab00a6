package cli

import (
	"path/filepath"
	"slices"
	"testing"
	"time"

	"siap/export"
	"siap/questionnaires"
	"siap/store"
)

// TestSimulatedInterviewersDiffer: with the default seed, Ani's simulated
// interviews are not Budi's, and no simulated NIK is given twice in a
// file, even by simulating again with the same seed and name.
func TestSimulatedInterviewersDiffer(t *testing.T) {
	data := filepath.Join(t.TempDir(), "siap.db")
	for _, who := range []string{"Ani", "Budi", "Ani"} {
		if code, out, errOut := runSiap("--data", data, "simulate", "--n", "25", "--interviewer", who); code != 0 {
			t.Fatalf("simulate --interviewer %s: %d %s %s", who, code, out, errOut)
		}
	}
	st, err := store.Open(data, store.Options{Passphrase: testPassphrase})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	form, err := questionnaires.Shipped()
	if err != nil {
		t.Fatal(err)
	}
	started := map[string][]time.Time{}
	nik := map[string]int{}
	err = st.Each(func(iv store.Interview, vals map[string]string) error {
		started[iv.Interviewer] = append(started[iv.Interviewer], iv.Created)
		if v := vals["nik"]; v != "" {
			nik[v]++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(started["Ani"]) != 50 || len(started["Budi"]) != 25 {
		t.Fatalf("%d interviews by Ani, %d by Budi; want 50 and 25", len(started["Ani"]), len(started["Budi"]))
	}
	same := 0
	for _, b := range started["Budi"] {
		if slices.ContainsFunc(started["Ani"], b.Equal) {
			same++
		}
	}
	if same > 2 {
		t.Errorf("%d of Budi's 25 interviews start when one of Ani's does: the interviewer is not mixed into the seed", same)
	}
	for _, n := range nik {
		if n > 1 {
			t.Errorf("a simulated NIK is in %d interviews", n)
		}
	}
	flags, err := export.QualityFlags(st, form, store.Statuses)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range flags {
		if f.Check == export.CheckDuplicateID {
			t.Fatalf("duplicate NIK flagged in simulated interviews: %+v", f)
		}
	}
}

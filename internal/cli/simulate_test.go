package cli

import (
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"siap/export"
	"siap/internal/fieldwork"
	"siap/questionnaires"
	"siap/questionnaires/simulate"
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

// TestListGivesTheTimeOpen: siap list gives an interview corrected a week
// after it was sent back the minutes it was open, not the week.
func TestListGivesTheTimeOpen(t *testing.T) {
	data := filepath.Join(t.TempDir(), "siap.db")
	if code, _, errOut := runSiap("--data", data, "simulate", "--n", "1"); code != 0 {
		t.Fatal(errOut)
	}
	st, err := store.Open(data, store.Options{Passphrase: testPassphrase})
	if err != nil {
		t.Fatal(err)
	}
	var iv store.Interview
	st.Each(func(i store.Interview, _ map[string]string) error { iv = i; return nil })
	t0 := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	// A new interview made here: its digest is made by Import.
	iv.ID, iv.Simulated, iv.Status, iv.Created, iv.Updated, iv.Hash = store.NewID(), false, store.Completed, t0, t0.AddDate(0, 0, 7).Add(10*time.Minute), ""
	week := t0.AddDate(0, 0, 7)
	events := []store.Event{
		{Time: t0, Kind: store.EventOpened}, {Time: t0.Add(20 * time.Minute), Kind: store.EventCompleted}, {Time: t0.Add(20 * time.Minute), Kind: store.EventClosed},
		{Time: t0.AddDate(0, 0, 1), Kind: store.EventStatus, New: "rejected", Who: "supervisor"},
		{Time: week, Kind: store.EventOpened}, {Time: week.Add(10 * time.Minute), Kind: store.EventCompleted}, {Time: week.Add(10 * time.Minute), Kind: store.EventClosed},
	}
	_, err = st.Import(store.Records(store.Record{Interview: iv, Answers: map[string]store.Answer{"city": {Value: "kupang"}}, Events: events}))
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runSiap("--data", data, "list", "--format", "json")
	if code != 0 {
		t.Fatal(errOut)
	}
	if !strings.Contains(out, `"id":"`+iv.ID+`"`) && !strings.Contains(out, `"id": "`+iv.ID+`"`) {
		t.Fatalf("the interview is not listed: %s", out)
	}
	i := strings.Index(out, iv.ID)
	row := out[i:]
	row = row[:strings.Index(row, "}")]
	if !strings.Contains(row, `"duration_min":30`) && !strings.Contains(row, `"duration_min": 30`) {
		t.Errorf("the corrected interview is listed as %s, want 30 minutes", row)
	}
}

// TestSimulateWorkersGiveTheSameFile: the interviews simulate adds, and
// the order they arrive in, do not depend on how many goroutines made
// them.
func TestSimulateWorkersGiveTheSameFile(t *testing.T) {
	form, err := questionnaires.Shipped()
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 24, 17, 0, 0, 0, time.UTC)
	type arrived struct {
		created, updated time.Time
		status           store.Status
		vals             map[string]string
	}
	var files [][]arrived
	for _, workers := range []int{1, 3} {
		st, _, err := fieldwork.Open(filepath.Join(t.TempDir(), "siap.db"), form)
		if err != nil {
			t.Fatal(err)
		}
		ix := export.NewIndexer(form)
		if err := st.SetIndexer(ix, nil); err != nil {
			t.Fatal(err)
		}
		var tally simulate.Tally
		if added, err := addSimulated(st, form, 1100, 4, "Ani", now, workers, &tally); err != nil || added != 1100 {
			t.Fatalf("%d workers: added %d: %v", workers, added, err)
		}
		// The facts the workers made are those the store makes: siap
		// verify makes them again and compares.
		report, err := st.Verify()
		if err != nil || len(report.Problems) > 0 {
			t.Fatalf("%d workers: the file does not verify: %v %v", workers, err, report)
		}
		if key, err := st.FactsKey(); err != nil || key != ix.Key() {
			t.Fatalf("%d workers: facts made under %q, want %q (%v)", workers, key, ix.Key(), err)
		}
		var got []arrived
		err = st.Each(func(iv store.Interview, vals map[string]string) error {
			delete(vals, "deviceid") // each file's own
			got = append(got, arrived{iv.Created, iv.Updated, iv.Status, vals})
			return nil
		})
		st.Close()
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, got)
	}
	if len(files[0]) != 1100 || !reflect.DeepEqual(files[0], files[1]) {
		t.Errorf("three workers added other interviews, or in another order, than one")
	}
}

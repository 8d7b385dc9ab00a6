package export

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"siap/internal/spill"
	"siap/store"
)

func TestQualityChecks(t *testing.T) {
	src := `survey,,,,,,,
,type,name,label,appearance,minimum_seconds,soft_min,soft_max,pii
,text,nik,NIK,,,,,hash
,integer,age,Age,,2,18,90,
,select_one l5,a1,A1,likert,,,,
,select_one l5,a2,A2,likert,,,,
,select_one l5,a3,A3,likert,,,,
,select_one l5,a4,A4,likert,,,,
,select_one l5,a5,A5,likert,,,,
choices,,,,,,,
,list_name,name,label,,,,,
,l5,1,one,,,,,
,l5,2,two,,,,,
,l5,3,three,,,,,
`
	st, form, key := formFile(t, src)
	t0 := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	// rec makes an interview lasting minutes, answering age after
	// ageSeconds, with likert answers and a NIK.
	rec := func(who string, minutes float64, ageSeconds int, age string, likert []string, nik string) store.Record {
		vals := map[string]string{"age": age, "nik": nik}
		for i, v := range likert {
			vals[fmt.Sprintf("a%d", i+1)] = v
		}
		answers := map[string]store.Answer{}
		for k, v := range vals {
			answers[k] = store.Answer{Value: v}
		}
		end := t0.Add(time.Duration(minutes * float64(time.Minute)))
		return store.Record{
			Interview: store.Interview{ID: store.NewID(), FormKey: key, FormID: form.ID, Interviewer: who, Status: store.Completed, Created: t0, Updated: end},
			Answers:   answers,
			Events: []store.Event{
				{Time: t0, Kind: store.EventOpened},
				{Time: t0.Add(10 * time.Second), Kind: store.EventShown, Path: "age"},
				{Time: t0.Add(time.Duration(10+ageSeconds) * time.Second), Kind: store.EventSet, Path: "age", New: age},
				{Time: end, Kind: store.EventCompleted},
			},
		}
	}
	good := []string{"1", "2", "3", "2", "1"}
	records := []store.Record{
		rec("ani", 30, 5, "40", good, "1111222233334444"),
		rec("ani", 28, 5, "41", good, "1111222233335555"),
		rec("ani", 32, 5, "39", good, "1111222233336666"),
		rec("budi", 31, 5, "45", good, "1111222233337777"),
		rec("budi", 5, 1, "95", []string{"3", "3", "3", "3", "3"}, "1111222233334444"),
	}
	// The interviewer saw the warning and kept the unusual age.
	records[4].Events = append(records[4].Events, store.Event{Time: t0.Add(20 * time.Second), Kind: store.EventConfirmed, Path: "age", New: "95"})
	if _, err := st.Import(store.Records(records...)); err != nil {
		t.Fatal(err)
	}
	flags, err := QualityFlags(st, form, []store.Status{store.Completed})
	if err != nil {
		t.Fatal(err)
	}
	bad := records[4].Interview.ID
	want := map[string]bool{CheckShort: false, CheckFast: false, CheckStraight: false, CheckSoftRange: false}
	dupes := 0
	perInterviewer := 0
	for _, f := range flags {
		if f.Level == "interviewer" {
			perInterviewer++
			continue
		}
		if f.Check == CheckDuplicateID {
			dupes++
			if strings.Contains(f.Detail, "1111222233334444") {
				t.Errorf("the NIK is printed in a flag: %s", f.Detail)
			}
			continue
		}
		if f.Interview != bad {
			t.Errorf("a good interview was flagged: %+v", f)
		}
		want[f.Check] = true
		if f.Check == CheckSoftRange && !strings.Contains(f.Detail, "the interviewer checked it and kept it") {
			t.Errorf("soft_range flag does not say the answer was checked: %s", f.Detail)
		}
	}
	for check, seen := range want {
		if !seen {
			t.Errorf("%s was not flagged", check)
		}
	}
	if dupes != 2 {
		t.Errorf("%d duplicate-NIK flags, want 2 (one per interview sharing it)", dupes)
	}
	if perInterviewer == 0 {
		t.Error("no per-interviewer summary rows")
	}
}

// Duplicates are looked for in the identifiers the form marks (pii =
// hash), whatever their name, and in no question for its name alone.
func TestDuplicatesAreTheFormsIdentifiers(t *testing.T) {
	src := "survey,,,,\n,type,name,label,pii\n,text,nik,NIK,\n,text,ktp_number,KTP,hash\n"
	st, form, key := formFile(t, src)
	var records []store.Record
	for range 2 {
		records = append(records, store.Record{
			Interview: store.Interview{ID: store.NewID(), FormKey: key, FormID: form.ID, Interviewer: "ani", Status: store.Completed},
			Answers:   map[string]store.Answer{"nik": {Value: "1"}, "ktp_number": {Value: "3171234567890123"}},
		})
	}
	if _, err := st.Import(store.Records(records...)); err != nil {
		t.Fatal(err)
	}
	flags, err := QualityFlags(st, form, []store.Status{store.Completed})
	if err != nil {
		t.Fatal(err)
	}
	dupes := 0
	for _, f := range flags {
		if f.Level == "interview" && f.Check == CheckDuplicateID {
			dupes++
			if !strings.Contains(f.Detail, "the same ktp_number") {
				t.Errorf("the flag does not name the identifier: %s", f.Detail)
			}
		}
	}
	if dupes != 2 {
		t.Errorf("%d duplicate flags, want 2 (ktp_number, shared by both interviews; nik is not marked)", dupes)
	}
}

// An interview's flags do not depend on what became of the others:
// approving one of two interviews with the same NIK leaves the other
// flagged, and a draft sharing it counts too.
func TestChecksSeeEveryInterviewWhateverItsStatus(t *testing.T) {
	src := "survey,,,,\n,type,name,label,pii\n,text,nik,NIK,hash\n"
	tests := []struct {
		name     string
		statuses []store.Status // of the interviews sharing the NIK, the first one being listed
		asked    []store.Status // the statuses whose flags are asked for
		flagged  int            // duplicate flags returned
	}{
		{"both completed", []store.Status{store.Completed, store.Completed}, []store.Status{store.Completed}, 2},
		{"the other approved", []store.Status{store.Completed, store.Approved}, []store.Status{store.Completed}, 1},
		{"the other a draft", []store.Status{store.Completed, store.Draft}, []store.Status{store.Completed}, 1},
		{"the other sent back", []store.Status{store.Completed, store.Rejected}, store.Finished, 1},
		{"finished ones asked for", []store.Status{store.Completed, store.Approved}, store.Finished, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, form, key := formFile(t, src)
			var ids []string
			for _, s := range tt.statuses {
				iv, err := st.Create(store.Interview{FormKey: key, FormID: form.ID, Interviewer: "ani"}, []store.Change{{Path: "nik", Value: "3171234567890123"}})
				if err != nil {
					t.Fatal(err)
				}
				if s != store.Draft {
					if err := st.SetStatus(iv.ID, store.Completed, "ani", ""); err != nil {
						t.Fatal(err)
					}
				}
				if s != store.Draft && s != store.Completed {
					if err := st.SetStatus(iv.ID, s, "supervisor", "checked"); err != nil {
						t.Fatal(err)
					}
				}
				ids = append(ids, iv.ID)
			}
			flags, err := QualityFlags(st, form, tt.asked)
			if err != nil {
				t.Fatal(err)
			}
			n, first := 0, false
			for _, f := range flags {
				if f.Level == "interview" && f.Check == CheckDuplicateID {
					n++
					first = first || f.Interview == ids[0]
				}
			}
			if n != tt.flagged || !first {
				t.Errorf("%d duplicate flags (first interview flagged: %v), want %d with the first", n, first, tt.flagged)
			}
		})
	}
}

// TestQualityChecksSpilled: the checks that compare interviews give the
// same flags when what they keep goes through temporary files (a file of
// many interviews) as when it stays in memory.
func TestQualityChecksSpilled(t *testing.T) {
	old := spill.Batch
	spill.Batch = 2
	defer func() { spill.Batch = old }()
	t.Setenv("TMPDIR", t.TempDir())
	for _, test := range []func(*testing.T){TestQualityChecks, TestDuplicatesAreTheFormsIdentifiers, TestChecksSeeEveryInterviewWhateverItsStatus} {
		test(t)
	}
	if left, _ := filepath.Glob(filepath.Join(os.Getenv("TMPDIR"), "siap-sort-*")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

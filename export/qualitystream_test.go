package export

import (
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"siap/internal/spill"
	"siap/store"
)

// TestQualityCSVHoldsEveryFlagOnce: the flags are handed on as they are
// found, never held, and quality.csv, the supervisor's flags and
// progress's counts still hold each interview's flags exactly once,
// whether the checks read the file's facts or every answer, and when
// what they keep goes through temporary files.
func TestQualityCSVHoldsEveryFlagOnce(t *testing.T) {
	src := "survey,,,,,,\n,type,name,label,soft_min,soft_max,pii\n,text,nik,NIK,,,hash\n,integer,age,Age,18,90,\n"
	old := spill.Batch
	spill.Batch = 4
	defer func() { spill.Batch = old }()
	t.Setenv("TMPDIR", t.TempDir())
	for _, indexed := range []bool{false, true} {
		t.Run(fmt.Sprintf("facts %v", indexed), func(t *testing.T) {
			st, form, key := formFile(t, src)
			if indexed {
				if err := st.SetIndexer(NewIndexer(form), nil); err != nil {
					t.Fatal(err)
				}
			}
			t0 := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
			type flagged struct{ id, check string }
			want := map[flagged]int{}
			perWho := map[string]int{}
			var records []store.Record
			for i := range 60 {
				who := []string{"Ani", "Budi", "Citra"}[i%3]
				status := store.Completed
				switch {
				case i%11 == 0:
					status = store.Draft
				case i%5 == 0:
					status = store.Approved
				}
				minutes := 30
				if i%10 == 3 {
					minutes = 5
				}
				age := "40"
				if i%7 == 0 {
					age = "95"
				}
				// Groups of three share a NIK among the first 30.
				nik := fmt.Sprintf("3171%012d", i)
				if i < 30 {
					nik = fmt.Sprintf("3171%012d", i/3)
				}
				r := store.Record{
					Interview: store.Interview{ID: store.NewID(), FormKey: key, FormID: form.ID, Interviewer: who, Status: status,
						Created: t0, Updated: t0.Add(time.Duration(minutes) * time.Minute)},
					Answers: map[string]store.Answer{"nik": {Value: nik}, "age": {Value: age}},
				}
				records = append(records, r)
				if status == store.Draft {
					continue // compared, not flagged
				}
				for check, raised := range map[string]bool{CheckDuplicateID: i < 30, CheckShort: minutes == 5, CheckSoftRange: age == "95"} {
					if raised {
						want[flagged{r.Interview.ID, check}]++
						perWho[who]++
					}
				}
			}
			if _, err := st.Import(store.Records(records...)); err != nil {
				t.Fatal(err)
			}

			dir := filepath.Join(t.TempDir(), "out")
			res, err := Run(st, form, dir, Options{})
			if err != nil {
				t.Fatal(err)
			}
			header, rows := readCSV(t, filepath.Join(dir, "quality.csv"))
			if !slices.Equal(header, []string{"level", "interviewer", "interview_id", "check", "question", "detail"}) {
				t.Errorf("quality.csv header %v", header)
			}
			interviewRows := 0
			for _, r := range rows {
				if r["level"] == "interview" {
					interviewRows++
				}
			}
			if res.Flags != interviewRows {
				t.Errorf("the export counts %d flags, quality.csv has %d rows of interviews (%d in all)", res.Flags, interviewRows, len(rows))
			}
			got := map[flagged]int{}
			summed := map[string]int{}
			var fromFile []Flag
			for _, r := range rows {
				fromFile = append(fromFile, Flag{r["level"], r["interviewer"], r["interview_id"], r["check"], r["question"], r["detail"]})
				switch r["level"] {
				case "interview":
					got[flagged{r["interview_id"], r["check"]}]++
				case "interviewer":
					var n int
					fmt.Sscanf(r["detail"], "%d flags", &n)
					summed[r["interviewer"]] += n
				}
			}
			for f, n := range got {
				if want[f] != n {
					t.Errorf("interview %s flagged %s %d times in quality.csv, want %d", f.id, f.check, n, want[f])
				}
			}
			for f := range want {
				if got[f] == 0 {
					t.Errorf("interview %s: its %s flag is missing from quality.csv", f.id, f.check)
				}
			}
			for who, n := range perWho {
				if summed[who] != n {
					t.Errorf("%s's summary rows count %d flags, want %d", who, summed[who], n)
				}
			}

			// The supervisor's flags are the same rows; read from the
			// facts, the duplicates come as each interview is read.
			flags, err := QualityFlags(st, form, store.Finished)
			if err != nil {
				t.Fatal(err)
			}
			if !indexed && !slices.Equal(flags, fromFile) {
				t.Errorf("the supervisor's flags differ from quality.csv:\n%v\n%v", flags, fromFile)
			}
			byRow := func(a, b Flag) int { return compareFlags(a, b) }
			if indexed && !slices.Equal(slices.SortedFunc(slices.Values(flags), byRow), slices.SortedFunc(slices.Values(fromFile), byRow)) {
				t.Errorf("the supervisor's flags differ from quality.csv:\n%v\n%v", flags, fromFile)
			}

			progress, err := FieldworkProgress(st, form)
			if err != nil {
				t.Fatal(err)
			}
			total := 0
			for _, p := range progress[:len(progress)-1] {
				if p.Flags != perWho[p.Interviewer] {
					t.Errorf("progress counts %d flags for %s, want %d", p.Flags, p.Interviewer, perWho[p.Interviewer])
				}
				total += perWho[p.Interviewer]
			}
			if all := progress[len(progress)-1]; all.Flags != total || total != len(want) {
				t.Errorf("progress counts %d flags in all, want %d (%d flagged)", all.Flags, total, len(want))
			}
		})
	}
}

func compareFlags(a, b Flag) int {
	for _, p := range [][2]string{{a.Level, b.Level}, {a.Interviewer, b.Interviewer}, {a.Interview, b.Interview}, {a.Check, b.Check}, {a.Question, b.Question}, {a.Detail, b.Detail}} {
		if p[0] != p[1] {
			if p[0] < p[1] {
				return -1
			}
			return 1
		}
	}
	return 0
}

package survey

import (
	"testing"
	"time"

	"siap/export"
	"siap/store"
)

// TestSuperviseAndProgressCountTheSameFlags: the supervisor's header and
// the progress screen count the flags of the same interviews, before and
// after one of them is approved.
func TestSuperviseAndProgressCountTheSameFlags(t *testing.T) {
	src := "survey,,,,\n,type,name,label,soft_max\n,integer,age,Age,90\n"
	for _, keys := range [][]string{{"5"}, {"5", "y"}} {
		app, st := newFormApp(t, src)
		var records []store.Record
		for i, age := range []string{"95", "97", "40"} {
			start := fixedNow().Add(-time.Duration(i+1) * time.Hour)
			records = append(records, store.Record{
				Interview: store.Interview{ID: store.NewID(), FormKey: app.env.formKey, FormID: app.env.form.ID, Interviewer: "Ani",
					Status: store.Completed, Created: start, Updated: start.Add(20 * time.Minute)},
				Answers: map[string]store.Answer{"age": {Value: age}},
			})
		}
		if _, err := st.Import(store.Records(records...)); err != nil {
			t.Fatal(err)
		}
		sup, ok := finalModel(t, app, keys...).screen.(*supervise)
		if !ok {
			t.Fatalf("%v: not on the supervise screen", keys)
		}
		header := 0
		for _, c := range sup.perWho {
			if c.Interviewer == "Ani" {
				header += c.Count
			}
		}
		app2, err := New(Options{Store: st, Form: app.env.form, FormKey: app.env.formKey, Now: fixedNow})
		if err != nil {
			t.Fatal(err)
		}
		prog, ok := finalModel(t, app2, "5", "p").screen.(*progressScreen)
		if !ok {
			t.Fatalf("%v: p did not open progress", keys)
		}
		if header != 2 || len(prog.rows) == 0 || prog.rows[0].Flags != header {
			t.Errorf("after %v: the supervise header counts %d flags for Ani, progress %+v; want 2 in both", keys, header, prog.rows)
		}
	}
}

// TestApprovingOneDuplicateKeepsTheOtherFlagged: of two interviews with
// the same NIK, the one left after the other is approved is still
// flagged.
func TestApprovingOneDuplicateKeepsTheOtherFlagged(t *testing.T) {
	app, st := newFormApp(t, "survey,,,,\n,type,name,label,pii\n,text,nik,NIK,hash\n")
	var records []store.Record
	for i := range 2 {
		start := fixedNow().Add(-time.Duration(i+1) * time.Hour)
		records = append(records, store.Record{
			Interview: store.Interview{ID: store.NewID(), FormKey: app.env.formKey, FormID: app.env.form.ID, Interviewer: "Ani",
				Status: store.Completed, Created: start, Updated: start.Add(20 * time.Minute)},
			Answers: map[string]store.Answer{"nik": {Value: "3171234567890123"}},
		})
	}
	if _, err := st.Import(store.Records(records...)); err != nil {
		t.Fatal(err)
	}
	sup, ok := finalModel(t, app, "5", "y").screen.(*supervise)
	if !ok {
		t.Fatal("not on the supervise screen")
	}
	if len(sup.rows) != 1 {
		t.Fatalf("%d interviews left to review, want 1", len(sup.rows))
	}
	if got := sup.rows[0].checks; len(got) != 1 || got[0] != export.CheckDuplicateID {
		t.Errorf("the interview left is flagged %v, want %s", got, export.CheckDuplicateID)
	}
}

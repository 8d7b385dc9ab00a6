package export

import (
	"path/filepath"
	"slices"
	"testing"

	"siap/questionnaires/interview"
	"siap/store"
)

// exportOne stores one completed interview with the answers s holds and
// exports it into a fresh folder.
func exportOne(t *testing.T, src string, fill func(*interview.State)) string {
	t.Helper()
	st, form, key := formFile(t, src)
	s := interview.New(form, interview.Meta{})
	fill(s)
	iv, err := st.Create(store.Interview{FormKey: key, FormID: form.ID}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var changes []store.Change
	for p, v := range s.Answers() {
		changes = append(changes, store.Change{Path: p, Value: v})
	}
	if err := st.Save(iv.ID, changes); err != nil {
		t.Fatal(err)
	}
	if err := st.SetStatus(iv.ID, store.Completed, "x", ""); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if _, err := Run(st, form, dir, Options{}); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestLoopRowsNameTheirChoice(t *testing.T) {
	src := "survey,,,\n,type,name,label\n,begin loop over means,transport,Transport\n,integer,trips,Trips by %(label)s\n,end loop,,\n" +
		"choices,,,\n,list_name,name,label\n,means,bus,Bus\n,means,taxi,Taxi\n"
	dir := exportOne(t, src, func(s *interview.State) {
		s.Set("transport[1]/trips", "3")
		s.Set("transport[2]/trips", "5")
	})
	header, rows := readCSV(t, filepath.Join(dir, "transport.csv"))
	if !slices.Equal(header, []string{"parent_id", "instance", "choice", "trips", "PARENT_KEY", "KEY"}) || len(rows) != 2 {
		t.Fatalf("transport.csv: %v, %d rows", header, len(rows))
	}
	if rows[0]["choice"] != "bus" || rows[1]["choice"] != "taxi" || rows[1]["trips"] != "5" {
		t.Errorf("loop rows %v", rows)
	}
}

func TestReusedNamesGetTheirOwnColumns(t *testing.T) {
	src := "survey,,,\n,type,name,label\n,begin group,right,Right\n,integer,lux,Lux\n,end group,,\n,begin group,left,Left\n,integer,lux,Lux\n,end group,,\n"
	dir := exportOne(t, src, func(s *interview.State) {
		s.Set("right/lux", "120")
		s.Set("left/lux", "80")
	})
	_, rows := readCSV(t, filepath.Join(dir, "data.csv"))
	if len(rows) != 1 || rows[0]["right_lux"] != "120" || rows[0]["left_lux"] != "80" {
		t.Errorf("data.csv rows %v", rows)
	}
}

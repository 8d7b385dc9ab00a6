package summary

import (
	"fmt"
	"strings"
	"testing"

	"siap/export"
	"siap/store"
)

// otherKey is an Indexer under another key: a file whose facts it made
// is summarised from every answer, as a file of an earlier siap is.
type otherKey struct{ *export.Indexer }

func (otherKey) Key() string { return "another questionnaire" }

// TestSummaryFromFactsAgreesWithAScan: the summaries read from the
// indicator values every write keeps are those worked out from every
// answer, whatever the grouping and statuses, with a draft changed since
// its values were worked out and an interview reopened.
func TestSummaryFromFactsAgreesWithAScan(t *testing.T) {
	st, form := simulatedFile(t, 120)
	ix := export.NewIndexer(form)
	if err := st.SetIndexer(ix, nil); err != nil {
		t.Fatal(err)
	}
	var ids []string
	err := st.EachInterview(func(iv store.Interview) error { ids = append(ids, iv.ID); return nil })
	if err != nil || len(ids) < 3 {
		t.Fatal(err, len(ids))
	}
	// A completed interview reopened and changed: its values are worked
	// out again when it is read.
	if err := st.SetStatus(ids[0], store.Draft, "ani", ""); err != nil {
		t.Fatal(err)
	}
	if err := st.Save(ids[0], []store.Change{{Path: "city", Value: "medan"}, {Path: "own_account", Value: "2"}}); err != nil {
		t.Fatal(err)
	}
	// One sent back and completed again after a change.
	if err := st.SetStatus(ids[1], store.Rejected, "sari", "check"); err != nil {
		t.Fatal(err)
	}
	if err := st.Save(ids[1], []store.Change{{Path: "own_account", Value: "1"}}); err != nil {
		t.Fatal(err)
	}
	if err := st.SetStatus(ids[1], store.Completed, "ani", ""); err != nil {
		t.Fatal(err)
	}
	type run struct {
		by       string
		statuses []store.Status
	}
	var runs []run
	for _, by := range []string{"", "resp_sex", "education"} {
		for _, sts := range [][]store.Status{nil, {store.Draft, store.Completed, store.Approved, store.Rejected}} {
			runs = append(runs, run{by, sts})
		}
	}
	results := func() []string {
		var out []string
		for _, r := range runs {
			s, err := Compute(st, form, Options{By: r.by, Statuses: r.statuses})
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, render(s))
		}
		return out
	}
	kept := results()
	if err := st.SetIndexer(otherKey{ix}, nil); err != nil {
		t.Fatal(err)
	}
	scanned := results()
	for i := range runs {
		if kept[i] != scanned[i] {
			t.Errorf("by %q, statuses %v: from the facts\n%s\nfrom every answer\n%s", runs[i].by, runs[i].statuses, kept[i], scanned[i])
		}
	}
}

// render writes a summary's figures to 9 significant digits: sums over
// a map's values may differ in their last bits from one run to the next.
func render(s *Summary) string {
	var b strings.Builder
	fmt.Fprintf(&b, "n %d, no answer %d, simulated %d/%d, groups %d\n", s.Interviews, s.NoAnswer, s.SimulatedIn, s.SimulatedLeft, len(s.Groups))
	for _, r := range s.Rows {
		fmt.Fprintf(&b, "%s: %s %.9g df %d p %.9g\n", r.Indicator.Name, r.Test, r.Statistic, r.DF, r.P)
		for _, c := range r.Cells {
			fmt.Fprintf(&b, "  %s n %d count %d value %.9g [%.9g, %.9g] sd %.9g %v\n", c.Group, c.N, c.Count, c.Value, c.Low, c.High, c.SD, c.Dist)
		}
	}
	return b.String()
}

package export

import (
	"slices"
	"testing"
	"time"

	"siap/internal/spill"
	"siap/store"
)

func TestFieldworkProgress(t *testing.T) {
	src := "survey,,,\n,type,name,label\n,integer,age,Umur\n"
	st, form, key := formFile(t, src)
	t0 := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	rec := func(who string, status store.Status, minutes int) store.Record {
		return store.Record{
			Interview: store.Interview{ID: store.NewID(), FormKey: key, FormID: form.ID, Interviewer: who, Status: status,
				Created: t0, Updated: t0.Add(time.Duration(minutes) * time.Minute)},
			Answers: map[string]store.Answer{"age": {Value: "40"}},
		}
	}
	records := []store.Record{
		rec("Ani", store.Completed, 30), rec("Ani", store.Approved, 40), rec("Ani", store.Draft, 5),
		rec("Budi", store.Completed, 20), rec("Budi", store.Rejected, 25), rec("Budi", store.Refused, 2),
	}
	if _, err := st.Import(store.Records(records...)); err != nil {
		t.Fatal(err)
	}
	got, err := FieldworkProgress(st, form)
	if err != nil {
		t.Fatal(err)
	}
	want := []Progress{
		{Interviewer: "Ani", Draft: 1, Completed: 1, Approved: 1, MedianMinutes: 35, Last: t0.Add(40 * time.Minute)},
		{Interviewer: "Budi", Completed: 1, Rejected: 1, Refused: 1, MedianMinutes: 20, Last: t0.Add(25 * time.Minute)},
		{Interviewer: "", Draft: 1, Completed: 2, Approved: 1, Rejected: 1, Refused: 1, MedianMinutes: 30, Last: t0.Add(40 * time.Minute)},
	}
	if len(got) != len(want) {
		t.Fatalf("%d rows, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		g, w := got[i], want[i]
		if !g.Last.Equal(w.Last) {
			t.Errorf("%q: last change %v, want %v", w.Interviewer, g.Last, w.Last)
		}
		g.Last, w.Last = time.Time{}, time.Time{}
		if g != w {
			t.Errorf("row %d:\n got %+v\nwant %+v", i, g, w)
		}
	}
	if got[2].Total() != 6 {
		t.Errorf("total %d interviews, want 6", got[2].Total())
	}
}

// Every status has its column in the progress table.
func TestEveryStatusIsCounted(t *testing.T) {
	for _, s := range store.Statuses {
		var p Progress
		c := p.counter(s)
		if c == nil {
			t.Errorf("status %s has no field in Progress", s)
			continue
		}
		*c = 3
		if p.Count(s) != 3 || p.Total() != 3 {
			t.Errorf("status %s: counted %d, total %d", s, p.Count(s), p.Total())
		}
	}
}

// The median of every interviewer's lengths together is that of one
// list of them all, whatever their number and how they are split, and
// each interviewer's that of their own list, whether the lengths fit in
// memory or not.
func TestMediansOfGroups(t *testing.T) {
	tests := []struct {
		name  string
		lists [][]float64
		want  float64
	}{
		{"none", nil, 0},
		{"empty lists", [][]float64{{}, {}}, 0},
		{"one value", [][]float64{{}, {7}}, 7},
		{"odd, split", [][]float64{{1, 9}, {3}, {4, 5}}, 4},
		{"even, split", [][]float64{{1, 2}, {3, 10}}, 2.5},
		{"ties across lists", [][]float64{{2, 2, 2}, {2, 8}, {1}}, 2},
		{"more lengths than are held in memory", [][]float64{{31.5, 2.25, 17, 17, 40.125, 3}, {9, 1, 1, 12.5}, {26, 14, 8.75, 30, 5}}, 12.5},
	}
	old := spill.ValuesInMemory
	spill.ValuesInMemory = 4
	defer func() { spill.ValuesInMemory = old }()
	t.Setenv("TMPDIR", t.TempDir())
	for _, tt := range tests {
		v := spill.NewValues()
		var all []float64
		sets := []func(int) bool{anyLength}
		for g, l := range tt.lists {
			all = append(all, l...)
			for _, x := range l {
				if err := v.Add(g, x); err != nil {
					t.Fatal(err)
				}
			}
			sets = append(sets, func(h int) bool { return h == g })
		}
		got, err := medians(v, sets...)
		if err != nil {
			t.Fatal(err)
		}
		if got[0] != tt.want || got[0] != sortedMedian(all) {
			t.Errorf("%s: median %v (of one list %v), want %v", tt.name, got[0], sortedMedian(all), tt.want)
		}
		for g, l := range tt.lists {
			if got[g+1] != sortedMedian(l) {
				t.Errorf("%s: list %d's median %v, want %v", tt.name, g, got[g+1], sortedMedian(l))
			}
		}
		v.Close()
	}
}

// sortedMedian is the median of xs by sorting them, 0 for none.
func sortedMedian(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	return (s[(len(s)-1)/2] + s[len(s)/2]) / 2
}

package export

import (
	"math"
	"path/filepath"
	"testing"
	"time"

	"siap/internal/fieldwork"
	"siap/questionnaires"
	"siap/store"
)

// agree checks that ReadIndicators reads from an interview's facts what
// Indicators does, for every grouping question.
func agree(t *testing.T, x *Indexer, iv store.Interview) {
	t.Helper()
	dst := make([]Reading, len(x.form.Indicators))
	for g, n := range x.groupings {
		values, group, ok := x.Indicators(iv, n.Name)
		choice, readOK := x.ReadIndicators(iv, g, dst)
		if ok != readOK {
			t.Fatalf("%s by %s: Indicators says %v, ReadIndicators %v", iv.ID, n.Name, ok, readOK)
		}
		if !ok {
			continue
		}
		want := make([]Reading, len(dst))
		Readings(values, want)
		for i := range want {
			w, d := want[i], dst[i]
			if w.Applies != d.Applies || w.Met != d.Met || math.Float64bits(w.Number) != math.Float64bits(d.Number) && !(math.IsNaN(w.Number) && math.IsNaN(d.Number)) {
				t.Errorf("%s indicator %d: read %+v, want %+v", iv.ID, i, d, w)
			}
		}
		got := ""
		if choice > 0 {
			got = n.List.Choices[choice-1].Name
		}
		if got != group {
			t.Errorf("%s by %s: read %q, want %q", iv.ID, n.Name, got, group)
		}
	}
}

// TestReadIndicatorsAgreesWithDecoding: the indicator values read in
// place are those the facts decoded whole give, in a file's interviews
// and in facts whose every part holds something.
func TestReadIndicatorsAgreesWithDecoding(t *testing.T) {
	st, form, err := fieldwork.NewFile(filepath.Join(t.TempDir(), "siap.db"), 150, 3, time.Date(2026, 11, 24, 17, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	x := NewIndexer(form)
	if err := st.SetIndexer(x, nil); err != nil {
		t.Fatal(err)
	}
	read := 0
	err = st.EachFacts(func(iv store.Interview) error {
		if _, _, ok := x.Indicators(iv, form.SummaryBy); ok {
			read++
		}
		agree(t, x, iv)
		return nil
	})
	if err != nil || read == 0 {
		t.Fatalf("%v; %d interviews with indicator values", err, read)
	}

	two, at := 2.5, time.Date(2026, 11, 20, 9, 0, 0, 123, time.UTC)
	met := make([]byte, len(form.Indicators))
	numbers := make([]*float64, len(form.Indicators))
	for i := range met {
		met[i] = "-01"[i%3]
		if i%2 == 1 {
			numbers[i] = &two
		}
	}
	groups := make([]int, len(x.groupings))
	for i := range groups {
		groups[i] = i % 3
	}
	full := facts{
		Sessions:   sessions{Total: 90 * time.Second, Start: at, Last: at.Add(time.Minute), Latest: at.Add(time.Minute), Open: true, Seen: true},
		Start:      "2026-11-20T09:00:00.000+07:00",
		End:        "2026-11-20T09:30:00.000+07:00",
		Shown:      map[string]time.Time{"age": at, "members[2]/age": at.Add(time.Second)},
		Fast:       []fastAnswer{{"age", 1.25, 2}},
		Confirmed:  map[string][]string{"age": {"95", "96"}},
		Straight:   []straightRun{{"a1", 5, "3"}},
		Soft:       map[string]string{"age": "95", "income": "-1"},
		Computed:   true,
		Indicators: indicators{Met: string(met), Numbers: numbers, Groups: groups},
	}
	notComputed := full
	notComputed.Computed = false
	otherForm := full
	otherForm.Indicators.Met += "1"
	otherForm.Indicators.Numbers = append(otherForm.Indicators.Numbers, nil)
	for _, f := range []facts{full, notComputed, otherForm, {}} {
		agree(t, x, store.Interview{ID: "made", Facts: &store.Facts{Key: x.Key(), Data: f.encode()}})
	}
	agree(t, x, store.Interview{ID: "another key", Facts: &store.Facts{Key: "another", Data: full.encode()}})
	agree(t, x, store.Interview{ID: "none"})
}

// FuzzReadIndicators: any bytes are read or refused, never a panic, and
// what is read is what decoding the facts whole gives.
func FuzzReadIndicators(f *testing.F) {
	form, err := questionnaires.Shipped()
	if err != nil {
		f.Fatal(err)
	}
	x := NewIndexer(form)
	two := 2.0
	met := make([]byte, len(form.Indicators))
	numbers := make([]*float64, len(form.Indicators))
	for i := range met {
		met[i] = '1'
		numbers[i] = &two
	}
	f.Add((&facts{Computed: true, Indicators: indicators{Met: string(met), Numbers: numbers, Groups: make([]int, len(x.groupings))}}).encode())
	f.Add((&facts{Soft: map[string]string{"a": "1"}, Computed: true}).encode())
	f.Add([]byte{1, 0xff, 0xff})
	f.Fuzz(func(t *testing.T, data []byte) {
		agree(t, x, store.Interview{ID: "fuzzed", Facts: &store.Facts{Key: x.Key(), Data: data}})
	})
}

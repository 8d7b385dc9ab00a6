package interview

import (
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestMain runs every test and fuzz input of the package with each
// incremental evaluation compared with a full one (compareWithFull):
// any difference fails the test that caused it.
func TestMain(m *testing.M) {
	verifyRecompute = compareWithFull
	verifySettled = compareSettled
	os.Exit(m.Run())
}

// withoutComparison turns the comparison off for a benchmark.
func withoutComparison(b *testing.B) {
	verifyRecompute = nil
	b.Cleanup(func() { verifyRecompute = compareWithFull })
}

// compareWithFull evaluates a copy of the interview in full, then the
// interview itself incrementally, and panics (failing the test, with the
// fuzz input that caused it) when the two differ in anything a caller
// sees: answers, effective values, relevance, instances, stops, the
// changes reported, or how many times the clock and random() were read.
func compareWithFull(s *State, incremental func()) {
	c := s.copyForComparison()
	var times []time.Time
	var draws []float64
	random := s.meta.Random
	now := time.Now
	if s.meta.Now != nil {
		now = s.meta.Now
	}
	c.meta.Now = func() time.Time { t := now(); times = append(times, t); return t }
	c.meta.Random = func() float64 {
		var f float64
		if random != nil {
			f = random()
		} else {
			f = float64(len(draws)%97) / 97
		}
		draws = append(draws, f)
		return f
	}
	c.evaluate(true)

	var problems []string
	saved := s.meta
	s.meta.Now = func() time.Time {
		if len(times) == 0 {
			problems = append(problems, "the clock is read more often")
			return now()
		}
		t := times[0]
		times = times[1:]
		return t
	}
	s.meta.Random = func() float64 {
		if len(draws) == 0 {
			problems = append(problems, "random() is drawn more often")
			return 0
		}
		f := draws[0]
		draws = draws[1:]
		return f
	}
	incremental()
	s.meta = saved
	if len(times) > 0 || len(draws) > 0 {
		problems = append(problems, fmt.Sprintf("%d clock reads and %d draws fewer", len(times), len(draws)))
	}
	problems = append(problems, differences(c, s)...)
	if len(problems) > 0 {
		panic("incremental evaluation differs from a full one:\n" + strings.Join(problems, "\n"))
	}
}

// compareSettled walks a copy of an interview whose first walk was
// taken as settled once more, as evaluation did before it could tell,
// and panics (failing the test that restored or began it) when that
// walk changes anything a caller sees.
func compareSettled(s *State) {
	c := s.copyForComparison()
	c.stops = s.stops
	c.fresh = false
	changed, moved := c.pass(true)
	problems := differences(s, c)
	if changed || moved {
		problems = append(problems, fmt.Sprintf("a second walk changed something (values or items %v, relevance %v)", changed, moved))
	}
	if len(problems) > 0 {
		panic("a first walk taken as settled differs from the next:\n" + strings.Join(problems, "\n"))
	}
}

// copyForComparison copies what evaluation reads and writes, items
// included, so that evaluating the copy leaves the interview as it is.
func (s *State) copyForComparison() *State {
	c := *s
	c.answers = maps.Clone(s.answers)
	c.vals = maps.Clone(s.vals)
	c.counts = maps.Clone(s.counts)
	c.changes = slices.Clone(s.changes)
	c.tracking, c.reading = false, nil
	c.valueReaders, c.countReaders = readers{}, readers{}
	copies := map[*Item]*Item{}
	var cp func(it *Item) *Item
	cp = func(it *Item) *Item {
		if it == nil {
			return nil
		}
		if d, ok := copies[it]; ok {
			return d
		}
		d := *it
		copies[it] = &d
		d.parent = cp(it.parent)
		return &d
	}
	c.items = make([]*Item, len(s.items))
	for i, it := range s.items {
		c.items[i] = cp(it)
	}
	c.byPath = map[string]*Item{}
	for p, it := range s.byPath {
		c.byPath[p] = cp(it)
	}
	c.prompts = map[string]*Item{}
	for p, it := range s.prompts {
		c.prompts[p] = cp(it)
	}
	c.stops = nil
	return &c
}

// differences lists what a caller would see differ between two
// interviews.
func differences(want, got *State) []string {
	var out []string
	if !maps.Equal(want.answers, got.answers) {
		out = append(out, fmt.Sprintf("answers\n full %v\n incremental %v", want.answers, got.answers))
	}
	if !maps.Equal(want.vals, got.vals) {
		out = append(out, fmt.Sprintf("values\n full %v\n incremental %v", want.vals, got.vals))
	}
	if !maps.Equal(want.counts, got.counts) {
		out = append(out, fmt.Sprintf("counts\n full %v\n incremental %v", want.counts, got.counts))
	}
	describe := func(items []*Item) []string {
		var d []string
		for _, it := range items {
			d = append(d, fmt.Sprintf("%s:%v", it.Path, it.Relevant))
		}
		return d
	}
	if w, g := describe(want.items), describe(got.items); !slices.Equal(w, g) {
		out = append(out, fmt.Sprintf("items\n full %v\n incremental %v", w, g))
	}
	if w, g := describe(want.stops), describe(got.stops); !slices.Equal(w, g) {
		out = append(out, fmt.Sprintf("stops\n full %v\n incremental %v", w, g))
	}
	if !slices.Equal(want.changes, got.changes) {
		out = append(out, fmt.Sprintf("changes\n full %v\n incremental %v", want.changes, got.changes))
	}
	return out
}

package export

import (
	"container/heap"
	"slices"
	"strings"
	"time"

	"siap/questionnaires"
	"siap/store"
)

// Progress is one interviewer's fieldwork so far, as a supervisor
// follows it: interviews by status, how long a finished interview takes,
// and how many quality flags the finished ones raised.
type Progress struct {
	Interviewer string `csv:"interviewer" json:"interviewer"`
	Draft       int    `csv:"draft" json:"draft"`
	Completed   int    `csv:"completed" json:"completed"`
	Approved    int    `csv:"approved" json:"approved"`
	Rejected    int    `csv:"rejected" json:"rejected"`
	Refused     int    `csv:"refused" json:"refused"`
	// MedianMinutes is the median length of completed and approved
	// interviews; 0 when there are none.
	MedianMinutes float64 `csv:"median_minutes" json:"median_minutes"`
	// Flags counts the quality flags of completed and approved interviews.
	Flags int `csv:"quality_flags" json:"quality_flags"`
	// Last is the last change to any of the interviewer's interviews.
	Last time.Time `csv:"last_change" json:"last_change"`
}

// Total is the number of interviews the interviewer has in the file.
func (p Progress) Total() int { return p.Draft + p.Completed + p.Approved + p.Rejected + p.Refused }

// Count is the number of the interviewer's interviews with a status.
func (p Progress) Count(s store.Status) int {
	if c := p.counter(s); c != nil {
		return *c
	}
	return 0
}

// counter is the field a status is counted in; every status has one
// (TestEveryStatusIsCounted).
func (p *Progress) counter(s store.Status) *int {
	switch s {
	case store.Draft:
		return &p.Draft
	case store.Completed:
		return &p.Completed
	case store.Approved:
		return &p.Approved
	case store.Rejected:
		return &p.Rejected
	case store.Refused:
		return &p.Refused
	}
	return nil
}

// FieldworkProgress gives one Progress per interviewer, by name, and
// their sum under the name "" last.
func FieldworkProgress(st store.Interviews, form *questionnaires.Form) ([]Progress, error) {
	finished := store.Finished
	byName := map[string]*Progress{}
	minutes := map[string][]float64{}
	all := &Progress{}
	counts, err := QualityCounts(st, form, finished, func(iv store.Interview, m float64) {
		p := byName[iv.Interviewer]
		if p == nil {
			p = &Progress{Interviewer: iv.Interviewer}
			byName[iv.Interviewer] = p
		}
		for _, q := range []*Progress{p, all} {
			if c := q.counter(iv.Status); c != nil {
				(*c)++
			}
			if iv.Updated.After(q.Last) {
				q.Last = iv.Updated
			}
		}
		if slices.Contains(finished, iv.Status) {
			minutes[iv.Interviewer] = append(minutes[iv.Interviewer], m)
		}
	}, nil)
	if err != nil {
		return nil, err
	}
	// The rows per interviewer and check are what the supervisor's screen
	// shows above its list: the same counts.
	for _, f := range counts {
		if p := byName[f.Interviewer]; p != nil {
			p.Flags += f.Count
		}
		all.Flags += f.Count
	}
	// Each length is kept once, by interviewer: the median of all is
	// that of their sorted lengths merged.
	out := make([]Progress, 0, len(byName)+1)
	var sorted [][]float64
	for name, p := range byName {
		m := minutes[name]
		slices.Sort(m)
		sorted = append(sorted, m)
		p.MedianMinutes = medianOfSorted(m)
		out = append(out, *p)
	}
	slices.SortFunc(out, func(a, b Progress) int { return strings.Compare(a.Interviewer, b.Interviewer) })
	all.MedianMinutes = medianOfSorted(sorted...)
	return append(out, *all), nil
}

// median is the middle of xs (the mean of the two middle values when
// their number is even), 0 for none.
func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	return medianOfSorted(s)
}

// medianOfSorted is the median of the values of several sorted lists
// together, found by merging them up to the middle: no list of them all
// is made.
func medianOfSorted(lists ...[]float64) float64 {
	h := &heads{}
	n := 0
	for _, l := range lists {
		n += len(l)
		if len(l) > 0 {
			h.lists = append(h.lists, l)
		}
	}
	if n == 0 {
		return 0
	}
	heap.Init(h)
	// The values at places (n-1)/2 and n/2 of the merged order.
	var lo, hi float64
	for i := 0; i <= n/2; i++ {
		l := h.lists[0]
		hi = l[0]
		if i == (n-1)/2 {
			lo = hi
		}
		if h.lists[0] = l[1:]; len(h.lists[0]) == 0 {
			heap.Pop(h)
		} else {
			heap.Fix(h, 0)
		}
	}
	return (lo + hi) / 2
}

// heads orders sorted lists by their first values (container/heap).
type heads struct{ lists [][]float64 }

func (h *heads) Len() int           { return len(h.lists) }
func (h *heads) Less(i, j int) bool { return h.lists[i][0] < h.lists[j][0] }
func (h *heads) Swap(i, j int)      { h.lists[i], h.lists[j] = h.lists[j], h.lists[i] }
func (h *heads) Push(x any)         { h.lists = append(h.lists, x.([]float64)) }
func (h *heads) Pop() any {
	last := h.lists[len(h.lists)-1]
	h.lists = h.lists[:len(h.lists)-1]
	return last
}

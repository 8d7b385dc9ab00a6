package export

import (
	"slices"
	"strings"
	"time"

	"siap/internal/spill"
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
	all := &Progress{}
	var out []Progress
	// The lengths are those the quality checks keep, by interviewer,
	// in bounded memory: the medians are read from them before they go.
	counts, err := qualityCounts(st, form, finished, func(iv store.Interview, m float64) {
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
	}, nil, func(q *quality) error {
		for _, p := range byName {
			out = append(out, *p)
		}
		slices.SortFunc(out, func(a, b Progress) int { return strings.Compare(a.Interviewer, b.Interviewer) })
		// An interviewer's finished lengths are in the group after
		// their number; all finished ones in every group but 0.
		sets := []func(int) bool{func(g int) bool { return g > 0 }}
		for _, p := range out {
			who, ok := q.whoIndex[p.Interviewer]
			sets = append(sets, func(g int) bool { return ok && g == int(who)+1 })
		}
		m, err := medians(q.lengths, sets...)
		if err != nil {
			return err
		}
		all.MedianMinutes = m[0]
		for i := range out {
			out[i].MedianMinutes = m[i+1]
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	// The rows per interviewer and check are what the supervisor's screen
	// shows above its list: the same counts.
	flags := map[string]int{}
	for _, f := range counts {
		flags[f.Interviewer] += f.Count
		all.Flags += f.Count
	}
	for i := range out {
		out[i].Flags = flags[out[i].Interviewer]
	}
	return append(out, *all), nil
}

// anyLength takes every group of lengths.
func anyLength(int) bool { return true }

// medians are the medians of the values of each set of groups (the mean
// of the two middle values when their number is even), 0 for none: exact,
// in bounded memory, all found in the same passes over the values.
func medians(v *spill.Values, sets ...func(group int) bool) ([]float64, error) {
	var ranks []spill.Rank
	for _, in := range sets {
		if n := v.Len(in); n > 0 {
			ranks = append(ranks, spill.Rank{In: in, K: (n - 1) / 2}, spill.Rank{In: in, K: n / 2})
		}
	}
	stats, err := v.OrderStats(ranks)
	if err != nil {
		return nil, err
	}
	out := make([]float64, len(sets))
	for i, in := range sets {
		if v.Len(in) > 0 {
			out[i] = (stats[0] + stats[1]) / 2
			stats = stats[2:]
		}
	}
	return out, nil
}

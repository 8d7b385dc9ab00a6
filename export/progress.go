package export

import (
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
			minutes[""] = append(minutes[""], m)
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
	out := make([]Progress, 0, len(byName)+1)
	for name, p := range byName {
		p.MedianMinutes = median(minutes[name])
		out = append(out, *p)
	}
	slices.SortFunc(out, func(a, b Progress) int { return strings.Compare(a.Interviewer, b.Interviewer) })
	all.MedianMinutes = median(minutes[""])
	return append(out, *all), nil
}

// median is the middle of xs (the mean of the two middle values when
// their number is even), 0 for none.
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

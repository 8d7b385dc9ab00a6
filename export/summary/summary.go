// Package summary computes the comparative summaries a form's
// indicators sheet defines, per group of its summary_by question (the
// city): counts, percentages with Wilson intervals, means with t
// intervals, medians with quartiles, and a test of difference between
// groups. It streams over the stored interviews.
package summary

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"siap/questionnaires"
	"siap/questionnaires/interview"
	"siap/store"
)

// All is the group code of all interviews together.
const All = "all"

// Options choose what a summary counts.
type Options struct {
	// By is the select_one question to group by; "" means the form's
	// summary_by.
	By string
	// Statuses counted; nil means store.Finished.
	Statuses []store.Status
	// Simulated says whether simulated interviews are counted.
	Simulated Simulated
}

// Simulated says whether a summary counts simulated interviews.
type Simulated uint8

const (
	// SimulatedWhenNoOthers counts simulated interviews only while the
	// file has no real ones (of the statuses counted), so that a new
	// study sees its summaries work before fieldwork.
	SimulatedWhenNoOthers Simulated = iota
	IncludeSimulated
	ExcludeSimulated
)

// Group is one column of the comparison.
type Group struct {
	Code  string
	Label questionnaires.Text
}

// Cell is one indicator in one group.
type Cell struct {
	Group string
	N     int     // interviews the indicator applies to
	Count int     // proportion: how many meet it
	Value float64 // percent, mean or median
	Low   float64 // proportion, mean: the 95% interval; median: first quartile
	High  float64 // ... third quartile
	SD    float64 // mean: standard deviation
	// Dist counts the whole-number values of a mean indicator (the
	// readiness index: how many met 0, 1, 2, ... preconditions).
	Dist map[int]int
}

// Row is one indicator across the groups.
type Row struct {
	Indicator *questionnaires.Indicator
	Cells     []Cell // one per group, then All
	Test      string // chi-square or Kruskal-Wallis
	Statistic float64
	DF        int
	P         float64 // NaN when there are fewer than two groups with data
	Warning   string
	// MinExpected is the chi-square test's smallest expected count; below
	// 5 its p-value is approximate (Warning says so in English).
	MinExpected float64
}

// Summary is the whole comparison.
type Summary struct {
	By         *questionnaires.Node
	Groups     []Group
	Rows       []Row
	Interviews int
	Simulated  bool // simulated interviews are counted
}

// Compute reads the interviews of a data file and summarises the form's
// indicators.
func Compute(st *store.Store, form *questionnaires.Form, opts Options) (*Summary, error) {
	if len(form.Indicators) == 0 {
		return nil, errors.New("the questionnaire has no indicators sheet, so there is nothing to summarise")
	}
	by := opts.By
	if by == "" {
		by = form.SummaryBy
	}
	byNode := form.Node(by)
	if byNode == nil || byNode.Type != questionnaires.TypeSelectOne || byNode.List == nil || byNode.InRepeat() != nil {
		return nil, fmt.Errorf("%q is not a select_one question of the form to group by", by)
	}
	if opts.Statuses == nil {
		opts.Statuses = store.Finished
	}
	sum := &Summary{By: byNode}
	for _, c := range byNode.List.Choices {
		sum.Groups = append(sum.Groups, Group{Code: c.Name, Label: c.Label})
	}
	include := opts.Simulated == IncludeSimulated
	if opts.Simulated == SimulatedWhenNoOthers {
		real := 0
		err := st.Each(func(iv store.Interview, _ map[string]string) error {
			if !iv.Simulated && slices.Contains(opts.Statuses, iv.Status) {
				real++
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		include = real == 0
	}
	sum.Simulated = include
	acc := newAccumulators(form.Indicators, len(sum.Groups))
	groupIndex := map[string]int{}
	for i, g := range sum.Groups {
		groupIndex[g.Code] = i
	}
	err := st.Each(func(iv store.Interview, vals map[string]string) error {
		if !slices.Contains(opts.Statuses, iv.Status) || iv.Simulated && !include {
			return nil
		}
		sum.Interviews++
		s := interview.Restore(form, interview.Meta{}, vals)
		g, ok := groupIndex[s.Value(by)]
		if !ok {
			g = -1
		}
		for i, ind := range form.Indicators {
			if !s.Applies(ind.Expression) {
				continue
			}
			v := s.Eval(ind.Expression)
			acc[i].add(g, ind.Kind, v.Bool(), v.Number())
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for i, ind := range form.Indicators {
		sum.Rows = append(sum.Rows, acc[i].row(ind, sum.Groups))
	}
	return sum, nil
}

// accumulator gathers one indicator's values, per group and for all.
type accumulator struct {
	groups []*tally // per group, then All
}

type tally struct {
	n, count int
	sum      float64
	values   Counts
}

func newAccumulators(inds []*questionnaires.Indicator, groups int) []accumulator {
	out := make([]accumulator, len(inds))
	for i := range out {
		out[i].groups = make([]*tally, groups+1)
		for g := range out[i].groups {
			out[i].groups[g] = &tally{values: Counts{}}
		}
	}
	return out
}

func (a *accumulator) add(group int, kind questionnaires.IndicatorKind, b bool, x float64) {
	yesNo := statistics[kind].yesNo
	if !yesNo && math.IsNaN(x) {
		return
	}
	targets := []*tally{a.groups[len(a.groups)-1]}
	if group >= 0 {
		targets = append(targets, a.groups[group])
	}
	for _, t := range targets {
		t.n++
		if yesNo {
			if b {
				t.count++
			}
			continue
		}
		t.sum += x
		t.values[x]++
	}
}

func (a *accumulator) row(ind *questionnaires.Indicator, groups []Group) Row {
	r := Row{Indicator: ind, P: math.NaN(), Statistic: math.NaN()}
	stat := statistics[ind.Kind]
	for g, t := range a.groups {
		code := All
		if g < len(groups) {
			code = groups[g].Code
		}
		c := Cell{Group: code, N: t.n, Value: math.NaN(), Low: math.NaN(), High: math.NaN(), SD: math.NaN()}
		if t.n > 0 && stat.cell != nil {
			stat.cell(&c, t)
		}
		r.Cells = append(r.Cells, c)
	}
	if stat.test != nil {
		stat.test(&r, a.groups[:len(a.groups)-1])
	}
	return r
}

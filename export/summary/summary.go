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

	"siap/export"
	"siap/internal/spill"
	"siap/questionnaires"
	"siap/store"
)

// All is the group code of all interviews together: the union of the
// groups shown, NoAnswer included.
const All = "all"

// NoAnswer is the group code of the interviews that have no answer to
// the question grouped by (not asked, or skipped): shown when there are
// any, so that All is the sum of the groups shown. The tests between
// groups leave it out.
const NoAnswer = "_no_answer"

// Quantiles is how medians and quartiles are worked out.
type Quantiles uint8

const (
	// QuantilesR is Hyndman and Fan's type 7, R's and Excel's default.
	QuantilesR Quantiles = iota
	// QuantilesSPSS is type 6, SPSS's (EXAMINE, HAVERAGE) and Stata's
	// centile.
	QuantilesSPSS
)

// String is the convention's name as --quantiles takes it: r or spss.
func (q Quantiles) String() string {
	if q == QuantilesSPSS {
		return "spss"
	}
	return "r"
}

// ParseQuantiles reads a convention's name (r or spss).
func ParseQuantiles(s string) (Quantiles, bool) {
	for _, q := range []Quantiles{QuantilesR, QuantilesSPSS} {
		if q.String() == s {
			return q, true
		}
	}
	return QuantilesR, false
}

// Options choose what a summary counts.
type Options struct {
	// By is the select_one question to group by; "" means the form's
	// summary_by.
	By string
	// Statuses counted; nil means store.Finished.
	Statuses []store.Status
	// Simulated says whether simulated interviews are counted: by
	// default only while the file has no real ones, as exports do.
	Simulated export.Simulated
	// Quantiles is how medians and quartiles are worked out.
	Quantiles Quantiles
}

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
	// NoAnswer counts the interviews with no answer to the question
	// grouped by; when there are any, the last of Groups is NoAnswer.
	NoAnswer  int
	Quantiles Quantiles
	// SimulatedIn counts the simulated interviews counted, and
	// SimulatedLeft those of the statuses counted that were left out.
	SimulatedIn, SimulatedLeft int
}

// ErrNoIndicators is a questionnaire without an indicators sheet: it
// names nothing to summarise.
var ErrNoIndicators = errors.New("the questionnaire has no indicators sheet, so there is nothing to summarise")

// Compute reads the interviews of a data file and summarises the form's
// indicators.
func Compute(st store.Interviews, form *questionnaires.Form, opts Options) (*Summary, error) {
	if len(form.Indicators) == 0 {
		return nil, ErrNoIndicators
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
	sum := &Summary{By: byNode, Quantiles: opts.Quantiles}
	for _, c := range byNode.List.Choices {
		sum.Groups = append(sum.Groups, Group{Code: c.Name, Label: c.Label})
	}
	groupIndex := map[string]int{}
	for i, g := range sum.Groups {
		groupIndex[g.Code] = i
	}
	// Real and simulated interviews are tallied apart, and the simulated
	// ones added at the end when the rule takes them: the rule depends
	// on whether any real interview is counted, known once all are read.
	var parts [2]part
	for i := range parts {
		// One tally more than there are choices: the interviews without
		// an answer, shown when there are any.
		parts[i].acc = newAccumulators(form.Indicators, len(sum.Groups)+1, opts.Quantiles)
		defer closeAccumulators(parts[i].acc)
	}
	include := opts.Simulated != export.ExcludeSimulated
	// tally is the part an interview counts in, nil when it is not
	// summed: not of the statuses asked for, or simulated and not taken
	// (counted, to tell that some were left out).
	tally := func(iv store.Interview) *part {
		if !slices.Contains(opts.Statuses, iv.Status) {
			return nil
		}
		p := &parts[0]
		if iv.Simulated {
			p = &parts[1]
		}
		if iv.Simulated && !include {
			p.n++
			return nil
		}
		return p
	}
	add := func(p *part, readings []export.Reading, g int) {
		p.n++
		if g == noGroup {
			g = len(sum.Groups)
			p.noAnswer++
		}
		for i := range p.acc {
			p.acc[i].add(g, readings[i])
		}
	}
	readings := make([]export.Reading, len(form.Indicators))
	// addValues adds what IndicatorsOf worked out from the answers.
	addValues := func(p *part, values []*export.IndicatorValue, group string) {
		export.Readings(values, readings)
		g, ok := groupIndex[group]
		if !ok {
			g = noGroup
		}
		add(p, readings, g)
	}
	x := export.NewIndexer(form)
	current, err := x.Keeps(st)
	if err != nil {
		return nil, err
	}
	if current {
		// The values kept in the records, read once in place; an
		// interview changed since they were worked out (a draft) is read
		// whole.
		grouping := x.Grouping(by)
		// choiceGroup is the group of each place in the list the facts
		// give, from 1; 0 is no answer.
		choiceGroup := []int{noGroup}
		for _, c := range byNode.List.Choices {
			choiceGroup = append(choiceGroup, groupIndex[c.Name])
		}
		err = st.EachFacts(func(iv store.Interview) error {
			p := tally(iv)
			if p == nil {
				return nil
			}
			if choice, ok := x.ReadIndicators(iv, grouping, readings); ok && choice < len(choiceGroup) {
				add(p, readings, choiceGroup[choice])
				return nil
			}
			vals, err := st.Values(iv.ID)
			if err != nil {
				return err
			}
			values, groups := x.IndicatorsOf(vals)
			addValues(p, values, groups[by])
			return nil
		})
		if opts.Simulated == export.SimulatedWhenNoOthers {
			include = parts[0].n == 0
		}
	} else {
		// Every answer is read: simulated interviews only when taken.
		if include, err = opts.Simulated.Takes(st, opts.Statuses); err != nil {
			return nil, err
		}
		err = st.Each(func(iv store.Interview, vals map[string]string) error {
			p := tally(iv)
			if p == nil {
				return nil
			}
			values, groups := x.IndicatorsOf(vals)
			addValues(p, values, groups[by])
			return nil
		})
	}
	if err == nil {
		err = accumulatorsErr(parts[0].acc, parts[1].acc)
	}
	if err != nil {
		return nil, err
	}
	sum.Simulated = include
	acc := parts[0].acc
	sum.Interviews, sum.NoAnswer = parts[0].n, parts[0].noAnswer
	if include {
		for i := range acc {
			if err := acc[i].merge(&parts[1].acc[i]); err != nil {
				return nil, err
			}
		}
		sum.Interviews += parts[1].n
		sum.NoAnswer += parts[1].noAnswer
		sum.SimulatedIn = parts[1].n
	} else {
		sum.SimulatedLeft = parts[1].n
	}
	for i := range acc {
		acc[i].total()
	}
	tested := len(sum.Groups)
	if sum.NoAnswer > 0 {
		sum.Groups = append(sum.Groups, Group{Code: NoAnswer, Label: noAnswerLabel(form)})
	} else {
		for i := range acc {
			acc[i].groups = slices.Delete(acc[i].groups, tested, tested+1)
		}
	}
	for i, ind := range form.Indicators {
		r, err := acc[i].row(ind, sum.Groups, tested)
		if err != nil {
			return nil, err
		}
		sum.Rows = append(sum.Rows, r)
	}
	return sum, nil
}

// noAnswerLabel names the NoAnswer group in the form's languages.
func noAnswerLabel(form *questionnaires.Form) questionnaires.Text {
	t := questionnaires.Text{"": "not asked / no answer"}
	for _, l := range form.Languages {
		t[l] = "not asked / no answer"
		if questionnaires.IsIndonesian(l) {
			t[l] = "tidak ditanya / tidak dijawab"
		}
	}
	return t
}

// part is what the interviews of one kind (real or simulated) add up to.
type part struct {
	acc         []accumulator
	n, noAnswer int
}

// noGroup is the group of an interview without an answer to the
// question grouped by, until it is known where that group goes.
const noGroup = -1

// accumulator gathers one indicator's values, per group and for all.
type accumulator struct {
	yesNo  bool
	groups []tally // per group, then All
	// distinct counts the values the groups' Counts hold together; past
	// distinctCap, every value goes to spilled instead, by group (its
	// tally's place), in bounded memory, and the figures are worked out
	// from it exactly as from the counts.
	distinct int
	spilled  *spill.Values
	err      error
}

// distinctCap is how many distinct values an indicator's groups count
// in memory (some 40 bytes each): scales and counts have a few dozen, an
// income or a length as many as there are interviews.
var distinctCap = 1 << 13

type tally struct {
	n, count int
	sum      float64
	// values are counted per group as they come, and All's made from
	// them once (total): one count per value read, not two. Once the
	// accumulator's values are spilled, values is nil and the tally's
	// values are those of spilled in the groups in takes.
	values    Counts
	spilled   *spill.Values
	in        func(group int) bool
	quantiles Quantiles
}

func newAccumulators(inds []*questionnaires.Indicator, groups int, quantiles Quantiles) []accumulator {
	out := make([]accumulator, len(inds))
	for i, ind := range inds {
		out[i].yesNo = statistics[ind.Kind].yesNo
		out[i].groups = make([]tally, groups+1)
		for g := range out[i].groups {
			out[i].groups[g] = tally{values: Counts{}, quantiles: quantiles}
		}
	}
	return out
}

// closeAccumulators removes what they wrote to temporary files.
func closeAccumulators(acc []accumulator) {
	for i := range acc {
		if acc[i].spilled != nil {
			acc[i].spilled.Close()
		}
	}
}

// accumulatorsErr is the first error an accumulator met spilling.
func accumulatorsErr(parts ...[]accumulator) error {
	for _, acc := range parts {
		for i := range acc {
			if acc[i].err != nil {
				return acc[i].err
			}
		}
	}
	return nil
}

func (a *accumulator) add(group int, r export.Reading) {
	if !r.Applies {
		return
	}
	all, t := &a.groups[len(a.groups)-1], &a.groups[group]
	if a.yesNo {
		all.n++
		t.n++
		if r.Met {
			all.count++
			t.count++
		}
		return
	}
	x := r.Number
	if math.IsNaN(x) {
		return
	}
	all.n++
	t.n++
	all.sum += x
	t.sum += x
	if a.spilled != nil {
		if err := a.spilled.Add(group, x); err != nil && a.err == nil {
			a.err = err
		}
		return
	}
	if t.values[x]++; t.values[x] == 1 {
		if a.distinct++; a.distinct > distinctCap {
			a.spill()
		}
	}
}

// spill moves the groups' counts to a spill.Values, where the values
// that follow go too.
func (a *accumulator) spill() {
	if a.spilled != nil {
		return
	}
	a.spilled = spill.NewValues()
	last := len(a.groups) - 1
	for g := range a.groups {
		t := &a.groups[g]
		if g < last {
			for v, k := range t.values {
				for range k {
					if err := a.spilled.Add(g, v); err != nil && a.err == nil {
						a.err = err
					}
				}
			}
			t.in = func(h int) bool { return h == g }
		} else {
			t.in = func(int) bool { return true }
		}
		t.values, t.spilled = nil, a.spilled
	}
}

// merge adds what another accumulator of the same groups gathered.
func (a *accumulator) merge(b *accumulator) error {
	for g := range a.groups {
		t, o := &a.groups[g], &b.groups[g]
		t.n += o.n
		t.count += o.count
		t.sum += o.sum
	}
	if a.yesNo {
		return nil
	}
	if a.spilled == nil && b.spilled == nil {
		for g := range a.groups {
			t, o := &a.groups[g], &b.groups[g]
			for v, k := range o.values {
				if t.values[v] == 0 {
					a.distinct++
				}
				t.values[v] += k
			}
		}
		if a.distinct > distinctCap {
			a.spill()
		}
		return a.err
	}
	a.spill()
	if b.spilled != nil {
		return errors.Join(a.err, b.spilled.EachSorted(func(int) bool { return true }, func(x float64, g int) error { return a.spilled.Add(g, x) }))
	}
	for g := range b.groups[:len(b.groups)-1] {
		for v, k := range b.groups[g].values {
			for range k {
				if err := a.spilled.Add(g, v); err != nil {
					return err
				}
			}
		}
	}
	return a.err
}

// total counts All's values: the groups' added up.
func (a *accumulator) total() {
	all := &a.groups[len(a.groups)-1]
	if all.values == nil {
		return // All takes every group's spilled values
	}
	for _, t := range a.groups[:len(a.groups)-1] {
		for v, k := range t.values {
			all.values[v] += k
		}
	}
}

// eachDistinct hands fn the tally's distinct values in increasing
// order, each with how many times it holds it.
func (t *tally) eachDistinct(fn func(v float64, k int)) error {
	if t.values != nil {
		for _, v := range t.values.sorted() {
			fn(v, t.values[v])
		}
		return nil
	}
	k := 0
	var last float64
	err := t.spilled.EachSorted(t.in, func(x float64, _ int) error {
		if k > 0 && x != last {
			fn(last, k)
			k = 0
		}
		last = x
		k++
		return nil
	})
	if err == nil && k > 0 {
		fn(last, k)
	}
	return err
}

// quantilesAt are the tally's p-quantiles, by its convention.
func (t *tally) quantilesAt(ps ...float64) ([]float64, error) {
	spss := t.quantiles == QuantilesSPSS
	out := make([]float64, len(ps))
	if t.values != nil {
		for i, p := range ps {
			out[i] = quantile(t.n, p, spss, t.values.orderStat)
		}
		return out, nil
	}
	// The order statistics the quantiles take depend on their number
	// alone: asked for once, found in the same passes.
	var ranks []spill.Rank
	for _, p := range ps {
		quantile(t.n, p, spss, func(k int) float64 {
			ranks = append(ranks, spill.Rank{In: t.in, K: k})
			return 0
		})
	}
	stats, err := t.spilled.OrderStats(ranks)
	if err != nil {
		return nil, err
	}
	at := map[int]float64{}
	for i, r := range ranks {
		at[r.K] = stats[i]
	}
	for i, p := range ps {
		out[i] = quantile(t.n, p, spss, func(k int) float64 { return at[k] })
	}
	return out, nil
}

// row works out an indicator's cells, and its test across the first
// tested groups (the choices, not NoAnswer).
func (a *accumulator) row(ind *questionnaires.Indicator, groups []Group, tested int) (Row, error) {
	r := Row{Indicator: ind, P: math.NaN(), Statistic: math.NaN()}
	stat := statistics[ind.Kind]
	for g := range a.groups {
		t := &a.groups[g]
		code := All
		if g < len(groups) {
			code = groups[g].Code
		}
		c := Cell{Group: code, N: t.n, Value: math.NaN(), Low: math.NaN(), High: math.NaN(), SD: math.NaN()}
		if t.n > 0 && stat.cell != nil {
			if err := stat.cell(&c, t); err != nil {
				return r, err
			}
		}
		r.Cells = append(r.Cells, c)
	}
	// The per-value breakdown is for small whole-number scales (the
	// readiness index, 0 to 5): every group's values must be one.
	for _, c := range r.Cells {
		if c.N > 0 && c.Dist == nil {
			for i := range r.Cells {
				r.Cells[i].Dist = nil
			}
			break
		}
	}
	if stat.test != nil {
		groups := make([]*tally, tested)
		for g := range groups {
			groups[g] = &a.groups[g]
		}
		if err := stat.test(&r, groups); err != nil {
			return r, err
		}
	}
	return r, nil
}

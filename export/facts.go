package export

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"time"

	"siap/questionnaires"
	"siap/questionnaires/interview"
	"siap/store"
)

// factsVersion is part of the Indexer's key: facts of another version
// are made again when the file is next opened.
const factsVersion = "facts/3"

// Indexer makes what the data file keeps of each interview for the
// screens that list and count interviews (store.Facts): what the quality
// checks observe in one interview, its length, and each indicator's
// value with the answers summaries group by. A save folds its change
// into the facts the interview had, without reading every answer or its
// paradata; the indicators, which need the whole form evaluated, are
// worked out when an interview leaves the interviewer's hands (completed,
// approved, refused), and read from the answers while it is a draft or
// sent back. The facts are a function of the interview: however it was
// written, they are those made from it whole (siap verify checks it).
type Indexer struct {
	form      *questionnaires.Form
	key       string
	likert    map[string]bool
	idNodes   []*questionnaires.Node
	groupings []*questionnaires.Node
}

// NewIndexer makes the Indexer of a questionnaire.
func NewIndexer(form *questionnaires.Form) *Indexer {
	x := &Indexer{form: form, key: factsVersion + " " + store.FormKey(form.Source, form.Attachments), likert: map[string]bool{}}
	for _, n := range form.Nodes {
		if n.Likert() && n.InRepeat() == nil {
			x.likert[n.Key] = true
		}
		if n.HashedID() {
			x.idNodes = append(x.idNodes, n)
		}
		if n.Type == questionnaires.TypeSelectOne && n.List != nil && n.InRepeat() == nil {
			x.groupings = append(x.groupings, n)
		}
	}
	return x
}

// Key names the questionnaire and the version of the facts.
func (x *Indexer) Key() string { return x.key }

// facts are one interview's facts, as the record keeps them.
type facts struct {
	Sessions sessions
	// Start and End are the answers to the start and end metadata; End
	// is kept only while the paradata record no session (the length is
	// the sessions' otherwise).
	Start string
	End   string
	// By is the answer to the question summaries compare across (the
	// form's summary_by: the city), and Answered the number of questions
	// answered: what siap list shows beside the record.
	By       string
	Answered int
	// Shown holds when questions with a minimum_seconds were shown and
	// not answered since; Fast the answers given faster.
	Shown map[string]time.Time
	Fast  []fastAnswer
	// Confirmed are the unusual values kept after siap's warning, by path.
	Confirmed map[string][]string
	Straight  []straightRun
	// Soft are the answers outside their soft range, by path.
	Soft map[string]string
	// Computed says Indicators and Groups are those of the answers.
	Computed   bool
	Indicators indicators
}

// indicators are the indicators' values in one interview, and its
// answers to the questions summaries group by, in a few bytes: per
// indicator, whether it applies and is met ('-', '0', '1') and its
// number (null for none); per grouping question (Indexer.groupings), the
// place of the choice answered in its list, from 1 (0 for none).
type indicators struct {
	Met     string
	Numbers []*float64
	Groups  []int
}

type fastAnswer struct {
	Path    string
	Seconds float64
	Minimum float64
}

type straightRun struct {
	Start string
	Run   int
	Value string
}

// IndicatorValue is an indicator's value in one interview: whether it is
// met (a proportion) or its number (nil when not a number).
type IndicatorValue struct {
	Met    bool
	Number *float64
}

// Value is the number, NaN when there is none.
func (v IndicatorValue) Value() float64 {
	if v.Number == nil {
		return math.NaN()
	}
	return *v.Number
}

// Index folds one write of an interview into its facts.
func (x *Indexer) Index(c store.IndexChange) ([]byte, []store.Identifier, error) {
	var f facts
	if !c.Whole {
		var err error
		if f, err = decodeFacts(c.Prev); err != nil {
			return nil, nil, store.ErrWholeInterview
		}
	}
	answers, err := c.Answers()
	if err != nil {
		return nil, nil, err
	}
	get := func(p string) (string, bool) { a, ok := answers[p]; return a.Value, ok }
	if err := x.fold(&f, c.Interview, answerSet{get, func() map[string]string { return values(answers) }}, c.Changed, c.Events, c.Whole, true); err != nil {
		return nil, nil, err
	}
	return f.encode(), x.identifiers(get), nil
}

// answerSet is an interview's answers, as the store or a reader holds
// them: one by path, or all as plain values.
type answerSet struct {
	get func(path string) (string, bool)
	all func() map[string]string
}

func plainAnswers(vals map[string]string) answerSet {
	return answerSet{func(p string) (string, bool) { v, ok := vals[p]; return v, ok }, func() map[string]string { return vals }}
}

// identifiers are an interview's answers to the questions with pii = hash.
func (x *Indexer) identifiers(get func(string) (string, bool)) []store.Identifier {
	var out []store.Identifier
	for _, n := range x.idNodes {
		if v, _ := get(n.Key); v != "" {
			out = append(out, store.Identifier{Question: n.Key, Value: v})
		}
	}
	return out
}

// fold brings facts up to date with a write: answers are all the
// interview's, changed the paths it wrote (all of them when whole), and
// events the paradata it added (all when whole).
//
// withIndicators says whether the indicators are worked out too (the quality
// checks, reading an interview whole, need none).
func (x *Indexer) fold(f *facts, iv store.Interview, answers answerSet, changed []string, events []store.Event, whole, withIndicators bool) error {
	if err := f.Sessions.fold(events); err != nil {
		return err
	}
	x.events(f, events)
	var all map[string]string
	if whole {
		all = answers.all()
		changed = slices.Collect(maps.Keys(all))
	}
	likert := false
	for _, p := range changed {
		likert = likert || x.likert[p]
		n := x.form.NodeAt(p)
		if v, ok := answers.get(p); ok && n != nil && n.Expected.Outside(v) {
			if f.Soft == nil {
				f.Soft = map[string]string{}
			}
			f.Soft[p] = v
		} else {
			delete(f.Soft, p)
		}
	}
	if likert || whole {
		f.Straight = x.straightRuns(answers)
	}
	x.countAnswered(f, all, events, whole)
	if x.form.SummaryBy != "" {
		f.By, _ = answers.get(x.form.SummaryBy)
	}
	f.Start, f.End = "", ""
	for _, n := range x.form.Nodes {
		if n.Kind != questionnaires.Metadata {
			continue
		}
		switch n.Type {
		case questionnaires.TypeStart:
			f.Start, _ = answers.get(n.Key)
		case questionnaires.TypeEnd:
			f.End, _ = answers.get(n.Key)
		}
	}
	// The indicators of an interview the interviewer may still change
	// are worked out when it is finished, and read from its answers
	// meanwhile: a save never evaluates the whole form, and the facts
	// are the same however the interview was written.
	switch {
	case iv.Status.Editable() || !withIndicators:
		f.Indicators, f.Computed = indicators{}, false
	case whole || !f.Computed || len(changed) > 0:
		if all == nil {
			all = answers.all()
		}
		f.Indicators = x.pack(x.IndicatorsOf(all))
		f.Computed = true
	}
	if f.Sessions.Seen {
		// The length is the sessions'.
		f.End = ""
	}
	return nil
}

// countAnswered keeps the number of questions answered: counted in the
// answers when whole, else moved by the answers this write gave for the
// first time and those it removed (a save logs each as "set" or
// "cleared"), so that a save reads no other answer.
func (x *Indexer) countAnswered(f *facts, all map[string]string, events []store.Event, whole bool) {
	if whole {
		f.Answered = 0
		for p := range all {
			if x.isQuestion(p) {
				f.Answered++
			}
		}
		return
	}
	for _, e := range events {
		switch {
		case e.Kind == store.EventSet && x.isQuestion(e.Path):
			f.Answered++
		case e.Kind == store.EventCleared && x.isQuestion(e.Path):
			f.Answered = max(0, f.Answered-1)
		}
	}
}

// isQuestion says whether an answer's path is a question's (not a
// calculation's, metadata's or a repeat's count).
func (x *Indexer) isQuestion(path string) bool {
	n := x.form.NodeAt(path)
	return n != nil && n.Kind == questionnaires.Question
}

func values(answers map[string]store.Answer) map[string]string {
	out := make(map[string]string, len(answers))
	for p, a := range answers {
		out[p] = a.Value
	}
	return out
}

// events folds paradata into what the fast-answer and soft-range checks
// need, in the order they were written.
func (x *Indexer) events(f *facts, events []store.Event) {
	for _, e := range events {
		switch e.Kind {
		case store.EventShown:
			if n := x.form.NodeAt(e.Path); n != nil && n.MinimumSeconds > 0 {
				if f.Shown == nil {
					f.Shown = map[string]time.Time{}
				}
				f.Shown[e.Path] = e.Time
			}
		case store.EventSet, store.EventChanged:
			n := x.form.NodeAt(e.Path)
			if n == nil || n.MinimumSeconds == 0 {
				continue
			}
			at, ok := f.Shown[e.Path]
			if !ok {
				continue
			}
			if took := e.Time.Sub(at).Seconds(); took < n.MinimumSeconds {
				f.Fast = append(f.Fast, fastAnswer{e.Path, took, n.MinimumSeconds})
			}
			delete(f.Shown, e.Path)
		case store.EventConfirmed:
			if n := x.form.NodeAt(e.Path); n != nil && n.Expected.Set() && !slices.Contains(f.Confirmed[e.Path], e.New) {
				if f.Confirmed == nil {
					f.Confirmed = map[string][]string{}
				}
				f.Confirmed[e.Path] = append(f.Confirmed[e.Path], e.New)
			}
		}
	}
}

// straightRuns are the runs of five or more Likert questions in a row,
// in form order, answered alike.
func (x *Indexer) straightRuns(answers answerSet) []straightRun {
	var out []straightRun
	run, last, start := 0, "", ""
	flush := func() {
		if run >= 5 {
			out = append(out, straightRun{start, run, last})
		}
	}
	for _, n := range x.form.Nodes {
		if !x.likert[n.Key] {
			continue
		}
		v, _ := answers.get(n.Key)
		if v == "" {
			continue
		}
		if v == last {
			run++
			continue
		}
		flush()
		run, last, start = 1, v, n.Key
	}
	flush()
	return out
}

// IndicatorsOf works out each indicator of the form (nil where it does
// not apply) and the answers summaries group by, from an interview's
// answers.
func (x *Indexer) IndicatorsOf(vals map[string]string) ([]*IndicatorValue, map[string]string) {
	if len(x.form.Indicators) == 0 && len(x.groupings) == 0 {
		return nil, nil
	}
	s := interview.Restore(x.form, interview.Meta{}, vals)
	out := make([]*IndicatorValue, len(x.form.Indicators))
	for i, ind := range x.form.Indicators {
		if !s.Applies(ind.Expression) {
			continue
		}
		v := s.Eval(ind.Expression)
		iv := &IndicatorValue{Met: v.Bool()}
		if n := v.Number(); !math.IsNaN(n) && !math.IsInf(n, 0) {
			iv.Number = &n
		}
		out[i] = iv
	}
	var groups map[string]string
	for _, n := range x.groupings {
		if v := s.Value(n.Key); v != "" {
			if groups == nil {
				groups = map[string]string{}
			}
			groups[n.Name] = v
		}
	}
	return out, groups
}

// Indicators returns an interview's indicator values and its answer to
// the question by (a select_one outside repeats) from its facts; false
// when they are not there (not made under this Indexer, or not worked
// out since the answers last changed).
func (x *Indexer) Indicators(iv store.Interview, by string) ([]*IndicatorValue, string, bool) {
	f, ok := x.factsOf(iv)
	if !ok || !f.Computed {
		return nil, "", false
	}
	return x.unpack(f.Indicators, by)
}

// pack writes indicator values and grouping answers compactly.
func (x *Indexer) pack(values []*IndicatorValue, groups map[string]string) indicators {
	var out indicators
	met := make([]byte, len(values))
	for i, v := range values {
		met[i] = '-'
		if v != nil {
			met[i] = '0'
			if v.Met {
				met[i] = '1'
			}
		}
		var n *float64
		if v != nil {
			n = v.Number
		}
		out.Numbers = append(out.Numbers, n)
	}
	out.Met = string(met)
	for _, n := range x.groupings {
		out.Groups = append(out.Groups, slices.IndexFunc(n.List.Choices, func(c *questionnaires.Choice) bool { return c.Name == groups[n.Name] })+1)
	}
	return out
}

// unpack reads what pack wrote, with the answer to by; false when it
// is not of this form.
func (x *Indexer) unpack(in indicators, by string) ([]*IndicatorValue, string, bool) {
	if len(in.Met) != len(x.form.Indicators) || len(in.Numbers) != len(in.Met) || len(in.Groups) != len(x.groupings) {
		return nil, "", false
	}
	values := make([]*IndicatorValue, len(in.Met))
	for i := range values {
		if in.Met[i] != '-' {
			values[i] = &IndicatorValue{Met: in.Met[i] == '1', Number: in.Numbers[i]}
		}
	}
	group := ""
	for i, n := range x.groupings {
		if c := in.Groups[i]; n.Name == by && c > 0 && c <= len(n.List.Choices) {
			group = n.List.Choices[c-1].Name
		}
	}
	return values, group, true
}

// factsOf reads an interview's facts, when made under this Indexer.
func (x *Indexer) factsOf(iv store.Interview) (facts, bool) {
	if iv.Facts == nil || iv.Facts.Key != x.key {
		return facts{}, false
	}
	f, err := decodeFacts(iv.Facts.Data)
	return f, err == nil
}

// whole makes an interview's facts from its answers and paradata, for
// the quality checks: without the indicators.
// read makes an interview's facts from its answers and paradata, read
// from st, for a reader that found none it could use; it returns the
// answers too.
func (x *Indexer) read(st store.Interviews, iv store.Interview) (facts, map[string]string, error) {
	vals, err := st.Values(iv.ID)
	if err != nil {
		return facts{}, nil, err
	}
	var events []store.Event
	if err := st.Events(iv.ID, func(e store.Event) error { events = append(events, e); return nil }); err != nil {
		return facts{}, nil, err
	}
	f, err := x.whole(iv, vals, events)
	return f, vals, err
}

func (x *Indexer) whole(iv store.Interview, vals map[string]string, events []store.Event) (facts, error) {
	var f facts
	err := x.fold(&f, iv, plainAnswers(vals), nil, events, true, false)
	return f, err
}

// minutes is the interview's Duration in minutes, from its facts.
func (x *Indexer) minutes(f facts, iv store.Interview) float64 {
	if d, ok := f.Sessions.length(); ok {
		return d.Minutes()
	}
	start, end := iv.Created, iv.Updated
	if t, ok := parseTime(f.Start); ok {
		start = t
	}
	if t, ok := parseTime(f.End); ok {
		end = t
	}
	return max(0, end.Sub(start)).Minutes()
}

// sessions fold the paradata into the time an interview was open
// (Duration): the sessions ended, and the one under way.
type sessions struct {
	Total  time.Duration
	Start  time.Time
	Last   time.Time
	Latest time.Time // the latest event folded
	Open   bool
	Seen   bool
}

// fold adds events as openTime reads them, in time order. An opening or
// closing older than what was folded already, or an action before the
// session under way, needs the whole paradata (store.ErrWholeInterview).
func (s *sessions) fold(events []store.Event) error {
	if !slices.IsSortedFunc(events, byTime) {
		events = slices.Clone(events)
		slices.SortStableFunc(events, byTime)
	}
	for _, e := range events {
		mark := e.Kind == store.EventOpened || e.Kind == store.EventClosed
		if e.Time.Before(s.Latest) {
			switch {
			case mark:
				return fmt.Errorf("paradata out of order: %w", store.ErrWholeInterview)
			case !actions[e.Kind] || !s.Seen:
			case e.Time.Before(s.Start):
				return fmt.Errorf("paradata out of order: %w", store.ErrWholeInterview)
			case s.Open && e.Time.After(s.Last):
				s.Last = e.Time
			}
			continue
		}
		s.Latest = e.Time
		switch {
		case e.Kind == store.EventOpened:
			s.end(s.Last)
			s.Start, s.Last, s.Open, s.Seen = e.Time, e.Time, true, true
		case e.Kind == store.EventClosed:
			s.end(e.Time)
		case s.Open && actions[e.Kind]:
			s.Last = e.Time
		}
	}
	return nil
}

func (s *sessions) end(at time.Time) {
	if s.Open && at.After(s.Start) {
		s.Total += at.Sub(s.Start)
	}
	s.Open = false
}

// length is the time open so far; false when no session was opened.
func (s sessions) length() (time.Duration, bool) {
	total := s.Total
	if s.Open && s.Last.After(s.Start) {
		total += s.Last.Sub(s.Start)
	}
	return total, s.Seen
}

// Keeps says whether st keeps every interview's facts under x's key:
// then readers read them, not the answers.
func (x *Indexer) Keeps(st store.Interviews) (bool, error) {
	key, err := st.FactsKey()
	return err == nil && key == x.Key(), err
}

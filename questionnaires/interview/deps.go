package interview

import (
	"slices"
	"strings"
	"sync/atomic"

	"siap/questionnaires"
	"siap/questionnaires/expr"
)

// What each item's evaluation reads, so that a change re-evaluates only
// the items it affects.
//
// JavaRosa works this out from the form before the interview (its
// triggerables DAG, from each bind's expression to the nodes its paths
// name). siap records it as expressions run instead: every value an
// evaluation reads through the interview's document (a ${name}, a path
// into a repeat with its predicates, "..", current(), a predicate over a
// secondary instance that compares with an answer, indexed-repeat()) and
// every repeat count it walks (count(), sum(), position() over
// instances) is noted against the exact path read, in the exact
// instance. The graph is thus per instance and never coarser than the
// expression: an answer in members[5] re-evaluates what read
// members[5]/age, not every member's calculations.
//
// Reads are only ever added: an item that no longer reads a path stays
// listed as its reader, which costs one evaluation that gives the same
// value. now(), today(), random() and uuid() read the clock or a random
// source rather than the interview, so an item whose expressions call
// them is evaluated on every walk, as before.

// readers lists the items whose last evaluations read a key.
type readers map[string]map[*Item]struct{}

func (r readers) add(key string, it *Item) {
	set := r[key]
	if set == nil {
		set = map[*Item]struct{}{}
		r[key] = set
	}
	set[it] = struct{}{}
}

// mark marks the readers of key; it reports whether there were any.
func (r readers) mark(key string) bool {
	for it := range r[key] {
		it.dirty = true
	}
	return len(r[key]) > 0
}

// read notes that the item being evaluated reads the value at path.
func (s *State) read(path string) {
	if s.reading != nil {
		s.valueReaders.add(path, s.reading)
	}
	if s.fresh && !s.readAhead {
		_, set := s.vals[path]
		s.readAhead = !set
	}
}

// readCount notes that the item being evaluated reads how many instances
// the repeat at repeatPath has.
func (s *State) readCount(repeatPath string) {
	if s.reading != nil {
		s.countReaders.add(repeatPath, s.reading)
	}
	if s.fresh && !s.readAhead {
		_, set := s.counts[repeatPath]
		s.readAhead = !set
	}
}

func (s *State) changedValue(path string) {
	if s.valueReaders.mark(path) {
		s.pending = true
	}
}

func (s *State) changedCount(repeatPath string) {
	if s.countReaders.mark(repeatPath) {
		s.pending = true
	}
}

// changedAnswer marks the item that the answer at path belongs to: a
// question's answer, a frozen once() or a repeat's instance count.
func (s *State) changedAnswer(path string) {
	if s.reading != nil {
		// An item evaluated stores its own default or once() value, and
		// has just read everything it needs.
		return
	}
	if rp, ok := strings.CutSuffix(path, CountSuffix); ok {
		if p := s.prompts[rp]; p != nil {
			p.dirty, s.pending = true, true
		}
		return
	}
	if it := s.byPath[path]; it != nil {
		it.dirty, s.pending = true, true
	}
}

// anyVolatile reports whether any item of the form is volatile, in which
// case every walk has something to evaluate.
func (s *State) anyVolatile() bool { return s.volatilesOf().any }

// volatileCalls are the functions whose value changes between two
// evaluations with the same answers.
var volatileCalls = []string{"now", "today", "random", "randomize", "uuid"}

// volatile reports whether an item of node n calls one of volatileCalls
// in what its evaluation runs.
func (s *State) volatile(n *questionnaires.Node) bool {
	if v, ok := s.volatilesOf().nodes[n]; ok {
		return v
	}
	return callsVolatile(n) // a node's variant for a "begin loop over" choice
}

func callsVolatile(n *questionnaires.Node) bool {
	for _, e := range []*expr.Expr{n.Relevant, n.Calculation, n.DefaultExpr, n.RepeatCount} {
		if e != nil && slices.ContainsFunc(e.Calls(), func(c string) bool { return slices.Contains(volatileCalls, c) }) {
			return true
		}
	}
	return false
}

// formVolatiles are which nodes of a form are volatile, worked out once
// for the form (a form does not change once read).
type formVolatiles struct {
	form  *questionnaires.Form
	nodes map[*questionnaires.Node]bool
	any   bool
}

// lastVolatiles are the last form's, which the interviews restored one
// after another (an export, a summary) share; another form's are worked
// out again. One form's only, so that nothing is kept of forms no longer
// used.
var lastVolatiles atomic.Pointer[formVolatiles]

func (s *State) volatilesOf() *formVolatiles {
	if s.volatiles != nil {
		return s.volatiles
	}
	if v := lastVolatiles.Load(); v != nil && v.form == s.form {
		s.volatiles = v
		return v
	}
	v := &formVolatiles{form: s.form, nodes: make(map[*questionnaires.Node]bool, len(s.form.Nodes))}
	for _, n := range s.form.Nodes {
		v.nodes[n] = callsVolatile(n)
		v.any = v.any || v.nodes[n]
	}
	lastVolatiles.Store(v)
	s.volatiles = v
	return v
}

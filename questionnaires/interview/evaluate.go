package interview

import (
	"strconv"

	"siap/questionnaires"
)

// verifyRecompute, set by tests, is given each incremental evaluation to
// run and compares its result with a full one.
var verifyRecompute func(s *State, incremental func())

// verifySettled, set by tests, is given each interview whose first walk
// is taken as settled, to check that another walk changes nothing.
var verifySettled func(s *State)

// recompute brings relevance, calculations and repeats up to date after a
// change. The first time (and after the language changed, which labels
// computed by jr:choice-name read) every item is evaluated while the
// answers each one reads are recorded; after that only the items whose
// recorded reads changed are (see deps.go).
func (s *State) recompute() {
	full := !s.tracking || s.fullNext
	s.tracking, s.fullNext = true, false
	if verifyRecompute != nil && !full {
		verifyRecompute(s, func() { s.evaluate(false) })
		return
	}
	s.evaluate(full)
}

// evaluate walks the form over and over until nothing changes: a
// calculation may refer to one further down the form. With full unset, a
// walk evaluates only the items marked dirty (or whose group's relevance
// changed), in the same order and with the same values before them as a
// full walk, so that it reaches the same result: an item skipped would
// have read what it read last time and given what it gave.
func (s *State) evaluate(full bool) {
	if !full && !s.pending && !s.anyVolatile() {
		return // nothing read has changed: a walk would evaluate nothing
	}
	stale := full || s.stopIndex == nil
	for pass := 0; pass < 8; pass++ {
		s.fresh, s.readAhead = s.vals == nil && !s.anyVolatile(), false
		changed, moved := s.pass(full)
		stale = stale || moved
		if s.fresh && !s.readAhead {
			// The first walk of an interview in which every evaluation
			// read only values and counts worked out before it in the
			// walk: a second walk would evaluate each item with what it
			// read in this one, and change nothing (restoring an
			// interview is then one walk, not two).
			if verifySettled != nil {
				verifySettled(s)
			}
			changed = false
		}
		s.fresh = false
		if !changed {
			// Every item marked before this walk was evaluated in it,
			// and none was marked during it.
			s.pending = false
			break
		}
	}
	if !stale {
		return
	}
	s.stops = s.stops[:0]
	stops := 0
	for _, it := range s.items {
		if it.Relevant && it.IsStop() {
			stops++
		}
	}
	s.stopIndex = make(map[string]int, stops)
	for _, it := range s.items {
		if it.Relevant && it.IsStop() {
			s.stopIndex[it.Path] = len(s.stops)
			s.stops = append(s.stops, it)
		}
	}
}

// pass walks the form once; it reports whether anything differs from the
// previous pass, and whether the items or their relevance did.
func (s *State) pass(full bool) (changed, moved bool) {
	w := &walker{s: s, full: full, old: s.items, oldByPath: s.byPath, reuse: true, repeats: map[string]bool{}}
	if s.vals == nil {
		s.vals = make(map[string]string, len(s.form.Nodes))
		s.counts = map[string]int{}
		s.prompts = map[string]*Item{}
	}
	root := &Item{Relevant: true}
	w.walk(s.form.Root, root, "", nil, nil, "")
	if w.reuse && w.cursor < len(w.old) {
		w.build()
	}
	if !w.reuse {
		s.items, s.byPath = w.items, w.byPath
		if len(w.items) != len(w.old) {
			w.changed = true
		}
		// Values of items that no longer exist are forgotten.
		for p := range s.vals {
			if w.byPath[p] == nil {
				delete(s.vals, p)
				s.changedValue(p)
				w.changed = true
			}
		}
	}
	// So are the counts of repeats inside instances that no longer exist.
	for p := range s.counts {
		if !w.repeats[p] {
			delete(s.counts, p)
			delete(s.prompts, p)
			s.changedCount(p)
		}
	}
	return w.changed, w.moved || !w.reuse
}

// A walker goes through the form in order, evaluating what needs it. As
// long as every repeat it meets has as many instances as in the previous
// walk, it meets the previous walk's items in the same order and takes
// them from there (reuse); from the first repeat whose count changed, it
// builds the items again, keeping those whose path and node remain.
type walker struct {
	s    *State
	full bool

	old       []*Item // the previous walk's items, in order
	oldByPath map[string]*Item
	cursor    int // in reuse: the position in old of the next item
	reuse     bool

	items  []*Item // the walk's items, once it no longer reuses
	byPath map[string]*Item

	repeats map[string]bool // the repeats walked, by path
	changed bool            // a value, a relevance or the items differ
	moved   bool            // a relevance differs
}

// build leaves reuse: the items met so far are the start of the new list.
func (w *walker) build() {
	w.reuse = false
	w.items = make([]*Item, w.cursor, max(len(w.old), w.cursor+1))
	copy(w.items, w.old[:w.cursor])
	w.byPath = make(map[string]*Item, max(len(w.old), len(w.s.form.Nodes)))
	for _, it := range w.items {
		w.byPath[it.Path] = it
	}
}

// item is the item of n at path (prefix+key) in this walk.
func (w *walker) item(n *questionnaires.Node, prefix, key string, inst []int, chain []*questionnaires.Node, parent *Item) *Item {
	if w.reuse {
		if w.cursor < len(w.old) && w.old[w.cursor].Node == n && !w.old[w.cursor].Prompt {
			it := w.old[w.cursor]
			w.cursor++
			it.parent = parent
			return it
		}
		w.build()
	}
	path := prefix + key
	it := w.oldByPath[path]
	if it == nil || it.Node != n || it.Prompt {
		it = &Item{Node: n, Path: path, Instance: inst, chain: chain, dirty: true, volatile: w.s.volatile(n)}
		w.changed = true
	}
	it.parent = parent
	w.items = append(w.items, it)
	w.byPath[path] = it
	return it
}

// addPrompt puts a repeat's prompt among the items, after its instances.
func (w *walker) addPrompt(prompt *Item) {
	if w.reuse {
		if w.cursor < len(w.old) && w.old[w.cursor] == prompt {
			w.cursor++
			return
		}
		w.build()
	}
	w.items = append(w.items, prompt)
	w.byPath[prompt.Path] = prompt
}

// evaluates reports whether the item is to be evaluated in this pass, in
// which case its reads are recorded from now until done.
func (w *walker) evaluates(it *Item, in bool) bool {
	if !w.full && !it.dirty && it.in == in && !it.volatile {
		return false
	}
	it.dirty, it.in = false, in
	if w.s.tracking {
		w.s.reading = it
	}
	return true
}

func (w *walker) done() { w.s.reading = nil }

func (w *walker) setRelevant(it *Item, rel bool) {
	if it.Relevant != rel {
		it.Relevant = rel
		w.changed, w.moved = true, true
	}
}

func (w *walker) setValue(path, v string) {
	if old, ok := w.s.vals[path]; !ok || old != v {
		w.s.vals[path] = v
		w.s.changedValue(path)
		w.changed = true
	}
}

// walk expands group's children under parent. loopChoice is the choice
// of the "begin loop over" instance the walk is in, whose variant of each
// node is asked there.
func (w *walker) walk(group *questionnaires.Node, parent *Item, prefix string, inst []int, chain []*questionnaires.Node, loopChoice string) {
	s := w.s
	for _, n := range group.Children {
		n = n.ForLoopChoice(loopChoice)
		switch n.Kind {
		case questionnaires.Group:
			it := w.item(n, prefix, n.Key, inst, chain, parent)
			if w.evaluates(it, parent.Relevant) {
				w.setRelevant(it, parent.Relevant && s.evalBool(n.Relevant, it, true))
				w.done()
			}
			w.walk(n, it, prefix, inst, chain, loopChoice)
		case questionnaires.Repeat:
			w.repeat(n, parent, prefix, inst, chain, loopChoice)
		default:
			it := w.item(n, prefix, n.Key, inst, chain, parent)
			if w.evaluates(it, parent.Relevant) {
				rel := parent.Relevant && s.evalBool(n.Relevant, it, true)
				w.setRelevant(it, rel)
				w.setValue(it.Path, s.itemValue(it, rel))
				w.done()
			}
		}
	}
}

func (w *walker) repeat(n *questionnaires.Node, parent *Item, prefix string, inst []int, chain []*questionnaires.Node, loopChoice string) {
	s := w.s
	repeatPath := prefix + n.Key
	w.repeats[repeatPath] = true
	// The repeat's relevance and count are evaluated outside any of its
	// instances, through its prompt item, kept from walk to walk.
	prompt := s.prompts[repeatPath]
	if prompt == nil || prompt.Node != n {
		prompt = &Item{Node: n, Path: repeatPath + "[+]", Instance: inst, chain: chain, Prompt: true, RepeatPath: repeatPath, dirty: true, volatile: s.volatile(n)}
		s.prompts[repeatPath] = prompt
	}
	prompt.parent = parent
	if w.evaluates(prompt, parent.Relevant) {
		prompt.repeatRel = parent.Relevant && s.evalBool(n.Relevant, prompt, true)
		prompt.repeatCount = s.instances(n, prompt)
		w.done()
	}
	rel, count := prompt.repeatRel, prompt.repeatCount
	if old, ok := s.counts[repeatPath]; !ok || old != count {
		s.counts[repeatPath] = count
		s.changedCount(repeatPath)
		if w.reuse {
			w.build()
		}
	}
	var innerChain []*questionnaires.Node
	for i := 1; i <= count; i++ {
		ip := repeatPath + "[" + strconv.Itoa(i) + "]"
		if w.reuse && (w.cursor >= len(w.old) || w.old[w.cursor].Node != n || w.old[w.cursor].Prompt) {
			w.build()
		}
		var innerInst []int
		if !w.reuse {
			if innerChain == nil {
				innerChain = append(append([]*questionnaires.Node{}, chain...), n.Base())
			}
			innerInst = append(append([]int{}, inst...), i)
		}
		it := w.item(n, ip, "", innerInst, innerChain, parent)
		it.RepeatPath = repeatPath
		if w.evaluates(it, rel) {
			w.setRelevant(it, rel && s.evalBool(n.Relevant, it, true))
			w.done()
		}
		choice := loopChoice
		if n.Loop && n.List != nil {
			choice = n.List.Choices[i-1].Name
		}
		w.walk(n, it, ip+"/", it.Instance, it.chain, choice)
	}
	if n.RepeatCount == nil && !n.Loop {
		w.addPrompt(prompt)
		w.setRelevant(prompt, rel)
	}
}

// instances is how many instances a repeat has: one per choice of a loop,
// its repeat_count, or as many as the interviewer added.
func (s *State) instances(n *questionnaires.Node, prompt *Item) int {
	count := 0
	switch {
	case n.Loop && n.List != nil:
		count = len(n.List.Choices)
	case n.RepeatCount != nil:
		f := s.eval(n.RepeatCount, prompt, nil).Number()
		if f == f && f > 0 { // not NaN
			count = min(int(f), maxInstances)
		}
	default:
		count, _ = strconv.Atoi(s.answers[prompt.RepeatPath+CountSuffix])
		count = max(0, min(count, maxInstances))
	}
	return count
}

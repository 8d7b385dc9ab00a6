package interview

import (
	"slices"
	"strconv"

	"siap/questionnaires"
)

// Item is one node of the form in one repeat instance: what an interview
// actually steps through.
type Item struct {
	Node *questionnaires.Node
	// Path keys the answer: "age", or "members[2]/age" inside a repeat.
	// A repeat instance's own item has the path "members[2]"; the prompt
	// to add another instance has "members[+]".
	Path string
	// Instance holds the 1-based instance number of each enclosing repeat,
	// outermost first.
	Instance []int
	// Prompt marks the stop after a repeat's instances where the
	// interviewer adds another or goes on.
	Prompt bool
	// Relevant is false when the item's relevant expression, or that of a
	// group around it, is false.
	Relevant bool
	// RepeatPath is, for an instance or a prompt, the path its repeat's
	// count is kept under ("members", "hh[1]/members").
	RepeatPath string

	parent *Item
	chain  []*questionnaires.Node // enclosing repeats, outermost first
}

// IsStop reports whether the interviewer stops at the item: a question
// or note that can be shown in a terminal, or a repeat's prompt.
func (it *Item) IsStop() bool {
	if it.Prompt {
		return true
	}
	switch it.Node.Kind {
	case questionnaires.Question, questionnaires.Note:
		return true
	}
	return false
}

// Parent returns the group or repeat instance the item is in, or nil at
// the top level.
func (it *Item) Parent() *Item {
	if it.parent == nil || it.parent.Node == nil {
		return nil
	}
	return it.parent
}

// Items lists every item of the interview in form order, relevant or not.
func (s *State) Items() []*Item { return s.items }

// Item returns the item at a path, or nil.
func (s *State) Item(path string) *Item { return s.byPath[path] }

// Stops lists the items the interviewer steps through now, in order.
func (s *State) Stops() []*Item { return s.stops }

// Count is the number of instances of the repeat at repeatPath.
func (s *State) Count(repeatPath string) int { return s.counts[repeatPath] }

// recompute evaluates relevance and calculations and expands repeats,
// over and over until nothing changes: a calculation may refer to one
// further down the form.
func (s *State) recompute() {
	for pass := 0; pass < 8; pass++ {
		if !s.pass() {
			break
		}
	}
	s.stops = s.stops[:0]
	s.stopIndex = make(map[string]int, len(s.stops))
	for _, it := range s.items {
		if it.Relevant && it.IsStop() {
			s.stopIndex[it.Path] = len(s.stops)
			s.stops = append(s.stops, it)
		}
	}
}

// pass walks the form once; it reports whether anything differs from the
// previous pass.
func (s *State) pass() bool {
	w := &walker{s: s, prevLen: len(s.items), old: s.byPath}
	if s.vals == nil {
		s.vals = map[string]string{}
	}
	w.items = make([]*Item, 0, len(s.items))
	w.byPath = make(map[string]*Item, len(s.items))
	s.counts = map[string]int{}
	root := &Item{Relevant: true}
	w.walk(s.form.Root, root, "", nil, nil, "")
	s.items, s.byPath = w.items, w.byPath
	if len(w.items) != w.prevLen {
		w.changed = true
	}
	// Values of items that no longer exist are forgotten.
	for p := range s.vals {
		if w.byPath[p] == nil {
			delete(s.vals, p)
			w.changed = true
		}
	}
	return w.changed
}

type walker struct {
	s       *State
	items   []*Item
	byPath  map[string]*Item
	old     map[string]*Item
	prevLen int
	changed bool
}

func (w *walker) item(n *questionnaires.Node, path string, inst []int, chain []*questionnaires.Node, parent *Item) *Item {
	it := w.old[path]
	if it == nil || it.Node != n {
		it = &Item{Node: n, Path: path, Instance: inst, chain: chain}
		w.changed = true
	}
	it.parent = parent
	w.items = append(w.items, it)
	w.byPath[path] = it
	return it
}

func (w *walker) setRelevant(it *Item, rel bool) {
	if it.Relevant != rel {
		it.Relevant = rel
		w.changed = true
	}
}

func (w *walker) setValue(path, v string) {
	if old, ok := w.s.vals[path]; !ok || old != v {
		w.s.vals[path] = v
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
		path := prefix + n.Key
		switch n.Kind {
		case questionnaires.Group:
			it := w.item(n, path, inst, chain, parent)
			w.setRelevant(it, parent.Relevant && s.evalBool(n.Relevant, it, true))
			w.walk(n, it, prefix, inst, chain, loopChoice)
		case questionnaires.Repeat:
			w.repeat(n, parent, prefix, inst, chain, loopChoice)
		default:
			it := w.item(n, path, inst, chain, parent)
			rel := parent.Relevant && s.evalBool(n.Relevant, it, true)
			w.setRelevant(it, rel)
			w.setValue(path, s.itemValue(it, rel))
		}
	}
}

func (w *walker) repeat(n *questionnaires.Node, parent *Item, prefix string, inst []int, chain []*questionnaires.Node, loopChoice string) {
	s := w.s
	repeatPath := prefix + n.Key
	// The repeat's relevance and count are evaluated outside any of its
	// instances, through its prompt item.
	prompt := &Item{Node: n, Path: repeatPath + "[+]", Instance: inst, chain: chain, parent: parent, Prompt: true, RepeatPath: repeatPath}
	if old := w.old[prompt.Path]; old != nil {
		prompt = old
		prompt.parent = parent
	}
	rel := parent.Relevant && s.evalBool(n.Relevant, prompt, true)
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
		count, _ = strconv.Atoi(s.answers[repeatPath+CountSuffix])
		count = max(0, min(count, maxInstances))
	}
	s.counts[repeatPath] = count
	innerChain := append(append([]*questionnaires.Node{}, chain...), n.Base())
	for i := 1; i <= count; i++ {
		ip := repeatPath + "[" + strconv.Itoa(i) + "]"
		innerInst := append(append([]int{}, inst...), i)
		it := w.item(n, ip, innerInst, innerChain, parent)
		it.RepeatPath = repeatPath
		w.setRelevant(it, rel && s.evalBool(n.Relevant, it, true))
		choice := loopChoice
		if n.Loop && n.List != nil {
			choice = n.List.Choices[i-1].Name
		}
		w.walk(n, it, ip+"/", innerInst, innerChain, choice)
	}
	if n.RepeatCount == nil && !n.Loop {
		w.items = append(w.items, prompt)
		w.byPath[prompt.Path] = prompt
		w.setRelevant(prompt, rel)
	}
}

// itemValue is the effective value of a question, calculation or
// metadata item.
func (s *State) itemValue(it *Item, relevant bool) string {
	if !relevant {
		return ""
	}
	n := it.Node
	switch n.Kind {
	case questionnaires.Calculate:
		if n.Calculation == nil {
			return s.answers[it.Path]
		}
		// once(...) keeps its first value, as ODK keeps it in the saved
		// interview: it is stored with the answers, so that reopening
		// or exporting the interview does not draw random() again.
		frozen := slices.Contains(n.Calculation.Calls(), "once")
		if v := s.answers[it.Path]; frozen && v != "" {
			return v
		}
		v := s.eval(n.Calculation, it, nil).String()
		if frozen && v != "" {
			s.put(it.Path, v)
		}
		return v
	case questionnaires.Question:
		v, answered := s.answers[it.Path]
		if !answered && n.Default != "" {
			// A default is entered the first time the question exists, as
			// ODK does; the interviewer can change it. An expression
			// waits until it has a value (the answer it copies, say).
			d := n.Default
			if n.DefaultExpr != nil {
				d = s.eval(n.DefaultExpr, it, nil).String()
			}
			if d != "" {
				s.put(it.Path, d)
				v = d
			}
		}
		if n.Calculation != nil && (n.ReadOnly != nil || !answered) {
			v = s.eval(n.Calculation, it, nil).String()
		}
		return v
	}
	return s.answers[it.Path]
}

package interview

import (
	"slices"

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

	// dirty is set when something the item's last evaluation read has
	// changed since (or it was never evaluated): it is evaluated again.
	dirty bool
	// volatile: the item's expressions call now(), random()... (deps.go).
	volatile bool
	// in is the relevance of what holds the item (its group, or its
	// repeat for an instance) when it was last evaluated.
	in bool
	// For a prompt: the repeat's relevance and count when last evaluated.
	repeatRel   bool
	repeatCount int
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

package questionnaires

import (
	"strings"

	"siap/questionnaires/expr"
)

// A "begin loop over L" asks its questions once per choice of L, and its
// rows may name the choice as %(name)s or %(label)s anywhere: in labels
// and hints (filled in when shown) and in relevant, constraint,
// calculation, choice_filter, required, read_only and default, which
// pyxform fills in before the form runs. siap does the same: such a row
// gets one variant per choice, with the choice filled in and its
// expressions parsed, and an interview uses the variant of the instance
// it is in.

// loopColumns are the expression columns whose %(name)s pyxform fills
// in; loopField gives the field of Node each becomes.
var loopColumns = []string{"relevant", "constraint", "calculation", "choice_filter", "required", "read_only", "repeat_count", "default"}

// inLoop is the innermost "begin loop over" around n, or nil.
func inLoop(n *Node) *Node {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Loop {
			return p
		}
	}
	return nil
}

// deferLoop keeps, for a row inside a loop, an expression that names the
// loop's choice: it is parsed per choice by expandLoops. It reports
// false for any other expression, which is parsed as usual.
func (b *builder) deferLoop(n *Node, key, src string) bool {
	if !strings.Contains(src, "%(") || inLoop(n) == nil {
		return false
	}
	if n.loopSrc == nil {
		n.loopSrc = map[string]string{}
	}
	// Warned of once here, not once per choice.
	n.loopSrc[key] = b.straightQuotes("survey", n.Row, b.survey.ref(key), src)
	return true
}

// fillLoop puts a choice into a loop row's text.
func fillLoop(text string, c *Choice, lang, fallback string) string {
	return strings.NewReplacer("%(name)s", c.Name, "%(label)s", c.Label.In(lang, fallback)).Replace(text)
}

// expandLoops makes the per-choice variants of the rows whose
// expressions name their loop's choice, reporting a fault at the row and
// column with the choice that causes it.
func (b *builder) expandLoops() {
	const sh = "survey"
	for _, n := range b.f.Nodes {
		if len(n.loopSrc) == 0 {
			continue
		}
		loop := inLoop(n)
		if loop.List == nil {
			continue
		}
		n.variants = map[string]*Node{}
		for _, c := range loop.List.Choices {
			v := *n
			v.base, v.variants, v.loopSrc = n, nil, nil
			for _, key := range loopColumns {
				src, ok := n.loopSrc[key]
				if !ok {
					continue
				}
				src = fillLoop(src, c, b.f.DefaultLanguage, "")
				col := b.survey.ref(key)
				var e *expr.Expr
				switch {
				case key == "default":
					v.Default = src
					if dynamicDefault.MatchString(src) {
						e = b.expression(sh, n.Row, col, src)
					}
				case key == "required" || key == "read_only":
					if isYes(src) {
						e, _ = expr.Parse("true()")
					} else {
						e = b.expression(sh, n.Row, col, src)
					}
				default:
					e = b.expression(sh, n.Row, col, src)
				}
				if e == nil {
					continue
				}
				cols := map[string]bool(nil)
				if key == "choice_filter" && n.List != nil {
					cols = b.listColumns[n.List]
				}
				b.checkRefs(e, sh, n.Row, col, cols)
				*v.loopField(key) = e
			}
			n.variants[c.Name] = &v
		}
	}
}

// loopField is the field of n an expression column becomes.
func (n *Node) loopField(key string) **expr.Expr {
	switch key {
	case "relevant":
		return &n.Relevant
	case "constraint":
		return &n.Constraint
	case "calculation":
		return &n.Calculation
	case "choice_filter":
		return &n.ChoiceFilter
	case "required":
		return &n.Required
	case "read_only":
		return &n.ReadOnly
	case "repeat_count":
		return &n.RepeatCount
	}
	return &n.DefaultExpr
}

// ForLoopChoice is the node as asked in the instance of a "begin loop
// over" for the given choice: with %(name)s and %(label)s filled into its
// expressions. It is n itself when n does not name the choice.
func (n *Node) ForLoopChoice(choice string) *Node {
	if v := n.variants[choice]; v != nil {
		return v
	}
	return n
}

// Base is the form's own node of a loop variant, or n itself: the node
// to compare, look up and export by.
func (n *Node) Base() *Node {
	if n.base != nil {
		return n.base
	}
	return n
}

package expr

import "math"

// What a constraint asks of the value itself, for siap simulate to make
// answers the form accepts: the regular expressions the value must match
// and the numbers it must lie between. The value is written "." or
// ${self}, where self is the question's own name.

// Patterns lists the regular expressions of regex(., 'p') or
// regex(${self}, 'p') calls anywhere in the expression.
func (e *Expr) Patterns(self string) []string {
	var out []string
	walk(e.root, func(n node) {
		c, ok := n.(*call)
		if !ok || c.name != "regex" || !isSelf(c.args[0], self) {
			return
		}
		if lit, ok := c.args[1].(literal); ok && lit.v.kind == String {
			out = append(out, lit.v.s)
		}
	})
	return out
}

// Bounds is the range of numbers a constraint allows.
type Bounds struct {
	Lo, Hi             float64 // -Inf and +Inf where there is no bound
	LoStrict, HiStrict bool    // > and < rather than >= and <=
}

// Bounds reads the comparisons of the value itself with numbers that the
// expression joins with "and" (. >= 60 and ${self} <= 300); other parts
// are left for the engine to check.
func (e *Expr) Bounds(self string) Bounds {
	return e.bounds(func(n node) bool { return isSelf(n, self) })
}

// LengthBounds reads the same of string-length(.) or
// string-length(${self}): how long a text answer must be.
func (e *Expr) LengthBounds(self string) Bounds {
	return e.bounds(func(n node) bool {
		c, ok := n.(*call)
		return ok && c.name == "string-length" && len(c.args) == 1 && isSelf(c.args[0], self)
	})
}

// bounds reads the comparisons with numbers, joined by "and", of what
// subject accepts.
func (e *Expr) bounds(subject func(node) bool) Bounds {
	return boundsOf(e.root, subject)
}

// boundsOf reads the bounds of n; of two alternatives joined by "or"
// (. >= 30 and . <= 155 or . = 0), the first that has any.
func boundsOf(root node, subject func(node) bool) Bounds {
	b := Bounds{Lo: math.Inf(-1), Hi: math.Inf(1)}
	var visit func(n node)
	visit = func(n node) {
		bin, ok := n.(*binary)
		if !ok {
			return
		}
		switch bin.op {
		case "and":
			visit(bin.l)
			visit(bin.r)
			return
		case "or":
			for _, side := range []node{bin.l, bin.r} {
				if sb := boundsOf(side, subject); !math.IsInf(sb.Lo, -1) || !math.IsInf(sb.Hi, 1) {
					if sb.Lo > b.Lo || sb.Lo == b.Lo && sb.LoStrict {
						b.Lo, b.LoStrict = sb.Lo, sb.LoStrict
					}
					if sb.Hi < b.Hi || sb.Hi == b.Hi && sb.HiStrict {
						b.Hi, b.HiStrict = sb.Hi, sb.HiStrict
					}
					return
				}
			}
			return
		}
		op := bin.op
		var num literal
		switch {
		case subject(bin.l):
			num, ok = bin.r.(literal)
		case subject(bin.r):
			num, ok = bin.l.(literal)
			op = map[string]string{"<": ">", "<=": ">=", ">": "<", ">=": "<=", "=": "=", "!=": "!="}[op]
		default:
			return
		}
		if !ok || num.v.kind != Number {
			return
		}
		x := num.v.n
		switch op {
		case ">", ">=":
			if x > b.Lo || x == b.Lo && op == ">" {
				b.Lo, b.LoStrict = x, op == ">"
			}
		case "<", "<=":
			if x < b.Hi || x == b.Hi && op == "<" {
				b.Hi, b.HiStrict = x, op == "<"
			}
		case "=":
			b.Lo, b.Hi, b.LoStrict, b.HiStrict = x, x, false, false
		}
	}
	visit(root)
	return b
}

func isSelf(n node, self string) bool {
	switch x := n.(type) {
	case current:
		return true
	case ref:
		return x.name == self
	}
	return false
}

// walk calls fn on every node of an expression's tree.
func walk(n node, fn func(node)) {
	if n == nil {
		return
	}
	fn(n)
	switch x := n.(type) {
	case *binary:
		walk(x.l, fn)
		walk(x.r, fn)
	case *negate:
		walk(x.x, fn)
	case *union:
		walk(x.l, fn)
		walk(x.r, fn)
	case *call:
		for _, a := range x.args {
			walk(a, fn)
		}
	case *pathExpr:
		walk(x.start, fn)
		for _, p := range x.preds {
			walk(p, fn)
		}
		for _, st := range x.steps {
			for _, p := range st.preds {
				walk(p, fn)
			}
		}
	}
}

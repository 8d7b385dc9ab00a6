package expr

// Type is what an expression yields whatever the answers: what an export
// needs to declare a calculation's column (pyxform declares every
// calculate as a string, which leaves analysts to convert by hand).
type Type struct {
	Kind Kind
	// Whole: a Number that is always a whole number (a count, a sum of
	// conditions), when every operand is.
	Whole bool
}

// TypeOf works out the type an expression yields; ref gives the type of
// a referenced question (${name}), and ok false when it is unknown. A
// value whose type cannot be known beforehand is a String.
func (e *Expr) TypeOf(ref func(name string) (Type, bool)) Type {
	return typeOf(e.root, ref, 0)
}

var (
	stringType = Type{Kind: String}
	wholeType  = Type{Kind: Number, Whole: true}
	realType   = Type{Kind: Number}
	boolType   = Type{Kind: Bool}
)

// numberFunctions yield numbers: whole ones, or any.
var numberFunctions = map[string]Type{
	"count-selected": wholeType, "string-length": wholeType, "count": wholeType, "int": wholeType,
	"floor": wholeType, "ceiling": wholeType, "position": wholeType,
	"number": realType, "sqrt": realType, "pow": realType, "decimal-date-time": realType,
}

// boolFunctions yield true or false.
var boolFunctions = map[string]bool{
	"selected": true, "not": true, "true": true, "false": true, "boolean": true,
	"boolean-from-string": true, "contains": true, "starts-with": true, "ends-with": true, "regex": true,
}

func typeOf(n node, refType func(string) (Type, bool), depth int) Type {
	if depth > maxDepth {
		return stringType
	}
	sub := func(x node) Type { return typeOf(x, refType, depth+1) }
	switch n := n.(type) {
	case literal:
		if n.v.kind == Number {
			return Type{Kind: Number, Whole: n.v.n == float64(int64(n.v.n))}
		}
		return Type{Kind: n.v.kind}
	case ref:
		if t, ok := refType(n.name); ok {
			return t
		}
		return stringType
	case *negate:
		t := sub(n.x)
		return Type{Kind: Number, Whole: t.Kind == Bool || t.Kind == Number && t.Whole}
	case *binary:
		switch n.op {
		case "or", "and", "=", "!=", "<", "<=", ">", ">=":
			return boolType
		}
		l, r := sub(n.l), sub(n.r)
		if (n.op == "+" || n.op == "-") && (l.Kind == Date) != (r.Kind == Date) {
			return Type{Kind: Date}
		}
		whole := func(t Type) bool { return t.Kind == Bool || t.Kind == Number && t.Whole }
		return Type{Kind: Number, Whole: n.op != "div" && whole(l) && whole(r)}
	case *call:
		return callType(n, sub)
	}
	return stringType
}

func callType(c *call, sub func(node) Type) Type {
	if t, ok := numberFunctions[c.name]; ok {
		return t
	}
	if boolFunctions[c.name] {
		return boolType
	}
	switch c.name {
	case "round":
		if len(c.args) == 1 {
			return wholeType
		}
		if l, ok := c.args[1].(literal); ok && l.v.kind == Number && l.v.n <= 0 {
			return wholeType
		}
		return realType
	case "abs", "sum", "min", "max":
		t := Type{Kind: Number, Whole: true}
		for _, a := range c.args {
			at := sub(a)
			t.Whole = t.Whole && (at.Kind == Bool || at.Kind == Number && at.Whole)
		}
		return t
	case "if":
		return either(sub(c.args[1]), sub(c.args[2]), c.args[1], c.args[2])
	case "coalesce":
		return either(sub(c.args[0]), sub(c.args[1]), c.args[0], c.args[1])
	case "once":
		return sub(c.args[0])
	case "indexed-repeat":
		return sub(c.args[0])
	case "today", "date":
		return Type{Kind: Date}
	case "now", "date-time":
		return Type{Kind: DateTime}
	}
	return stringType
}

// either is the type of a value that is one of two: the same type, or
// the other's when one is the empty string that stands for no value
// (if(${x} > 0, ${x} * 2, "")).
func either(a, b Type, an, bn node) Type {
	empty := func(n node) bool { l, ok := n.(literal); return ok && l.v.kind == String && l.v.s == "" }
	switch {
	case empty(an):
		return b
	case empty(bn):
		return a
	case a.Kind == b.Kind:
		return Type{Kind: a.Kind, Whole: a.Whole && b.Whole}
	}
	// A number on one side and true or false on the other is written
	// as the engine gives it: text.
	return stringType
}

package expr

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// Kind is the type of a Value, following XPath 1.0 plus the date types
// that ODK forms compare and do arithmetic on.
type Kind uint8

const (
	String Kind = iota
	Number
	Bool
	Date     // days since 1970-01-01, whole
	DateTime // days since 1970-01-01 UTC, fractional
	Nodes    // the values of several nodes, as a repeated question gives
)

// Value is the result of evaluating an expression.
type Value struct {
	kind  Kind
	s     string
	n     float64
	b     bool
	nodes []Value
	// A node-set of document nodes (a path's result) keeps the nodes,
	// so that a path or predicate can go on from them.
	xn   []Node
	isXN bool
}

// Str makes a string value.
func Str(s string) Value { return Value{kind: String, s: s} }

// Num makes a number value.
func Num(n float64) Value { return Value{kind: Number, n: n} }

// Boolean makes a boolean value.
func Boolean(b bool) Value { return Value{kind: Bool, b: b} }

// DateOf makes a date value from a calendar day.
func DateOf(t time.Time) Value {
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return Value{kind: Date, n: float64(d.Unix() / 86400)}
}

// DateTimeOf makes a date-time value.
func DateTimeOf(t time.Time) Value {
	return Value{kind: DateTime, n: float64(t.UnixMilli()) / 86400000, s: t.Format("2006-01-02T15:04:05.000-07:00")}
}

// NodeSet makes a value standing for several nodes (a question inside a
// repeat referred to from outside it).
func NodeSet(vs []Value) Value { return Value{kind: Nodes, nodes: vs} }

// Kind reports the value's type.
func (v Value) Kind() Kind { return v.kind }

// Nodes returns the members of a node-set; a single value is a set of one.
func (v Value) Nodes() []Value {
	if v.isXN {
		out := make([]Value, len(v.xn))
		for i, n := range v.xn {
			out[i] = n.Value()
		}
		return out
	}
	if v.kind == Nodes {
		return v.nodes
	}
	return []Value{v}
}

// size is the number of members of a node-set.
func (v Value) size() int {
	if v.isXN {
		return len(v.xn)
	}
	return len(v.nodes)
}

// first is the first member of a node-set.
func (v Value) first() Value {
	if v.isXN {
		return v.xn[0].Value()
	}
	return v.nodes[0]
}

// String converts the value as XPath's string() does.
func (v Value) String() string {
	switch v.kind {
	case String:
		return v.s
	case Number:
		return FormatNumber(v.n)
	case Bool:
		if v.b {
			return "true"
		}
		return "false"
	case Date:
		return time.Unix(int64(v.n)*86400, 0).UTC().Format("2006-01-02")
	case DateTime:
		if v.s != "" {
			return v.s
		}
		return time.UnixMilli(int64(math.Round(v.n * 86400000))).UTC().Format("2006-01-02T15:04:05.000Z")
	case Nodes:
		if v.size() == 0 {
			return ""
		}
		return v.first().String()
	}
	return ""
}

// Number converts the value as XPath's number() does, extended as ODK
// does so that dates count days since 1970-01-01.
func (v Value) Number() float64 {
	switch v.kind {
	case Number, Date, DateTime:
		return v.n
	case Bool:
		if v.b {
			return 1
		}
		return 0
	case Nodes:
		if v.size() == 0 {
			return math.NaN()
		}
		return v.first().Number()
	}
	return ParseNumber(v.s)
}

// Bool converts the value as XPath's boolean() does. A node-set of one
// node is unpacked to its value first, as ODK does, so that an empty
// answer is false.
func (v Value) Bool() bool {
	switch v.kind {
	case Bool:
		return v.b
	case Number, Date, DateTime:
		return v.n != 0 && !math.IsNaN(v.n)
	case Nodes:
		if v.size() == 1 {
			return v.first().Bool()
		}
		return v.size() > 0
	}
	return v.s != ""
}

// ParseNumber reads a number as XPath does (NaN when it is not one); ISO
// dates and date-times read as days since 1970-01-01.
func ParseNumber(s string) float64 {
	s = strings.TrimSpace(s)
	if s == "" {
		return math.NaN()
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && !strings.ContainsAny(s, "xXpPiInN_") {
		return f
	}
	if d, ok := ParseDate(s); ok {
		return d.Number()
	}
	return math.NaN()
}

// ParseDate reads an ISO 8601 date or date-time.
func ParseDate(s string) (Value, bool) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return DateOf(t), true
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.000-07:00", "2006-01-02T15:04:05-07:00", "2006-01-02T15:04:05", "2006-01-02T15:04"} {
		if t, err := time.Parse(layout, s); err == nil {
			v := DateTimeOf(t)
			v.s = s
			return v, true
		}
	}
	return Value{}, false
}

// FormatNumber writes a number as XPath's string() does: integers without
// a decimal point, NaN and Infinity by name.
func FormatNumber(n float64) string {
	switch {
	case math.IsNaN(n):
		return "NaN"
	case math.IsInf(n, 1):
		return "Infinity"
	case math.IsInf(n, -1):
		return "-Infinity"
	case n == math.Trunc(n) && math.Abs(n) < 1e15:
		return strconv.FormatInt(int64(n), 10)
	}
	return strconv.FormatFloat(n, 'f', -1, 64)
}

// equal compares two values with XPath 1.0's = rules.
func equal(a, b Value) bool {
	if a.kind == Nodes || b.kind == Nodes {
		// XPath: true when any member compares equal.
		for _, x := range a.Nodes() {
			for _, y := range b.Nodes() {
				if equal(x, y) {
					return true
				}
			}
		}
		return false
	}
	switch {
	case a.kind == Bool || b.kind == Bool:
		return a.Bool() == b.Bool()
	case isNumeric(a) || isNumeric(b):
		return a.Number() == b.Number()
	}
	return a.s == b.s
}

func isNumeric(v Value) bool { return v.kind == Number || v.kind == Date || v.kind == DateTime }

// compare applies <, <=, > or >= with XPath 1.0's rules: both sides as
// numbers.
func compare(op string, a, b Value) bool {
	if a.kind == Nodes || b.kind == Nodes {
		for _, x := range a.Nodes() {
			for _, y := range b.Nodes() {
				if compare(op, x, y) {
					return true
				}
			}
		}
		return false
	}
	x, y := a.Number(), b.Number()
	switch op {
	case "<":
		return x < y
	case "<=":
		return x <= y
	case ">":
		return x > y
	}
	return x >= y
}

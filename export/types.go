package export

import (
	"math"
	"strconv"
	"strings"

	"siap/questionnaires"
	"siap/questionnaires/expr"
)

// measure is a variable's level of measurement, as SPSS records it.
type measure int

const (
	nominal measure = iota
	ordinal
	scale
)

func (m measure) String() string {
	switch m {
	case ordinal:
		return "ordinal"
	case scale:
		return "scale"
	}
	return "nominal"
}

// numberType is whether a question or calculation holds numbers, and
// whole ones: integer, decimal and range questions, and calculations by
// their bind::type column (as pyxform reads it) or else by what they
// compute, so that a count of conditions met is a number in every tool.
func numberType(form *questionnaires.Form, n *questionnaires.Node) (numeric, whole bool) {
	t, ok := nodeType(form, n, map[*questionnaires.Node]bool{})
	return ok && t.Kind == expr.Number, t.Whole
}

func nodeType(form *questionnaires.Form, n *questionnaires.Node, seen map[*questionnaires.Node]bool) (expr.Type, bool) {
	if n == nil || seen[n] {
		return expr.Type{}, false
	}
	seen[n] = true
	defer delete(seen, n)
	switch n.Type.Storage() {
	case questionnaires.StoredWhole:
		return expr.Type{Kind: expr.Number, Whole: true}, true
	case questionnaires.StoredNumber:
		// A range is whole when its start, end and step are.
		whole := n.Type == questionnaires.TypeRange
		for _, p := range []string{"start", "end", "step"} {
			if s, ok := n.Parameters[p]; ok && whole {
				f, err := strconv.ParseFloat(s, 64)
				whole = err == nil && f == math.Trunc(f)
			}
		}
		return expr.Type{Kind: expr.Number, Whole: whole}, true
	case questionnaires.StoredChoice:
		if n.List != nil && integerCodes(n.List.Choices) {
			return expr.Type{Kind: expr.Number, Whole: true}, true
		}
		return expr.Type{Kind: expr.String}, true
	}
	if n.Kind != questionnaires.Calculate {
		return expr.Type{Kind: expr.String}, true
	}
	declared := n.Extra["bind::type"]
	if declared == "" {
		declared = n.Extra["bind:type"]
	}
	switch strings.ToLower(strings.TrimSpace(declared)) {
	case "int", "integer":
		return expr.Type{Kind: expr.Number, Whole: true}, true
	case "decimal":
		return expr.Type{Kind: expr.Number}, true
	case "":
	default:
		return expr.Type{Kind: expr.String}, true
	}
	if n.Calculation == nil {
		return expr.Type{Kind: expr.String}, true
	}
	return n.Calculation.TypeOf(func(name string) (expr.Type, bool) {
		return nodeType(form, form.Node(name), seen)
	}), true
}

// integerCodes reports whether every code of a choice list is a whole
// number (negative ones included: -99 refused, -98 don't know), different
// from the others as a number: then the question is numeric, with value
// labels, in Stata, SPSS and R.
func integerCodes(cs []*questionnaires.Choice) bool {
	seen := map[int64]bool{}
	for _, c := range cs {
		i, err := strconv.ParseInt(c.Name, 10, 64)
		if err != nil || seen[i] {
			return false
		}
		seen[i] = true
	}
	return len(cs) > 0
}

// numberCell is a numeric column's value as the file writes it: a
// number, or nothing when there is none (a skipped calculation gives
// NaN, which no tool reads as missing).
func numberCell(v string) string {
	if v == "" {
		return v
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return ""
	}
	return v
}

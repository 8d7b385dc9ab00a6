package questionnaires

import (
	"math"
	"strconv"
	"strings"
)

// Expected is the range a number usually falls in, from siap's soft_min
// and soft_max columns. An answer outside it is accepted, as CSPro's soft
// checks and Survey Solutions' warnings do, but the interviewer is asked
// to check it with the respondent and the supervisor sees it flagged.
// The zero value expects anything.
type Expected struct {
	Min, Max       float64
	HasMin, HasMax bool
}

// Set reports whether the form gives either bound.
func (x Expected) Set() bool { return x.HasMin || x.HasMax }

// Outside reports whether v is a number outside the range.
func (x Expected) Outside(v string) bool {
	f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	return err == nil && (x.HasMin && f < x.Min || x.HasMax && f > x.Max)
}

// String gives the range short enough for a message: 17–95, ≥ 0, ≤ 15.
func (x Expected) String() string {
	num := func(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
	switch {
	case x.HasMin && x.HasMax:
		return num(x.Min) + "–" + num(x.Max)
	case x.HasMin:
		return "≥ " + num(x.Min)
	case x.HasMax:
		return "≤ " + num(x.Max)
	}
	return ""
}

// minimumSecondsColumn names siap's column for the least time an answer
// can take when it is really asked.
const minimumSecondsColumn = "minimum_seconds"

// readSiapColumns reads siap's own numeric columns of a question row,
// reporting a value that is not a number at its row and column.
func (b *builder) readSiapColumns(n *Node) {
	bound := func(col string, to *float64, has *bool) {
		s := strings.TrimSpace(n.Extra[col])
		if s == "" {
			return
		}
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			b.ps.errorf("survey", n.Row, b.survey.ref(col), "%s must be a number, not %q", col, s)
			return
		}
		*to, *has = f, true
	}
	bound("soft_min", &n.Expected.Min, &n.Expected.HasMin)
	bound("soft_max", &n.Expected.Max, &n.Expected.HasMax)
	if n.Expected.Set() {
		if !n.Type.Storage().Numeric() {
			b.ps.warnf("survey", n.Row, b.survey.ref("soft_min"), "soft_min and soft_max apply to numbers; %s is a %s", n.Name, n.RawType)
		}
		if n.Expected.HasMin && n.Expected.HasMax && n.Expected.Min > n.Expected.Max {
			b.ps.errorf("survey", n.Row, b.survey.ref("soft_max"), "soft_max %g is below soft_min %g", n.Expected.Max, n.Expected.Min)
		}
	}
	for _, col := range []string{"sim_typical", "sim_spread"} {
		if s := strings.TrimSpace(n.Extra[col]); s != "" {
			if f, err := strconv.ParseFloat(s, 64); err != nil || f < 0 || math.IsInf(f, 0) || math.IsNaN(f) {
				b.ps.warnf("survey", n.Row, b.survey.ref(col), "%s should be a number of zero or more, not %q; siap simulate ignores it", col, s)
			}
		}
	}
	if s := strings.TrimSpace(n.Extra[minimumSecondsColumn]); s != "" {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || f < 0 || math.IsInf(f, 0) || math.IsNaN(f) {
			b.ps.errorf("survey", n.Row, b.survey.ref(minimumSecondsColumn), "%s must be a number of seconds, not %q", minimumSecondsColumn, s)
			return
		}
		n.MinimumSeconds = f
	}
}

// checkChoiceNumbers checks the choices' own columns siap reads: target
// (interviews wanted in a group, shown on the home screen and used by
// siap simulate) and sim_readiness (how ready simulated respondents of a
// group are, 0 to 1).
func (b *builder) checkChoiceNumbers(t *table, row int, c *Choice) {
	if s := strings.TrimSpace(c.Extra["target"]); s != "" {
		if n, err := strconv.Atoi(s); err != nil || n < 0 {
			b.ps.errorf(t.s.name, row, t.ref("target"), "target must be a whole number of interviews, not %q", s)
		}
	}
	if s := strings.TrimSpace(c.Extra["sim_readiness"]); s != "" {
		if f, err := strconv.ParseFloat(s, 64); err != nil || f < 0 || f > 1 {
			b.ps.warnf(t.s.name, row, t.ref("sim_readiness"), "sim_readiness should be a number from 0 to 1, not %q; siap simulate ignores it", s)
		}
	}
}

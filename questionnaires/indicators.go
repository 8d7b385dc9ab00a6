package questionnaires

import (
	"strconv"
	"strings"
)

// IndicatorKind is the statistic an indicator is: the kind column of
// the indicators sheet. Package summary computes each kind, from one
// table its test checks is complete.
type IndicatorKind uint8

const (
	Proportion IndicatorKind = iota + 1 // how many meet a condition: a percentage
	Mean                                // the mean of a number
	Median                              // the median of a number, with its quartiles

	indicatorKindCount // one past the last kind
)

var indicatorKindNames = [indicatorKindCount]string{Proportion: "proportion", Mean: "mean", Median: "median"}

// IndicatorKinds lists every kind, in the order they are declared.
func IndicatorKinds() []IndicatorKind {
	out := make([]IndicatorKind, 0, indicatorKindCount-1)
	for k := Proportion; k < indicatorKindCount; k++ {
		out = append(out, k)
	}
	return out
}

// String is the kind as the indicators sheet spells it.
func (k IndicatorKind) String() string {
	if k < indicatorKindCount && indicatorKindNames[k] != "" {
		return indicatorKindNames[k]
	}
	return "IndicatorKind(" + strconv.Itoa(int(k)) + ")"
}

func parseIndicatorKind(s string) (IndicatorKind, bool) {
	for _, k := range IndicatorKinds() {
		if k.String() == s {
			return k, true
		}
	}
	return 0, false
}

// DomainList names the choice list that, when a form has it, lists the
// domains its indicators may name, with their labels and in their
// order. Without it, an indicator may name any domain.
const DomainList = "indicator_domains"

// readIndicators reads siap's indicators sheet: the statistics that
// summaries compare across the summary_by groups.
func (b *builder) readIndicators(t *table) {
	const sh = "indicators"
	for _, col := range []string{"name", "kind", "expression"} {
		if !t.has(col) {
			b.ps.errorf(sh, t.s.headerRow, "", "the indicators sheet needs a %s column", col)
			return
		}
	}
	known := func(k string) bool {
		switch k {
		case "name", "label", "domain", "kind", "expression", "reference", "reference_source":
			return true
		}
		return false
	}
	seen := map[string]int{}
	for _, r := range t.s.rows {
		kind := strings.ToLower(t.get(r, "kind"))
		ind := &Indicator{
			Row: r.num, Name: t.get(r, "name"), Label: t.text(r, "label"),
			Domain:    strings.ToLower(t.get(r, "domain")),
			Reference: t.get(r, "reference"), ReferenceSource: t.text(r, "reference_source"),
			Extra: t.extra(r, known),
		}
		switch {
		case ind.Name == "":
			b.ps.errorf(sh, r.num, t.ref("name"), "the indicator has no name")
			continue
		case seen[ind.Name] > 0:
			b.ps.errorf(sh, r.num, t.ref("name"), "indicator %q is already defined at row %d", ind.Name, seen[ind.Name])
			continue
		}
		seen[ind.Name] = r.num
		if k, ok := parseIndicatorKind(kind); ok {
			ind.Kind = k
		} else {
			var names []string
			for _, k := range IndicatorKinds() {
				names = append(names, k.String())
			}
			b.ps.errorf(sh, r.num, t.ref("kind"), "kind %q of indicator %s should be one of %s", kind, ind.Name, strings.Join(names, ", "))
		}
		b.readDomain(t, r.num, ind)
		if ind.Label.Empty() {
			b.ps.warnf(sh, r.num, t.ref("label"), "indicator %s has no label; its name will be shown", ind.Name)
		}
		if ind.Reference != "" {
			if _, err := strconv.ParseFloat(strings.TrimSuffix(ind.Reference, "%"), 64); err != nil {
				b.ps.errorf(sh, r.num, t.ref("reference"), "reference %q of indicator %s should be a number", ind.Reference, ind.Name)
			}
		}
		src := t.get(r, "expression")
		if src == "" {
			b.ps.errorf(sh, r.num, t.ref("expression"), "indicator %s has no expression", ind.Name)
			continue
		}
		ind.Expression = b.expression(sh, r.num, t.ref("expression"), src)
		if ind.Expression == nil {
			continue
		}
		b.checkRefs(ind.Expression, sh, r.num, t.ref("expression"), nil)
		b.f.Indicators = append(b.f.Indicators, ind)
	}
}

// readDomain gives an indicator its domain's label from the form's
// domain list, when it has one, and reports a domain not in that list.
func (b *builder) readDomain(t *table, row int, ind *Indicator) {
	list := b.f.Lists[DomainList]
	if list == nil || ind.Domain == "" {
		return
	}
	for _, c := range list.Choices {
		if strings.EqualFold(c.Name, ind.Domain) {
			ind.DomainLabel = c.Label
			return
		}
	}
	var names []string
	for _, c := range list.Choices {
		names = append(names, c.Name)
	}
	b.ps.errorf("indicators", row, t.ref("domain"), "domain %q of indicator %s is not in the %s list of the choices sheet (%s)", ind.Domain, ind.Name, DomainList, strings.Join(names, ", "))
}

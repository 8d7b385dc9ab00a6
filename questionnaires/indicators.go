package questionnaires

import (
	"strconv"
	"strings"
)

// Indicator domains and kinds, as the indicators sheet spells them.
var (
	indicatorDomains = []string{"access", "precondition", "willingness"}
	indicatorKinds   = []string{"proportion", "mean", "median"}
)

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
		ind := &Indicator{
			Row: r.num, Name: t.get(r, "name"), Label: t.text(r, "label"),
			Domain: strings.ToLower(t.get(r, "domain")), Kind: strings.ToLower(t.get(r, "kind")),
			Reference: t.get(r, "reference"), ReferenceSource: t.get(r, "reference_source"),
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
		if !contains(indicatorKinds, ind.Kind) {
			b.ps.errorf(sh, r.num, t.ref("kind"), "kind %q of indicator %s should be one of %s", ind.Kind, ind.Name, strings.Join(indicatorKinds, ", "))
		}
		if ind.Domain != "" && !contains(indicatorDomains, ind.Domain) {
			b.ps.errorf(sh, r.num, t.ref("domain"), "domain %q of indicator %s should be one of %s", ind.Domain, ind.Name, strings.Join(indicatorDomains, ", "))
		}
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

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

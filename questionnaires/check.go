package questionnaires

import (
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"siap/questionnaires/expr"
)

// labelRef finds ${name} in label text.
var labelRef = regexp.MustCompile(`\$\{\s*([^}\s]+)\s*\}`)

// checkNodes checks what can only be checked once every row is read:
// references to other questions, and choice_filter columns.
func (b *builder) checkNodes() {
	for _, n := range b.f.Nodes {
		b.readSiapColumns(n)
		exprs := []struct {
			col string
			e   *expr.Expr
		}{
			{"relevant", n.Relevant}, {"constraint", n.Constraint}, {"calculation", n.Calculation},
			{"required", n.Required}, {"read_only", n.ReadOnly}, {"repeat_count", n.RepeatCount},
		}
		for _, x := range exprs {
			if x.e != nil {
				b.checkRefs(x.e, "survey", n.Row, b.survey.ref(x.col), nil)
			}
		}
		if n.ChoiceFilter != nil && n.List != nil {
			b.checkRefs(n.ChoiceFilter, "survey", n.Row, b.survey.ref("choice_filter"), b.listColumns[n.List])
		}
		if n.RepeatCount != nil && n.Kind != Repeat {
			b.ps.warnf("survey", n.Row, b.survey.ref("repeat_count"), "repeat_count has no effect on a %s", n.RawType)
		}
		for _, txt := range []Text{n.Label, n.Hint, n.ConsMsg, n.ReqMsg} {
			for _, s := range txt {
				for _, m := range labelRef.FindAllStringSubmatch(s, -1) {
					if q, ok := strings.CutPrefix(m[1], "last-saved#"); ok {
						m[1] = q
						b.f.usesLastSaved = true
					}
					switch {
					case b.f.Ambiguous(m[1]):
						b.ps.errorf("survey", n.Row, b.survey.ref("label"), "the text refers to ${%s}, but several questions have that name: %s; rename one of them so the reference is unique", m[1], b.f.candidates(m[1]))
					case b.f.byName[m[1]] == nil:
						b.ps.errorf("survey", n.Row, b.survey.ref("label"), "the text refers to ${%s}, which is not a question in the form", m[1])
					}
				}
			}
		}
	}
}

// checkRefs reports references to questions the form does not have, and
// names without ${...} except the choice columns a choice_filter may use.
func (b *builder) checkRefs(e *expr.Expr, sheet string, row int, col string, choiceCols map[string]bool) {
	for _, name := range e.Refs() {
		if b.f.Ambiguous(name) {
			b.ps.errorf(sheet, row, col, "${%s} could mean any of the questions named %s: %s; reference names must be unique in the survey, so rename one of them", name, name, b.f.candidates(name))
			continue
		}
		if b.f.byName[name] == nil {
			b.ps.errorf(sheet, row, col, "${%s} is not a question in the form%s", name, b.nameHint(name))
		}
	}
	for _, name := range e.LastSaved() {
		switch {
		case b.f.Ambiguous(name):
			b.ps.errorf(sheet, row, col, "${last-saved#%s} could mean any of the questions named %s: %s", name, name, b.f.candidates(name))
		case b.f.byName[name] == nil:
			b.ps.errorf(sheet, row, col, "${last-saved#%s} names no question of the form%s", name, b.nameHint(name))
		}
	}
	for _, p := range e.Paths() {
		if msg := b.f.checkPath(p.Steps); msg.format != "" {
			b.ps.errorf(sheet, row, col, "the path at character %d %s", p.Pos, msg)
		}
	}
	for _, name := range e.BareNames() {
		if choiceCols[strings.ToLower(name)] {
			continue
		}
		switch {
		case choiceCols != nil:
			b.ps.errorf(sheet, row, col, "%q is neither a column of the choice list nor written as ${%s}", name, name)
		case len(b.f.named[name]) > 0:
			b.ps.errorf(sheet, row, col, "write ${%s} to refer to the question %s", name, name)
		default:
			b.ps.errorf(sheet, row, col, "%q means nothing here: refer to a question as ${name}, and quote text as '%s'", name, name)
		}
	}
}

func (b *builder) nameHint(name string) phrase {
	for n := range b.f.byName {
		if strings.EqualFold(n, name) {
			return say(" (did you mean ${%s}?)", n)
		}
	}
	return phrase{}
}

// checkCalculationCycles refuses calculations that depend on themselves,
// which could never settle.
func (b *builder) checkCalculationCycles() {
	const (
		unvisited = iota
		visiting
		done
	)
	state := map[*Node]int{}
	var visit func(n *Node, path []string) bool
	visit = func(n *Node, path []string) bool {
		switch state[n] {
		case visiting:
			b.ps.errorf("survey", n.Row, b.survey.ref("calculation"), "calculation of %s depends on itself: %s", n.Name, strings.Join(append(path, n.Name), " -> "))
			return false
		case done:
			return true
		}
		state[n] = visiting
		for _, name := range n.Calculation.Refs() {
			if dep := b.f.byName[name]; dep != nil && dep.Calculation != nil {
				if !visit(dep, append(path, n.Name)) {
					state[n] = done
					return false
				}
			}
		}
		state[n] = done
		return true
	}
	for _, n := range b.f.Nodes {
		if n.Calculation != nil && state[n] == unvisited {
			visit(n, nil)
		}
	}
}

// warnMissingTranslations reports, once per column and language, the rows
// where a text exists in some languages but not in this one.
func (b *builder) warnMissingTranslations() {
	if len(b.f.Languages) < 2 {
		return
	}
	type key struct{ col, lang string }
	missing := map[key][]int{}
	check := func(col string, row int, t Text) {
		if t.Empty() {
			return
		}
		for _, l := range b.f.Languages {
			if strings.TrimSpace(t[l]) == "" && strings.TrimSpace(t[""]) == "" {
				missing[key{col, l}] = append(missing[key{col, l}], row)
			}
		}
	}
	for _, n := range b.f.Nodes {
		if n.Extra["or_other_for"] != "" {
			continue
		}
		check("label", n.Row, n.Label)
		check("hint", n.Row, n.Hint)
		check("guidance_hint", n.Row, n.Guidance)
		check("constraint_message", n.Row, n.ConsMsg)
		check("required_message", n.Row, n.ReqMsg)
	}
	for _, l := range b.f.Lists {
		for _, c := range l.Choices {
			check("choices label", c.Row, c.Label)
		}
	}
	keys := make([]key, 0, len(missing))
	for k := range missing {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].col != keys[j].col {
			return keys[i].col < keys[j].col
		}
		return keys[i].lang < keys[j].lang
	})
	for _, k := range keys {
		// Choice lists are a map: their rows come in no set order.
		rows := missing[k]
		slices.Sort(rows)
		sheet, col := "survey", k.col
		if strings.HasPrefix(col, "choices ") {
			sheet, col = "choices", strings.TrimPrefix(col, "choices ")
		}
		b.ps.warnf(sheet, 0, col+"::"+k.lang, "%s has no %s text on %s; the default language is shown there", col, k.lang, rowList(rows))
	}
}

func rowList(rows []int) phrase {
	parts := make([]string, 0, 5)
	for i, r := range rows {
		if i == 5 {
			return say("rows %s, and %d more", strings.Join(parts, ", "), len(rows)-5)
		}
		parts = append(parts, strconv.Itoa(r))
	}
	if len(rows) == 1 {
		return say("row %s", parts[0])
	}
	return say("rows %s", strings.Join(parts, ", "))
}

// checkPath follows an absolute path (/data/group/q) through the form,
// and says where it leaves it; nothing when every named step exists.
func (f *Form) checkPath(steps []string) phrase {
	if len(steps) == 0 {
		return phrase{}
	}
	if steps[0] != f.Root.Name && steps[0] != "*" {
		return say("starts with /%s, but the form's root is /%s", steps[0], f.Root.Name)
	}
	at := []*Node{f.Root}
	for i, st := range steps[1:] {
		if st == "*" || st == "." || st == ".." {
			return phrase{}
		}
		var next []*Node
		for _, n := range at {
			for _, c := range n.Children {
				if c.Name == st {
					next = append(next, c)
				}
			}
		}
		if len(next) == 0 {
			return say("names %s, which is not in /%s", st, strings.Join(steps[:i+1], "/"))
		}
		at = next
	}
	return phrase{}
}

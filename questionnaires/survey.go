package questionnaires

import (
	"regexp"
	"sort"
	"strconv"
	"strings"

	"siap/questionnaires/expr"
)

// interpretedColumns become Node fields; every other column is kept in
// Node.Extra.
var interpretedColumns = map[string]bool{
	"type": true, "name": true, "label": true, "hint": true, "required": true,
	"required_message": true, "relevant": true, "constraint": true, "constraint_message": true,
	"calculation": true, "choice_filter": true, "default": true, "read_only": true,
	"appearance": true, "repeat_count": true, "parameters": true,
}

func (b *builder) readSurvey(t *table) {
	f := b.f
	const sh = "survey"
	b.warnUnknownColumns(t)
	stack := []*Node{f.Root}
	var disabled []int
	for i, r := range t.s.rows {
		// pyxform leaves out a row whose disabled column says yes.
		if pyxformYes(t.get(r, "disabled")) {
			disabled = append(disabled, r.num)
			continue
		}
		raw := t.get(r, "type")
		if raw == "" {
			if t.get(r, "name") != "" || !t.text(r, "label").Empty() {
				b.ps.warnf(sh, r.num, t.ref("type"), "the row has no type and is ignored")
			}
			continue
		}
		rt, ok := parseType(raw)
		if !ok {
			b.ps.errorf(sh, r.num, t.ref("type"), "%q is not a question type XLSForm knows (expected integer, decimal, text, select_one LIST, select_multiple LIST, date, note, calculate, begin group, ...)%s", raw, typeHint(raw))
			continue
		}
		parent := stack[len(stack)-1]
		if rt.end {
			if len(stack) == 1 {
				b.ps.errorf(sh, r.num, t.ref("type"), "%q has no matching begin row above it", raw)
				continue
			}
			if parent.Type != rt.typ {
				b.ps.errorf(sh, r.num, t.ref("type"), "%q closes %q begun at row %d; close the inner one first", raw, parent.RawType, parent.Row)
				continue
			}
			stack = stack[:len(stack)-1]
			continue
		}
		if rt.typ == TypeNote && t.get(r, "name") == "" {
			r = withCell(r, t, "name", generatedNoteName(t.s, i))
		}
		n := b.readNode(t, r, rt, raw, parent)
		if n == nil {
			if k := rt.typ.Kind(); k == Group || k == Repeat {
				// The begin row is refused, but its end row still
				// closes it: the one error is the begin row's.
				stack = append(stack, &Node{Row: r.num, Type: rt.typ, RawType: raw, Kind: k, Name: t.get(r, "name"), Parent: parent})
			}
			continue
		}
		b.addNode(n)
		if n.Kind == Group || n.Kind == Repeat {
			stack = append(stack, n)
		}
		if rt.orOther && n.List != nil {
			b.addNode(b.otherNode(n))
		}
	}
	if t.has("disabled") {
		left := say("none here")
		if len(disabled) > 0 {
			left = rowList(disabled)
		}
		b.ps.warnf(sh, t.s.headerRow, t.ref("disabled"), "column disabled is not XLSForm's (relevant is); as pyxform does, rows where it says yes are left out (%s)", left)
	}
	for _, open := range stack[1:] {
		b.ps.errorf(sh, open.Row, t.ref("type"), "%q %s is never closed; add an end row after its last question", open.RawType, open.Name)
	}
}

// generatedNoteName names a note the form leaves without a name, as
// pyxform does: generated_note_name_ and the row's number as pyxform
// counts it (the spreadsheet's row in a workbook; in its CSV layout, the
// row's place among the sheet's rows, the header being 1).
func generatedNoteName(s *sheet, i int) string {
	row := s.rows[i].num
	if s.csv {
		row = i + 2
	}
	return "generated_note_name_" + strconv.Itoa(row)
}

// withCell returns a copy of row r with the cell of column key set.
func withCell(r sheetRow, t *table, key, value string) sheetRow {
	for _, c := range t.cols {
		if c.key == key && c.lang == "" {
			cells := make([]string, max(len(r.cells), c.index+1))
			copy(cells, r.cells)
			cells[c.index] = value
			r.cells = cells
			return r
		}
	}
	return r
}

func (b *builder) addNode(n *Node) {
	n.Index = len(b.f.Nodes)
	b.f.Nodes = append(b.f.Nodes, n)
	n.Parent.Children = append(n.Parent.Children, n)
}

func (b *builder) warnUnknownColumns(t *table) {
	for _, c := range t.cols {
		k := c.key
		if surveyColumns[k] || strings.HasPrefix(k, "bind:") || strings.HasPrefix(k, "body:") ||
			strings.HasPrefix(k, "instance:") || strings.HasPrefix(k, "control:") || strings.HasPrefix(k, "media:") {
			continue
		}
		b.ps.warnf("survey", t.s.headerRow, t.s.columnRef(c.index), "column %q is not an XLSForm column; siap keeps it for the form's own use", t.s.header[c.index])
	}
}

func (b *builder) readNode(t *table, r sheetRow, rt rowType, raw string, parent *Node) *Node {
	const sh = "survey"
	n := &Node{
		Row: r.num, Type: rt.typ, RawType: raw, Kind: rt.typ.Kind(), Parent: parent,
		Name:       t.get(r, "name"),
		Label:      t.text(r, "label"),
		Hint:       t.text(r, "hint"),
		Guidance:   t.text(r, "guidance_hint"),
		ReqMsg:     t.text(r, "required_message"),
		ConsMsg:    t.text(r, "constraint_message"),
		Default:    t.get(r, "default"),
		Appearance: t.get(r, "appearance"),
		OrOther:    rt.orOther,
		Extra:      t.extra(r, func(k string) bool { return interpretedColumns[k] || mediaColumns[k] }),
	}
	for _, c := range t.cols {
		if mediaColumns[c.key] && r.cell(c.index) != "" {
			n.Media = append(n.Media, c.key)
		}
	}
	// Names.
	switch {
	case n.Name == "":
		b.ps.errorf(sh, r.num, t.ref("name"), "the %s row has no name; every row needs a name, unique within its group", raw)
		return nil
	case !expr.IsName(n.Name):
		b.ps.errorf(sh, r.num, t.ref("name"), "name %q is not allowed: start with a letter or _, then use letters, digits, _, - or . (no spaces)", n.Name)
		return nil
	}
	if !b.claimName(n, t.ref("name")) {
		return nil
	}
	// Labels.
	// pyxform takes a hint for a label, but not a guidance_hint alone.
	if (n.Kind == Question || n.Kind == Note) && n.Label.Empty() && n.Hint.Empty() {
		if len(n.Media) > 0 {
			b.ps.warnf(sh, r.num, t.ref("label"), "%s has only %s for a label, which a terminal cannot show; its name will be shown instead", n.Name, strings.Join(n.Media, " and "))
		} else {
			b.ps.errorf(sh, r.num, t.ref("label"), "%s has no label or hint in any language; the interviewer would have nothing to read", n.Name)
		}
	}
	switch {
	case rt.external != "":
		// Not a question: the file a secondary instance is read from
		// (another form's submissions, a list), which must come with the form.
		b.declareInstance(n, strings.TrimPrefix(rt.external, "."), t.ref("type"))
		return n
	case n.Kind == Unsupported:
		b.ps.warnf(sh, r.num, t.ref("type"), "%s has type %q, which a terminal cannot capture; interviews skip it", n.Name, raw)
		b.ps.list[len(b.ps.list)-1].Code = CodeUnsupportedType
	case unrecordedMetadata[n.Type]:
		b.ps.warnf(sh, r.num, t.ref("type"), "%s has type %q, metadata a laptop does not have; it stays empty", n.Name, raw)
	}
	if n.Hint.Empty() && rt.hint != "" {
		n.Hint = Text{"": rt.hint}
	}
	b.readExpressions(t, r, n)
	if n.Constraint == nil && rt.constraint != "" {
		n.Constraint, _ = expr.Parse(rt.constraint)
	}
	b.readTypeDetails(t, r, rt, n)
	return n
}

// dynamicDefault tells a default that is an expression (${name}, a
// function call such as today()) from a literal one, as pyxform does.
var dynamicDefault = regexp.MustCompile(`\$\{|[A-Za-z][\w:.-]*\(`)

func (b *builder) readExpressions(t *table, r sheetRow, n *Node) {
	const sh = "survey"
	parse := func(key string) *expr.Expr {
		src := t.get(r, key)
		switch src {
		case "":
			return nil
		case "TRUE", "FALSE":
			// A spreadsheet's own booleans, as Excel shows them.
			src = strings.ToLower(src) + "()"
		}
		if b.deferLoop(n, key, src) {
			return nil
		}
		return b.expression(sh, r.num, t.ref(key), src)
	}
	flag := func(key string) *expr.Expr {
		src := t.get(r, key)
		switch strings.ToLower(src) {
		case "", "no", "false", "false()", "0", "n":
			return nil
		}
		if isYes(src) {
			e, _ := expr.Parse("true()")
			return e
		}
		if b.deferLoop(n, key, src) {
			return nil
		}
		return b.expression(sh, r.num, t.ref(key), src)
	}
	n.Relevant = parse("relevant")
	n.Constraint = parse("constraint")
	n.Calculation = parse("calculation")
	n.ChoiceFilter = parse("choice_filter")
	n.RepeatCount = parse("repeat_count")
	n.Required = flag("required")
	n.ReadOnly = flag("read_only")
	if b.deferLoop(n, "default", n.Default) {
		// Filled in per choice by expandLoops.
	} else if dynamicDefault.MatchString(n.Default) {
		n.DefaultExpr = b.expression(sh, r.num, t.ref("default"), n.Default)
	}
	if n.Type == TypeCalculate && t.get(r, "calculation") == "" {
		b.ps.errorf(sh, r.num, t.ref("calculation"), "calculate %s has no calculation", n.Name)
	}
}

func (b *builder) readTypeDetails(t *table, r sheetRow, rt rowType, n *Node) {
	const sh = "survey"
	switch rt.typ {
	case TypeSelectOne, TypeSelectMultiple:
		switch rt.source {
		case fromChoices:
			n.List = b.f.Lists[rt.list]
			if n.List == nil {
				b.ps.errorf(sh, r.num, t.ref("type"), "choice list %q is not in the choices sheet%s", rt.list, b.listHint(rt.list))
			} else if rt.typ == TypeSelectMultiple {
				b.checkMultipleNames(n.List, r.num)
			}
		case fromExternal:
			n.List = b.externalList(rt.list)
			if n.List == nil {
				b.ps.errorf(sh, r.num, t.ref("type"), "choice list %q is neither in the external_choices sheet nor in an itemsets.csv beside the form", rt.list)
			}
		case fromFile:
			n.Parameters = selectParameters(t.get(r, "parameters"))
			n.List = b.fileList(rt.list, n.Parameters, sh, r.num, t.ref("type"))
		}
	case TypeLoop:
		n.List = b.f.Lists[rt.list]
		n.Loop = true
		if n.List == nil {
			b.ps.errorf(sh, r.num, t.ref("type"), "loop list %q is not in the choices sheet", rt.list)
		}
	case TypeRange:
		n.Parameters = map[string]string{"start": "1", "end": "10", "step": "1"}
		for _, kv := range strings.FieldsFunc(t.get(r, "parameters"), func(c rune) bool { return c == ' ' || c == ';' || c == ',' }) {
			k, v, ok := strings.Cut(kv, "=")
			k = strings.ToLower(strings.TrimSpace(k))
			if !ok || (k == "start" || k == "end" || k == "step") && !isNumber(v) {
				b.ps.errorf(sh, r.num, t.ref("parameters"), "parameter %q should be start=N, end=N or step=N", kv)
				continue
			}
			n.Parameters[k] = strings.TrimSpace(v)
		}
		if step, _ := strconv.ParseFloat(n.Parameters["step"], 64); step == 0 {
			b.ps.errorf(sh, r.num, t.ref("parameters"), "a range's step cannot be 0")
		}
	}
}

// checkMultipleNames refuses, as pyxform does, a choice name with a space
// in a list a select_multiple uses: its answer is the names chosen,
// separated by spaces. Each choice is reported once.
func (b *builder) checkMultipleNames(l *ChoiceList, row int) {
	if b.spacedNamesChecked == nil {
		b.spacedNamesChecked = map[*ChoiceList]bool{}
	}
	if b.spacedNamesChecked[l] {
		return
	}
	b.spacedNamesChecked[l] = true
	for _, c := range l.Choices {
		if strings.ContainsAny(c.Name, " \t") {
			b.ps.errorf("choices", c.Row, "name", "choice name %q of list %s has a space, which a select_multiple (survey row %d) cannot store: its answer is the names chosen, separated by spaces", c.Name, l.Name, row)
		}
	}
}

func isNumber(s string) bool {
	_, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	return err == nil
}

// listHint suggests a list whose name differs only in case or spacing.
func (b *builder) listHint(name string) phrase {
	var names []string
	for n := range b.f.Lists {
		if strings.EqualFold(n, name) {
			return say(" (did you mean %s?)", n)
		}
		names = append(names, n)
	}
	if len(names) == 0 {
		return say(" (the form has no choices sheet, or it is empty)")
	}
	sort.Strings(names)
	if len(names) > 8 {
		names = append(names[:8], "...")
	}
	return say(" (lists: %s)", strings.Join(names, ", "))
}

// otherNode is the text question that or_other adds after a select: asked
// when the respondent chose "other".
func (b *builder) otherNode(sel *Node) *Node {
	list := &ChoiceList{Name: sel.List.Name, Exclusive: sel.List.Exclusive}
	list.Choices = append(list.Choices, sel.List.Choices...)
	if list.Choice("other") == nil {
		list.Choices = append(list.Choices, &Choice{Row: sel.Row, Name: "other", Label: b.inEveryLanguage("Lainnya", "Other")})
	}
	sel.List = list
	rel := "selected(${" + sel.Name + "}, 'other')"
	e, _ := expr.Parse(rel)
	n := &Node{
		Row: sel.Row, Type: TypeText, RawType: "text", Kind: Question, Parent: sel.Parent,
		Name:     sel.Name + "_other",
		Label:    b.inEveryLanguage("Sebutkan lainnya", "Specify other"),
		Relevant: e,
		Extra:    map[string]string{"or_other_for": sel.Name},
	}
	if sel.Required != nil {
		n.Required = sel.Required
	}
	b.name(n)
	return n
}

// inEveryLanguage gives siap's own wording of a label in each of the
// form's languages: Indonesian where the language is Indonesian, English
// elsewhere.
func (b *builder) inEveryLanguage(id, en string) Text {
	t := Text{"": en}
	for _, l := range b.langs.names {
		if IsIndonesian(l) {
			t[l] = id
		} else {
			t[l] = en
		}
	}
	return t
}

// IsEnglish reports whether a form's language name means English.
func IsEnglish(lang string) bool {
	l := strings.ToLower(lang)
	return strings.Contains(l, "english") || strings.HasSuffix(l, "(en)") || l == "en" || l == "eng"
}

// IsIndonesian reports whether a form language is Bahasa Indonesia, so
// that siap's own words can follow it.
func IsIndonesian(lang string) bool {
	l := strings.ToLower(lang)
	return strings.Contains(l, "indonesia") || strings.HasSuffix(l, "(id)") || l == "id" || l == "ind"
}

package questionnaires

import (
	"errors"
	"io"
	"strings"
)

// readChoices reads a choices-shaped sheet (choices, external_choices,
// itemsets.csv, a choices file) into lists. uniqueNames refuses a name
// twice in one list, as pyxform does for the choices sheet alone (and
// not when the settings allow_choice_duplicates); pyxform leaves the
// lists of other sheets and files as they are.
func (b *builder) readChoices(t *table, into map[string]*ChoiceList, uniqueNames bool) {
	b.readChoiceTable(t, into, uniqueNames, sheetChoiceColumns)
}

// readChoiceTable reads choices whose names and labels are in the
// columns cols names.
func (b *builder) readChoiceTable(t *table, into map[string]*ChoiceList, uniqueNames bool, cols choiceColumns) {
	sh := t.s.name
	if !t.has("list_name") || !t.has(cols.value) {
		b.ps.errorf(sh, t.s.headerRow, "", "sheet %s needs list_name and %s columns (it has: %s)", sh, cols.value, strings.Join(t.s.header, ", "))
		return
	}
	if pyxformYes(b.f.Settings["allow_choice_duplicates"]) {
		uniqueNames = false
	}
	known := func(k string) bool { return k == "list_name" || k == cols.value || k == cols.label }
	for _, r := range t.s.rows {
		listName := t.get(r, "list_name")
		name := t.get(r, cols.value)
		if listName == "" {
			b.ps.warnf(sh, r.num, t.ref("list_name"), "the row has no list_name and is ignored")
			continue
		}
		if name == "" {
			b.ps.errorf(sh, r.num, t.ref(cols.value), "choice of list %s has no %s (the code stored as the answer)", listName, cols.value)
			continue
		}
		l := into[listName]
		if l == nil {
			l = &ChoiceList{Name: listName, Exclusive: map[string]bool{}}
			into[listName] = l
			names := map[string]bool{"name": true, "label": true}
			for _, c := range t.cols {
				names[c.key] = true
			}
			b.listColumns[l] = names
		}
		if prev := l.Choice(name); prev != nil && uniqueNames {
			b.ps.errorf(sh, r.num, t.ref("name"), "list %s has the name %q twice (rows %d and %d); choice names must be unique in each list, or answers cannot be told apart (if this is intentional, set allow_choice_duplicates to yes in the settings sheet)", listName, name, prev.Row, r.num)
			continue
		}
		c := &Choice{Row: r.num, Name: name, Label: t.text(r, cols.label), Extra: t.extra(r, known)}
		if c.Label.Empty() {
			b.ps.warnf(sh, r.num, t.ref(cols.label), "choice %s of list %s has no %s; its code will be shown", name, listName, cols.label)
		}
		if isYes(c.Extra["exclusive"]) {
			l.Exclusive[name] = true
		}
		b.checkChoiceNumbers(t, r.num, c)
		l.Choices = append(l.Choices, c)
	}
}

// externalList finds a select_one_external's list in the external_choices
// sheet, or else in an itemsets.csv beside the form.
func (b *builder) externalList(name string) *ChoiceList {
	if l := b.externals[name]; l != nil {
		return l
	}
	if b.externals == nil && b.dir != nil {
		b.externals = map[string]*ChoiceList{}
		if data, err := b.readFile("itemsets.csv"); err == nil {
			if s, err := readPlainCSV("itemsets.csv", data); err == nil {
				b.readChoices(newTable(s, b.ps, &b.langs), b.externals, false)
			} else {
				b.ps.errorf("itemsets.csv", 0, "", "%v", err)
			}
		}
	}
	return b.externals[name]
}

// readPlainCSV reads an ordinary CSV file whose first row is its header.
func readPlainCSV(name string, data []byte) (*sheet, error) {
	r := newCSVText(data).reader()
	s := &sheet{name: name}
	cells := 0
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if cells += len(rec); cells > maxCells {
			return nil, errors.New("more than 4 million cells")
		}
		line, _ := r.FieldPos(0)
		s.add(line, rec)
	}
	s.letters = make([]string, len(s.header))
	return s, nil
}

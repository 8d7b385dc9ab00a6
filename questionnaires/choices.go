package questionnaires

import (
	"errors"
	"io"
	"path"
	"strings"
)

// readChoices reads a choices-shaped sheet (choices, external_choices,
// itemsets.csv, a choices file) into lists. uniqueNames refuses a name
// twice in one list, as pyxform does for the choices sheet alone (and
// not when the settings allow_choice_duplicates); pyxform leaves the
// lists of other sheets and files as they are.
func (b *builder) readChoices(t *table, into map[string]*ChoiceList, uniqueNames bool) {
	sh := t.s.name
	if !t.has("list_name") || !t.has("name") {
		b.ps.errorf(sh, t.s.headerRow, "", "sheet %s needs list_name and name columns (it has: %s)", sh, strings.Join(t.s.header, ", "))
		return
	}
	if pyxformYes(b.f.Settings["allow_choice_duplicates"]) {
		uniqueNames = false
	}
	known := func(k string) bool { return k == "list_name" || k == "name" || k == "label" }
	for _, r := range t.s.rows {
		listName := t.get(r, "list_name")
		name := t.get(r, "name")
		if listName == "" {
			b.ps.warnf(sh, r.num, t.ref("list_name"), "the row has no list_name and is ignored")
			continue
		}
		if name == "" {
			b.ps.errorf(sh, r.num, t.ref("name"), "choice of list %s has no name (the code stored as the answer)", listName)
			continue
		}
		l := into[listName]
		if l == nil {
			l = &ChoiceList{Name: listName, Exclusive: map[string]bool{}}
			into[listName] = l
			cols := map[string]bool{"name": true, "label": true}
			for _, c := range t.cols {
				cols[c.key] = true
			}
			b.listColumns[l] = cols
		}
		if prev := l.Choice(name); prev != nil && uniqueNames {
			b.ps.errorf(sh, r.num, t.ref("name"), "list %s has the name %q twice (rows %d and %d); choice names must be unique in each list, or answers cannot be told apart (if this is intentional, set allow_choice_duplicates to yes in the settings sheet)", listName, name, prev.Row, r.num)
			continue
		}
		c := &Choice{Row: r.num, Name: name, Label: t.text(r, "label"), Extra: t.extra(r, known)}
		if c.Label.Empty() {
			b.ps.warnf(sh, r.num, t.ref("label"), "choice %s of list %s has no label; its code will be shown", name, listName)
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

// fileList reads the choices of a select_one_from_file: a CSV file beside
// the form with name and label columns.
func (b *builder) fileList(file, sheetName string, row int, col string) *ChoiceList {
	key := "file:" + file
	if l := b.f.Lists[key]; l != nil {
		return l
	}
	if ext := strings.ToLower(path.Ext(file)); ext != ".csv" {
		b.ps.errorf(sheetName, row, col, "choices from %s cannot be read: siap reads choice files in CSV (name,label columns), not %s", file, ext)
		return nil
	}
	if b.dir == nil {
		b.ps.errorf(sheetName, row, col, "choices file %s cannot be found: the form was not read from a folder", file)
		return nil
	}
	data, err := b.readFile(file)
	if err != nil {
		b.ps.errorf(sheetName, row, col, "choices file %s is missing: put it in the same folder as the form", file)
		return nil
	}
	s, err := readPlainCSV(file, data)
	if err != nil {
		b.ps.errorf(file, 0, "", "%v", err)
		return nil
	}
	// The file's rows have no list_name: every row belongs to this list.
	s.header = append([]string{"list_name"}, s.header...)
	s.letters = append([]string{""}, s.letters...)
	for i := range s.rows {
		s.rows[i].cells = append([]string{key}, s.rows[i].cells...)
	}
	lists := map[string]*ChoiceList{}
	b.readChoices(newTable(s, b.ps, &b.langs), lists, false)
	l := lists[key]
	if l == nil {
		b.ps.errorf(file, 0, "", "choices file %s has no choices", file)
		return nil
	}
	b.f.Lists[key] = l
	return l
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

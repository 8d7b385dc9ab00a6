package questionnaires

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"siap/questionnaires/expr"
)

// Load reads an XLSForm file: an .xlsx workbook or pyxform's single-file
// .csv layout. Files the form names (select_one_from_file, itemsets.csv)
// are read from the form's directory. A form with errors gives a
// *LoadError listing every problem found.
func Load(file string) (*Form, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("read form: %w", err)
	}
	return Parse(file, data, os.DirFS(filepath.Dir(file)))
}

// Parse reads a form from its bytes. name is the file it came from (its
// extension chooses the format, and problems name it); dir holds the
// files the form refers to, and may be nil.
func Parse(name string, data []byte, dir fs.FS) (*Form, error) {
	b := &builder{ps: &problems{file: filepath.Base(name)}, dir: dir, missingInstances: map[string]bool{}}
	f := b.build(name, data)
	if b.ps.hasErrors() {
		return nil, &LoadError{File: b.ps.file, Problems: b.ps.list}
	}
	f.Warnings = b.ps.list
	return f, nil
}

// Check reads a form and returns every problem in it, warnings included;
// form is nil when there are errors.
func Check(file string) (form *Form, found []Problem, err error) {
	f, err := Load(file)
	if le, ok := err.(*LoadError); ok {
		return nil, le.Problems, nil
	}
	if err != nil {
		return nil, nil, err
	}
	return f, f.Warnings, nil
}

type builder struct {
	ps    *problems
	dir   fs.FS
	langs languages
	f     *Form
	// choices keeps each list's table, for checking choice_filter columns.
	listColumns map[*ChoiceList]map[string]bool
	externals   map[string]*ChoiceList
	survey      *table
	settingsRow int
	// missingInstances are the files of csv-external and xml-external
	// rows already reported missing.
	missingInstances map[string]bool
	// spacedNamesChecked marks the lists checked for names with spaces.
	spacedNamesChecked map[*ChoiceList]bool
}

func (b *builder) build(name string, data []byte) *Form {
	f := &Form{
		Source:     data,
		SourceName: filepath.Base(name),
		Settings:   map[string]string{},
		Lists:      map[string]*ChoiceList{},
		byName:     map[string]*Node{},
		named:      map[string][]*Node{},
		Root:       &Node{Type: TypeGroup, Kind: Group, Name: "data"},
	}
	b.f = f
	b.listColumns = map[*ChoiceList]map[string]bool{}
	var wb workbook
	var err error
	switch strings.ToLower(filepath.Ext(name)) {
	case ".xlsx":
		wb, err = readXLSX(data)
	case ".csv":
		wb, err = readCSV(data)
	case ".xls":
		err = fmt.Errorf("old Excel .xls workbooks are not read; open it in a spreadsheet program and save it as .xlsx (or convert it: soffice --headless --convert-to xlsx %s)", filepath.Base(name))
	default:
		err = fmt.Errorf("a form must be an .xlsx workbook or a .csv file in pyxform's layout, not %q", filepath.Ext(name))
	}
	if err != nil {
		b.ps.errorf("", 0, "", "%v", err)
		return f
	}
	survey := wb["survey"]
	if survey == nil || len(survey.header) == 0 {
		b.ps.errorf("survey", 0, "", "the form has no survey sheet (or it is empty); an XLSForm needs one with type, name and label columns")
		return f
	}
	if s := wb["settings"]; s != nil {
		b.readSettings(newTable(s, b.ps, &languages{}))
	}
	// The instance's root element, which absolute paths start with:
	// pyxform's "name" setting, "data" by default.
	if root := strings.TrimSpace(f.Settings["name"]); expr.IsName(root) {
		f.Root.Name = root
	}
	if s := wb["choices"]; s != nil {
		b.readChoices(newTable(s, b.ps, &b.langs), f.Lists, true)
	}
	if s := wb["external_choices"]; s != nil {
		b.externals = map[string]*ChoiceList{}
		b.readChoices(newTable(s, b.ps, &b.langs), b.externals, false)
	}
	b.survey = newTable(survey, b.ps, &b.langs)
	b.readSurvey(b.survey)
	b.assignKeys()
	b.setLanguages()
	b.checkNodes()
	b.expandLoops()
	b.readConsent()
	b.checkCalculationCycles()
	if s := wb["indicators"]; s != nil {
		b.readIndicators(newTable(s, b.ps, &b.langs))
	}
	b.readFormSettings()
	b.warnMissingTranslations()
	return f
}

func (b *builder) readSettings(t *table) {
	if len(t.s.rows) == 0 {
		return
	}
	r := t.s.rows[0]
	b.settingsRow = r.num
	for _, c := range t.cols {
		if v := r.cell(c.index); v != "" {
			b.f.Settings[c.key] = v
		}
	}
}

// readFormSettings applies the settings that need the survey read first.
func (b *builder) readFormSettings() {
	f, st := b.f, b.f.Settings
	f.ID = st["form_id"]
	if f.ID == "" {
		f.ID = strings.TrimSuffix(f.SourceName, path.Ext(f.SourceName))
	}
	f.Title = st["form_title"]
	if f.Title == "" {
		f.Title = f.ID
	}
	f.Version = st["version"]
	b.readSupervisorKey()
	if src := st["instance_name"]; src != "" {
		f.InstanceName = b.expression("settings", b.settingsRow, "instance_name", src)
		if f.InstanceName != nil {
			b.checkRefs(f.InstanceName, "settings", b.settingsRow, "instance_name", nil)
		}
	}
	if by := st["summary_by"]; by != "" {
		n := f.byName[by]
		switch {
		case n == nil:
			b.ps.errorf("settings", b.settingsRow, "summary_by", "summary_by names %q, which is not a question in the survey sheet", by)
		case n.Type != TypeSelectOne:
			b.ps.errorf("settings", b.settingsRow, "summary_by", "summary_by names %q, whose type is %s; summaries compare across the choices of a select_one question", by, n.RawType)
		default:
			f.SummaryBy = by
		}
	}
}

// setLanguages settles the form's languages and its default one.
func (b *builder) setLanguages() {
	f := b.f
	f.Languages = b.langs.names
	want := f.Settings["default_language"]
	if want != "" {
		if l, ok := b.langs.find(want); ok {
			f.DefaultLanguage = l
			return
		}
		if len(f.Languages) > 0 {
			b.ps.warnf("settings", b.settingsRow, "default_language", "default_language %q is not a language of the label columns (%s); using %s",
				want, strings.Join(f.Languages, ", "), f.Languages[0])
		}
	}
	if len(f.Languages) > 0 {
		f.DefaultLanguage = f.Languages[0]
	}
}

// typographicQuotes are the quotes a spreadsheet's autocorrect types,
// which pyxform reads as straight ones in every cell.
var typographicQuotes = strings.NewReplacer("\u2018", "'", "\u2019", "'", "\u201c", `"`, "\u201d", `"`)

// straightQuotes reads a cell's typographic quotes as straight ones, as
// pyxform does, with a warning.
func (b *builder) straightQuotes(sheet string, row int, col, src string) string {
	if plain := typographicQuotes.Replace(src); plain != src {
		b.ps.warnf(sheet, row, col, "typographic quotes in %q are read as straight quotes (as pyxform does): %s", src, plain)
		return plain
	}
	return src
}

// expression parses one cell as an expression, reporting a fault with
// its position. Typographic quotes are read as straight ones, as pyxform
// does, with a warning.
func (b *builder) expression(sheet string, row int, col, src string) *expr.Expr {
	src = b.straightQuotes(sheet, row, col, src)
	e, err := expr.Parse(src)
	if err != nil {
		b.ps.errorf(sheet, row, col, "%q is not a valid expression: %v", src, err)
		return nil
	}
	b.readDataFiles(e.DataFiles(), sheet, row, col)
	b.readInstances(e.Instances(), sheet, row, col)
	if len(e.LastSaved()) > 0 {
		b.f.usesLastSaved = true
	}
	return e
}

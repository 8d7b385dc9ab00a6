package export

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/gocarina/gocsv"

	"siap/questionnaires"
)

// finish writes the files that need every interview seen first: quality
// flags, the codebook, the Stata, SPSS and R scripts, and the workbook.
func (w *writer) finish(dir string) error {
	if err := w.quality.finish(); err != nil {
		return err
	}
	q, err := w.create(dir, "quality.csv")
	if err != nil {
		return err
	}
	if err := w.writeFlags(q); err != nil {
		return err
	}
	cb, err := w.create(dir, "codebook.csv")
	if err != nil {
		return err
	}
	emit := cb.csv.Write
	if w.book != nil {
		var codebookSheet *sheet
		emit = func(row []string) error {
			if err := cb.csv.Write(row); err != nil {
				return err
			}
			if codebookSheet == nil {
				codebookSheet, err = w.book.add("codebook", row, nil)
				return err
			}
			return codebookSheet.write(row)
		}
	}
	if err := w.codebook(emit); err != nil {
		return err
	}
	// Stata, SPSS and R syntax for every table.
	for _, t := range w.plan.tables {
		base := strings.TrimSuffix(t.file, ".csv")
		for _, script := range []struct {
			ext   string
			write func(*outFile, *table)
		}{{".do", w.stata}, {".sps", w.spss}, {".R", w.rscript}} {
			o, err := w.create(dir, base+script.ext)
			if err != nil {
				return err
			}
			script.write(o, t)
		}
	}
	if w.book != nil {
		if err := w.book.save(filepath.Join(dir, xlsxName)); err != nil {
			return err
		}
		w.extraFiles = append(w.extraFiles, xlsxName)
	}
	return nil
}

// writeFlags writes quality.csv: the flags the checks kept, a batch at a
// time.
func (w *writer) writeFlags(o *outFile) error {
	out := gocsv.NewSafeCSVWriter(o.csv)
	// The header alone.
	if err := gocsv.MarshalCSV([]Flag{}, out); err != nil {
		return err
	}
	batch := make([]Flag, 0, 1024)
	write := func() error {
		err := gocsv.MarshalCSVWithoutHeaders(batch, out)
		batch = batch[:0]
		return err
	}
	err := w.quality.eachFlag(func(f Flag) error {
		if batch = append(batch, f); len(batch) == cap(batch) {
			return write()
		}
		return nil
	})
	if err != nil {
		return err
	}
	return write()
}

// variable describes one exported column for the codebook and syntax.
type variable struct {
	table   *table
	col     column
	label   map[string]string // by language
	typ     string
	values  []*questionnaires.Choice // value labels: the codes of a select_one, or 0/1
	numeric bool                     // holds numbers (codes included)
	whole   bool                     // ... whole ones
	// freeText: typed by a person (a text question, an interviewer's
	// name), so that --excel guards it against being run as a formula.
	freeText bool
	measure  measure
	// valueSet names the value labels, shared by the questions of one
	// choice list (siap's own sets have a space, which no list's name has).
	valueSet string
	// stata and spss are the column's names in those tools' scripts: the
	// CSV's name where they accept it. companion is, for text codes, the
	// coded variable the Stata script adds.
	stata, spss, companion string
}

var metaLabels = map[string][2]string{
	"id":           {"ID wawancara", "Interview id"},
	"status":       {"Status wawancara", "Interview status"},
	"interviewer":  {"Pewawancara", "Interviewer"},
	"start":        {"Mulai", "Start"},
	"end":          {"Selesai", "End"},
	"duration_min": {"Lama wawancara terbuka (menit, dari paradata)", "Time the interview was open (minutes, from the paradata)"},
	"form_version": {"Versi kuesioner", "Questionnaire version"},
	"simulated":    {"Simulasi (1 = ya)", "Simulated (1 = yes)"},
	"parent_id":    {"ID wawancara induk", "Parent interview id"},
	"instance":     {"Nomor ulangan", "Instance number"},
	"KEY":          {"Kunci baris (ODK)", "Row key (ODK)"},
	"PARENT_KEY":   {"Kunci baris induk (ODK)", "Parent row key (ODK)"},
	"choice":       {"Pilihan yang diulang", "The choice the loop row is for"},
}

// variables describes every exported column, table by table: labels,
// type, value labels, whether it holds numbers. They are worked out once;
// the codebook, the workbook and every table's scripts use them.
func (w *writer) variables() []variable {
	if w.vars == nil {
		w.vars = w.describeVariables()
	}
	return w.vars
}

func (w *writer) describeVariables() []variable {
	langs := w.form.Languages
	if len(langs) == 0 {
		langs = []string{""}
	}
	var out []variable
	for _, t := range w.plan.tables {
		stata, spss := newScriptNames(stataNameMax), newScriptNames(spssNameMax)
		first := len(out)
		for _, c := range t.cols {
			v := variable{table: t, col: c, label: map[string]string{}, stata: stata.column(c), spss: spss.column(c)}
			switch c.kind {
			case metaColumn, parentColumn, instanceColumn, keyColumn, parentKeyColumn, loopChoiceColumn:
				key := map[columnKind]string{metaColumn: c.meta, parentColumn: "parent_id", instanceColumn: "instance",
					keyColumn: "KEY", parentKeyColumn: "PARENT_KEY", loopChoiceColumn: "choice"}[c.kind]
				pair := metaLabels[key]
				for _, l := range langs {
					v.label[l] = pair[1]
					if questionnaires.IsIndonesian(l) {
						v.label[l] = pair[0]
					}
				}
				v.typ = "metadata"
				switch key {
				case "duration_min":
					v.numeric, v.measure = true, scale
				case "simulated":
					v.numeric, v.whole = true, true
					v.values, v.valueSet = w.twoValues("tidak", "no", "ya", "yes"), "siap yesno"
				case "interviewer":
					v.freeText = true
				}
			default:
				n := c.node
				for _, l := range langs {
					v.label[l] = n.Label.PlainIn(l, w.form.DefaultLanguage)
					if v.label[l] == "" {
						v.label[l] = n.Name
					}
				}
				v.typ = n.Type.String()
				switch c.kind {
				case dummyColumn:
					for _, l := range langs {
						v.label[l] += ": " + c.choice.Label.PlainIn(l, w.form.DefaultLanguage)
					}
					v.typ = "dummy (0/1)"
					v.numeric, v.whole = true, true
					v.values, v.valueSet = w.twoValues("tidak dipilih", "not chosen", "dipilih", "chosen"), "siap chosen"
				case hashColumn:
					v.typ = "keyed hash of " + n.Type.String()
				default:
					w.describeValue(&v, n)
				}
			}
			out = append(out, v)
		}
		// Stata labels numbers only: text codes get a coded companion,
		// named once every column has its name.
		for i := first; i < len(out); i++ {
			if v := &out[i]; len(v.values) > 0 && !v.numeric {
				v.companion = stata.take(v.stata + "_code")
			}
		}
	}
	return out
}

// describeValue works out the type of a question's or calculation's
// own column.
func (w *writer) describeValue(v *variable, n *questionnaires.Node) {
	format := formatOf(n)
	switch {
	case format.labels && n.List != nil && !w.opts.Labels:
		v.values, v.valueSet = n.List.Choices, n.List.Name
		v.numeric = integerCodes(n.List.Choices)
		v.whole = v.numeric
		if n.Likert() {
			v.measure = ordinal
		}
	case format.labels, format.dummies:
		// Labels, or several codes: text.
	case typedText(n) && n.Kind != questionnaires.Calculate:
		v.freeText = true
	default:
		v.numeric, v.whole = numberType(w.form, n)
		if v.numeric {
			v.measure = scale
		}
		if n.Kind == questionnaires.Calculate {
			v.typ = "calculate (text)"
			if v.numeric {
				v.typ = "calculate (decimal)"
				if v.whole {
					v.typ = "calculate (integer)"
				}
			}
			// A calculation may join what people typed.
			v.freeText = !v.numeric
		}
	}
}

// twoValues are the value labels of a 0/1 column, in the form's
// languages.
func (w *writer) twoValues(id0, en0, id1, en1 string) []*questionnaires.Choice {
	text := func(id, en string) questionnaires.Text {
		t := questionnaires.Text{"": en}
		for _, l := range w.form.Languages {
			t[l] = en
			if questionnaires.IsIndonesian(l) {
				t[l] = id
			}
		}
		return t
	}
	return []*questionnaires.Choice{{Name: "0", Label: text(id0, en0)}, {Name: "1", Label: text(id1, en1)}}
}

// codebook gives the codebook's rows, header first, to emit.
func (w *writer) codebook(emit func([]string) error) error {
	langs := w.form.Languages
	if len(langs) == 0 {
		langs = []string{""}
	}
	header := []string{"file", "variable", "stata_name", "spss_name", "question", "choice"}
	for _, l := range langs {
		if l == "" {
			header = append(header, "label")
		} else {
			header = append(header, "label::"+l)
		}
	}
	header = append(header, "type", "measure", "relevance", "constraint", "value_labels", "personal_data")
	if err := emit(header); err != nil {
		return err
	}
	for _, v := range w.variables() {
		row := []string{v.table.file, v.col.name, v.stata, v.spss, "", ""}
		var rel, cons, pii string
		if n := v.col.node; n != nil {
			row[4] = n.Name
			if n.Relevant != nil {
				rel = n.Relevant.String()
			}
			if n.Constraint != nil {
				cons = n.Constraint.String()
			}
			if n.IsPII() {
				pii = "yes"
			}
		}
		if v.col.choice != nil {
			row[5] = v.col.choice.Name
		}
		for _, l := range langs {
			row = append(row, v.label[l])
		}
		var vl []string
		for _, c := range v.values {
			vl = append(vl, fmt.Sprintf("%s=%s", c.Name, w.valueLabel(c, w.opts.Language)))
		}
		typ := v.typ
		if v.companion != "" {
			typ += "; Stata adds " + v.companion + ", coded 1 to " + strconv.Itoa(len(v.values)) + " in the order of value_labels"
		}
		row = append(row, typ, v.measure.String(), rel, cons, strings.Join(vl, "; "), pii)
		if err := emit(row); err != nil {
			return err
		}
	}
	return nil
}

// valueLabel is a code's label in lang; a choice shown by its picture
// alone has none, and is labelled by its code.
func (w *writer) valueLabel(c *questionnaires.Choice, lang string) string {
	if l := strings.TrimSpace(c.Label.PlainIn(lang, w.form.DefaultLanguage)); l != "" {
		return l
	}
	return c.Name
}

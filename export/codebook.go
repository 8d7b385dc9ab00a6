package export

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/gocarina/gocsv"

	"siap/questionnaires"
)

// finish writes the files that need every interview seen first: quality
// flags, the codebook, the Stata, SPSS and R scripts, and the workbook.
func (w *writer) finish(dir string) error {
	w.quality.finish()
	q, err := w.create(dir, "quality.csv")
	if err != nil {
		return err
	}
	if err := gocsv.MarshalCSV(w.quality.flags, gocsv.NewSafeCSVWriter(q.csv)); err != nil {
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

// variable describes one exported column for the codebook and syntax.
type variable struct {
	table   *table
	col     column
	label   map[string]string // by language
	typ     string
	values  []*questionnaires.Choice // value labels: the codes of a select_one, or 0/1
	numeric bool
}

var metaLabels = map[string][2]string{
	"id":           {"ID wawancara", "Interview id"},
	"status":       {"Status wawancara", "Interview status"},
	"interviewer":  {"Pewawancara", "Interviewer"},
	"start":        {"Mulai", "Start"},
	"end":          {"Selesai", "End"},
	"duration_min": {"Lama wawancara (menit)", "Duration (minutes)"},
	"form_version": {"Versi kuesioner", "Questionnaire version"},
	"simulated":    {"Simulasi (1 = ya)", "Simulated (1 = yes)"},
	"parent_id":    {"ID wawancara induk", "Parent interview id"},
	"instance":     {"Nomor ulangan", "Instance number"},
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
		for _, c := range t.cols {
			v := variable{table: t, col: c, label: map[string]string{}}
			switch c.kind {
			case metaColumn, parentColumn, instanceColumn:
				key := c.meta
				if c.kind != metaColumn {
					key = c.name
				}
				pair := metaLabels[key]
				for _, l := range langs {
					v.label[l] = pair[1]
					if questionnaires.IsIndonesian(l) {
						v.label[l] = pair[0]
					}
				}
				v.typ = "metadata"
				v.numeric = key == "duration_min" || key == "simulated"
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
					v.numeric = true
				case hashColumn:
					v.typ = "keyed hash of " + n.Type.String()
				default:
					format := formatOf(n)
					v.numeric = format.numeric
					if format.labels && !w.opts.Labels && n.List != nil {
						v.values = n.List.Choices
						v.numeric = numericCodes(n.List.Choices)
					}
				}
			}
			out = append(out, v)
		}
	}
	return out
}

func numericCodes(cs []*questionnaires.Choice) bool {
	for _, c := range cs {
		for _, r := range c.Name {
			if r < '0' || r > '9' {
				return false
			}
		}
	}
	return len(cs) > 0
}

// codebook gives the codebook's rows, header first, to emit.
func (w *writer) codebook(emit func([]string) error) error {
	langs := w.form.Languages
	if len(langs) == 0 {
		langs = []string{""}
	}
	header := []string{"file", "variable", "question"}
	for _, l := range langs {
		if l == "" {
			header = append(header, "label")
		} else {
			header = append(header, "label::"+l)
		}
	}
	header = append(header, "type", "relevance", "constraint", "value_labels", "personal_data")
	if err := emit(header); err != nil {
		return err
	}
	for _, v := range w.variables() {
		row := []string{v.table.file, v.col.name, ""}
		var rel, cons, pii string
		if n := v.col.node; n != nil {
			row[2] = n.Name
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
		for _, l := range langs {
			row = append(row, v.label[l])
		}
		var vl []string
		for _, c := range v.values {
			vl = append(vl, fmt.Sprintf("%s=%s", c.Name, c.Label.PlainIn(w.opts.Language, w.form.DefaultLanguage)))
		}
		if v.col.kind == dummyColumn {
			vl = []string{"0=not chosen", "1=chosen"}
		}
		row = append(row, v.typ, rel, cons, strings.Join(vl, "; "), pii)
		if err := emit(row); err != nil {
			return err
		}
	}
	return nil
}

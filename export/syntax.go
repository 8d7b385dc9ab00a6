package export

import (
	"fmt"
	"strconv"
	"strings"

	"siap/questionnaires"
)

// stataLabelMax is the length Stata allows a variable label.
const stataLabelMax = 80

func cut(s string, n int) string {
	r := []rune(strings.Join(strings.Fields(s), " "))
	if len(r) > n {
		r = r[:n]
	}
	return string(r)
}

// mainVariables are the variables of data.csv.
func (w *writer) mainVariables() []variable {
	var out []variable
	for _, v := range w.variables() {
		if v.table == w.plan.main {
			out = append(out, v)
		}
	}
	return out
}

// valueLabelName names the value labels of a choice list.
func valueLabelName(n *questionnaires.Node) string {
	return safeName(n.List.Name)[:min(len(safeName(n.List.Name)), 28)] + "_lbl"
}

// stata writes data.do: import data.csv, then its variable and value
// labels. Stata holds one table at a time, so repeat tables are named in
// a comment for the user to import the same way.
func (w *writer) stata(o *outFile) {
	b := o.buf
	lang := w.opts.Language
	fmt.Fprintf(b, "* Reads data.csv with its labels (%s). Written by siap.\n", langName(lang))
	b.WriteString("* Run it from the folder that holds data.csv: do data.do\n")
	vars := w.mainVariables()
	fmt.Fprintf(b, `import delimited using "data.csv", varnames(1) encoding("utf-8") bindquote(strict) case(preserve)%s clear`+"\n\n", stringCols(vars))
	defined := map[string]bool{}
	for _, v := range vars {
		fmt.Fprintf(b, "label variable %s `\"%s\"'\n", v.col.name, stataText(cut(v.label[lang], stataLabelMax)))
		if len(v.values) > 0 && v.numeric {
			name := valueLabelName(v.col.node)
			if !defined[name] {
				defined[name] = true
				fmt.Fprintf(b, "label define %s", name)
				for _, c := range v.values {
					fmt.Fprintf(b, " %s `\"%s\"'", c.Name, stataText(cut(c.Label.In(lang, w.form.DefaultLanguage), stataLabelMax)))
				}
				b.WriteString(", replace\n")
			}
			fmt.Fprintf(b, "label values %s %s\n", v.col.name, name)
		}
	}
	for _, t := range w.plan.tables[1:] {
		fmt.Fprintf(b, "\n* The repeat group %s is in %s, linked by parent_id and instance:\n* import delimited using \"%s\", varnames(1) encoding(\"utf-8\") bindquote(strict) case(preserve) clear\n", t.repeat.Name, t.file, t.file)
	}
}

// stringCols is import delimited's stringcols() option for the columns
// that are not numbers: left to guess, Stata reads a NIK or a phone
// number as a number, losing its last digits or its leading 0.
func stringCols(vars []variable) string {
	var cols []string
	for i, v := range vars {
		if !v.numeric {
			cols = append(cols, strconv.Itoa(i+1))
		}
	}
	if len(cols) == 0 {
		return ""
	}
	return " stringcols(" + strings.Join(cols, " ") + ")"
}

func stataText(s string) string { return strings.ReplaceAll(s, "`", "'") }

// spss writes data.sps: GET DATA for data.csv with variable and value
// labels.
func (w *writer) spss(o *outFile) {
	b := o.buf
	lang := w.opts.Language
	vars := w.mainVariables()
	fmt.Fprintf(b, "* Reads data.csv with its labels (%s). Written by siap.\n", langName(lang))
	b.WriteString("* Run it from the folder that holds data.csv (or change FILE below).\n")
	b.WriteString("GET DATA\n  /TYPE=TXT\n  /FILE='data.csv'\n  /ENCODING='UTF8'\n  /ARRANGEMENT=DELIMITED\n  /DELCASE=LINE\n  /FIRSTCASE=2\n  /DELIMITERS=\",\"\n  /QUALIFIER='\"'\n  /VARIABLES=\n")
	for _, v := range vars {
		fmt.Fprintf(b, "    %s %s\n", v.col.name, spssFormat(v))
	}
	b.WriteString(".\n\nVARIABLE LABELS\n")
	for i, v := range vars {
		sep := "  "
		if i > 0 {
			sep = "  /"
		}
		fmt.Fprintf(b, "%s%s '%s'\n", sep, v.col.name, spssText(cut(v.label[lang], 250)))
	}
	b.WriteString(".\n")
	first := true
	for _, v := range vars {
		if len(v.values) == 0 || !v.numeric {
			continue
		}
		if first {
			b.WriteString("\nVALUE LABELS\n")
		}
		sep := "  /"
		if first {
			sep = "  "
		}
		first = false
		fmt.Fprintf(b, "%s%s", sep, v.col.name)
		for _, c := range v.values {
			fmt.Fprintf(b, " %s '%s'", c.Name, spssText(cut(c.Label.In(lang, w.form.DefaultLanguage), 120)))
		}
		b.WriteString("\n")
	}
	if !first {
		b.WriteString(".\n")
	}
	b.WriteString("\nEXECUTE.\n")
	for _, t := range w.plan.tables[1:] {
		fmt.Fprintf(b, "* The repeat group %s is in %s, linked by parent_id and instance.\n", t.repeat.Name, t.file)
	}
}

func spssFormat(v variable) string {
	switch {
	case v.col.kind == dummyColumn:
		return "F1.0"
	case v.numeric && v.col.node != nil && v.col.node.Type == "decimal", v.col.meta == "duration_min":
		return "F12.3"
	case v.numeric:
		return "F12.0"
	case v.col.node != nil && v.col.node.Type == "text":
		return "A2000"
	}
	return "A255"
}

func spssText(s string) string { return strings.ReplaceAll(s, "'", "''") }

func langName(l string) string {
	if l == "" {
		return "labels without a language"
	}
	return l
}

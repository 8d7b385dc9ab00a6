package export

import (
	"bufio"
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

// tableVariables are the variables of one table, in column order.
func (w *writer) tableVariables(t *table) []variable {
	var out []variable
	for _, v := range w.variables() {
		if v.table == t {
			out = append(out, v)
		}
	}
	return out
}

// scriptHeader starts a script that reads one table: what it is, and for
// a repeat table how it links to data.csv.
func scriptHeader(b *bufio.Writer, comment, lang, run string, t *table) {
	fmt.Fprintf(b, "%s Reads %s with its labels (%s). Written by siap.\n", comment, t.file, langName(lang))
	if t.repeat != nil {
		fmt.Fprintf(b, "%s The repeat group %s: one row per instance, linked to data.csv by parent_id (and instance).\n", comment, t.repeat.Name)
	}
	fmt.Fprintf(b, "%s Run it from the folder that holds %s: %s\n", comment, t.file, run)
}

// valueLabelName names the value labels of a choice list.
func valueLabelName(n *questionnaires.Node) string {
	return safeName(n.List.Name)[:min(len(safeName(n.List.Name)), 28)] + "_lbl"
}

// stata writes a table's .do file: import the CSV, then its variable and
// value labels. Stata holds one table at a time, so each table has its
// own script.
func (w *writer) stata(o *outFile, t *table) {
	b := o.buf
	lang := w.opts.Language
	scriptHeader(b, "*", lang, "do "+o.name, t)
	vars := w.tableVariables(t)
	fmt.Fprintf(b, `import delimited using "%s", varnames(1) encoding("utf-8") bindquote(strict) case(preserve)%s clear`+"\n\n", t.file, stringCols(vars))
	defined := map[string]bool{}
	for _, v := range vars {
		fmt.Fprintf(b, "label variable %s `\"%s\"'\n", v.col.name, stataText(cut(v.label[lang], stataLabelMax)))
		if len(v.values) > 0 && v.numeric {
			name := valueLabelName(v.col.node)
			if !defined[name] {
				defined[name] = true
				fmt.Fprintf(b, "label define %s", name)
				for _, c := range v.values {
					fmt.Fprintf(b, " %s `\"%s\"'", c.Name, stataText(cut(c.Label.PlainIn(lang, w.form.DefaultLanguage), stataLabelMax)))
				}
				b.WriteString(", replace\n")
			}
			fmt.Fprintf(b, "label values %s %s\n", v.col.name, name)
		}
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

// spss writes a table's .sps file: GET DATA for the CSV with variable
// and value labels.
func (w *writer) spss(o *outFile, t *table) {
	b := o.buf
	lang := w.opts.Language
	vars := w.tableVariables(t)
	scriptHeader(b, "*", lang, "INSERT FILE='"+o.name+"' (or change FILE below).", t)
	fmt.Fprintf(b, "GET DATA\n  /TYPE=TXT\n  /FILE='%s'\n  /ENCODING='UTF8'\n  /ARRANGEMENT=DELIMITED\n  /DELCASE=LINE\n  /FIRSTCASE=2\n  /DELIMITERS=\",\"\n  /QUALIFIER='\"'\n  /VARIABLES=\n", t.file)
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
			fmt.Fprintf(b, " %s '%s'", c.Name, spssText(cut(c.Label.PlainIn(lang, w.form.DefaultLanguage), 120)))
		}
		b.WriteString("\n")
	}
	if !first {
		b.WriteString(".\n")
	}
	b.WriteString("\nEXECUTE.\n")
}

func spssFormat(v variable) string {
	switch {
	case v.col.kind == dummyColumn:
		return "F1.0"
	case v.col.meta == "duration_min":
		return "F12.3"
	case v.col.node != nil && v.numeric == formatOf(v.col.node).numeric:
		// Exported as its type is (not a hash, not labels for codes).
		return formatOf(v.col.node).spss
	case v.numeric:
		return "F12.0" // choice codes that are numbers, the simulated flag
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

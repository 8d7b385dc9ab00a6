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
		fmt.Fprintf(b, "%s The repeat group %s: one row per instance, linked to data.csv by parent_id (and instance),\n", comment, t.repeat.Name)
		fmt.Fprintf(b, "%s or, as in ODK's exports, PARENT_KEY to the parent row's KEY (data.csv, or the enclosing repeat's file).\n", comment)
	}
	fmt.Fprintf(b, "%s Run it from the folder that holds %s: %s\n", comment, t.file, run)
}

// scriptLabel is a variable's label in a script: where the tool needed
// a shorter name, the whole column name comes first.
func scriptLabel(v variable, lang, name string) string {
	if name != v.col.name {
		return v.col.name + ": " + v.label[lang]
	}
	return v.label[lang]
}

// stata writes a table's .do file: import the CSV, name its columns, then
// its variable and value labels. Stata holds one table at a time, so each
// table has its own script. Stata's names are at most 32 characters, so
// the columns are read by position and renamed; decimals are read as
// doubles, identifiers and text codes as strings.
func (w *writer) stata(o *outFile, t *table) {
	b := o.buf
	lang := w.opts.Language
	scriptHeader(b, "*", lang, "do "+o.name, t)
	vars := w.tableVariables(t)
	fmt.Fprintf(b, `import delimited using "%s", varnames(nonames) rowrange(2) encoding("utf-8") bindquote(strict) asdouble%s clear`+"\n", t.file, stringCols(vars))
	b.WriteString("rename (")
	for i := range vars {
		if i > 0 && i%10 == 0 {
			b.WriteString(" ///\n  ")
		}
		fmt.Fprintf(b, " v%d", i+1)
	}
	b.WriteString(") ///\n  (")
	for i, v := range vars {
		if i > 0 && i%10 == 0 {
			b.WriteString(" ///\n  ")
		}
		b.WriteString(" " + v.stata)
	}
	b.WriteString(")\n\n")
	// Value labels are named after their choice list, each set once, in
	// Stata's 32 characters (lists whose names Stata cuts alike, or a
	// list named city_code beside city's coded companion, stay apart).
	labelNames, defined := newScriptNames(stataNameMax), map[string]string{}
	define := func(v variable, codes func(i int, c *questionnaires.Choice) string) string {
		name, ok := defined[v.valueSet]
		if !ok {
			name = labelNames.take(v.valueSet + "_lbl")
			defined[v.valueSet] = name
			fmt.Fprintf(b, "label define %s", name)
			for i, c := range v.values {
				fmt.Fprintf(b, " %s `\"%s\"'", codes(i, c), stataText(cut(w.valueLabel(c, lang), stataLabelMax)))
			}
			b.WriteString(", replace\n")
		}
		return name
	}
	for _, v := range vars {
		fmt.Fprintf(b, "label variable %s `\"%s\"'\n", v.stata, stataText(cut(scriptLabel(v, lang, v.stata), stataLabelMax)))
		switch {
		case len(v.values) > 0 && v.numeric:
			name := define(v, func(_ int, c *questionnaires.Choice) string { return c.Name })
			fmt.Fprintf(b, "label values %s %s\n", v.stata, name)
		case v.companion != "":
			// Stata labels numbers only: the text codes get a numbered
			// companion, 1 to n in the choice list's order.
			set := v
			set.valueSet += " code" // a space: no choice list is named so
			name := define(set, func(i int, _ *questionnaires.Choice) string { return strconv.Itoa(i + 1) })
			fmt.Fprintf(b, "generate int %s = .\n", v.companion)
			for i, c := range v.values {
				fmt.Fprintf(b, "replace %s = %d if %s == `\"%s\"'\n", v.companion, i+1, v.stata, stataText(c.Name))
			}
			fmt.Fprintf(b, "label values %s %s\n", v.companion, name)
			fmt.Fprintf(b, "label variable %s `\"%s\"'\n", v.companion, stataText(cut(v.stata+" (coded): "+v.label[lang], stataLabelMax)))
			fmt.Fprintf(b, "order %s, after(%s)\n", v.companion, v.stata)
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

// stataText fits text inside Stata's compound quotes (`"..."'): Stata
// expands $name and `name' there, and "' would end the quotes, so $ and
// \ are escaped (\$, \\, as Stata's manual gives), a backtick becomes
// an apostrophe and "' is parted.
var stataText = strings.NewReplacer(`\`, `\\`, `$`, `\$`, "`", "'", `"'`, `" '`).Replace

// spss writes a table's .sps file: GET DATA for the CSV with variable
// and value labels (text codes too: SPSS labels strings) and each
// variable's level of measurement.
func (w *writer) spss(o *outFile, t *table) {
	b := o.buf
	lang := w.opts.Language
	vars := w.tableVariables(t)
	scriptHeader(b, "*", lang, "INSERT FILE='"+o.name+"' (or change FILE below).", t)
	fmt.Fprintf(b, "GET DATA\n  /TYPE=TXT\n  /FILE='%s'\n  /ENCODING='UTF8'\n  /ARRANGEMENT=DELIMITED\n  /DELCASE=LINE\n  /FIRSTCASE=2\n  /DELIMITERS=\",\"\n  /QUALIFIER='\"'\n  /VARIABLES=\n", t.file)
	for _, v := range vars {
		fmt.Fprintf(b, "    %s %s\n", v.spss, spssFormat(v))
	}
	b.WriteString(".\n\nVARIABLE LABELS\n")
	for i, v := range vars {
		sep := "  "
		if i > 0 {
			sep = "  /"
		}
		fmt.Fprintf(b, "%s%s '%s'\n", sep, v.spss, spssText(cut(scriptLabel(v, lang, v.spss), 250)))
	}
	b.WriteString(".\n")
	first := true
	for _, v := range vars {
		if len(v.values) == 0 {
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
		fmt.Fprintf(b, "%s%s", sep, v.spss)
		for _, c := range v.values {
			code := c.Name
			if !v.numeric {
				code = "'" + spssText(c.Name) + "'"
			}
			fmt.Fprintf(b, " %s '%s'", code, spssText(cut(w.valueLabel(c, lang), 120)))
		}
		b.WriteString("\n")
	}
	if !first {
		b.WriteString(".\n")
	}
	b.WriteString("\nVARIABLE LEVEL\n")
	for i, v := range vars {
		sep := "  "
		if i > 0 {
			sep = "  /"
		}
		fmt.Fprintf(b, "%s%s (%s)\n", sep, v.spss, strings.ToUpper(v.measure.String()))
	}
	b.WriteString(".\n\nEXECUTE.\n")
}

func spssFormat(v variable) string {
	switch {
	case v.col.kind == dummyColumn:
		return "F1.0"
	case v.numeric && v.whole:
		return "F12.0"
	case v.numeric:
		return "F12.3"
	case v.col.kind == valueColumn:
		// Text as its type is kept: typed text up to 2000 characters.
		return formatOf(v.col.node).spss
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

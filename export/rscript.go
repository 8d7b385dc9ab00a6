package export

import (
	"fmt"
	"strconv"
	"strings"
)

// rscript writes a table's .R file: read.csv with each column's type
// given, so that R does not guess (a NIK read as a number loses its last
// digits, a phone number its leading 0), then variable labels and value
// labels as the attributes the haven and labelled packages use. It needs
// base R only. The data frame is named after the table: data, members.
func (w *writer) rscript(o *outFile, t *table) {
	b := o.buf
	lang := w.opts.Language
	vars := w.tableVariables(t)
	scriptHeader(b, "#", lang, fmt.Sprintf("source(%s, encoding = \"UTF-8\")", rString(o.name)), t)
	b.WriteString("# Labels are in attr(x, \"label\") and attr(x, \"labels\"), as the haven package keeps them.\n")
	encoding := "UTF-8"
	if w.opts.Excel {
		encoding = "UTF-8-BOM"
	}
	frame := rFrame(t)
	fmt.Fprintf(b, "%s <- read.csv(%s, fileEncoding = %s, na.strings = \"\", check.names = FALSE,\n  colClasses = c(\n", frame, rString(t.file), rString(encoding))
	for i, v := range vars {
		class := "character"
		if v.numeric {
			class = "numeric"
		}
		sep := ","
		if i == len(vars)-1 {
			sep = ""
		}
		fmt.Fprintf(b, "    %s = %s%s\n", rString(v.col.name), rString(class), sep)
	}
	b.WriteString("  ))\n\n")
	for _, v := range vars {
		fmt.Fprintf(b, "attr(%s[[%s]], \"label\") <- %s\n", frame, rString(v.col.name), rString(v.label[lang]))
		if len(v.values) == 0 {
			continue
		}
		// R, unlike Stata, labels text codes as well as numbers.
		pairs := make([]string, len(v.values))
		for i, c := range v.values {
			code := c.Name
			if !v.numeric {
				code = rString(c.Name)
			}
			pairs[i] = rString(w.valueLabel(c, lang)) + " = " + code
		}
		fmt.Fprintf(b, "attr(%s[[%s]], \"labels\") <- c(%s)\n", frame, rString(v.col.name), strings.Join(pairs, ", "))
	}
}

// rString quotes s as an R string literal.
func rString(s string) string { return strconv.Quote(s) }

// rReserved are R's reserved words, which cannot name a data frame.
var rReserved = map[string]bool{
	"if": true, "else": true, "repeat": true, "while": true, "function": true, "for": true, "next": true,
	"break": true, "TRUE": true, "FALSE": true, "NULL": true, "Inf": true, "NaN": true, "NA": true, "in": true,
}

// rFrame names the data frame of a table after its file (data, members),
// whose name is already made of letters, digits and _.
func rFrame(t *table) string {
	frame := strings.TrimSuffix(t.file, ".csv")
	if rReserved[frame] {
		frame += "_"
	}
	return frame
}

package export

import (
	"fmt"
	"strconv"
	"strings"
)

// rscript writes data.R: read.csv with each column's type given, so that
// R does not guess (a NIK read as a number loses its last digits, a phone
// number its leading 0), then variable labels and value labels as the
// attributes the haven and labelled packages use. It needs base R only.
func (w *writer) rscript(o *outFile) {
	b := o.buf
	lang := w.opts.Language
	vars := w.mainVariables()
	fmt.Fprintf(b, "# Reads data.csv with its labels (%s). Written by siap.\n", langName(lang))
	b.WriteString("# Run it from the folder that holds data.csv: source(\"data.R\", encoding = \"UTF-8\")\n")
	b.WriteString("# Labels are in attr(x, \"label\") and attr(x, \"labels\"), as the haven package keeps them.\n")
	encoding := "UTF-8"
	if w.opts.Excel {
		encoding = "UTF-8-BOM"
	}
	fmt.Fprintf(b, "data <- read.csv(\"data.csv\", fileEncoding = %s, na.strings = \"\", check.names = FALSE,\n  colClasses = c(\n", rString(encoding))
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
		fmt.Fprintf(b, "attr(data[[%s]], \"label\") <- %s\n", rString(v.col.name), rString(v.label[lang]))
		if len(v.values) == 0 || !v.numeric {
			continue
		}
		pairs := make([]string, len(v.values))
		for i, c := range v.values {
			pairs[i] = rString(c.Label.In(lang, w.form.DefaultLanguage)) + " = " + c.Name
		}
		fmt.Fprintf(b, "attr(data[[%s]], \"labels\") <- c(%s)\n", rString(v.col.name), strings.Join(pairs, ", "))
	}
	for _, t := range w.plan.tables[1:] {
		fmt.Fprintf(b, "\n# The repeat group %s is in %s, linked by parent_id and instance:\n# %s <- read.csv(%s, fileEncoding = %s, na.strings = \"\")\n",
			t.repeat.Name, t.file, safeName(t.repeat.Name), rString(t.file), rString(encoding))
	}
}

// rString quotes s as an R string literal.
func rString(s string) string { return strconv.Quote(s) }

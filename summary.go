package main

import (
	"flag"
	"fmt"
	"slices"
	"strings"

	"siap/export/summary"
	"siap/questionnaires"
	"siap/store"
)

func setupSummary(fs *flag.FlagSet, c *cli) func([]string) int {
	by := fs.String("by", "", "the select_one question to compare across (default: the form's summary_by)")
	format := fs.String("format", "table", "table, csv, markdown or json")
	statuses := fs.String("status", "completed,approved", "statuses to count, comma-separated")
	simulated := fs.Bool("include-simulated", false, "count simulated interviews too (they are counted anyway while there are no others)")
	lang := fs.String("lang", "", "language of labels (default: the form's default language)")
	return func(args []string) int {
		if len(args) > 0 {
			c.errorf("summary", "unexpected argument %q", args[0])
			return exitUsage
		}
		if !slices.Contains([]string{"table", "csv", "markdown", "json"}, *format) {
			c.errorf("summary", "--format must be table, csv, markdown or json, not %q", *format)
			return exitUsage
		}
		sts, err := store.ParseStatuses(*statuses)
		if err != nil {
			c.errorf("summary", "--status: %v", err)
			return exitUsage
		}
		st, form, err := openData(c, true)
		if err != nil {
			c.errorf("summary", "%v", err)
			return 1
		}
		defer st.Close()
		language, ok := formLanguage(form, *lang)
		if !ok {
			c.errorf("summary", "--lang %q is not a language of the form (%s)", *lang, strings.Join(form.Languages, ", "))
			return exitUsage
		}
		opts := summary.Options{By: *by, Statuses: sts}
		if *simulated {
			opts.Simulated = summary.IncludeSimulated
		}
		s, err := summary.Compute(st, form, opts)
		if err != nil {
			c.errorf("summary", "%v", err)
			return 1
		}
		if s.Simulated && !*simulated {
			fmt.Fprintln(c.stderr, "siap summary: there are no real interviews yet, so simulated ones are counted")
		}
		switch *format {
		case "csv":
			err = s.WriteCSV(c.stdout)
		case "json":
			err = s.WriteJSON(c.stdout, language, form.DefaultLanguage)
		case "markdown":
			err = s.WriteMarkdown(c.stdout, language, form.DefaultLanguage)
		default:
			err = s.WriteTable(c.stdout, language, form.DefaultLanguage)
		}
		if err != nil {
			c.errorf("summary", "%v", err)
			return 1
		}
		return 0
	}
}

// formLanguage finds a form language by name or by its code in
// parentheses ("en" for "English (en)"); "" is the default language.
func formLanguage(form *questionnaires.Form, want string) (string, bool) {
	if want == "" {
		return form.DefaultLanguage, true
	}
	for _, l := range form.Languages {
		if strings.EqualFold(l, want) || strings.Contains(strings.ToLower(l), "("+strings.ToLower(want)+")") {
			return l, true
		}
	}
	return "", false
}

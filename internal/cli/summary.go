package cli

import (
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"siap/export"
	"siap/export/summary"
	"siap/questionnaires"
)

// summaryFormats are what siap summary writes.
var summaryFormats = []string{"table", "csv", "markdown", "json"}

// summaryFlags are siap summary's choices.
type summaryFlags struct {
	by, format, statuses, lang, quantiles string
	simulated                             bool
}

func (c *cli) summaryCmd() *cobra.Command {
	var f summaryFlags
	cmd := &cobra.Command{
		Use:   "summary",
		Short: "compare the form's indicators across cities, with intervals and tests",
		Long: "Compare the indicators of the form's indicators sheet across the summary_by question (the city):\n" +
			"proportions with Wilson intervals, means with t intervals, medians with quartiles, and a test across groups.",
		Args:              noArgs,
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE:              func(cmd *cobra.Command, _ []string) error { return c.summary(cmd, f) },
	}
	fl := cmd.Flags()
	fl.StringVar(&f.by, "by", "", "the select_one question to compare across (default: the form's summary_by)")
	fl.StringVar(&f.format, "format", "table", "table, csv, markdown or json")
	fl.StringVar(&f.statuses, "status", "completed,approved", "statuses to count, comma-separated")
	fl.BoolVar(&f.simulated, "include-simulated", false, "count simulated interviews too (they are counted anyway while there are no others)")
	fl.StringVar(&f.lang, "lang", "", "language of labels (default: the interface's, when the form has it)")
	fl.StringVar(&f.quantiles, "quantiles", summary.QuantilesR.String(), "medians and quartiles as r (type 7, R's default) or spss (type 6, SPSS's and Stata's centile)")
	completeStatuses(cmd)
	completeValues(cmd, "format", summaryFormats...)
	completeValues(cmd, "quantiles", summary.QuantilesR.String(), summary.QuantilesSPSS.String())
	c.serverFlags(cmd)
	return cmd
}

func (c *cli) summary(cmd *cobra.Command, f summaryFlags) error {
	streaming()
	if !slices.Contains(summaryFormats, f.format) {
		return usagef(textSummaryFormat, f.format)
	}
	quantiles, ok := summary.ParseQuantiles(f.quantiles)
	if !ok {
		return usagef(textSummaryQuantiles, f.quantiles)
	}
	sts, err := statusFlag(f.statuses)
	if err != nil {
		return err
	}
	st, form, err := openReader(c)
	if err != nil {
		return err
	}
	defer st.Close()
	// A table people read labels its rows in their language, as the
	// words around them are.
	want := f.lang
	if want == "" && slices.ContainsFunc(form.Languages, func(l string) bool { return hasCode(l, c.lang.code()) }) {
		want = c.lang.code()
	}
	language, err := formLanguage(form, want)
	if err != nil {
		return err
	}
	opts := summary.Options{By: f.by, Statuses: sts, Quantiles: quantiles}
	if f.simulated {
		opts.Simulated = export.IncludeSimulated
	}
	s, err := summary.Compute(st, form, opts)
	if err != nil {
		return err
	}
	if s.Simulated && !f.simulated {
		c.notef(cmd, textSimulatedUsed)
	}
	switch f.format {
	case "csv":
		return s.WriteCSV(c.stdout)
	case "json":
		return s.WriteJSON(c.stdout, language, form.DefaultLanguage)
	case "markdown":
		return s.WriteMarkdownIn(c.stdout, language, form.DefaultLanguage, c.tableWords())
	}
	return s.WriteTableIn(c.stdout, language, form.DefaultLanguage, c.tableWords())
}

// tableWords are the summary table's words in the command line's
// language, its figures in the language's convention.
func (c *cli) tableWords() summary.TableWords {
	return summary.TableWords{
		Indicator:       textSummaryIndicator[c.lang],
		Reference:       textSummaryReference[c.lang],
		Interviews:      textSummaryInterviews[c.lang],
		NoAnswer:        textSummaryNoAnswer[c.lang],
		Method:          textSummaryMethod[c.lang],
		QuantilesR:      textQuantilesR[c.lang],
		QuantilesSPSS:   textQuantilesSPSS[c.lang],
		Simulated:       textSummarySimulated[c.lang],
		PerValue:        textSummaryPerValue[c.lang],
		SmallExpected:   textSummarySmall[c.lang],
		ReferenceSource: textSummarySource[c.lang],
		Number:          c.lang.survey().Number,
	}
}

// hasCode says whether a form's language carries a code in parentheses
// ("English (en)" carries "en").
func hasCode(language, code string) bool {
	return strings.Contains(strings.ToLower(language), "("+strings.ToLower(code)+")")
}

// formLanguage finds the --lang language among the form's, by name or
// by its code in parentheses ("en" for "English (en)"); "" is the
// default language.
func formLanguage(form *questionnaires.Form, want string) (string, error) {
	if want == "" {
		return form.DefaultLanguage, nil
	}
	for _, l := range form.Languages {
		if strings.EqualFold(l, want) || hasCode(l, want) {
			return l, nil
		}
	}
	return "", usagef(textFormLanguage, want, strings.Join(form.Languages, ", "))
}

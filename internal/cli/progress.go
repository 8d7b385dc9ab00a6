package cli

import (
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"siap/export"
)

// progressRow is one line of siap progress: an interviewer, or "all".
type progressRow struct {
	export.Progress
	Total int `csv:"total" json:"total"`
}

func (c *cli) progressCmd() *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:               "progress",
		Short:             "fieldwork per interviewer: interviews by status, median length, quality flags",
		Args:              noArgs,
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE:              func(*cobra.Command, []string) error { return c.progress(format) },
	}
	cmd.Flags().StringVar(&format, "format", "table", "table, csv or json")
	completeValues(cmd, "format", rowFormats...)
	c.serverFlags(cmd)
	return cmd
}

func (c *cli) progress(format string) error {
	streaming()
	if err := checkRowFormat(format); err != nil {
		return err
	}
	st, form, err := openReader(c)
	if err != nil {
		return err
	}
	defer st.Close()
	progress, err := export.FieldworkProgress(st, form)
	if err != nil {
		return err
	}
	rows := make([]progressRow, len(progress))
	for i, p := range progress {
		if p.Interviewer == "" {
			p.Interviewer = "all"
		}
		p.MedianMinutes = export.TenthsOfMinutes(p.MedianMinutes)
		p.Last = p.Last.UTC().Truncate(time.Second)
		rows[i] = progressRow{Progress: p, Total: p.Total()}
	}
	return writeRows(c, format, rows, func(rows []progressRow) error { return printProgressTable(c, rows) })
}

func printProgressTable(c *cli, rows []progressRow) error {
	w := tabwriter.NewWriter(c.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, textProgressHeader.in(c.lang))
	for _, r := range rows {
		last := ""
		if !r.Last.IsZero() {
			last = r.Last.Local().Format("2006-01-02 15:04")
		}
		who := r.Interviewer
		if who == "all" {
			who = textProgressAll.in(c.lang)
		}
		// Figures in the language's convention: 1.500 and 2,5 in Bahasa Indonesia.
		fmt.Fprintln(w, c.lang.survey().Sprintf("%s\t%d\t%d\t%d\t%d\t%d\t%d\t%.1f\t%d\t%s", who, r.Draft, r.Completed, r.Approved, r.Rejected, r.Refused, r.Total, r.MedianMinutes, r.Flags, last))
	}
	return w.Flush()
}

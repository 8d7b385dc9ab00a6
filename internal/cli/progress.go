package cli

import (
	"flag"
	"fmt"
	"math"
	"text/tabwriter"
	"time"

	"siap/export"
)

// progressRow is one line of siap progress: an interviewer, or "all".
type progressRow struct {
	export.Progress
	Total int `csv:"total" json:"total"`
}

func setupProgress(fs *flag.FlagSet, c *cli) func([]string) int {
	format := fs.String("format", "table", "table, csv or json")
	return func(args []string) int {
		if len(args) > 0 {
			c.errorf("progress", "unexpected argument %q", args[0])
			return exitUsage
		}
		if err := checkRowFormat(*format); err != nil {
			c.errorf("progress", "%v", err)
			return exitUsage
		}
		st, form, err := openData(c, true)
		if err != nil {
			c.errorf("progress", "%v", err)
			return 1
		}
		defer st.Close()
		progress, err := export.FieldworkProgress(st, form)
		if err != nil {
			c.errorf("progress", "%v", err)
			return 1
		}
		rows := make([]progressRow, len(progress))
		for i, p := range progress {
			if p.Interviewer == "" {
				p.Interviewer = "all"
			}
			p.MedianMinutes = math.Round(p.MedianMinutes*10) / 10
			p.Last = p.Last.UTC().Truncate(time.Second)
			rows[i] = progressRow{Progress: p, Total: p.Total()}
		}
		err = writeRows(c, *format, rows, func(rows []progressRow) error { return printProgressTable(c, rows) })
		if err != nil {
			c.errorf("progress", "%v", err)
			return 1
		}
		return 0
	}
}

func printProgressTable(c *cli, rows []progressRow) error {
	w := tabwriter.NewWriter(c.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "INTERVIEWER\tDRAFT\tCOMPLETED\tAPPROVED\tREJECTED\tREFUSED\tTOTAL\tMEDIAN MIN\tFLAGS\tLAST CHANGE")
	for _, r := range rows {
		last := ""
		if !r.Last.IsZero() {
			last = r.Last.Local().Format("2006-01-02 15:04")
		}
		fmt.Fprintf(w, "%s\t%d\t%d\t%d\t%d\t%d\t%d\t%.1f\t%d\t%s\n", r.Interviewer, r.Draft, r.Completed, r.Approved, r.Rejected, r.Refused, r.Total, r.MedianMinutes, r.Flags, last)
	}
	return w.Flush()
}

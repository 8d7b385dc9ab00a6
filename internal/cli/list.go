package cli

import (
	"fmt"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"siap/export"
	"siap/questionnaires"
	"siap/store"
)

// listRow is one line of siap list.
type listRow struct {
	ID          string  `csv:"id" json:"id"`
	Status      string  `csv:"status" json:"status"`
	City        string  `csv:"city" json:"city"`
	Interviewer string  `csv:"interviewer" json:"interviewer"`
	Started     string  `csv:"started" json:"started"`
	DurationMin float64 `csv:"duration_min" json:"duration_min"`
	Answered    int     `csv:"answered" json:"answered"`
	Simulated   bool    `csv:"simulated" json:"simulated"`
}

func (c *cli) listCmd() *cobra.Command {
	var status, city, format string
	cmd := &cobra.Command{
		Use:               "list",
		Short:             "list the interviews in the data file",
		Args:              noArgs,
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE:              func(*cobra.Command, []string) error { return c.list(status, city, format) },
	}
	cmd.Flags().StringVar(&status, "status", "", "only these statuses, comma-separated ("+store.JoinStatuses(store.Statuses, ",")+")")
	cmd.Flags().StringVar(&city, "city", "", "only this city (its code, as in the form's choices)")
	cmd.Flags().StringVar(&format, "format", "table", "table, csv or json")
	completeStatuses(cmd)
	completeValues(cmd, "format", rowFormats...)
	return cmd
}

func (c *cli) list(status, city, format string) error {
	statuses, err := statusFlag(status)
	if err != nil {
		return err
	}
	if err := checkRowFormat(format); err != nil {
		return err
	}
	st, form, err := openData(c, true)
	if err != nil {
		return err
	}
	defer st.Close()
	var rows []listRow
	err = st.Each(func(iv store.Interview, vals map[string]string) error {
		var events []store.Event
		if err := st.Events(iv.ID, func(e store.Event) error { events = append(events, e); return nil }); err != nil {
			return err
		}
		row := newListRow(form, iv, vals, events)
		if len(statuses) > 0 && !slices.Contains(statuses, iv.Status) || city != "" && row.City != city {
			return nil
		}
		rows = append(rows, row)
		return nil
	})
	if err != nil {
		return err
	}
	slices.SortFunc(rows, func(a, b listRow) int { return strings.Compare(a.Started, b.Started) })
	return writeRows(c, format, rows, func(rows []listRow) error { return printListTable(c, rows) })
}

func newListRow(form *questionnaires.Form, iv store.Interview, vals map[string]string, events []store.Event) listRow {
	start, _ := export.Times(form, iv, vals)
	row := listRow{
		ID: iv.ID, Status: string(iv.Status), Interviewer: iv.Interviewer, Simulated: iv.Simulated,
		Started:     start.Local().Format(time.RFC3339),
		DurationMin: float64(int(export.Minutes(form, iv, vals, events)*10)) / 10,
	}
	if form.SummaryBy != "" {
		row.City = vals[form.SummaryBy]
	}
	for path := range vals {
		if n := form.NodeAt(path); n != nil && n.Kind == questionnaires.Question {
			row.Answered++
		}
	}
	return row
}

func printListTable(c *cli, rows []listRow) error {
	w := tabwriter.NewWriter(c.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "ID\tSTATUS\tCITY\tINTERVIEWER\tSTARTED\tMINUTES\tANSWERED")
	for _, r := range rows {
		started := r.Started
		if t, err := time.Parse(time.RFC3339, r.Started); err == nil {
			started = t.Format("2006-01-02 15:04")
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%.0f\t%d\n", r.ID, r.Status, r.City, r.Interviewer, started, r.DurationMin, r.Answered)
	}
	if err := w.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(c.stdout, "%d interviews\n", len(rows))
	return err
}

package cli

import (
	"bufio"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"siap/export"
	"siap/internal/spill"
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
	cmd.Flags().StringVar(&status, "status", "", helpStatusFlag.in(c.lang, store.JoinStatuses(store.Statuses, ",")))
	cmd.Flags().StringVar(&city, "city", "", "only this city (its code, as in the form's choices)")
	cmd.Flags().StringVar(&format, "format", "table", "table, csv or json")
	completeStatuses(cmd)
	completeValues(cmd, "format", rowFormats...)
	c.serverFlags(cmd)
	return cmd
}

func (c *cli) list(status, city, format string) error {
	streaming()
	statuses, err := statusFlag(status)
	if err != nil {
		return err
	}
	if err := checkRowFormat(format); err != nil {
		return err
	}
	st, form, err := openReader(c)
	if err != nil {
		return err
	}
	defer st.Close()
	rows := spill.New(func(a, b listRow) int { return strings.Compare(a.Started, b.Started) })
	defer rows.Close()
	table := listTable{lang: c.lang}
	err = export.EachWithEvents(st, func(iv store.Interview, vals map[string]string, events []store.Event) error {
		row := newListRow(form, iv, vals, events)
		if len(statuses) > 0 && !slices.Contains(statuses, iv.Status) || city != "" && row.City != city {
			return nil
		}
		table.measure(row)
		return rows.Add(row)
	})
	// Interviews that cannot be read are named after the others.
	var damaged *store.DamagedInterviewsError
	if err != nil && !errors.As(err, &damaged) {
		return err
	}
	if err := printList(c, format, rows, &table); err != nil {
		return err
	}
	if damaged != nil {
		return damaged
	}
	return nil
}

// printList prints the rows sorted, in the format asked for.
func printList(c *cli, format string, rows *spill.Sorter[listRow], table *listTable) error {
	if format == "table" {
		return table.print(c, rows)
	}
	w := newRowWriter[listRow](c, format)
	if err := rows.Each(w.Write); err != nil {
		return err
	}
	return w.Close()
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

// listTable prints siap list's table as text/tabwriter would, with the
// widths of its columns measured as the rows are made, so that the rows
// need not all be held to align them.
type listTable struct {
	lang   lang
	widths [listColumns - 1]int
	count  int
}

const listColumns = 7

var listHeader = [listColumns]text{
	{"ID", "ID"}, {"STATUS", "STATUS"}, {"KOTA", "CITY"}, {"PEWAWANCARA", "INTERVIEWER"},
	{"MULAI", "STARTED"}, {"MENIT", "MINUTES"}, {"TERJAWAB", "ANSWERED"},
}

// header is the table's header in the language.
func (t *listTable) header() [listColumns]string {
	var h [listColumns]string
	for i, w := range listHeader {
		h[i] = w[t.lang]
	}
	return h
}

// cells are a row's columns as the table shows them: the status in the
// language, the figures in its convention.
func (r listRow) cells(l lang) [listColumns]string {
	started := r.Started
	if t, err := time.Parse(time.RFC3339, r.Started); err == nil {
		started = t.Format("2006-01-02 15:04")
	}
	return [listColumns]string{r.ID, statusWord(l, store.Status(r.Status)), r.City, r.Interviewer, started,
		l.survey().Sprintf("%.0f", r.DurationMin), l.survey().Sprintf("%d", r.Answered)}
}

func (t *listTable) measure(r listRow) {
	t.count++
	t.fit(r.cells(t.lang))
}

func (t *listTable) fit(cells [listColumns]string) {
	for i := range t.widths {
		t.widths[i] = max(t.widths[i], utf8.RuneCountInString(cells[i]))
	}
}

// print writes the header, the rows and their number; each column but
// the last is as wide as its widest cell and two spaces.
func (t *listTable) print(c *cli, rows *spill.Sorter[listRow]) error {
	t.fit(t.header())
	w := bufio.NewWriter(c.stdout)
	line := func(cells [listColumns]string) {
		for i, cell := range cells {
			w.WriteString(cell)
			if i < len(t.widths) {
				w.WriteString(strings.Repeat(" ", t.widths[i]+2-utf8.RuneCountInString(cell)))
			}
		}
		w.WriteByte('\n')
	}
	line(t.header())
	err := rows.Each(func(r listRow) error { line(r.cells(t.lang)); return nil })
	if err != nil {
		return err
	}
	fmt.Fprintln(w, counted(t.lang, t.count, nounInterview))
	return w.Flush()
}

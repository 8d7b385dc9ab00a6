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
		Use:   "list",
		Short: "list the interviews in the data file",
		Long: "List the interviews in the order they reached the data file (taken here, or brought by a merge or a sync),\n" +
			"as the export writes them, one line each, printed as they are read: the first screen comes at once\n" +
			"whatever the file's size. The table's columns are as wide as the first 100 rows need; a longer\n" +
			"interviewer's name or city further down is cut with an ellipsis (csv and json keep every value whole).",
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

// listWriter prints siap list's rows as they come.
type listWriter interface {
	Write(listRow) error
	Close() error
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
	var out listWriter = newRowWriter[listRow](c, format)
	if format == "table" {
		out = newListTable(c)
	}
	err = export.EachListed(st, form, func(iv store.Interview, l export.Listed) error {
		if listRead != nil {
			listRead()
		}
		if len(statuses) > 0 && !slices.Contains(statuses, iv.Status) || city != "" && l.By != city {
			return nil
		}
		return out.Write(newListRow(iv, l))
	})
	// Interviews that cannot be read are named after the others.
	var damaged *store.DamagedInterviewsError
	if err != nil && !errors.As(err, &damaged) {
		return err
	}
	if err := out.Close(); err != nil {
		return err
	}
	if damaged != nil {
		return damaged
	}
	return nil
}

// listRead, when set, is told of every interview list is handed (tests
// see how far the reading got when the first line was printed).
var listRead func()

func newListRow(iv store.Interview, l export.Listed) listRow {
	return listRow{
		ID: iv.ID, Status: string(iv.Status), City: l.By, Interviewer: iv.Interviewer, Simulated: iv.Simulated,
		Started:     l.Start.Local().Format(time.RFC3339),
		DurationMin: export.TenthsOfMinutes(l.Minutes),
		Answered:    l.Answered,
	}
}

// listTable prints siap list's table as text/tabwriter would, without
// holding the rows: the columns are as wide as the header and the first
// listPage rows need, and the table is printed from then on as rows come.
// A longer name or city further down is cut with an ellipsis; an id or a
// figure is never cut, and pushes the rest of its line right.
type listTable struct {
	lang   lang
	out    *bufio.Writer
	widths [listColumns - 1]int
	// page holds the first rows until the widths are set.
	page  []listRow
	set   bool
	count int
}

const (
	listColumns = 7
	// listPage is how many rows set the table's widths: a screen's worth
	// and more.
	listPage = 100
	// listTextWidth is the widest an interviewer's name or a city is
	// shown.
	listTextWidth = 24
)

var listHeader = [listColumns]text{
	{"ID", "ID"}, {"STATUS", "STATUS"}, {"KOTA", "CITY"}, {"PEWAWANCARA", "INTERVIEWER"},
	{"MULAI", "STARTED"}, {"MENIT", "MINUTES"}, {"TERJAWAB", "ANSWERED"},
}

// listCut are the columns a long cell is cut in: the city and the
// interviewer.
var listCut = [listColumns - 1]bool{2: true, 3: true}

func newListTable(c *cli) *listTable {
	return &listTable{lang: c.lang, out: bufio.NewWriter(c.stdout)}
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

func (t *listTable) fit(cells [listColumns]string) {
	for i := range t.widths {
		t.widths[i] = max(t.widths[i], utf8.RuneCountInString(cells[i]))
	}
}

// Write prints a row, or holds it until the first page sets the widths.
func (t *listTable) Write(r listRow) error {
	t.count++
	if t.set {
		t.line(r.cells(t.lang))
		return nil
	}
	t.page = append(t.page, r)
	if len(t.page) < listPage {
		return nil
	}
	return t.settle()
}

// settle sets the widths from the header, every status's word and the
// rows held, prints them, and shows them at once.
func (t *listTable) settle() error {
	t.fit(t.header())
	for _, s := range store.Statuses {
		t.widths[1] = max(t.widths[1], utf8.RuneCountInString(statusWord(t.lang, s)))
	}
	for _, r := range t.page {
		t.fit(r.cells(t.lang))
	}
	for i, cut := range listCut {
		if cut {
			t.widths[i] = min(t.widths[i], max(listTextWidth, utf8.RuneCountInString(listHeader[i][t.lang])))
		}
	}
	t.set = true
	t.line(t.header())
	for _, r := range t.page {
		t.line(r.cells(t.lang))
	}
	t.page = nil
	return t.out.Flush()
}

// line writes one line: each column but the last padded to its width
// and two spaces.
func (t *listTable) line(cells [listColumns]string) {
	for i, cell := range cells {
		if i < len(t.widths) {
			n := utf8.RuneCountInString(cell)
			if listCut[i] && n > t.widths[i] {
				cell, n = cutText(cell, t.widths[i]), t.widths[i]
			}
			t.out.WriteString(cell)
			t.out.WriteString(strings.Repeat(" ", max(t.widths[i]+2-n, 2)))
			continue
		}
		t.out.WriteString(cell)
	}
	t.out.WriteByte('\n')
}

// cutText shortens s to width characters, the last an ellipsis.
func cutText(s string, width int) string {
	if width < 1 {
		return ""
	}
	r := []rune(s)
	return string(r[:width-1]) + "…"
}

// Close prints what is held and the number of rows.
func (t *listTable) Close() error {
	if !t.set {
		if err := t.settle(); err != nil {
			return err
		}
	}
	fmt.Fprintln(t.out, counted(t.lang, t.count, nounInterview))
	return t.out.Flush()
}

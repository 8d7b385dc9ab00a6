package survey

import (
	"fmt"
	"github.com/charmbracelet/x/ansi"
	"math"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"siap/export"
	"siap/export/summary"
	"siap/questionnaires"
	"siap/store"
)

// summaries shows the indicators across the groups (cities) as a table;
// enter opens one indicator as bars with their intervals.
type summaries struct {
	e         *env
	sum       *summary.Summary
	err       string
	by        string           // the grouping question
	simulated export.Simulated // whether simulated interviews count
	statuses  int              // index into statusFilters
	cursor    int
	detail    bool
	waiting   bool // for the summary
	// hscroll is the first column shown when the table is wider than
	// the screen; scrollable says it is.
	hscroll    int
	scrollable bool
}

func newSummaries(e *env) (screen, tea.Cmd) {
	s := &summaries{e: e, by: e.form.SummaryBy}
	return s, s.compute()
}

// statusFilters are the status choices the s key cycles through.
var statusFilters = [][]store.Status{
	store.Finished, {store.Approved}, {store.Completed}, {store.Draft, store.Completed, store.Approved, store.Rejected},
}

// computed brings a summary to the screen that asked for it.
type computed struct {
	to  *summaries
	sum *summary.Summary
	err error
}

func (s *summaries) loading() bool { return s.waiting }

// compute works the summary out off the update loop, with the grouping
// and filters chosen now.
func (s *summaries) compute() tea.Cmd {
	s.waiting = true
	st, form := s.e.data, s.e.form
	opts := summary.Options{By: s.by, Simulated: s.simulated, Statuses: statusFilters[s.statuses]}
	return tea.Batch(s.e.startSpinner(), func() tea.Msg {
		sum, err := summary.Compute(st, form, opts)
		return computed{s, sum, err}
	})
}

func (s *summaries) computed(msg computed) {
	s.waiting = false
	if msg.err != nil {
		s.err, s.sum = userError(s.e.lang, msg.err), nil
		return
	}
	s.err, s.sum = "", msg.sum
	s.cursor = min(s.cursor, max(0, len(msg.sum.Rows)-1))
}

// groupings are the questions a summary can compare across.
func (s *summaries) groupings() []string {
	var out []string
	for _, n := range s.e.form.Nodes {
		if n.Type == questionnaires.TypeSelectOne && n.List != nil && n.InRepeat() == nil && !n.IsPII() {
			out = append(out, n.Name)
		}
	}
	return out
}

func (s *summaries) typing() bool { return false }

func (s *summaries) update(msg tea.Msg) (screen, tea.Cmd) {
	if c, ok := msg.(computed); ok {
		if c.to == s {
			s.computed(c)
		}
		return s, nil
	}
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return s, nil
	}
	if s.waiting {
		// Only esc comes while the summary is worked out.
		return goHome(s.e, "")
	}
	keys := s.e.keys
	rows := 0
	if s.sum != nil {
		rows = len(s.sum.Rows)
	}
	switch {
	case key.Matches(k, keys.Home):
		if s.detail {
			s.detail = false
			return s, nil
		}
		return goHome(s.e, "")
	case key.Matches(k, keys.Up):
		s.cursor = max(0, s.cursor-1)
	case key.Matches(k, keys.Down):
		s.cursor = min(rows-1, s.cursor+1)
	case key.Matches(k, keys.Confirm) && rows > 0:
		s.detail = !s.detail
	case key.Matches(k, keys.Left) && !s.detail:
		s.hscroll = max(0, s.hscroll-1)
	case key.Matches(k, keys.Right) && !s.detail:
		// The view keeps it within the columns that need scrolling to.
		s.hscroll++
	case key.Matches(k, keys.GroupBy) && !s.detail:
		gs := s.groupings()
		for i, g := range gs {
			if g == s.by {
				s.by = gs[(i+1)%len(gs)]
				break
			}
		}
		return s, s.compute()
	case key.Matches(k, keys.Status) && !s.detail:
		s.statuses = (s.statuses + 1) % len(statusFilters)
		return s, s.compute()
	case key.Matches(k, keys.Simulated):
		switch s.simulated {
		case export.SimulatedWhenNoOthers:
			s.simulated = export.IncludeSimulated
			if s.sum != nil && s.sum.Simulated {
				s.simulated = export.ExcludeSimulated
			}
		case export.IncludeSimulated:
			s.simulated = export.ExcludeSimulated
		default:
			s.simulated = export.IncludeSimulated
		}
		return s, s.compute()
	}
	return s, nil
}

func (s *summaries) ShortHelp() []key.Binding {
	k := s.e.keys
	if s.detail {
		return []key.Binding{k.Up, k.Down, k.Home}
	}
	if s.scrollable {
		return []key.Binding{k.Up, k.Down, k.Left, k.Right, k.Open, k.GroupBy, k.Status, k.Simulated, k.Home}
	}
	return []key.Binding{k.Up, k.Down, k.Open, k.GroupBy, k.Status, k.Simulated, k.Home}
}

// FullHelp: in one indicator's bars, enter goes back to the table and i
// still counts simulated interviews in or out.
func (s *summaries) FullHelp() [][]key.Binding {
	k := s.e.keys
	if s.detail {
		return columns([]key.Binding{k.Up, k.Down, k.Confirm, k.Simulated, k.Home}, 5)
	}
	return columns(s.ShortHelp(), 5)
}

func (s *summaries) indicatorLabel(ind *questionnaires.Indicator) string {
	if l := ind.Label.In(s.e.formLang, s.e.form.DefaultLanguage); l != "" {
		return l
	}
	return ind.Name
}

// domainLabel names the domain of an indicator as the form labels it,
// else by its name; indicators without a domain come under "other".
func (s *summaries) domainLabel(ind *questionnaires.Indicator) string {
	if l := summary.DomainLabel(ind, s.e.formLang, s.e.form.DefaultLanguage); l != "" {
		return l
	}
	return s.e.lang.T("domain.")
}

// groupLabel names a group briefly: its label up to the first bracket
// ("Medan" for "Medan (Sumatera Utara)").
func (s *summaries) groupLabel(code string) string {
	if code == summary.All {
		return s.e.lang.T("all")
	}
	for _, g := range s.sum.Groups {
		if g.Code == code {
			return shortLabel(s.e.choiceLabel(g.Label, g.Code))
		}
	}
	return code
}

// byLabel names the grouping question by its label, up to its first
// bracket or question mark ("Kota tempat wawancara").
func (s *summaries) byLabel() string {
	n := s.e.form.Node(s.by)
	if n == nil {
		return s.by
	}
	l := []rune(strings.TrimSpace(strings.TrimRight(s.e.choiceLabel(n.Label, n.Name), "?")))
	if len(l) == 0 {
		return s.by
	}
	return strings.ToLower(string(l[:1])) + string(l[1:])
}

func (s *summaries) header(w int) string {
	l, sty := s.e.lang, s.e.sty
	line := sty.title.Render(l.T("summaries"))
	if s.sum != nil {
		var names []string
		for _, st := range statusFilters[s.statuses] {
			names = append(names, l.T("status."+string(st)))
		}
		line += "  " + sty.faint.Render(l.T("summaryInfo", s.sum.Interviews, s.byLabel())+" · "+strings.Join(names, "+"))
		if s.sum.SimulatedIn > 0 {
			line += " " + sty.warn.Render(l.T("withSimulated"))
		}
	}
	return wrap(line, w) + "\n"
}

func (s *summaries) view(w, h int) string {
	l, sty := s.e.lang, s.e.sty
	head := s.header(w)
	if s.waiting {
		return head + "\n" + s.e.loadingLine()
	}
	if s.err != "" {
		return head + "\n" + sty.err.Render(wrap(s.err, w))
	}
	if s.sum.Interviews == 0 {
		return head + "\n" + l.T("noneToSummarise")
	}
	if s.detail {
		return head + s.detailView(w)
	}
	// The table says, under its title, why simulated interviews are or
	// are not counted.
	if note := simulatedNote(l, s.simulated, s.sum.SimulatedIn, s.sum.SimulatedLeft); note != "" {
		head += sty.faint.Render(wrap(note, w)) + "\n"
	}
	// Columns: label, one per group and all, p, reference. Each column is
	// as wide as its widest cell or heading plus one space, so that
	// nothing is cut and cells never run together however large n
	// grows; columns that do not fit scroll sideways (← →) behind the
	// label column, and the indicator under the cursor is named in full
	// above the table.
	heads := []string{}
	for _, g := range s.sum.Groups {
		heads = append(heads, s.groupLabel(g.Code))
	}
	heads = append(heads, l.T("all"), "p", l.T("refColumn"))
	cells := make([][]string, len(s.sum.Rows))
	colW := make([]int, len(heads))
	for i, h := range heads {
		colW[i] = max(7, ansi.StringWidth(h)+1)
	}
	longest := 0
	for i, r := range s.sum.Rows {
		for _, c := range r.Cells {
			cells[i] = append(cells[i], l.Number(cellShort(r.Indicator.Kind, c)))
		}
		cells[i] = append(cells[i], l.Number(summary.PText(r.P)), l.Number(r.Indicator.Reference))
		for j, c := range cells[i] {
			colW[j] = max(colW[j], ansi.StringWidth(c)+1)
		}
		longest = max(longest, ansi.StringWidth(s.indicatorLabel(r.Indicator))+1)
	}
	labelW := min(longest, max(14, w*2/5))
	// The columns shown: from the first scrolled to, as many as fit; no
	// further right than needed to show the last.
	fits := func(from int) int {
		end := from
		for room := w - labelW; end < len(heads) && room >= colW[end]; end++ {
			room -= colW[end]
		}
		return end
	}
	for s.hscroll > 0 && fits(s.hscroll-1) == len(heads) {
		s.hscroll--
	}
	s.hscroll = min(s.hscroll, len(heads)-1)
	last := s.hscroll
	for room := w - labelW; last < len(heads) && room >= colW[last]; last++ {
		room -= colW[last]
	}
	last = max(last, s.hscroll+1)
	s.scrollable = s.hscroll > 0 || last < len(heads)
	line := func(label string, row []string) string {
		var b strings.Builder
		b.WriteString(fmt.Sprintf("%-*s", labelW, label))
		for j := s.hscroll; j < last && j < len(row); j++ {
			b.WriteString(fmt.Sprintf("%*s", colW[j], row[j]))
		}
		return truncate(b.String(), w)
	}
	header := line("", heads) + "\n"
	var lines []string
	cursorLine, domain := 0, ""
	for i, r := range s.sum.Rows {
		if r.Indicator.Domain != domain {
			domain = r.Indicator.Domain
			lines = append(lines, sty.section.Render(s.domainLabel(r.Indicator)))
		}
		text := line(truncate(s.indicatorLabel(r.Indicator), labelW-1), cells[i])
		if i == s.cursor {
			cursorLine = len(lines)
			text = sty.cursor.Render(text)
		}
		lines = append(lines, text)
	}
	var above strings.Builder
	if s.cursor < len(s.sum.Rows) {
		above.WriteString(sty.label.Render(truncate("▸ "+s.indicatorLabel(s.sum.Rows[s.cursor].Indicator), w)) + "\n")
	}
	if s.scrollable {
		above.WriteString(sty.faint.Render(truncate(l.T("columnsShown", s.hscroll+1, last, len(heads)), w)) + "\n")
	}
	room := max(1, h-lipgloss.Height(head)-lipgloss.Height(above.String())-1)
	first := 0
	if len(lines) > room {
		first = min(max(0, cursorLine-room/2), len(lines)-room)
	}
	return head + above.String() + header + strings.Join(lines[first:min(len(lines), first+room)], "\n")
}

// cellShort is a table cell: the value and n, as 52%·72.
func cellShort(kind questionnaires.IndicatorKind, c summary.Cell) string {
	if c.N == 0 {
		return "–"
	}
	return summary.ValueText(kind, c.Value) + "·" + fmt.Sprint(c.N)
}

func (s *summaries) detailView(w int) string {
	l, sty := s.e.lang, s.e.sty
	r := s.sum.Rows[s.cursor]
	ind := r.Indicator
	var b strings.Builder
	b.WriteString("\n" + sty.label.Render(wrap(s.indicatorLabel(ind), w)) + "\n")
	b.WriteString(sty.faint.Render(wrap(l.T("kind."+ind.Kind.String())+" · "+ind.Expression.String(), w)) + "\n")
	b.WriteString(sty.faint.Render(wrap(l.T("denominator", strings.Join(ind.Expression.Refs(), ", ")), w)) + "\n\n")
	// The scale: 0-100% for a proportion, 0 to the largest upper bound
	// otherwise.
	top := 100.0
	if !summary.Percent(ind.Kind) {
		top = 0
		for _, c := range r.Cells {
			for _, x := range []float64{c.Value, c.High} {
				if !math.IsNaN(x) {
					top = math.Max(top, x)
				}
			}
		}
		if top == 0 {
			top = 1
		}
	}
	nameW := 12
	barW := max(10, w-nameW-22)
	for _, c := range r.Cells {
		name := fmt.Sprintf("%-*s", nameW, truncate(s.groupLabel(c.Group), nameW-1))
		b.WriteString(name + bar(c, top, barW) + " " + l.Number(summary.CellText(ind.Kind, c)) + "\n")
	}
	b.WriteString(sty.faint.Render(l.T("barLegend."+ind.Kind.String())) + "\n")

	test := l.Sprintf("%s: %s = %s, %s %d, p %s", l.T("test."+r.Test), statName(r.Test), l.Number(num(r.Statistic)), l.T("degreesOfFreedom"), r.DF, l.Number(summary.PText(r.P)))
	b.WriteString(test + "\n")
	if r.Warning != "" && r.Test == "chi-square" {
		b.WriteString(sty.warn.Render(wrap(l.T("smallExpected", r.MinExpected), w)) + "\n")
	}
	if ind.Reference != "" {
		ref := l.Number(ind.Reference)
		if summary.Percent(ind.Kind) && !strings.HasSuffix(ref, "%") {
			ref += "%"
		}
		line := l.T("referenceAlone", ref)
		if src := ind.ReferenceSource.In(s.e.formLang, s.e.form.DefaultLanguage); src != "" {
			line = l.T("reference", ref, src)
		}
		b.WriteString(wrap(line, w) + "\n")
	}
	if dist := distributionLines(l, r, s.groupLabel, nameW); dist != "" {
		b.WriteString("\n" + l.T("distribution") + "\n" + dist)
	}
	return b.String()
}

func statName(test string) string {
	if test == "chi-square" {
		return "X²"
	}
	return "H"
}

func num(x float64) string {
	if math.IsNaN(x) {
		return "–"
	}
	return fmt.Sprintf("%.2f", x)
}

// bar draws a value as a bar with its interval: [ and ] mark the bounds.
func bar(c summary.Cell, top float64, w int) string {
	cells := []rune(strings.Repeat("·", w))
	pos := func(x float64) int { return min(w-1, max(0, int(math.Round(x/top*float64(w-1))))) }
	if c.N > 0 && !math.IsNaN(c.Value) {
		for i := 0; i <= pos(c.Value); i++ {
			cells[i] = '█'
		}
		if !math.IsNaN(c.Low) && !math.IsNaN(c.High) {
			cells[pos(c.Low)] = '['
			cells[pos(c.High)] = ']'
		}
	}
	return string(cells)
}

// distributionLines shows, per group, how many interviews had each whole
// value (the readiness index: 0 to 5 preconditions met).
func distributionLines(l Lang, r summary.Row, name func(string) string, nameW int) string {
	top := r.DistributionMax()
	if top < 0 || top > 10 {
		return ""
	}
	var b strings.Builder
	b.WriteString(strings.Repeat(" ", nameW))
	for v := 0; v <= top; v++ {
		b.WriteString(l.Sprintf("%5d", v))
	}
	b.WriteString("\n")
	for _, c := range r.Cells {
		fmt.Fprintf(&b, "%-*s", nameW, truncate(name(c.Group), nameW-1))
		for v := 0; v <= top; v++ {
			b.WriteString(l.Sprintf("%5d", c.Dist[v]))
		}
		b.WriteString("\n")
	}
	return b.String()
}

// simulatedNote says, where the rule decided (export.SimulatedWhenNoOthers),
// whether simulated interviews were counted and why: Summaries and
// Export say it alike. It is "" when there were none, or when the
// supervisor chose.
func simulatedNote(l Lang, rule export.Simulated, in, left int) string {
	switch {
	case rule != export.SimulatedWhenNoOthers:
		return ""
	case in > 0:
		return l.T("simulatedIn")
	case left > 0:
		return l.T("simulatedOut", left)
	}
	return ""
}

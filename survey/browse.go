package survey

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"siap/questionnaires"
	"siap/store"
)

// browse lists interviews, newest change first, filtered by status and
// city, and opens the one chosen.
type browse struct {
	e        *env
	all      []browseRow
	rows     []browseRow
	statuses []store.Status // the filter; nil: every status
	fixed    bool           // opened as "resume a draft": the status filter stays
	city     string         // "" : every city
	// search narrows the list to rows whose respondent label, id or
	// interviewer holds its text; it takes keys while searching.
	search    textinput.Model
	searching bool
	cursor    int
	err       string
	waiting   bool // for the list
	opening   bool // for the interview chosen
}

type browseRow struct {
	iv    store.Interview
	city  string
	label string
}

func newBrowse(e *env, statuses []store.Status) (screen, tea.Cmd) {
	b := &browse{e: e, statuses: statuses, fixed: statuses != nil, search: textinput.New(), waiting: true}
	b.search.Prompt = "/ "
	b.search.CharLimit = 200
	return b, tea.Batch(e.startSpinner(), func() tea.Msg {
		rows, err := browseRows(e)
		return browseLoaded{b, rows, err}
	})
}

// browseLoaded brings the list to the browse screen that asked.
type browseLoaded struct {
	to   *browse
	rows []browseRow
	err  error
}

func (b *browse) loading() bool { return b.waiting || b.opening }

// browseRows reads the list from the interviews' records and the
// answers the file indexes (listedAnswers): each interview's city, the
// label instance_name gives it (else its first answers) and, for one to
// resume, where it stops; newest change first. No answer is read.
func browseRows(e *env) ([]browseRow, error) {
	var rows []browseRow
	err := e.data.EachInterview(func(iv store.Interview) error {
		row := browseRow{iv: iv, city: iv.Index[e.form.SummaryBy]}
		if iv.FormKey == e.formKey {
			row.label = instanceName(e, iv.Index)
		}
		if row.label == "" {
			row.label = firstAnswers(e, iv.Index)
		}
		rows = append(rows, row)
		return nil
	})
	slices.SortFunc(rows, func(x, y browseRow) int { return y.iv.Updated.Compare(x.iv.Updated) })
	return rows, err
}

// firstListed is how many leading questions the file indexes for labels
// of interviews without an instance_name.
const firstListed = 4

// listedAnswers are the answers the data file keeps in every interview's
// record for lists: the summary_by question, the questions
// instance_name reads, and the first questions that are not personal
// data (firstAnswers labels by them).
func listedAnswers(form *questionnaires.Form) []string {
	var paths []string
	if form.SummaryBy != "" {
		paths = append(paths, form.SummaryBy)
	}
	if form.InstanceName != nil {
		for _, name := range form.InstanceName.Refs() {
			if n := form.Node(name); n != nil && n.InRepeat() == nil {
				paths = append(paths, name)
			}
		}
	}
	for _, n := range labelQuestions(form) {
		paths = append(paths, n.Name)
	}
	return paths
}

// labelQuestions are the first top-level questions that are not
// personal data nor the city, which label an interview the form gives
// no instance_name.
func labelQuestions(form *questionnaires.Form) []*questionnaires.Node {
	if form.InstanceName != nil {
		return nil
	}
	var out []*questionnaires.Node
	for _, n := range form.Nodes {
		if n.Kind == questionnaires.Question && n.InRepeat() == nil && !n.IsPII() && n.Name != form.SummaryBy {
			out = append(out, n)
			if len(out) == firstListed {
				break
			}
		}
	}
	return out
}

func (b *browse) filter() {
	b.rows = b.rows[:0]
	query := strings.ToLower(strings.TrimSpace(b.search.Value()))
	for _, r := range b.all {
		if b.statuses != nil && !slices.Contains(b.statuses, r.iv.Status) || b.city != "" && r.city != b.city {
			continue
		}
		if query != "" && !strings.Contains(strings.ToLower(r.label+" "+r.iv.ID+" "+r.iv.Interviewer), query) {
			continue
		}
		b.rows = append(b.rows, r)
	}
	b.cursor = min(b.cursor, max(0, len(b.rows)-1))
}

func (b *browse) typing() bool { return b.searching }

func (b *browse) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case browseLoaded:
		if msg.to == b {
			b.all, b.waiting = msg.rows, false
			if msg.err != nil {
				b.err = userError(b.e.lang, msg.err)
			}
			b.filter()
		}
		return b, nil
	case interviewOpened:
		if msg.to != b || !b.opening {
			return b, nil
		}
		b.opening = false
		if msg.err != nil {
			b.err = userError(b.e.lang, msg.err)
			return b, nil
		}
		return showInterview(b.e, msg.l), nil
	case tea.PasteMsg:
		if b.searching {
			b.search, _ = b.search.Update(msg)
			b.filter()
		}
		return b, nil
	}
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return b, nil
	}
	keys := b.e.keys
	switch {
	case b.opening:
		// Only esc comes while an interview is read: the list stays.
		b.opening = false
		return b, nil
	case b.waiting:
		// Only esc comes while the list loads.
		return goHome(b.e, "")
	}
	if b.searching {
		switch {
		case key.Matches(k, keys.Confirm):
			b.searching = false
			b.search.Blur()
		case key.Matches(k, keys.Home):
			b.searching = false
			b.search.Blur()
			b.search.SetValue("")
		default:
			b.search, _ = b.search.Update(k)
		}
		b.filter()
		return b, nil
	}
	switch {
	case key.Matches(k, keys.Search):
		b.searching = true
		b.search.Focus()
	case key.Matches(k, keys.Home) && b.search.Value() != "":
		b.search.SetValue("")
		b.filter()
	case key.Matches(k, keys.Up):
		b.cursor = max(0, b.cursor-1)
	case key.Matches(k, keys.Down):
		b.cursor = min(len(b.rows)-1, b.cursor+1)
	case key.Matches(k, keys.Home):
		return goHome(b.e, "")
	case key.Matches(k, keys.Status) && !b.fixed:
		b.statuses = nextStatusFilter(b.statuses)
		b.filter()
	case key.Matches(k, keys.City):
		b.city = b.nextCity()
		b.filter()
	case key.Matches(k, keys.Confirm) && len(b.rows) > 0:
		b.opening, b.err = true, ""
		return b, interviewOpening(b.e, b, b.rows[b.cursor].iv.ID)
	}
	return b, nil
}

// nextStatusFilter cycles: every status, then each one alone.
func nextStatusFilter(cur []store.Status) []store.Status {
	if cur == nil {
		return []store.Status{store.Statuses[0]}
	}
	i := slices.Index(store.Statuses, cur[0])
	if i+1 >= len(store.Statuses) {
		return nil
	}
	return []store.Status{store.Statuses[i+1]}
}

func (b *browse) nextCity() string {
	by := b.e.form.Node(b.e.form.SummaryBy)
	if by == nil || by.List == nil {
		return ""
	}
	codes := []string{""}
	for _, c := range by.List.Choices {
		codes = append(codes, c.Name)
	}
	i := slices.Index(codes, b.city)
	return codes[(i+1)%len(codes)]
}

func (b *browse) ShortHelp() []key.Binding {
	if b.searching {
		return []key.Binding{b.e.keys.Confirm, b.e.keys.Cancel}
	}
	return b.listKeys()
}

func (b *browse) FullHelp() [][]key.Binding { return columns(b.listKeys(), 5) }

// listKeys are the keys of the list; a list opened to resume a draft
// keeps its status filter.
func (b *browse) listKeys() []key.Binding {
	k := b.e.keys
	if b.fixed {
		return []key.Binding{k.Up, k.Down, k.Open, k.Search, k.City, k.Home}
	}
	return []key.Binding{k.Up, k.Down, k.Open, k.Search, k.Status, k.City, k.Home}
}

func (b *browse) view(w, h int) string {
	l, sty := b.e.lang, b.e.sty
	var head strings.Builder
	statusName := l.T("all")
	if b.statuses != nil {
		var names []string
		for _, s := range b.statuses {
			names = append(names, l.T("status."+string(s)))
		}
		statusName = strings.Join(names, ", ")
	}
	city := l.T("all")
	if b.city != "" {
		city = b.e.cityLabel(b.city)
	}
	head.WriteString(sty.title.Render(l.T("browse")) + l.Sprintf("  %s: %s · %s: %s · %d\n", l.T("filterStatus"), statusName, l.T("filterCity"), city, len(b.rows)))
	switch {
	case b.opening:
		head.WriteString(b.e.loadingLine() + "\n")
	case b.err != "":
		head.WriteString(sty.err.Render(wrap(b.err, w)) + "\n")
	}
	if b.searching || b.search.Value() != "" {
		b.search.SetWidth(max(10, w-4))
		head.WriteString(b.search.View() + "\n")
	}
	head.WriteString("\n")
	if b.waiting {
		return head.String() + b.e.loadingLine()
	}
	if len(b.rows) == 0 {
		return head.String() + l.T("none")
	}
	room := max(1, h-lipgloss.Height(head.String()))
	first := 0
	if b.cursor >= room {
		first = b.cursor - room + 1
	}
	var lines []string
	for i := first; i < len(b.rows) && i < first+room; i++ {
		r := b.rows[i]
		line := fmt.Sprintf("%-12s %-12s %-18s %s", l.T("status."+string(r.iv.Status)), truncate(b.e.cityLabel(r.city), 12), truncate(r.label, 18),
			r.iv.Updated.Local().Format("2006-01-02 15:04"))
		if r.iv.Status.Editable() && r.iv.Position != "" {
			// Where a draft resumes tells the interviewer how far it got.
			line += " · " + l.T("resumesAt", b.e.questionName(r.iv.Position))
		}
		line = truncate(line, w)
		if i == b.cursor {
			line = sty.cursor.Render(line)
		}
		lines = append(lines, line)
	}
	return head.String() + strings.Join(lines, "\n")
}

// firstAnswers labels an interview without an instance_name by its first
// two answers that are not personal data.
func firstAnswers(e *env, vals map[string]string) string {
	var parts []string
	for _, n := range labelQuestions(e.form) {
		if v := vals[n.Name]; v != "" {
			parts = append(parts, v)
			if len(parts) == 2 {
				break
			}
		}
	}
	return strings.Join(parts, " · ")
}

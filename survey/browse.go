package survey

import (
	"context"
	"errors"
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

// browse lists interviews, newest first (the order they reached the data
// file, backward), filtered by status, city and a search, and opens the
// one chosen. It holds a window of the list, never all of it: a page of
// records is read around the rows shown (store.ReadPage), the next one
// as the cursor nears the window's end, and rows far from the cursor are
// let go. A filter reads records until a page matches, off the update
// loop and cancelled by the next.
type browse struct {
	e *env
	// rows are the window of the list held; above and below say that
	// more interviews match before its first and after its last.
	rows         []browseRow
	above, below bool
	// total is how many interviews the filter takes, from the counts the
	// file keeps; -1 while a search narrows the list (it is not known
	// without reading every record).
	total    int
	statuses []store.Status // the filter; nil: every status
	fixed    bool           // opened as "resume a draft": the status filter stays
	city     string         // "" : every city
	// search narrows the list to rows whose respondent label, id or
	// interviewer holds its text; it takes keys while searching.
	search    textinput.Model
	searching bool
	cursor    int
	err       string
	waiting   bool // for the first page
	opening   bool // for the interview chosen
	// fetch is the read under way (nil: none): a new filter cancels it.
	fetch *browseFetch
	// query numbers the filters: a page read for an earlier one is
	// dropped.
	query int
}

type browseRow struct {
	iv    store.Interview
	place uint64 // in the order interviews reached the file
	city  string
	label string
}

// A page is what one read brings; the window holds at most browseHeld
// rows, and the next page is read when the cursor is browseAhead rows
// from the window's end.
const (
	browsePage  = 100
	browseHeld  = 4 * browsePage
	browseAhead = browsePage / 2
)

// browseFetch is a read of a page under way.
type browseFetch struct {
	cancel context.CancelFunc
	// older reads past the window's last row; otherwise before its
	// first. move is how far the cursor goes once the page is there.
	older bool
	move  int
}

func newBrowse(e *env, statuses []store.Status) (screen, tea.Cmd) {
	b := &browse{e: e, statuses: statuses, fixed: statuses != nil, search: textinput.New(), waiting: true}
	b.search.Prompt = "/ "
	b.search.CharLimit = 200
	return b, tea.Batch(e.startSpinner(), b.restart())
}

// browsePaged brings a page to the browse screen that asked.
type browsePaged struct {
	to    *browse
	query int
	rows  []browseRow
	more  bool
	// total is set on a filter's first page (-1: not counted).
	total int
	err   error
}

func (b *browse) loading() bool { return b.waiting || b.opening }

// working turns the spinner while a page is read.
func (b *browse) working() bool { return b.fetch != nil }

// restart reads the filter's first page, newest first, and how many
// interviews it takes.
func (b *browse) restart() tea.Cmd {
	b.stopFetch()
	b.query++
	b.rows, b.above, b.below, b.cursor = nil, false, false, 0
	keep, sift := b.keeper(), b.sifter()
	counted := b.search.Value() == ""
	statuses, city := b.statuses, b.city
	cmd := b.read(0, true, 0, func(e *env) int {
		if !counted {
			return -1
		}
		return countFiltered(e, statuses, city)
	}, keep, sift)
	if b.waiting {
		return cmd
	}
	return tea.Batch(b.e.startSpinner(), cmd)
}

// more reads the page past the window's end the cursor nears (older:
// after its last row), moving the cursor by move once it is there.
func (b *browse) more(older bool, move int) tea.Cmd {
	if b.fetch != nil || len(b.rows) == 0 || older && !b.below || !older && !b.above {
		return nil
	}
	from := b.rows[0].place
	if older {
		from = b.rows[len(b.rows)-1].place
	}
	cmd := b.read(from, older, move, nil, b.keeper(), b.sifter())
	return tea.Batch(b.e.startSpinner(), cmd)
}

// read starts reading a page from place (0: the newest) in arrival order,
// backward when older.
func (b *browse) read(from uint64, older bool, move int, count func(*env) int, keep func(browseRow) bool, sift func(store.Interview) bool) tea.Cmd {
	ctx, cancel := context.WithCancel(context.Background())
	b.fetch = &browseFetch{cancel: cancel, older: older, move: move}
	e, query := b.e, b.query
	return func() tea.Msg {
		defer cancel()
		msg := browsePaged{to: b, query: query, total: -1}
		if count != nil {
			msg.total = count(e)
		}
		if msg.total == 0 {
			return msg // nothing to read for
		}
		// Once the filter's count is found, the read stops: no other
		// record matches (the drafts to resume among a million).
		found, all := 0, false
		reading, stop := context.WithCancel(ctx)
		defer stop()
		p, err := store.ReadPage(reading, e.data, store.PageQuery{From: from, Backward: older, N: browsePage, Sift: sift,
			Keep: func(iv store.Interview) bool {
				if !keep(newBrowseRow(e, iv)) {
					return false
				}
				if found++; found == msg.total {
					all = true
					stop()
				}
				return true
			}})
		if all && ctx.Err() == nil {
			err = nil
		}
		msg.rows = make([]browseRow, len(p.Interviews))
		for i, iv := range p.Interviews {
			msg.rows[i] = newBrowseRow(e, iv)
			msg.rows[i].place = p.Places[i]
		}
		msg.more, msg.err = p.More, err
		if !older {
			slices.Reverse(msg.rows) // newest first, as shown
		}
		return msg
	}
}

func (b *browse) stopFetch() {
	if b.fetch != nil {
		b.fetch.cancel()
		b.fetch = nil
	}
}

// newBrowseRow is how the list shows an interview: its city, the label
// instance_name gives it (else its first answers) from the answers the
// file indexes (listedAnswers). No answer is read.
func newBrowseRow(e *env, iv store.Interview) browseRow {
	row := browseRow{iv: iv, city: iv.Index[e.form.SummaryBy]}
	if iv.FormKey == e.formKey {
		row.label = instanceName(e, iv.Index)
	}
	if row.label == "" {
		row.label = firstAnswers(e, iv.Index)
	}
	return row
}

// countFiltered is how many interviews the statuses (nil: all) and city
// ("": all) take, from the counts the data file keeps; -1 when they
// cannot be read (the list shows what it reads).
func countFiltered(e *env, statuses []store.Status, city string) int {
	c, err := e.data.Counts()
	if err != nil {
		return -1
	}
	byStatus := c.Status
	if city != "" {
		byStatus = c.Answers[e.form.SummaryBy][city]
	}
	n := 0
	for s, k := range byStatus {
		if statuses == nil || slices.Contains(statuses, s) {
			n += k
		}
	}
	return n
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

// keeper is the filter and search as they stand.
func (b *browse) keeper() func(browseRow) bool {
	statuses, city := slices.Clone(b.statuses), b.city
	query := strings.ToLower(strings.TrimSpace(b.search.Value()))
	return func(r browseRow) bool {
		if statuses != nil && !slices.Contains(statuses, r.iv.Status) || city != "" && r.city != city {
			return false
		}
		return query == "" || strings.Contains(strings.ToLower(r.label+" "+r.iv.ID+" "+r.iv.Interviewer), query)
	}
}

// sifter is the filter and search as they stand, on what an
// interview's facts row holds of its record (store.PageQuery.Sift), so
// that a search reads the records of the rows that may match alone. It
// takes every row keeper takes: a facts row holds no form key, which
// decides whether the label is instance_name's, so either label may
// match.
func (b *browse) sifter() func(store.Interview) bool {
	statuses, city, e := slices.Clone(b.statuses), b.city, b.e
	query := strings.ToLower(strings.TrimSpace(b.search.Value()))
	if statuses == nil && city == "" && query == "" {
		return nil
	}
	return func(iv store.Interview) bool {
		if statuses != nil && !slices.Contains(statuses, iv.Status) || city != "" && iv.Index[e.form.SummaryBy] != city {
			return false
		}
		if query == "" {
			return true
		}
		rest := " " + iv.ID + " " + iv.Interviewer
		return strings.Contains(strings.ToLower(firstAnswers(e, iv.Index)+rest), query) ||
			e.form.InstanceName != nil && strings.Contains(strings.ToLower(instanceName(e, iv.Index)+rest), query)
	}
}

// paged puts a page in the window, letting go of rows past browseHeld
// at its other end.
func (b *browse) paged(msg browsePaged) {
	f := b.fetch
	b.fetch, b.waiting = nil, false
	if msg.err != nil && !errors.Is(msg.err, context.Canceled) {
		b.err = userError(b.e.lang, msg.err)
	}
	if f == nil {
		return
	}
	if msg.total >= 0 || b.search.Value() != "" {
		b.total = msg.total
	}
	switch {
	case len(b.rows) == 0:
		b.rows, b.below = msg.rows, msg.more
	case f.older:
		b.rows, b.below = append(b.rows, msg.rows...), msg.more
		if drop := len(b.rows) - browseHeld; drop > 0 {
			b.rows, b.above, b.cursor = slices.Clone(b.rows[drop:]), true, b.cursor-drop
		}
	default:
		b.rows, b.above = append(msg.rows, b.rows...), msg.more
		b.cursor += len(msg.rows)
		if len(b.rows) > browseHeld {
			b.rows, b.below = slices.Clone(b.rows[:browseHeld]), true
		}
	}
	b.cursor = max(0, min(len(b.rows)-1, b.cursor+f.move))
}

// step moves the cursor, reading the next page when it nears the
// window's end.
func (b *browse) step(by int) tea.Cmd {
	next := b.cursor + by
	switch {
	case next < 0:
		return b.more(false, by)
	case next >= len(b.rows):
		return b.more(true, by)
	}
	b.cursor = next
	if b.below && b.cursor >= len(b.rows)-browseAhead {
		return b.more(true, 0)
	}
	if b.above && b.cursor < browseAhead {
		return b.more(false, 0)
	}
	return nil
}

func (b *browse) typing() bool { return b.searching }

func (b *browse) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case browsePaged:
		if msg.to == b && msg.query == b.query {
			b.paged(msg)
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
		b.stopFetch()
		scr := showInterview(b.e, msg.l)
		if q, ok := scr.(browsed); ok && !b.fixed {
			// Resume's lists (a fixed status) go home, with the hint
			// on resuming; Browse keeps its filters and search.
			q.fromBrowse(b)
		}
		return scr, nil
	case tea.PasteMsg:
		if b.searching {
			b.search, _ = b.search.Update(msg)
			return b, b.restart()
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
		b.stopFetch()
		return goHome(b.e, "")
	}
	if b.searching {
		before := b.search.Value()
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
		if b.search.Value() == before {
			return b, nil
		}
		return b, b.restart()
	}
	switch {
	case key.Matches(k, keys.Search):
		b.searching = true
		b.search.Focus()
	case key.Matches(k, keys.Home) && b.search.Value() != "":
		b.search.SetValue("")
		return b, b.restart()
	case key.Matches(k, keys.Up):
		return b, b.step(-1)
	case key.Matches(k, keys.Down):
		return b, b.step(1)
	case key.Matches(k, keys.Home):
		b.stopFetch()
		return goHome(b.e, "")
	case key.Matches(k, keys.Status) && !b.fixed:
		b.statuses = nextStatusFilter(b.statuses)
		return b, b.restart()
	case key.Matches(k, keys.City):
		b.city = b.nextCity()
		return b, b.restart()
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
	head.WriteString(sty.title.Render(l.T("browse")) + l.Sprintf("  %s: %s · %s: %s · ", l.T("filterStatus"), statusName, l.T("filterCity"), city) + b.counted() + "\n")
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
	if b.waiting || len(b.rows) == 0 && b.fetch != nil {
		return head.String() + b.e.loadingLine()
	}
	if len(b.rows) == 0 {
		if q := strings.TrimSpace(b.search.Value()); q != "" {
			return head.String() + l.T("noneMatch", q)
		}
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
	if b.fetch != nil && len(lines) < room {
		lines = append(lines, b.e.loadingLine())
	}
	return head.String() + strings.Join(lines, "\n")
}

// counted is how many interviews the list holds: the filter's count
// from the file's counts, or while a search narrows it, the rows found
// so far and a + when more may match.
func (b *browse) counted() string {
	l := b.e.lang
	if b.total >= 0 {
		return l.Sprintf("%d", b.total)
	}
	if b.above || b.below || b.fetch != nil {
		return l.Sprintf("%d+", len(b.rows))
	}
	return l.Sprintf("%d", len(b.rows))
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

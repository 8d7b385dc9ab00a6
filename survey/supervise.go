package survey

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"siap/export"
	"siap/store"
)

// supervise lists completed interviews with their quality flags, and
// the conflicts merges left; the supervisor approves, sends back with a
// comment, opens any interview read-only, and settles conflicts.
type supervise struct {
	e         *env
	perWho    []export.FlagCount // flags per interviewer and check, as progress counts them
	rows      []superviseRow
	conflicts []store.Conflict
	cursor    int
	comment   *textinput.Model // open while writing a reason to send back
	flash     string
	waiting   bool // for the list
	deciding  bool // for a decision to be written
	opening   bool // for the interview chosen to be read
	gen       int  // counts decisions, so that an older refresh is dropped
	// at is the interview the cursor goes to once the list is read, and
	// sendBack opens its comment.
	at       string
	sendBack bool
}

type superviseRow struct {
	iv     store.Interview
	city   string
	checks []string
}

// newSupervise shows the list, read off the update loop.
func newSupervise(e *env, flash string) (screen, tea.Cmd) {
	s := &supervise{e: e, flash: flash}
	return s, s.reload(nil)
}

// newSuperviseAt shows the list with the cursor on an interview, and
// its send-back comment open when asked.
func newSuperviseAt(e *env, id string, sendBack bool) (screen, tea.Cmd) {
	s := &supervise{e: e, at: id, sendBack: sendBack}
	return s, s.reload(nil)
}

// newSuperviseSendBack comes back from an interview to send it back.
func newSuperviseSendBack(e *env, id string) (screen, tea.Cmd) {
	return newSuperviseAt(e, id, true)
}

// superviseList is what the supervise screen shows of the data file.
type superviseList struct {
	to        *supervise
	perWho    []export.FlagCount
	rows      []superviseRow
	conflicts []store.Conflict
	err       error
	flash     string // what the change before the read did
}

func (s *supervise) loading() bool { return s.waiting || s.deciding || s.opening }

// reload runs change, if any (a decision, a conflict settled), then
// reads the list again, off the update loop.
func (s *supervise) reload(change func() (string, error)) tea.Cmd {
	s.waiting = true
	e := s.e
	return tea.Batch(e.startSpinner(), func() tea.Msg {
		var flash string
		if change != nil {
			var err error
			if flash, err = change(); err != nil {
				return superviseList{to: s, err: err}
			}
		}
		l := superviseRows(e)
		l.to, l.flash = s, flash
		return l
	})
}

// superviseRows reads the completed interviews with their quality flags,
// flagged first then the oldest, and the conflicts merges left.
func superviseRows(e *env) superviseList {
	var l superviseList
	// Flags of completed and approved interviews, as progress (p) counts
	// them; the list is the completed ones.
	flags, err := export.QualityFlagsEach(e.data, e.form, store.Finished, func(iv store.Interview, _ float64) {
		if iv.Status == store.Completed {
			iv.Facts = nil // read; the row keeps what it shows
			l.rows = append(l.rows, superviseRow{iv: iv, city: iv.Index[e.form.SummaryBy]})
		}
	})
	if err != nil {
		l.err = err
	}
	byID := map[string][]string{}
	l.perWho = export.InterviewerFlags(flags)
	for _, f := range flags {
		if f.Level == "interview" && !slices.Contains(byID[f.Interview], f.Check) {
			byID[f.Interview] = append(byID[f.Interview], f.Check)
		}
	}
	for i := range l.rows {
		l.rows[i].checks = byID[l.rows[i].iv.ID]
	}
	slices.SortStableFunc(l.rows, func(a, b superviseRow) int {
		if (len(a.checks) > 0) != (len(b.checks) > 0) {
			if len(a.checks) > 0 {
				return -1
			}
			return 1
		}
		return a.iv.Updated.Compare(b.iv.Updated)
	})
	if l.conflicts, err = e.data.Conflicts(); err != nil && l.err == nil {
		l.err = err
	}
	return l
}

// count is the number of lines to choose from: conflicts, then
// interviews.
func (s *supervise) count() int { return len(s.conflicts) + len(s.rows) }

func (s *supervise) typing() bool { return s.comment != nil }

func (s *supervise) update(msg tea.Msg) (screen, tea.Cmd) {
	keys, l := s.e.keys, s.e.lang
	switch msg := msg.(type) {
	case superviseList:
		if msg.to == s {
			s.waiting, s.flash = false, msg.flash
			if msg.err != nil {
				s.flash = userError(l, msg.err)
			} else {
				s.perWho, s.rows, s.conflicts = msg.perWho, msg.rows, msg.conflicts
			}
			s.cursor = min(s.cursor, max(0, s.count()-1))
			for i, r := range s.rows {
				if r.iv.ID == s.at {
					s.cursor = len(s.conflicts) + i
					if s.sendBack {
						s.comment = newCommentInput(l)
					}
				}
			}
			s.at, s.sendBack = "", false
		}
		return s, nil
	case decided:
		if msg.to == s {
			return s, s.decided(msg)
		}
		return s, nil
	case refreshed:
		s.refresh(msg)
		return s, nil
	case interviewOpened:
		if msg.to != s || !s.opening {
			return s, nil
		}
		s.opening = false
		if msg.err != nil {
			s.flash = userError(l, msg.err)
			return s, nil
		}
		scr := showInterview(s.e, msg.l)
		if q, ok := scr.(supervised); ok {
			q.fromSupervise()
		}
		return scr, nil
	case tea.PasteMsg:
		if s.comment != nil {
			s.flash = ""
			if typeInto(s.comment, msg) {
				s.flash = l.T("pasteCut", s.comment.CharLimit)
			}
		}
		return s, nil
	}
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return s, nil
	}
	switch {
	case s.opening:
		// Only esc comes while an interview is read: the list stays.
		s.opening = false
		return s, nil
	case s.waiting:
		// Only esc comes while the list loads.
		return goHome(s.e, "")
	}
	if s.comment != nil {
		switch {
		case key.Matches(k, keys.Home):
			s.comment = nil
		case key.Matches(k, keys.Confirm):
			reason := strings.TrimSpace(s.comment.Value())
			if reason == "" {
				s.flash = l.T("reasonRequired")
				return s, nil
			}
			s.comment = nil
			return s, s.decide(store.Rejected, reason)
		default:
			s.flash = ""
			if typeInto(s.comment, k) {
				s.flash = l.T("pasteCut", s.comment.CharLimit)
			}
		}
		return s, nil
	}
	onConflict := s.cursor < len(s.conflicts)
	switch {
	case key.Matches(k, keys.Up):
		s.cursor = max(0, s.cursor-1)
	case key.Matches(k, keys.Down):
		s.cursor = min(s.count()-1, s.cursor+1)
	case key.Matches(k, keys.Home):
		return goHome(s.e, "")
	case key.Matches(k, keys.Progress):
		return newProgressScreen(s.e)
	case onConflict && key.Matches(k, keys.KeepOurs, keys.TakeMerged):
		c, st, who, merged := s.conflicts[s.cursor], s.e.data, s.e.interviewer, key.Matches(k, keys.TakeMerged)
		return s, s.reload(func() (string, error) {
			return l.T("conflictResolved"), st.ResolveConflict(c.Local.Interview.ID, c.Remote.Interview.Hash, merged, who)
		})
	case onConflict || s.count() == 0:
	case key.Matches(k, keys.Approve):
		return s, s.decide(store.Approved, "")
	case key.Matches(k, keys.SendBack):
		s.comment = newCommentInput(l)
	case key.Matches(k, keys.Confirm):
		s.opening, s.flash = true, ""
		return s, interviewOpening(s.e, s, s.rows[s.cursor-len(s.conflicts)].iv.ID)
	}
	return s, nil
}

// newCommentInput is the field a supervisor writes why an interview goes
// back in.
func newCommentInput(l Lang) *textinput.Model {
	in := textinput.New()
	in.Placeholder = l.T("reasonPlaceholder")
	in.CharLimit = 2000
	in.Focus()
	return &in
}

// decide approves the interview under the cursor or sends it back.
//
// The decision alone is written (keys wait for it); the list drops the
// interview at once and reads its flags again behind, without waiting.
func (s *supervise) decide(status store.Status, comment string) tea.Cmd {
	row := s.rows[s.cursor-len(s.conflicts)]
	do := decision(s.e, row.iv.ID, status, comment)
	s.deciding = true
	return tea.Batch(s.e.startSpinner(), func() tea.Msg {
		flash, err := do()
		return decided{s, row.iv.ID, flash, err}
	})
}

// decided says a decision is recorded.
type decided struct {
	to    *supervise
	id    string
	flash string
	err   error
}

// refreshed is the list read again after a decision, for the screen
// that asked, unless another decision came since (gen).
type refreshed struct {
	list superviseList
	gen  int
}

func (s *supervise) decided(msg decided) tea.Cmd {
	s.deciding = false
	if msg.err != nil {
		s.flash = userError(s.e.lang, msg.err)
		return nil
	}
	s.flash = msg.flash
	s.rows = slices.DeleteFunc(s.rows, func(r superviseRow) bool { return r.iv.ID == msg.id })
	s.cursor = min(s.cursor, max(0, s.count()-1))
	s.gen++
	e, gen := s.e, s.gen
	return func() tea.Msg {
		l := superviseRows(e)
		l.to = s
		return refreshed{l, gen}
	}
}

// refresh takes the list read again, keeping the cursor on the
// interview it was on.
func (s *supervise) refresh(msg refreshed) {
	if msg.list.to != s || msg.gen != s.gen || msg.list.err != nil {
		return
	}
	var at string
	if i := s.cursor - len(s.conflicts); i >= 0 && i < len(s.rows) {
		at = s.rows[i].iv.ID
	}
	s.perWho, s.rows, s.conflicts = msg.list.perWho, msg.list.rows, msg.list.conflicts
	s.cursor = min(s.cursor, max(0, s.count()-1))
	for i, r := range s.rows {
		if r.iv.ID == at {
			s.cursor = len(s.conflicts) + i
		}
	}
}

// decision records a supervisor's decision on an interview, and says so.
func decision(e *env, id string, status store.Status, comment string) func() (string, error) {
	st, who, l := e.data, e.interviewer, e.lang
	return func() (string, error) {
		if err := st.SetStatus(id, status, who, comment); err != nil {
			return "", err
		}
		return l.T("decided."+string(status), shortID(id)), nil
	}
}

// checkNumber is a quality check's number in export.Checks, as a row
// too narrow for its names shows it.
func checkNumber(check string) string {
	return fmt.Sprint(slices.Index(export.Checks, check) + 1)
}

func shortID(id string) string {
	return strings.TrimPrefix(id, "uuid:")[:min(8, len(strings.TrimPrefix(id, "uuid:")))]
}

// ShortHelp offers what applies to the line under the cursor: settling
// a conflict, or deciding on an interview.
func (s *supervise) ShortHelp() []key.Binding {
	k := s.e.keys
	switch {
	case s.comment != nil:
		return []key.Binding{k.Confirm, k.Cancel}
	case s.cursor < len(s.conflicts):
		return []key.Binding{k.Up, k.Down, k.KeepOurs, k.TakeMerged, k.Progress, k.Home}
	}
	return []key.Binding{k.Up, k.Down, k.Approve, k.SendBack, k.Progress, k.Open, k.Home}
}

func (s *supervise) FullHelp() [][]key.Binding {
	k := s.e.keys
	return [][]key.Binding{{k.Up, k.Down, k.Open, k.Progress, k.Home}, {k.Approve, k.SendBack, k.KeepOurs, k.TakeMerged}}
}

func (s *supervise) view(w, h int) string {
	l, sty := s.e.lang, s.e.sty
	var head strings.Builder
	head.WriteString(sty.title.Render(l.T("supervise")))
	if !s.waiting {
		// How many wait is known once the list has come, not before.
		head.WriteString("  " + sty.faint.Render(l.T("toReview", len(s.rows))))
	}
	head.WriteString("\n")
	if len(s.perWho) > 0 {
		who := make([]string, len(s.perWho))
		for i, f := range s.perWho {
			who[i] = l.Sprintf("%s %s: %d", f.Interviewer, l.T("check."+f.Check), f.Count)
		}
		// Wrapped, never cut: every interviewer's flags are seen.
		head.WriteString(sty.faint.Render(wrap(l.T("byInterviewer")+": "+strings.Join(who, " · "), w)) + "\n")
	}
	switch {
	case s.opening:
		head.WriteString(s.e.loadingLine() + "\n")
	case s.deciding:
		head.WriteString(s.e.spin.View() + " " + sty.faint.Render(l.T("saving")) + "\n")
	case s.flash != "":
		head.WriteString(sty.warn.Render(wrap(s.flash, w)) + "\n")
	}
	if s.comment != nil {
		s.comment.SetWidth(max(10, w-4))
		head.WriteString(sty.label.Render(l.T("reasonPrompt")) + "\n" + s.comment.View() + "\n")
	}
	head.WriteString("\n")
	if s.waiting {
		return head.String() + s.e.loadingLine()
	}
	// Only the lines that fit are drawn, whatever the length of the
	// list: the window follows the cursor.
	window := func(room int) (int, int) {
		first := 0
		if s.cursor >= room {
			first = s.cursor - room + 1
		}
		return first, min(s.count(), first+room)
	}
	// A row's flags are named in full where they fit, else numbered as
	// in export.Checks, with a legend of the numbers used in the rows
	// shown.
	abbreviated := map[string]bool{}
	line := func(i int) string {
		if i < len(s.conflicts) {
			c := s.conflicts[i]
			line := fmt.Sprintf("%s %s · %s: %s · %s: %s  (%s/%s)", l.T("conflict"), shortID(c.Local.Interview.ID),
				l.T("ours"), c.Local.Interview.Updated.Local().Format("01-02 15:04"),
				l.T("merged"), c.Remote.Interview.Updated.Local().Format("01-02 15:04"),
				s.e.keys.KeepOurs.Help().Key, s.e.keys.TakeMerged.Help().Key)
			line = sty.warn.Render(truncate(line, w))
			if i == s.cursor {
				line = sty.cursor.Render(truncate(ansiStrip(line), w))
			}
			return line
		}
		r := s.rows[i-len(s.conflicts)]
		start := fmt.Sprintf("%s  %-12s %-14s %s  ", shortID(r.iv.ID), truncate(s.e.cityLabel(r.city), 12), truncate(r.iv.Interviewer, 14),
			r.iv.Updated.Local().Format("2006-01-02 15:04"))
		flags := sty.ok.Render("✓")
		if len(r.checks) > 0 {
			names := make([]string, len(r.checks))
			for i, c := range r.checks {
				names[i] = l.T("check." + c)
			}
			text := "! " + strings.Join(names, ", ")
			if lipgloss.Width(start+text) > w {
				for i, c := range r.checks {
					names[i] = checkNumber(c)
					abbreviated[c] = true
				}
				text = "! " + strings.Join(names, ",")
			}
			flags = sty.err.Render(text)
		}
		line := start + flags
		if i == s.cursor {
			line = sty.cursor.Render(truncate(ansiStrip(line), w))
		}
		return truncate(line, w)
	}
	var lines []string
	first, last := window(max(1, h-lipgloss.Height(head.String())))
	for i := first; i < last; i++ {
		lines = append(lines, line(i))
	}
	if len(lines) == 0 {
		lines = append(lines, l.T("nothingToReview"))
	}
	if len(abbreviated) > 0 {
		var legend []string
		for _, c := range export.Checks {
			if abbreviated[c] {
				legend = append(legend, checkNumber(c)+" "+l.T("check."+c))
			}
		}
		head.WriteString(sty.faint.Render(wrap(l.T("flagLegend", strings.Join(legend, " · ")), w)) + "\n")
		// The legend takes lines from the list: the window shrinks
		// towards the cursor.
		room := max(1, h-lipgloss.Height(head.String()))
		if len(lines) > room {
			if s.cursor-first >= room {
				lines = lines[len(lines)-room:]
			} else {
				lines = lines[:room]
			}
		}
	}
	return head.String() + strings.Join(lines, "\n")
}

// packNow writes a pack of the data file beside it, encrypted for the
// supervisor; the store records when, so that what it holds is no longer
// reopened.
func packNow(e *env) (string, error) {
	name := fmt.Sprintf("siap-pack-%s-%s.siap", safeFileName(e.interviewer), e.now().Format("20060102-150405"))
	path := filepath.Join(filepath.Dir(e.st.Path()), name)
	var to []string
	if e.st.Encrypted() {
		var err error
		if to, err = e.st.Recipients(e.form.SupervisorKey); err != nil {
			return path, err
		}
	}
	return path, e.st.Pack(path, to...)
}

func safeFileName(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' {
			return r
		}
		return '_'
	}, s)
}

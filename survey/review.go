package survey

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"siap/questionnaires"
	"siap/questionnaires/interview"
	"siap/questionnaires/markup"
	"siap/store"
)

// review lists every answer by section, flags what keeps the interview
// from being complete, and finalizes it.
type review struct {
	s *session
	// lastPack is when the file was last packed whole (zero: never, or
	// unknown), read once when the review opens, not on every redraw.
	lastPack time.Time
	rows     []reviewRow
	cursor   int
	issues   map[string]interview.Issue
	flash    string
	// asking is the step waiting for y or n: finalizing, reopening or
	// discarding; "" when none.
	asking reviewQuestion
}

// reviewQuestion is what the review asks before doing.
type reviewQuestion string

const (
	askFinalize reviewQuestion = "finalize"
	askReopen   reviewQuestion = "reopen"
	askDiscard  reviewQuestion = "discard"
)

type reviewRow struct {
	section  string // set on the first row of a section
	instance string // set on the first row of a repeat instance: [Anggota 2]
	it       *interview.Item
}

func newReview(s *session) *review {
	r := &review{s: s}
	if s.e.st != nil {
		if packed, err := s.e.st.Setting(store.LastPackSetting); err == nil {
			r.lastPack, _ = time.Parse(time.RFC3339Nano, packed)
		}
	}
	r.refresh()
	return r
}

// newReviewAt opens the review at the answer of path, where the
// interviewer was.
func newReviewAt(s *session, path string) *review {
	r := newReview(s)
	for i, row := range r.rows {
		if row.it.Path == path {
			r.cursor = i
		}
	}
	return r
}

func (r *review) refresh() {
	st := r.s.st
	r.rows = r.rows[:0]
	var lastInstance *interview.Item
	var last *questionnaires.Node
	for _, it := range st.Stops() {
		if it.Prompt {
			continue
		}
		row := reviewRow{it: it}
		sec := st.Section(it)
		var node *questionnaires.Node
		if sec != nil {
			node = sec.Node
		}
		// A section is headed once, however many instances a repeat has.
		if node != last || len(r.rows) == 0 {
			last = node
			row.section = r.s.e.lang.T("noSection")
			if sec != nil {
				row.section = markup.Plain(st.Label(sec))
			}
		}
		if inst := repeatInstance(it); inst != lastInstance {
			lastInstance = inst
			if inst != nil {
				row.instance = fmt.Sprintf("[%s %d]", markup.Plain(st.Label(inst)), inst.Instance[len(inst.Instance)-1])
			}
		}
		r.rows = append(r.rows, row)
	}
	r.issues = map[string]interview.Issue{}
	for _, is := range st.Issues() {
		r.issues[is.Item.Path] = is
	}
	r.cursor = min(r.cursor, max(0, len(r.rows)-1))
}

// repeatInstance is the innermost repeat instance the item is in, or nil.
func repeatInstance(it *interview.Item) *interview.Item {
	for p := it.Parent(); p != nil; p = p.Parent() {
		if p.Node.Kind == questionnaires.Repeat && len(p.Instance) > 0 {
			return p
		}
	}
	return nil
}

func (r *review) typing() bool { return false }

func (r *review) leave() { r.s.close() }

func (r *review) languageChanged() {
	r.s.followLanguage()
	r.refresh()
}

func (r *review) update(msg tea.Msg) (screen, tea.Cmd) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return r, nil
	}
	keys := r.s.e.keys
	if r.asking != "" {
		// Only y goes ahead; any other key keeps things as they are.
		q := r.asking
		r.asking = ""
		if !key.Matches(k, keys.Yes) {
			return r, nil
		}
		switch q {
		case askFinalize:
			return r.finalize()
		case askReopen:
			return r.reopen()
		case askDiscard:
			return r.discard()
		}
	}
	r.flash = ""
	switch {
	case key.Matches(k, keys.Up):
		r.cursor = max(0, r.cursor-1)
	case key.Matches(k, keys.Down):
		r.cursor = min(len(r.rows)-1, r.cursor+1)
	case key.Matches(k, keys.Back):
		r.cursor = max(0, r.cursor-10)
	case key.Matches(k, keys.Forward):
		r.cursor = min(len(r.rows)-1, r.cursor+10)
	case key.Matches(k, keys.Confirm) && len(r.rows) > 0:
		// After the change, enter brings the interviewer back here.
		q := newQuestionScreen(r.s, r.rows[r.cursor].it)
		q.fromReview = true
		return q, nil
	case key.Matches(k, keys.Home):
		r.s.close()
		return leaveInterview(r.s)
	case r.s.supervising && key.Matches(k, keys.Approve):
		r.s.close()
		sv := &supervise{e: r.s.e}
		return sv, sv.reload(decision(r.s.e, r.s.iv.ID, store.Approved, ""))
	case r.s.supervising && key.Matches(k, keys.SendBack):
		r.s.close()
		return newSuperviseSendBack(r.s.e, r.s.iv.ID)
	case key.Matches(k, keys.Finalize) && !r.s.readOnly:
		if issues := r.s.st.Issues(); len(issues) > 0 && !r.s.st.ConsentRefused() {
			r.showIssues(issues)
			return r, nil
		}
		r.asking = askFinalize
	case key.Matches(k, keys.Reopen) && r.reopenable():
		r.asking = askReopen
	case key.Matches(k, keys.Discard) && r.s.iv.Status == store.Draft && !r.s.readOnly:
		r.asking = askDiscard
	}
	return r, nil
}

// showIssues moves to the first thing that keeps the interview from
// being finalized, and says how many there are.
func (r *review) showIssues(issues []interview.Issue) {
	r.refresh()
	r.flash = r.s.e.lang.T("issues", len(issues))
	for i, row := range r.rows {
		if row.it == issues[0].Item {
			r.cursor = i
		}
	}
}

// reopenable: a completed interview the interviewer took on this laptop
// that has not gone to a supervisor in a pack since it was completed.
func (r *review) reopenable() bool {
	s := r.s
	if s.iv.Status != store.Completed || s.e.onServer() || s.iv.DeviceID != s.e.device || s.supervising {
		return false
	}
	return s.iv.Updated.After(r.lastPack)
}

// reopen takes a completed interview back to a draft, recorded in the
// paradata, and lets the interviewer change it.
func (r *review) reopen() (screen, tea.Cmd) {
	s := r.s
	if err := s.e.data.SetStatus(s.iv.ID, store.Draft, s.e.interviewer, ""); err != nil {
		r.flash = s.e.lang.T("saveFailed", userError(s.e.lang, err))
		return r, nil
	}
	iv, err := s.e.data.Interview(s.iv.ID)
	if err != nil {
		r.flash = userError(s.e.lang, err)
		return r, nil
	}
	s.iv, s.readOnly = iv, false
	r.refresh()
	r.flash = s.e.lang.T("reopened")
	return r, nil
}

// discard removes a draft the interviewer will not finish: its answers
// go, and the record stays, discarded, so that the paradata show who
// discarded it and when.
//
// Erasing rewrites the data file and its backups: it runs off the
// update loop while the home screen loads.
func (r *review) discard() (screen, tea.Cmd) {
	s, l := r.s, r.s.e.lang
	return homeAfter(s.e, func() string {
		if err := s.discard(); err != nil {
			return l.T("saveFailed", userError(l, err))
		}
		return l.T("discarded")
	})
}

// finalize marks the interview completed, or refused when consent was
// not given: then the answers after the consent question are dropped.
func (r *review) finalize() (screen, tea.Cmd) {
	s, l := r.s, r.s.e.lang
	status, flash := store.Completed, l.T("finalized")
	if s.st.ConsentRefused() {
		status, flash = store.Refused, l.T("refusedDone")
		form := s.st.Form()
		for path := range s.st.Answers() {
			if !form.KeptOnRefusal(path) {
				s.pending = append(s.pending, store.Change{Path: path, Removed: true})
			}
		}
		s.st.Finalize()
	} else if issues := s.st.Finalize(); len(issues) > 0 {
		r.showIssues(issues)
		return r, nil
	}
	if err := s.save(); err != nil {
		r.flash = l.T("saveFailed", userError(l, err))
		return r, nil
	}
	if err := s.e.data.SetStatus(s.iv.ID, status, s.e.interviewer, ""); err != nil {
		r.flash = l.T("saveFailed", userError(l, err))
		return r, nil
	}
	s.close()
	return goHome(s.e, flash)
}

func (r *review) ShortHelp() []key.Binding {
	k := r.s.e.keys
	switch {
	case r.asking != "":
		return []key.Binding{k.Yes, k.No}
	case r.s.supervising:
		return []key.Binding{k.Up, k.Down, k.Open, k.Approve, k.SendBack, k.List}
	case r.reopenable():
		return []key.Binding{k.Up, k.Down, k.Open, k.Reopen, r.s.homeKey()}
	case r.s.readOnly:
		return []key.Binding{k.Up, k.Down, k.Open, r.s.homeKey()}
	case r.s.iv.Status == store.Draft:
		return []key.Binding{k.Up, k.Down, k.Open, k.Finalize, k.Discard, r.s.homeKey()}
	}
	return []key.Binding{k.Up, k.Down, k.Open, k.Finalize, r.s.homeKey()}
}

// FullHelp adds the keys that page through the answers ten at a time.
func (r *review) FullHelp() [][]key.Binding {
	k := r.s.e.keys
	return columns(append(r.ShortHelp(), k.Back, k.Forward), 5)
}

// askView is the question before finalizing, reopening or discarding;
// before finalizing it lists the unusual answers and the notes, which
// the interviewer should have seen.
func (r *review) askView(w int) string {
	s, l, sty := r.s, r.s.e.lang, r.s.e.sty
	var b strings.Builder
	switch r.asking {
	case askReopen:
		return sty.warn.Render(wrap(l.T("askReopen"), w)) + "\n"
	case askDiscard:
		return sty.warn.Render(wrap(l.T("askDiscard"), w)) + "\n"
	}
	b.WriteString(sty.warn.Render(wrap(l.T("askFinalize"), w)) + "\n")
	for _, row := range r.rows {
		if msg := s.st.Unusual(row.it); msg != "" {
			b.WriteString(truncate("  ? "+s.st.Label(row.it)+": "+s.st.Display(row.it), w) + "\n")
		}
		if n, ok := s.iv.Notes[row.it.Path]; ok && strings.TrimSpace(n.Text) != "" {
			b.WriteString(truncate("  ✎ "+s.st.Label(row.it)+": "+n.Text, w) + "\n")
		}
	}
	return b.String()
}

func (r *review) view(w, h int) string {
	s, l, sty := r.s, r.s.e.lang, r.s.e.sty
	var head strings.Builder
	// Where the cursor is among the answers, as the list scrolls.
	where := ""
	if len(r.rows) > 0 {
		where = fmt.Sprintf("%d/%d  ", r.cursor+1, len(r.rows))
	}
	head.WriteString(sty.title.Render(l.T("review")) + "  " + sty.faint.Render(where+s.iv.ID) + "\n")
	if s.iv.Status == store.Rejected && s.iv.Comment != "" {
		head.WriteString(sty.warn.Render(wrap(l.T("rejectedNote", s.iv.Comment), w)) + "\n")
	}
	switch {
	case r.asking != "":
		head.WriteString(r.askView(w))
	case r.flash != "":
		head.WriteString(sty.warn.Render(wrap(r.flash, w)) + "\n")
	case s.readOnly:
		head.WriteString(sty.warn.Render(s.e.readOnlyNote()) + "\n")
	case len(r.issues) > 0:
		head.WriteString(sty.err.Render(l.T("issues", len(r.issues))) + "\n")
	default:
		head.WriteString(sty.ok.Render(l.T("readyToFinalize")) + "\n")
	}
	// Every row is one line, sections add a line: a window around the
	// cursor.
	var lines []string
	cursorLine := 0
	labelW := w * 11 / 20
	for i, row := range r.rows {
		if row.section != "" {
			lines = append(lines, sty.section.Render(truncate(row.section, w)))
		}
		if row.instance != "" {
			lines = append(lines, sty.label.Render(truncate("  "+row.instance, w)))
		}
		answer := s.st.Display(row.it)
		if row.it.Node.Kind == questionnaires.Note {
			answer = "·"
		}
		if is, bad := r.issues[row.it.Path]; bad {
			if is.Missing {
				answer = sty.err.Render("✗ " + l.T("missing"))
			} else {
				answer = sty.warn.Render("! " + truncate(answer, 12) + " " + is.Message)
			}
		} else if s.st.Unusual(row.it) != "" {
			answer = sty.warn.Render("? " + truncate(answer, 12) + " " + l.T("unusualShort", row.it.Node.Expected))
		}
		if _, noted := s.iv.Notes[row.it.Path]; noted {
			answer = "✎ " + answer
		}
		label := truncate(fmt.Sprintf("%3d %s", i+1, markup.Plain(s.st.Label(row.it))), labelW)
		line := label + strings.Repeat(" ", max(1, labelW-lipgloss.Width(label)+1)) + truncate(answer, max(4, w-labelW-2))
		if i == r.cursor {
			cursorLine = len(lines)
			line = sty.cursor.Render(truncate(ansiStrip(line), w))
		}
		lines = append(lines, line)
	}
	room := max(1, h-lipgloss.Height(head.String()))
	first := 0
	if len(lines) > room {
		first = min(max(0, cursorLine-room/2), len(lines)-room)
	}
	end := min(len(lines), first+room)
	return head.String() + strings.Join(lines[first:end], "\n")
}

func (r *review) fromSupervise() { r.s.supervising = true }

func (r *review) fromBrowse(b *browse) { r.s.browsed = b }

package survey

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"siap/questionnaires"
	"siap/questionnaires/interview"
	"siap/store"
)

// review lists every answer by section, flags what keeps the interview
// from being complete, and finalizes it.
type review struct {
	s      *session
	rows   []reviewRow
	cursor int
	issues map[string]interview.Issue
	flash  string
}

type reviewRow struct {
	section  string // set on the first row of a section
	instance string // set on the first row of a repeat instance: [Anggota 2]
	it       *interview.Item
}

func newReview(s *session) *review {
	r := &review{s: s}
	r.refresh()
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
				row.section = st.Label(sec)
			}
		}
		if inst := repeatInstance(it); inst != lastInstance {
			lastInstance = inst
			if inst != nil {
				row.instance = fmt.Sprintf("[%s %d]", st.Label(inst), inst.Instance[len(inst.Instance)-1])
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
		return newQuestionScreen(r.s, r.rows[r.cursor].it), nil
	case key.Matches(k, keys.Home):
		r.s.close()
		return goHome(r.s.e, "")
	case key.Matches(k, keys.Finalize) && !r.s.readOnly:
		return r.finalize()
	}
	return r, nil
}

// finalize marks the interview completed, or refused when consent was
// not given: then only the metadata, the consent answer and the city are
// kept.
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
		r.refresh()
		r.flash = l.T("issues", len(issues))
		for i, row := range r.rows {
			if row.it == issues[0].Item {
				r.cursor = i
			}
		}
		return r, nil
	}
	if err := s.save(); err != nil {
		r.flash = l.T("saveFailed", err)
		return r, nil
	}
	if err := s.e.st.SetStatus(s.iv.ID, status, s.e.interviewer, ""); err != nil {
		r.flash = l.T("saveFailed", err)
		return r, nil
	}
	s.close()
	return goHome(s.e, flash)
}

func (r *review) ShortHelp() []key.Binding {
	k := r.s.e.keys
	if r.s.readOnly {
		return []key.Binding{k.Up, k.Down, k.Confirm, k.Home}
	}
	return []key.Binding{k.Up, k.Down, k.Confirm, k.Finalize, k.Home}
}

// FullHelp adds the keys that page through the answers ten at a time.
func (r *review) FullHelp() [][]key.Binding {
	k := r.s.e.keys
	return columns(append(r.ShortHelp(), k.Back, k.Forward), 5)
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
	case r.flash != "":
		head.WriteString(sty.warn.Render(r.flash) + "\n")
	case s.readOnly:
		head.WriteString(sty.warn.Render(l.T("readOnly")) + "\n")
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
		label := truncate(fmt.Sprintf("%3d %s", i+1, s.st.Label(row.it)), labelW)
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

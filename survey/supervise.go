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
}

type superviseRow struct {
	iv     store.Interview
	city   string
	checks []string
}

func newSupervise(e *env, flash string) *supervise {
	s := &supervise{e: e, flash: flash}
	s.load()
	return s
}

func (s *supervise) load() {
	e := s.e
	s.rows = s.rows[:0]
	// Flags of completed and approved interviews, as progress (p) counts
	// them; the list is the completed ones.
	flags, err := export.QualityFlagsEach(e.st, e.form, store.Finished, func(iv store.Interview, vals map[string]string, _ []store.Event) {
		if iv.Status == store.Completed {
			s.rows = append(s.rows, superviseRow{iv: iv, city: vals[e.form.SummaryBy]})
		}
	})
	if err != nil {
		s.flash = err.Error()
	}
	byID := map[string][]string{}
	s.perWho = export.InterviewerFlags(flags)
	for _, f := range flags {
		if f.Level == "interview" && !slices.Contains(byID[f.Interview], f.Check) {
			byID[f.Interview] = append(byID[f.Interview], f.Check)
		}
	}
	for i := range s.rows {
		s.rows[i].checks = byID[s.rows[i].iv.ID]
	}
	// Flagged interviews first, then the oldest.
	slices.SortStableFunc(s.rows, func(a, b superviseRow) int {
		if (len(a.checks) > 0) != (len(b.checks) > 0) {
			if len(a.checks) > 0 {
				return -1
			}
			return 1
		}
		return a.iv.Updated.Compare(b.iv.Updated)
	})
	if s.conflicts, err = e.st.Conflicts(); err != nil {
		s.flash = err.Error()
	}
	s.cursor = min(s.cursor, max(0, s.count()-1))
}

// count is the number of lines to choose from: conflicts, then
// interviews.
func (s *supervise) count() int { return len(s.conflicts) + len(s.rows) }

func (s *supervise) typing() bool { return s.comment != nil }

func (s *supervise) update(msg tea.Msg) (screen, tea.Cmd) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return s, nil
	}
	keys, l := s.e.keys, s.e.lang
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
			s.decide(store.Rejected, reason)
			s.comment = nil
		default:
			in, _ := s.comment.Update(k)
			s.comment = &in
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
		return newHome(s.e, ""), nil
	case key.Matches(k, keys.Progress):
		return newProgressScreen(s.e), nil
	case onConflict && key.Matches(k, keys.KeepOurs, keys.TakeMerged):
		c := s.conflicts[s.cursor]
		if err := s.e.st.ResolveConflict(c.Local.Interview.ID, c.Remote.Interview.Hash, key.Matches(k, keys.TakeMerged), s.e.interviewer); err != nil {
			s.flash = err.Error()
		} else {
			s.flash = l.T("conflictResolved")
		}
		s.load()
	case onConflict || s.count() == 0:
	case key.Matches(k, keys.Approve):
		s.decide(store.Approved, "")
	case key.Matches(k, keys.SendBack):
		in := textinput.New()
		in.Placeholder = l.T("reasonPlaceholder")
		in.CharLimit = 500
		in.Focus()
		s.comment = &in
	case key.Matches(k, keys.Confirm):
		scr, err := openInterview(s.e, s.rows[s.cursor-len(s.conflicts)].iv.ID)
		if err != nil {
			s.flash = err.Error()
			return s, nil
		}
		return scr, nil
	}
	return s, nil
}

// decide approves the interview under the cursor or sends it back.
func (s *supervise) decide(status store.Status, comment string) {
	row := s.rows[s.cursor-len(s.conflicts)]
	if err := s.e.st.SetStatus(row.iv.ID, status, s.e.interviewer, comment); err != nil {
		s.flash = err.Error()
		return
	}
	s.flash = s.e.lang.T("decided."+string(status), shortID(row.iv.ID))
	s.load()
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
		return []key.Binding{k.Confirm, k.Home}
	case s.cursor < len(s.conflicts):
		return []key.Binding{k.Up, k.Down, k.KeepOurs, k.TakeMerged, k.Progress, k.Home}
	}
	return []key.Binding{k.Up, k.Down, k.Approve, k.SendBack, k.Progress, k.Confirm, k.Home}
}

func (s *supervise) FullHelp() [][]key.Binding {
	k := s.e.keys
	return [][]key.Binding{{k.Up, k.Down, k.Confirm, k.Progress, k.Home}, {k.Approve, k.SendBack, k.KeepOurs, k.TakeMerged}}
}

func (s *supervise) view(w, h int) string {
	l, sty := s.e.lang, s.e.sty
	var head strings.Builder
	head.WriteString(sty.title.Render(l.T("supervise")) + "  " + sty.faint.Render(l.T("toReview", len(s.rows))) + "\n")
	if len(s.perWho) > 0 {
		who := make([]string, len(s.perWho))
		for i, f := range s.perWho {
			who[i] = fmt.Sprintf("%s %s: %d", f.Interviewer, l.T("check."+f.Check), f.Count)
		}
		head.WriteString(sty.faint.Render(truncate(l.T("byInterviewer")+": "+strings.Join(who, " · "), w)) + "\n")
	}
	if s.flash != "" {
		head.WriteString(sty.warn.Render(wrap(s.flash, w)) + "\n")
	}
	if s.comment != nil {
		s.comment.SetWidth(max(10, w-4))
		head.WriteString(sty.label.Render(l.T("reasonPrompt")) + "\n" + s.comment.View() + "\n")
	}
	head.WriteString("\n")
	var lines []string
	for i, c := range s.conflicts {
		line := fmt.Sprintf("%s %s · %s: %s · %s: %s  (%s/%s)", l.T("conflict"), shortID(c.Local.Interview.ID),
			l.T("ours"), c.Local.Interview.Updated.Local().Format("01-02 15:04"),
			l.T("merged"), c.Remote.Interview.Updated.Local().Format("01-02 15:04"),
			s.e.keys.KeepOurs.Help().Key, s.e.keys.TakeMerged.Help().Key)
		line = sty.warn.Render(truncate(line, w))
		if i == s.cursor {
			line = sty.cursor.Render(truncate(ansiStrip(line), w))
		}
		lines = append(lines, line)
	}
	for i, r := range s.rows {
		flags := sty.ok.Render("✓")
		if len(r.checks) > 0 {
			names := make([]string, len(r.checks))
			for i, c := range r.checks {
				names[i] = l.T("check." + c)
			}
			flags = sty.err.Render("! " + strings.Join(names, ", "))
		}
		line := fmt.Sprintf("%s  %-12s %-14s %s  %s", shortID(r.iv.ID), truncate(r.city, 12), truncate(r.iv.Interviewer, 14),
			r.iv.Updated.Local().Format("2006-01-02 15:04"), flags)
		if i+len(s.conflicts) == s.cursor {
			line = sty.cursor.Render(truncate(ansiStrip(line), w))
		}
		lines = append(lines, truncate(line, w))
	}
	if len(lines) == 0 {
		lines = append(lines, l.T("nothingToReview"))
	}
	room := max(1, h-lipgloss.Height(head.String()))
	first := 0
	if s.cursor >= room {
		first = s.cursor - room + 1
	}
	return head.String() + strings.Join(lines[first:min(len(lines), first+room)], "\n")
}

// packNow writes a pack of the data file beside it, for the supervisor.
func packNow(e *env) (string, error) {
	name := fmt.Sprintf("siap-pack-%s-%s.siap", safeFileName(e.interviewer), e.now().Format("20060102-150405"))
	path := filepath.Join(filepath.Dir(e.st.Path()), name)
	return path, e.st.Pack(path)
}

func safeFileName(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' {
			return r
		}
		return '_'
	}, s)
}

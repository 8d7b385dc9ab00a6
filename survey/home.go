package survey

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/progress"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"siap/store"
)

func truncate(s string, w int) string { return ansi.Truncate(s, w, "…") }

func ansiStrip(s string) string { return ansi.Strip(s) }

// homeCounts is what the home screen shows of the data file.
type homeCounts struct {
	byCity   map[string]int // completed or approved, by summary_by code
	byStatus map[string]int
	drafts   int // drafts and interviews sent back
	err      error
}

func countInterviews(e *env) homeCounts {
	c := homeCounts{byCity: map[string]int{}, byStatus: map[string]int{}}
	c.err = e.st.Each(func(iv store.Interview, vals map[string]string) error {
		c.byStatus[iv.Status]++
		if iv.Status == store.Draft || iv.Status == store.Rejected {
			c.drafts++
		}
		if (iv.Status == store.Completed || iv.Status == store.Approved) && e.form.SummaryBy != "" {
			c.byCity[vals[e.form.SummaryBy]]++
		}
		return nil
	})
	return c
}

// home is the start screen: the form, the interviewer, progress against
// the targets, and the menu.
type home struct {
	e      *env
	counts homeCounts
	cursor int
	flash  string // a message from the screen before (finalized, ...)
}

func newHome(e *env, flash string) *home {
	return &home{e: e, counts: countInterviews(e), flash: flash}
}

type menuItem struct {
	label string
	do    func(h *home) (screen, tea.Cmd)
}

func (h *home) menu() []menuItem {
	l := h.e.lang
	resume := l.T("menuResume")
	if h.counts.drafts > 0 {
		resume += fmt.Sprintf(" (%d)", h.counts.drafts)
	}
	return []menuItem{
		{l.T("menuNew"), func(h *home) (screen, tea.Cmd) {
			s, err := startInterview(h.e)
			if err != nil {
				h.flash = err.Error()
				return h, nil
			}
			return s, nil
		}},
		{resume, func(h *home) (screen, tea.Cmd) {
			if h.counts.drafts == 0 {
				h.flash = l.T("noDrafts")
				return h, nil
			}
			return newBrowse(h.e, []string{store.Draft, store.Rejected}), nil
		}},
		{l.T("menuBrowse"), func(h *home) (screen, tea.Cmd) { return newBrowse(h.e, nil), nil }},
		{l.T("menuSupervise"), func(h *home) (screen, tea.Cmd) { return newSupervise(h.e, ""), nil }},
		{l.T("menuPack"), func(h *home) (screen, tea.Cmd) {
			path, err := packNow(h.e)
			if err != nil {
				h.flash = err.Error()
			} else {
				h.flash = l.T("packed", path)
			}
			return h, nil
		}},
		{l.T("menuLanguage"), func(h *home) (screen, tea.Cmd) { h.e.switchLanguage(); return h, nil }},
		{l.T("menuQuit"), func(h *home) (screen, tea.Cmd) { return h, quit }},
	}
}

func (h *home) update(msg tea.Msg) (screen, tea.Cmd) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return h, nil
	}
	items := h.menu()
	switch {
	case key.Matches(k, h.e.keys.Up):
		h.cursor = (h.cursor + len(items) - 1) % len(items)
	case key.Matches(k, h.e.keys.Down), key.Matches(k, h.e.keys.Forward):
		h.cursor = (h.cursor + 1) % len(items)
	case key.Matches(k, h.e.keys.Confirm):
		h.flash = ""
		return items[h.cursor].do(h)
	default:
		if n, err := strconv.Atoi(k.String()); err == nil && n >= 1 && n <= len(items) {
			h.cursor = n - 1
			h.flash = ""
			return items[h.cursor].do(h)
		}
	}
	return h, nil
}

func (h *home) view(w, _ int) string {
	e, l, sty := h.e, h.e.lang, h.e.sty
	var b strings.Builder
	title := e.form.Title
	if e.form.Version != "" {
		title += fmt.Sprintf(" (%s %s)", l.T("version"), e.form.Version)
	}
	b.WriteString(sty.title.Render(l.T("appName")) + "\n")
	b.WriteString(sty.label.Render(title) + "\n")
	fmt.Fprintf(&b, "%s: %s\n%s: %s\n", l.T("interviewer"), e.interviewer, l.T("dataFile"), e.st.Path())
	if h.counts.err != nil {
		b.WriteString(sty.err.Render(h.counts.err.Error()) + "\n")
	}
	if by := e.form.Node(e.form.SummaryBy); by != nil && by.List != nil {
		b.WriteString("\n" + sty.section.Render(l.T("targets")) + "\n")
		nameW := 0
		for _, c := range by.List.Choices {
			nameW = max(nameW, len([]rune(e.choiceLabel(c.Label, c.Name))))
		}
		nameW = min(nameW, w/2-4)
		barW := max(10, w-nameW-16)
		bar := progress.New(progress.WithWidth(barW), progress.WithoutPercentage(), progress.WithFillCharacters('█', '░'), progress.WithColors(sty.ok.GetForeground()))
		total, totalTarget := 0, 0
		for _, c := range by.List.Choices {
			target, _ := strconv.Atoi(c.Extra["target"])
			n := h.counts.byCity[c.Name]
			total += n
			totalTarget += target
			pct := 0.0
			if target > 0 {
				pct = min(1, float64(n)/float64(target))
			}
			fmt.Fprintf(&b, "  %-*s %s %4d/%d\n", nameW, truncate(e.choiceLabel(c.Label, c.Name), nameW), bar.ViewAs(pct), n, target)
		}
		fmt.Fprintf(&b, "  %-*s %s %4d/%d\n", nameW, l.T("total"), strings.Repeat(" ", barW), total, totalTarget)
	}
	var parts []string
	for _, s := range store.Statuses {
		parts = append(parts, fmt.Sprintf("%s %d", l.T("status."+s), h.counts.byStatus[s]))
	}
	b.WriteString(sty.faint.Render(l.T("byStatus")+": "+strings.Join(parts, " · ")) + "\n\n")
	for i, it := range h.menu() {
		line := fmt.Sprintf("%d. %s", i+1, it.label)
		if i == h.cursor {
			line = sty.cursor.Render("> " + line)
		} else {
			line = "  " + line
		}
		b.WriteString(line + "\n")
	}
	if h.flash != "" {
		b.WriteString("\n" + sty.warn.Render(h.flash) + "\n")
	}
	return b.String()
}

func (h *home) bindings() []key.Binding {
	k := h.e.keys
	return []key.Binding{k.Up, k.Down, k.Confirm, k.Language}
}

func (h *home) typing() bool { return false }

func (h *home) languageChanged() {}

// nameScreen asks the interviewer's name once; the data file keeps it.
type nameScreen struct {
	e     *env
	input textinput.Model
	err   string
}

func newNameScreen(e *env) *nameScreen {
	in := textinput.New()
	in.CharLimit = 80
	in.Focus()
	return &nameScreen{e: e, input: in}
}

func (n *nameScreen) update(msg tea.Msg) (screen, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, n.e.keys.Confirm) {
		name := strings.TrimSpace(n.input.Value())
		if name == "" {
			n.err = n.e.lang.T("nameRequired")
			return n, nil
		}
		if err := n.e.st.SetSetting("interviewer", name); err != nil {
			n.err = err.Error()
			return n, nil
		}
		n.e.interviewer = name
		return newHome(n.e, ""), nil
	}
	var cmd tea.Cmd
	n.input, cmd = n.input.Update(msg)
	return n, cmd
}

func (n *nameScreen) view(w, _ int) string {
	sty := n.e.sty
	n.input.SetWidth(min(60, w-4))
	s := sty.title.Render(n.e.lang.T("appName")) + "\n\n" + sty.label.Render(n.e.lang.T("askInterviewer")) + "\n\n" + n.input.View() + "\n"
	if n.err != "" {
		s += "\n" + sty.err.Render(n.err) + "\n"
	}
	return s
}

func (n *nameScreen) bindings() []key.Binding {
	return []key.Binding{n.e.keys.Confirm, n.e.keys.Language}
}
func (n *nameScreen) typing() bool { return true }

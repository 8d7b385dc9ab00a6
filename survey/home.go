package survey

import (
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/progress"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"siap/internal/hq"
	"siap/store"
)

func truncate(s string, w int) string { return ansi.Truncate(s, w, "…") }

func ansiStrip(s string) string { return ansi.Strip(s) }

// homeCounts is what the home screen shows of the data file.
type homeCounts struct {
	byCity   map[string]int // completed or approved, by summary_by code
	byStatus map[store.Status]int
	drafts   int // drafts and interviews sent back
	err      error
	// publicKey is the data file's, for teammates to encrypt packs for.
	publicKey string
	// headquarters is set when the file is enrolled with a server
	// (siap sync --enrol): the menu offers to sync with it.
	headquarters bool
}

func countInterviews(e *env) homeCounts {
	c := homeCounts{byCity: map[string]int{}, byStatus: map[store.Status]int{}}
	if e.st != nil {
		c.publicKey, _ = e.st.PublicKey()
		if srv, err := hq.Known(e.st); err == nil && srv != nil {
			c.headquarters = true
		}
	}
	counts, err := e.data.Counts()
	if err != nil {
		c.err = err
		return c
	}
	for status, n := range counts.Status {
		if n > 0 {
			c.byStatus[status] = n
		}
		if status.Editable() {
			c.drafts += n
		}
	}
	if e.form.SummaryBy != "" {
		for city, by := range counts.Answers[e.form.SummaryBy] {
			n := 0
			for _, status := range store.Finished {
				n += by[status]
			}
			if n > 0 {
				c.byCity[city] = n
			}
		}
	}
	return c
}

// home is the start screen: the form, the interviewer, progress against
// the targets, and the menu.
type home struct {
	e       *env
	counts  homeCounts
	counted bool // the counts have come
	cursor  int
	flash   string // a message from the screen before (finalized, ...)
	// export is the export under way, if one is.
	export *exportJob
}

// newHome makes the home screen; its counts come with init's command.
func newHome(e *env, flash string) *home {
	return &home{e: e, flash: flash}
}

// goHome shows the home screen and counts the interviews off the
// update loop.
func goHome(e *env, flash string) (screen, tea.Cmd) {
	h := newHome(e, flash)
	return h, h.init()
}

// homeCounted brings the counts to the home screen that asked, and
// what the task before them said.
type homeCounted struct {
	to     *home
	counts homeCounts
	flash  string
}

// homeAfter shows the home screen loading while a task that writes the
// data file (a pack, a discarded draft) runs off the update loop, then
// counts the interviews; the task's message becomes the home screen's.
func homeAfter(e *env, task func() string) (screen, tea.Cmd) {
	h := newHome(e, "")
	return h, tea.Batch(e.startSpinner(), func() tea.Msg {
		flash := task()
		return homeCounted{to: h, counts: countInterviews(e), flash: flash}
	})
}

func (h *home) init() tea.Cmd {
	e := h.e
	return tea.Batch(e.startSpinner(), func() tea.Msg { return homeCounted{to: h, counts: countInterviews(e)} })
}

func (h *home) loading() bool { return !h.counted }

func (h *home) working() bool { return h.export != nil }

type menuItem struct {
	label string
	do    func(h *home) (screen, tea.Cmd)
}

// summariesLabel names the summaries by the groups they compare: the
// cities of a form that sets summary_by, else none.
func (h *home) summariesLabel() string {
	if h.e.form.SummaryBy == "" {
		return h.e.lang.T("summaries")
	}
	return h.e.lang.T("menuSummaries")
}

func (h *home) menu() []menuItem {
	l := h.e.lang
	resume := l.T("menuResume")
	// The status line counts drafts and interviews sent back apart: the
	// menu says which of its number are sent back, so the two agree.
	switch back := h.counts.byStatus[store.Rejected]; {
	case back > 0:
		resume += l.Sprintf(" (%d)", h.counts.drafts) + " · " + l.T("menuResumeSentBack", back)
	case h.counts.drafts > 0:
		resume += l.Sprintf(" (%d)", h.counts.drafts)
	}
	if h.e.onServer() {
		// A server's user reads and decides; interviews are taken on
		// laptops, and a server makes no packs.
		return []menuItem{
			{l.T("menuBrowse"), func(h *home) (screen, tea.Cmd) { return newBrowse(h.e, nil) }},
			{h.summariesLabel(), func(h *home) (screen, tea.Cmd) { return newSummaries(h.e) }},
			{l.T("menuSupervise"), func(h *home) (screen, tea.Cmd) { return newSupervise(h.e, "") }},
			{l.T("menuExport"), func(h *home) (screen, tea.Cmd) { return h, h.startExport() }},
			{h.e.switchLanguageLabel(), func(h *home) (screen, tea.Cmd) { h.e.switchLanguage(); return h, nil }},
			{l.T("menuQuit"), func(h *home) (screen, tea.Cmd) { return h, quit }},
		}
	}
	items := []menuItem{
		{l.T("menuNew"), func(h *home) (screen, tea.Cmd) {
			s, err := startInterview(h.e)
			if err != nil {
				h.flash = userError(l, err)
				return h, nil
			}
			return s, nil
		}},
		{resume, func(h *home) (screen, tea.Cmd) {
			if h.counts.drafts == 0 {
				h.flash = l.T("noDrafts")
				return h, nil
			}
			return newBrowse(h.e, []store.Status{store.Draft, store.Rejected})
		}},
		{l.T("menuBrowse"), func(h *home) (screen, tea.Cmd) { return newBrowse(h.e, nil) }},
		{h.summariesLabel(), func(h *home) (screen, tea.Cmd) { return newSummaries(h.e) }},
		{l.T("menuSupervise"), func(h *home) (screen, tea.Cmd) { return newSupervise(h.e, "") }},
		{l.T("menuPack"), func(h *home) (screen, tea.Cmd) {
			e := h.e
			return homeAfter(e, func() string {
				path, err := packNow(e)
				switch {
				case errors.Is(err, store.ErrNoSupervisorKey):
					// Packs are encrypted for the supervisor: without
					// their key there is no pack to make.
					return l.T("packNoKey")
				case err != nil:
					return userError(l, err)
				}
				return l.T("packed", filepath.Base(path))
			})
		}},
	}
	if h.counts.headquarters {
		items = append(items, menuItem{l.T("menuSync"), func(h *home) (screen, tea.Cmd) { return syncNow(h.e) }})
	}
	return append(items, []menuItem{
		{l.T("menuExport"), func(h *home) (screen, tea.Cmd) { return h, h.startExport() }},
		{h.e.switchLanguageLabel(), func(h *home) (screen, tea.Cmd) { h.e.switchLanguage(); return h, nil }},
		{l.T("menuQuit"), func(h *home) (screen, tea.Cmd) { return h, quit }},
	}...)
}

func (h *home) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case homeCounted:
		if msg.to == h {
			h.counts, h.counted = msg.counts, true
			if msg.flash != "" {
				h.flash = msg.flash
			}
		}
		return h, nil
	case exportProgress, exportDone:
		return h.updateExport(msg)
	}
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return h, nil
	}
	if h.export != nil {
		// While exporting, esc cancels; other keys wait.
		if key.Matches(k, h.e.keys.Home) {
			h.export.cancel()
		}
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
	case key.Matches(k, h.e.keys.ChangeName):
		// Another interviewer takes the laptop: interviews from now on
		// carry the new name; those already taken keep theirs.
		n := newNameScreen(h.e)
		return n, n.init()
	case key.Matches(k, h.e.keys.Number):
		if n, err := strconv.Atoi(k.String()); err == nil && n >= 1 && n <= len(items) {
			h.cursor = n - 1
			h.flash = ""
			return items[h.cursor].do(h)
		}
	}
	return h, nil
}

func (h *home) view(w, height int) string {
	e, l, sty := h.e, h.e.lang, h.e.sty
	var b strings.Builder
	var cityRows string
	title := e.form.Title
	if e.form.Version != "" {
		title += fmt.Sprintf(" (%s %s)", l.T("version"), e.form.Version)
	}
	b.WriteString(sty.title.Render(l.T("appName")) + "\n")
	b.WriteString(sty.label.Render(title) + "\n")
	switch {
	case e.onServer():
		// Who is signed in, and whose interviews they see.
		b.WriteString(serverLines(e, w))
	default:
		fmt.Fprintf(&b, "%s: %s\n%s: %s", l.T("interviewer"), e.interviewer, l.T("dataFile"), e.st.Path())
	}
	// A file made with --no-encryption says so under its name; an
	// encrypted one shows the key teammates encrypt packs for.
	switch {
	case e.onServer():
		b.WriteString("\n")
	case !e.st.Encrypted():
		b.WriteString("\n" + sty.err.Render(truncate(l.T("notEncrypted"), w)) + "\n")
	case h.counts.publicKey != "":
		b.WriteString("\n" + sty.faint.Render(truncate(l.T("publicKey")+": "+h.counts.publicKey, w)) + "\n")
	default:
		b.WriteString("\n")
	}
	if h.counts.err != nil {
		b.WriteString(sty.err.Render(wrap(userError(l, h.counts.err), w)) + "\n")
	}
	if !h.counted {
		b.WriteString(e.loadingLine() + "\n")
	} else if by := e.form.Node(e.form.SummaryBy); by != nil && by.List != nil {
		var rows strings.Builder
		nameW := 0
		for _, c := range by.List.Choices {
			nameW = max(nameW, len([]rune(e.choiceLabel(c.Label, c.Name))))
		}
		nameW = min(nameW, w/2-4)
		barW := max(10, w-nameW-16)
		bar := e.sty.bar(barW)
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
			rows.WriteString(l.Sprintf("  %-*s %s %4d/%d\n", nameW, truncate(e.choiceLabel(c.Label, c.Name), nameW), bar.ViewAs(pct), n, target))
		}
		b.WriteString(sty.section.Render(l.T("targets")) + l.Sprintf(" · %s %d/%d\n", l.T("total"), total, totalTarget))
		cityRows = rows.String()
		b.WriteString(cityRows)
	}
	if h.counted {
		var parts []string
		for _, s := range store.Statuses {
			parts = append(parts, l.Sprintf("%s %d", l.T("status."+string(s)), h.counts.byStatus[s]))
		}
		b.WriteString(sty.faint.Render(l.T("byStatus")+": "+strings.Join(parts, " · ")) + "\n")
	}
	if h.export != nil {
		return b.String() + "\n" + h.exportView(w)
	}
	// The message from the screen before goes above the menu, where it
	// is seen, wrapped to the width.
	var flash string
	if h.flash != "" {
		flash = sty.warn.Render(wrap(h.flash, w)) + "\n"
	}
	var menu strings.Builder
	for i, it := range h.menu() {
		line := fmt.Sprintf("%d. %s", i+1, it.label)
		if i == h.cursor {
			line = sty.cursor.Render("> " + line)
		} else {
			line = "  " + line
		}
		menu.WriteString(line + "\n")
	}
	top := b.String()
	// The menu and the message always show: on a short screen the
	// blank line goes first, then the targets per city (their total
	// stays), so that nothing of the menu is cut.
	gap := "\n"
	if lipgloss.Height(top+flash+gap+menu.String())-1 > height {
		gap = ""
	}
	if lipgloss.Height(top+flash+gap+menu.String())-1 > height && cityRows != "" {
		top = strings.Replace(top, cityRows, "", 1)
	}
	return top + flash + gap + menu.String()
}

// serverLines say who is signed in to the server and whose interviews
// they see: a supervisor's team, or every interview for headquarters.
func serverLines(e *env, w int) string {
	l := e.lang
	who := l.T("signedInAs") + ": " + e.interviewer
	scope := l.T("seesAll")
	if e.server.Team != nil {
		scope = l.T("seesTeam", strings.Join(e.server.Team, ", "))
	}
	return who + "\n" + e.sty.faint.Render(wrap(scope, w))
}

// bar is a progress bar of w cells, in the styles' green.
func (s styles) bar(w int) progress.Model {
	return progress.New(progress.WithWidth(w), progress.WithoutPercentage(), progress.WithFillCharacters('█', '░'), progress.WithColors(s.ok.GetForeground()))
}

func (h *home) ShortHelp() []key.Binding {
	k := h.e.keys
	if h.export != nil {
		return []key.Binding{k.Cancel}
	}
	return []key.Binding{k.Up, k.Down, k.Confirm, k.ChangeName}
}

func (h *home) FullHelp() [][]key.Binding {
	k := h.e.keys
	return columns(append(h.ShortHelp(), k.Number, k.Forward), 5)
}

func (h *home) typing() bool { return false }

func (h *home) languageChanged() {}

// nameScreen asks the interviewer's name once, with a huh form; the data
// file keeps it.
type nameScreen struct {
	e    *env
	name string
	form *huh.Form
	err  string
}

func newNameScreen(e *env) *nameScreen {
	n := &nameScreen{e: e, name: e.interviewer}
	required := func(s string) error {
		if strings.TrimSpace(s) == "" {
			return errors.New(e.lang.T("nameRequired"))
		}
		return nil
	}
	n.form = huh.NewForm(huh.NewGroup(
		huh.NewInput().Title(e.lang.T("askInterviewer")).CharLimit(80).Value(&n.name).Validate(required),
	)).WithShowHelp(false).WithWidth(60)
	return n
}

func (n *nameScreen) init() tea.Cmd { return n.form.Init() }

func (n *nameScreen) update(msg tea.Msg) (screen, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, n.e.keys.Home) && n.e.interviewer != "" {
		return goHome(n.e, "")
	}
	m, cmd := n.form.Update(msg)
	n.form = m.(*huh.Form)
	if n.form.State != huh.StateCompleted {
		return n, cmd
	}
	name := strings.TrimSpace(n.name)
	if err := n.e.st.SetSetting(store.InterviewerSetting, name); err != nil {
		n.err = userError(n.e.lang, err)
		return n, nil
	}
	n.e.interviewer = name
	return goHome(n.e, "")
}

func (n *nameScreen) view(w, _ int) string {
	sty := n.e.sty
	s := sty.title.Render(n.e.lang.T("appName")) + "\n\n" + n.form.WithWidth(min(60, w-2)).View() + "\n"
	if n.err != "" {
		s += "\n" + sty.err.Render(n.err) + "\n"
	}
	return s
}

func (n *nameScreen) ShortHelp() []key.Binding {
	if n.e.interviewer != "" {
		return []key.Binding{n.e.keys.Confirm, n.e.keys.Home}
	}
	return []key.Binding{n.e.keys.Confirm}
}

func (n *nameScreen) FullHelp() [][]key.Binding { return [][]key.Binding{n.ShortHelp()} }
func (n *nameScreen) typing() bool              { return true }

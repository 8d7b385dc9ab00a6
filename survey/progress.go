package survey

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"siap/export"
	"siap/store"
)

// progressScreen shows the supervisor each interviewer's fieldwork:
// interviews by status, the median length of a finished interview, and
// its quality flags. It opens from the supervise screen, and esc goes
// back there.
type progressScreen struct {
	e       *env
	rows    []export.Progress
	err     string
	waiting bool // for the table
}

func newProgressScreen(e *env) (screen, tea.Cmd) {
	p := &progressScreen{e: e, waiting: true}
	return p, tea.Batch(e.startSpinner(), func() tea.Msg {
		rows, err := export.FieldworkProgress(e.data, e.form)
		return progressRead{p, rows, err}
	})
}

// progressRead brings the table to the screen that asked.
type progressRead struct {
	to   *progressScreen
	rows []export.Progress
	err  error
}

func (p *progressScreen) loading() bool { return p.waiting }

func (p *progressScreen) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case progressRead:
		if msg.to == p {
			p.rows, p.waiting = msg.rows, false
			if msg.err != nil {
				p.err = userError(p.e.lang, msg.err)
			}
		}
	case tea.KeyPressMsg:
		if key.Matches(msg, p.e.keys.List) || key.Matches(msg, p.e.keys.Confirm) {
			return newSupervise(p.e, "")
		}
	}
	return p, nil
}

func (p *progressScreen) view(w, h int) string {
	l, sty := p.e.lang, p.e.sty
	var b strings.Builder
	b.WriteString(sty.title.Render(l.T("progress")) + "\n\n")
	if p.waiting {
		return b.String() + p.e.loadingLine()
	}
	if p.err != "" {
		return b.String() + sty.err.Render(wrap(p.err, w))
	}
	nameW := max(10, min(24, w-65))
	header := fmt.Sprintf("%-*s", nameW, l.T("interviewer"))
	for _, s := range store.Statuses {
		header += fmt.Sprintf("%10s", l.T("statusShort."+string(s)))
	}
	header += fmt.Sprintf("%8s%7s", l.T("medianMinutes"), l.T("flags"))
	b.WriteString(sty.label.Render(truncate(header, w)) + "\n")
	for i, r := range p.rows {
		name := r.Interviewer
		if name == "" {
			name = l.T("all")
		}
		line := fmt.Sprintf("%-*s", nameW, truncate(name, nameW-1))
		for _, s := range store.Statuses {
			line += l.Sprintf("%10d", r.Count(s))
		}
		line += l.Sprintf("%8.1f%7d", r.MedianMinutes, r.Flags)
		if i == len(p.rows)-1 {
			line = sty.section.Render(line)
		}
		b.WriteString(truncate(line, w) + "\n")
	}
	b.WriteString("\n" + sty.faint.Render(wrap(l.T("progressNote"), w)))
	return b.String()
}

func (p *progressScreen) ShortHelp() []key.Binding {
	return []key.Binding{p.e.keys.List}
}

func (p *progressScreen) FullHelp() [][]key.Binding {
	return [][]key.Binding{{p.e.keys.List, p.e.keys.Confirm}}
}

func (p *progressScreen) typing() bool { return false }

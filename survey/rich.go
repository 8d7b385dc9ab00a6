package survey

import (
	"strings"

	"charm.land/lipgloss/v2"

	"siap/questionnaires/markup"
)

// rich draws text written with ODK's formatting (see package markup) on
// top of base: bold, italic, underline and strike as the terminal shows
// them, the form's colours where the terminal has colour (never under
// NO_COLOR), headings bold (a first-level one underlined too), and a
// link's address after its text. Text without formatting is base's.
func (s styles) rich(text string, base lipgloss.Style) string {
	lines := markup.Parse(text)
	out := make([]string, len(lines))
	for i, l := range lines {
		var b strings.Builder
		for j, sp := range l.Spans {
			st := base
			if sp.Style.Bold || l.Heading > 0 {
				st = st.Bold(true)
			}
			if sp.Style.Italic {
				st = st.Italic(true)
			}
			if sp.Style.Underline || sp.Style.Link != "" || l.Heading == 1 {
				st = st.Underline(true)
			}
			if sp.Style.Strike {
				st = st.Strikethrough(true)
			}
			if hex, ok := markup.RGB(sp.Style.Color); ok && s.color {
				st = st.Foreground(lipgloss.Color(hex))
			}
			b.WriteString(st.Render(sp.Text))
			if link := sp.Style.Link; link != "" && (j+1 == len(l.Spans) || l.Spans[j+1].Style.Link != link) && sp.Text != link {
				b.WriteString(base.Render(" (" + link + ")"))
			}
		}
		out[i] = b.String()
	}
	return strings.Join(out, "\n")
}

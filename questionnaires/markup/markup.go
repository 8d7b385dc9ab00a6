// Package markup reads the formatting ODK Collect renders in labels,
// hints and choice labels: a subset of Markdown (**bold**, __bold__,
// *italic*, _italic_, # headings, [links](url), backslash escapes) and of
// HTML (<span style="color:red">, <font color>, <b>, <i>, <u>, <br>,
// <p>, <h1>..<h6>, <a href>, entities). It gives the text as lines of
// styled spans for a screen to draw, or as plain text for exports; it
// knows nothing of terminals.
package markup

import (
	"strings"
)

// Style is how a span of text is shown.
type Style struct {
	Bold, Italic, Underline, Strike bool
	// Color is a colour as the form wrote it: a name (red) or #rgb /
	// #rrggbb; see RGB.
	Color string
	// Link is the address of a link the text is, or "".
	Link string
}

// Span is a run of text in one style.
type Span struct {
	Text  string
	Style Style
}

// Line is one line of text.
type Line struct {
	Spans []Span
	// Heading is 1 to 6 for a heading line (# or <h1>), 0 otherwise.
	Heading int
}

// Text is the line's text without styles.
func (l Line) Text() string {
	var b strings.Builder
	for _, s := range l.Spans {
		b.WriteString(s.Text)
	}
	return b.String()
}

// Parse reads text written with ODK's formatting into lines of styled
// spans. Any text is accepted: what is not formatting is text.
func Parse(s string) []Line {
	cells := scan(s)
	var lines []Line
	start := 0
	for i := 0; i <= len(cells); i++ {
		if i < len(cells) && !(cells[i].r == '\n' && !cells[i].lit) {
			continue
		}
		lines = append(lines, inline(cells[start:i]))
		start = i + 1
	}
	// Blank lines before and after the text show nothing (Collect trims
	// them too), whether typed or left by a closing </p>.
	for len(lines) > 1 && len(lines[len(lines)-1].Spans) == 0 {
		lines = lines[:len(lines)-1]
	}
	for len(lines) > 1 && len(lines[0].Spans) == 0 {
		lines = lines[1:]
	}
	return lines
}

// Plain is the text as a person reads it without styles: what exports
// and the codebook carry. A link keeps its address after its text.
func Plain(s string) string {
	if !strings.ContainsAny(s, "*_#[<&\\\r\n") {
		return s
	}
	lines := Parse(s)
	out := make([]string, len(lines))
	for i, l := range lines {
		var b strings.Builder
		for j := 0; j < len(l.Spans); j++ {
			sp := l.Spans[j]
			b.WriteString(sp.Text)
			if sp.Style.Link == "" {
				continue
			}
			// The link's text may span several styles; its address
			// follows the last of them.
			text := sp.Text
			for j+1 < len(l.Spans) && l.Spans[j+1].Style.Link == sp.Style.Link {
				j++
				b.WriteString(l.Spans[j].Text)
				text += l.Spans[j].Text
			}
			if strings.TrimSpace(text) != sp.Style.Link {
				b.WriteString(" (" + sp.Style.Link + ")")
			}
		}
		out[i] = b.String()
	}
	return strings.Join(out, "\n")
}

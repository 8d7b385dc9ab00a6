package survey

import (
	"strings"

	"charm.land/lipgloss/v2"

	"siap/questionnaires"
	"siap/questionnaires/interview"
	"siap/questionnaires/markup"
)

// fieldListGroup returns the group with ODK's field-list appearance the
// item is in, or nil. A field-list group is meant to be seen whole: its
// questions are listed together, with their answers, above the one being
// answered.
func fieldListGroup(it *interview.Item) *interview.Item {
	for p := it.Parent(); p != nil; p = p.Parent() {
		if p.Node.Kind == questionnaires.Group && p.Node.HasAppearance("field-list") {
			return p
		}
	}
	return nil
}

// inGroup reports whether it lies inside the group item g (the same
// instance, for groups inside repeats).
func inGroup(it, g *interview.Item) bool {
	for p := it.Parent(); p != nil; p = p.Parent() {
		if p.Path == g.Path {
			return true
		}
	}
	return false
}

// fieldListView lists the visible questions of the current item's
// field-list group, one line each with its answer, the current one
// marked; at most room lines, as a window around the current one.
func (q *questionScreen) fieldListView(w, room int) string {
	g := fieldListGroup(q.it)
	if g == nil || room < 2 {
		return ""
	}
	st, sty := q.s.st, q.s.e.sty
	var lines []string
	current := 0
	for _, it := range st.Stops() {
		if !inGroup(it, g) {
			continue
		}
		mark := "  "
		if it.Path == q.it.Path {
			mark, current = "▸ ", len(lines)
		}
		answer := st.Display(it)
		if it.Node.Kind == questionnaires.Note {
			answer = ""
		}
		labelW := w * 11 / 20
		label := truncate(mark+markup.Plain(st.Label(it)), labelW)
		line := label + strings.Repeat(" ", max(1, labelW-lipgloss.Width(label)+1)) + truncate(answer, max(4, w-labelW-2))
		if it.Path == q.it.Path {
			line = sty.label.Render(line)
		} else {
			line = sty.faint.Render(line)
		}
		lines = append(lines, line)
	}
	if len(lines) < 2 {
		return ""
	}
	first := 0
	if len(lines) > room {
		first = min(max(0, current-room/2), len(lines)-room)
	}
	return strings.Join(lines[first:min(len(lines), first+room)], "\n") + "\n"
}

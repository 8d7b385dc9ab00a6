package markup

import (
	"strings"
	"unicode"
)

// inline reads one line's Markdown: a heading, links, then strong and
// emphasis, as Collect reads them. Two departures keep ordinary text
// intact where Collect would eat it: a pair of delimiters must hold some
// text (a blank to fill in, "__________", stays as written), and _ inside
// a word (a variable_name) is not emphasis, as in CommonMark.
func inline(cells []cell) Line {
	var l Line
	cells = append([]cell(nil), cells...)
	for _, c := range cells {
		if c.heading > 0 {
			l.Heading = c.heading
			break
		}
	}
	if n := leadingHashes(cells); n > 0 {
		l.Heading = min(n, 6)
		cells = cells[n:]
		end := len(cells)
		for end > 0 && cells[end-1].r == '#' && !cells[end-1].lit {
			end--
		}
		cells = cells[:end]
	}
	if l.Heading > 0 {
		cells = trimSpaceCells(cells)
	}
	cells = links(cells)
	cells = pairs(cells, '_', 2, func(s *Style) { s.Bold = true })
	cells = pairs(cells, '*', 2, func(s *Style) { s.Bold = true })
	cells = pairs(cells, '_', 1, func(s *Style) { s.Italic = true })
	cells = pairs(cells, '*', 1, func(s *Style) { s.Italic = true })
	var b strings.Builder
	for i, c := range cells {
		b.WriteRune(c.r)
		if i+1 == len(cells) || cells[i+1].style != c.style {
			l.Spans = append(l.Spans, Span{Text: b.String(), Style: c.style})
			b.Reset()
		}
	}
	return l
}

func leadingHashes(cells []cell) int {
	n := 0
	for n < len(cells) && cells[n].r == '#' && !cells[n].lit {
		n++
	}
	return n
}

func trimSpaceCells(cells []cell) []cell {
	for len(cells) > 0 && unicode.IsSpace(cells[0].r) {
		cells = cells[1:]
	}
	for len(cells) > 0 && unicode.IsSpace(cells[len(cells)-1].r) {
		cells = cells[:len(cells)-1]
	}
	return cells
}

// links reads [text](address): the text becomes a link, the brackets
// and the address go.
func links(cells []cell) []cell {
	for i := 0; i < len(cells); i++ {
		if !is(cells, i, '[') {
			continue
		}
		close := find(cells, i+1, ']')
		if close < 0 {
			break // nor will a later [ find one
		}
		if !is(cells, close+1, '(') {
			continue
		}
		end := find(cells, close+2, ')')
		if end < 0 {
			break
		}
		if end == close+2 {
			continue
		}
		var addr strings.Builder
		for _, c := range cells[close+2 : end] {
			addr.WriteRune(c.r)
		}
		url := strings.TrimSpace(addr.String())
		for k := i + 1; k < close; k++ {
			cells[k].style.Link = url
		}
		cells = append(cells[:close], cells[end+1:]...)
		cells = append(cells[:i], cells[i+1:]...)
		i = close - 2
	}
	return cells
}

// pairs finds text between two runs of width w of the delimiter d, gives
// it a style and removes the delimiters.
func pairs(cells []cell, d rune, w int, apply func(*Style)) []cell {
	for i := 0; i+w <= len(cells); i++ {
		if !run(cells, i, d, w) || !opens(cells, i, d, w) {
			continue
		}
		closer, blocked := -1, -1
		text := false // whether the content so far holds some text
		for j := i + w + 1; j+w <= len(cells); j++ {
			last := cells[j-1]
			if w == 1 && is(cells, j-1, d) {
				blocked = j - 1 // emphasis holds no delimiter of its own
				break
			}
			text = text || !unicode.IsSpace(last.r) && !(last.r == d && !last.lit)
			if text && run(cells, j, d, w) && closes(cells, j, d, w) {
				closer = j
				break
			}
		}
		if closer < 0 {
			// A later opener has less text before each closer than this
			// one had: none can close before where this one stopped.
			if blocked < 0 {
				break
			}
			i = blocked - 1
			continue
		}
		for k := i + w; k < closer; k++ {
			apply(&cells[k].style)
		}
		for k := range w {
			cells[i+k].gone, cells[closer+k].gone = true, true
		}
		i = closer + w - 1
	}
	// The delimiters go once the pass is over, so that a long text is
	// read in one sweep.
	kept := cells[:0]
	for _, c := range cells {
		if !c.gone {
			kept = append(kept, c)
		}
	}
	return kept
}

// find returns the first i >= from where the markup character r stands,
// or -1.
func find(cells []cell, from int, r rune) int {
	for j := from; j < len(cells); j++ {
		if is(cells, j, r) {
			return j
		}
	}
	return -1
}

func is(cells []cell, i int, r rune) bool {
	return i >= 0 && i < len(cells) && cells[i].r == r && !cells[i].lit
}

// run reports whether w delimiters d start at i.
func run(cells []cell, i int, d rune, w int) bool {
	for k := i; k < i+w; k++ {
		if !is(cells, k, d) {
			return false
		}
	}
	return true
}

// opens reports whether the run at i can open: text follows it, and an
// underscore run does not start inside a word.
func opens(cells []cell, i int, d rune, w int) bool {
	next := i + w
	if next >= len(cells) || unicode.IsSpace(cells[next].r) {
		return false
	}
	prev := i - 1
	for prev >= 0 && cells[prev].gone {
		prev--
	}
	return d != '_' || prev < 0 || !wordChar(cells[prev].r)
}

// closes reports whether the run at j can close: it follows text, and an
// underscore run does not end inside a word.
func closes(cells []cell, j int, d rune, w int) bool {
	if unicode.IsSpace(cells[j-1].r) {
		return false
	}
	after := j + w
	return d != '_' || after >= len(cells) || !wordChar(cells[after].r)
}

func wordChar(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

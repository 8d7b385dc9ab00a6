package markup

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"
)

// cell is one character of the text with the style HTML gave it. lit
// marks a character that is text whatever it looks like (escaped with a
// backslash, or written as an entity), so Markdown never reads it.
type cell struct {
	r       rune
	lit     bool
	style   Style
	heading int  // set by <h1>..<h6>
	gone    bool // a delimiter read, to be removed
}

// scan reads HTML tags, entities and backslash escapes, leaving the
// Markdown for inline to read. Line breaks (newlines, <br>, the ends of
// <p>, <div>, <h1>) are cells with r '\n' and lit false.
func scan(s string) []cell {
	sc := &scanner{}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch r {
		case '\\':
			if i+1 < len(s) && strings.IndexByte(`\*_#`, s[i+1]) >= 0 {
				sc.put(rune(s[i+1]), true)
				i += 2
				continue
			}
		case '&':
			if n := entity(s[i:]); n > 0 {
				for _, er := range html.UnescapeString(s[i : i+n]) {
					switch er {
					case '\n':
						sc.cells = append(sc.cells, cell{r: '\n'})
					case '\r':
					default:
						sc.put(er, true)
					}
				}
				i += n
				continue
			}
		case '<':
			if t, n := readTag(s[i:]); n > 0 {
				sc.tag(t)
				i += n
				continue
			}
		case '\r':
			i += size
			continue
		}
		sc.put(r, false)
		i += size
	}
	return sc.cells
}

type scanner struct {
	cells []cell
	open  []openTag
}

type openTag struct {
	name    string
	style   Style
	heading int
}

func (sc *scanner) current() (Style, int) {
	if len(sc.open) == 0 {
		return Style{}, 0
	}
	t := sc.open[len(sc.open)-1]
	return t.style, t.heading
}

func (sc *scanner) put(r rune, lit bool) {
	st, h := sc.current()
	sc.cells = append(sc.cells, cell{r: r, lit: lit, style: st, heading: h})
}

// newLine ends the current line unless it is empty.
func (sc *scanner) newLine() {
	if n := len(sc.cells); n > 0 && !(sc.cells[n-1].r == '\n' && !sc.cells[n-1].lit) {
		sc.cells = append(sc.cells, cell{r: '\n'})
	}
}

// tag applies an HTML tag: a style opened or closed, or a line break.
// Tags Collect does not render are dropped, their text kept.
func (sc *scanner) tag(t tag) {
	block := false
	switch t.name {
	case "br":
		sc.cells = append(sc.cells, cell{r: '\n'})
		return
	case "p", "div", "li", "ul", "ol", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6":
		block = true
	}
	if block {
		sc.newLine()
	}
	if t.closing {
		for i := len(sc.open) - 1; i >= 0; i-- {
			if sc.open[i].name == t.name {
				sc.open = sc.open[:i]
				break
			}
		}
		return
	}
	if t.selfClosing {
		return
	}
	st, h := sc.current()
	switch t.name {
	case "b", "strong":
		st.Bold = true
	case "i", "em", "cite", "dfn":
		st.Italic = true
	case "u", "ins":
		st.Underline = true
	case "s", "strike", "del":
		st.Strike = true
	case "span", "font", "p", "div":
		if c := t.color(); c != "" {
			st.Color = c
		}
	case "a":
		if href := strings.TrimSpace(t.attrs["href"]); href != "" {
			st.Link = href
		}
	case "h1", "h2", "h3", "h4", "h5", "h6":
		h = int(t.name[1] - '0')
	}
	sc.open = append(sc.open, openTag{name: t.name, style: st, heading: h})
}

// tag is an HTML tag as written.
type tag struct {
	name                 string // lower case
	closing, selfClosing bool
	attrs                map[string]string // lower-case names
}

// color is the colour a tag sets: style="color:x" or color="x".
func (t tag) color() string {
	for _, decl := range strings.Split(t.attrs["style"], ";") {
		k, v, ok := strings.Cut(decl, ":")
		if ok && strings.EqualFold(strings.TrimSpace(k), "color") {
			return strings.ToLower(strings.TrimSpace(v))
		}
	}
	return strings.ToLower(strings.TrimSpace(t.attrs["color"]))
}

// readTag reads an HTML tag at the start of s: <name attrs>, </name> or
// <name/>. n is 0 when s does not start with one (as in "age < 5").
func readTag(s string) (t tag, n int) {
	i := 1
	if i < len(s) && s[i] == '/' {
		t.closing = true
		i++
	}
	start := i
	for i < len(s) && (isASCIILetter(s[i]) || i > start && isASCIIDigit(s[i])) {
		i++
	}
	if i == start || i < len(s) && !(s[i] == '>' || s[i] == '/' || isSpace(s[i])) {
		return tag{}, 0
	}
	t.name = strings.ToLower(s[start:i])
	t.attrs = map[string]string{}
	for i < len(s) {
		for i < len(s) && isSpace(s[i]) {
			i++
		}
		if i >= len(s) {
			return tag{}, 0
		}
		switch s[i] {
		case '>':
			return t, i + 1
		case '/':
			t.selfClosing = true
			i++
			continue
		case '<':
			return tag{}, 0
		}
		// An attribute: name, name=value, name="value", name='value'.
		ns := i
		for i < len(s) && !isSpace(s[i]) && s[i] != '=' && s[i] != '>' && s[i] != '/' && s[i] != '<' {
			i++
		}
		name := strings.ToLower(s[ns:i])
		val := ""
		if i < len(s) && s[i] == '=' {
			i++
			if i < len(s) && (s[i] == '"' || s[i] == '\'') {
				q := s[i]
				end := strings.IndexByte(s[i+1:], q)
				if end < 0 {
					return tag{}, 0
				}
				val = s[i+1 : i+1+end]
				i += end + 2
			} else {
				vs := i
				for i < len(s) && !isSpace(s[i]) && s[i] != '>' {
					i++
				}
				val = s[vs:i]
			}
		}
		if name != "" {
			t.attrs[name] = html.UnescapeString(val)
		}
	}
	return tag{}, 0
}

// entity returns the length of an HTML character reference at the start
// of s (&amp; &#35; &#x23;), or 0.
func entity(s string) int {
	end := strings.IndexByte(s, ';')
	if end < 2 || end > 32 {
		return 0
	}
	body := s[1:end]
	if body[0] == '#' {
		digits := body[1:]
		hex := len(digits) > 0 && (digits[0] == 'x' || digits[0] == 'X')
		if hex {
			digits = digits[1:]
		}
		if digits == "" {
			return 0
		}
		for _, c := range digits {
			if !(c >= '0' && c <= '9' || hex && unicode.Is(unicode.ASCII_Hex_Digit, c)) {
				return 0
			}
		}
		return end + 1
	}
	for i := 0; i < len(body); i++ {
		if !isASCIILetter(body[i]) && !isASCIIDigit(body[i]) {
			return 0
		}
	}
	if html.UnescapeString(s[:end+1]) == s[:end+1] {
		return 0 // not an entity HTML knows
	}
	return end + 1
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isASCIIDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isSpace(c byte) bool       { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

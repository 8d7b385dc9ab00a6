package interview

import (
	"math"
	"strconv"
	"strings"

	"siap/questionnaires"
	"siap/questionnaires/expr"
)

// convention is how people write a number: Indonesians write 1.500,5
// (a point between thousands, a decimal comma), English speakers
// 1,500.5. Interviewers type either, whatever the interface's language.
type convention struct {
	decimal, group byte
}

var (
	indonesian = convention{decimal: ',', group: '.'}
	english    = convention{decimal: '.', group: ','}
)

// number is a number as typed, read under one convention: its sign and
// digits without separators.
type number struct {
	negative bool
	whole    string // digits without leading zeros; "0" for none
	fraction string // digits after the decimal mark, trailing zeros dropped
	marked   bool   // a decimal mark was typed (1,0 is not a whole number as typed)
}

// canonical is the number as an answer is stored and as XPath writes
// it: 1500.5, -3, 0.25.
func (n number) canonical() string {
	s := n.whole
	if n.fraction != "" {
		s += "." + n.fraction
	}
	if n.negative && s != "0" {
		s = "-" + s
	}
	return s
}

// in writes the number in a convention, with thousands separated:
// 1.500,5 or 1,500.5.
func (n number) in(c convention) string {
	var b strings.Builder
	if n.negative && (n.whole != "0" || n.fraction != "") {
		b.WriteByte('-')
	}
	for i := range len(n.whole) {
		if i > 0 && (len(n.whole)-i)%3 == 0 {
			b.WriteByte(c.group)
		}
		b.WriteByte(n.whole[i])
	}
	if n.fraction != "" {
		b.WriteByte(c.decimal)
		b.WriteString(n.fraction)
	}
	return b.String()
}

// spaces are the spaces a number pasted from a document may hold
// between its thousands (no-break, narrow no-break), read as a space.
var spaces = strings.NewReplacer("\u00a0", " ", "\u202f", " ")

// isGroupSeparator says whether r may separate thousands under c: its
// own separator, or a space (1 500 000), as some people and keyboards
// write them.
func (c convention) isGroupSeparator(r byte) bool {
	return r == c.group || r == ' '
}

// read reads s as a number written in convention c: an optional sign,
// whole digits (thousands separated by c's separator or spaces, all alike,
// in groups of three after a first group of one to three that does not
// start with 0) and, after c's decimal mark, decimal digits.
func (c convention) read(s string) (number, bool) {
	var n number
	s = strings.TrimSpace(spaces.Replace(s))
	switch {
	case strings.HasPrefix(s, "-"):
		n.negative, s = true, s[1:]
	case strings.HasPrefix(s, "−"): // the minus sign, as some keyboards give it
		n.negative, s = true, s[len("−"):]
	case strings.HasPrefix(s, "+"):
		s = s[1:]
	}
	whole, fraction, marked := s, "", false
	if i := strings.IndexByte(s, c.decimal); i >= 0 {
		whole, fraction, marked = s[:i], s[i+1:], true
		if fraction == "" || !allDigits(fraction) {
			return number{}, false
		}
	}
	digits, ok := c.wholeDigits(whole)
	if !ok || digits == "" && !marked {
		return number{}, false
	}
	n.whole = strings.TrimLeft(digits, "0")
	if n.whole == "" {
		n.whole = "0"
	}
	n.fraction = strings.TrimRight(fraction, "0")
	n.marked = marked
	return n, true
}

// wholeDigits is the whole part's digits without its separators, or false
// when the separators are not where thousands are.
func (c convention) wholeDigits(s string) (string, bool) {
	if allDigits(s) {
		return s, true
	}
	var sep byte
	var groups []string
	start := 0
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if ch >= '0' && ch <= '9' {
			continue
		}
		if !c.isGroupSeparator(ch) || sep != 0 && ch != sep {
			return "", false
		}
		sep = ch
		groups = append(groups, s[start:i])
		start = i + 1
	}
	groups = append(groups, s[start:])
	first := groups[0]
	if len(first) < 1 || len(first) > 3 || first[0] == '0' {
		return "", false
	}
	for _, g := range groups[1:] {
		if len(g) != 3 {
			return "", false
		}
	}
	return strings.Join(groups, ""), true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// reading is how a typed number is understood.
type reading struct {
	number
	// other is how the other convention reads the same text, when it
	// reads it as another number: the interviewer is shown both.
	other *number
}

// readNumber reads a number typed under either convention. Where the two
// read it alike, or only one reads it at all (1.500,5 and 1,500.5, 2,5,
// 50.000 for a whole number), that is the number; where both read it but
// differently (1.500 is fifteen hundred in Indonesian, one and a half in
// English), the interview's convention decides and the other reading is
// kept to be shown. whole asks for a whole number: a reading with
// decimals does not count.
func readNumber(s string, ours convention, whole bool) (reading, bool) {
	theirs := english
	if ours == english {
		theirs = indonesian
	}
	a, okA := ours.read(s)
	b, okB := theirs.read(s)
	if whole {
		okA = okA && !a.marked
		okB = okB && !b.marked
	}
	switch {
	case okA && okB && a.canonical() != b.canonical():
		return reading{number: a, other: &b}, true
	case okA:
		return reading{number: a}, true
	case okB:
		return reading{number: b}, true
	}
	return reading{}, false
}

// storedNumber reads an answer as it is stored (1500.5): answers are
// checked again after later answers change, and must not be read as
// typed.
func storedNumber(s string) (number, bool) {
	return english.read(s)
}

// convention is how numbers are written in the interview: as siap's
// messages are, Indonesian or English.
func (s *State) convention() convention {
	if questionnaires.IsIndonesian(s.messageLanguage()) {
		return indonesian
	}
	return english
}

// parseInteger reads a whole number typed in the interview, or gives the
// key of the message that says why it is refused.
func (s *State) parseInteger(v string) (int64, string) {
	r, ok := readNumber(v, s.convention(), true)
	if !ok {
		return 0, "integer"
	}
	i, err := strconv.ParseInt(r.canonical(), 10, 64)
	if err != nil || i > math.MaxInt32 || i < math.MinInt32 {
		return 0, "tooLarge"
	}
	return i, ""
}

// parseDecimal reads a number typed in the interview, or gives the key
// of the message that says why it is refused.
func (s *State) parseDecimal(v string) (float64, string) {
	r, ok := readNumber(v, s.convention(), false)
	if !ok {
		return 0, "decimal"
	}
	f, err := strconv.ParseFloat(r.canonical(), 64)
	if err != nil || math.IsInf(f, 0) {
		return 0, "tooLarge"
	}
	return f, ""
}

// formatNumber writes a number for the interviewer: 2,5 in Indonesian.
func (s *State) formatNumber(f float64) string {
	n, ok := storedNumber(expr.FormatNumber(f))
	if !ok {
		return expr.FormatNumber(f)
	}
	return n.in(s.convention())
}

// Written is a stored answer as the interviewer types it: a number in the
// interview's convention (1500.5 is 1.500,5 in Indonesian), which reads
// back as the same number; any other answer as it is.
func (s *State) Written(it *Item, stored string) string {
	if it == nil || !it.Node.Type.Storage().Numeric() {
		return stored
	}
	n, ok := storedNumber(stored)
	if !ok {
		return stored
	}
	return n.in(s.convention())
}

// Understood says how a number typed for the question at path is read,
// written in the interview's convention, for the screen to show before
// the interviewer goes on: "1.500,5" for 1500.5 typed as 1,500.5, and,
// when the other convention reads the text as another number, that one
// too: "1.500 (bukan 1,5)". It is "" for text that is not a number (a
// whole one for an integer question) and for a number that reads just as
// it was typed. A number the question refuses (out of its range) is
// still read: seeing 1.500 read as 1500 says why 0 to 200 refused it.
func (s *State) Understood(path, raw string) string {
	it := s.byPath[path]
	if it == nil || !it.Node.Type.Storage().Numeric() {
		return ""
	}
	c := s.convention()
	r, ok := readNumber(raw, c, it.Node.Type.Storage() == questionnaires.StoredWhole)
	if !ok {
		return ""
	}
	as := r.in(c)
	if r.other != nil {
		return s.msg("notOther", as, r.other.in(c))
	}
	if as == strings.TrimSpace(raw) {
		return ""
	}
	return as
}

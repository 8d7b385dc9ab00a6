package export

import (
	"unicode"
	"unicode/utf8"
)

// appendCSV appends one CSV record to dst: the same bytes as
// encoding/csv's Writer (comma-separated, quoted where it quotes, lines
// ended by \n), written into a buffer of the caller's instead of through
// a Writer, so that the rows of many interviews can be made at once and
// written in order. TestAppendCSVIsEncodingCSV holds the two together.
func appendCSV(dst []byte, fields ...string) []byte {
	for i, f := range fields {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendCSVField(dst, f)
	}
	return append(dst, '\n')
}

// appendCSVField appends one field of a record, quoted when
// encoding/csv would quote it.
func appendCSVField(dst []byte, f string) []byte {
	if !csvNeedsQuotes(f) {
		return append(dst, f...)
	}
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(f); i++ {
		if f[i] == '"' {
			dst = append(dst, f[start:i+1]...)
			dst = append(dst, '"')
			start = i + 1
		}
	}
	dst = append(dst, f[start:]...)
	return append(dst, '"')
}

// csvNeedsQuotes is encoding/csv's rule for a comma-separated field: a
// comma, quote or line break anywhere, a leading space (of any kind
// Unicode knows), or the two characters \. alone.
func csvNeedsQuotes(f string) bool {
	if f == "" {
		return false
	}
	if f == `\.` {
		return true
	}
	for i := 0; i < len(f); i++ {
		switch f[i] {
		case '\n', '\r', '"', ',':
			return true
		}
	}
	if f[0] < utf8.RuneSelf {
		return f[0] == ' ' || f[0] == '\t' || f[0] == '\v' || f[0] == '\f'
	}
	r, _ := utf8.DecodeRuneInString(f)
	return unicode.IsSpace(r)
}

package questionnaires

import (
	"bytes"
	"encoding/csv"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// csvText is a CSV file's bytes made ready for encoding/csv, whatever
// program wrote it: UTF-8 with or without a byte-order mark, UTF-16
// (Excel's "Unicode text"), or Windows-1252 (Excel's plain CSV on
// Windows); lines ended by CR LF, LF or a lone CR (old Mac); fields
// separated by commas, by semicolons (Excel where the decimal mark is a
// comma, as in Indonesia) or by tabs.
type csvText struct {
	data  []byte
	comma rune
}

func newCSVText(raw []byte) csvText {
	t := csvText{data: raw}
	switch {
	case bytes.HasPrefix(raw, []byte("\xef\xbb\xbf")):
		t.data = raw[3:]
	case bytes.HasPrefix(raw, []byte("\xff\xfe")), bytes.HasPrefix(raw, []byte("\xfe\xff")):
		dec := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewDecoder()
		if out, err := dec.Bytes(raw); err == nil {
			t.data = out
		}
	case !utf8.Valid(raw):
		if out, err := charmap.Windows1252.NewDecoder().Bytes(raw); err == nil {
			t.data = out
		}
	}
	t.data = normaliseLineEnds(t.data)
	t.comma = sniffSeparator(t.data)
	return t
}

// reader reads the text as CSV, as leniently as spreadsheets write it.
func (t csvText) reader() *csv.Reader {
	r := csv.NewReader(bytes.NewReader(t.data))
	r.Comma = t.comma
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	return r
}

// normaliseLineEnds turns CR LF and lone CR into LF, so that a file
// saved on an old Mac reads as lines.
func normaliseLineEnds(b []byte) []byte {
	if !bytes.ContainsRune(b, '\r') {
		return b
	}
	b = bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
	return bytes.ReplaceAll(b, []byte("\r"), []byte("\n"))
}

// sniffSeparator tells which of comma, semicolon and tab separates the
// fields, counting each outside quotes on the first lines: the one
// found most often, commas when none is.
func sniffSeparator(b []byte) rune {
	const lines = 20
	if len(b) > 64<<10 {
		b = b[:64<<10]
	}
	counts := map[rune]int{}
	inQuotes := false
	seen := 0
	for _, c := range string(b) {
		switch {
		case c == '"':
			inQuotes = !inQuotes
		case inQuotes:
		case c == '\n':
			if seen++; seen == lines {
				return mostCounted(counts)
			}
		case c == ',' || c == ';' || c == '\t':
			counts[c]++
		}
	}
	return mostCounted(counts)
}

func mostCounted(counts map[rune]int) rune {
	best := ','
	for _, c := range []rune{';', '\t'} {
		if counts[c] > counts[best] {
			best = c
		}
	}
	return best
}

package questionnaires

import (
	"bytes"
	"strings"

	"github.com/xuri/excelize/v2"
)

// dropEmptyCells removes from an opened workbook's worksheets the cells
// that hold nothing: a sheet formatted to its last row and column (pyxform's
// spec workbook has some 105,000 such cells among a few hundred values)
// otherwise costs excelize an XML element and a number-format parse per
// cell, nine tenths of reading the form. A cell with no value, formula or
// child element is what excelize's Rows leaves out anyway, so the rows
// read are the same. A worksheet excelize keeps in a temporary file (a
// huge one) is left as it is.
func dropEmptyCells(f *excelize.File) {
	f.Pkg.Range(func(k, v any) bool {
		name, ok := k.(string)
		data, isBytes := v.([]byte)
		if ok && isBytes && strings.Contains(name, "worksheets/") && strings.HasSuffix(name, ".xml") {
			if out, changed := withoutEmptyCells(data); changed {
				f.Pkg.Store(name, out)
			}
		}
		return true
	})
}

// withoutEmptyCells returns a worksheet's XML without its self-closing
// <c …/> elements. It changes nothing unless every cell names its place
// (r="B7"): a cell without one is placed after the previous cell, which
// removing an empty cell would move.
func withoutEmptyCells(data []byte) ([]byte, bool) {
	var out []byte
	last := 0 // data[last:] is not yet copied to out
	for i := 0; ; {
		j := bytes.Index(data[i:], []byte("<c"))
		if j < 0 {
			break
		}
		start := i + j
		i = start + 2
		if i >= len(data) {
			return data, false
		}
		switch data[i] {
		case ' ', '\t', '\n', '\r':
		case '>', '/':
			return data, false // a cell without r
		default:
			continue // <col, <cols, <cfRule…
		}
		end := bytes.IndexByte(data[i:], '>')
		if end < 0 {
			return data, false
		}
		end += i
		tag := data[start : end+1]
		if bytes.Count(tag, []byte(`"`))%2 != 0 || bytes.IndexByte(tag, '\'') >= 0 || !namesPlace(tag) {
			return data, false
		}
		i = end + 1
		if tag[len(tag)-2] != '/' {
			continue // a cell with a value or formula
		}
		if out == nil {
			out = make([]byte, 0, len(data))
		}
		out = append(out, data[last:start]...)
		last = i
	}
	if out == nil || bytes.Contains(data, []byte(":c ")) {
		// Nothing to drop, or cells of a namespace prefix this does not
		// look at.
		return data, false
	}
	return append(out, data[last:]...), true
}

// namesPlace reports whether a cell's start tag has an r attribute.
func namesPlace(tag []byte) bool {
	for _, ws := range []string{" ", "\t", "\n", "\r"} {
		if bytes.Contains(tag, []byte(ws+`r="`)) {
			return true
		}
	}
	return false
}

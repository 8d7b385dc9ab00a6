package export

import (
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// xlsxName is the workbook --xlsx writes beside the CSV files.
const xlsxName = "data.xlsx"

// workbook is data.xlsx: the same tables as the CSV files, one sheet
// each, plus the codebook. Excel opens a CSV by guessing each cell's
// type, which turns a 16-digit NIK into 7.37E+15 and drops a phone
// number's leading 0; in the workbook, numbers are numbers and
// everything else is text, so nothing needs fixing by hand. Rows are
// streamed, so memory does not grow with the number of interviews.
type workbook struct {
	f      *excelize.File
	sheets []*sheet
	bold   int
}

// sheet is one worksheet being streamed.
type sheet struct {
	name    string
	sw      *excelize.StreamWriter
	rows    int
	cols    int    // the widest row
	numeric []bool // by column: write numbers as numbers
	// placeholder is the used range the sheet declares while streaming,
	// one per sheet; save puts the real range in its place.
	placeholder string
}

// newWorkbook starts a workbook whose temporary files, which hold the
// same data as the export, stay in the export folder.
func newWorkbook(dir string) (*workbook, error) {
	f := excelize.NewFile(excelize.Options{TmpDir: dir})
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", xlsxName, err)
	}
	return &workbook{f: f, bold: bold}, nil
}

// add starts a sheet with a bold, frozen header row.
func (b *workbook) add(name string, header []string, numeric []bool) (*sheet, error) {
	name = b.uniqueName(name)
	if len(b.sheets) == 0 {
		if err := b.f.SetSheetName("Sheet1", name); err != nil {
			return nil, fmt.Errorf("%s: sheet %s: %w", xlsxName, name, err)
		}
	} else if _, err := b.f.NewSheet(name); err != nil {
		return nil, fmt.Errorf("%s: sheet %s: %w", xlsxName, name, err)
	}
	// The stream writer declares the sheet's used range before any row
	// is written; a range no sheet of an export reaches stands in for it
	// until save knows the real one.
	placeholder := "A1:XFD" + strconv.Itoa(excelize.TotalRows-len(b.sheets))
	if err := b.f.SetSheetDimension(name, placeholder); err != nil {
		return nil, fmt.Errorf("%s: sheet %s: %w", xlsxName, name, err)
	}
	sw, err := b.f.NewStreamWriter(name)
	if err != nil {
		return nil, fmt.Errorf("%s: sheet %s: %w", xlsxName, name, err)
	}
	s := &sheet{name: name, sw: sw, numeric: numeric, placeholder: placeholder}
	b.sheets = append(b.sheets, s)
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return nil, fmt.Errorf("%s: sheet %s: %w", xlsxName, name, err)
	}
	if len(header) > excelize.MaxColumns {
		return nil, fmt.Errorf("%s: sheet %s has %d columns; Excel takes at most %d (use the CSV files)", xlsxName, name, len(header), excelize.MaxColumns)
	}
	cells := make([]any, len(header))
	for i, h := range header {
		cells[i] = excelize.Cell{StyleID: b.bold, Value: h}
	}
	return s, s.set(cells)
}

// uniqueName fits a table's name to Excel's sheet names: at most 31
// characters, none of : \ / ? * [ ], and different from the others.
func (b *workbook) uniqueName(name string) string {
	name = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`:\/?*[]`, r) {
			return '_'
		}
		return r
	}, strings.TrimSuffix(name, ".csv"))
	base := []rune(name)
	if len(base) > excelize.MaxSheetNameLength {
		base = base[:excelize.MaxSheetNameLength]
	}
	try := string(base)
	for n := 2; b.has(try); n++ {
		suffix := "~" + strconv.Itoa(n)
		try = string(base[:min(len(base), excelize.MaxSheetNameLength-len(suffix))]) + suffix
	}
	return try
}

func (b *workbook) has(name string) bool {
	for _, s := range b.sheets {
		if strings.EqualFold(s.name, name) {
			return true
		}
	}
	return false
}

// write adds a row of the same values the CSV holds.
func (s *sheet) write(row []string) error {
	cells := make([]any, len(row))
	for i, v := range row {
		switch {
		case v == "":
			cells[i] = nil
		case i < len(s.numeric) && s.numeric[i]:
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				cells[i] = f
				continue
			}
			cells[i] = v
		default:
			cells[i] = v
		}
	}
	return s.set(cells)
}

func (s *sheet) set(cells []any) error {
	if s.rows >= excelize.TotalRows {
		return fmt.Errorf("%s: sheet %s: more than %d rows, Excel's limit (use the CSV files)", xlsxName, s.name, excelize.TotalRows)
	}
	s.rows++
	s.cols = max(s.cols, len(cells))
	cell, err := excelize.CoordinatesToCellName(1, s.rows)
	if err == nil {
		err = s.sw.SetRow(cell, cells)
	}
	if err != nil {
		return fmt.Errorf("%s: sheet %s, row %d: %w", xlsxName, s.name, s.rows, err)
	}
	return nil
}

// save finishes every sheet and writes the workbook.
func (b *workbook) save(path string) error {
	for _, s := range b.sheets {
		if err := s.sw.Flush(); err != nil {
			return fmt.Errorf("%s: sheet %s: %w", xlsxName, s.name, err)
		}
	}
	if err := b.f.SaveAs(path); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	ranges := map[string]string{}
	for _, s := range b.sheets {
		last, err := excelize.CoordinatesToCellName(max(s.cols, 1), max(s.rows, 1))
		if err != nil {
			return fmt.Errorf("%s: sheet %s: %w", xlsxName, s.name, err)
		}
		ranges[s.placeholder] = "A1:" + last
	}
	if err := setDimensions(path, ranges); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	// As the CSV files: the workbook may hold personal data.
	if err := os.Chmod(path, 0o600); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// close removes the workbook's temporary files.
func (b *workbook) close() error { return b.f.Close() }

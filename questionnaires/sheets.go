package questionnaires

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"
)

// sheet is one sheet of a workbook as rows of cells, before any XLSForm
// meaning is given to it.
type sheet struct {
	name   string // as written
	header []string
	rows   []sheetRow
	// headerRow is the header's row number in the file.
	headerRow int
	// letters gives each column's spreadsheet letter, or "" for CSV.
	letters []string
	// csv marks a sheet of pyxform's CSV layout, whose rows pyxform
	// numbers by their place in the sheet rather than by line.
	csv bool
}

type sheetRow struct {
	num   int // row number in the file, 1-based
	cells []string
}

func (r sheetRow) cell(i int) string {
	if i < 0 || i >= len(r.cells) {
		return ""
	}
	return strings.TrimSpace(r.cells[i])
}

func (r sheetRow) blank() bool {
	for _, c := range r.cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// workbook maps lower-case sheet names to sheets.
type workbook map[string]*sheet

// maxCells bounds what one form may hold, so that a corrupt or hostile
// file is refused rather than exhausting memory.
const maxCells = 4_000_000

func readXLSX(data []byte) (workbook, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("not a readable .xlsx workbook: %w", err)
	}
	defer f.Close()
	dropEmptyCells(f)
	return readSheets(f)
}

// readSheets reads every sheet of an opened workbook.
func readSheets(f *excelize.File) (workbook, error) {
	wb := workbook{}
	cells := 0
	for _, name := range f.GetSheetList() {
		rows, err := f.Rows(name)
		if err != nil {
			return nil, fmt.Errorf("sheet %s: %w", name, err)
		}
		s := &sheet{name: name}
		num := 0
		for rows.Next() {
			num++
			cols, err := rows.Columns()
			if err != nil {
				rows.Close()
				return nil, fmt.Errorf("sheet %s, row %d: %w", name, num, err)
			}
			cells += len(cols)
			if cells > maxCells {
				rows.Close()
				return nil, errors.New("the workbook has more than 4 million cells; a questionnaire is far smaller")
			}
			s.add(num, cols)
		}
		rows.Close()
		s.letters = make([]string, len(s.header))
		for i := range s.header {
			s.letters[i], _ = excelize.ColumnNumberToName(i + 1)
		}
		wb[strings.ToLower(strings.TrimSpace(name))] = s
	}
	return wb, nil
}

// add appends a row read from the file; the first non-blank row is the
// header.
func (s *sheet) add(num int, cells []string) {
	r := sheetRow{num, cells}
	if s.header == nil {
		if r.blank() {
			return
		}
		s.header = make([]string, len(cells))
		for i, c := range cells {
			s.header[i] = strings.TrimSpace(c)
		}
		s.headerRow = num
		return
	}
	if r.blank() {
		return
	}
	s.rows = append(s.rows, r)
}

// readCSV reads pyxform's single-file CSV layout: a row whose first cell
// names a sheet, then that sheet's rows with the first cell empty.
func readCSV(data []byte) (workbook, error) {
	r := newCSVText(data).reader()
	wb := workbook{}
	var cur *sheet
	cells := 0
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		line, _ := r.FieldPos(0)
		if err != nil {
			return nil, fmt.Errorf("not a readable CSV file: %w", err)
		}
		cells += len(rec)
		if cells > maxCells {
			return nil, errors.New("the file has more than 4 million cells; a questionnaire is far smaller")
		}
		if first := strings.TrimSpace(rec[0]); first != "" {
			key := strings.ToLower(first)
			if wb[key] != nil {
				return nil, fmt.Errorf("line %d: sheet %q starts a second time", line, first)
			}
			cur = &sheet{name: first, csv: true}
			wb[key] = cur
			// pyxform reads cells after the sheet's name, when there
			// are any, as its header.
			if rest := rec[1:]; !(sheetRow{cells: rest}).blank() {
				cur.add(line, rest)
			}
			continue
		}
		if cur == nil {
			if (sheetRow{cells: rec}).blank() {
				continue
			}
			return nil, fmt.Errorf("line %d: rows come before any sheet name; the first cell of the first row must name a sheet (survey, choices, settings)", line)
		}
		cur.add(line, rec[1:])
	}
	for _, s := range wb {
		s.letters = make([]string, len(s.header))
	}
	return wb, nil
}

// columnRef names column i of a sheet for a message.
func (s *sheet) columnRef(i int) string {
	if i < 0 || i >= len(s.header) {
		return ""
	}
	if s.letters[i] != "" {
		return fmt.Sprintf("%s (%s)", s.header[i], s.letters[i])
	}
	return s.header[i]
}

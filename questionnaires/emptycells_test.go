package questionnaires

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

func TestWithoutEmptyCells(t *testing.T) {
	tests := []struct {
		name, in, want string
		changed        bool
	}{
		{"empty styled cells go", `<cols><col min="1"/></cols><row r="1"><c r="A1" s="1" t="s"><v>0</v></c><c r="B1" s="1"/><c r="C1" s="2" /></row>`,
			`<cols><col min="1"/></cols><row r="1"><c r="A1" s="1" t="s"><v>0</v></c></row>`, true},
		{"a formula stays", `<row r="1"><c r="A1"><f>1+1</f></c><c r="B1"/></row>`, `<row r="1"><c r="A1"><f>1+1</f></c></row>`, true},
		{"a cell without r keeps the sheet as it is", `<row r="1"><c r="A1"/><c t="s"><v>0</v></c></row>`, `<row r="1"><c r="A1"/><c t="s"><v>0</v></c></row>`, false},
		{"a bare cell keeps the sheet as it is", `<row r="1"><c r="A1"/><c/></row>`, `<row r="1"><c r="A1"/><c/></row>`, false},
		{"a quote in a tag keeps the sheet as it is", `<row><c r="A1" x='>'/></row>`, `<row><c r="A1" x='>'/></row>`, false},
		{"nothing to drop", `<row r="1"><c r="A1" t="s"><v>0</v></c></row>`, `<row r="1"><c r="A1" t="s"><v>0</v></c></row>`, false},
		{"prefixed cells are left", `<x:row><x:c r="A1"/></x:row><c r="B1"/>`, `<x:row><x:c r="A1"/></x:row><c r="B1"/>`, false},
		{"cut short", `<row><c`, `<row><c`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, changed := withoutEmptyCells([]byte(tt.in))
			if string(got) != tt.want || changed != tt.changed {
				t.Errorf("got %s (changed %v), want %s (%v)", got, changed, tt.want, tt.changed)
			}
		})
	}
}

// TestEmptyCellsDroppedReadAlike: a workbook with styled empty cells
// around numbers, dates, booleans and formulas reads the same rows with
// its empty cells dropped as without.
func TestEmptyCellsDroppedReadAlike(t *testing.T) {
	f := excelize.NewFile()
	style, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	dateStyle, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	f.SetSheetRow("Sheet1", "A1", &[]any{"type", "name", "label", "default"})
	f.SetSheetRow("Sheet1", "A2", &[]any{"integer", "n", "Umur", 1.5})
	f.SetSheetRow("Sheet1", "A3", &[]any{"date", "d", "Tanggal", time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)})
	f.SetCellStyle("Sheet1", "D3", "D3", dateStyle)
	f.SetSheetRow("Sheet1", "A4", &[]any{"text", false, "Nama"})
	f.SetCellFormula("Sheet1", "D4", "1+1")
	f.SetCellStyle("Sheet1", "A1", "Z40", style)
	f.SetCellStyle("Sheet1", "D3", "D3", dateStyle)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	read := func(drop bool) workbook {
		f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if drop {
			dropEmptyCells(f)
		}
		wb, err := readSheets(f)
		if err != nil {
			t.Fatal(err)
		}
		return wb
	}
	plain, dropped := read(false), read(true)
	if !reflect.DeepEqual(plain, dropped) {
		t.Errorf("read with empty cells dropped:\n%+v\nwithout:\n%+v", dropped["sheet1"], plain["sheet1"])
	}
	if got := dropped["sheet1"].rows; len(got) != 3 || got[1].cell(3) == "" || got[2].cell(1) != "FALSE" {
		t.Errorf("rows %+v", got)
	}
}

// TestSharedWorkbooksReadAlike: every shared .xlsx form reads the same
// rows with its empty cells dropped as without.
func TestSharedWorkbooksReadAlike(t *testing.T) {
	var files []string
	for _, pattern := range []string{"*.xlsx", "real/*.xlsx"} {
		found, _ := filepath.Glob(filepath.Join(sharedForms, pattern))
		files = append(files, found...)
	}
	if len(files) == 0 {
		t.Skipf("the shared forms folder %s is not available", sharedForms)
	}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		read := func(drop bool) workbook {
			f, err := excelize.OpenReader(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if drop {
				dropEmptyCells(f)
			}
			wb, err := readSheets(f)
			if err != nil {
				t.Fatal(err)
			}
			return wb
		}
		if !reflect.DeepEqual(read(false), read(true)) {
			t.Errorf("%s reads differently with its empty cells dropped", file)
		}
	}
}

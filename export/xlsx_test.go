package export

import (
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestWorkbook: data.xlsx holds the same tables as the CSV files, with
// numbers as numbers and identifiers as text, so that Excel keeps a
// NIK's 16 digits and a phone number's leading 0.
func TestWorkbook(t *testing.T) {
	st, form := simulated(t, 40)
	dir := t.TempDir()
	res, err := Run(st, form, dir, Options{Simulated: IncludeSimulated, IncludePII: true, XLSX: true})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, xlsxName)
	if !slices.Contains(res.Files, path) {
		t.Errorf("the result does not list %s: %v", path, res.Files)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got, want := f.GetSheetList(), []string{"data", "codebook"}; !slices.Equal(got, want) {
		t.Errorf("sheets %v, want %v", got, want)
	}
	rows, err := f.GetRows("data")
	if err != nil {
		t.Fatal(err)
	}
	csvHeader, csvRows := readCSV(t, filepath.Join(dir, "data.csv"))
	if !slices.Equal(rows[0], csvHeader) || len(rows)-1 != len(csvRows) {
		t.Fatalf("data sheet: %d columns and %d rows; data.csv: %d and %d", len(rows[0]), len(rows)-1, len(csvHeader), len(csvRows))
	}
	// The declared used range is the real one: some readers trust it.
	last, _ := excelize.CoordinatesToCellName(len(csvHeader), len(csvRows)+1)
	if dim, err := f.GetSheetDimension("data"); err != nil || dim != "A1:"+last {
		t.Errorf("data sheet declares %q (%v), holds A1:%s", dim, err, last)
	}
	col := func(name string) int { return slices.Index(csvHeader, name) + 1 }
	checked := 0
	for r, want := range csvRows {
		for _, tt := range []struct {
			name string
			typ  excelize.CellType
		}{
			{"nik", excelize.CellTypeInlineString},
			{"phone_number", excelize.CellTypeInlineString},
			{"resp_age", excelize.CellTypeUnset},
			{"ewallets_gopay", excelize.CellTypeUnset},
		} {
			if want[tt.name] == "" {
				continue
			}
			cell, _ := excelize.CoordinatesToCellName(col(tt.name), r+2)
			typ, err := f.GetCellType("data", cell)
			if err != nil {
				t.Fatal(err)
			}
			if typ != tt.typ {
				t.Errorf("%s %s: cell type %v, want %v", tt.name, cell, typ, tt.typ)
			}
			got, _ := f.GetCellValue("data", cell, excelize.Options{RawCellValue: true})
			if got != want[tt.name] {
				t.Errorf("%s %s: %q in the workbook, %q in the CSV", tt.name, cell, got, want[tt.name])
			}
			checked++
		}
	}
	if checked < 40 {
		t.Errorf("only %d cells compared", checked)
	}
	codebook, _ := f.GetRows("codebook")
	if len(codebook) < 40 || codebook[0][1] != "variable" {
		t.Errorf("codebook sheet: %d rows, header %v", len(codebook), codebook[0])
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if !slices.Contains(baseNames(res.Files), e.Name()) {
			t.Errorf("a file is left in the export folder: %s", e.Name())
		}
	}
}

func TestSheetNames(t *testing.T) {
	b := &workbook{}
	tests := []struct{ in, want string }{
		{"data.csv", "data"},
		{"a_very_long_repeat_group_name_for_members.csv", "a_very_long_repeat_group_name_f"},
		{"a_very_long_repeat_group_name_for_children.csv", "a_very_long_repeat_group_name~2"},
		{"odd[name]?.csv", "odd_name__"},
		{"DATA.csv", "DATA~2"},
	}
	for _, tt := range tests {
		got := b.uniqueName(tt.in)
		if got != tt.want {
			t.Errorf("uniqueName(%q) = %q, want %q", tt.in, got, tt.want)
		}
		b.sheets = append(b.sheets, &sheet{name: got})
	}
}

// TestFilesReadableByTheOwnerOnly: an export may hold personal data, so
// no other account on the laptop may read it.
func TestFilesReadableByTheOwnerOnly(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows files have no Unix permission bits")
	}
	st, form := simulated(t, 5)
	res, err := Run(st, form, t.TempDir(), Options{Simulated: IncludeSimulated, XLSX: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Files {
		info, err := os.Stat(f)
		if err != nil {
			t.Fatal(err)
		}
		if perm := info.Mode().Perm(); perm&0o077 != 0 {
			t.Errorf("%s has mode %v; others may read it", filepath.Base(f), perm)
		}
	}
}

func baseNames(paths []string) []string {
	out := make([]string, len(paths))
	for i, p := range paths {
		out[i] = filepath.Base(p)
	}
	return out
}

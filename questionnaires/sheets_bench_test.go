package questionnaires

import (
	"os"
	"testing"
)

// BenchmarkReadSpecWorkbook reads pyxform's spec workbook (about 200 KB,
// with some 105,000 empty cells that carry a style): what siap check
// spends before it gives the form any meaning.
func BenchmarkReadSpecWorkbook(b *testing.B) {
	data, err := os.ReadFile(sharedForm(b, "xlsform_spec_test.xlsx"))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := readXLSX(data); err != nil {
			b.Fatal(err)
		}
	}
}

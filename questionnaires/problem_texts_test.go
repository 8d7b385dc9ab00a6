package questionnaires

import (
	"errors"
	"strings"
	"testing"

	"siap/internal/formatcheck"
)

// TestProblemMessagesHaveBothLanguages: every message a form's problem
// can carry (the format of each errorf, warnf and say) has its Bahasa
// Indonesia in problemTexts, with the same verbs in the same order, and
// the table holds nothing no problem says.
func TestProblemMessagesHaveBothLanguages(t *testing.T) {
	formats := formatcheck.Formats(t, ".", map[string]int{"errorf": 3, "warnf": 3, "say": 0}, "problem.go")
	if len(formats) < 50 {
		t.Fatalf("found %d problem messages: the test no longer reads them", len(formats))
	}
	for f, where := range formats {
		id, ok := problemTexts[f]
		switch {
		case !ok || id == "":
			t.Errorf("%s: problem message %q has no Bahasa Indonesia in problemTexts", where, f)
		case formatcheck.Verbs(id) != formatcheck.Verbs(f):
			t.Errorf("%s: problem message %q: the two languages take different arguments (%s, %s)", where, f, formatcheck.Verbs(id), formatcheck.Verbs(f))
		}
	}
	for f := range problemTexts {
		if _, ok := formats[f]; !ok {
			t.Errorf("problemTexts has %q, which no problem says", f)
		}
	}
}

// A form's problems read in the language asked, naming the same file,
// sheet, row and column; in English, In is what String always said.
func TestProblemsInEitherLanguage(t *testing.T) {
	tests := []struct {
		name   string
		sheets [][]string
		lang   string
		want   string
	}{
		{"unknown type", [][]string{{"survey", "type,name,label", "intgr,age,Age"}}, "id",
			`f.csv: lembar survey, baris 3, kolom "type": kesalahan: "intgr" bukan tipe pertanyaan yang dikenal XLSForm`},
		{"unknown type", [][]string{{"survey", "type,name,label", "intgr,age,Age"}}, "en",
			`f.csv: sheet survey, row 3, column "type": error: "intgr" is not a question type XLSForm knows`},
		{"a hint within", [][]string{{"survey", "type,name,label,relevant", "integer,Age,A,", "integer,b,B,${age} > 1"}}, "Bahasa Indonesia (id)",
			`f.csv: lembar survey, baris 4, kolom "relevant": kesalahan: ${age} bukan pertanyaan dalam kuesioner (maksudnya ${Age}?)`},
		{"an expression's syntax", [][]string{{"survey", "type,name,label,relevant", "integer,a,A,", "integer,b,B,${a} >"}}, "id",
			`kesalahan: "${a} >" bukan ekspresi yang sah: pada karakter 7: ekspresinya berakhir di tempat yang seharusnya berisi nilai`},
		{"an expression's syntax", [][]string{{"survey", "type,name,label,relevant", "integer,a,A,", "integer,b,B,${a} >"}}, "en",
			`error: "${a} >" is not a valid expression: at character 7: the expression ends where a value was expected`},
		{"names listed", [][]string{{"survey", "type,name,label", "begin group,right,Right", "integer,lux,Lux", "end group,,", "begin group,left,Left", "integer,lux,Lux", "end group,,", "note,n,Lux ${lux}"}}, "id",
			"beberapa pertanyaan bernama itu: baris 4 (grup right), baris 7 (grup left)"},
	}
	for _, tt := range tests {
		t.Run(tt.name+" "+tt.lang, func(t *testing.T) {
			_, err := Parse("f.csv", form(tt.sheets...), nil)
			var le *LoadError
			if !errors.As(err, &le) {
				t.Fatalf("Parse error = %v, want a LoadError", err)
			}
			var got []string
			for _, p := range le.Problems {
				if p.In("en") != p.String() {
					t.Errorf("In(en) = %q, String = %q", p.In("en"), p.String())
				}
				if strings.Contains(p.In(tt.lang), tt.want) {
					return
				}
				got = append(got, p.In(tt.lang))
			}
			t.Errorf("no problem in %s containing %q; got %q", tt.lang, tt.want, got)
		})
	}
}

// A form's load error names its first error and how many more there
// are, in the language asked.
func TestLoadErrorInIndonesian(t *testing.T) {
	_, err := Parse("f.csv", form([]string{"survey", "type,name,label", "intgr,a,A", "integer,b,"}), nil)
	var le *LoadError
	if !errors.As(err, &le) {
		t.Fatal(err)
	}
	want := `f.csv: lembar survey, baris 3, kolom "type": kesalahan: "intgr" bukan tipe pertanyaan`
	if got := le.In("id"); !strings.HasPrefix(got, want) || !strings.HasSuffix(got, "(dan 1 kesalahan lain; jalankan siap check f.csv)") {
		t.Errorf("In(id) = %q, want it to start %q and count one more", got, want)
	}
	if le.Error() != le.In("en") {
		t.Errorf("Error() = %q, In(en) = %q", le.Error(), le.In("en"))
	}
}

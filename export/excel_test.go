package export

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"siap/store"
)

// TestExcelFormulaInjection: with --excel, a text answer Excel would run
// as a formula is written as text; numbers and codes, even negative, are
// not touched, so that -99 still matches its label; only the CSV files
// get a byte-order mark (R and Stata stop at one in a script); without
// --excel nothing changes.
func TestExcelFormulaInjection(t *testing.T) {
	src := "survey,,,\n,type,name,label\n,text,note_text,Catatan\n,integer,change,Perubahan\n,select_one ans,asked,Ditanya\n" +
		"choices,,,\n,list_name,name,label\n,ans,1,Ya\n,ans,-99,Menolak\n"
	st, form, key := formFile(t, src)
	t0 := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	_, err := st.Import(store.Records(store.Record{
		Interview: store.Interview{ID: store.NewID(), FormKey: key, FormID: form.ID, Interviewer: "Ani", Status: store.Completed, Created: t0, Updated: t0.Add(time.Hour)},
		Answers:   map[string]store.Answer{"note_text": {Value: `=HYPERLINK("http://x","klik")`}, "change": {Value: "-5"}, "asked": {Value: "-99"}},
		Events: []store.Event{{Time: t0, Kind: store.EventSet, Path: "note_text", New: `=HYPERLINK("http://x","klik")`},
			{Time: t0, Kind: store.EventSet, Path: "asked", New: "-99"}},
	}))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		excel     bool
		text, num string
	}{
		{true, `'=HYPERLINK("http://x","klik")`, "-5"},
		{false, `=HYPERLINK("http://x","klik")`, "-5"},
	}
	for _, tt := range tests {
		dir := t.TempDir()
		if _, err := Run(st, form, dir, Options{Excel: tt.excel}); err != nil {
			t.Fatal(err)
		}
		b, _ := os.ReadFile(filepath.Join(dir, "data.csv"))
		os.WriteFile(filepath.Join(dir, "plain.csv"), []byte(strings.TrimPrefix(string(b), "\ufeff")), 0o600)
		_, rows := readCSV(t, filepath.Join(dir, "plain.csv"))
		if rows[0]["note_text"] != tt.text || rows[0]["change"] != tt.num || rows[0]["asked"] != "-99" {
			t.Errorf("excel=%v: note_text %q, change %q, asked %q; want %q, %q and -99", tt.excel, rows[0]["note_text"], rows[0]["change"], rows[0]["asked"], tt.text, tt.num)
		}
		para, _ := os.ReadFile(filepath.Join(dir, "paradata.csv"))
		if tt.excel && strings.Contains(string(para), `,"=HYPERLINK`) {
			t.Errorf("excel=%v: the paradata hold a formula:\n%s", tt.excel, para)
		}
		if strings.Contains(string(para), "'-99") {
			t.Errorf("excel=%v: the paradata guard a code as if it were a formula:\n%s", tt.excel, para)
		}
		for _, f := range []string{"data.csv", "paradata.csv", "codebook.csv", "data.R", "data.do", "data.sps"} {
			b, _ := os.ReadFile(filepath.Join(dir, f))
			if bom := strings.HasPrefix(string(b), "\ufeff"); bom != (tt.excel && strings.HasSuffix(f, ".csv")) {
				t.Errorf("excel=%v: %s starts with a byte-order mark: %v", tt.excel, f, bom)
			}
		}
	}
}

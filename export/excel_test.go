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
// as a formula is written as text; numbers, even negative, are not
// touched; without --excel nothing changes.
func TestExcelFormulaInjection(t *testing.T) {
	src := "survey,,,\n,type,name,label\n,text,note_text,Catatan\n,integer,change,Perubahan\n"
	st, form, key := formFile(t, src)
	t0 := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	err := st.Import([]store.Record{{
		Interview: store.Interview{ID: store.NewID(), FormKey: key, FormID: form.ID, Interviewer: "Ani", Status: store.Completed, Created: t0, Updated: t0.Add(time.Hour)},
		Answers:   map[string]store.Answer{"note_text": {Value: `=HYPERLINK("http://x","klik")`}, "change": {Value: "-5"}},
		Events:    []store.Event{{Time: t0, Kind: store.EventSet, Path: "note_text", New: `=HYPERLINK("http://x","klik")`}},
	}})
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
		if rows[0]["note_text"] != tt.text || rows[0]["change"] != tt.num {
			t.Errorf("excel=%v: note_text %q, change %q; want %q and %q", tt.excel, rows[0]["note_text"], rows[0]["change"], tt.text, tt.num)
		}
		para, _ := os.ReadFile(filepath.Join(dir, "paradata.csv"))
		if tt.excel && strings.Contains(string(para), `,"=HYPERLINK`) {
			t.Errorf("excel=%v: the paradata hold a formula:\n%s", tt.excel, para)
		}
	}
}

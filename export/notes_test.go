package export

import (
	"path/filepath"
	"testing"
	"time"

	"siap/store"
)

// TestNotesExported: notes on questions go to notes.csv, with who wrote
// them; a note on a personal-data question is left out unless
// --include-pii.
func TestNotesExported(t *testing.T) {
	st, form, key := formFile(t, "survey,,,,\n,type,name,label,pii\n,text,name,Nama,yes\n,integer,age,Umur,\n")
	t0 := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	id := store.NewID()
	_, err := st.Import(store.Records(store.Record{
		Interview: store.Interview{ID: id, FormKey: key, FormID: form.ID, Interviewer: "Ani", Status: store.Completed, Created: t0, Updated: t0,
			Notes: map[string]store.Note{
				"age":  {Text: "perkiraan responden", By: "Ani", Time: t0},
				"name": {Text: "nama panggilan Siti", By: "Sari", Time: t0},
			}},
		Answers: map[string]store.Answer{"name": {Value: "Siti"}, "age": {Value: "40"}},
	}))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		pii      bool
		nameNote string
	}{
		{false, "(personal data)"},
		{true, "nama panggilan Siti"},
	}
	for _, tt := range tests {
		dir := t.TempDir()
		if _, err := Run(st, form, dir, Options{IncludePII: tt.pii}); err != nil {
			t.Fatal(err)
		}
		header, rows := readCSV(t, filepath.Join(dir, "notes.csv"))
		if len(header) != 5 || len(rows) != 2 {
			t.Fatalf("notes.csv: header %v, %d rows", header, len(rows))
		}
		if r := rows[0]; r["question"] != "age" || r["note"] != "perkiraan responden" || r["by"] != "Ani" || r["interview_id"] != id {
			t.Errorf("age note: %v", r)
		}
		if r := rows[1]; r["question"] != "name" || r["note"] != tt.nameNote || r["by"] != "Sari" {
			t.Errorf("pii=%v: name note %v, want %q", tt.pii, r, tt.nameNote)
		}
	}
}

package export

import (
	"strings"
	"testing"

	"siap/store"
)

// An interview taken with a questionnaire the file keeps but that cannot
// be read is an error, not exported with the current form's columns.
func TestExportRefusesAnUnreadableKeptForm(t *testing.T) {
	src := "survey,,,\n,type,name,label\n,integer,age,Age\n"
	st, form, key := formFile(t, src)
	badKey, err := st.AddForm(store.FormSource{ID: form.ID, Version: "old", Name: "old.csv", Data: []byte("survey,,\n,type,name\n,no_such_type,x\n")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddForm(store.FormSource{ID: form.ID, Name: form.SourceName, Data: form.Source}); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{key, badKey} {
		iv, err := st.Create(store.Interview{FormKey: k, FormID: form.ID}, []store.Change{{Path: "age", Value: "30"}})
		if err != nil {
			t.Fatal(err)
		}
		if err := st.SetStatus(iv.ID, store.Completed, "x", ""); err != nil {
			t.Fatal(err)
		}
	}
	_, err = Run(st, form, t.TempDir(), Options{})
	if err == nil || !strings.Contains(err.Error(), "version old") || !strings.Contains(err.Error(), "cannot be read") {
		t.Errorf("export of an interview whose questionnaire cannot be read: %v", err)
	}
}

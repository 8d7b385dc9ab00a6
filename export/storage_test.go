package export

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"siap/questionnaires"
)

// Every type with an answer is exported: a type added to questionnaires
// with a new storage fails here until exportFormats has it.
func TestEveryTypeIsExported(t *testing.T) {
	for _, typ := range questionnaires.Types() {
		st := typ.Storage()
		if f, ok := exportFormats[st]; st != questionnaires.StoredNothing && (!ok || f.spss == "") {
			t.Errorf("%s: answers stored as storage %d have no export format in exportFormats (storage.go)", typ, st)
		}
	}
}

// SPSS is given each column in the format of its type; a range may take
// steps of 0.5, so it keeps its decimals as a decimal does.
func TestSPSSFormatFollowsTheType(t *testing.T) {
	src := "survey,,,,\n,type,name,label,parameters\n,integer,n,N,\n,decimal,d,D,\n,range,r,R,start=0 end=5 step=0.5\n,text,t,T,\n,select_one yn,c,C,\n,date,when,When,\n" +
		"choices,,,,\n,list_name,name,label,\n,yn,1,Yes,\n,yn,2,No,\n"
	st, form, _ := formFile(t, src)
	dir := t.TempDir()
	if _, err := Run(st, form, dir, Options{}); err != nil {
		t.Fatal(err)
	}
	sps, err := os.ReadFile(filepath.Join(dir, "data.sps"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{" n F12.0", " d F12.3", " r F12.3", " t A2000", " c F12.0", " when A255", " duration_min F12.3", " simulated F12.0"} {
		if !strings.Contains(string(sps), want) {
			t.Errorf("data.sps lacks %q:\n%s", want, sps)
		}
	}
}

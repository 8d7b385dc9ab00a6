package interview

import (
	"errors"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"siap/questionnaires"
)

// formIn builds a form from pyxform-layout CSV sheets with files beside
// it (nil: none).
func formIn(t testing.TB, files fstest.MapFS, sheets ...string) *questionnaires.Form {
	t.Helper()
	var b strings.Builder
	for _, sh := range sheets {
		lines := strings.Split(strings.TrimSpace(sh), "\n")
		b.WriteString(lines[0] + "\n")
		for _, l := range lines[1:] {
			b.WriteString("," + strings.TrimSpace(l) + "\n")
		}
	}
	var dir fs.FS
	if files != nil {
		dir = files
	}
	f, err := questionnaires.Parse("test.csv", []byte(b.String()), dir)
	if err != nil {
		t.Fatalf("form: %v", err)
	}
	return f
}

func TestLookupsPredicatesAndRelativePaths(t *testing.T) {
	files := fstest.MapFS{"prices.csv": {Data: []byte("crop,price\nmaize,4000\nrice,12000\nbeans,9000\n")}}
	f := formIn(t, files, `survey
		type,name,label,calculation,constraint,relevant
		select_one crops,crop,Crop,,,
		calculate,price,,instance('prices')/root/item[crop = ${crop}]/price,,
		calculate,costly,,count(instance('prices')/root/item[price > 5000]),,
		calculate,grade_label,,instance('reference')/root/item[name = 'Q002']/label,,
		begin repeat,members,Member,,,
		text,mname,Name,,,
		integer,age,Age,,. < 120 and ../mname != '',
		calculate,nth,,position(..),,
		calculate,all_here,,count(../../members) + count(/data/members) * 100,,
		note,older,Older than the first,,,${age} > /data/members[1]/age
		end repeat,,,,,
		calculate,adults,,count(${members}[age > 17]),,
		calculate,first_adult,,/data/members[age > 17][1]/mname,,
		calculate,oldest,,max(/data/members/age),,
		text,village,Village,,,
		note,again,Last time: ${last-saved#village},,,`, `choices
		list_name,name,label
		crops,maize,Maize
		crops,rice,Rice
		crops,beans,Beans
		reference,Q001,Follicles
		reference,Q002,Scarring`)
	s := New(f, Meta{Now: fixedNow, LastSaved: map[string]string{"village": "Oebufu"}})
	mustSet(t, s, "crop", "rice")
	for _, m := range []struct{ name, age string }{{"Ani", "15"}, {"Budi", "40"}, {"Citra", "19"}} {
		it, err := s.AddInstance("members")
		if err != nil || it == nil {
			t.Fatalf("AddInstance: %v", err)
		}
		prefix := strings.TrimSuffix(it.Path, "mname")
		mustSet(t, s, prefix+"mname", m.name)
		mustSet(t, s, prefix+"age", m.age)
	}
	want := map[string]string{
		"price": "12000", "costly": "2", "grade_label": "Scarring",
		"members[2]/nth": "2", "adults": "2",
		// A relative path reaches every member; an absolute one written
		// inside the repeat keeps to its instance, as JavaRosa does.
		"members[2]/all_here": "103", "first_adult": "Budi", "oldest": "40",
	}
	for p, w := range want {
		if got := s.Value(p); got != w {
			t.Errorf("%s = %q, want %q", p, got, w)
		}
	}
	// /data/members[1]/age names the first member from any instance.
	if it := s.Item("members[2]/older"); it == nil || !it.Relevant {
		t.Error("members[2]/older should be relevant: 40 > 15")
	}
	if it := s.Item("members[1]/older"); it == nil || it.Relevant {
		t.Error("members[1]/older should not be relevant")
	}
	// ../mname in a constraint reads the same instance's name.
	if _, err := s.AddInstance("members"); err != nil {
		t.Fatal(err)
	}
	if err := s.Set("members[4]/age", "30"); err == nil {
		t.Error("../mname: an age without the member's name was accepted")
	}
	if got := s.Label(s.Item("again")); got != "Last time: Oebufu" {
		t.Errorf("last-saved label = %q", got)
	}
}

func TestInstanceNamesAreCheckedWhenTheFormLoads(t *testing.T) {
	src := "survey,,,\n,type,name,label,calculation\n,calculate,x,,instance('nowhere')/root/item[name='a']/label\n,calculate,y,,/data/grp/x\n,calculate,z,,${last-saved#ghost}\n"
	_, err := questionnaires.Parse("f.csv", []byte(src), fstest.MapFS{})
	var le *questionnaires.LoadError
	if !errors.As(err, &le) {
		t.Fatalf("a form naming missing instances: %v", err)
	}
	for i, want := range []string{"instance('nowhere') names no choice list", "names grp, which is not in /data", "${last-saved#ghost} names no question"} {
		found := false
		for _, p := range le.Problems {
			found = found || p.Row == 3+i && strings.Contains(p.Message, want)
		}
		if !found {
			t.Errorf("no error at row %d saying %q: %v", 3+i, want, le.Problems)
		}
	}
}

func TestXMLAndCSVAttachmentsDeclaredByTheirRows(t *testing.T) {
	files := fstest.MapFS{
		"households.xml": {Data: []byte(`<?xml version="1.0"?>
<households>
  <hh><id>1</id><head>Ani</head><size>4</size></hh>
  <hh><id>2</id><head>Budi</head><size>6</size></hh>
</households>`)},
		"villages.csv": {Data: []byte("code,name\n7,Oebufu\n8,Oesapa\n")},
	}
	f := formIn(t, files, `survey
		type,name,label,calculation
		xml-external,households,,
		csv-external,villages,,
		integer,hh_id,Household,
		calculate,head,,instance('households')/households/hh[id = ${hh_id}]/head
		calculate,people,,sum(instance('households')/households/hh/size)
		calculate,village,,instance('villages')/root/item[code = 8]/name`)
	s := New(f, Meta{Now: fixedNow})
	mustSet(t, s, "hh_id", "2")
	for p, w := range map[string]string{"head": "Budi", "people": "10", "village": "Oesapa"} {
		if got := s.Value(p); got != w {
			t.Errorf("%s = %q, want %q", p, got, w)
		}
	}
	if got := stopPaths(s); len(got) != 1 || got[0] != "hh_id" {
		t.Errorf("stops = %v: the external instances are not questions", got)
	}
	if _, ok := f.Attachments["households.xml"]; !ok {
		t.Error("the XML file is not kept with the form")
	}
}

// once(random()) draws once: the value is kept with the answers, so an
// interview taken up again (or exported) has the same child selected.
func TestOnceKeepsItsFirstValueAcrossRestore(t *testing.T) {
	f := formIn(t, nil, `survey
		type,name,label,calculation,relevant
		integer,children,Children,,
		calculate,pick,,once(int(${children} * random()) + 1),${children} > 0
		calculate,draw,,random(),`)
	draws := []float64{0.6, 0.1, 0.9, 0.3}
	next := func() float64 { v := draws[0]; draws = append(draws[1:], v); return v }
	s := New(f, Meta{Now: fixedNow, Random: next})
	mustSet(t, s, "children", "5")
	pick := s.Value("pick")
	if pick == "" || pick == "NaN" {
		t.Fatalf("pick = %q", pick)
	}
	mustSet(t, s, "children", "4")
	if got := s.Value("pick"); got != pick {
		t.Errorf("once() drew again after a change: %s then %s", pick, got)
	}
	r := Restore(f, Meta{Now: fixedNow, Random: next}, s.Answers())
	if got := r.Value("pick"); got != pick {
		t.Errorf("once() drew again on restore: %s then %s", pick, got)
	}
}

// A repeat's count and relevance are worked out from the repeat itself:
// ../n is the repeat's sibling, as pyxform writes jr:count.
func TestRepeatCountByARelativePath(t *testing.T) {
	f := formIn(t, nil, `survey
		type,name,label,repeat_count
		begin group,hh,Household,
		integer,n,Members,
		begin repeat,members,Member,../n
		text,mname,Name,
		end repeat,,,
		end group,,,`)
	s := New(f, Meta{Now: fixedNow})
	mustSet(t, s, "n", "3")
	if got := s.Count("members"); got != 3 {
		t.Errorf("repeat_count ../n gave %d instances, want 3", got)
	}
}

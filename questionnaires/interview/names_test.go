package interview

import (
	"slices"
	"testing"
)

func TestNamesReusedInGroupsAndRepeats(t *testing.T) {
	f := parseForm(t, `survey
		type,name,label,relevant
		integer,hh_id,Household,
		begin group,right,Right eye,
		integer,lux,Light,
		end group,,,
		begin group,left,Left eye,
		integer,lux,Light,
		end group,,,
		begin repeat,man,Men,
		text,name,Name,
		end repeat,,,
		begin repeat,woman,Women,
		text,name,Name,
		end repeat,,,`)
	if got := f.NodeAt("left/lux"); got == nil || got.Row != 8 {
		t.Fatalf("NodeAt(left/lux) = %v", got)
	}
	if f.Node("lux") != nil || f.Node("hh_id") == nil {
		t.Error("Node should find unique names only")
	}
	s := New(f, Meta{Now: fixedNow})
	mustSet(t, s, "hh_id", "3")
	mustSet(t, s, "right/lux", "120")
	mustSet(t, s, "left/lux", "80")
	if _, err := s.AddInstance("man"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddInstance("woman"); err != nil {
		t.Fatal(err)
	}
	mustSet(t, s, "man[1]/name", "Budi")
	mustSet(t, s, "woman[1]/name", "Siti")
	want := map[string]string{"hh_id": "3", "right/lux": "120", "left/lux": "80", "man[1]/name": "Budi", "woman[1]/name": "Siti"}
	vals := s.Values()
	for p, v := range want {
		if vals[p] != v {
			t.Errorf("value at %s = %q, want %q (all: %v)", p, vals[p], v, vals)
		}
	}
	if got := stopPaths(s); !slices.Contains(got, "left/lux") || !slices.Contains(got, "man[1]/name") {
		t.Errorf("stops = %v", got)
	}
}

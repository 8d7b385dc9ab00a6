package questionnaires

import "testing"

func TestNodeAt(t *testing.T) {
	f, err := Parse("f.csv", []byte("survey,,,\n,type,name,label\n,integer,hh,Household\n,begin repeat,members,Member\n,integer,age,Age\n,end repeat,,\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{"hh": "hh", "members[2]/age": "age", "members": "members", "nobody": ""} {
		got := ""
		if n := f.NodeAt(path); n != nil {
			got = n.Name
		}
		if got != want {
			t.Errorf("NodeAt(%q) is %q, want %q", path, got, want)
		}
	}
}

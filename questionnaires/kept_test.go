package questionnaires

import "testing"

func TestParseKept(t *testing.T) {
	shipped, err := Shipped()
	if err != nil {
		t.Fatal(err)
	}
	if f, err := ParseKept(ShippedName, ShippedSource(), nil); err != nil || f != shipped {
		t.Errorf("the shipped questionnaire, kept, is read again: %v", err)
	}
	f, err := ParseKept("f.csv", []byte("survey,,\n,type,name,label\n,select_one_from_file towns.csv,town,Town\n"), map[string][]byte{"towns.csv": []byte("name,label\nkpg,Kupang\n")})
	if err != nil || f.Node("town").List.Choice("kpg") == nil {
		t.Errorf("a kept form does not read its kept files: %v", err)
	}
	if _, err := ParseKept("f.csv", []byte("survey,,\n,type,name\n,no_such_type,x\n"), nil); err == nil {
		t.Error("a kept form that cannot be read gives no error")
	}
}

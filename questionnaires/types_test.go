package questionnaires

import (
	"strings"
	"testing"
)

// Every type is in typeTable, and its canonical name reads back as it.
func TestEveryTypeIsDescribed(t *testing.T) {
	names := map[string]Type{}
	for _, typ := range Types() {
		info := typeTable[typ]
		if info.name == "" {
			t.Errorf("Type %d has no entry in typeTable", typ)
			continue
		}
		if other, ok := names[info.name]; ok {
			t.Errorf("%s and Type %d share the name %q", other, typ, info.name)
		}
		names[info.name] = typ
		if typ == TypeUnsupported || typ == TypeSelectOne || typ == TypeSelectMultiple || typ == TypeLoop {
			continue // spelled with a list after them, or many ways
		}
		if rt, ok := parseType(info.name); !ok || rt.typ != typ || rt.end {
			t.Errorf("%s: its name reads as %v (ok %v)", typ, rt.typ, ok)
		}
	}
	for spelling, rt := range typeSpellings {
		if rt.typ == 0 || rt.typ >= typeCount {
			t.Errorf("spelling %q names no type", spelling)
		}
	}
}

func TestTypeSpellings(t *testing.T) {
	tests := []struct {
		raw  string
		want Type
		end  bool
		list string
	}{
		{"int", TypeInteger, false, ""},
		{"Select One yn", TypeSelectOne, false, "yn"},
		{"select all that apply from towns", TypeSelectMultiple, false, "towns"},
		{"select_one_from_file towns.csv", TypeSelectOne, false, "towns.csv"},
		{"begin loop over hh", TypeLoop, false, "hh"},
		{"end  group", TypeGroup, true, ""},
		{"uri:deviceid", TypeDeviceID, false, ""},
		{"phone number", TypePhoneNumber, false, ""},
		{"phonenumber", TypeDevicePhoneNumber, false, ""},
		{"geopoint", TypeUnsupported, false, ""},
		{"trigger", TypeAcknowledge, false, ""},
		// pyxform's other spellings and aliases.
		{"imei", TypeDeviceID, false, ""},
		{"get device id", TypeDeviceID, false, ""},
		{"photo", TypeUnsupported, false, ""},
		{"gps", TypeUnsupported, false, ""},
		{"add image prompt", TypeUnsupported, false, ""},
		{"add integer prompt", TypeInteger, false, ""},
		{"q dateTime", TypeDateTime, false, ""},
		{"get start time", TypeStart, false, ""},
		{"sim id", TypeSIMSerial, false, ""},
		{"percentage", TypeInteger, false, ""},
		{"add select one prompt using yn", TypeSelectOne, false, "yn"},
		{"add select multiple prompt using yn", TypeSelectMultiple, false, "yn"},
		{"select one from file towns.geojson", TypeSelectOne, false, "towns.geojson"},
		{"select_one yn or other", TypeSelectOne, false, "yn"},
		{"begin lgroup", TypeRepeat, false, ""},
		{"end looped group", TypeRepeat, true, ""},
	}
	for _, tt := range tests {
		rt, ok := parseType(tt.raw)
		if !ok || rt.typ != tt.want || rt.end != tt.end || rt.list != tt.list {
			t.Errorf("%q read as %v end %v list %q (ok %v); want %v end %v list %q", tt.raw, rt.typ, rt.end, rt.list, ok, tt.want, tt.end, tt.list)
		}
	}
	// pyxform has no "hidden string" (its "Unknown question type").
	for _, raw := range []string{"uri:integer", "select_one", "selectone x", "integerx", "hidden string"} {
		if rt, ok := parseType(raw); ok {
			t.Errorf("%q read as %v; want no type", raw, rt.typ)
		}
	}
}

// A type pyxform gives a range to checks it, unless the row has its own
// constraint; metadata a laptop lacks loads with a warning.
func TestTypeImplications(t *testing.T) {
	data := form([]string{"survey", "type,name,label,constraint",
		"percentage,p,P,", "number of days in last month,d,D,", "percentage,own,Own,. < 50", "simserial,sim,,"})
	f, err := Parse("f.csv", data, nil)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, constraint, hint string
	}{
		{"p", "0 <= . and . <= 100", ""},
		{"d", "0 <= . and . <= 31", "Enter a number 0-31."},
		{"own", ". < 50", ""},
	}
	for _, tt := range tests {
		n := f.Node(tt.name)
		if n.Constraint == nil || n.Constraint.String() != tt.constraint || n.Hint.In("", "") != tt.hint {
			t.Errorf("%s: constraint %v hint %q; want %q and %q", tt.name, n.Constraint, n.Hint.In("", ""), tt.constraint, tt.hint)
		}
	}
	found := false
	for _, p := range f.Warnings {
		found = found || p.Row == 6 && p.Column == "type" && strings.Contains(p.Message, `"simserial"`)
	}
	if !found {
		t.Errorf("no warning for simserial at row 6: %v", f.Warnings)
	}
}

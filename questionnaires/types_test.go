package questionnaires

import "testing"

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
	}
	for _, tt := range tests {
		rt, ok := parseType(tt.raw)
		if !ok || rt.typ != tt.want || rt.end != tt.end || rt.list != tt.list {
			t.Errorf("%q read as %v end %v list %q (ok %v); want %v end %v list %q", tt.raw, rt.typ, rt.end, rt.list, ok, tt.want, tt.end, tt.list)
		}
	}
	for _, raw := range []string{"uri:integer", "select_one", "selectone x", "integerx"} {
		if rt, ok := parseType(raw); ok {
			t.Errorf("%q read as %v; want no type", raw, rt.typ)
		}
	}
}

package questionnaires

import "strings"

// rowType is the type column of a survey row, understood.
type rowType struct {
	typ     string // canonical: integer, select_one, begin_group, ...
	kind    Kind
	list    string // the choice list, loop list or file named after the type
	orOther bool
}

// simpleTypes maps every spelling of a type that takes no argument.
var simpleTypes = map[string]rowType{
	"integer": {typ: "integer"}, "int": {typ: "integer"},
	"decimal": {typ: "decimal"},
	"text":    {typ: "text"}, "string": {typ: "text"},
	"date": {typ: "date"}, "time": {typ: "time"}, "datetime": {typ: "datetime"},
	"acknowledge": {typ: "acknowledge"}, "trigger": {typ: "acknowledge"},
	"range":        {typ: "range"},
	"phone number": {typ: "phone_number"}, "phone_number": {typ: "phone_number"},
	"note":      {typ: "note", kind: Note},
	"calculate": {typ: "calculate", kind: Calculate},
	"hidden":    {typ: "hidden", kind: Calculate},

	"begin group": {typ: "begin_group", kind: Group}, "begin_group": {typ: "begin_group", kind: Group},
	"end group": {typ: "end_group", kind: Group}, "end_group": {typ: "end_group", kind: Group},
	"begin repeat": {typ: "begin_repeat", kind: Repeat}, "begin_repeat": {typ: "begin_repeat", kind: Repeat},
	"end repeat": {typ: "end_repeat", kind: Repeat}, "end_repeat": {typ: "end_repeat", kind: Repeat},
	"end loop": {typ: "end_loop", kind: Repeat}, "end_loop": {typ: "end_loop", kind: Repeat},
}

// metadataTypes are recorded by siap, never asked. "uri:" forms are
// ODK's spellings of the same.
var metadataTypes = map[string]bool{
	"start": true, "end": true, "today": true, "deviceid": true, "subscriberid": true,
	"simserial": true, "phonenumber": true, "username": true, "email": true, "audit": true,
	"instanceid": true,
}

// unsupportedTypes need a camera, a microphone, a GPS or a map.
var unsupportedTypes = map[string]bool{
	"geopoint": true, "geotrace": true, "geoshape": true, "image": true, "audio": true,
	"video": true, "file": true, "barcode": true, "osm": true, "background-audio": true,
	"background-geopoint": true, "start-geopoint": true, "signature": true, "rank": true,
	"xml-external": true, "csv-external": true, "annotate": true, "draw": true,
}

// selectPrefixes maps the spellings of the select types, longest first
// where one is a prefix of another.
var selectPrefixes = []struct{ prefix, typ string }{
	{"select_one_from_file ", "select_one_from_file"},
	{"select_multiple_from_file ", "select_multiple_from_file"},
	{"select_one_external ", "select_one_external"},
	{"select one external ", "select_one_external"},
	{"select_one ", "select_one"}, {"select one from ", "select_one"}, {"select one ", "select_one"},
	{"select1 ", "select_one"},
	{"select_multiple ", "select_multiple"}, {"select all that apply from ", "select_multiple"},
	{"select all that apply ", "select_multiple"}, {"select multiple from ", "select_multiple"},
	{"select multiple ", "select_multiple"},
	{"begin loop over ", "begin_loop"}, {"begin_loop over ", "begin_loop"}, {"begin loop ", "begin_loop"},
	{"rank ", "rank"}, {"osm ", "osm"},
}

// parseType reads a survey row's type. ok is false for a type XLSForm
// does not have.
func parseType(raw string) (rowType, bool) {
	s := strings.Join(strings.Fields(raw), " ")
	lower := strings.ToLower(s)
	if t, ok := simpleTypes[lower]; ok {
		return t, true
	}
	base := strings.TrimPrefix(lower, "uri:")
	if metadataTypes[base] {
		return rowType{typ: base, kind: Metadata}, true
	}
	if unsupportedTypes[lower] {
		return rowType{typ: lower, kind: Unsupported}, true
	}
	for _, p := range selectPrefixes {
		if !strings.HasPrefix(lower, p.prefix) {
			continue
		}
		rest := strings.TrimSpace(s[len(p.prefix):])
		t := rowType{typ: p.typ, kind: Question}
		for _, suffix := range []string{" or_other", " or specify other"} {
			if strings.HasSuffix(strings.ToLower(rest), suffix) {
				rest = strings.TrimSpace(rest[:len(rest)-len(suffix)])
				t.orOther = true
			}
		}
		switch p.typ {
		case "begin_loop":
			t.kind = Repeat
			rest = strings.TrimPrefix(rest, "over ")
		case "rank", "osm":
			t.kind = Unsupported
		}
		if rest == "" || strings.Contains(rest, " ") {
			return rowType{}, false
		}
		t.list = rest
		return t, true
	}
	return rowType{}, false
}

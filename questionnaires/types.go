package questionnaires

import (
	"strconv"
	"strings"
)

// Type is what a survey row is, whatever XLSForm spelling it was written
// in (int, select one, begin group, ...). The set of types is closed:
// code that treats types differently keys a table by Type, and a test
// beside each table fails when a type is missing from it. Adding a type
// is one constant here, its entry in typeTable and its spellings in
// typeSpellings; the tests then list the behaviours it still needs (see
// DEVELOPERS.md).
type Type uint8

// The types. The zero Type is none of them.
const (
	// Questions: asked and answered.
	TypeText Type = iota + 1
	TypeInteger
	TypeDecimal
	TypeRange
	TypeDate
	TypeTime
	TypeDateTime
	TypeSelectOne
	TypeSelectMultiple
	TypeAcknowledge
	TypePhoneNumber
	// Shown, never answered.
	TypeNote
	// Computed, never shown.
	TypeCalculate
	TypeHidden
	// Groups and repeats.
	TypeGroup
	TypeRepeat
	TypeLoop // begin loop over a choice list: a repeat with one instance per choice
	// Metadata recorded by siap, never asked.
	TypeStart
	TypeEnd
	TypeToday
	TypeDeviceID
	TypeSubscriberID
	TypeSIMSerial
	TypeDevicePhoneNumber // the phonenumber metadata, not the phone_number question
	TypeUsername
	TypeEmail
	TypeAudit
	TypeInstanceID
	// What a terminal cannot capture (a photo, a GPS point): skipped.
	TypeUnsupported

	typeCount // one past the last type
)

// Storage is what an answer of a type is, as expressions compare it,
// the reader checks soft ranges and exports write it.
type Storage uint8

const (
	StoredNothing Storage = iota // no answer: groups, notes, audit, what is skipped
	StoredText                   // free text as typed, up to 2000 characters
	StoredShort                  // a short string: a phone number, a calculated value, OK
	StoredWhole                  // a whole number
	StoredNumber                 // a number, decimals allowed
	StoredDate                   // a date or a date and time, compared as dates
	StoredTime                   // a time of day
	StoredChoice                 // the code of one choice
	StoredChoices                // codes of choices, space-separated
)

// Numeric reports whether answers are numbers.
func (s Storage) Numeric() bool { return s == StoredWhole || s == StoredNumber }

// typeTable is what every type is: its canonical name (as the codebook
// shows it), how an interview treats it and how its answers are kept.
var typeTable = [typeCount]struct {
	name    string
	kind    Kind
	storage Storage
}{
	TypeText:           {"text", Question, StoredText},
	TypeInteger:        {"integer", Question, StoredWhole},
	TypeDecimal:        {"decimal", Question, StoredNumber},
	TypeRange:          {"range", Question, StoredNumber},
	TypeDate:           {"date", Question, StoredDate},
	TypeTime:           {"time", Question, StoredTime},
	TypeDateTime:       {"datetime", Question, StoredDate},
	TypeSelectOne:      {"select_one", Question, StoredChoice},
	TypeSelectMultiple: {"select_multiple", Question, StoredChoices},
	TypeAcknowledge:    {"acknowledge", Question, StoredShort},
	TypePhoneNumber:    {"phone_number", Question, StoredShort},

	TypeNote:      {"note", Note, StoredNothing},
	TypeCalculate: {"calculate", Calculate, StoredShort},
	TypeHidden:    {"hidden", Calculate, StoredShort},

	TypeGroup:  {"begin_group", Group, StoredNothing},
	TypeRepeat: {"begin_repeat", Repeat, StoredNothing},
	TypeLoop:   {"begin_loop", Repeat, StoredNothing},

	TypeStart:             {"start", Metadata, StoredDate},
	TypeEnd:               {"end", Metadata, StoredDate},
	TypeToday:             {"today", Metadata, StoredDate},
	TypeDeviceID:          {"deviceid", Metadata, StoredShort},
	TypeSubscriberID:      {"subscriberid", Metadata, StoredShort},
	TypeSIMSerial:         {"simserial", Metadata, StoredShort},
	TypeDevicePhoneNumber: {"phonenumber", Metadata, StoredShort},
	TypeUsername:          {"username", Metadata, StoredShort},
	TypeEmail:             {"email", Metadata, StoredShort},
	TypeAudit:             {"audit", Metadata, StoredNothing},
	TypeInstanceID:        {"instanceid", Metadata, StoredShort},

	TypeUnsupported: {"unsupported", Unsupported, StoredNothing},
}

// Types lists every type, in the order they are declared.
func Types() []Type {
	out := make([]Type, 0, typeCount-1)
	for t := TypeText; t < typeCount; t++ {
		out = append(out, t)
	}
	return out
}

// String is the type's canonical XLSForm name: integer, select_one,
// begin_group, ...
func (t Type) String() string {
	if t < typeCount && typeTable[t].name != "" {
		return typeTable[t].name
	}
	return "Type(" + strconv.Itoa(int(t)) + ")"
}

// Kind is how an interview treats a row of the type.
func (t Type) Kind() Kind {
	if t >= typeCount {
		return Unsupported
	}
	return typeTable[t].kind
}

// Storage is what an answer of the type is.
func (t Type) Storage() Storage {
	if t >= typeCount {
		return StoredNothing
	}
	return typeTable[t].storage
}

// listSource is where a select or a loop takes its choices from.
type listSource uint8

const (
	fromChoices  listSource = iota // the choices sheet
	fromExternal                   // external_choices, or itemsets.csv beside the form
	fromFile                       // a CSV file beside the form
)

// rowType is the type column of a survey row, understood.
type rowType struct {
	typ     Type
	end     bool       // an end row, closing the begin row of typ
	source  listSource // where a select's choices come from
	list    string     // the choice list, loop list or file named after the type
	orOther bool
	// constraint and hint are what the type implies when the row sets
	// none (pyxform's percentage, number of days in last month).
	constraint, hint string
	// external is the extension of the file an xml-external or
	// csv-external row declares (NAME.xml, NAME.csv).
	external string
}

// typeSpellings maps every spelling of a type that takes no argument,
// lower case, with single spaces: pyxform's question type dictionary and
// its aliases (question_type_dictionary.py, aliases.py), so that a form
// pyxform converts reads the same here.
var typeSpellings = map[string]rowType{
	"integer": {typ: TypeInteger}, "int": {typ: TypeInteger}, "q int": {typ: TypeInteger},
	"add integer prompt": {typ: TypeInteger},
	"decimal":            {typ: TypeDecimal}, "q decimal": {typ: TypeDecimal}, "add decimal prompt": {typ: TypeDecimal},
	"text": {typ: TypeText}, "string": {typ: TypeText}, "q string": {typ: TypeText}, "add text prompt": {typ: TypeText},
	"date": {typ: TypeDate}, "q date": {typ: TypeDate}, "add date prompt": {typ: TypeDate},
	"time":     {typ: TypeTime},
	"datetime": {typ: TypeDateTime}, "date time": {typ: TypeDateTime}, "q datetime": {typ: TypeDateTime},
	"q date time": {typ: TypeDateTime}, "add datetime prompt": {typ: TypeDateTime}, "add date time prompt": {typ: TypeDateTime},
	"acknowledge": {typ: TypeAcknowledge}, "trigger": {typ: TypeAcknowledge}, "q acknowledge": {typ: TypeAcknowledge},
	"add acknowledge prompt": {typ: TypeAcknowledge},
	"range":                  {typ: TypeRange},
	"phone number":           {typ: TypePhoneNumber}, "phone_number": {typ: TypePhoneNumber},
	"note": {typ: TypeNote}, "q note": {typ: TypeNote}, "add note prompt": {typ: TypeNote},
	"calculate": {typ: TypeCalculate}, "q calculate": {typ: TypeCalculate}, "add calculate prompt": {typ: TypeCalculate},
	"hidden": {typ: TypeHidden},
	// Whole numbers pyxform gives a range (a constraint and a hint)
	// unless the row sets its own.
	"percentage":                        {typ: TypeInteger, constraint: "0 <= . and . <= 100"},
	"number of days in last month":      {typ: TypeInteger, constraint: "0 <= . and . <= 31", hint: "Enter a number 0-31."},
	"number of days in last six months": {typ: TypeInteger, constraint: "0 <= . and . <= 183", hint: "Enter a number 0-183."},
	"number of days in last year":       {typ: TypeInteger, constraint: "0 <= . and . <= 365", hint: "Enter a number 0-365."},

	"begin group": {typ: TypeGroup}, "begin_group": {typ: TypeGroup},
	"end group": {typ: TypeGroup, end: true}, "end_group": {typ: TypeGroup, end: true},
	"begin repeat": {typ: TypeRepeat}, "begin_repeat": {typ: TypeRepeat},
	"end repeat": {typ: TypeRepeat, end: true}, "end_repeat": {typ: TypeRepeat, end: true},
	"begin lgroup": {typ: TypeRepeat}, "begin_lgroup": {typ: TypeRepeat},
	"end lgroup": {typ: TypeRepeat, end: true}, "end_lgroup": {typ: TypeRepeat, end: true},
	"begin looped group": {typ: TypeRepeat}, "begin_looped group": {typ: TypeRepeat},
	"end looped group": {typ: TypeRepeat, end: true}, "end_looped group": {typ: TypeRepeat, end: true},
	"end loop": {typ: TypeLoop, end: true}, "end_loop": {typ: TypeLoop, end: true},

	// Metadata; "uri:" spellings (ODK's) are read as these.
	"start": {typ: TypeStart}, "start time": {typ: TypeStart}, "get start time": {typ: TypeStart},
	"end": {typ: TypeEnd}, "end time": {typ: TypeEnd}, "get end time": {typ: TypeEnd},
	"today": {typ: TypeToday}, "get today": {typ: TypeToday},
	"deviceid": {typ: TypeDeviceID}, "device id": {typ: TypeDeviceID}, "get device id": {typ: TypeDeviceID},
	"imei":         {typ: TypeDeviceID},
	"subscriberid": {typ: TypeSubscriberID}, "subscriber id": {typ: TypeSubscriberID}, "get subscriber id": {typ: TypeSubscriberID},
	"simserial": {typ: TypeSIMSerial}, "sim id": {typ: TypeSIMSerial}, "get sim id": {typ: TypeSIMSerial},
	"phonenumber": {typ: TypeDevicePhoneNumber}, "get phone number": {typ: TypeDevicePhoneNumber},
	"username": {typ: TypeUsername}, "email": {typ: TypeEmail}, "audit": {typ: TypeAudit},
	"instanceid": {typ: TypeInstanceID},

	// These need a camera, a microphone, a GPS, a scanner or a map.
	"geopoint": {typ: TypeUnsupported}, "geotrace": {typ: TypeUnsupported}, "geoshape": {typ: TypeUnsupported},
	"gps": {typ: TypeUnsupported}, "location": {typ: TypeUnsupported}, "q location": {typ: TypeUnsupported},
	"add location prompt": {typ: TypeUnsupported}, "q geopoint": {typ: TypeUnsupported},
	"q geotrace": {typ: TypeUnsupported}, "q geoshape": {typ: TypeUnsupported},
	"image": {typ: TypeUnsupported}, "photo": {typ: TypeUnsupported}, "q image": {typ: TypeUnsupported},
	"q picture": {typ: TypeUnsupported}, "add image prompt": {typ: TypeUnsupported}, "add photo prompt": {typ: TypeUnsupported},
	"audio": {typ: TypeUnsupported}, "q audio": {typ: TypeUnsupported}, "add audio prompt": {typ: TypeUnsupported},
	"video": {typ: TypeUnsupported}, "q video": {typ: TypeUnsupported}, "add video prompt": {typ: TypeUnsupported},
	"file": {typ: TypeUnsupported}, "add file prompt": {typ: TypeUnsupported},
	"barcode": {typ: TypeUnsupported}, "q barcode": {typ: TypeUnsupported}, "add barcode prompt": {typ: TypeUnsupported},
	"osm": {typ: TypeUnsupported}, "signature": {typ: TypeUnsupported}, "rank": {typ: TypeUnsupported},
	"background-audio": {typ: TypeUnsupported}, "background-geopoint": {typ: TypeUnsupported},
	"start-geopoint": {typ: TypeUnsupported},
	// Not questions: a file of data the form's expressions read
	// (instance('name')), named after the row.
	"xml-external": {typ: TypeUnsupported, external: ".xml"}, "csv-external": {typ: TypeUnsupported, external: ".csv"},
	"annotate": {typ: TypeUnsupported}, "draw": {typ: TypeUnsupported},
}

// unrecordedMetadata are metadata a laptop does not have (a SIM card,
// a phone number, the account's e-mail): they load, and stay empty.
var unrecordedMetadata = map[Type]bool{
	TypeSubscriberID: true, TypeSIMSerial: true, TypeDevicePhoneNumber: true, TypeEmail: true,
}

// listTypePrefixes maps the spellings of the types that name a list or
// a file after them (pyxform's select aliases), longest first where one
// is a prefix of another.
var listTypePrefixes = []struct {
	prefix string
	row    rowType
}{
	{"select_one_from_file ", rowType{typ: TypeSelectOne, source: fromFile}},
	{"select_multiple_from_file ", rowType{typ: TypeSelectMultiple, source: fromFile}},
	{"select one from file ", rowType{typ: TypeSelectOne, source: fromFile}},
	{"select multiple from file ", rowType{typ: TypeSelectMultiple, source: fromFile}},
	{"select_one_external ", rowType{typ: TypeSelectOne, source: fromExternal}},
	{"select one external ", rowType{typ: TypeSelectOne, source: fromExternal}},
	{"add select one prompt using ", rowType{typ: TypeSelectOne}},
	{"add select multiple prompt using ", rowType{typ: TypeSelectMultiple}},
	{"select_one ", rowType{typ: TypeSelectOne}}, {"select one from ", rowType{typ: TypeSelectOne}},
	{"select one ", rowType{typ: TypeSelectOne}}, {"select1 ", rowType{typ: TypeSelectOne}},
	{"select_multiple ", rowType{typ: TypeSelectMultiple}}, {"select all that apply from ", rowType{typ: TypeSelectMultiple}},
	{"select all that apply ", rowType{typ: TypeSelectMultiple}}, {"select multiple from ", rowType{typ: TypeSelectMultiple}},
	{"select multiple ", rowType{typ: TypeSelectMultiple}},
	{"begin loop over ", rowType{typ: TypeLoop}}, {"begin_loop over ", rowType{typ: TypeLoop}},
	{"begin loop ", rowType{typ: TypeLoop}}, {"begin_loop ", rowType{typ: TypeLoop}},
	{"rank ", rowType{typ: TypeUnsupported}}, {"osm ", rowType{typ: TypeUnsupported}},
}

// otherSuffixes are pyxform's spellings of "or other" after a select's list.
var otherSuffixes = []string{" or_other", " or specify other", " or other"}

// typeHint suggests the type a legacy spelling meant: "hidden string",
// which some converters wrote and pyxform refuses, is a hidden.
func typeHint(raw string) phrase {
	words := strings.Fields(strings.ToLower(raw))
	if len(words) > 1 && words[0] == "hidden" {
		return say("; pyxform has no typed hidden: write hidden (or calculate, with a calculation)")
	}
	return phrase{}
}

// parseType reads a survey row's type. ok is false for a type XLSForm
// does not have.
func parseType(raw string) (rowType, bool) {
	s := strings.Join(strings.Fields(raw), " ")
	lower := strings.ToLower(s)
	if t, ok := typeSpellings[lower]; ok {
		return t, true
	}
	if t, ok := typeSpellings[strings.TrimPrefix(lower, "uri:")]; ok && t.typ.Kind() == Metadata {
		return t, true
	}
	for _, p := range listTypePrefixes {
		if !strings.HasPrefix(lower, p.prefix) {
			continue
		}
		rest := strings.TrimSpace(s[len(p.prefix):])
		t := p.row
		for _, suffix := range otherSuffixes {
			if strings.HasSuffix(strings.ToLower(rest), suffix) {
				rest = strings.TrimSpace(rest[:len(rest)-len(suffix)])
				t.orOther = true
			}
		}
		if t.typ == TypeLoop {
			rest = strings.TrimPrefix(rest, "over ")
		}
		if rest == "" || strings.Contains(rest, " ") {
			return rowType{}, false
		}
		t.list = rest
		return t, true
	}
	return rowType{}, false
}

package questionnaires

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// sharedForms is the folder of real-world XLSForms beside the repository.
const sharedForms = "../../shared/xlsforms"

func sharedForm(t testing.TB, name string) string {
	t.Helper()
	p := filepath.Join(sharedForms, name)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("shared form %s not available: %v", name, err)
	}
	return p
}

func TestSharedFormsLoad(t *testing.T) {
	tests := []struct {
		file        string
		nodes       int
		languages   int
		unsupported int
	}{
		{"case_insensitivity.xlsx", 3, 1, 1},
		{"choice_filter_test.xlsx", 3, 0, 0},
		{"extra_columns.xlsx", 1, 0, 0},
		{"group.xlsx", 4, 1, 0},
		{"loop.xlsx", 4, 1, 0},
		{"specify_other.xlsx", 2, 1, 0},
		{"xlsform_spec_test.xlsx", 51, 2, 5},
		{"yes_or_no_question.xlsx", 1, 1, 0},
		{"text_and_integer.csv", 2, 1, 0},
		{"utf_csv.csv", 1, 0, 0},
		{"widgets.csv", 21, 0, 6},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			f, err := Load(sharedForm(t, tt.file))
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			if len(f.Nodes) != tt.nodes {
				t.Errorf("%d nodes, want %d", len(f.Nodes), tt.nodes)
			}
			if len(f.Languages) != tt.languages {
				t.Errorf("languages %v, want %d", f.Languages, tt.languages)
			}
			unsupported := 0
			for _, p := range f.Warnings {
				if p.Code == CodeUnsupportedType {
					unsupported++
					if p.Row == 0 || !strings.Contains(p.Message, "cannot capture") {
						t.Errorf("unsupported-type warning without row or reason: %s", p)
					}
				}
			}
			if unsupported != tt.unsupported {
				t.Errorf("%d unsupported-type warnings, want %d", unsupported, tt.unsupported)
			}
		})
	}
}

func TestSharedFormsRefused(t *testing.T) {
	tests := []struct {
		file   string
		sheet  string
		row    int
		column string
		msg    string
	}{
		{"duplicate_columns.xlsx", "survey", 1, "label (E)", "means the same as column label (D)"},
		{"bad_calc.xlsx", "survey", 2, "calculation (D)", "is not a valid expression: at character 22"},
		// It reads another form's submissions, which ODK Collect gets from
		// the server: without them beside the form it cannot run.
		{"real/odkbiometrics_verification_kobo.xlsx", "survey", 2, "type (A)", "xml-external survey reads survey.xml (data ODK attaches to the form, such as another form's submissions), which is missing"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			_, err := Load(sharedForm(t, tt.file))
			var le *LoadError
			if !errors.As(err, &le) {
				t.Fatalf("Load error = %v, want a LoadError", err)
			}
			for _, p := range le.Problems {
				if p.Severity == Error && p.Sheet == tt.sheet && p.Row == tt.row && p.Column == tt.column && strings.Contains(p.Message, tt.msg) {
					if !strings.HasPrefix(p.String(), filepath.Base(tt.file)+": sheet "+tt.sheet) {
						t.Errorf("problem does not name the file first: %s", p)
					}
					return
				}
			}
			t.Errorf("no error at %s row %d column %s containing %q; got %v", tt.sheet, tt.row, tt.column, tt.msg, le.Problems)
		})
	}
}

func TestAliasesAndCaseInsensitivity(t *testing.T) {
	f, err := Load(sharedForm(t, "case_insensitivity.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	if f.ID != "YesNo" || f.DefaultLanguage != "EN" {
		t.Errorf("settings read as id %q default language %q", f.ID, f.DefaultLanguage)
	}
	q2 := f.Node("q2")
	if q2 == nil || q2.List == nil || q2.List.Choices[0].Name != "n1-e" {
		t.Fatalf("select_one_external q2 does not take its choices from external_choices")
	}
	if q2.ChoiceFilter == nil {
		t.Error("CHOICE_FILTER column not read")
	}

	w, err := Load(sharedForm(t, "widgets.csv"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, typ, appearance string
		hasConstraint         bool
	}{
		{"my_string", "text", "", false},
		{"my_int", "integer", "", true},
		{"my_select", "select_multiple", "", true},
		{"my_select1", "select_one", "", false},
		{"my_trigger", "acknowledge", "", false},
		{"dateTime", "datetime", "", false},
		{"spinner", "select_one", "minimal", false},
		{"numberAsString", "text", "numbers", false},
	}
	for _, tt := range tests {
		n := w.Node(tt.name)
		if n == nil {
			t.Errorf("%s missing", tt.name)
			continue
		}
		if n.Type.String() != tt.typ || n.Appearance != tt.appearance || (n.Constraint != nil) != tt.hasConstraint {
			t.Errorf("%s: type %q appearance %q constraint %v; want %q %q %v", tt.name, n.Type, n.Appearance, n.Constraint != nil, tt.typ, tt.appearance, tt.hasConstraint)
		}
	}
	if got := w.Node("my_int").ConsMsg.In("", ""); got != "number must be less than 10" {
		t.Errorf("bind:jr:constraintMsg read as %q", got)
	}
	if w.Node("my_output").ReadOnly == nil {
		t.Error("bind:readonly not read")
	}
}

func TestOrOtherAndLoop(t *testing.T) {
	f, err := Load(sharedForm(t, "specify_other.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	sex := f.Node("sex")
	if sex.List.Choice("other") == nil {
		t.Error("or specify other did not add an other choice")
	}
	other := f.Node("sex_other")
	if other == nil || other.Relevant == nil || other.Relevant.String() != "selected(${sex}, 'other')" {
		t.Fatalf("or specify other did not add sex_other asked when other is chosen")
	}
	l, err := Load(sharedForm(t, "loop.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	loop := l.Node("loop_toilet_types")
	if loop.Kind != Repeat || !loop.Loop || len(loop.List.Choices) != 3 {
		t.Errorf("begin loop over toilet_type not read as a repeat over 3 choices")
	}
}

// form builds a pyxform-layout CSV from sheets given as rows of cells.
func form(sheets ...[]string) []byte {
	var b strings.Builder
	for _, rows := range sheets {
		for i, r := range rows {
			if i == 0 {
				b.WriteString(r + "\n")
				continue
			}
			b.WriteString("," + r + "\n")
		}
	}
	return []byte(b.String())
}

func TestFormErrors(t *testing.T) {
	tests := []struct {
		name    string
		sheets  [][]string
		row     int
		column  string
		message string
	}{
		{"unknown type", [][]string{{"survey", "type,name,label", "intgr,age,Age"}}, 3, "type", `"intgr" is not a question type`},
		{"duplicate name", [][]string{{"survey", "type,name,label", "integer,age,Age", "text,age,Age again"}}, 4, "name", `"age" is already used at row 3 in the same survey`},
		{"bad name", [][]string{{"survey", "type,name,label", "integer,my age,Age"}}, 3, "name", "is not allowed"},
		{"no name", [][]string{{"survey", "type,name,label", "integer,,Age"}}, 3, "name", "has no name"},
		{"no label", [][]string{{"survey", "type,name,label", "integer,age,"}}, 3, "label", "has no label"},
		{"unknown list", [][]string{{"survey", "type,name,label", "select_one yesno,q,Q"}, {"choices", "list_name,name,label", "yes_no,1,Yes"}}, 3, "type", `choice list "yesno" is not in the choices sheet`},
		{"duplicate code", [][]string{{"survey", "type,name,label", "select_one yn,q,Q"}, {"choices", "list_name,name,label", "yn,1,Yes", "yn,1,No"}}, 7, "name", `the name "1" twice`},
		{"unclosed group", [][]string{{"survey", "type,name,label", "begin group,g,G", "integer,a,A"}}, 3, "type", "never closed"},
		{"stray end", [][]string{{"survey", "type,name,label", "integer,a,A", "end group,,"}}, 4, "type", "no matching begin"},
		{"crossed ends", [][]string{{"survey", "type,name,label", "begin group,g,G", "begin repeat,r,R", "integer,a,A", "end group,,"}}, 6, "type", "closes"},
		{"bad expression", [][]string{{"survey", "type,name,label,relevant", "integer,a,A,", "integer,b,B,${a} >"}}, 4, "relevant", "at character 7"},
		{"unknown reference", [][]string{{"survey", "type,name,label,relevant", "integer,b,B,${a} > 1"}}, 3, "relevant", "${a} is not a question"},
		{"unknown function", [][]string{{"survey", "type,name,label,constraint", "integer,b,B,foo(.)"}}, 3, "constraint", "unknown function foo()"},
		{"calculation cycle", [][]string{{"survey", "type,name,label,calculation", "calculate,x,,${y} + 1", "calculate,y,,${x} + 1"}}, 3, "calculation", "depends on itself"},
		{"calculate without calculation", [][]string{{"survey", "type,name,label,calculation", "calculate,x,,"}}, 3, "calculation", "has no calculation"},
		{"missing choices file", [][]string{{"survey", "type,name,label", "select_one_from_file towns.csv,t,Town"}}, 3, "type", "towns.csv is missing"},
		{"unknown label reference", [][]string{{"survey", "type,name,label", "note,n,Hello ${who}"}}, 3, "label", "${who}"},
		{"bad summary_by", [][]string{{"survey", "type,name,label", "integer,a,A"}, {"settings", "form_id,summary_by", "f,a"}}, 6, "summary_by", "select_one"},
		{"bad indicator kind", [][]string{{"survey", "type,name,label", "integer,a,A"}, {"indicators", "name,kind,expression", "x,average,${a}"}}, 6, "kind", "should be one of proportion, mean, median"},
		{"domain not in the form's list", [][]string{{"survey", "type,name,label", "integer,a,A"}, {"choices", "list_name,name,label", "indicator_domains,access,Access"}, {"indicators", "name,domain,kind,expression", "x,money,mean,${a}"}}, 9, "domain", `domain "money" of indicator x is not in the indicator_domains list`},
		{"bad indicator expression", [][]string{{"survey", "type,name,label", "integer,a,A"}, {"indicators", "name,kind,expression", "x,mean,${b}"}}, 6, "expression", "${b} is not a question"},
		{"soft_min not a number", [][]string{{"survey", "type,name,label,soft_min", "integer,a,A,ten"}}, 3, "soft_min", `soft_min must be a number, not "ten"`},
		{"soft range upside down", [][]string{{"survey", "type,name,label,soft_min,soft_max", "integer,a,A,50,10"}}, 3, "soft_max", "soft_max 10 is below soft_min 50"},
		{"minimum_seconds not a number", [][]string{{"survey", "type,name,label,minimum_seconds", "integer,a,A,-2"}}, 3, "minimum_seconds", "must be a number of seconds"},
		{"target not a number", [][]string{{"survey", "type,name,label", "select_one c,city,City"}, {"choices", "list_name,name,label,target", "c,a,A,40", "c,b,B,many"}}, 7, "target", `target must be a whole number of interviews, not "many"`},
		{"no survey", [][]string{{"choices", "list_name,name,label", "yn,1,Yes"}}, 0, "", "no survey sheet"},
		{"consent on a text", [][]string{{"survey", "type,name,label,consent_agree", "text,consent,Agree?,yes"}}, 3, "consent_agree", "belongs on the consent question, a select_one"},
		{"consent choice unknown", [][]string{{"survey", "type,name,label,consent_agree", "select_one ad,consent,Agree?,yes"}, {"choices", "list_name,name,label", "ad,agree,I agree", "ad,disagree,I do not"}}, 3, "consent_agree", `names "yes", which is not a choice of list ad`},
		{"two consent questions", [][]string{{"survey", "type,name,label,consent_agree", "select_one ad,c1,Agree?,agree", "select_one ad,c2,Agree?,agree"}, {"choices", "list_name,name,label", "ad,agree,I agree", "ad,disagree,I do not"}}, 4, "consent_agree", "already declared at row 3"},
		{"consent in a repeat", [][]string{{"survey", "type,name,label,consent_agree", "begin repeat,r,R,", "select_one ad,c1,Agree?,agree", "end repeat,,,"}, {"choices", "list_name,name,label", "ad,agree,I agree"}}, 4, "consent_agree", "cannot be inside a repeat"},
		{"siblings share a name", [][]string{{"survey", "type,name,label", "begin group,g,G", "integer,age,Age", "text,age,Age again", "end group,,"}}, 5, "name", "unique within their nearest group or repeat"},
		{"two repeats share a name", [][]string{{"survey", "type,name,label", "begin group,a,A", "begin repeat,r,R", "integer,x,X", "end repeat,,", "end group,,", "begin group,b,B", "begin repeat,r,R", "integer,x,X", "end repeat,,", "end group,,"}}, 9, "name", "repeat names must be unique anywhere"},
		{"reference to a reused name", [][]string{{"survey", "type,name,label,relevant", "begin group,right,Right,", "integer,lux,Lux,", "end group,,,", "begin group,left,Left,", "integer,lux,Lux,", "end group,,,", "note,n,Dark,${lux} < 10"}}, 9, "relevant", "${lux} could mean any of the questions named lux: row 4 (group right), row 7 (group left)"},
		{"label reference to a reused name", [][]string{{"survey", "type,name,label", "begin group,right,Right", "integer,lux,Lux", "end group,,", "begin group,left,Left", "integer,lux,Lux", "end group,,", "note,n,Lux ${lux}"}}, 9, "label", "several questions have that name: row 4 (group right), row 7 (group left)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("f.csv", form(tt.sheets...), fstest.MapFS{})
			var le *LoadError
			if !errors.As(err, &le) {
				t.Fatalf("Parse error = %v, want a LoadError", err)
			}
			for _, p := range le.Problems {
				if p.Severity == Error && p.Row == tt.row && p.Column == tt.column && strings.Contains(p.Message, tt.message) {
					return
				}
			}
			t.Errorf("want an error at row %d column %q containing %q; got %v", tt.row, tt.column, tt.message, le.Problems)
		})
	}
}

func TestEveryProblemIsReported(t *testing.T) {
	data := form([]string{"survey", "type,name,label,relevant", "intgr,a,A,", "integer,b,,", "integer,c,C,${zz}"})
	_, err := Parse("f.csv", data, nil)
	var le *LoadError
	if !errors.As(err, &le) {
		t.Fatal(err)
	}
	if len(le.Problems) != 3 {
		t.Errorf("got %d problems, want all 3: %v", len(le.Problems), le.Problems)
	}
	if !strings.Contains(le.Error(), "and 2 more errors") {
		t.Errorf("error %q does not say more errors follow", le.Error())
	}
}

func TestWarnings(t *testing.T) {
	data := form(
		[]string{"survey", "type,name,label::Bahasa Indonesia (id),label::English (en),colour,sim_typical,soft_max", "integer,a,Umur,Age,red,forty,", "integer,b,Tinggi,,,,", "geopoint,gps,Lokasi,Location,,,", "text,t,Teks,Text,,,10"},
		[]string{"settings", "form_id,default_language", "f,English (en)"},
	)
	f, err := Parse("f.csv", data, nil)
	if err != nil {
		t.Fatalf("a form with only warnings was refused: %v", err)
	}
	want := []string{`column "colour" is not an XLSForm column`, "label has no English (en) text on row 4", `gps has type "geopoint"`,
		`sim_typical should be a number of zero or more, not "forty"`, "soft_min and soft_max apply to numbers; t is a text"}
	for _, w := range want {
		found := false
		for _, p := range f.Warnings {
			found = found || strings.Contains(p.Message, w)
		}
		if !found {
			t.Errorf("no warning containing %q; got %v", w, f.Warnings)
		}
	}
	if f.Node("a").Extra["colour"] != "red" {
		t.Error("extra column not kept in Node.Extra")
	}
	if f.DefaultLanguage != "English (en)" {
		t.Errorf("default language %q", f.DefaultLanguage)
	}
}

func TestChoicesFromFile(t *testing.T) {
	dir := fstest.MapFS{
		"towns.csv":    {Data: []byte("name,label,province\nmks,Makassar,sulsel\nkpg,Kupang,ntt\n")},
		"itemsets.csv": {Data: []byte("list_name,name,label\nvillages,v1,Village one\n")},
	}
	data := form([]string{"survey", "type,name,label", "select_one_from_file towns.csv,town,Town", "select_multiple_from_file towns.csv,towns,Towns", "select_one_external villages,village,Village"})
	f, err := Parse("f.csv", data, dir)
	if err != nil {
		t.Fatal(err)
	}
	town := f.Node("town")
	if town.Type != TypeSelectOne || len(town.List.Choices) != 2 || town.List.Choices[1].Extra["province"] != "ntt" {
		t.Errorf("choices from towns.csv not read: %+v", town.List)
	}
	if f.Node("towns").Type != TypeSelectMultiple {
		t.Error("select_multiple_from_file not a select_multiple")
	}
	if v := f.Node("village"); v.List == nil || v.List.Choices[0].Name != "v1" {
		t.Error("select_one_external did not read itemsets.csv")
	}
	// The files read are kept with the form, and read it again without
	// the folder, as a data file does.
	if len(f.Attachments) != 2 || string(f.Attachments["towns.csv"]) != string(dir["towns.csv"].Data) {
		t.Fatalf("attachments %v", f.Attachments)
	}
	again, err := Parse("f.csv", f.Source, f.Attachments)
	if err != nil {
		t.Fatalf("the form with its attachments alone: %v", err)
	}
	if len(again.Node("town").List.Choices) != 2 || again.Node("village").List == nil {
		t.Error("choices lost when read from the attachments")
	}
	if _, err := Parse("f.csv", f.Source, Files{}); err == nil || !strings.Contains(err.Error(), "towns.csv is missing") {
		t.Errorf("without the attachments: %v", err)
	}
}

func TestShippedForm(t *testing.T) {
	f, err := Shipped()
	if err != nil {
		t.Fatalf("the shipped form does not load: %v", err)
	}
	if len(f.Warnings) != 0 {
		t.Errorf("the shipped form has warnings: %v", f.Warnings)
	}
	if f.DefaultLanguage != "Bahasa Indonesia (id)" || len(f.Languages) != 2 {
		t.Errorf("languages %v, default %q", f.Languages, f.DefaultLanguage)
	}
	questions := 0
	for _, n := range f.Nodes {
		if n.Kind == Question {
			questions++
			for _, l := range f.Languages {
				if n.Label[l] == "" {
					t.Errorf("%s has no %s label", n.Name, l)
				}
			}
		}
	}
	if questions < 38 || questions > 50 {
		t.Errorf("%d questions, want about 40", questions)
	}
	target := 0
	for _, c := range f.Node("city").List.Choices {
		n := 0
		for _, ch := range c.Extra["target"] {
			n = n*10 + int(ch-'0')
		}
		target += n
	}
	if target != 340 {
		t.Errorf("city targets sum to %d, want 340", target)
	}
	for _, name := range []string{"nik", "resp_name", "phone_number"} {
		if !f.Node(name).IsPII() {
			t.Errorf("%s is not marked pii", name)
		}
	}
	if !f.Node("ewallets").List.Exclusive["none"] {
		t.Error("e-wallet none is not exclusive")
	}
	if f.SummaryBy != "city" {
		t.Errorf("summary_by %q", f.SummaryBy)
	}
	names := map[string]bool{}
	for _, ind := range f.Indicators {
		names[ind.Name] = true
	}
	for _, want := range []string{"account", "smartphone", "internet", "ewallet", "ektp", "qris", "willing", "dist_atm", "dist_agent", "readiness_index"} {
		if !names[want] {
			t.Errorf("indicator %s missing", want)
		}
	}
}

func FuzzParseCSV(f *testing.F) {
	f.Add(form([]string{"survey", "type,name,label,relevant", "integer,a,A,", "select_one yn,b,B,${a} > 1"}, []string{"choices", "list_name,name,label", "yn,1,Yes"}))
	f.Add([]byte("survey,,\n,type,name\n,begin repeat,r\n,end repeat,\n"))
	f.Add(form([]string{"survey", "type,name,label,relevant,consent_agree", "begin group,g,G,,", "integer,x,X,,", "end group,,,,", "begin group,h,H,,", "integer,x,X,/data/g/x > 1,", "end group,,,,", "select_one yn,c,C,,1", "begin loop over yn,l,L,,", "integer,k,K %(label)s,\"selected(${c}, '%(name)s')\",", "end loop,,,,", "calculate,n,,count(instance('yn')/root/item[name != current()/../c]),"}, []string{"choices", "list_name,name,label", "yn,1,Yes", "yn,2,No"}))
	f.Add(ShippedSource())
	// Excel's semicolons and byte-order mark, old Mac line ends, a note
	// without a name, pyxform's spellings, typographic quotes, formatting.
	f.Add([]byte("\ufeffsurvey;;;\r;type;name;label;relevant\r;imei;dev;;\r;note;;**Hello** <br> <span style=\"color:red\">x</span>;\r;add select one prompt using yn;q;Q;${dev}=\u2019a\u2019\rchoices;;;\r;list_name;name;label\r;yn;1;Ya\r"))
	f.Fuzz(func(t *testing.T, data []byte) {
		form, err := Parse("f.csv", data, nil)
		if err == nil && form == nil {
			t.Fatal("no form and no error")
		}
	})
}

func FuzzParseXLSX(f *testing.F) {
	if data, err := os.ReadFile(filepath.Join(sharedForms, "group.xlsx")); err == nil {
		f.Add(data)
	}
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, _ = Parse("f.xlsx", data, nil)
	})
}

// CSV forms as spreadsheets write them: Excel in a locale whose decimal
// mark is a comma (Indonesia) separates fields with semicolons and often
// starts with a byte-order mark; an old Mac ends lines with CR alone.
func TestCSVDialects(t *testing.T) {
	comma := "survey,,,\n,type,name,label\n,integer,age,\"Umur, tahun\"\n,select_one yn,ok,OK\nchoices,,,\n,list_name,name,label\n,yn,1,Ya\n"
	tests := []struct {
		name string
		data string
	}{
		{"comma", comma},
		{"semicolon with BOM", "\ufeff" + strings.ReplaceAll(strings.ReplaceAll(comma, ",", ";"), "Umur; tahun", "Umur, tahun")},
		{"CR line ends", strings.ReplaceAll(comma, "\n", "\r")},
		{"sheet name and header on one row", "survey,type,name,label\n,integer,age,\"Umur, tahun\"\n,select_one yn,ok,OK\nchoices,list_name,name,label\n,yn,1,Ya\n"},
		{"UTF-16 with BOM", utf16LE(comma)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Parse("f.csv", []byte(tt.data), nil)
			if err != nil {
				t.Fatal(err)
			}
			if n := f.Node("age"); n == nil || n.Label.In("", "") != "Umur, tahun" || n.Type != TypeInteger {
				t.Errorf("age read as %+v", n)
			}
			if n := f.Node("ok"); n == nil || n.List == nil || n.List.Choices[0].Label.In("", "") != "Ya" {
				t.Errorf("ok read as %+v", n)
			}
		})
	}
	towns := "\ufeffname;label\r\nmks;Makassar\r\n"
	f, err := Parse("f.csv", form([]string{"survey", "type,name,label", "select_one_from_file towns.csv,town,Town"}), fstest.MapFS{"towns.csv": {Data: []byte(towns)}})
	if err != nil {
		t.Fatal(err)
	}
	if c := f.Node("town").List.Choices; len(c) != 1 || c[0].Name != "mks" || c[0].Label.In("", "") != "Makassar" {
		t.Errorf("semicolon choices file read as %+v", c[0])
	}
}

func utf16LE(s string) string {
	b := []byte{0xff, 0xfe}
	for _, r := range s {
		b = append(b, byte(r), byte(r>>8))
	}
	return string(b)
}

// TestMissingTranslationRowsInOrder: the rows a language lacks are listed
// in sheet order, whatever list they belong to, so that siap check says
// the same thing every time.
func TestMissingTranslationRowsInOrder(t *testing.T) {
	var choices []string
	for _, l := range []string{"z", "y", "x", "w", "v", "u"} {
		choices = append(choices, l+",1,One,")
	}
	src := "survey,,,,\n,type,name,label::English (en),label::Bahasa (id)\n" +
		",select_one z,qz,Z,Z\n,select_one y,qy,Y,Y\n,select_one x,qx,X,X\n,select_one w,qw,W,W\n,select_one v,qv,V,V\n,select_one u,qu,U,U\n" +
		"choices,,,,\n,list_name,name,label::English (en),label::Bahasa (id)\n," + strings.Join(choices, "\n,") + "\n"
	for range 5 {
		f, err := Parse("f.csv", []byte(src), nil)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, w := range f.Warnings {
			if w.Sheet == "choices" {
				found = true
				if !strings.Contains(w.Message, "rows 11, 12, 13, 14, 15, and 1 more") {
					t.Fatalf("warning %q does not list the rows in order", w.Message)
				}
			}
		}
		if !found {
			t.Fatalf("no warning for the choices without Bahasa labels: %v", f.Warnings)
		}
	}
}

// TestLoopRowProblemsOnce: a loop's rows are read once per choice, but a
// mistake in one is reported once.
func TestLoopRowProblemsOnce(t *testing.T) {
	src := "survey,,,,\n,type,name,label,relevant\n,begin loop over means,transport,Transport,\n,integer,trips,Trips,${nothere} > 0\n,text,why,Why,’%(name)s’ = ‘bus’\n,end loop,,,\n" +
		"choices,,,\n,list_name,name,label\n,means,bus,Bus\n,means,taxi,Taxi\n,means,ojek,Ojek\n"
	_, err := Parse("f.csv", []byte(src), nil)
	var le *LoadError
	if !errors.As(err, &le) {
		t.Fatalf("err = %v", err)
	}
	count := map[int]int{}
	for _, p := range le.Problems {
		count[p.Row]++
	}
	if count[4] != 1 || count[5] != 1 {
		t.Errorf("rows 4 and 5 have %d and %d problems, want one each: %v", count[4], count[5], le.Problems)
	}
}

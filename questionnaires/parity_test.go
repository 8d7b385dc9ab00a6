package questionnaires

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"
)

// A note without a name is named as pyxform names it, from its row.
func TestNotesWithoutNames(t *testing.T) {
	data := form([]string{"survey", "type,name,label", "integer,a,A", "note,,Terima kasih", "note,,Selesai"})
	f, err := Parse("f.csv", data, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"generated_note_name_3", "generated_note_name_4"} {
		if n := f.Node(want); n == nil || n.Type != TypeNote {
			t.Errorf("no note named %s: %v", want, f.Nodes)
		}
	}
	// Other rows still need a name.
	_, err = Parse("f.csv", form([]string{"survey", "type,name,label", "integer,,A"}), nil)
	if err == nil || !strings.Contains(err.Error(), "has no name") {
		t.Errorf("a question without a name: %v", err)
	}
}

// One mistake gives one error: a group whose begin row is refused still
// pairs with its end row, which closes the innermost open group.
func TestRefusedGroupStillCloses(t *testing.T) {
	data := form([]string{"survey", "type,name,label",
		"begin repeat,members,Members", "integer,age,Age", "end repeat,,",
		"begin group,members,Again", "integer,b,B", "end group,,",
		"begin repeat,r2,R2", "integer,c,C", "end repeat,,"})
	_, err := Parse("f.csv", data, nil)
	var le *LoadError
	if !errors.As(err, &le) {
		t.Fatalf("err = %v", err)
	}
	var errs []Problem
	for _, p := range le.Problems {
		if p.Severity == Error {
			errs = append(errs, p)
		}
	}
	if len(errs) != 1 || errs[0].Row != 6 || errs[0].Column != "name" {
		t.Errorf("want one error, at the reused name on row 6; got %v", errs)
	}
}

// Duplicate choice names: pyxform refuses them in the choices sheet,
// whatever filters the list, unless allow_choice_duplicates is yes; it
// leaves external_choices and choice files alone.
func TestDuplicateChoiceNames(t *testing.T) {
	survey := []string{"survey", "type,name,label,choice_filter", "select_one region,r,Region,", "select_one spid,s,Point,region=${r}"}
	choices := []string{"choices", "list_name,name,label,region", "region,1,North,", "region,2,South,", "spid,1,P1,1", "spid,1,P1 south,2"}
	tests := []struct {
		name     string
		settings string
		refused  bool
	}{
		{"no setting", "", true},
		{"setting no", "no", true},
		{"setting y (not pyxform's yes)", "y", true},
		{"setting yes", "yes", false},
		{"setting TRUE", "TRUE", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sheets := [][]string{survey, choices}
			if tt.settings != "" {
				sheets = append(sheets, []string{"settings", "form_id,allow_choice_duplicates", "f," + tt.settings})
			}
			_, err := Parse("f.csv", form(sheets...), nil)
			if !tt.refused {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			var le *LoadError
			if !errors.As(err, &le) {
				t.Fatalf("err = %v, want the duplicate refused", err)
			}
			p := le.Problems[0]
			if p.Sheet != "choices" || p.Row != 10 || p.Column != "name" || !strings.Contains(p.Message, `list spid has the name "1" twice (rows 9 and 10)`) || !strings.Contains(p.Message, "allow_choice_duplicates") {
				t.Errorf("problem %s", p)
			}
		})
	}
	external := form([]string{"survey", "type,name,label", "select_one_external v,v,V"}, []string{"external_choices", "list_name,name,label", "v,1,A", "v,1,B"})
	if _, err := Parse("f.csv", external, nil); err != nil {
		t.Errorf("duplicates in external_choices refused: %v", err)
	}
	file := form([]string{"survey", "type,name,label", "select_one_from_file t.csv,t,T"})
	if _, err := Parse("f.csv", file, fstest.MapFS{"t.csv": {Data: []byte("name,label\n1,A\n1,B\n")}}); err != nil {
		t.Errorf("duplicates in a choices file refused: %v", err)
	}
}

// Typographic quotes, as autocorrect types them, read as straight quotes
// in expressions, with a warning naming row and column.
func TestTypographicQuotes(t *testing.T) {
	data := form([]string{"survey", "type,name,label,relevant", "select_one c,category,Category,", "text,why,Why?,${category}=\u2019religious\u2019"},
		[]string{"choices", "list_name,name,label", "c,religious,Religious"})
	f, err := Parse("f.csv", data, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := f.Node("why").Relevant.String(); got != "${category}='religious'" {
		t.Errorf("relevant read as %q", got)
	}
	for _, p := range f.Warnings {
		if p.Row == 4 && p.Column == "relevant" && strings.Contains(p.Message, "typographic quotes") {
			return
		}
	}
	t.Errorf("no warning at row 4, relevant: %v", f.Warnings)
}

// select_one_from_file reads CSV, XML and GeoJSON files as ODK does: by
// default name and label (a GeoJSON feature's id and title property),
// or the fields the parameters value= and label= name.
func TestChoicesFromXMLAndGeoJSON(t *testing.T) {
	dir := fstest.MapFS{
		"towns.xml": {Data: []byte(`<?xml version="1.0"?><root>
  <item><name>mks</name><label>Makassar</label><province>sulsel</province></item>
  <item><name>kpg</name><label>Kupang</label><province>ntt</province></item>
</root>`)},
		"points.geojson": {Data: []byte(`{"type": "FeatureCollection", "features": [
  {"type": "Feature", "id": 7, "geometry": {"type": "Point", "coordinates": [119.4, -5.1]}, "properties": {"title": "Pasar Terong", "ward": "w1", "code": "PT"}},
  {"type": "Feature", "geometry": {"type": "Point", "coordinates": [123.6, -10.2, 12]}, "properties": {"id": "b2", "title": "Pelabuhan", "ward": "w2", "code": "PL"}}
]}`)},
		"wards.csv": {Data: []byte("code,name_en,name_id\nw1,Ward one,Kelurahan satu\n")},
	}
	data := form([]string{"survey", "type,name,label,parameters,choice_filter",
		"select_one_from_file towns.xml,town,Town,,",
		"select_one_from_file points.geojson,point,Point,,ward='w2'",
		"select_multiple_from_file points.geojson,codes,Codes,value=code label=ward,",
		"select_one_from_file wards.csv,ward,Ward,value=code label=name_id,"})
	f, err := Parse("f.csv", data, dir)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		node          string
		names, labels []string
		extra         map[string]string // of the first choice
	}{
		{"town", []string{"mks", "kpg"}, []string{"Makassar", "Kupang"}, map[string]string{"province": "sulsel"}},
		{"point", []string{"7", "b2"}, []string{"Pasar Terong", "Pelabuhan"}, map[string]string{"ward": "w1", "geometry": "-5.1 119.4 0 0"}},
		{"codes", []string{"PT", "PL"}, []string{"w1", "w2"}, map[string]string{"id": "7", "title": "Pasar Terong"}},
		{"ward", []string{"w1"}, []string{"Kelurahan satu"}, map[string]string{"name_en": "Ward one"}},
	}
	for _, tt := range tests {
		n := f.Node(tt.node)
		if n.List == nil {
			t.Errorf("%s has no list", tt.node)
			continue
		}
		var names, labels []string
		for _, c := range n.List.Choices {
			names = append(names, c.Name)
			labels = append(labels, c.Label.In("", ""))
		}
		if strings.Join(names, ",") != strings.Join(tt.names, ",") || strings.Join(labels, ",") != strings.Join(tt.labels, ",") {
			t.Errorf("%s: names %v labels %v; want %v %v", tt.node, names, labels, tt.names, tt.labels)
		}
		for k, v := range tt.extra {
			if got := n.List.Choices[0].Extra[k]; got != v {
				t.Errorf("%s: first choice's %s = %q, want %q", tt.node, k, got, v)
			}
		}
	}
	if f.Node("point").ChoiceFilter == nil {
		t.Error("choice_filter over a GeoJSON property refused")
	}
	bad := []struct {
		name, row, files, want string
	}{
		{"unknown extension", "select_one_from_file towns.json,t,T,,", "", "should end with one of .csv, .xml or .geojson"},
		{"not a FeatureCollection", "select_one_from_file p.geojson,t,T,,", `{"type":"Feature"}`, "FeatureCollection"},
		{"no items", "select_one_from_file p.xml,t,T,,", `<root><row/></root>`, "no <item> elements"},
		{"missing field", "select_one_from_file p.xml,t,T,value=code,", `<root><item><name>a</name></item></root>`, "no field code"},
		{"bad parameter", "select_one_from_file p.xml,t,T,value=a*b,", `<root><item><name>a</name></item></root>`, "does not name a field"},
	}
	for _, tt := range bad {
		files := fstest.MapFS{}
		for _, n := range []string{"p.geojson", "p.xml"} {
			files[n] = &fstest.MapFile{Data: []byte(tt.files)}
		}
		_, err := Parse("f.csv", form([]string{"survey", "type,name,label,parameters,choice_filter", tt.row}), files)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err %v, want %q", tt.name, err, tt.want)
		}
	}
}

// Whatever a choices file holds, reading it gives choices or an error.
func FuzzChoiceFiles(f *testing.F) {
	f.Add([]byte(`<root><item><name>a</name><label>A</label></item></root>`), true)
	f.Add([]byte(`{"type":"FeatureCollection","features":[{"type":"Feature","id":1,"properties":{"title":"x"},"geometry":{"type":"Polygon","coordinates":[[[1,2],[3,4]]]}}]}`), false)
	f.Fuzz(func(t *testing.T, data []byte, isXML bool) {
		file := "c.geojson"
		if isXML {
			file = "c.xml"
		}
		src := form([]string{"survey", "type,name,label", "select_one_from_file " + file + ",c,C"})
		form, err := Parse("f.csv", src, fstest.MapFS{file: {Data: data}})
		if err == nil && (form == nil || form.Node("c").List == nil) {
			t.Fatal("no list and no error")
		}
	})
}

// A question may have only a hint, as pyxform allows; a guidance_hint
// alone is not enough. Files a form reads may be in its -media folder.
func TestHintOnlyAndMediaFolder(t *testing.T) {
	dir := fstest.MapFS{"f-media/towns.csv": {Data: []byte("name,label\nmks,Makassar\n")}}
	f, err := Parse("f.csv", form([]string{"survey", "type,name,label,hint", "integer,a,,How many?", "select_one_from_file towns.csv,t,Town,"}), dir)
	if err != nil {
		t.Fatal(err)
	}
	if f.Node("t").List == nil || len(f.Attachments) != 1 {
		t.Errorf("towns.csv not read from f-media: %v", f.Attachments)
	}
	if _, err := Parse("f.csv", form([]string{"survey", "type,name,label,guidance_hint", "integer,a,,Ask gently"}), nil); err == nil || !strings.Contains(err.Error(), "has no label") {
		t.Errorf("guidance_hint alone: %v", err)
	}
}

// A select_multiple cannot store a choice name with a space, as pyxform
// says; a select_one can.
func TestSpacesInSelectMultipleNames(t *testing.T) {
	choices := []string{"choices", "list_name,name,label", "l,a b,A B", "l,c,C"}
	if _, err := Parse("f.csv", form([]string{"survey", "type,name,label", "select_one l,q,Q"}, choices), nil); err != nil {
		t.Errorf("select_one refused: %v", err)
	}
	_, err := Parse("f.csv", form([]string{"survey", "type,name,label", "select_multiple l,q,Q", "select_multiple l,r,R"}, choices), nil)
	var le *LoadError
	if !errors.As(err, &le) || len(le.Problems) != 1 || le.Problems[0].Sheet != "choices" || le.Problems[0].Row != 7 || !strings.Contains(le.Problems[0].Message, `"a b"`) {
		t.Errorf("want one error at choices row 7; got %v", err)
	}
}

// An xml-external or csv-external row declares a file the form's
// expressions read: it is kept with the form, and its absence is an
// error at the row.
func TestExternalInstanceFiles(t *testing.T) {
	src := form([]string{"survey", "type,name,label", "xml-external,households,", "csv-external,prices,", "integer,n,N"})
	_, err := Parse("f.csv", src, fstest.MapFS{"prices.csv": {Data: []byte("name,price\nrice,12000\n")}})
	var le *LoadError
	if !errors.As(err, &le) || len(le.Problems) != 1 || le.Problems[0].Row != 3 || !strings.Contains(le.Problems[0].Message, "households.xml") {
		t.Fatalf("want one error at row 3 naming households.xml; got %v", err)
	}
	f, err := Parse("f.csv", src, fstest.MapFS{"prices.csv": {Data: []byte("name,price\n")}, "f-media/households.xml": {Data: []byte("<root/>")}})
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Attachments) != 2 || len(f.Warnings) != 0 {
		t.Errorf("attachments %v, warnings %v", f.Attachments, f.Warnings)
	}
}

// A row whose disabled column says yes is left out, as pyxform does,
// with a warning.
func TestDisabledRows(t *testing.T) {
	f, err := Parse("f.csv", form([]string{"survey", "type,name,label,disabled", "integer,a,A,", "integer,b,B,yes", "begin group,g,G,yes", "end group,,,yes"}), nil)
	if err != nil {
		t.Fatal(err)
	}
	if f.Node("b") != nil || f.Node("g") != nil || f.Node("a") == nil {
		t.Errorf("nodes %v", f.Nodes)
	}
	if len(f.Warnings) != 1 || !strings.Contains(f.Warnings[0].Message, "are left out (rows 4, 5, 6)") {
		t.Errorf("warnings %v", f.Warnings)
	}
}

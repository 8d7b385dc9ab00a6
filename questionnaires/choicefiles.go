package questionnaires

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"maps"
	"path"
	"slices"
	"strconv"
	"strings"

	"siap/questionnaires/expr"
)

// choiceColumns name the fields a list's choices take their name (the
// code stored) and label from.
type choiceColumns struct{ value, label string }

// The fields ODK reads by default: name and label, or in a GeoJSON file
// the feature's id and its title property (pyxform's itemset refs).
var (
	sheetChoiceColumns   = choiceColumns{"name", "label"}
	geojsonChoiceColumns = choiceColumns{"id", "title"}
)

// choiceFileReaders read a select_one_from_file's file, by extension,
// into rows of fields as ODK sees them.
var choiceFileReaders = map[string]func(name string, data []byte) (*sheet, error){
	".csv":     readPlainCSV,
	".xml":     readXMLItems,
	".geojson": readGeoJSON,
}

// fileList reads the choices of a select_one_from_file or
// select_multiple_from_file: a CSV, XML or GeoJSON file beside the form.
// The parameters value= and label= name the fields a choice's name and
// label come from, as in ODK.
func (b *builder) fileList(file string, params map[string]string, sheetName string, row int, col string) *ChoiceList {
	ext := strings.ToLower(path.Ext(file))
	read := choiceFileReaders[ext]
	if read == nil || strings.Count(file, ".") != 1 {
		b.ps.errorf(sheetName, row, col, "choices file %s should end with one of .csv, .xml or .geojson (as pyxform requires)", file)
		return nil
	}
	cols := sheetChoiceColumns
	if ext == ".geojson" {
		cols = geojsonChoiceColumns
	}
	for _, p := range []struct {
		key string
		to  *string
	}{{"value", &cols.value}, {"label", &cols.label}} {
		if v, ok := params[p.key]; ok {
			if !expr.IsName(v) {
				b.ps.errorf(sheetName, row, b.survey.ref("parameters"), "parameter %s=%s does not name a field: start with a letter or _, then letters, digits, _, - or .", p.key, v)
				return nil
			}
			*p.to = v
		}
	}
	key := "file:" + file
	if cols != sheetChoiceColumns && cols != geojsonChoiceColumns {
		key += "?value=" + cols.value + "&label=" + cols.label
	}
	if l := b.f.Lists[key]; l != nil {
		return l
	}
	if b.dir == nil {
		b.ps.errorf(sheetName, row, col, "choices file %s cannot be found: the form was not read from a folder", file)
		return nil
	}
	data, err := b.readFile(file)
	if err != nil {
		b.ps.errorf(sheetName, row, col, "choices file %s is missing: put it in the same folder as the form (or in its -media folder)", file)
		return nil
	}
	s, err := read(file, data)
	if err != nil {
		b.ps.errorf(file, 0, "", "%v", err)
		return nil
	}
	// The file's rows have no list_name: every row belongs to this list.
	s.header = append([]string{"list_name"}, s.header...)
	s.letters = append([]string{""}, s.letters...)
	for i := range s.rows {
		s.rows[i].cells = append([]string{key}, s.rows[i].cells...)
	}
	t := newFileTable(s, &b.langs)
	if !t.has(cols.value) {
		b.ps.errorf(sheetName, row, col, "choices file %s has no field %s for the choices' names (it has: %s)", file, cols.value, strings.Join(s.header[1:], ", "))
		return nil
	}
	lists := map[string]*ChoiceList{}
	b.readChoiceTable(t, lists, false, cols)
	l := lists[key]
	if l == nil {
		b.ps.errorf(file, 0, "", "choices file %s has no choices", file)
		return nil
	}
	b.f.Lists[key] = l
	return l
}

// selectParameters reads a select's parameters column: value=code
// label=title, separated by spaces, commas or semicolons.
func selectParameters(raw string) map[string]string {
	out := map[string]string{}
	for _, kv := range strings.FieldsFunc(raw, func(c rune) bool { return c == ' ' || c == ';' || c == ',' }) {
		if k, v, ok := strings.Cut(kv, "="); ok {
			out[strings.ToLower(strings.TrimSpace(k))] = strings.TrimSpace(v)
		}
	}
	return out
}

// readXMLItems reads an XML file as ODK reads a secondary instance: each
// item element under the document's root is a choice, its child elements
// the fields (<root><item><name>..</name><label>..</label></item></root>).
func readXMLItems(name string, data []byte) (*sheet, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = false
	var rows []map[string]string
	var fields []string
	seen := map[string]bool{}
	depth := 0
	var item map[string]string
	var field string
	var text strings.Builder
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s is not readable XML: %w", name, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			switch {
			case depth == 2 && t.Name.Local == "item":
				item = map[string]string{}
			case depth == 3 && item != nil:
				field = t.Name.Local
				text.Reset()
			}
		case xml.CharData:
			if field != "" {
				text.Write(t)
			}
		case xml.EndElement:
			switch {
			case depth == 3 && item != nil && field != "":
				item[field] = strings.TrimSpace(text.String())
				if !seen[field] {
					seen[field] = true
					fields = append(fields, field)
				}
				field = ""
			case depth == 2 && item != nil:
				rows = append(rows, item)
				if len(rows)*max(1, len(fields)) > maxCells {
					return nil, errors.New(name + " has more than 4 million fields")
				}
				item = nil
			}
			depth--
		}
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("%s has no <item> elements under its root element, where ODK looks for choices", name)
	}
	return fieldRows(name, fields, rows), nil
}

// readGeoJSON reads a GeoJSON FeatureCollection as ODK does: each feature
// is a choice whose fields are its properties, its id (the feature's
// own, else the id property) and its geometry as ODK writes a location.
func readGeoJSON(name string, data []byte) (*sheet, error) {
	var fc struct {
		Type     string `json:"type"`
		Features []struct {
			Type       string                     `json:"type"`
			ID         json.RawMessage            `json:"id"`
			Properties map[string]json.RawMessage `json:"properties"`
			Geometry   *struct {
				Type        string          `json:"type"`
				Coordinates json.RawMessage `json:"coordinates"`
			} `json:"geometry"`
		} `json:"features"`
	}
	if err := json.Unmarshal(data, &fc); err != nil {
		return nil, fmt.Errorf("%s is not readable GeoJSON: %w", name, err)
	}
	if fc.Type != "FeatureCollection" {
		return nil, fmt.Errorf("%s must hold a GeoJSON FeatureCollection at its top level", name)
	}
	var fields []string
	seen := map[string]bool{}
	add := func(f string) {
		if !seen[f] {
			seen[f] = true
			fields = append(fields, f)
		}
	}
	rows := make([]map[string]string, 0, len(fc.Features))
	for i, ft := range fc.Features {
		if ft.Type != "Feature" {
			return nil, fmt.Errorf("%s: item %d is of type %q; a FeatureCollection holds Features", name, i+1, ft.Type)
		}
		row := map[string]string{}
		if ft.Geometry != nil {
			row["geometry"] = odkGeometry(ft.Geometry.Type, ft.Geometry.Coordinates)
			add("geometry")
		}
		for k, v := range ft.Properties {
			row[k] = jsonScalar(v)
		}
		for _, k := range slices.Sorted(maps.Keys(ft.Properties)) {
			add(k)
		}
		if id := jsonScalar(ft.ID); id != "" {
			row["id"] = id
			add("id")
		}
		rows = append(rows, row)
	}
	if len(rows)*max(1, len(fields)) > maxCells {
		return nil, errors.New(name + " has more than 4 million fields")
	}
	return fieldRows(name, fields, rows), nil
}

// jsonScalar is a JSON value as ODK keeps a property: text as it is,
// numbers and booleans as written, null as "".
func jsonScalar(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return string(raw)
}

// odkGeometry writes GeoJSON coordinates ([longitude, latitude]) as ODK
// writes a location: "latitude longitude altitude accuracy", points of a
// line or shape separated by "; ".
func odkGeometry(typ string, coords json.RawMessage) string {
	point := func(p []float64) string {
		if len(p) < 2 {
			return ""
		}
		alt := 0.0
		if len(p) > 2 {
			alt = p[2]
		}
		return strconv.FormatFloat(p[1], 'f', -1, 64) + " " + strconv.FormatFloat(p[0], 'f', -1, 64) + " " + strconv.FormatFloat(alt, 'f', -1, 64) + " 0"
	}
	join := func(ps [][]float64) string {
		out := make([]string, 0, len(ps))
		for _, p := range ps {
			out = append(out, point(p))
		}
		return strings.Join(out, "; ")
	}
	switch typ {
	case "Point":
		var p []float64
		if json.Unmarshal(coords, &p) == nil {
			return point(p)
		}
	case "LineString":
		var ps [][]float64
		if json.Unmarshal(coords, &ps) == nil {
			return join(ps)
		}
	case "Polygon":
		var rings [][][]float64
		if json.Unmarshal(coords, &rings) == nil && len(rings) > 0 {
			return join(rings[0])
		}
	}
	return ""
}

// fieldRows makes a sheet of rows given as fields by name.
func fieldRows(name string, fields []string, rows []map[string]string) *sheet {
	s := &sheet{name: name, header: fields, headerRow: 1, letters: make([]string, len(fields))}
	for i, r := range rows {
		cells := make([]string, len(fields))
		for j, f := range fields {
			cells[j] = r[f]
		}
		s.rows = append(s.rows, sheetRow{num: i + 1, cells: cells})
	}
	return s
}

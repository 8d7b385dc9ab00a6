package questionnaires

import (
	"fmt"
	"strings"
)

// columnAliases maps the spellings XLSForm tools accept to one name.
var columnAliases = map[string]string{
	"caption":                "label",
	"bind:required":          "required",
	"bind::required":         "required",
	"requiredmsg":            "required_message",
	"required message":       "required_message",
	"jr:requiredmsg":         "required_message",
	"bind:jr:requiredmsg":    "required_message",
	"bind::jr:requiredmsg":   "required_message",
	"bind:relevant":          "relevant",
	"bind::relevant":         "relevant",
	"relevance":              "relevant",
	"bind:constraint":        "constraint",
	"bind::constraint":       "constraint",
	"validation":             "constraint",
	"constraint message":     "constraint_message",
	"constraintmsg":          "constraint_message",
	"jr:constraintmsg":       "constraint_message",
	"bind:jr:constraintmsg":  "constraint_message",
	"bind::jr:constraintmsg": "constraint_message",
	"bind:calculate":         "calculation",
	"bind::calculate":        "calculation",
	"choice filter":          "choice_filter",
	"readonly":               "read_only",
	"read only":              "read_only",
	"bind:readonly":          "read_only",
	"bind::readonly":         "read_only",
	"control:appearance":     "appearance",
	"control::appearance":    "appearance",
	"repeat count":           "repeat_count",
	"jr:count":               "repeat_count",
	"control:jr:count":       "repeat_count",
	"control::jr:count":      "repeat_count",
	"list name":              "list_name",
	"value":                  "name",
	"id_string":              "form_id",
	"title":                  "form_title",
	"media::image":           "image",
	"media::audio":           "audio",
	"media::video":           "video",
	"media::big-image":       "big-image",
	"big_image":              "big-image",
}

// translatable columns can carry a language: label::English (en).
var translatable = map[string]bool{
	"label": true, "hint": true, "guidance_hint": true, "constraint_message": true,
	"required_message": true, "image": true, "audio": true, "video": true, "big-image": true,
	"reference_source": true, // the indicators sheet's
}

// mediaColumns hold pictures and sounds, which a terminal cannot show.
var mediaColumns = map[string]bool{"image": true, "audio": true, "video": true, "big-image": true}

// surveyColumns are the survey sheet's columns siap reads or knows to
// ignore; any other column is kept in Node.Extra with a warning.
var surveyColumns = map[string]bool{
	"type": true, "name": true, "label": true, "hint": true, "guidance_hint": true,
	"required": true, "required_message": true, "relevant": true, "constraint": true,
	"constraint_message": true, "calculation": true, "choice_filter": true, "default": true,
	"read_only": true, "appearance": true, "repeat_count": true, "parameters": true,
	"image": true, "audio": true, "video": true, "big-image": true,
	// ODK columns with no meaning in a terminal.
	"autoplay": true, "rows": true, "trigger": true, "save_to": true, "intent": true,
	"buttontext": true, "noapperrorstring": true, "flat": true, "note": true, "comments": true,
	"disabled": true, // rows it marks yes are left out, as pyxform does
	// siap's own columns.
	"pii": true, "minimum_seconds": true, "soft_min": true, "soft_max": true, "section": true,
	"sim_typical": true, "sim_spread": true, consentColumn: true,
}

// column is a header cell given its XLSForm meaning.
type column struct {
	index int
	key   string // canonical name: label, constraint_message, list_name, ...
	lang  string // language as written, "" for none
}

// parseHeader gives each header cell of a sheet its meaning, and reports
// two columns that mean the same thing (two label columns, say).
func parseHeader(s *sheet, ps *problems, langs *languages) []column {
	cols := make([]column, 0, len(s.header))
	seen := map[string]int{}
	for i, h := range s.header {
		if h == "" {
			continue
		}
		key, lang := canonicalColumn(h)
		if lang != "" {
			lang = langs.add(lang)
		}
		id := key + "::" + strings.ToLower(lang)
		if j, dup := seen[id]; dup {
			ps.errorf(s.name, s.headerRow, s.columnRef(i),
				"column %s means the same as column %s; a sheet may have each column once (rename or delete one)",
				s.columnRef(i), s.columnRef(j))
			continue
		}
		seen[id] = i
		cols = append(cols, column{i, key, lang})
	}
	return cols
}

// canonicalColumn reads a header such as "label::Bahasa Indonesia (id)",
// "label:English", "bind:jr:constraintMsg" or "LIST NAME".
func canonicalColumn(header string) (key, lang string) {
	h := strings.Join(strings.Fields(header), " ")
	lower := strings.ToLower(h)
	if strings.HasPrefix(lower, "media::") {
		h, lower = h[len("media::"):], lower[len("media::"):]
	}
	if i := strings.Index(lower, "::"); i > 0 {
		base := alias(lower[:i])
		if translatable[base] {
			return base, strings.TrimSpace(h[i+2:])
		}
	}
	if i := strings.LastIndex(lower, ":"); i > 0 {
		base := alias(lower[:i])
		if translatable[base] && !strings.HasSuffix(lower[:i], ":") {
			return base, strings.TrimSpace(h[i+1:])
		}
	}
	return alias(lower), ""
}

func alias(k string) string {
	k = strings.TrimSpace(k)
	if a, ok := columnAliases[k]; ok {
		return a
	}
	return strings.ReplaceAll(k, " ", "_")
}

// languages collects the languages named in column headers, matching
// spellings case-insensitively so that label::English and hint::english
// are one language.
type languages struct {
	names []string
	index map[string]string
}

func (l *languages) add(name string) string {
	if l.index == nil {
		l.index = map[string]string{}
	}
	k := strings.ToLower(name)
	if n, ok := l.index[k]; ok {
		return n
	}
	l.index[k] = name
	l.names = append(l.names, name)
	return name
}

func (l *languages) find(name string) (string, bool) {
	n, ok := l.index[strings.ToLower(strings.TrimSpace(name))]
	return n, ok
}

// table is a sheet with its header read: cells by canonical column.
type table struct {
	s    *sheet
	cols []column
}

func newTable(s *sheet, ps *problems, langs *languages) *table {
	return &table{s, parseHeader(s, ps, langs)}
}

// newFileTable reads the header of a file of choices (select_one_from_file)
// as ODK reads its fields: by name as written (in lower case, as siap
// keys columns), with no XLSForm aliases; label::language columns give a
// label's translations.
func newFileTable(s *sheet, langs *languages) *table {
	cols := make([]column, 0, len(s.header))
	for i, h := range s.header {
		key := strings.ToLower(strings.TrimSpace(h))
		if key == "" {
			continue
		}
		lang := ""
		if base, l, ok := strings.Cut(strings.TrimSpace(h), "::"); ok && strings.EqualFold(base, "label") && strings.TrimSpace(l) != "" {
			key, lang = "label", langs.add(strings.TrimSpace(l))
		}
		cols = append(cols, column{i, key, lang})
	}
	return &table{s, cols}
}

func (t *table) has(key string) bool {
	for _, c := range t.cols {
		if c.key == key {
			return true
		}
	}
	return false
}

// get returns the row's cell in the column without a language.
func (t *table) get(r sheetRow, key string) string {
	for _, c := range t.cols {
		if c.key == key && c.lang == "" {
			return r.cell(c.index)
		}
	}
	return ""
}

// text returns a translatable column's cells in every language.
func (t *table) text(r sheetRow, key string) Text {
	var txt Text
	for _, c := range t.cols {
		if c.key == key {
			if v := r.cell(c.index); v != "" {
				if txt == nil {
					txt = Text{}
				}
				txt[c.lang] = v
			}
		}
	}
	return txt
}

// ref names a column for a problem report.
func (t *table) ref(key string) string {
	for _, c := range t.cols {
		if c.key == key {
			return t.s.columnRef(c.index)
		}
	}
	return key
}

// extra returns the cells of columns not in known, by lower-case header
// (so label::Bahasa Indonesia (id) stays distinct from label::English).
func (t *table) extra(r sheetRow, known func(key string) bool) map[string]string {
	var m map[string]string
	for _, c := range t.cols {
		if known(c.key) {
			continue
		}
		v := r.cell(c.index)
		if v == "" {
			continue
		}
		if m == nil {
			m = map[string]string{}
		}
		k := c.key
		if c.lang != "" {
			k = fmt.Sprintf("%s::%s", c.key, c.lang)
		}
		m[k] = v
	}
	return m
}

// Package export turns stored interviews into files researchers open:
// a wide CSV with one row per interview, one CSV per repeat group, a
// codebook, the paradata, quality flags, Stata, SPSS and R scripts that
// load the data with its labels, and on request an .xlsx workbook. It
// streams: memory does not grow with the number of interviews. It also
// reports each interviewer's fieldwork progress.
package export

import (
	"regexp"
	"strconv"
	"strings"

	"siap/questionnaires"
)

// column is one column of an exported table.
type column struct {
	name   string               // the variable name, valid in Stata, SPSS and R
	node   *questionnaires.Node // the question it comes from; nil for metadata
	choice *questionnaires.Choice
	kind   columnKind
	meta   string // for metadata columns: which
}

type columnKind int

const (
	valueColumn      columnKind = iota // the answer (codes, or labels with --labels)
	dummyColumn                        // 1 when choice is selected, else 0
	hashColumn                         // keyed hash of a personal identifier
	metaColumn                         // id, status, interviewer, ...
	parentColumn                       // repeat tables: the interview id
	instanceColumn                     // repeat tables: the instance number(s)
	loopChoiceColumn                   // "begin loop over" tables: the choice the row is for
)

// table is one CSV file of an export.
type table struct {
	file   string
	repeat *questionnaires.Node // nil for data.csv
	cols   []column
}

// plan lays out the tables of a form's export.
type plan struct {
	form   *questionnaires.Form
	main   *table
	tables []*table // main first, then one per repeat
	byRep  map[*questionnaires.Node]*table
}

// metadata columns of data.csv, before the questions.
var metaColumns = []string{"id", "status", "interviewer", "start", "end", "duration_min", "form_version", "simulated"}

func newPlan(form *questionnaires.Form, includePII bool) *plan {
	p := &plan{form: form, byRep: map[*questionnaires.Node]*table{}}
	names := &nameSet{used: map[string]bool{}}
	p.main = &table{file: "data.csv"}
	for _, m := range metaColumns {
		p.main.cols = append(p.main.cols, column{name: names.take(m), kind: metaColumn, meta: m})
		if m == "status" && form.SummaryBy != "" {
			// The group summaries compare across comes early, beside status.
			n := form.Node(form.SummaryBy)
			p.main.cols = append(p.main.cols, column{name: names.take(n.Key), node: n})
		}
	}
	p.tables = []*table{p.main}
	for _, n := range form.Nodes {
		t := p.main
		if r := n.InRepeat(); r != nil {
			t = p.repeatTable(r, names)
		}
		if n.Kind == questionnaires.Repeat {
			p.repeatTable(n, names)
			continue
		}
		if !exported(n) || n.Name == form.SummaryBy || t == p.main && (n.Type == questionnaires.TypeStart || n.Type == questionnaires.TypeEnd) {
			continue
		}
		switch {
		case n.HashedID() && !includePII:
			t.cols = append(t.cols, column{name: names.take(n.Key + "_hash"), node: n, kind: hashColumn})
			continue
		case n.IsPII() && !includePII:
			continue
		}
		t.cols = append(t.cols, column{name: names.take(n.Key), node: n})
		if formatOf(n).dummies && n.List != nil {
			for _, c := range n.List.Choices {
				t.cols = append(t.cols, column{name: names.take(n.Key + "_" + c.Name), node: n, choice: c, kind: dummyColumn})
			}
		}
	}
	return p
}

// exported reports whether a node has a value to export.
func exported(n *questionnaires.Node) bool {
	return n.Type.Storage() != questionnaires.StoredNothing
}

func (p *plan) repeatTable(r *questionnaires.Node, names *nameSet) *table {
	if t := p.byRep[r]; t != nil {
		return t
	}
	t := &table{file: safeName(r.Name) + ".csv", repeat: r}
	t.cols = []column{{name: "parent_id", kind: parentColumn}, {name: "instance", kind: instanceColumn}}
	if r.Loop && r.List != nil {
		t.cols = append(t.cols, column{name: "choice", kind: loopChoiceColumn})
	}
	p.byRep[r] = t
	p.tables = append(p.tables, t)
	return t
}

// nameSet hands out variable names that Stata, SPSS and R all accept
// (letters, digits and _, starting with a letter, at most 32
// characters), each once.
type nameSet struct{ used map[string]bool }

var notNameChar = regexp.MustCompile(`[^A-Za-z0-9_]`)

// reserved are names Stata or SPSS keep for themselves.
var reserved = map[string]bool{
	"all": true, "and": true, "by": true, "byte": true, "double": true, "eq": true, "float": true,
	"ge": true, "gt": true, "if": true, "in": true, "int": true, "le": true, "long": true, "lt": true,
	"ne": true, "not": true, "or": true, "to": true, "using": true, "with": true, "str": true, "strl": true,
}

func safeName(s string) string {
	s = notNameChar.ReplaceAllString(s, "_")
	if s == "" || !(s[0] >= 'a' && s[0] <= 'z' || s[0] >= 'A' && s[0] <= 'Z') {
		s = "v" + s
	}
	if reserved[strings.ToLower(s)] {
		s += "_"
	}
	if len(s) > 32 {
		s = s[:32]
	}
	return s
}

func (ns *nameSet) take(s string) string {
	base := safeName(s)
	name := base
	for i := 2; ns.used[strings.ToLower(name)]; i++ {
		suffix := "_" + strconv.Itoa(i)
		name = base[:min(len(base), 32-len(suffix))] + suffix
	}
	ns.used[strings.ToLower(name)] = true
	return name
}

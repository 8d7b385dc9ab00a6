// Package export turns stored interviews into files researchers open:
// a wide CSV with one row per interview, one CSV per repeat group, a
// codebook, the paradata, quality flags, Stata, SPSS and R scripts that
// load the data with its labels, and on request an .xlsx workbook. It
// streams: memory does not grow with the number of interviews. It also
// reports each interviewer's fieldwork progress.
package export

import (
	"slices"
	"strconv"
	"strings"

	"siap/questionnaires"
)

// column is one column of an exported table.
type column struct {
	// name is the column's name in the CSV file: the question's name,
	// whole, as ODK and Kobo write it (the Stata and SPSS scripts shorten
	// it where those tools require).
	name   string
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
	keyColumn                          // ODK's KEY: this row's instance path
	parentKeyColumn                    // ODK's PARENT_KEY: the parent row's KEY
	loopChoiceColumn                   // "begin loop over" tables: the choice the row is for
)

// table is one CSV file of an export.
type table struct {
	file   string
	repeat *questionnaires.Node // nil for data.csv
	cols   []column
	names  *nameSet
}

// plan lays out the tables of a form's export.
type plan struct {
	form   *questionnaires.Form
	style  Names // how question columns are named
	main   *table
	tables []*table // main first, then one per repeat
	byRep  map[*questionnaires.Node]*table
}

// Names is how a question's column is named.
type Names uint8

const (
	NamesSiap Names = iota // the question's name (age), a choice's dummy fruit_apple
	NamesODK               // ODK Central and Briefcase: groups joined by - (household-age), dummies q/choice
	NamesKobo              // KoboToolbox: the whole path joined by / (household/age), dummies q/choice
)

// String is the style's name as --names takes it.
func (n Names) String() string {
	switch n {
	case NamesODK:
		return "odk"
	case NamesKobo:
		return "kobo"
	}
	return "siap"
}

// ParseNames reads a style's name: siap, odk or kobo.
func ParseNames(s string) (Names, bool) {
	for _, n := range []Names{NamesSiap, NamesODK, NamesKobo} {
		if n.String() == s {
			return n, true
		}
	}
	return NamesSiap, false
}

// metadata columns of data.csv, before the questions.
var metaColumns = []string{"id", "status", "interviewer", "start", "end", "duration_min", "form_version", "simulated"}

func newPlan(form *questionnaires.Form, includePII bool, style Names) *plan {
	p := &plan{form: form, style: style, byRep: map[*questionnaires.Node]*table{}}
	p.main = &table{file: "data.csv", names: p.newNames()}
	for _, m := range metaColumns {
		p.main.cols = append(p.main.cols, column{name: p.main.names.take(m, true), kind: metaColumn, meta: m})
		if m == "status" && form.SummaryBy != "" {
			// The group summaries compare across comes early, beside status.
			n := form.Node(form.SummaryBy)
			p.main.cols = append(p.main.cols, column{name: p.main.names.take(p.questionName(n), true), node: n})
		}
	}
	p.tables = []*table{p.main}
	for _, n := range form.Nodes {
		t := p.main
		if r := n.InRepeat(); r != nil {
			t = p.repeatTable(r)
		}
		if n.Kind == questionnaires.Repeat {
			p.repeatTable(n)
			continue
		}
		if !exported(n) || n.Name == form.SummaryBy || t == p.main && (n.Type == questionnaires.TypeStart || n.Type == questionnaires.TypeEnd) {
			continue
		}
		name := p.questionName(n)
		switch {
		case n.HashedID() && !includePII:
			t.cols = append(t.cols, column{name: t.names.take(name+"_hash", false), node: n, kind: hashColumn})
			continue
		case n.IsPII() && !includePII:
			continue
		}
		t.cols = append(t.cols, column{name: t.names.take(name, true), node: n})
		if formatOf(n).dummies && n.List != nil {
			sep := "_"
			if p.style != NamesSiap {
				sep = "/"
			}
			for _, c := range n.List.Choices {
				t.cols = append(t.cols, column{name: t.names.take(name+sep+c.Name, false), node: n, choice: c, kind: dummyColumn})
			}
		}
	}
	p.main.cols = append(p.main.cols, column{name: p.main.names.take("KEY", true), kind: keyColumn})
	for _, t := range p.tables[1:] {
		t.cols = append(t.cols, column{name: t.names.take("PARENT_KEY", true), kind: parentKeyColumn}, column{name: t.names.take("KEY", true), kind: keyColumn})
	}
	return p
}

// newNames starts a table's column names, every question's own name kept
// for it: a dummy (fruit_apple) never takes the name of a question.
func (p *plan) newNames() *nameSet {
	ns := &nameSet{used: map[string]bool{}, kept: map[string]bool{}}
	for _, n := range p.form.Nodes {
		if exported(n) {
			ns.kept[p.questionName(n)] = true
		}
	}
	return ns
}

// questionName is a question's column name in the names style: its name,
// or the path of groups to it as ODK or Kobo write it.
func (p *plan) questionName(n *questionnaires.Node) string {
	if p.style == NamesSiap {
		// The name, or group_name where the form reuses the name in
		// another group (its Key is group/name).
		return strings.ReplaceAll(n.Key, "/", "_")
	}
	parts := []string{n.Name}
	for g := n.Parent; g != nil && g.Parent != nil; g = g.Parent {
		if g.Kind == questionnaires.Repeat && p.style == NamesODK {
			// ODK names columns from the repeat down, in the repeat's file.
			break
		}
		parts = append(parts, g.Name)
	}
	slices.Reverse(parts)
	if p.style == NamesODK {
		return strings.Join(parts, "-")
	}
	return strings.Join(parts, "/")
}

// exported reports whether a node has a value to export.
func exported(n *questionnaires.Node) bool {
	return n.Type.Storage() != questionnaires.StoredNothing
}

func (p *plan) repeatTable(r *questionnaires.Node) *table {
	if t := p.byRep[r]; t != nil {
		return t
	}
	t := &table{file: safeName(r.Name, 32) + ".csv", repeat: r, names: p.newNames()}
	t.cols = []column{{name: t.names.take("parent_id", true), kind: parentColumn}, {name: t.names.take("instance", true), kind: instanceColumn}}
	if r.Loop && r.List != nil {
		t.cols = append(t.cols, column{name: t.names.take("choice", true), kind: loopChoiceColumn})
	}
	p.byRep[r] = t
	p.tables = append(p.tables, t)
	return t
}

// nameSet hands out a table's column names, each once. Two names that
// differ only in case are one: SPSS and Excel do not tell them apart.
type nameSet struct {
	used map[string]bool
	kept map[string]bool // names only their own question may take
}

// take hands out s, or s_2, s_3 ... when s is taken; owner says that s is
// the taker's own name (a question's), which the others leave to it.
func (ns *nameSet) take(s string, owner bool) string {
	taken := func(name string) bool {
		return ns.used[strings.ToLower(name)] || ns.kept[name] && !(owner && name == s)
	}
	name := s
	for i := 2; taken(name); i++ {
		name = s + "_" + strconv.Itoa(i)
	}
	ns.used[strings.ToLower(name)] = true
	return name
}

// Package questionnaires knows what a questionnaire is: it reads XLSForms
// (the ODK and KoboToolbox standard) into a Form, checks them, and embeds
// the questionnaires siap ships. It writes nothing to disk and knows
// nothing of terminals; package interview moves an interview through a
// Form.
package questionnaires

import (
	"maps"
	"slices"
	"strings"

	"siap/questionnaires/expr"
	"siap/questionnaires/markup"
)

// Form is a questionnaire read from an XLSForm.
type Form struct {
	Title           string
	ID              string
	Version         string
	DefaultLanguage string   // a member of Languages, or "" when labels have no language
	Languages       []string // as named in the columns, e.g. "Bahasa Indonesia (id)"
	InstanceName    *expr.Expr
	SummaryBy       string            // the question summaries compare across
	Settings        map[string]string // every setting, by lower-case name
	// SupervisorKey is the supervisor's public key the settings sheet
	// carries (siap_supervisor_key): packs are encrypted for it.
	SupervisorKey string

	// Root holds the survey's top-level nodes as its children.
	Root *Node
	// Nodes lists every node of the survey sheet in form order.
	Nodes []*Node
	// Lists holds the choice lists by name.
	Lists map[string]*ChoiceList

	Indicators []*Indicator
	Warnings   []Problem
	// Consent is the question whose refusal ends the interview, as the
	// form declares it (siap's consent_agree column); nil when it has none.
	Consent *Consent

	// Source is the bytes the form was read from, so that a data file can
	// keep the exact questionnaire its interviews were taken with.
	Source []byte
	// SourceName is the file name the form was read from.
	SourceName string
	// Attachments are the files beside the form it took choices from.
	Attachments Files

	byName map[string]*Node // names used once
	named  map[string][]*Node
	// byTemplate finds a node from an answer path with its instance
	// numbers taken out: "members/age" for "members[2]/age".
	byTemplate map[string]*Node
	// data are the CSVs pulldata() reads, by name without .csv.
	data map[string]*dataTable
	// inst are the secondary instances instance('id') reads.
	inst instances
	// usesLastSaved is set when a row refers to ${last-saved#name}.
	usesLastSaved bool
}

// UsesLastSaved reports whether the form refers to ${last-saved#name}:
// then an interview needs the answers of the last one finalized.
func (f *Form) UsesLastSaved() bool { return f.usesLastSaved }

// Node returns the question, group or repeat with the given name.
func (f *Form) Node(name string) *Node { return f.byName[name] }

// NodeAt returns the node an answer path belongs to: "age",
// "members[2]/age", a repeat's count "members[#]" or its prompt
// "members[+]"; nil when the form has no such node.
func (f *Form) NodeAt(path string) *Node { return f.byTemplate[pathTemplate(path)] }

// pathTemplate takes the instance numbers out of an answer path.
func pathTemplate(path string) string {
	if !strings.Contains(path, "[") {
		return path
	}
	var b strings.Builder
	for i := 0; i < len(path); i++ {
		if path[i] == '[' {
			if j := strings.IndexByte(path[i:], ']'); j > 0 {
				i += j
				continue
			}
		}
		b.WriteByte(path[i])
	}
	return b.String()
}

// Kind says how an interview treats a node.
type Kind uint8

const (
	Question    Kind = iota // asked and answered
	Note                    // shown, never answered
	Calculate               // computed, never shown
	Metadata                // recorded by siap, never shown
	Group                   // holds nodes; relevance applies to all of them
	Repeat                  // a group asked once per instance
	Unsupported             // a type a terminal cannot capture: skipped
)

// Node is one row of the survey sheet (a begin row for a group or repeat).
type Node struct {
	Row     int    // the row in the survey sheet (1 = the header)
	Type    Type   // what the row is, whatever its spelling
	RawType string // the type as written
	Kind    Kind
	Name    string
	// Key is what the node's answers are stored under inside its repeat
	// instance (or the interview): its name, or, where the same repeat
	// reuses the name in another group, the groups' names first
	// ("left_eye/lux").
	Key                                                          string
	Label                                                        Text
	Hint                                                         Text
	Guidance                                                     Text // guidance_hint: for the interviewer, not read aloud
	ReqMsg                                                       Text // required_message
	ConsMsg                                                      Text // constraint_message
	Required                                                     *expr.Expr
	Relevant                                                     *expr.Expr
	Constraint, Calculation, ChoiceFilter, ReadOnly, RepeatCount *expr.Expr

	Default string
	// DefaultExpr is the default when it is an expression (${name},
	// today()): worked out when the question is first asked.
	DefaultExpr *expr.Expr
	Appearance  string
	// List is the choice list of a select, or of a loop.
	List    *ChoiceList
	OrOther bool
	// Loop marks a repeat made by "begin loop over": one instance per choice of List.
	Loop bool
	// Parameters of a range (start, end, step) and others, by name.
	Parameters map[string]string
	// Extra holds every column siap does not interpret (pii,
	// minimum_seconds, ...), by lower-case column name.
	Extra map[string]string
	// Media names the media columns set on the row (image, audio, ...).
	Media []string
	// Expected is the usual range of a number (soft_min, soft_max).
	Expected Expected
	// MinimumSeconds is the least time a real answer takes
	// (minimum_seconds); 0 when the form sets none.
	MinimumSeconds float64

	Parent   *Node
	Children []*Node
	Index    int // position in Form.Nodes

	// Inside a "begin loop over": the expressions that name the loop's
	// choice, as written, and the node's variant for each choice.
	loopSrc  map[string]string
	variants map[string]*Node
	base     *Node // for a variant, the form's own node
}

// InRepeat returns the innermost repeat holding the node, or nil.
func (n *Node) InRepeat() *Node {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Kind == Repeat {
			return p
		}
	}
	return nil
}

// IsPII reports whether the form marks the node as personal data: a pii
// column set to yes, or to hash for an identifier that exports replace
// by a keyed hash (the NIK).
func (n *Node) IsPII() bool { return isYes(n.Extra["pii"]) || n.HashedID() }

// HashedID reports whether the node is personal data that identifies a
// respondent (pii = hash, the NIK): exports give it as a keyed hash, so
// that duplicates can be found without the number itself.
func (n *Node) HashedID() bool { return strings.EqualFold(strings.TrimSpace(n.Extra["pii"]), "hash") }

// Likert reports whether the question is shown as a horizontal scale.
func (n *Node) Likert() bool { return n.HasAppearance("likert") }

// HasAppearance reports whether the appearance column names a (quick,
// field-list, ...), without regard to case.
func (n *Node) HasAppearance(a string) bool { return hasWord(n.Appearance, a) }

// Section returns the outermost group the node is in, or nil.
func (n *Node) Section() *Node {
	var s *Node
	for p := n.Parent; p != nil && p.Parent != nil; p = p.Parent {
		s = p
	}
	return s
}

func hasWord(list, w string) bool {
	for _, x := range strings.Fields(list) {
		if strings.EqualFold(x, w) {
			return true
		}
	}
	return false
}

// Text is a label in each language, keyed by language name; "" keys the
// text of a column without a language.
type Text map[string]string

// In returns the text in lang, falling back to the form's default
// language, then the text without a language, then any language.
func (t Text) In(lang, fallback string) string {
	if s := t[lang]; s != "" {
		return s
	}
	if s := t[fallback]; s != "" {
		return s
	}
	if s := t[""]; s != "" {
		return s
	}
	// Neither language has it: another language's text is better than
	// none, and always the same one (by name), so that a label, and what a
	// seeded simulation draws, never changes from one run to the next.
	for _, l := range slices.Sorted(maps.Keys(t)) {
		if s := t[l]; s != "" {
			return s
		}
	}
	return ""
}

// PlainIn is the text in lang (as In finds it) without the Markdown and
// HTML formatting ODK renders: what exports, the codebook and lists read.
func (t Text) PlainIn(lang, fallback string) string {
	return markup.Plain(t.In(lang, fallback))
}

// Empty reports whether no language has any text.
func (t Text) Empty() bool {
	for _, s := range t {
		if strings.TrimSpace(s) != "" {
			return false
		}
	}
	return true
}

// ChoiceList is a list of the choices sheet (or external_choices, or a
// CSV file).
type ChoiceList struct {
	Name    string
	Choices []*Choice
	// Exclusive names the choices that, in a select_multiple, cannot be
	// combined with others (a "none" or "don't know").
	Exclusive map[string]bool
}

// Choice is one row of a choice list.
type Choice struct {
	Row   int
	Name  string // the code stored as the answer
	Label Text
	// Extra holds the other columns (filter columns, target, ...).
	Extra map[string]string
}

// Choice returns the choice with the given code, or nil.
func (l *ChoiceList) Choice(name string) *Choice {
	for _, c := range l.Choices {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// Indicator is a row of the indicators sheet: a statistic that summaries
// compare across groups.
type Indicator struct {
	Row             int
	Name            string
	Label           Text
	Domain          string // any name the study gives; "" for none
	DomainLabel     Text   // the domain's label, from the form's indicator_domains list
	Kind            IndicatorKind
	Expression      *expr.Expr
	Reference       string
	ReferenceSource Text // where the reference comes from, per language (reference_source::English (en))
	Extra           map[string]string
}

// pyxformYes reads a setting as pyxform does (its yes_no table): yes,
// true or true() in lower, title or upper case; anything else is no.
func pyxformYes(s string) bool {
	switch strings.TrimSpace(s) {
	case "yes", "Yes", "YES", "true", "True", "TRUE", "true()":
		return true
	}
	return false
}

func isYes(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "yes", "true", "true()", "1", "y":
		return true
	}
	return false
}

package survey

import (
	"strconv"
	"strings"
	"time"

	"siap/questionnaires"
	"siap/questionnaires/expr"
	"siap/questionnaires/interview"
	"siap/questionnaires/markup"
)

// Lists of interviews name each one by what the interview already
// holds, without building the interview engine for every interview:
// instance_name is evaluated over the stored answers, which include the
// calculations the engine saved.

// instanceName is the label the form's instance_name gives an interview
// from its stored values, or "".
func instanceName(e *env, vals map[string]string) string {
	if e.form.InstanceName == nil {
		return ""
	}
	env := storedValues{form: e.form, vals: vals, lang: e.formLang, now: e.now}
	return strings.TrimSpace(e.form.InstanceName.Eval(env).String())
}

// storedValues is an expression environment over an interview's stored
// answers at the top level, as instance_name is evaluated.
type storedValues struct {
	form *questionnaires.Form
	vals map[string]string
	lang string
	now  func() time.Time
}

// Ref is an answer, typed as its question's storage, so that numbers
// compare as numbers; a question inside a repeat is every instance's
// answer.
func (s storedValues) Ref(name string) expr.Value {
	n := s.form.Node(name)
	if n == nil {
		return expr.Str("")
	}
	if n.InRepeat() == nil {
		return interview.Typed(n, s.vals[name])
	}
	var out []expr.Value
	prefix := n.InRepeat().Name + "["
	for p, v := range s.vals {
		if strings.HasPrefix(p, prefix) && strings.HasSuffix(p, "]/"+name) {
			out = append(out, interview.Typed(n, v))
		}
	}
	return expr.NodeSet(out)
}

func (s storedValues) Current() expr.Value    { return expr.Str("") }
func (s storedValues) Bare(string) expr.Value { return expr.Str("") }
func (s storedValues) Position() int          { return 0 }
func (s storedValues) Now() time.Time         { return s.now() }
func (s storedValues) IndexedRepeat(name, repeat string, idx int) expr.Value {
	return expr.Str(s.vals[repeat+"["+strconv.Itoa(idx)+"]/"+name])
}

func (s storedValues) ChoiceLabel(name, value string) string {
	n := s.form.Node(name)
	if n == nil || n.List == nil {
		return ""
	}
	var labels []string
	for _, code := range strings.Fields(value) {
		if c := n.List.Choice(code); c != nil {
			labels = append(labels, c.Label.In(s.lang, s.form.DefaultLanguage))
		}
	}
	return strings.Join(labels, ", ")
}

func (s storedValues) PullData(file, column, keyColumn, key string) string {
	return s.form.PullData(file, column, keyColumn, key)
}

// cityLabel names a code of the form's summary_by question by its
// choice's label ("Medan", not "medan"), up to the first bracket.
func (e *env) cityLabel(code string) string {
	by := e.form.Node(e.form.SummaryBy)
	if code == "" || by == nil || by.List == nil {
		return code
	}
	c := by.List.Choice(code)
	if c == nil {
		return code
	}
	return shortLabel(e.choiceLabel(c.Label, code))
}

// shortLabel is a label up to its first bracket: "Medan" of
// "Medan (Sumatera Utara)".
func shortLabel(l string) string {
	if i := strings.Index(l, " ("); i > 0 {
		return l[:i]
	}
	return l
}

// Paths (/data/x), secondary instances and last-saved are beyond a label
// read from stored answers: they evaluate as empty, as at the top level
// of a new interview.
func (s storedValues) Root() expr.Node                  { return nil }
func (s storedValues) ContextNode() expr.Node           { return nil }
func (s storedValues) Pin(step []expr.Node) []expr.Node { return step }
func (s storedValues) Instance(id string) expr.Node     { return s.form.Instance(id, s.lang) }
func (s storedValues) LastSaved(string) expr.Value      { return expr.Str("") }
func (s storedValues) Random() float64                  { return 0 }

// questionName is the question at an answer path, by its label in the
// language on screen (plain, without markup), or the path.
func (e *env) questionName(path string) string {
	n := e.form.NodeAt(path)
	if n == nil {
		return path
	}
	return markup.Plain(e.choiceLabel(n.Label, path))
}

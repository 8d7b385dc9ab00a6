// Package interview moves an interview through a questionnaire: which
// questions are visible given the answers so far, what comes next and
// before, what every calculation is worth, and whether an answer is
// valid. It keeps answers in memory only; callers save the changes it
// reports.
package interview

import (
	"strings"
	"time"

	"siap/questionnaires"
	"siap/questionnaires/expr"
)

// Meta is what siap records about an interview without asking: the
// XLSForm metadata types.
type Meta struct {
	DeviceID string
	Username string
	// Now tells the time; nil means time.Now.
	Now func() time.Time
	// LastSaved holds the answers, by path, of the last interview of the
	// form finalized on this device: what ${last-saved#name} reads. nil
	// when there is none.
	LastSaved map[string]string
	// Random draws what random() gives, from 0 up to 1; nil means
	// math/rand. Simulations give a seeded source.
	Random func() float64
}

// Change is one answer that an operation set, changed or removed
// (New == "" with Removed), for the caller to save.
type Change struct {
	Path     string
	Old, New string
	Removed  bool
}

// State is one interview in progress.
type State struct {
	form *questionnaires.Form
	meta Meta
	lang string
	// siapLang, when set, is the language of siap's own messages where
	// the form's language is neither Indonesian nor English.
	siapLang string

	// answers holds what was entered, by path, including answers to
	// questions that are not relevant now (kept aside, as ODK does), and
	// the instance count of each repeat the interviewer controls, under
	// "repeat[#]".
	answers map[string]string
	changes []Change

	// Recomputed after every change.
	items  []*Item
	byPath map[string]*Item
	vals   map[string]string // effective values: "" when not relevant
	counts map[string]int    // instances of each repeat, by repeat path
	stops  []*Item           // the visible items an interviewer steps through
	// stopIndex is each stop's position in stops, so that finding where
	// the interviewer is does not grow with the interview.
	stopIndex map[string]int
	// prompts holds every repeat's prompt item, by repeat path, including
	// those of repeats with a repeat_count, which are not stops.
	prompts map[string]*Item

	// What evaluations read (deps.go). tracking is set once every item
	// has been evaluated with its reads recorded; fullNext asks for every
	// item to be evaluated again.
	tracking, fullNext         bool
	reading                    *Item // the item being evaluated
	valueReaders, countReaders readers
	volatiles                  *formVolatiles // found on first use
	// pending is set when an item was marked since the walks last
	// settled: without it, and without volatile items, a walk would
	// evaluate nothing.
	pending bool
	// fresh is set during the first walk of an interview (from no values)
	// on a form without volatile items, and readAhead once an evaluation
	// in it read a value or count the walk had not reached yet.
	fresh, readAhead bool
}

// CountSuffix ends the answer key that holds the number of instances of a
// repeat the interviewer adds to: "members[#]".
const CountSuffix = "[#]"

// maxInstances bounds a repeat_count, so that a mistyped number cannot
// make an interview of millions of questions.
const maxInstances = 1000

// New starts an interview: metadata such as start and today are recorded
// and reported as changes.
func New(form *questionnaires.Form, meta Meta) *State {
	s := newState(form, meta, map[string]string{})
	now := s.now()
	for _, n := range form.Nodes {
		if n.Kind != questionnaires.Metadata {
			continue
		}
		switch n.Type {
		case questionnaires.TypeStart:
			s.put(n.Key, expr.DateTimeOf(now).String())
		case questionnaires.TypeToday:
			s.put(n.Key, expr.DateOf(now).String())
		case questionnaires.TypeDeviceID:
			s.put(n.Key, meta.DeviceID)
		case questionnaires.TypeUsername:
			s.put(n.Key, meta.Username)
		case questionnaires.TypeInstanceID:
			s.put(n.Key, "")
		}
	}
	s.recompute()
	return s
}

// Restore continues an interview from its saved answers.
func Restore(form *questionnaires.Form, meta Meta, answers map[string]string) *State {
	cp := make(map[string]string, len(answers))
	for k, v := range answers {
		cp[k] = v
	}
	s := newState(form, meta, cp)
	// Every item is evaluated without recording what it reads: most
	// restored interviews are read, not changed. The first change
	// records it.
	s.evaluate(true)
	return s
}

func newState(form *questionnaires.Form, meta Meta, answers map[string]string) *State {
	return &State{form: form, meta: meta, lang: form.DefaultLanguage, answers: answers,
		valueReaders: readers{}, countReaders: readers{}}
}

func (s *State) now() time.Time {
	if s.meta.Now != nil {
		return s.meta.Now()
	}
	return time.Now()
}

// Form returns the questionnaire.
func (s *State) Form() *questionnaires.Form { return s.form }

// Language is the language labels and messages are given in.
func (s *State) Language() string { return s.lang }

// SetLanguage switches the language of labels and messages.
func (s *State) SetLanguage(lang string) {
	if lang != s.lang {
		// Calculations may read labels (jr:choice-name): the next
		// change evaluates everything again, as it always did.
		s.fullNext = true
	}
	s.lang = lang
}

// SetMessageLanguage sets the language of siap's own messages ("Enter a
// whole number") for forms whose labels have no language, or one siap
// has no words in: the interviewer reads them in the interface's
// language.
func (s *State) SetMessageLanguage(lang string) { s.siapLang = lang }

// Answers returns every answer entered, relevant or not, by path.
func (s *State) Answers() map[string]string {
	cp := make(map[string]string, len(s.answers))
	for k, v := range s.answers {
		cp[k] = v
	}
	return cp
}

// Answer returns what was entered for a path, relevant or not.
func (s *State) Answer(path string) string { return s.answers[path] }

// TakeChanges returns the answers changed since the last call, for the
// caller to save, and forgets them.
func (s *State) TakeChanges() []Change {
	c := s.changes
	s.changes = nil
	return c
}

func (s *State) put(path, v string) {
	old, had := s.answers[path]
	if had && old == v {
		return
	}
	s.answers[path] = v
	s.changedAnswer(path)
	s.changes = append(s.changes, Change{Path: path, Old: old, New: v})
}

func (s *State) remove(path string) {
	old, had := s.answers[path]
	if !had {
		return
	}
	delete(s.answers, path)
	s.changedAnswer(path)
	s.changes = append(s.changes, Change{Path: path, Old: old, Removed: true})
}

// Values returns what an export holds: the answers to relevant
// questions, the calculations and the metadata, by path, without empty
// values and without answers kept aside when their question became
// irrelevant.
func (s *State) Values() map[string]string {
	out := map[string]string{}
	for _, it := range s.items {
		switch it.Node.Kind {
		case questionnaires.Question, questionnaires.Calculate, questionnaires.Metadata:
			if v := s.vals[it.Path]; v != "" && it.Relevant {
				out[it.Path] = v
			}
		}
	}
	return out
}

// Value returns the effective value at a path: the answer when the
// question is relevant, the result of a calculation, or "".
func (s *State) Value(path string) string { return s.vals[path] }

// InstanceName is the form's instance_name evaluated for this interview,
// or "" when the form has none.
func (s *State) InstanceName() string {
	if s.form.InstanceName == nil {
		return ""
	}
	return strings.TrimSpace(s.form.InstanceName.Eval(s.env(nil, nil)).String())
}

// Eval evaluates an expression at the top level of the interview, as an
// indicator is.
func (s *State) Eval(e *expr.Expr) expr.Value { return e.Eval(s.env(nil, nil)) }

// Applies reports whether every question an expression refers to was
// relevant and answered in this interview: an indicator counts an
// interview only then.
func (s *State) Applies(e *expr.Expr) bool {
	for _, name := range e.Refs() {
		n := s.form.Node(name)
		if n == nil {
			return false
		}
		it := s.byPath[n.Key]
		if it == nil || !it.Relevant || s.vals[n.Key] == "" {
			return false
		}
	}
	return true
}

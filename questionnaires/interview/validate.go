package interview

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"siap/questionnaires"
	"siap/questionnaires/expr"
)

// ValidationError is an answer the form does not accept. Message is in
// the interview's language, ready to show.
type ValidationError struct {
	Path    string
	Message string
}

func (e *ValidationError) Error() string { return e.Path + ": " + e.Message }

// Set validates an answer and, when the form accepts it, records it and
// re-evaluates everything that depends on it. An empty value clears the
// answer where the question is not required.
func (s *State) Set(path, raw string) error {
	v, err := s.Check(path, raw)
	if err != nil {
		return err
	}
	s.put(path, v)
	s.recompute()
	return nil
}

// SetValue is Set for an answer given as it is stored rather than as
// typed (a number as XPath writes it, 1500.5), as a program gives it:
// 1.125 is then one and an eighth even in an Indonesian interview.
func (s *State) SetValue(path, v string) error {
	return s.Set(path, s.Written(s.byPath[path], v))
}

// Check validates a candidate answer, as the interviewer typed it,
// without recording it, and returns it in the form it is stored in (a
// number as XPath writes it, a date in ISO form, choices in list order).
// A number is read in the interview's convention where the Indonesian
// and English ones read it differently (see Understood).
func (s *State) Check(path, raw string) (string, error) {
	it := s.byPath[path]
	if it == nil || it.Node.Kind != questionnaires.Question || it.Prompt {
		return "", &ValidationError{path, s.msg("notQuestion")}
	}
	if s.ReadOnly(it) {
		return "", &ValidationError{path, s.msg("readOnly")}
	}
	v, err := s.normalize(it, strings.TrimSpace(raw))
	if err != nil {
		return "", err
	}
	if v == "" {
		if s.evalBool(it.Node.Required, it, false) {
			return "", &ValidationError{path, s.text(it, it.Node.ReqMsg, "required")}
		}
		return "", nil
	}
	if c := it.Node.Constraint; c != nil {
		cur := Typed(it.Node, v)
		if !s.eval(c, it, &cur).Bool() {
			return "", &ValidationError{path, s.text(it, it.Node.ConsMsg, "constraint")}
		}
	}
	return v, nil
}

// ReadOnly reports whether the interviewer may not change the item.
func (s *State) ReadOnly(it *Item) bool { return s.evalBool(it.Node.ReadOnly, it, false) }

// Required reports whether the item must be answered.
func (s *State) Required(it *Item) bool { return s.evalBool(it.Node.Required, it, false) }

var phonePattern = regexp.MustCompile(`^\+?[0-9][0-9 -]{5,19}$`)

// normalize checks an answer against its question's type.
func (s *State) normalize(it *Item, v string) (string, error) {
	if v == "" {
		return "", nil
	}
	parse, ok := answerParsers[it.Node.Type]
	if !ok {
		return v, nil
	}
	out, key, args := parse(s, it, v)
	if key != "" {
		return "", &ValidationError{it.Path, s.msg(key, args...)}
	}
	return out, nil
}

// answerParser reads a typed answer into the form it is stored in, or
// gives the key of the message that says why it is refused (messages.go).
type answerParser func(s *State, it *Item, v string) (stored, refused string, args []any)

// answerParsers hold how an answer of each type of question is read and
// checked; TestEveryQuestionTypeIsParsed fails on a type without one.
var answerParsers = map[questionnaires.Type]answerParser{
	questionnaires.TypeText: func(_ *State, _ *Item, v string) (string, string, []any) { return v, "", nil },
	questionnaires.TypeInteger: func(s *State, _ *Item, v string) (string, string, []any) {
		i, refused := s.parseInteger(v)
		if refused != "" {
			return "", refused, nil
		}
		return strconv.FormatInt(i, 10), "", nil
	},
	questionnaires.TypeDecimal: func(s *State, _ *Item, v string) (string, string, []any) {
		f, refused := s.parseDecimal(v)
		if refused != "" {
			return "", refused, nil
		}
		return expr.FormatNumber(f), "", nil
	},
	questionnaires.TypeRange: func(s *State, it *Item, v string) (string, string, []any) {
		f, refused := s.parseDecimal(v)
		if refused != "" {
			return "", refused, nil
		}
		lo, hi, step := s.RangeBounds(it.Node)
		if lo > hi {
			lo, hi = hi, lo
		}
		if f < lo || f > hi {
			return "", "range", []any{s.formatNumber(lo), s.formatNumber(hi)}
		}
		if k := (f - lo) / math.Abs(step); math.Abs(k-math.Round(k)) > 1e-9 {
			return "", "step", []any{s.formatNumber(math.Abs(step))}
		}
		return expr.FormatNumber(f), "", nil
	},
	questionnaires.TypeDate: func(s *State, _ *Item, v string) (string, string, []any) {
		t, refused, args := s.readDate(v)
		if refused != "" {
			return "", refused, args
		}
		return t.Format("2006-01-02"), "", nil
	},
	questionnaires.TypeTime: func(_ *State, _ *Item, v string) (string, string, []any) {
		h, m, _, refused := readTime(v)
		if refused != "" {
			return "", refused, nil
		}
		return fmt.Sprintf("%02d:%02d", h, m), "", nil
	},
	questionnaires.TypeDateTime: func(s *State, _ *Item, v string) (string, string, []any) {
		t, refused, args := s.readDateTime(v)
		if refused == "" {
			return t.Format("2006-01-02T15:04:05.000-07:00"), "", nil
		}
		// A date-time as siap stores it, with its zone.
		if d, ok := expr.ParseDate(v); ok && d.Kind() == expr.DateTime {
			return v, "", nil
		}
		return "", refused, args
	},
	questionnaires.TypeSelectOne: func(s *State, it *Item, v string) (string, string, []any) {
		if s.option(it, v) == nil {
			return "", "choice", []any{v}
		}
		return v, "", nil
	},
	questionnaires.TypeSelectMultiple: (*State).normalizeMultiple,
	questionnaires.TypeAcknowledge: func(_ *State, _ *Item, _ string) (string, string, []any) {
		return "OK", "", nil
	},
	questionnaires.TypePhoneNumber: func(_ *State, _ *Item, v string) (string, string, []any) {
		if !phonePattern.MatchString(v) {
			return "", "phone", nil
		}
		return strings.NewReplacer(" ", "", "-", "").Replace(v), "", nil
	},
}

func (s *State) normalizeMultiple(it *Item, v string) (string, string, []any) {
	chosen := map[string]bool{}
	for _, code := range strings.Fields(v) {
		if s.option(it, code) == nil {
			return "", "choice", []any{code}
		}
		chosen[code] = true
	}
	list := it.Node.List
	if len(chosen) > 1 {
		for code := range chosen {
			if list.Exclusive[code] {
				label := list.Choice(code).Label.PlainIn(s.lang, s.form.DefaultLanguage)
				return "", "exclusive", []any{label}
			}
		}
	}
	var ordered []string
	for _, c := range list.Choices {
		if chosen[c.Name] {
			ordered = append(ordered, c.Name)
			delete(chosen, c.Name)
		}
	}
	return strings.Join(ordered, " "), "", nil
}

// RangeBounds returns a range question's start, end and step.
func (s *State) RangeBounds(n *questionnaires.Node) (start, end, step float64) {
	start, _ = strconv.ParseFloat(n.Parameters["start"], 64)
	end, _ = strconv.ParseFloat(n.Parameters["end"], 64)
	step, _ = strconv.ParseFloat(n.Parameters["step"], 64)
	if step == 0 {
		step = 1
	}
	return start, end, step
}

// Issue is something that keeps an interview from being complete.
type Issue struct {
	Item    *Item
	Message string
	// Missing marks a required question without an answer; otherwise the
	// answer given is no longer accepted (the answers it depends on
	// changed), or the item is a required note that stops the interview.
	Missing bool
}

// Issues lists, in form order, the relevant questions that are required
// and unanswered, the answers the form no longer accepts, and the
// relevant required notes (hard stops).
func (s *State) Issues() []Issue {
	var out []Issue
	for _, it := range s.stops {
		if msg := s.HardStop(it); msg != "" {
			out = append(out, Issue{it, msg, false})
			continue
		}
		if it.Prompt || it.Node.Kind != questionnaires.Question || s.ReadOnly(it) {
			continue
		}
		v := s.answers[it.Path]
		if v == "" {
			if s.Required(it) {
				out = append(out, Issue{it, s.text(it, it.Node.ReqMsg, "required"), true})
			}
			continue
		}
		if _, err := s.Check(it.Path, s.Written(it, v)); err != nil {
			out = append(out, Issue{it, err.(*ValidationError).Message, false})
		}
	}
	return out
}

// HardStop returns, in the interview's language, why the interview
// cannot go past the item: a note the form marks required that is
// relevant now. ODK Collect stops there, and forms use it to say that
// answers disagree ("the head's sex does not match the roster"); the
// interviewer goes back and corrects them. "" when the item is no stop.
func (s *State) HardStop(it *Item) string {
	if it.Prompt || it.Node.Kind != questionnaires.Note || !it.Relevant || !s.Required(it) {
		return ""
	}
	return s.text(it, it.Node.ReqMsg, "requiredNote")
}

// Complete reports whether nothing keeps the interview from being
// finalized.
func (s *State) Complete() bool { return len(s.Issues()) == 0 }

// Finalize records the end time once the interview is complete; it
// returns the issues that keep it from being complete otherwise.
func (s *State) Finalize() []Issue {
	if issues := s.Issues(); len(issues) > 0 {
		return issues
	}
	for _, n := range s.form.Nodes {
		if n.Type == questionnaires.TypeEnd {
			s.put(n.Key, expr.DateTimeOf(s.now()).String())
		}
	}
	s.recompute()
	return nil
}

// ConsentRefused reports whether the respondent declined the interview:
// the form declares a consent question (siap's consent_agree column), it
// is relevant and answered, and not with a choice that means agreement.
func (s *State) ConsentRefused() bool {
	c := s.form.Consent
	if c == nil {
		return false
	}
	it := s.byPath[c.Node.Key]
	if it == nil || !it.Relevant {
		return false
	}
	v := s.answers[it.Path]
	return v != "" && !c.Agrees(v)
}

// Unusual returns, in the interview's language, why the item's answer is
// outside the range the form expects (soft_min, soft_max), or "" when it
// is not. An unusual answer is kept: it is for the interviewer to check
// with the respondent, and for the supervisor to see.
func (s *State) Unusual(it *Item) string {
	x := it.Node.Expected
	if !x.Set() || !it.Relevant || !x.Outside(s.answers[it.Path]) {
		return ""
	}
	return s.msg("unusual", x.String())
}

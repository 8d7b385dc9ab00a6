package interview

import (
	"regexp"
	"strings"

	"siap/questionnaires"
)

var (
	refInText  = regexp.MustCompile(`\$\{\s*([^}\s]+)\s*\}`)
	loopInText = regexp.MustCompile(`%\((label|name)\)s`)
)

// Label is the item's label in the interview's language, with ${...}
// filled in; a question with no label shows its name.
func (s *State) Label(it *Item) string {
	if it.Prompt || it.Node.Kind == questionnaires.Repeat && !it.Node.Label.Empty() {
		if l := it.Node.Label.In(s.lang, s.form.DefaultLanguage); l != "" {
			return s.fill(it, l)
		}
	}
	l := it.Node.Label.In(s.lang, s.form.DefaultLanguage)
	if l == "" {
		return it.Node.Name
	}
	return s.fill(it, l)
}

// Guidance is the item's guidance_hint (for the interviewer, not read
// aloud) in the interview's language, or "".
func (s *State) Guidance(it *Item) string {
	return s.fill(it, it.Node.Guidance.In(s.lang, s.form.DefaultLanguage))
}

// Hint is the item's hint in the interview's language, or "".
func (s *State) Hint(it *Item) string {
	return s.fill(it, it.Node.Hint.In(s.lang, s.form.DefaultLanguage))
}

// fill replaces ${name} with the value it refers to, and a loop's
// %(label)s and %(name)s with the choice the loop instance is for.
func (s *State) fill(it *Item, text string) string {
	if strings.Contains(text, "${") {
		e := s.env(it, nil)
		text = refInText.ReplaceAllStringFunc(text, func(m string) string {
			name := refInText.FindStringSubmatch(m)[1]
			if q, ok := strings.CutPrefix(name, "last-saved#"); ok {
				return e.LastSaved(q).String()
			}
			var parts []string
			for _, v := range e.Ref(name).Nodes() {
				parts = append(parts, v.String())
			}
			return strings.Join(parts, ", ")
		})
	}
	if strings.Contains(text, "%(") && it != nil {
		if c := s.loopChoice(it); c != nil {
			text = loopInText.ReplaceAllStringFunc(text, func(m string) string {
				if strings.Contains(m, "name") {
					return c.Name
				}
				return c.Label.In(s.lang, s.form.DefaultLanguage)
			})
		}
	}
	return text
}

// loopChoice is the choice a "begin loop over" instance is for.
func (s *State) loopChoice(it *Item) *questionnaires.Choice {
	for i := len(it.chain) - 1; i >= 0; i-- {
		r := it.chain[i]
		if r.Loop && r.List != nil && i < len(it.Instance) {
			if k := it.Instance[i] - 1; k >= 0 && k < len(r.List.Choices) {
				return r.List.Choices[k]
			}
		}
	}
	return nil
}

// Options lists the choices a select offers now: its list, filtered by
// its choice_filter.
func (s *State) Options(it *Item) []*questionnaires.Choice {
	n := it.Node
	if n.List == nil {
		return nil
	}
	if n.ChoiceFilter == nil {
		return n.List.Choices
	}
	e := s.env(it, nil)
	var out []*questionnaires.Choice
	for _, c := range n.List.Choices {
		e.choice = c
		if n.ChoiceFilter.Eval(e).Bool() {
			out = append(out, c)
		}
	}
	return out
}

func (s *State) option(it *Item, code string) *questionnaires.Choice {
	for _, c := range s.Options(it) {
		if c.Name == code {
			return c
		}
	}
	return nil
}

// ChoiceLabel is the label of a choice in the interview's language, or
// its code when it has none.
func (s *State) ChoiceLabel(c *questionnaires.Choice) string {
	if l := c.Label.PlainIn(s.lang, s.form.DefaultLanguage); l != "" {
		return l
	}
	return c.Name
}

// Display is an answer as a person reads it: choice labels for a select,
// a number in the interview's convention (1.500,5), the value itself
// otherwise.
func (s *State) Display(it *Item) string {
	v := s.vals[it.Path]
	if it.Node.List == nil || v == "" {
		return s.Written(it, v)
	}
	var labels []string
	for _, code := range strings.Fields(v) {
		if c := it.Node.List.Choice(code); c != nil {
			labels = append(labels, s.ChoiceLabel(c))
		} else {
			labels = append(labels, code)
		}
	}
	return strings.Join(labels, "; ")
}

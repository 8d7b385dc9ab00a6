package survey

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"siap/questionnaires"
)

// input is the answer widget of one question.
type input interface {
	update(msg tea.KeyPressMsg)
	// value is the answer as the engine takes it.
	value() string
	view(width, height int) string
	typing() bool
	// ShortHelp is the keys that answer: how to choose, for a choice.
	ShortHelp() []key.Binding
}

// choiceInput picks one or several choices. Options are numbered; a
// number key picks (or toggles) one; nothing is chosen until the
// interviewer chooses: no silent default.
type choiceInput struct {
	e         *env
	options   []*questionnaires.Choice
	exclusive map[string]bool
	multi     bool
	scale     bool // a Likert scale, drawn across
	cursor    int  // -1: on no option yet
	chosen    map[int]bool
	digits    string // number typed so far, for lists of ten or more
	readOnly  bool
	// quick (ODK's "quick" appearance) goes on as soon as a number
	// picks a single choice; picked says one just did.
	quick, picked bool
	// missed is a number key that names no choice, for the screen to say
	// so.
	missed string
}

func newChoiceInput(e *env, opts []*questionnaires.Choice, exclusive map[string]bool, multi, scale bool, current string) *choiceInput {
	c := &choiceInput{e: e, options: opts, exclusive: exclusive, multi: multi, scale: scale, cursor: -1, chosen: map[int]bool{}}
	for _, code := range strings.Fields(current) {
		for i, o := range opts {
			if o.Name == code {
				c.chosen[i] = true
				if c.cursor < 0 {
					c.cursor = i
				}
			}
		}
	}
	return c
}

func (c *choiceInput) typing() bool { return false }

func (c *choiceInput) update(k tea.KeyPressMsg) {
	if c.readOnly || len(c.options) == 0 {
		return
	}
	keys := c.e.keys
	switch {
	case key.Matches(k, keys.Up) || c.scale && key.Matches(k, keys.Left):
		c.move(-1)
	case key.Matches(k, keys.Down) || c.scale && key.Matches(k, keys.Right):
		c.move(1)
	case key.Matches(k, keys.Toggle) && c.multi && c.cursor >= 0:
		c.toggle(c.cursor)
	case key.Matches(k, keys.Number):
		c.digit(k.String())
	}
}

func (c *choiceInput) ShortHelp() []key.Binding {
	if c.readOnly || len(c.options) == 0 {
		return nil
	}
	keys := c.e.keys
	bs := []key.Binding{keys.Up, keys.Down, keys.Number}
	if c.scale {
		bs = append(bs, keys.Left, keys.Right)
	}
	if c.multi {
		bs = append(bs, keys.Toggle)
	}
	return bs
}

// move goes to the next or previous option; in a single choice, moving
// chooses, as the interviewer sees the marker move.
func (c *choiceInput) move(d int) {
	if c.cursor < 0 {
		if d > 0 {
			c.cursor = 0
		} else {
			c.cursor = len(c.options) - 1
		}
	} else {
		c.cursor = (c.cursor + d + len(c.options)) % len(c.options)
	}
	if !c.multi {
		c.chosen = map[int]bool{c.cursor: true}
	}
}

func (c *choiceInput) digit(d string) {
	if c.multi {
		n, _ := strconv.Atoi(d)
		if n == 0 {
			n = 10
		}
		if n <= len(c.options) {
			c.cursor = n - 1
			c.toggle(n - 1)
		} else {
			c.missed = d
		}
		return
	}
	c.digits += d
	n, _ := strconv.Atoi(c.digits)
	if n < 1 || n > len(c.options) {
		c.digits = d
		n, _ = strconv.Atoi(d)
		if n < 1 || n > len(c.options) {
			c.missed, c.digits = d, ""
			return
		}
	}
	if n >= 1 && n <= len(c.options) {
		c.cursor = n - 1
		c.chosen = map[int]bool{n - 1: true}
	}
	if n*10 > len(c.options) {
		c.digits = ""
		c.picked = n >= 1 && n <= len(c.options)
	}
}

// toggle flips a choice of a multiple choice; an exclusive choice (none,
// don't know) clears the others, and any other clears it.
func (c *choiceInput) toggle(i int) {
	if c.chosen[i] {
		delete(c.chosen, i)
		return
	}
	if c.exclusive[c.options[i].Name] {
		c.chosen = map[int]bool{}
	} else {
		for j := range c.chosen {
			if c.exclusive[c.options[j].Name] {
				delete(c.chosen, j)
			}
		}
	}
	c.chosen[i] = true
}

func (c *choiceInput) value() string {
	var codes []string
	for i, o := range c.options {
		if c.chosen[i] {
			codes = append(codes, o.Name)
		}
	}
	return strings.Join(codes, " ")
}

// styled draws choice i's text as the cursor, as chosen, or plain.
func (c *choiceInput) styled(i int, text string) string {
	switch {
	case i == c.cursor:
		return c.e.sty.cursor.Render(text)
	case c.chosen[i]:
		return c.e.sty.selected.Render(text)
	}
	return text
}

func (c *choiceInput) view(w, h int) string {
	sty := c.e.sty
	if c.scale {
		var cells []string
		for i, o := range c.options {
			cells = append(cells, c.styled(i, fmt.Sprintf(" %d %s ", i+1, c.e.choiceLabel(o.Label, o.Name))))
		}
		line := strings.Join(cells, "│")
		if len([]rune(line)) <= w {
			return line
		}
		// Too wide: numbers across, labels below.
		var nums, labels []string
		for i, o := range c.options {
			n := fmt.Sprintf(" %d ", i+1)
			if i == c.cursor {
				n = sty.cursor.Render(n)
			}
			nums = append(nums, n)
			labels = append(labels, fmt.Sprintf("%d=%s", i+1, c.e.choiceLabel(o.Label, o.Name)))
		}
		return strings.Join(nums, " ") + "\n" + sty.faint.Render(strings.Join(labels, "  "))
	}
	// A window of options around the cursor when they do not fit, with a
	// line saying which are shown, so that none goes unseen.
	rows := h
	if len(c.options) > h {
		rows = max(1, h-1)
	}
	first := 0
	if len(c.options) > rows && c.cursor >= rows {
		first = c.cursor - rows + 1
	}
	last := min(len(c.options), first+rows)
	lines := make([]string, 0, rows+1)
	for i := first; i < last; i++ {
		o := c.options[i]
		mark := "( )"
		if c.multi {
			mark = "[ ]"
		}
		if c.chosen[i] {
			mark = "(•)"
			if c.multi {
				mark = "[x]"
			}
		}
		prefix := fmt.Sprintf("%s %2d. ", mark, i+1)
		if i == c.cursor || c.chosen[i] {
			lines = append(lines, c.styled(i, prefix+c.e.choiceLabel(o.Label, o.Name)))
			continue
		}
		// A choice not under the cursor shows the formatting its label
		// has (a green "Ya", a red "Tidak"), on one line.
		label := o.Label.In(c.e.formLang, c.e.form.DefaultLanguage)
		if label == "" {
			label = o.Name
		}
		lines = append(lines, prefix+strings.ReplaceAll(sty.rich(label, lipgloss.NewStyle()), "\n", " "))
	}
	if first > 0 || last < len(c.options) {
		lines = append(lines, sty.faint.Render(c.e.lang.T("choicesShown", first+1, last, len(c.options))))
	}
	return strings.Join(lines, "\n")
}

// textField takes a typed answer: text, a number, a date or a time.
type textField struct {
	in       textinput.Model
	readOnly bool
}

func newTextField(current, placeholder string, readOnly bool) *textField {
	in := textinput.New()
	in.SetValue(current)
	in.Placeholder = placeholder
	in.CharLimit = 2000
	in.Focus()
	return &textField{in: in, readOnly: readOnly}
}

func (t *textField) update(k tea.KeyPressMsg) {
	if !t.readOnly {
		t.in, _ = t.in.Update(k)
	}
}

func (t *textField) value() string { return t.in.Value() }

func (t *textField) view(w, _ int) string {
	t.in.SetWidth(max(10, w-4))
	return t.in.View()
}

func (t *textField) typing() bool { return !t.readOnly }

func (t *textField) ShortHelp() []key.Binding { return nil }

// noInput stands for notes and prompts: enter goes on.
type noInput struct{}

func (noInput) update(tea.KeyPressMsg)   {}
func (noInput) value() string            { return "" }
func (noInput) view(int, int) string     { return "" }
func (noInput) typing() bool             { return false }
func (noInput) ShortHelp() []key.Binding { return nil }

// choiceLabel is a choice's label in the form's current language, or its
// code.
func (e *env) choiceLabel(t questionnaires.Text, code string) string {
	if l := t.PlainIn(e.formLang, e.form.DefaultLanguage); l != "" {
		return l
	}
	return code
}

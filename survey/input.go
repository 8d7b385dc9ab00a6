package survey

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

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
	// narrowable lists (long ones, or ODK's autocomplete and search
	// appearances) take letters as a filter on the choices' labels;
	// shown are the options the filter leaves, by index.
	narrowable bool
	filter     string
	shown      []int
}

// narrowFrom is the length from which a list of choices can be narrowed
// by typing.
const narrowFrom = 16

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
	// In a multiple choice the cursor shows where space toggles, chosen
	// or not; a single choice has none until one is chosen, as moving
	// chooses.
	if c.multi && c.cursor < 0 && len(opts) > 0 {
		c.cursor = 0
	}
	c.narrowable = !scale && len(opts) >= narrowFrom
	c.narrow()
	return c
}

// narrow keeps the options whose label (or code) holds the filter, and
// puts the cursor on one of them.
func (c *choiceInput) narrow() {
	c.shown = c.shown[:0]
	f := strings.ToLower(c.filter)
	for i, o := range c.options {
		if f == "" || strings.Contains(strings.ToLower(c.e.choiceLabel(o.Label, o.Name)+" "+o.Name), f) {
			c.shown = append(c.shown, i)
		}
	}
	// Typing into a single choice picks the first that matches, so that
	// enter keeps it, as ODK's search picks the one left on top; a
	// multiple choice only moves its cursor there.
	if len(c.shown) > 0 && !slices.Contains(c.shown, c.cursor) && (c.multi && c.cursor >= 0 || !c.multi && c.filter != "") {
		c.cursor = c.shown[0]
		if !c.multi {
			c.chosen = map[int]bool{c.cursor: true}
		}
	}
}

func (c *choiceInput) typing() bool { return c.narrowable && !c.readOnly }

// paste narrows a long list by the pasted text.
func (c *choiceInput) paste(text string) {
	if c.narrowable && !c.readOnly {
		c.filter += strings.TrimSpace(text)
		c.narrow()
	}
}

func (c *choiceInput) update(k tea.KeyPressMsg) {
	if c.readOnly || len(c.options) == 0 {
		return
	}
	keys := c.e.keys
	if c.narrowable {
		// Letters (and backspace) narrow the list. Before any letter,
		// digits choose by number and space toggles; after one, digits
		// narrow too, and in a single choice a space does ("Kota Medan",
		// "Kecamatan 12"), as in ODK's autocomplete.
		narrowing := c.filter != ""
		switch {
		case k.Code == tea.KeyBackspace && narrowing:
			r := []rune(c.filter)
			c.filter = string(r[:len(r)-1])
			c.narrow()
			return
		case k.Text != "" && (!key.Matches(k, keys.Number, keys.Toggle) ||
			narrowing && key.Matches(k, keys.Number) ||
			narrowing && !c.multi && key.Matches(k, keys.Toggle)):
			c.filter += k.Text
			c.narrow()
			return
		}
	}
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

// move goes to the next or previous option shown; in a single choice,
// moving chooses, as the interviewer sees the marker move.
func (c *choiceInput) move(d int) {
	if len(c.shown) == 0 {
		return
	}
	at := slices.Index(c.shown, c.cursor)
	switch {
	case at < 0 && d > 0:
		at = 0
	case at < 0:
		at = len(c.shown) - 1
	default:
		at = (at + d + len(c.shown)) % len(c.shown)
	}
	c.cursor = c.shown[at]
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
	var lines []string
	if c.narrowable {
		h--
		lines = append(lines, c.filterLine())
		if len(c.shown) == 0 {
			return lines[0] + "\n" + sty.faint.Render(c.e.lang.T("noChoiceMatches"))
		}
	}
	// A window of options around the cursor when they do not fit, with a
	// line saying which are shown, so that none goes unseen.
	rows := h
	if len(c.shown) > h {
		rows = max(1, h-1)
	}
	first := 0
	if at := slices.Index(c.shown, c.cursor); len(c.shown) > rows && at >= rows {
		first = at - rows + 1
	}
	last := min(len(c.shown), first+rows)
	for _, i := range c.shown[first:last] {
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
	if first > 0 || last < len(c.shown) {
		lines = append(lines, sty.faint.Render(c.e.lang.T("choicesShown", first+1, last, len(c.shown))))
	}
	return strings.Join(lines, "\n")
}

// filterLine shows what narrows a long list, or how to narrow it.
func (c *choiceInput) filterLine() string {
	l, sty := c.e.lang, c.e.sty
	if c.filter == "" {
		return sty.faint.Render(l.T("narrowHint", len(c.options)))
	}
	return l.T("narrowed", c.filter, len(c.shown), len(c.options))
}

// maxAnswer is the longest typed answer, in characters: far beyond any
// answer read out in an interview, so that a long pasted text is kept
// whole; beyond it the interviewer is told what was cut.
const maxAnswer = 20000

// textField takes a typed answer: text, a number, a date or a time.
type textField struct {
	in       textinput.Model
	readOnly bool
	// cut says the last key or paste went beyond maxAnswer.
	cut bool
}

func newTextField(current, placeholder string, readOnly bool) *textField {
	in := textinput.New()
	in.SetValue(current)
	in.Placeholder = placeholder
	in.CharLimit = maxAnswer
	in.Focus()
	return &textField{in: in, readOnly: readOnly}
}

func (t *textField) update(k tea.KeyPressMsg) { t.take(k) }

// take is a key or a paste typed into the answer.
func (t *textField) take(msg tea.Msg) {
	if !t.readOnly {
		t.cut = typeInto(&t.in, msg)
	}
}

// typeInto gives a text field a key or a paste (a bracketed paste comes
// whole; a plain one as keys), and reports whether the field's limit cut
// what came.
func typeInto(in *textinput.Model, msg tea.Msg) (cut bool) {
	incoming := 0
	switch m := msg.(type) {
	case tea.PasteMsg:
		incoming = utf8.RuneCountInString(m.Content)
	case tea.KeyPressMsg:
		incoming = utf8.RuneCountInString(m.Text)
	}
	before := utf8.RuneCountInString(in.Value())
	*in, _ = in.Update(msg)
	return incoming > 0 && in.CharLimit > 0 && before+incoming > in.CharLimit
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

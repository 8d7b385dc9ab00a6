package survey

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"siap/questionnaires"
	"siap/questionnaires/interview"
	"siap/questionnaires/markup"
	"siap/store"
)

// questionMode is what the question screen is doing.
type questionMode int

const (
	asking           questionMode = iota
	jumping                       // the section menu is open
	confirmingRemove              // asked whether to remove a repeat instance
)

// questionScreen shows one question.
type questionScreen struct {
	s      *session
	it     *interview.Item
	in     input
	errMsg string
	live   string // what validation as you type says
	// echo is the number typed as it is read, in the interview's
	// convention ("1.500 (bukan 1,5)"), shown under the field.
	echo string
	// unusual warns of an answer outside the range the form expects;
	// kept is the unusual answer the interviewer has seen the warning
	// for, which the next enter keeps.
	unusual, kept string
	// note is open while the interviewer writes a note on the question.
	note       *noteEditor
	mode       questionMode
	jumpSel    int
	jumpDigits string // a number being typed in the section menu
	// fromReview: opened from the review to change one answer; enter
	// goes back there.
	fromReview bool
}

func newQuestionScreen(s *session, it *interview.Item) *questionScreen {
	q := &questionScreen{s: s}
	q.show(it)
	return q
}

// show moves to an item, building its input from the answer so far, and
// records that it was shown.
func (q *questionScreen) show(it *interview.Item) {
	q.display(it)
	if it != nil {
		q.s.log(shownEvent(it))
	}
}

// display moves to an item, building its input from the answer so far.
func (q *questionScreen) display(it *interview.Item) {
	q.it, q.errMsg, q.live, q.echo, q.mode = it, "", "", "", asking
	if it == nil {
		return
	}
	st := q.s.st
	n := it.Node
	current := st.Answer(it.Path)
	// An unusual answer from before is shown as such, and enter keeps it.
	q.unusual, q.kept = st.Unusual(it), current
	ro := q.s.readOnly || st.ReadOnly(it)
	w := widgets[n.Type]
	switch {
	case it.Prompt || n.Kind == questionnaires.Note:
		q.in = noInput{}
	case (w.input == chooseOne || w.input == chooseMany) && n.List != nil:
		ci := newChoiceInput(q.s.e, st.Options(it), n.List.Exclusive, w.input == chooseMany, n.Likert(), current)
		ci.readOnly = ro
		ci.quick = n.HasAppearance("quick")
		if n.HasAppearance("autocomplete") || n.HasAppearance("search") {
			ci.narrowable = true
		}
		q.in = ci
	case w.input == acknowledge:
		q.in = noInput{}
	default:
		if current == "" && n.Calculation != nil {
			current = st.Value(it.Path)
		}
		// A placeholder reads as an example, never as an answer, even
		// without colours.
		placeholder := ""
		if w.placeholder != "" {
			placeholder = q.s.e.lang.T("example", w.placeholder)
		}
		q.in = newTextField(st.Written(it, current), placeholder, ro)
	}
}

func (q *questionScreen) typing() bool {
	return q.note != nil || q.mode == asking && q.in != nil && q.in.typing()
}

// leave keeps what was typed and closes the interview when the program
// ends on this screen (ctrl+c, too many wrong passphrases at the lock).
func (q *questionScreen) leave() {
	q.keepTyped()
	q.s.close()
}

func (q *questionScreen) languageChanged() {
	// A number typed keeps its value: it is written again in the new
	// language's convention (1,5 becomes 1.5), not read anew.
	number := ""
	if _, ok := q.in.(*textField); ok && q.it != nil && q.it.Node.Type.Storage().Numeric() {
		number, _ = q.s.st.Check(q.it.Path, q.in.value())
	}
	q.s.followLanguage()
	if q.it != nil {
		// What the interviewer had typed or picked, not yet saved, stays.
		value := q.in.value()
		q.show(q.it)
		switch in := q.in.(type) {
		case *textField:
			if number != "" {
				value = q.s.st.Written(q.it, number)
			}
			in.in.SetValue(value)
			q.checkAsYouType()
		case *choiceInput:
			picked := newChoiceInput(q.s.e, in.options, in.exclusive, in.multi, in.scale, value)
			picked.readOnly = in.readOnly
			q.in = picked
		}
	}
}

func (q *questionScreen) update(msg tea.Msg) (screen, tea.Cmd) {
	if p, ok := msg.(tea.PasteMsg); ok {
		return q.paste(p)
	}
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return q, nil
	}
	keys := q.s.e.keys
	if q.note != nil {
		done, save := q.note.update(k)
		if done {
			if save {
				if err := q.s.setNote(q.it.Path, q.note.in.Value()); err != nil {
					q.errMsg = q.s.e.lang.T("saveFailed", userError(q.s.e.lang, err))
					return q, nil
				}
			}
			q.note = nil
		}
		return q, nil
	}
	switch q.mode {
	case jumping:
		return q.updateJump(k)
	case confirmingRemove:
		// Any key but yes keeps the instance.
		if key.Matches(k, keys.Yes) {
			q.removeInstance()
		}
		q.mode = asking
		return q, nil
	}
	// Back goes back whatever was typed (a refused answer is dropped, as
	// the message said while it was typed); the review, the sections and
	// home keep what was typed, and ask again before dropping an answer the
	// form refuses.
	back := key.Matches(k, keys.Back)
	leaving := key.Matches(k, keys.Home) || key.Matches(k, keys.Sections) || key.Matches(k, keys.Review)
	if back || leaving {
		// Asked once: the same key again leaves without the answer.
		if why := q.keepTyped(); why != "" && leaving && why != q.errMsg {
			q.errMsg = why
			return q, nil
		}
	}
	switch {
	case key.Matches(k, keys.Home):
		q.s.close()
		return leaveInterview(q.s)
	case key.Matches(k, keys.Back):
		if prev := q.s.st.Prev(q.it.Path); prev != nil {
			q.show(prev)
		}
		return q, nil
	case key.Matches(k, keys.Forward):
		return q.forward()
	case key.Matches(k, keys.Sections):
		q.openJump()
		return q, nil
	case key.Matches(k, keys.Review):
		return newReviewAt(q.s, q.it.Path), nil
	case key.Matches(k, keys.Note) && !q.it.Prompt:
		q.note = newNoteEditor(q.s.e, q.s.iv.Notes[q.it.Path].Text)
		return q, nil
	case key.Matches(k, keys.Remove) && q.instanceNumber() > 0 && !q.s.readOnly:
		q.mode = confirmingRemove
		return q, nil
	case key.Matches(k, keys.Confirm):
		return q.confirm()
	case q.it.Prompt && key.Matches(k, keys.Add) && !q.s.readOnly:
		return q.addInstance()
	}
	q.in.update(k)
	if c, ok := q.in.(*choiceInput); ok {
		q.errMsg = ""
		if c.missed != "" {
			q.errMsg = q.s.e.lang.T("noSuchChoice", c.missed, len(c.options))
			c.missed = ""
		}
		if c.quick && c.picked {
			c.picked = false
			return q.confirm()
		}
	}
	q.checkAsYouType()
	return q, nil
}

// paste puts pasted text where typing goes: the note being written, or
// the answer's text field.
func (q *questionScreen) paste(p tea.PasteMsg) (screen, tea.Cmd) {
	switch {
	case q.note != nil:
		q.note.update(p)
	case q.mode != asking:
	default:
		if t, ok := q.in.(*textField); ok {
			t.take(p)
			q.checkAsYouType()
		} else if c, ok := q.in.(*choiceInput); ok {
			c.paste(p.Content)
		}
	}
	return q, nil
}

// checkAsYouType shows what the form would say of the answer typed so
// far, without refusing anything yet.
func (q *questionScreen) checkAsYouType() {
	if _, ok := q.in.(*textField); !ok {
		return
	}
	q.errMsg = ""
	v := q.in.value()
	q.echo = q.s.st.Understood(q.it.Path, v)
	if t := q.in.(*textField); t.cut {
		q.live = q.s.e.lang.T("answerCut", maxAnswer)
		return
	}
	if strings.TrimSpace(v) == "" {
		q.live = ""
		if q.kept != "" {
			q.unusual = ""
		}
		return
	}
	stored, err := q.s.st.Check(q.it.Path, v)
	if err != nil || stored != q.kept {
		q.unusual = ""
	}
	if err != nil {
		q.live = validationMessage(err)
	} else {
		q.live = ""
	}
}

func validationMessage(err error) string {
	var ve *interview.ValidationError
	if errors.As(err, &ve) {
		// A form's constraint_message or required_message, without the
		// formatting it may carry.
		return markup.Plain(ve.Message)
	}
	return err.Error()
}

// keepTyped saves an answer typed or picked and not yet confirmed when
// the interviewer leaves the question another way than enter (back, the
// sections, the review, home, quit), as ODK Collect saves the screen it
// leaves: nothing typed is lost. It returns why an answer could not be
// kept (the form refuses it, or the save failed), "" when it was kept
// or there was nothing to keep. An emptied field is not an answer typed:
// the saved one stays.
func (q *questionScreen) keepTyped() string {
	it, st := q.it, q.s.st
	if q.s.readOnly || it == nil || it.Node.Kind != questionnaires.Question || it.Prompt || st.ReadOnly(it) || acknowledged(it.Node) {
		return ""
	}
	value := q.in.value()
	if strings.TrimSpace(value) == "" || value == st.Written(it, st.Answer(it.Path)) {
		return ""
	}
	if err := st.Set(it.Path, value); err != nil {
		return q.s.e.lang.T("leaveUnsaved", validationMessage(err))
	}
	if err := q.s.save(); err != nil {
		return q.s.e.lang.T("saveFailed", userError(q.s.e.lang, err))
	}
	return ""
}

// confirm saves the answer and moves on; a refused answer keeps the
// interviewer on the question with the form's message.
func (q *questionScreen) confirm() (screen, tea.Cmd) {
	it, st := q.it, q.s.st
	if msg := st.HardStop(it); msg != "" && !q.s.readOnly {
		q.errMsg = msg
		return q, nil
	}
	if it.Node.Kind == questionnaires.Question && !it.Prompt && !q.s.readOnly && !st.ReadOnly(it) {
		value := q.in.value()
		if acknowledged(it.Node) {
			value = "OK"
		}
		// Set checks even an answer kept as it was (a form's default, or
		// one later answers made invalid); an unchanged one is not saved
		// again.
		if err := st.Set(it.Path, value); err != nil {
			q.errMsg = validationMessage(err)
			return q, nil
		}
	}
	// An answer outside the expected range is saved, and the interviewer
	// stays to check it with the respondent; enter again goes on.
	msg := st.Unusual(it)
	stay := msg != "" && st.Answer(it.Path) != q.kept
	// The answer, and what enter did next, are one synced save.
	var events []store.Event
	var next *interview.Item
	if !stay {
		if msg != "" && q.unusual != "" {
			// The supervisor can tell a checked answer from a slip.
			events = append(events, store.Event{Kind: store.EventConfirmed, Path: it.Path, New: st.Answer(it.Path)})
		}
		// An answer changed from the review goes back there.
		if next = st.Next(it.Path); next != nil && !q.fromReview {
			events = append(events, shownEvent(next))
		}
	}
	if err := q.s.save(events...); err != nil {
		q.errMsg = q.s.e.lang.T("saveFailed", userError(q.s.e.lang, err))
		return q, nil
	}
	if stay {
		q.unusual, q.kept = msg+" "+q.s.e.lang.T("unusualKeep"), st.Answer(it.Path)
		return q, nil
	}
	if q.fromReview {
		return newReviewAt(q.s, it.Path), nil
	}
	if next == nil {
		return newReview(q.s), nil
	}
	q.display(next)
	return q, nil
}

func shownEvent(it *interview.Item) store.Event {
	return store.Event{Kind: store.EventShown, Path: it.Path}
}

// forward moves on without changing the answer, when the question may be
// left as it is.
func (q *questionScreen) forward() (screen, tea.Cmd) {
	it, st := q.it, q.s.st
	if msg := st.HardStop(it); msg != "" && !q.s.readOnly {
		q.errMsg = msg
		return q, nil
	}
	if !q.s.readOnly && it.Node.Kind == questionnaires.Question && !it.Prompt && st.Answer(it.Path) == "" && st.Required(it) && !st.ReadOnly(it) {
		q.errMsg = q.s.e.lang.T("missing")
		return q, nil
	}
	return q.next()
}

func (q *questionScreen) next() (screen, tea.Cmd) {
	if q.fromReview {
		// An answer changed from the review goes back there.
		return newReviewAt(q.s, q.it.Path), nil
	}
	next := q.s.st.Next(q.it.Path)
	if next == nil {
		return newReview(q.s), nil
	}
	q.show(next)
	return q, nil
}

func (q *questionScreen) addInstance() (screen, tea.Cmd) {
	first, err := q.s.st.AddInstance(q.it.RepeatPath)
	if err != nil {
		q.errMsg = validationMessage(err)
		return q, nil
	}
	if err := q.s.save(); err != nil {
		q.errMsg = q.s.e.lang.T("saveFailed", userError(q.s.e.lang, err))
		return q, nil
	}
	if first != nil {
		q.show(first)
	} else {
		q.show(q.s.st.Item(q.it.Path))
	}
	return q, nil
}

// instanceNumber is the number of the repeat instance the question is
// in, when the interviewer controls that repeat; 0 otherwise.
func (q *questionScreen) instanceNumber() int {
	if q.it == nil || q.it.Prompt || len(q.it.Instance) == 0 {
		return 0
	}
	rp := q.repeatPath()
	if q.s.st.Item(rp+"[+]") == nil {
		return 0
	}
	return q.it.Instance[len(q.it.Instance)-1]
}

// repeatPath is the path of the innermost repeat the question is in.
func (q *questionScreen) repeatPath() string {
	p := q.it.Path
	i := strings.LastIndex(p, "[")
	if i < 0 {
		return ""
	}
	return p[:i]
}

func (q *questionScreen) removeInstance() {
	rp, k := q.repeatPath(), q.instanceNumber()
	if err := q.s.st.RemoveInstance(rp, k); err != nil {
		q.errMsg = validationMessage(err)
		return
	}
	if err := q.s.save(); err != nil {
		q.errMsg = q.s.e.lang.T("saveFailed", userError(q.s.e.lang, err))
	}
	q.show(q.s.st.Item(rp + "[+]"))
}

// jumpEntry is one line of the section menu: a group (or repeat
// instance) at its depth, and the first stop in it.
type jumpEntry struct {
	group *interview.Item // nil: questions outside any group
	first *interview.Item
	depth int
}

// jumpEntries lists every visible group, nested ones under theirs, in
// the order of the interview.
func (q *questionScreen) jumpEntries() []jumpEntry {
	var out []jumpEntry
	seen := map[string]bool{}
	outside := false
	for _, it := range q.s.st.Stops() {
		var chain []*interview.Item
		for p := it.Parent(); p != nil; p = p.Parent() {
			chain = append([]*interview.Item{p}, chain...)
		}
		if len(chain) == 0 {
			if !outside {
				out = append(out, jumpEntry{first: it})
			}
			outside = true
			continue
		}
		outside = false
		for d, g := range chain {
			if !seen[g.Path] {
				seen[g.Path] = true
				out = append(out, jumpEntry{group: g, first: it, depth: d})
			}
		}
	}
	return out
}

// currentEntry is the innermost group the question is in.
func (q *questionScreen) currentEntry(entries []jumpEntry) int {
	st, cur := q.s.st, 0
	for i, en := range entries {
		if en.group == nil && q.it.Parent() == nil && st.Index(en.first.Path) <= st.Index(q.it.Path) {
			cur = i
		}
		if en.group != nil && inGroup(q.it, en.group) {
			cur = i
		}
	}
	return cur
}

// openJump opens the section menu on the current section.
func (q *questionScreen) openJump() {
	q.mode, q.jumpDigits = jumping, ""
	q.jumpSel = q.currentEntry(q.jumpEntries())
}

func (q *questionScreen) updateJump(k tea.KeyPressMsg) (screen, tea.Cmd) {
	entries := q.jumpEntries()
	keys := q.s.e.keys
	if len(entries) == 0 {
		q.mode = asking
		return q, nil
	}
	switch {
	case key.Matches(k, keys.Up):
		q.jumpSel = (q.jumpSel + len(entries) - 1) % len(entries)
	case key.Matches(k, keys.Down):
		q.jumpSel = (q.jumpSel + 1) % len(entries)
	case key.Matches(k, keys.Confirm):
		q.show(entries[q.jumpSel].first)
	case key.Matches(k, keys.Number):
		// A number picks its line: at once when no longer number starts
		// with it, else after the next digit or enter.
		q.jumpDigits += k.String()
		n, _ := strconv.Atoi(q.jumpDigits)
		if n < 1 || n > len(entries) {
			q.jumpDigits = k.String()
			n, _ = strconv.Atoi(q.jumpDigits)
		}
		if n < 1 || n > len(entries) {
			q.jumpDigits = ""
			return q, nil
		}
		q.jumpSel = n - 1
		if n*10 > len(entries) {
			q.show(entries[n-1].first)
		}
	case key.Matches(k, keys.Home), key.Matches(k, keys.Sections):
		q.mode = asking
	}
	return q, nil
}

func (q *questionScreen) ShortHelp() []key.Binding {
	k := q.s.e.keys
	switch {
	case q.mode == jumping:
		// esc closes the menu and stays on the question.
		return []key.Binding{k.Up, k.Down, k.Number, k.Open, k.Cancel}
	case q.note != nil:
		return []key.Binding{k.Confirm, k.Cancel}
	case q.mode == confirmingRemove:
		return []key.Binding{k.Yes, k.No}
	case q.it != nil && q.it.Prompt:
		return []key.Binding{k.Add, k.Confirm, k.Back, k.Sections, k.Review, q.s.homeKey()}
	}
	if q.s.supervising {
		return []key.Binding{k.Confirm, k.Back, k.Sections, k.Review, k.Note, k.List}
	}
	return []key.Binding{k.Confirm, k.Back, k.Sections, k.Review, k.Note, q.s.homeKey()}
}

// FullHelp is the question's keys and its answer's: how to choose, or
// to add or remove a repeat's instance.
func (q *questionScreen) FullHelp() [][]key.Binding {
	k := q.s.e.keys
	switch q.mode {
	case jumping:
		return [][]key.Binding{{k.Up, k.Down, k.Number, k.Open, k.Cancel, k.Sections}}
	case confirmingRemove:
		return [][]key.Binding{q.ShortHelp()}
	}
	moves := []key.Binding{k.Confirm, k.Back, k.Forward, k.Sections, k.Review, q.s.homeKey()}
	var more []key.Binding
	switch {
	case q.it.Prompt && !q.s.readOnly:
		more = append(more, k.Add)
	case !q.it.Prompt:
		more = append(q.in.ShortHelp(), k.Note)
	}
	if q.instanceNumber() > 0 && !q.s.readOnly {
		more = append(more, k.Remove)
	}
	return append([][]key.Binding{moves}, columns(more, len(moves))...)
}

// sectionPath is the header's "where am I": the labels of the groups the
// item is in, outermost first, as ODK Collect's breadcrumb. A group
// without a label only gathers questions (a field-list, a relevant over
// several rows) and is left out, never shown by its name.
// When it is wider than width, the outer groups give way first: the
// innermost is the one the interviewer is in.
func sectionPath(st *interview.State, it *interview.Item, width int) string {
	var labels []string
	for p := it.Parent(); p != nil; p = p.Parent() {
		if p.Node.Label.Empty() {
			continue
		}
		labels = append(labels, markup.Plain(st.Label(p)))
	}
	slices.Reverse(labels)
	path := strings.Join(labels, " › ")
	for len(labels) > 1 && lipgloss.Width(path) > width {
		labels = labels[1:]
		path = "… › " + strings.Join(labels, " › ")
	}
	return truncate(path, width)
}

func (q *questionScreen) view(w, h int) string {
	l, sty, st := q.s.e.lang, q.s.e.sty, q.s.st
	if q.mode == jumping {
		return q.jumpView(w, h)
	}
	var top strings.Builder
	// Header: section and position.
	pos := st.Index(q.it.Path) + 1
	stops := len(st.Stops())
	counter := fmt.Sprintf("%s %d %s %d", l.T("question"), pos, l.T("of"), stops)
	section := sectionPath(st, q.it, w-lipgloss.Width(counter)-2)
	top.WriteString(spread(sty.section.Render(section), counter, w) + "\n")
	pct := 0.0
	if stops > 0 {
		pct = float64(pos) / float64(stops)
	}
	filled := int(pct * float64(w))
	top.WriteString(sty.ok.Render(strings.Repeat("━", filled)) + sty.faint.Render(strings.Repeat("─", w-filled)) + "\n")
	if q.s.iv.Status == store.Rejected && q.s.iv.Comment != "" {
		top.WriteString(sty.warn.Render(wrap(l.T("rejectedNote", q.s.iv.Comment), w)) + "\n")
	}
	if q.s.readOnly {
		top.WriteString(sty.warn.Render(q.s.e.readOnlyNote()) + "\n")
	}
	top.WriteString("\n")
	if list := q.fieldListView(w, h/3); list != "" {
		top.WriteString(list + "\n")
	}
	// The question.
	label := st.Label(q.it)
	if q.it.Prompt {
		label = l.T("repeatPrompt", st.Label(q.it), st.Count(q.it.RepeatPath))
	} else if n := q.instanceNumber(); n > 0 || len(q.it.Instance) > 0 {
		if p := q.it.Parent(); p != nil && p.Node.Kind == questionnaires.Repeat {
			label = fmt.Sprintf("[%s %d] %s", st.Label(p), q.it.Instance[len(q.it.Instance)-1], label)
		}
	}
	// Labels and hints are drawn with the formatting the form gives
	// them (bold, colour, headings), never as their markup.
	label = sty.rich(label, sty.label)
	if st.Required(q.it) && q.it.Node.Kind == questionnaires.Question && !q.it.Prompt {
		label += " " + sty.faint.Render("*")
	}
	top.WriteString(wrap(label, w) + "\n")
	if hint := st.Hint(q.it); hint != "" && !q.it.Prompt {
		top.WriteString(wrap(sty.rich(hint, sty.hint), w) + "\n")
	}
	if guide := st.Guidance(q.it); guide != "" && !q.it.Prompt {
		top.WriteString(wrap(sty.rich(l.T("guidance", guide), sty.faint), w) + "\n")
	}
	top.WriteString("\n")
	// The bottom: messages and the save status.
	var bottom strings.Builder
	if q.note != nil {
		bottom.WriteString(q.note.view(q.s.e, w))
	} else if line := noteLine(q.s.e, q.s.iv.Notes[q.it.Path], w); line != "" {
		bottom.WriteString(line + "\n")
	}
	switch {
	case q.mode == confirmingRemove:
		bottom.WriteString(sty.warn.Render(l.T("removeConfirm", markup.Plain(st.Label(q.it.Parent())), q.instanceNumber())) + "\n")
	case q.errMsg != "":
		bottom.WriteString(sty.err.Render(wrap(q.errMsg, w)) + "\n")
	case q.unusual != "":
		bottom.WriteString(sty.warn.Render(wrap(q.unusual, w)) + "\n")
	case q.live != "":
		bottom.WriteString(sty.warn.Render(wrap(q.live, w)) + "\n")
	}
	bottom.WriteString(sty.faint.Render(q.statusLine()))
	room := h - lipgloss.Height(top.String()) - lipgloss.Height(bottom.String())
	body := q.inputView(w, max(1, room-1))
	gap := max(0, room-lipgloss.Height(body))
	return top.String() + body + strings.Repeat("\n", gap) + "\n" + bottom.String()
}

func (q *questionScreen) inputView(w, h int) string {
	l, sty := q.s.e.lang, q.s.e.sty
	switch {
	case q.it.Prompt:
		return l.T("repeatAdd")
	case q.it.Node.Kind == questionnaires.Note:
		return sty.faint.Render(l.T("noteContinue"))
	case acknowledged(q.it.Node):
		mark := "[ ]"
		if q.s.st.Answer(q.it.Path) == "OK" {
			mark = "[x]"
		}
		return mark + " OK · " + sty.faint.Render(l.T("noteContinue"))
	}
	if q.echo != "" {
		return q.in.view(w, h) + "\n" + sty.label.Render(truncate("= "+q.echo, w))
	}
	return q.in.view(w, h)
}

func (q *questionScreen) statusLine() string {
	l := q.s.e.lang
	saved := l.T("notSavedYet")
	if !q.s.lastSave.IsZero() {
		saved = l.T("savedAt", q.s.lastSave.Local().Format("15:04:05"))
	}
	id := q.s.iv.ID
	if len(id) > 13 {
		id = id[:13]
	}
	if q.s.e.formLang == "" {
		return saved + " · " + id
	}
	return fmt.Sprintf("%s · %s · %s", saved, id, q.s.e.formLang)
}

func (q *questionScreen) jumpView(w, h int) string {
	l, sty, st := q.s.e.lang, q.s.e.sty, q.s.st
	entries := q.jumpEntries()
	cur := q.currentEntry(entries)
	var b strings.Builder
	b.WriteString(sty.title.Render(l.T("sections")) + "\n\n")
	room := max(1, h-2)
	first := 0
	if len(entries) > room {
		first = min(max(0, q.jumpSel-room/2), len(entries)-room)
	}
	for i := first; i < len(entries) && i < first+room; i++ {
		en := entries[i]
		name := l.T("noSection")
		if en.group != nil {
			name = markup.Plain(st.Label(en.group))
			if en.group.Node.Kind == questionnaires.Repeat && len(en.group.Instance) > 0 {
				name = fmt.Sprintf("%s %d", name, en.group.Instance[len(en.group.Instance)-1])
			}
		}
		line := fmt.Sprintf("%2d. %s%s", i+1, strings.Repeat("  ", en.depth), name)
		if i == cur {
			line += " ◂"
		}
		if i == q.jumpSel {
			line = sty.cursor.Render(line)
		}
		b.WriteString(truncate(line, w) + "\n")
	}
	return b.String()
}

// spread puts left and right on one line of width w.
func spread(left, right string, w int) string {
	gap := w - lipgloss.Width(left) - lipgloss.Width(right)
	if gap < 1 {
		return truncate(left, max(0, w-lipgloss.Width(right)-1)) + " " + right
	}
	return left + strings.Repeat(" ", gap) + right
}

// wrap breaks text into lines of at most w cells.
func wrap(s string, w int) string {
	return lipgloss.NewStyle().Width(max(10, w)).Render(s)
}

func (q *questionScreen) fromSupervise() { q.s.supervising = true }

func (q *questionScreen) fromBrowse(b *browse) { q.s.browsed = b }

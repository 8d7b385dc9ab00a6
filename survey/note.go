package survey

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"siap/store"
)

// A note is a comment on one question: the interviewer's "the respondent
// estimated this", or a supervisor's "ask again about the household
// size". It is kept with the interview, travels in packs, and the
// supervisor, the interviewer and the export all see it.

// noteEditor is the one-line field a note is written in.
type noteEditor struct {
	e  *env
	in textinput.Model
	// cut says the last key or paste went beyond the note's limit.
	cut bool
}

func newNoteEditor(e *env, current string) *noteEditor {
	in := textinput.New()
	in.SetValue(current)
	in.Placeholder = e.lang.T("notePlaceholder")
	in.CharLimit = 2000
	in.Focus()
	return &noteEditor{e: e, in: in}
}

// update takes a key or a paste; done reports that the note is
// finished, save that it is to be kept.
func (n *noteEditor) update(msg tea.Msg) (done, save bool) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, n.e.keys.Home):
			return true, false
		case key.Matches(k, n.e.keys.Confirm):
			return true, true
		}
	}
	n.cut = typeInto(&n.in, msg)
	return false, false
}

func (n *noteEditor) view(e *env, w int) string {
	n.in.SetWidth(max(10, w-4))
	s := e.sty.label.Render(wrap(e.lang.T("notePrompt"), w)) + "\n" + n.in.View() + "\n"
	if n.cut {
		s += e.sty.warn.Render(wrap(e.lang.T("pasteCut", n.in.CharLimit), w)) + "\n"
	}
	return s
}

// setNote keeps the note on a question and refreshes the session's
// record of the interview.
func (s *session) setNote(path, text string) error {
	if s.unsaved {
		// A note is something the interviewer wrote: the interview is
		// kept from it on.
		s.pending = append(s.pending, storeChanges(s.st.TakeChanges())...)
		if err := s.keep(); err != nil {
			return err
		}
	}
	if err := s.e.data.SetNote(s.iv.ID, path, text, s.e.interviewer); err != nil {
		return err
	}
	iv, err := s.e.data.Interview(s.iv.ID)
	if err != nil {
		return err
	}
	s.iv = iv
	return nil
}

// noteLine shows a question's note with who wrote it, or "".
func noteLine(e *env, note store.Note, w int) string {
	if strings.TrimSpace(note.Text) == "" {
		return ""
	}
	text := e.lang.T("noteShown", note.By, note.Text)
	return e.sty.warn.Render(wrap(text, w))
}

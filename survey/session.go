package survey

import (
	"fmt"
	"slices"
	"time"

	"siap/questionnaires"
	"siap/questionnaires/interview"
	"siap/store"
)

// session is one open interview: the engine's state and the stored
// record, shared by the question and review screens.
type session struct {
	e        *env
	st       *interview.State
	iv       store.Interview
	readOnly bool
	pending  []store.Change // engine changes a failed save left unsaved
	lastSave time.Time
	saveErr  error
	// supervising: opened from the supervise list, which esc goes back
	// to; the supervisor can approve or send back from inside.
	supervising bool
}

// startInterview creates a draft with the metadata the engine records,
// and opens it at its first question.
func startInterview(e *env) (screen, error) {
	st := interview.New(e.form, interview.Meta{DeviceID: e.device, Username: e.interviewer, Now: e.now})
	e.speak(st)
	iv, err := e.st.Create(store.Interview{
		FormKey: e.formKey, FormID: e.form.ID, FormVersion: e.form.Version,
		Interviewer: e.interviewer, DeviceID: e.device, Language: e.formLang,
	}, storeChanges(st.TakeChanges()))
	if err != nil {
		return nil, err
	}
	s := &session{e: e, st: st, iv: iv, lastSave: e.now()}
	return newQuestionScreen(s, st.First()), nil
}

// openInterview takes up a stored interview: a draft or one sent back
// where it stopped, anything else read-only on its review screen.
func openInterview(e *env, id string) (screen, error) {
	iv, err := e.st.Interview(id)
	if err != nil {
		return nil, err
	}
	vals, err := e.st.Values(id)
	if err != nil {
		return nil, err
	}
	form := e.form
	if iv.FormKey != e.formKey {
		src, err := e.st.Form(iv.FormKey)
		if err != nil {
			return nil, err
		}
		if form, err = questionnaires.ParseKept(src.Name, src.Data, src.Files); err != nil {
			return nil, fmt.Errorf("the questionnaire of interview %s cannot be read: %w", id, err)
		}
	}
	if slices.Contains(form.Languages, iv.Language) {
		e.setFormLanguage(iv.Language)
	}
	st := interview.Restore(form, interview.Meta{DeviceID: e.device, Username: e.interviewer, Now: e.now}, vals)
	e.speak(st)
	s := &session{e: e, st: st, iv: iv, readOnly: !iv.Status.Editable(), lastSave: iv.Updated}
	if err := e.st.Log(id, store.Event{Kind: store.EventOpened, Who: e.interviewer}); err != nil {
		return nil, err
	}
	if s.readOnly {
		return newReview(s), nil
	}
	it := st.Item(iv.Position)
	if it == nil || st.Index(it.Path) < 0 {
		it = st.FirstUnanswered()
	}
	if it == nil {
		return newReview(s), nil
	}
	return newQuestionScreen(s, it), nil
}

func storeChanges(cs []interview.Change) []store.Change {
	out := make([]store.Change, len(cs))
	for i, c := range cs {
		out[i] = store.Change{Path: c.Path, Value: c.New, Removed: c.Removed}
	}
	return out
}

// save writes what the engine changed. On failure the changes stay
// pending and are written with the next save.
func (s *session) save() error {
	s.pending = append(s.pending, storeChanges(s.st.TakeChanges())...)
	if len(s.pending) == 0 {
		return nil
	}
	if err := s.e.st.Save(s.iv.ID, s.pending); err != nil {
		s.saveErr = err
		return err
	}
	s.pending, s.saveErr, s.lastSave = nil, nil, s.e.now()
	return nil
}

func (s *session) log(ev store.Event) {
	if s.readOnly {
		return
	}
	if err := s.e.st.Log(s.iv.ID, ev); err != nil {
		s.saveErr = err
	}
}

// speak puts an interview in the chosen language: the form's labels in
// the form language, siap's own messages in the interface's language
// where the form's is neither Indonesian nor English.
func (e *env) speak(st *interview.State) {
	st.SetLanguage(e.formLang)
	st.SetMessageLanguage([...]string{Indonesian: "id", English: "en"}[e.lang])
}

// followLanguage puts the interview in the language now chosen, and
// records the switch in the paradata.
func (s *session) followLanguage() {
	s.e.speak(s.st)
	s.log(store.Event{Kind: store.EventLanguage, New: s.e.formLang})
}

// close records that the interviewer left the interview.
func (s *session) close() {
	s.save()
	s.log(store.Event{Kind: store.EventClosed})
}

// supervised is a screen of an interview that a supervisor opened from
// the list: esc goes back to the list, and the supervisor can decide
// from inside the interview.
type supervised interface{ fromSupervise() }

package survey

import (
	"fmt"
	"slices"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

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
	// unsaved: a new interview nothing is answered in yet; the data
	// file does not hold it, and early holds its paradata until it does.
	unsaved bool
	early   []store.Event
	initial int // the changes the engine made on starting (metadata, defaults)
	// supervising: opened from the supervise list, which esc goes back
	// to; the supervisor can approve or send back from inside.
	supervising bool
	// browsed: opened from Browse, which esc goes back to, its filters
	// and search as they were.
	browsed *browse
}

// homeKey is the key that leaves the interview, named for where it
// goes: home, or back to the list it was opened from.
func (s *session) homeKey() key.Binding {
	if s.browsed != nil {
		return s.e.keys.List
	}
	return s.e.keys.Home
}

// startInterview opens a new interview at its first question. The data
// file keeps it from its first answer on: a draft nothing was answered
// in is not kept.
func startInterview(e *env) (screen, error) {
	last, err := lastSaved(e, e.form, "")
	if err != nil {
		return nil, err
	}
	st := interview.New(e.form, interview.Meta{DeviceID: e.device, Username: e.interviewer, Now: e.now, LastSaved: last})
	e.speak(st)
	iv := store.Interview{
		ID: store.NewID(), Created: e.now(), FormKey: e.formKey, FormID: e.form.ID, FormVersion: e.form.Version,
		Interviewer: e.interviewer, DeviceID: e.device, Language: e.formLang,
	}
	s := &session{e: e, st: st, iv: iv, unsaved: true, pending: storeChanges(st.TakeChanges())}
	s.initial = len(s.pending)
	return newQuestionScreen(s, st.First()), nil
}

// openInterview takes up a stored interview: a draft or one sent back
// where it stopped, anything else read-only on its review screen.
func openInterview(e *env, id string) (screen, error) {
	l, err := loadInterview(e, id)
	if err != nil {
		return nil, err
	}
	return showInterview(e, l), nil
}

// loadedInterview is what opening an interview reads of the data.
type loadedInterview struct {
	iv   store.Interview
	vals map[string]string
	form *questionnaires.Form
	last map[string]string // what ${last-saved#...} reads
}

// loadInterview reads an interview to open, and records in its paradata
// that it was opened. It touches nothing on screen, so that a screen runs
// it off the update loop (interviewOpening).
func loadInterview(e *env, id string) (loadedInterview, error) {
	iv, err := e.data.Interview(id)
	if err != nil {
		return loadedInterview{}, err
	}
	vals, err := e.data.Values(id)
	if err != nil {
		return loadedInterview{}, err
	}
	form := e.form
	if iv.FormKey != e.formKey {
		src, err := e.data.Form(iv.FormKey)
		if err != nil {
			return loadedInterview{}, err
		}
		if form, err = questionnaires.ParseKept(src.Name, src.Data, src.Files); err != nil {
			return loadedInterview{}, fmt.Errorf("the questionnaire of interview %s cannot be read: %w", id, err)
		}
	}
	last, err := lastSaved(e, form, id)
	if err != nil {
		return loadedInterview{}, err
	}
	if err := e.data.Log(id, store.Event{Kind: store.EventOpened, Who: e.interviewer}); err != nil {
		return loadedInterview{}, err
	}
	return loadedInterview{iv: iv, vals: vals, form: form, last: last}, nil
}

// showInterview is the screen of an interview read: where a draft
// stopped, the review of anything else, in the interview's language.
func showInterview(e *env, l loadedInterview) screen {
	iv, form := l.iv, l.form
	if slices.Contains(form.Languages, iv.Language) {
		e.setFormLanguage(iv.Language)
	}
	st := interview.Restore(form, interview.Meta{DeviceID: e.device, Username: e.interviewer, Now: e.now, LastSaved: l.last}, l.vals)
	e.speak(st)
	// On a server every interview is read: its answers are the
	// interviewer's, changed on their laptop.
	s := &session{e: e, st: st, iv: iv, readOnly: !iv.Status.Editable() || e.onServer(), lastSave: iv.Updated}
	if s.readOnly {
		return newReview(s)
	}
	it := st.Item(iv.Position)
	if it == nil || st.Index(it.Path) < 0 {
		it = st.FirstUnanswered()
	}
	if it == nil {
		return newReview(s)
	}
	return newQuestionScreen(s, it)
}

// interviewOpened brings an interview read off the update loop to the
// screen that asked (a list), which shows it.
type interviewOpened struct {
	to  screen
	l   loadedInterview
	err error
}

// interviewOpening reads an interview off the update loop for the
// screen to, while it shows the spinner.
func interviewOpening(e *env, to screen, id string) tea.Cmd {
	return tea.Batch(e.startSpinner(), func() tea.Msg {
		l, err := loadInterview(e, id)
		return interviewOpened{to: to, l: l, err: err}
	})
}

func storeChanges(cs []interview.Change) []store.Change {
	out := make([]store.Change, len(cs))
	for i, c := range cs {
		out[i] = store.Change{Path: c.Path, Value: c.New, Removed: c.Removed}
	}
	return out
}

// save writes what the engine changed, with the paradata events that go
// with it, in one synced transaction. On failure the changes stay
// pending and are written with the next save. A new interview is
// created with its first answer, with the paradata logged before it.
func (s *session) save(events ...store.Event) error {
	s.pending = append(s.pending, storeChanges(s.st.TakeChanges())...)
	if s.readOnly {
		events = nil
	}
	if s.unsaved && !s.answered() {
		// Not kept yet: its paradata wait with it, with their times.
		for _, ev := range events {
			s.log(ev)
		}
		return nil
	}
	if len(s.pending) == 0 && len(events) == 0 {
		return nil
	}
	var err error
	if s.unsaved {
		err = s.keep(events...)
	} else {
		err = s.e.data.Save(s.iv.ID, s.pending, events...)
	}
	if err != nil {
		s.saveErr = err
		return err
	}
	s.pending, s.saveErr, s.lastSave = nil, nil, s.e.now()
	return nil
}

// keep creates a new interview in the data file with what it holds so
// far: its answers, the paradata logged before and the events given.
func (s *session) keep(events ...store.Event) error {
	iv, err := s.e.data.Create(s.iv, s.pending)
	if err != nil {
		return err
	}
	s.iv, s.unsaved, s.pending = iv, false, nil
	early := append(s.early, events...)
	s.early = nil
	return s.e.data.Log(s.iv.ID, early...)
}

// answered reports whether the interviewer has answered a question, as
// opposed to the metadata the engine fills in (start, device, ...).
func (s *session) answered() bool {
	for _, c := range s.pending[s.initial:] {
		if n := s.st.Form().NodeAt(c.Path); n != nil && n.Kind == questionnaires.Question && !c.Removed {
			return true
		}
	}
	return false
}

func (s *session) log(ev store.Event) {
	if s.readOnly {
		return
	}
	if s.unsaved {
		// Kept until the interview is, with the time it happened.
		ev.Time = s.e.now().UTC()
		s.early = append(s.early, ev)
		return
	}
	if err := s.e.data.Log(s.iv.ID, ev); err != nil {
		s.saveErr = err
	}
}

// discard removes a draft the interviewer will not finish, for good
// (its answers may be personal data), and records who discarded it and
// when, without anything of the respondent, in the data file's settings.
func (s *session) discard() error {
	if s.unsaved {
		return nil
	}
	if err := s.e.st.Erase(s.iv.ID); err != nil {
		return err
	}
	return s.e.st.SetSetting("discarded/"+s.iv.ID, s.e.now().UTC().Format(time.RFC3339)+" "+s.e.interviewer)
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
	s.save(store.Event{Kind: store.EventClosed})
}

// lastSaved finds the answers of the last interview of the form this
// device finalized, which ${last-saved#name} reads; nil when the form
// reads none (the file is then not gone through).
func lastSaved(e *env, form *questionnaires.Form, except string) (map[string]string, error) {
	if !form.UsesLastSaved() {
		return nil, nil
	}
	// The records alone say which one; only its answers are read.
	var last store.Interview
	err := e.data.EachInterview(func(iv store.Interview) error {
		if iv.FormID == form.ID && iv.DeviceID == e.device && iv.ID != except &&
			slices.Contains(store.Finished, iv.Status) && iv.Updated.After(last.Updated) {
			last = iv
		}
		return nil
	})
	if err != nil || last.ID == "" {
		return nil, err
	}
	return e.data.Values(last.ID)
}

// leaveInterview goes where leaving an interview leads: back to the
// supervisor's list for an interview opened there, home otherwise,
// saying what became of a draft.
func leaveInterview(s *session) (screen, tea.Cmd) {
	switch {
	case s.supervising:
		return newSuperviseAt(s.e, s.iv.ID, false)
	case s.browsed != nil:
		// Read again: the interview may have changed status.
		return s.browsed, s.browsed.restart()
	case s.unsaved:
		return goHome(s.e, s.e.lang.T("emptyDraftGone"))
	case s.readOnly:
		return goHome(s.e, "")
	}
	return goHome(s.e, s.e.lang.T("quitHint"))
}

// supervised is a screen of an interview that a supervisor opened from
// the list: esc goes back to the list, and the supervisor can decide
// from inside the interview.
type supervised interface{ fromSupervise() }

// browsed is a screen of an interview opened from Browse: esc goes back
// to it.
type browsed interface{ fromBrowse(*browse) }

// readOnlyNote says why an interview cannot be changed here: it is
// complete, or, on a server, it is the interviewer's to change.
func (e *env) readOnlyNote() string {
	if e.onServer() {
		return e.lang.T("readOnlyServer")
	}
	return e.lang.T("readOnly")
}

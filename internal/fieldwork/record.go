// Package fieldwork turns simulated interviews into stored ones, for
// siap simulate and for tests and benchmarks that need a data file full
// of plausible interviews.
package fieldwork

import (
	"time"

	"siap/questionnaires"
	"siap/questionnaires/simulate"
	"siap/store"
)

// Record turns a simulated interview into what the store keeps, with
// paradata as the interviewer's keys would have left it. A refused
// interview keeps what came before the consent question, and no more.
func Record(form *questionnaires.Form, formKey, device, interviewer string, s simulate.Interview) store.Record {
	status := store.Completed
	switch {
	case s.Refused:
		status = store.Refused
	case !s.Complete:
		status = store.Draft
	}
	answered := make(map[string]time.Time, len(s.Steps))
	events := make([]store.Event, 0, 3+2*len(s.Steps))
	events = append(events, store.Event{Time: s.Start.UTC(), Kind: store.EventOpened, Who: interviewer})
	for _, st := range s.Steps {
		events = append(events, store.Event{Time: st.Shown.UTC(), Kind: store.EventShown, Path: st.Path})
		if !st.Answered.IsZero() && st.Value != "" {
			events = append(events, store.Event{Time: st.Answered.UTC(), Kind: store.EventSet, Path: st.Path, New: st.Value})
			answered[st.Path] = st.Answered.UTC()
		}
	}
	if status == store.Completed || status == store.Refused {
		events = append(events, store.Event{Time: s.End.UTC(), Kind: store.EventCompleted, Old: string(store.Draft), New: string(status), Who: interviewer})
	}
	events = append(events, store.Event{Time: s.End.UTC(), Kind: store.EventClosed})
	answers := make(map[string]store.Answer, len(s.Answers))
	for path, v := range s.Answers {
		if status == store.Refused && !form.KeptOnRefusal(path) {
			continue
		}
		t, ok := answered[path]
		if !ok {
			t = s.Start.UTC()
		}
		answers[path] = store.Answer{Value: v, Changed: t}
	}
	return store.Record{
		Interview: store.Interview{
			ID: store.NewID(), FormKey: formKey, FormID: form.ID, FormVersion: form.Version,
			Interviewer: interviewer, DeviceID: device, Status: status,
			Created: s.Start.UTC(), Updated: s.End.UTC(), Revision: len(answers),
			Language: s.Language, Simulated: true,
		},
		Answers: answers,
		Events:  events,
	}
}

// Open makes an unencrypted data file at path that takes its interviews
// with form, and returns it with the form's key.
func Open(path string, form *questionnaires.Form) (*store.Store, string, error) {
	st, err := store.Open(path, store.Options{})
	if err != nil {
		return nil, "", err
	}
	key, err := st.AddForm(store.FormSource{ID: form.ID, Version: form.Version, Name: form.SourceName, Data: form.Source, Files: form.Attachments})
	if err != nil {
		st.Close()
		return nil, "", err
	}
	return st, key, nil
}

// NewFile makes a data file at path (unencrypted) holding n simulated
// interviews of the shipped questionnaire, deterministic for a seed.
func NewFile(path string, n int, seed uint64, now time.Time) (*store.Store, *questionnaires.Form, error) {
	form, err := questionnaires.Shipped()
	if err != nil {
		return nil, nil, err
	}
	st, key, err := Open(path, form)
	if err != nil {
		return nil, nil, err
	}
	var records []store.Record
	err = simulate.Run(form, simulate.Options{N: n, Seed: seed, Now: now, Interviewer: "sim"}, func(s simulate.Interview) error {
		records = append(records, Record(form, key, "", "sim", s))
		return nil
	})
	if err == nil {
		_, err = st.Import(store.Records(records...))
	}
	if err != nil {
		st.Close()
		return nil, nil, err
	}
	return st, form, nil
}

// NewTeamFile makes a data file at path (unencrypted) holding n
// simulated interviews of the shipped questionnaire by each interviewer
// named (AddTeam), and returns it with the questionnaire and its key.
func NewTeamFile(path string, n int, now time.Time, interviewers ...string) (*store.Store, *questionnaires.Form, string, error) {
	form, err := questionnaires.Shipped()
	if err != nil {
		return nil, nil, "", err
	}
	st, key, err := Open(path, form)
	if err != nil {
		return nil, nil, "", err
	}
	if err := AddTeam(st, form, key, n, now, interviewers...); err != nil {
		st.Close()
		return nil, nil, "", err
	}
	return st, form, key, nil
}

// AddTeam adds n simulated interviews of form (kept under key) by each
// interviewer named, the i-th's seeded i+1, taken up to now.
func AddTeam(st store.Interviews, form *questionnaires.Form, key string, n int, now time.Time, interviewers ...string) error {
	var records []store.Record
	for i, who := range interviewers {
		err := simulate.Run(form, simulate.Options{N: n, Seed: uint64(i + 1), Now: now, Interviewer: who}, func(s simulate.Interview) error {
			records = append(records, Record(form, key, "", who, s))
			return nil
		})
		if err != nil {
			return err
		}
	}
	_, err := st.Import(store.Records(records...))
	return err
}

// Replicate copies the file's interviews under new ids until it holds n,
// a few thousand per transaction: benchmarks grow a file this way far
// faster than by simulating every interview.
func Replicate(st *store.Store, n int) error {
	var seed []store.Record
	err := st.Each(func(iv store.Interview, _ map[string]string) error {
		r, err := st.Record(iv.ID)
		seed = append(seed, r)
		return err
	})
	if err != nil || len(seed) == 0 {
		return err
	}
	for added := len(seed); added < n; {
		batch := make([]store.Record, 0, 5000)
		for i := 0; i < 5000 && added < n; i, added = i+1, added+1 {
			r := seed[added%len(seed)]
			r.Interview.ID = store.NewID()
			batch = append(batch, r)
		}
		if _, err := st.Import(store.Records(batch...)); err != nil {
			return err
		}
	}
	return nil
}

package main

import (
	"flag"
	"fmt"
	"time"

	"siap/questionnaires"
	"siap/questionnaires/simulate"
	"siap/store"
)

// simulatedBy is the interviewer name simulated interviews carry.
const simulatedBy = "simulasi"

func setupSimulate(fs *flag.FlagSet, c *cli) func([]string) int {
	n := fs.Int("n", 340, "how many interviews to add")
	seed := fs.Uint64("seed", 1, "random seed: the same seed gives the same interviews")
	return func(args []string) int {
		if len(args) > 0 {
			c.errorf("simulate", "unexpected argument %q", args[0])
			return exitUsage
		}
		if *n < 1 || *n > 10_000_000 {
			c.errorf("simulate", "--n must be from 1 to 10000000, not %d", *n)
			return exitUsage
		}
		st, form, err := openData(c, false)
		if err != nil {
			c.errorf("simulate", "%v", err)
			return 1
		}
		defer st.Close()
		added, err := addSimulated(st, form, *n, *seed, time.Now())
		if err != nil {
			c.errorf("simulate", "%v (%d interviews were added before this)", err, added)
			return 1
		}
		fmt.Fprintf(c.stdout, "added %d simulated interviews to %s\n", added, st.Path())
		return 0
	}
}

// addSimulated stores n simulated interviews, a batch per transaction.
func addSimulated(st *store.Store, form *questionnaires.Form, n int, seed uint64, now time.Time) (int, error) {
	formKey := store.FormKey(form.Source)
	device, err := st.DeviceID()
	if err != nil {
		return 0, err
	}
	const batch = 500
	var records []store.Record
	added := 0
	flush := func() error {
		if err := st.Import(records); err != nil {
			return err
		}
		added += len(records)
		records = records[:0]
		return nil
	}
	opts := simulate.Options{N: n, Seed: seed, Now: now, Interviewer: simulatedBy, DeviceID: device}
	err = simulate.Run(form, opts, func(iv simulate.Interview) error {
		records = append(records, simulatedRecord(form, formKey, device, iv))
		if len(records) == batch {
			return flush()
		}
		return nil
	})
	if err == nil && len(records) > 0 {
		err = flush()
	}
	return added, err
}

// simulatedRecord turns a simulated interview into what the store keeps,
// with paradata as the interviewer's keys would have left it.
func simulatedRecord(form *questionnaires.Form, formKey, device string, s simulate.Interview) store.Record {
	status := store.Completed
	switch {
	case s.Refused:
		status = store.Refused
	case !s.Complete:
		status = store.Draft
	}
	answered := map[string]time.Time{}
	events := []store.Event{{Time: s.Start.UTC(), Kind: store.EventOpened, Who: simulatedBy}}
	for _, st := range s.Steps {
		events = append(events, store.Event{Time: st.Shown.UTC(), Kind: store.EventShown, Path: st.Path})
		if !st.Answered.IsZero() && st.Value != "" {
			events = append(events, store.Event{Time: st.Answered.UTC(), Kind: store.EventSet, Path: st.Path, New: st.Value})
			answered[st.Path] = st.Answered.UTC()
		}
	}
	if status == store.Completed || status == store.Refused {
		events = append(events, store.Event{Time: s.End.UTC(), Kind: store.EventCompleted, Old: store.Draft, New: status, Who: simulatedBy})
	}
	events = append(events, store.Event{Time: s.End.UTC(), Kind: store.EventClosed})
	answers := map[string]store.Answer{}
	for path, v := range s.Answers {
		if status == store.Refused && !keptOnRefusal(form, path) {
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
			Interviewer: simulatedBy, DeviceID: device, Status: status,
			Created: s.Start.UTC(), Updated: s.End.UTC(), Revision: len(answers),
			Language: s.Language, Simulated: true,
		},
		Answers: answers,
		Events:  events,
	}
}

// keptOnRefusal reports what a refused interview keeps: its metadata, the
// consent answer and the group summaries compare across.
func keptOnRefusal(form *questionnaires.Form, path string) bool {
	n := form.Node(path)
	return n != nil && (n.Kind == questionnaires.Metadata || n.Name == "consent" || n.Name == form.SummaryBy)
}

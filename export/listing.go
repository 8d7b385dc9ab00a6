package export

import (
	"time"

	"siap/questionnaires"
	"siap/store"
)

// Listed is what a list of interviews (siap list) shows of one beside
// its record.
type Listed struct {
	// Start is the interview's start metadata, else when its record was
	// made.
	Start time.Time
	// Minutes is its Duration in minutes.
	Minutes float64
	// Answered is the number of questions answered.
	Answered int
	// By is the answer to the question summaries compare across (the
	// form's summary_by: the city).
	By string
}

// EachListed calls fn with every interview and what a list shows of it,
// in the order they reached the store, one at a time, as they are read:
// the first comes before the rest are read. Where the store keeps every
// interview's facts under the questionnaire (Indexer.Keeps), it reads
// the facts rows alone, neither records nor answers; otherwise every
// interview with its answers and paradata.
func EachListed(st store.Interviews, form *questionnaires.Form, fn func(store.Interview, Listed) error) error {
	x := NewIndexer(form)
	current, err := x.Keeps(st)
	if err != nil {
		return err
	}
	if !current {
		return EachWithEvents(st, func(iv store.Interview, vals map[string]string, events []store.Event) error {
			f, err := x.whole(iv, vals, events)
			if err != nil {
				return err
			}
			return fn(iv, x.listed(f, iv))
		})
	}
	return st.EachFacts(func(iv store.Interview) error {
		f, ok := x.factsOf(iv)
		if !ok {
			// Facts this Indexer cannot read (a damaged row): from the
			// interview's answers and paradata.
			var err error
			if f, _, err = x.read(st, iv); err != nil {
				return err
			}
		}
		return fn(iv, x.listed(f, iv))
	})
}

// listed is what a list shows of an interview, from its facts.
func (x *Indexer) listed(f facts, iv store.Interview) Listed {
	start := iv.Created
	if t, ok := parseTime(f.Start); ok {
		start = t
	}
	return Listed{Start: start, Minutes: x.minutes(f, iv), Answered: f.Answered, By: f.By}
}

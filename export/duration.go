package export

import (
	"math"
	"slices"
	"time"

	"siap/questionnaires"
	"siap/store"
)

// Duration is how long an interview was open, the one length siap gives
// it everywhere (the list, the export, progress and the short-duration
// check): the sum of its sessions in the paradata, each from an
// "opened" event to the "closed" event that ends it. A session without
// one (siap killed, a flat battery) ends at its last recorded action; a
// session that only read the interview (a supervisor's look) recorded no
// action and adds nothing. Days between sessions (an interview sent back
// and corrected a week later) are not counted. An interview whose
// paradata record no opening (one imported without them) lasts from its
// start to its end metadata.
func Duration(form *questionnaires.Form, iv store.Interview, vals map[string]string, events []store.Event) time.Duration {
	if d, ok := openTime(events); ok {
		return d
	}
	start, end := Times(form, iv, vals)
	return max(0, end.Sub(start))
}

// TenthsOfMinutes rounds a length in minutes to the tenth every output
// shows (half away from zero), so that data.csv, siap list and progress
// give an interview the same figure.
func TenthsOfMinutes(m float64) float64 { return math.Round(m*10) / 10 }

// Minutes is an interview's Duration in minutes.
func Minutes(form *questionnaires.Form, iv store.Interview, vals map[string]string, events []store.Event) float64 {
	return Duration(form, iv, vals, events).Minutes()
}

// actions are the events an interviewer's work leaves inside a session:
// they show that it was open until then. A status change or a note can
// come from a supervisor outside any session, and says nothing of it.
var actions = map[string]bool{
	store.EventShown: true, store.EventSet: true, store.EventChanged: true, store.EventCleared: true,
	store.EventLanguage: true, store.EventConfirmed: true, store.EventCompleted: true,
}

// openTime sums the sessions of an interview's paradata; false when the
// paradata hold no opening.
func openTime(events []store.Event) (time.Duration, bool) {
	if !slices.IsSortedFunc(events, byTime) {
		// Paradata merged from two laptops may interleave.
		events = slices.Clone(events)
		slices.SortStableFunc(events, byTime)
	}
	var total time.Duration
	var start, last time.Time
	open, seen := false, false
	end := func(at time.Time) {
		if open && at.After(start) {
			total += at.Sub(start)
		}
		open = false
	}
	for _, e := range events {
		switch {
		case e.Kind == store.EventOpened:
			end(last)
			start, last, open, seen = e.Time, e.Time, true, true
		case e.Kind == store.EventClosed:
			end(e.Time)
		case open && actions[e.Kind]:
			last = e.Time
		}
	}
	end(last)
	return total, seen
}

func byTime(a, b store.Event) int { return a.Time.Compare(b.Time) }

package export

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"siap/questionnaires"
	"siap/store"
)

// Quality checks, as named in quality.csv.
const (
	CheckShort       = "short_duration"  // far shorter than the others
	CheckFast        = "fast_answer"     // faster than the form's minimum_seconds
	CheckStraight    = "straight_lining" // the same answer to 5 or more Likert questions in a row
	CheckDuplicateID = "duplicate_nik"   // the same identifier (a question with pii = hash) in several interviews
	CheckSoftRange   = "soft_range"      // outside the form's soft_min/soft_max
)

// Checks lists every quality check, so that the supervisor's screen
// names each (survey's TestQualityChecksHaveNames).
var Checks = []string{CheckShort, CheckFast, CheckStraight, CheckDuplicateID, CheckSoftRange}

// Flag is one quality problem of one interview.
type Flag struct {
	Level       string `csv:"level"` // interview, or interviewer for a summary row
	Interviewer string `csv:"interviewer"`
	Interview   string `csv:"interview_id"`
	Check       string `csv:"check"`
	Question    string `csv:"question"`
	Detail      string `csv:"detail"`
}

// minInterviewsForDuration is how many interviews the duration check
// needs before "far below the others" means anything.
const minInterviewsForDuration = 5

// quality gathers what the checks need as interviews stream past; what
// it keeps per interview is a few numbers, not the interview.
type quality struct {
	form      *questionnaires.Form
	hash      func(string) string
	flags     []Flag
	durations []durationOf
	ids       map[idValue][]string // an identifier's keyed hash -> interviews
	who       map[string]string    // interview -> interviewer
	// kept are the interviews whose flags are asked for; the checks
	// that compare interviews see them all.
	kept    map[string]bool
	likert  []*questionnaires.Node
	idNodes []*questionnaires.Node
}

// idValue is one value of an identifying question, as its keyed hash.
type idValue struct {
	question, hash string
}

type durationOf struct {
	id, interviewer string
	minutes         float64
}

func newQuality(form *questionnaires.Form, hash func(string) string) *quality {
	q := &quality{form: form, hash: hash, ids: map[idValue][]string{}, who: map[string]string{}, kept: map[string]bool{}}
	for _, n := range form.Nodes {
		if n.Likert() && n.InRepeat() == nil {
			q.likert = append(q.likert, n)
		}
		// The form marks the identifiers (pii = hash) that no two
		// respondents share.
		if n.HashedID() {
			q.idNodes = append(q.idNodes, n)
		}
	}
	return q
}

// QualityFlags runs the quality checks over every interview of a data
// file without writing anything, and returns the flags of the interviews
// with one of statuses (as Options.Statuses), then a row per interviewer
// and check counting them: the supervisor's screen shows them.
func QualityFlags(st *store.Store, form *questionnaires.Form, statuses []store.Status) ([]Flag, error) {
	return QualityFlagsEach(st, form, statuses, nil)
}

// QualityFlagsEach is QualityFlags that also hands every interview,
// whatever its status, with its paradata to each: callers that list or
// tally the file too (the supervisor's list, fieldwork progress) read it
// once.
//
// The checks see every interview whatever its status, so that an
// interview's flags do not depend on what became of the others: a NIK
// shared with an approved interview, or with a draft, is still shared.
func QualityFlagsEach(st *store.Store, form *questionnaires.Form, statuses []store.Status, each func(store.Interview, map[string]string, []store.Event)) ([]Flag, error) {
	hash, err := st.KeyedHasher()
	if err != nil {
		return nil, err
	}
	q := newQuality(form, hash)
	err = st.Each(func(iv store.Interview, answers map[string]string) error {
		var events []store.Event
		if err := st.Events(iv.ID, func(e store.Event) error { events = append(events, e); return nil }); err != nil {
			return err
		}
		if each != nil {
			each(iv, answers, events)
		}
		q.observe(iv, answers, events, slices.Contains(statuses, iv.Status))
		return nil
	})
	if err != nil {
		return nil, err
	}
	q.finish()
	return q.flags, nil
}

func (q *quality) add(iv, check, question, detail string) {
	q.flags = append(q.flags, Flag{Level: "interview", Interviewer: q.who[iv], Interview: iv, Check: check, Question: question, Detail: detail})
}

// timed are the statuses of interviews whose length the short-duration
// check compares: those finished at least once. A draft is not over yet,
// and a refusal is short by nature.
var timed = []store.Status{store.Completed, store.Approved, store.Rejected}

// observe checks one interview: what can be judged alone now, the rest
// remembered for finish. keep says whether its flags are asked for.
func (q *quality) observe(iv store.Interview, vals map[string]string, events []store.Event, keep bool) {
	q.who[iv.ID] = iv.Interviewer
	if keep {
		q.kept[iv.ID] = true
	}
	if slices.Contains(timed, iv.Status) {
		q.durations = append(q.durations, durationOf{iv.ID, iv.Interviewer, Minutes(q.form, iv, vals, events)})
	}
	q.fastAnswers(iv.ID, events)
	q.straightLining(iv.ID, vals)
	for _, n := range q.idNodes {
		if v := vals[n.Key]; v != "" {
			k := idValue{n.Key, q.hash(v)}
			q.ids[k] = append(q.ids[k], iv.ID)
		}
	}
	q.softRanges(iv.ID, vals, events)
}

func (q *quality) fastAnswers(id string, events []store.Event) {
	shown := map[string]time.Time{}
	for _, e := range events {
		switch e.Kind {
		case store.EventShown:
			shown[e.Path] = e.Time
		case store.EventSet, store.EventChanged:
			n := q.form.NodeAt(e.Path)
			if n == nil {
				continue
			}
			minSec := n.MinimumSeconds
			at, ok := shown[e.Path]
			if minSec == 0 || !ok {
				continue
			}
			if took := e.Time.Sub(at).Seconds(); took < minSec {
				q.add(id, CheckFast, e.Path, fmt.Sprintf("answered in %.1f s; the form expects at least %g s", took, minSec))
			}
			delete(shown, e.Path)
		}
	}
}

// straightLining flags five or more Likert questions in a row, in form
// order, answered alike.
func (q *quality) straightLining(id string, vals map[string]string) {
	run, last, start := 0, "", ""
	flush := func() {
		if run >= 5 {
			q.add(id, CheckStraight, start, fmt.Sprintf("%d Likert questions in a row answered %s", run, last))
		}
	}
	for _, n := range q.likert {
		v := vals[n.Key]
		if v == "" {
			continue
		}
		if v == last {
			run++
			continue
		}
		flush()
		run, last, start = 1, v, n.Key
	}
	flush()
}

func (q *quality) softRanges(id string, vals map[string]string, events []store.Event) {
	var outside []string
	for path, v := range vals {
		if n := q.form.NodeAt(path); n != nil && n.Expected.Outside(v) {
			outside = append(outside, path)
		}
	}
	// Form order, so that the same data always gives the same file.
	slices.SortFunc(outside, func(a, b string) int {
		if c := cmp.Compare(q.form.NodeAt(a).Index, q.form.NodeAt(b).Index); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	for _, path := range outside {
		n := q.form.NodeAt(path)
		detail := fmt.Sprintf("%s is outside the expected %s", vals[path], n.Expected)
		if confirmed(events, path, vals[path]) {
			detail += "; the interviewer checked it and kept it"
		}
		q.add(id, CheckSoftRange, path, detail)
	}
}

// confirmed reports whether the interviewer kept this value at path
// after siap warned it was unusual.
func confirmed(events []store.Event, path, value string) bool {
	for _, e := range events {
		if e.Kind == store.EventConfirmed && e.Path == path && e.New == value {
			return true
		}
	}
	return false
}

// finish runs the checks that compare interviews, then adds a summary row
// per interviewer and check.
func (q *quality) finish() {
	if len(q.durations) >= minInterviewsForDuration {
		ds := make([]float64, len(q.durations))
		for i, d := range q.durations {
			ds[i] = d.minutes
		}
		median := median(ds)
		for _, d := range q.durations {
			if d.minutes < median/2 {
				q.add(d.id, CheckShort, "", fmt.Sprintf("%.1f minutes; half the median of %.1f minutes is the limit", d.minutes, median))
			}
		}
	}
	shared := make([]idValue, 0, len(q.ids))
	for k, ids := range q.ids {
		if len(ids) > 1 {
			shared = append(shared, k)
		}
	}
	slices.SortFunc(shared, func(a, b idValue) int {
		return cmp.Or(cmp.Compare(a.hash, b.hash), cmp.Compare(a.question, b.question))
	})
	for _, k := range shared {
		ids := q.ids[k]
		for _, id := range ids {
			q.add(id, CheckDuplicateID, "", fmt.Sprintf("the same %s (keyed hash %s…) is in %d interviews", k.question, k.hash[:8], len(ids)))
		}
	}
	q.flags = slices.DeleteFunc(q.flags, func(f Flag) bool { return !q.kept[f.Interview] })
	for _, c := range InterviewerFlags(q.flags) {
		q.flags = append(q.flags, Flag{Level: "interviewer", Interviewer: c.Interviewer, Check: c.Check, Detail: fmt.Sprintf("%d flags", c.Count)})
	}
}

// FlagCount is how many flags one interviewer's interviews raised in one
// check.
type FlagCount struct {
	Interviewer, Check string
	Count              int
}

// InterviewerFlags counts the interview flags among flags by interviewer
// and check, sorted by both: the summary rows of quality.csv, the
// supervisor's header and the flags column of progress are these counts.
func InterviewerFlags(flags []Flag) []FlagCount {
	type key struct{ who, check string }
	counts := map[key]int{}
	for _, f := range flags {
		if f.Level == "interview" {
			counts[key{f.Interviewer, f.Check}]++
		}
	}
	out := make([]FlagCount, 0, len(counts))
	for k, n := range counts {
		out = append(out, FlagCount{k.who, k.check, n})
	}
	slices.SortFunc(out, func(a, b FlagCount) int {
		return cmp.Or(strings.Compare(a.Interviewer, b.Interviewer), strings.Compare(a.Check, b.Check))
	})
	return out
}

// Times is when an interview began and ended: the form's start and end
// metadata where recorded, else when it was created and last changed.
func Times(form *questionnaires.Form, iv store.Interview, vals map[string]string) (time.Time, time.Time) {
	start, end := iv.Created, iv.Updated
	for _, n := range form.Nodes {
		if n.Kind != questionnaires.Metadata {
			continue
		}
		t, ok := parseTime(vals[n.Key])
		if !ok {
			continue
		}
		switch n.Type {
		case questionnaires.TypeStart:
			start = t
		case questionnaires.TypeEnd:
			end = t
		}
	}
	return start, end
}

// parseTime reads the date-times siap records (start, end).
func parseTime(s string) (time.Time, bool) {
	for _, layout := range []string{"2006-01-02T15:04:05.000-07:00", time.RFC3339Nano} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

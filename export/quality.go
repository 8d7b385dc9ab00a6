package export

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"siap/internal/spill"
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
// it keeps per interview is a few bytes (ref), not the interview: the
// interview's id and interviewer for the flags found at the end, its
// length, and the keyed hashes of its identifiers.
type quality struct {
	form  *questionnaires.Form
	hash  func(string) string
	flags []Flag
	// minutes are the lengths the short-duration check compares, and
	// timed the same interviews with theirs, in the order they came.
	minutes []float64
	timed   *spill.Sorter[durationOf]
	// ids are the keyed hashes of identifiers with their interviews,
	// sorted by hash.
	ids      *spill.Sorter[idOf]
	who      []string // the interviewers, by ref.Who
	whoIndex map[string]int32
	likert   []*questionnaires.Node
	idNodes  []*questionnaires.Node
}

// ref names an interview in a few bytes: its id as a UUID where it is
// one (siap's ids are), its interviewer by number, and whether its flags
// are asked for (the checks that compare interviews see them all).
type ref struct {
	UUID  uuid.UUID `json:"u"`
	Other string    `json:"o,omitempty"` // the id when it is not "uuid:" and a UUID
	Who   int32     `json:"w"`
	Kept  bool      `json:"k,omitempty"`
}

// idOf is one value of an identifying question (by its place in
// idNodes), as the bytes of its keyed hash, in an interview.
type idOf struct {
	Question int32                `json:"q"`
	Hash     [keyedHashBytes]byte `json:"h"`
	Ref      ref                  `json:"r"`
}

// keyedHashBytes is the length of store.KeyedHasher's hashes.
const keyedHashBytes = 12

type durationOf struct {
	Ref     ref     `json:"r"`
	Minutes float64 `json:"m"`
}

func newQuality(form *questionnaires.Form, hash func(string) string) *quality {
	q := &quality{form: form, hash: hash, whoIndex: map[string]int32{}}
	// The order they came in: nothing to sort.
	q.timed = spill.New(func(a, b durationOf) int { return 0 })
	q.ids = spill.New(func(a, b idOf) int {
		return cmp.Or(bytes.Compare(a.Hash[:], b.Hash[:]), cmp.Compare(q.idNodes[a.Question].Key, q.idNodes[b.Question].Key))
	})
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
func QualityFlags(st store.Interviews, form *questionnaires.Form, statuses []store.Status) ([]Flag, error) {
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
func QualityFlagsEach(st store.Interviews, form *questionnaires.Form, statuses []store.Status, each func(store.Interview, map[string]string, []store.Event)) ([]Flag, error) {
	hash, err := st.KeyedHasher()
	if err != nil {
		return nil, err
	}
	q := newQuality(form, hash)
	defer q.close()
	err = EachWithEvents(st, func(iv store.Interview, answers map[string]string, events []store.Event) error {
		if each != nil {
			each(iv, answers, events)
		}
		return q.observe(iv, answers, events, slices.Contains(statuses, iv.Status))
	})
	if err != nil {
		return nil, err
	}
	if err := q.finish(); err != nil {
		return nil, err
	}
	return q.flags, nil
}

func (q *quality) add(r ref, check, question, detail string) {
	if r.Kept {
		q.flags = append(q.flags, Flag{Level: "interview", Interviewer: q.who[r.Who], Interview: r.id(), Check: check, Question: question, Detail: detail})
	}
}

// refOf is the ref of an interview.
func (q *quality) refOf(iv store.Interview, keep bool) ref {
	who, ok := q.whoIndex[iv.Interviewer]
	if !ok {
		who = int32(len(q.who))
		q.who = append(q.who, iv.Interviewer)
		q.whoIndex[iv.Interviewer] = who
	}
	r := ref{Who: who, Kept: keep}
	if u, err := uuid.Parse(strings.TrimPrefix(iv.ID, "uuid:")); err == nil && strings.HasPrefix(iv.ID, "uuid:") && u.String() == iv.ID[len("uuid:"):] {
		r.UUID = u
	} else {
		r.Other = iv.ID
	}
	return r
}

func (r ref) id() string {
	if r.Other != "" {
		return r.Other
	}
	return "uuid:" + r.UUID.String()
}

// hashOf is an identifier's value as the bytes of its keyed hash.
func (q *quality) hashOf(value string) (h [keyedHashBytes]byte) {
	k := q.hash(value)
	if b, err := hex.DecodeString(k); err == nil && len(b) == keyedHashBytes {
		copy(h[:], b)
	} else {
		sum := sha256.Sum256([]byte(k))
		copy(h[:], sum[:])
	}
	return h
}

// close removes what the checks kept in temporary files.
func (q *quality) close() error {
	return errors.Join(q.timed.Close(), q.ids.Close())
}

// timed are the statuses of interviews whose length the short-duration
// check compares: those finished at least once. A draft is not over yet,
// and a refusal is short by nature.
var timed = []store.Status{store.Completed, store.Approved, store.Rejected}

// observe checks one interview: what can be judged alone now, the rest
// remembered for finish. keep says whether its flags are asked for.
func (q *quality) observe(iv store.Interview, vals map[string]string, events []store.Event, keep bool) error {
	r := q.refOf(iv, keep)
	if slices.Contains(timed, iv.Status) {
		m := Minutes(q.form, iv, vals, events)
		q.minutes = append(q.minutes, m)
		if err := q.timed.Add(durationOf{r, m}); err != nil {
			return err
		}
	}
	q.fastAnswers(r, events)
	q.straightLining(r, vals)
	for i, n := range q.idNodes {
		if v := vals[n.Key]; v != "" {
			if err := q.ids.Add(idOf{int32(i), q.hashOf(v), r}); err != nil {
				return err
			}
		}
	}
	q.softRanges(r, vals, events)
	return nil
}

func (q *quality) fastAnswers(id ref, events []store.Event) {
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
func (q *quality) straightLining(id ref, vals map[string]string) {
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

func (q *quality) softRanges(id ref, vals map[string]string, events []store.Event) {
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
func (q *quality) finish() error {
	if len(q.minutes) >= minInterviewsForDuration {
		median := median(q.minutes)
		err := q.timed.Each(func(d durationOf) error {
			if d.Minutes < median/2 {
				q.add(d.Ref, CheckShort, "", fmt.Sprintf("%.1f minutes; half the median of %.1f minutes is the limit", d.Minutes, median))
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	// The interviews of one identifier's value come together, sorted by
	// its hash.
	var same []idOf
	shared := func() {
		for _, s := range same {
			if len(same) > 1 {
				q.add(s.Ref, CheckDuplicateID, "", fmt.Sprintf("the same %s (keyed hash %s…) is in %d interviews", q.idNodes[s.Question].Key, hex.EncodeToString(s.Hash[:4]), len(same)))
			}
		}
		same = same[:0]
	}
	err := q.ids.Each(func(id idOf) error {
		if len(same) > 0 && (id.Hash != same[0].Hash || id.Question != same[0].Question) {
			shared()
		}
		same = append(same, id)
		return nil
	})
	if err != nil {
		return err
	}
	shared()
	for _, c := range InterviewerFlags(q.flags) {
		q.flags = append(q.flags, Flag{Level: "interviewer", Interviewer: c.Interviewer, Check: c.Check, Detail: fmt.Sprintf("%d flags", c.Count)})
	}
	return nil
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

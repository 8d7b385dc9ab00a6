package export

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
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
// length, and the keyed hashes of its identifiers. What one interview
// shows alone is its facts (Indexer): kept in the data file, or made
// from its answers and paradata as they are read. The flags it finds
// are counted, by interviewer and check, and handed to flag as they are
// found, never kept: a file where half the interviews share a NIK has
// as many flags as interviews.
type quality struct {
	form *questionnaires.Form
	x    *Indexer
	hash func(string) string
	// flag is handed each interview flag asked for, in the order of
	// quality.csv; nil when they are only counted.
	flag    func(Flag) error
	counts  map[flagKey]int
	flagged int // the interview flags found
	// lengths are the lengths the short-duration check compares, in
	// bounded memory (a million of them are 8 MB); timed holds the same
	// interviews with theirs, in the order they came, when the flags are
	// handed on. When they are only counted, each length is in the group
	// of its interviewer (ref.Who+1) when its flags are asked for, in
	// group 0 otherwise: no interview is named, and progress finds each
	// interviewer's median from them.
	lengths *spill.Values
	timed   *spill.Sorter[durationOf]
	// ids are the keyed hashes of identifiers with their interviews,
	// sorted by hash; shared, when the data file's index of identifiers
	// is read instead, counts the interviews of each hash shared.
	ids      *spill.Sorter[idOf]
	shared   *store.SharedHashes
	who      []string // the interviewers, by ref.Who
	whoIndex map[string]int32
	// found are the flags handed on for quality.csv (keepFlags), in the
	// order they were found.
	found *spill.Sorter[Flag]
}

// flagKey is an interviewer (ref.Who) and a check.
type flagKey struct {
	who   int32
	check string
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
// Indexer.idNodes), as the bytes of its keyed hash, in an interview.
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
	q := &quality{form: form, x: NewIndexer(form), hash: hash, whoIndex: map[string]int32{}, counts: map[flagKey]int{}, lengths: spill.NewValues()}
	// The order they came in: nothing to sort.
	q.timed = spill.New(func(a, b durationOf) int { return 0 })
	q.ids = spill.New(func(a, b idOf) int {
		return cmp.Or(bytes.Compare(a.Hash[:], b.Hash[:]), cmp.Compare(a.Question, b.Question))
	})
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
// whatever its status, with its length (Minutes) to each: callers that
// list or tally the file too (the supervisor's list) read it once. It
// holds every flag: a caller that needs only their number per
// interviewer calls QualityCounts.
func QualityFlagsEach(st store.Interviews, form *questionnaires.Form, statuses []store.Status, each func(iv store.Interview, minutes float64)) ([]Flag, error) {
	var flags []Flag
	counts, err := QualityCounts(st, form, statuses, each, func(f Flag) error {
		flags = append(flags, f)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return append(flags, interviewerRows(counts)...), nil
}

// QualityCounts runs the quality checks as QualityFlagsEach does and
// returns how many flags each interviewer's interviews with one of
// statuses raised in each check (as InterviewerFlags counts them),
// keeping none: each interview flag is handed to flag, when not nil, as
// it is found (the order of quality.csv), and each interview to each.
//
// The checks see every interview whatever its status, so that an
// interview's flags do not depend on what became of the others: a NIK
// shared with an approved interview, or with a draft, is still shared.
//
// Where the data file keeps every interview's facts under this
// questionnaire (store.SetIndexer with NewIndexer), the records and the
// index of identifiers are read, not the answers; otherwise every
// interview is read with its paradata.
func QualityCounts(st store.Interviews, form *questionnaires.Form, statuses []store.Status, each func(iv store.Interview, minutes float64), flag func(Flag) error) ([]FlagCount, error) {
	return qualityCounts(st, form, statuses, each, flag, nil)
}

// qualityCounts is QualityCounts that hands the checks, once finished,
// to done (when not nil): progress reads the lengths they kept.
func qualityCounts(st store.Interviews, form *questionnaires.Form, statuses []store.Status, each func(iv store.Interview, minutes float64), flag func(Flag) error, done func(*quality) error) ([]FlagCount, error) {
	hash, err := st.KeyedHasher()
	if err != nil {
		return nil, err
	}
	q := newQuality(form, hash)
	q.flag = flag
	defer q.close()
	current, err := q.x.Keeps(st)
	if err != nil {
		return nil, err
	}
	if current {
		if q.shared, err = st.SharedIdentifiers(); err != nil {
			return nil, err
		}
		err = st.EachFacts(func(iv store.Interview) error {
			f, ok := q.x.factsOf(iv)
			if !ok {
				return q.observeRead(st, iv, slices.Contains(statuses, iv.Status), each)
			}
			m := q.x.minutes(f, iv)
			if each != nil {
				each(iv, m)
			}
			return q.observeFacts(iv, f, m, iv.Facts.IDs, slices.Contains(statuses, iv.Status))
		})
	} else {
		err = EachWithEvents(st, func(iv store.Interview, answers map[string]string, events []store.Event) error {
			f, err := q.x.whole(iv, answers, events)
			if err != nil {
				return err
			}
			m := q.x.minutes(f, iv)
			if each != nil {
				each(iv, m)
			}
			return q.observeFacts(iv, f, m, q.idsOf(answers), slices.Contains(statuses, iv.Status))
		})
	}
	if err != nil {
		return nil, err
	}
	if err := q.finish(); err != nil {
		return nil, err
	}
	if done != nil {
		if err := done(q); err != nil {
			return nil, err
		}
	}
	return q.interviewerCounts(), nil
}

// observeRead observes an interview whose record has no facts the
// checks can use (a damaged record): from its answers and paradata.
func (q *quality) observeRead(st store.Interviews, iv store.Interview, keep bool, each func(store.Interview, float64)) error {
	f, vals, err := q.x.read(st, iv)
	if err != nil {
		return err
	}
	m := q.x.minutes(f, iv)
	if each != nil {
		each(iv, m)
	}
	// Its identifiers are not in the index: compared through ids.
	shared := q.shared
	q.shared = nil
	defer func() { q.shared = shared }()
	return q.observeFacts(iv, f, m, q.idsOf(vals), keep)
}

// idsOf are an interview's identifiers as the data file hashes them.
func (q *quality) idsOf(vals map[string]string) []store.IdentifierHash {
	var out []store.IdentifierHash
	for _, id := range q.x.identifiers(plainAnswers(vals).get) {
		out = append(out, store.IdentifierHash{Question: id.Question, Hash: q.hash(id.Question + "\x00" + id.Value)})
	}
	return out
}

// add counts a flag of an interview whose flags are asked for, and hands
// it on; its detail is worded only then.
func (q *quality) add(r ref, check, question string, detail func() string) error {
	if !r.Kept {
		return nil
	}
	q.counts[flagKey{r.Who, check}]++
	q.flagged++
	if q.flag == nil {
		return nil
	}
	return q.flag(Flag{Level: "interview", Interviewer: q.who[r.Who], Interview: r.id(), Check: check, Question: question, Detail: detail()})
}

// interviewerCounts are the flags found, by interviewer and check,
// sorted by both.
func (q *quality) interviewerCounts() []FlagCount {
	out := make([]FlagCount, 0, len(q.counts))
	for k, n := range q.counts {
		out = append(out, FlagCount{q.who[k.who], k.check, n})
	}
	// Two interviewers are one when their names are.
	return sumFlagCounts(out)
}

// sumFlagCounts sorts counts by interviewer and check, adding those of
// the same two.
func sumFlagCounts(counts []FlagCount) []FlagCount {
	slices.SortFunc(counts, func(a, b FlagCount) int {
		return cmp.Or(strings.Compare(a.Interviewer, b.Interviewer), strings.Compare(a.Check, b.Check))
	})
	out := counts[:0]
	for _, c := range counts {
		if n := len(out); n > 0 && out[n-1].Interviewer == c.Interviewer && out[n-1].Check == c.Check {
			out[n-1].Count += c.Count
			continue
		}
		out = append(out, c)
	}
	return out
}

// interviewerRows are quality.csv's summary rows: one per interviewer and
// check, counting the interview flags.
func interviewerRows(counts []FlagCount) []Flag {
	rows := make([]Flag, 0, len(counts))
	for _, c := range counts {
		rows = append(rows, Flag{Level: "interviewer", Interviewer: c.Interviewer, Check: c.Check, Detail: fmt.Sprintf("%d flags", c.Count)})
	}
	return rows
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

// hashOf is an identifier's keyed hash as bytes.
func (q *quality) hashOf(k string) (h [keyedHashBytes]byte) {
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
	err := errors.Join(q.timed.Close(), q.ids.Close(), q.lengths.Close())
	if q.found != nil {
		err = errors.Join(err, q.found.Close())
	}
	return err
}

// keepFlags has the flags found kept, in the order found, in bounded
// memory (internal/spill), for eachFlag to hand back once finished.
func (q *quality) keepFlags() {
	q.found = spill.New(func(a, b Flag) int { return 0 })
	q.flag = q.found.Add
}

// eachFlag hands back the rows of quality.csv once finish has run: the
// interview flags kept (keepFlags) in the order found, then a row per
// interviewer and check counting them.
func (q *quality) eachFlag(fn func(Flag) error) error {
	if err := q.found.Each(fn); err != nil {
		return err
	}
	for _, f := range interviewerRows(q.interviewerCounts()) {
		if err := fn(f); err != nil {
			return err
		}
	}
	return nil
}

// timed are the statuses of interviews whose length the short-duration
// check compares: those finished at least once. A draft is not over yet,
// and a refusal is short by nature.
var timed = []store.Status{store.Completed, store.Approved, store.Rejected}

// observe checks one interview read whole (an export reads them so).
// keep says whether its flags are asked for.
func (q *quality) observe(iv store.Interview, vals map[string]string, events []store.Event, keep bool) error {
	f, err := q.x.whole(iv, vals, events)
	if err != nil {
		return err
	}
	return q.observeFacts(iv, f, q.x.minutes(f, iv), q.idsOf(vals), keep)
}

// observeFacts checks one interview by its facts: what can be judged
// alone now, the rest remembered for finish.
func (q *quality) observeFacts(iv store.Interview, f facts, minutes float64, ids []store.IdentifierHash, keep bool) error {
	r := q.refOf(iv, keep)
	if slices.Contains(timed, iv.Status) {
		group := 0
		switch {
		case q.flag != nil:
			if err := q.timed.Add(durationOf{r, minutes}); err != nil {
				return err
			}
		case r.Kept:
			group = int(r.Who) + 1
		}
		if err := q.lengths.Add(group, minutes); err != nil {
			return err
		}
	}
	for _, a := range f.Fast {
		err := q.add(r, CheckFast, a.Path, func() string {
			return fmt.Sprintf("answered in %.1f s; the form expects at least %g s", a.Seconds, a.Minimum)
		})
		if err != nil {
			return err
		}
	}
	for _, s := range f.Straight {
		err := q.add(r, CheckStraight, s.Start, func() string {
			return fmt.Sprintf("%d Likert questions in a row answered %s", s.Run, s.Value)
		})
		if err != nil {
			return err
		}
	}
	for _, id := range ids {
		question := int32(slices.IndexFunc(q.x.idNodes, func(n *questionnaires.Node) bool { return n.Key == id.Question }))
		if question < 0 {
			continue
		}
		if q.shared != nil {
			if n := q.shared.Count(id.Hash); n > 1 {
				err := q.add(r, CheckDuplicateID, "", func() string { return duplicateDetail(id.Question, q.hashOf(id.Hash), n) })
				if err != nil {
					return err
				}
			}
			continue
		}
		if err := q.ids.Add(idOf{question, q.hashOf(id.Hash), r}); err != nil {
			return err
		}
	}
	return q.softRanges(r, f)
}

// duplicateDetail says which identifier an interview shares, and with
// how many.
func duplicateDetail(question string, h [keyedHashBytes]byte, n int) string {
	return fmt.Sprintf("the same %s (keyed hash %s…) is in %d interviews", question, hex.EncodeToString(h[:4]), n)
}

func (q *quality) softRanges(id ref, f facts) error {
	if !id.Kept || len(f.Soft) == 0 {
		return nil
	}
	outside := slices.Collect(maps.Keys(f.Soft))
	// Form order, so that the same data always gives the same file.
	slices.SortFunc(outside, func(a, b string) int {
		na, nb := q.form.NodeAt(a), q.form.NodeAt(b)
		if na != nil && nb != nil && na.Index != nb.Index {
			return cmp.Compare(na.Index, nb.Index)
		}
		return strings.Compare(a, b)
	})
	for _, path := range outside {
		n := q.form.NodeAt(path)
		if n == nil {
			continue
		}
		v := f.Soft[path]
		err := q.add(id, CheckSoftRange, path, func() string {
			detail := fmt.Sprintf("%s is outside the expected %s", v, n.Expected)
			if slices.Contains(f.Confirmed[path], v) {
				detail += "; the interviewer checked it and kept it"
			}
			return detail
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// finish runs the checks that compare interviews, then adds a summary row
// per interviewer and check.
func (q *quality) finish() error {
	if q.lengths.Len(anyLength) >= minInterviewsForDuration {
		m, err := medians(q.lengths, anyLength)
		if err != nil {
			return err
		}
		median := m[0]
		// Counted alone, by interviewer: no interview is named.
		if q.lengths.Groups() > 1 {
			below, err := q.lengths.CountBelow(median / 2)
			if err != nil {
				return err
			}
			for group, short := range below {
				if group > 0 && short > 0 {
					q.counts[flagKey{int32(group - 1), CheckShort}] += short
					q.flagged += short
				}
			}
		}
		err = q.timed.Each(func(d durationOf) error {
			if d.Minutes < median/2 {
				return q.add(d.Ref, CheckShort, "", func() string {
					return fmt.Sprintf("%.1f minutes; half the median of %.1f minutes is the limit", d.Minutes, median)
				})
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
	shared := func() error {
		defer func() { same = same[:0] }()
		if len(same) < 2 {
			return nil
		}
		for _, s := range same {
			err := q.add(s.Ref, CheckDuplicateID, "", func() string {
				return duplicateDetail(q.x.idNodes[s.Question].Key, s.Hash, len(same))
			})
			if err != nil {
				return err
			}
		}
		return nil
	}
	err := q.ids.Each(func(id idOf) error {
		if len(same) > 0 && (id.Hash != same[0].Hash || id.Question != same[0].Question) {
			if err := shared(); err != nil {
				return err
			}
		}
		same = append(same, id)
		return nil
	})
	if err != nil {
		return err
	}
	return shared()
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
	return sumFlagCounts(out)
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

package store

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"
)

// The rules every implementation of Interviews applies, kept here once
// so that a data file and a server's database decide alike: what a save
// changes and logs, what a status or a note does to a record, how an
// import tells new from newer, older and conflicting. They work on an
// interview in memory; storing it is the implementation's.

// NewDraft is a new interview as Create keeps it: its id, status and times
// set, its first answers, and the events that log them (opened first).
// An interview opened before it is kept gives its Created time, which
// dates its "opened" event.
func NewDraft(iv Interview, changes []Change, now time.Time) (Interview, map[string]Answer, []Event) {
	now = now.UTC()
	if iv.ID == "" {
		iv.ID = NewID()
	}
	if iv.Status == "" {
		iv.Status = Draft
	}
	opened := now
	if !iv.Created.IsZero() && iv.Created.Before(now) {
		opened = iv.Created.UTC()
	}
	iv.Created, iv.Updated = opened, now
	answers := map[string]Answer{}
	events := []Event{{Time: opened, Kind: EventOpened, Who: iv.Interviewer}}
	for _, c := range changes {
		if c.Removed {
			continue
		}
		answers[c.Path] = Answer{Value: c.Value, Changed: now}
		events = append(events, Event{Time: now, Kind: EventSet, Path: c.Path, New: c.Value})
	}
	iv.Revision += len(events) - 1
	rehash(&iv, sumOf(answers))
	return iv, answers, events
}

// SaveChanges applies a save to an interview and its answers: changed
// answers are logged with their old and new value, before events (given
// the time now when they have none); the record's revision, position,
// language and digest follow. It returns what to log, none when the save
// changed nothing.
func SaveChanges(iv *Interview, answers map[string]Answer, changes []Change, events []Event, now time.Time) ([]Event, error) {
	_, logged, err := applySave(iv, answers, changes, events, now)
	return logged, err
}

// applySave is SaveChanges, also returning the answers the save changed.
func applySave(iv *Interview, answers map[string]Answer, changes []Change, events []Event, now time.Time) ([]answerChange, []Event, error) {
	now = stampTime(now)
	sum, err := sumFor(*iv, func() (map[string]Answer, error) { return answers, nil })
	if err != nil {
		return nil, nil, err
	}
	var changed []Event
	var saved []answerChange
	for _, c := range changes {
		old, had := answers[c.Path]
		switch {
		case c.Removed && !had:
			continue
		case c.Removed:
			delete(answers, c.Path)
			changed = append(changed, Event{Time: now, Kind: EventCleared, Path: c.Path, Old: old.Value})
		case had && old.Value == c.Value:
			continue
		default:
			answers[c.Path] = Answer{Value: c.Value, Changed: now}
			kind := EventSet
			if had {
				kind = EventChanged
			}
			changed = append(changed, Event{Time: now, Kind: kind, Path: c.Path, Old: old.Value, New: c.Value})
		}
		if had {
			sum.remove(c.Path, old.Value)
		}
		if !c.Removed {
			sum.add(c.Path, c.Value)
		}
		saved = append(saved, answerChange{Path: c.Path, Answer: answers[c.Path], Removed: c.Removed})
	}
	if len(saved) > 0 {
		iv.Revision += len(changed)
		iv.Updated = now
		rehash(iv, sum)
	}
	logged := stamp(iv, events, now)
	if len(changed) == 0 && len(logged) == 0 {
		return nil, nil, nil
	}
	return saved, append(changed, logged...), nil
}

// An Edit changes an interview's record (not its answers) and returns
// the event that logs it, or false when it changes nothing.
type Edit func(iv *Interview, now time.Time) (Event, bool)

// StatusEdit moves an interview to a status, recording who did it.
func StatusEdit(status Status, who, comment string) (Edit, error) {
	if !slices.Contains(Statuses, status) {
		return nil, fmt.Errorf("status %q is not one of %v", status, Statuses)
	}
	return func(iv *Interview, now time.Time) (Event, bool) {
		ev := Event{Time: now, Kind: EventStatus, Old: string(iv.Status), New: string(status), Detail: comment, Who: who}
		switch {
		case status == Completed:
			ev.Kind = EventCompleted
		case iv.Status == Completed && status == Draft:
			ev.Kind = EventReopened
		}
		iv.Status, iv.Comment = status, comment
		return ev, true
	}, nil
}

// NoteEdit keeps a note on one question, or removes it when text is
// empty.
func NoteEdit(path, text, who string) Edit {
	text = strings.TrimSpace(text)
	return func(iv *Interview, now time.Time) (Event, bool) {
		old := iv.Notes[path]
		if old.Text == text {
			return Event{}, false
		}
		if text == "" {
			delete(iv.Notes, path)
		} else {
			if iv.Notes == nil {
				iv.Notes = map[string]Note{}
			}
			iv.Notes[path] = Note{Text: text, By: who, Time: now}
		}
		return Event{Time: now, Kind: EventNote, Path: path, Old: old.Text, New: text, Who: who}, true
	}
}

// ApplyEdit applies an edit to an interview's record, moving its time,
// revision and digest (from the answers' sum the record keeps, or from
// answers when it keeps none). It returns the event to log, or false.
func ApplyEdit(iv *Interview, edit Edit, answers func() (map[string]Answer, error), now time.Time) (Event, bool, error) {
	ev, ok := edit(iv, now)
	if !ok {
		return ev, false, nil
	}
	sum, err := sumFor(*iv, answers)
	if err != nil {
		return ev, false, err
	}
	iv.Updated = now
	iv.Revision++
	rehash(iv, sum)
	return ev, true, nil
}

// PrepareImport gives a record made here (simulated, with no digest) its
// id and digest, and checks the digest of one brought from elsewhere:
// a damaged or altered record would decide newer or conflict wrongly.
func PrepareImport(r *Record) error { return prepareImport(r, sumOf(r.Answers)) }

// prepareImport is PrepareImport given the sum of the record's answers.
func prepareImport(r *Record, sum answersSum) error {
	if r.Interview.ID == "" {
		r.Interview.ID = NewID()
	}
	if r.Interview.Hash == "" {
		r.Interview.Hash = contentHash(&r.Interview, sum)
		return nil
	}
	return checkDigest(r.Interview, sum)
}

// CheckDigest refuses an interview whose content digest is not that of
// its answers, status and notes.
func CheckDigest(iv Interview, answers map[string]Answer) error {
	return checkDigest(iv, sumOf(answers))
}

func checkDigest(iv Interview, sum answersSum) error {
	if contentHash(&iv, sum) != iv.Hash {
		return fmt.Errorf("interview %s: its content digest does not match its answers, status and notes (the file is damaged)", iv.ID)
	}
	return nil
}

// MergeAction is what an import does with an interview already held.
type MergeAction int

const (
	// MergeUnchanged: the same content, or one we had before.
	MergeUnchanged MergeAction = iota
	// MergeNewer: the version brought had ours before it; it replaces ours.
	MergeNewer
	// MergeConflict: both changed since they last agreed.
	MergeConflict
)

// Decide compares the version of an interview held (its History read)
// with one brought.
func Decide(local, remote Interview) MergeAction {
	ours := append(known(local), local.History...)
	switch {
	case slices.ContainsFunc(known(remote), func(h string) bool { return slices.Contains(ours, h) }):
		return MergeUnchanged
	case slices.ContainsFunc(known(local), func(h string) bool { return slices.Contains(remote.History, h) }):
		return MergeNewer
	}
	return MergeConflict
}

// ConflictKey names a version kept as a conflict: the interview's id and
// the version's digest.
func ConflictKey(id, hash string) string { return id + "/" + hash }

// UnionEvents keeps each event of either log once, in time order: a
// newer version replacing ours keeps the paradata of both.
func UnionEvents(a, b []Event) []Event {
	seen := map[Event]bool{}
	var out []Event
	for _, e := range append(append([]Event{}, a...), b...) {
		if !seen[e] {
			seen[e] = true
			out = append(out, e)
		}
	}
	slices.SortStableFunc(out, func(x, y Event) int { return x.Time.Compare(y.Time) })
	return out
}

// Resolved is the record kept when a supervisor chooses one version of a
// conflicting interview, kept, over the other: both versions' digests
// become its history, so that importing either again changes nothing. It
// returns the record and the event that logs the choice.
func Resolved(kept, other Interview, keepRemote bool, who string, now time.Time) (Interview, Event) {
	history := append(append(append(append([]string{}, kept.History...), other.History...), other.Aliases...), other.Hash)
	kept.History = dedupe(history, kept.Hash)
	choice := "local"
	if keepRemote {
		choice = "merged"
	}
	return kept, Event{Time: now, Kind: EventStatus, Old: string(kept.Status), New: string(kept.Status), Detail: "conflict resolved: kept the " + choice + " version", Who: who}
}

// Reindex copies into the record the answers at paths (IndexAnswers).
func Reindex(iv *Interview, paths []string, answers map[string]Answer) {
	iv.Index = nil
	for _, p := range paths {
		if a, ok := answers[p]; ok {
			if iv.Index == nil {
				iv.Index = map[string]string{}
			}
			iv.Index[p] = a.Value
		}
	}
}

// SetAnswersSum keeps in the record the sum of its answers' digests,
// which its content digest is made from.
func SetAnswersSum(iv *Interview, answers map[string]Answer) { iv.Sum = sumOf(answers).String() }

// MaxHistory bounds the digests an interview remembers (maxHistory).
const MaxHistory = maxHistory

// KeyedHash digests personal identifiers keyed with a study's secret
// (the pii_key setting, in hex): equal identifiers give equal digests,
// and an identifier cannot be recovered from its digest without the key.
func KeyedHash(hexKey, where string) (func(string) string, error) {
	if hexKey == "" {
		return nil, fmt.Errorf("%s has no key for hashing identifiers: open it once with siap to add one", where)
	}
	key, err := hex.DecodeString(hexKey)
	if err != nil {
		return nil, fmt.Errorf("%s: the key for hashing identifiers is damaged", where)
	}
	return func(v string) string {
		m := hmac.New(sha256.New, key)
		m.Write([]byte(v))
		return hex.EncodeToString(m.Sum(nil)[:12])
	}, nil
}

// AddCount moves counts by n interviews like iv (n is 1 or -1).
func (c *Counts) AddCount(iv Interview, n int) { c.add(iv, n) }

package store

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// ErrOtherTeam is returned when a supervisor asks for, or decides on, an
// interview taken by someone outside their team.
var ErrOtherTeam = errors.New("not an interview of your team")

// ErrHeadquartersOnly is returned for what concerns the whole study
// (its questionnaire, its settings, verifying it) asked through a team.
var ErrHeadquartersOnly = errors.New("only headquarters may do this")

// Team is the interviews of some interviewers only, as a supervisor on a
// server sees them: every list, count and stream passes their
// interviews alone, and reading or writing another's interview by its id
// is refused with ErrOtherTeam before anything is written. It is itself
// an Interviews, so that every screen and export made for the whole data
// works on a team unchanged.
type Team struct {
	all          Interviews
	interviewers []string
}

var _ Interviews = (*Team)(nil)

// OnlyTeam narrows interviews to those the interviewers took. The names
// are compared as an interview records its interviewer.
func OnlyTeam(all Interviews, interviewers []string) *Team {
	return &Team{all: all, interviewers: slices.Clone(interviewers)}
}

// Interviewers are the team's names.
func (t *Team) Interviewers() []string { return slices.Clone(t.interviewers) }

func (t *Team) has(iv Interview) bool { return slices.Contains(t.interviewers, iv.Interviewer) }

// OtherTeamError names the interview refused and the team asked for.
type OtherTeamError struct {
	ID   string
	Team []string
}

func (e *OtherTeamError) Error() string {
	return fmt.Sprintf("interview %s was not taken by your team (%s): nothing was read or written", e.ID, strings.Join(e.Team, ", "))
}

func (e *OtherTeamError) Unwrap() error { return ErrOtherTeam }

// check reads an interview's record and refuses it when it is not the
// team's. An interview the data does not hold is ErrNotFound, as
// without a team.
func (t *Team) check(id string) (Interview, error) {
	iv, err := t.all.Interview(id)
	if err != nil {
		return iv, err
	}
	if !t.has(iv) {
		return Interview{}, &OtherTeamError{ID: id, Team: t.Interviewers()}
	}
	return iv, nil
}

// Location is where all the interviews are kept.
func (t *Team) Location() string { return t.all.Location() }

// Close leaves the interviews open: the team is a view of them, and who
// opened them closes them.
func (t *Team) Close() error { return nil }

// AddForm is headquarters': a team takes the study's questionnaire.
func (t *Team) AddForm(FormSource) (string, error) {
	return "", fmt.Errorf("adding a questionnaire: %w", ErrHeadquartersOnly)
}

// Form and CurrentForm are the study's, which the team's interviews are
// read with.
func (t *Team) Form(key string) (FormSource, error) { return t.all.Form(key) }

func (t *Team) CurrentForm() (FormSource, error) { return t.all.CurrentForm() }

// Setting and SetSetting are refused: the settings are the server's
// (its keys, its users), none a team's screens read.
func (t *Team) Setting(key string) (string, error) {
	return "", fmt.Errorf("reading the setting %s: %w", key, ErrHeadquartersOnly)
}

func (t *Team) SetSetting(key, _ string) error {
	return fmt.Errorf("changing the setting %s: %w", key, ErrHeadquartersOnly)
}

// EachSetting and DeleteSettings are refused as Setting is.
func (t *Team) EachSetting(prefix string, _ func(key, value string) error) error {
	return fmt.Errorf("reading the settings %s: %w", prefix, ErrHeadquartersOnly)
}

func (t *Team) DeleteSettings(keys ...string) error {
	return fmt.Errorf("removing the settings %s: %w", strings.Join(keys, ", "), ErrHeadquartersOnly)
}

// KeyedHasher digests identifiers as for the whole study, so that a
// team's export finds the same duplicates.
func (t *Team) KeyedHasher() (func(string) string, error) { return t.all.KeyedHasher() }

// Verify checks the whole data, which is headquarters' to do.
func (t *Team) Verify() (Report, error) {
	return Report{}, fmt.Errorf("verifying the data: %w", ErrHeadquartersOnly)
}

// Create adds a draft taken by one of the team.
func (t *Team) Create(iv Interview, changes []Change) (Interview, error) {
	if !t.has(iv) {
		return Interview{}, &OtherTeamError{ID: iv.ID, Team: t.Interviewers()}
	}
	return t.all.Create(iv, changes)
}

func (t *Team) Save(id string, changes []Change, events ...Event) error {
	if _, err := t.check(id); err != nil {
		return err
	}
	return t.all.Save(id, changes, events...)
}

func (t *Team) Log(id string, events ...Event) error {
	if _, err := t.check(id); err != nil {
		return err
	}
	return t.all.Log(id, events...)
}

func (t *Team) SetStatus(id string, status Status, who, comment string) error {
	if _, err := t.check(id); err != nil {
		return err
	}
	return t.all.SetStatus(id, status, who, comment)
}

func (t *Team) SetNote(id, path, text, who string) error {
	if _, err := t.check(id); err != nil {
		return err
	}
	return t.all.SetNote(id, path, text, who)
}

func (t *Team) Interview(id string) (Interview, error) { return t.check(id) }

func (t *Team) Record(id string) (Record, error) {
	if _, err := t.check(id); err != nil {
		return Record{}, err
	}
	return t.all.Record(id)
}

func (t *Team) Answers(id string) (map[string]Answer, error) {
	if _, err := t.check(id); err != nil {
		return nil, err
	}
	return t.all.Answers(id)
}

func (t *Team) Values(id string) (map[string]string, error) {
	if _, err := t.check(id); err != nil {
		return nil, err
	}
	return t.all.Values(id)
}

func (t *Team) Events(id string, fn func(Event) error) error {
	if _, err := t.check(id); err != nil {
		return err
	}
	return t.all.Events(id, fn)
}

func (t *Team) EachInterview(fn func(Interview) error) error {
	return t.all.EachInterview(func(iv Interview) error {
		if !t.has(iv) {
			return nil
		}
		return fn(iv)
	})
}

func (t *Team) Each(fn func(Interview, map[string]string) error) error {
	return t.all.Each(func(iv Interview, vals map[string]string) error {
		if !t.has(iv) {
			return nil
		}
		return fn(iv, vals)
	})
}

func (t *Team) EachRecord(withEvents bool, fn func(Record) error) error {
	return t.all.EachRecord(withEvents, func(r Record) error {
		if !t.has(r.Interview) {
			return nil
		}
		return fn(r)
	})
}

// Counts counts the team's interviews from their records (no answer is
// read): the counts kept for the whole data are of everyone's.
// Counts are the team's alone, so the storage's kept counts do not
// serve: they are summed from the team's facts rows (status and the
// indexed answers, small rows) when every interview has them, else from
// the team's records.
func (t *Team) Counts() (Counts, error) {
	var c Counts
	c.add(Interview{}, 0)
	each := t.EachInterview
	if key, err := t.all.FactsKey(); err == nil && key != "" {
		each = t.EachFacts
	}
	err := each(func(iv Interview) error {
		c.add(iv, 1)
		return nil
	})
	return c, err
}

func (t *Team) IndexAnswers(paths ...string) error { return t.all.IndexAnswers(paths...) }

// Import brings in the team's interviews; a record of another's ends
// the import, whose one transaction then writes nothing.
func (t *Team) Import(from RecordSource, opts ...ImportOptions) (MergeResult, error) {
	return t.all.Import(func(fn func(Record) error) error {
		return from(func(r Record) error {
			if !t.has(r.Interview) {
				return &OtherTeamError{ID: r.Interview.ID, Team: t.Interviewers()}
			}
			return fn(r)
		})
	}, opts...)
}

// Conflicts are those of the team's interviews.
func (t *Team) Conflicts() ([]Conflict, error) {
	all, err := t.all.Conflicts()
	return slices.DeleteFunc(all, func(c Conflict) bool { return !t.has(c.Local.Interview) }), err
}

func (t *Team) ResolveConflict(id, remoteHash string, keepRemote bool, who string) error {
	if _, err := t.check(id); err != nil {
		return err
	}
	return t.all.ResolveConflict(id, remoteHash, keepRemote, who)
}

// SetIndexer and FactsKey are the whole data's: the facts are kept for
// every interview, and a team reads its own.
func (t *Team) SetIndexer(ix Indexer, progress func(done, total int)) error {
	return t.all.SetIndexer(ix, progress)
}

func (t *Team) FactsKey() (string, error) { return t.all.FactsKey() }

// EachFacts passes the facts of the team's interviews alone.
func (t *Team) EachFacts(fn func(Interview) error) error {
	return t.all.EachFacts(func(iv Interview) error {
		if !t.has(iv) {
			return nil
		}
		return fn(iv)
	})
}

// SharedIdentifiers counts the keyed hashes that two or more of the
// team's interviews share, from their facts, as reading the team's
// answers would: an interview of another team is neither counted nor
// told of.
func (t *Team) SharedIdentifiers() (*SharedHashes, error) {
	return sharedAmong(func(yield func([]IdentifierHash) error) error {
		return t.EachFacts(func(iv Interview) error {
			if iv.Facts == nil {
				return nil
			}
			return yield(iv.Facts.IDs)
		})
	})
}

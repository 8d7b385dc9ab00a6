package store

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Status is where an interview is in its life, as the data file keeps it.
type Status string

// Interview statuses.
const (
	Draft     Status = "draft"
	Completed Status = "completed"
	Approved  Status = "approved"
	Rejected  Status = "rejected" // sent back by a supervisor, to be corrected
	Refused   Status = "refused"  // consent not given: only metadata and the refusal are kept
)

// Statuses lists every status, in lifecycle order.
var Statuses = []Status{Draft, Completed, Approved, Rejected, Refused}

// Finished are the statuses of interviews that count: completed, and
// approved by a supervisor. Exports, summaries and progress take these
// unless asked for others.
var Finished = []Status{Completed, Approved}

// Editable reports whether the interviewer may still change the
// interview: a draft, or one sent back.
func (s Status) Editable() bool { return s == Draft || s == Rejected }

// ParseStatuses reads a comma-separated list of statuses, as a flag
// gives them; "" is none.
func ParseStatuses(list string) ([]Status, error) {
	if list == "" {
		return nil, nil
	}
	var out []Status
	for _, x := range strings.Split(list, ",") {
		s := Status(strings.TrimSpace(x))
		if !slices.Contains(Statuses, s) {
			return nil, fmt.Errorf("%q is not a status (%s)", s, JoinStatuses(Statuses, ", "))
		}
		out = append(out, s)
	}
	return out, nil
}

// JoinStatuses writes statuses one after the other, separated by sep.
func JoinStatuses(list []Status, sep string) string {
	names := make([]string, len(list))
	for i, s := range list {
		names[i] = string(s)
	}
	return strings.Join(names, sep)
}

// Interview is one interview's record, without its answers.
type Interview struct {
	ID          string    `json:"id"` // "uuid:...", as ODK's instanceID
	FormKey     string    `json:"form_key"`
	FormID      string    `json:"form_id"`
	FormVersion string    `json:"form_version"`
	Interviewer string    `json:"interviewer"`
	DeviceID    string    `json:"device_id"`
	Status      Status    `json:"status"`
	Created     time.Time `json:"created"`
	Updated     time.Time `json:"updated"`
	Revision    int       `json:"revision"` // counts every saved change
	Language    string    `json:"language"`
	Simulated   bool      `json:"simulated,omitempty"`
	Comment     string    `json:"comment,omitempty"` // the supervisor's, when sent back or approved
	// Position is the path of the question shown last, where the
	// interview resumes.
	Position string `json:"position,omitempty"`
	// Hash is a digest of the interview's content (answers, status,
	// comment); History holds the digests it had before, oldest first.
	// Merging compares them to tell a newer version from a conflict.
	Hash    string   `json:"hash,omitempty"`
	History []string `json:"history,omitempty"`
	// Aliases are other digests of the present content: the format-1
	// digest of an interview migrated since it last changed.
	Aliases []string `json:"aliases,omitempty"`
	// Sum is the additive digest of the answers the content digest is
	// made from, kept so that a save updates it without reading every
	// answer.
	Sum string `json:"sum,omitempty"`
	// Notes are comments on questions, by answer path.
	Notes map[string]Note `json:"notes,omitempty"`
	// Index holds the answers to the questions the file indexes
	// (IndexAnswers), kept current on every save, so that screens that
	// count or list interviews read no answers.
	Index map[string]string `json:"index,omitempty"`
	// Facts are what the file's Indexer made of the interview for the
	// screens that list and count interviews (SetIndexer), kept current
	// by every write of the record, in a row of their own (EachFacts).
	Facts *Facts `json:"-"`
}

// Note is a comment on one question of an interview.
type Note struct {
	Text string    `json:"text"`
	By   string    `json:"by"`
	Time time.Time `json:"time"`
}

// Answer is one stored answer.
type Answer struct {
	Value   string    `json:"v"`
	Changed time.Time `json:"t"`
}

// Event kinds in an interview's paradata.
const (
	EventOpened    = "opened"
	EventClosed    = "closed"
	EventShown     = "shown"     // a question was shown
	EventSet       = "set"       // first answer
	EventChanged   = "changed"   // answer changed (Old and New)
	EventCleared   = "cleared"   // answer removed
	EventLanguage  = "language"  // language switched (New)
	EventConfirmed = "confirmed" // an unusual answer kept after the warning (New)
	EventNote      = "note"      // a note on a question written, changed or removed (Old, New)
	EventCompleted = "completed"
	EventReopened  = "reopened" // a completed interview taken back by its interviewer before it went to a supervisor
	EventStatus    = "status"   // status changed by someone (Old, New, Detail = comment)
)

// Event is one entry of an interview's paradata, an append-only log.
type Event struct {
	Time   time.Time `json:"t"` // UTC
	Kind   string    `json:"k"`
	Path   string    `json:"p,omitempty"`
	Old    string    `json:"o,omitempty"`
	New    string    `json:"n,omitempty"`
	Detail string    `json:"d,omitempty"`
	Who    string    `json:"w,omitempty"`
}

// Change is one answer to save: a new value, or a removal.
type Change struct {
	Path    string
	Value   string
	Removed bool
}

// FormSource is a questionnaire as its bytes, kept so that interviews
// stay readable after the form changes.
type FormSource struct {
	Key     string `json:"key"`
	ID      string `json:"id"`
	Version string `json:"version"`
	Name    string `json:"name"` // file name, whose extension says its format
	Data    []byte `json:"data"`
	// Files are the files beside the form it takes choices from, by name.
	Files map[string][]byte `json:"files,omitempty"`
	Added time.Time         `json:"added"`
}

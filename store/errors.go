package store

import (
	"errors"
	"fmt"
	"strings"
)

// The kinds of failure a person is told of in their language. The store
// words each in English (Error); the command line
// (internal/cli/messages.go) and the screens (survey/text.go) word them
// again in Bahasa Indonesia and English from the kind and what it
// concerns. ErrNotFound, ErrInUse, ErrWrongPassphrase and the others
// declared beside the code that returns them are kinds too.
var (
	ErrNotAFile     = errors.New("is a folder, not a file")
	ErrNoFile       = errors.New("does not exist")
	ErrNotSiapFile  = errors.New("is not a siap data file")
	ErrNewerFormat  = errors.New("was written by a newer siap")
	ErrPermission   = errors.New("permission denied")
	ErrReadOnlyDisk = errors.New("is on a read-only disk")
	ErrOtherForm    = errors.New("holds interviews of another form")
	ErrNotEncrypted = errors.New("is not encrypted")
	ErrSameFile     = errors.New("is the data file itself")
	ErrNoForm       = errors.New("has no questionnaire")
	// ErrDamagedInterviews is a reading of every interview that left out
	// those it could not read (DamagedInterviewsError); the others were read.
	ErrDamagedInterviews = errors.New("interviews could not be read")
)

// Kinds lists every kind of Error, for the tests that ask the command
// line and the screens to word each.
var Kinds = []error{
	ErrNotFound, ErrInUse, ErrWrongPassphrase, ErrPassphraseNeeded, ErrDamaged,
	ErrEmptyWithBackups, ErrIsPack, ErrPlainRefused, ErrPackNotForYou, ErrNoSupervisorKey,
	ErrBadPublicKey, ErrNotAFile, ErrNoFile, ErrNotSiapFile, ErrNewerFormat,
	ErrPermission, ErrReadOnlyDisk, ErrOtherForm, ErrNotEncrypted, ErrSameFile, ErrNoForm, ErrDamagedInterviews,
}

// Error is a failure of one of the Kinds with what it concerns: the file
// (a data file, pack or backup) and, when one, the interview, form or
// backup named by Key. It never holds an answer, a name or a NIK, so it
// may be shown and logged.
type Error struct {
	Kind error  // one of Kinds
	Path string // the file concerned
	Key  string // an interview id, a form id or a backup's path; "" for none
	err  error  // the English words, wrapping the cause
}

// Error is the store's English wording, with the cause.
func (e *Error) Error() string { return e.err.Error() }

// Unwrap is the English wording, which wraps the cause.
func (e *Error) Unwrap() error { return e.err }

// Is makes errors.Is(err, kind) true for an Error of that kind.
func (e *Error) Is(target error) bool { return target == e.Kind }

// failure is an Error of a kind, worded in English as fmt.Errorf words
// format and args (%w wraps a cause).
func failure(kind error, path, key, format string, args ...any) error {
	return &Error{Kind: kind, Path: path, Key: key, err: fmt.Errorf(format, args...)}
}

// Describe finds in err the failure of a known kind a person must be
// told of, with the file and key it concerns; false when err holds none.
func Describe(err error) (*Error, bool) {
	var e *Error
	if errors.As(err, &e) {
		return e, true
	}
	var d *DamagedError
	if errors.As(err, &d) {
		return &Error{Kind: ErrDamaged, Path: d.Path, err: d}, true
	}
	var di *DamagedInterviewsError
	if errors.As(err, &di) {
		return &Error{Kind: ErrDamagedInterviews, Path: di.Path, Key: strings.Join(di.IDs, ", "), err: di}, true
	}
	var nfy *NotForYouError
	if errors.As(err, &nfy) {
		return &Error{Kind: ErrPackNotForYou, Path: nfy.Path, Key: strings.Join(nfy.To, ", "), err: nfy}, true
	}
	return nil, false
}

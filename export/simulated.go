package export

import (
	"errors"
	"slices"

	"siap/store"
)

// Simulated says whether an export or a summary takes simulated
// interviews. Exports and summaries, on the command line and on the
// screens, follow this one rule.
type Simulated uint8

const (
	// SimulatedWhenNoOthers takes simulated interviews only while the
	// file has no real ones of the statuses taken: a training file, or a
	// new study before fieldwork, exports and summarises its simulated
	// interviews; once real ones come in, simulated ones are left out.
	SimulatedWhenNoOthers Simulated = iota
	IncludeSimulated
	ExcludeSimulated
)

// errRealFound ends a scan at the first real interview.
var errRealFound = errors.New("a real interview")

// Takes reports whether, under the rule, simulated interviews with one of
// statuses are taken from the file.
func (r Simulated) Takes(st store.Interviews, statuses []store.Status) (bool, error) {
	switch r {
	case IncludeSimulated:
		return true, nil
	case ExcludeSimulated:
		return false, nil
	}
	// The records say it: no answer is read.
	err := st.EachInterview(func(iv store.Interview) error {
		if !iv.Simulated && slices.Contains(statuses, iv.Status) {
			return errRealFound
		}
		return nil
	})
	if errors.Is(err, errRealFound) {
		return false, nil
	}
	return err == nil, err
}

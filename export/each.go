package export

import "siap/store"

// EachWithEvents calls fn with every interview, its answers as plain
// values and its paradata, reading the file once, front to back: one
// interview is in memory at a time, and the pages of paradata read are
// handed back with the rest.
func EachWithEvents(st store.Interviews, fn func(iv store.Interview, vals map[string]string, events []store.Event) error) error {
	return st.EachRecord(true, func(r store.Record) error {
		vals := make(map[string]string, len(r.Answers))
		for p, a := range r.Answers {
			vals[p] = a.Value
		}
		return fn(r.Interview, vals, r.Events)
	})
}

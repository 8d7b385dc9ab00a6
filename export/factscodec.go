package export

import (
	"encoding/binary"
	"errors"
	"maps"
	"slices"
	"time"

	"siap/store"
)

// Facts are kept in a compact binary form: every screen that lists or
// counts interviews reads those of every interview, so that reading them
// must cost far less than reading the record they are kept in. Maps are
// written in the order of their keys, so that an interview's facts are
// the same bytes however it was written (siap verify compares them).
//
// Numbers are kept as store.AppendNumber keeps them (a whole number in a
// byte or a varint, a float32 when exact, else 8 bytes), and times other
// than the first session's start from it, so that the facts of the
// shipped form take about 120 bytes, not 230.
//
//	version 3
//	flags (open, seen, computed)
//	sessions: total ns, start (Unix ns), last, latest (timeFrom start)
//	start, end, by, answered
//	shown: n × (path, timeFrom start)
//	fast: n × (path, seconds, minimum)
//	confirmed: n × (path, n × value)
//	straight: n × (start, run, value)
//	soft: n × (path, value)
//	indicators: met, n × number or none, n × group
const factsFormat = 3

const (
	flagOpen = 1 << iota
	flagSeen
	flagComputed
)

var errFactsDamaged = errors.New("facts record is damaged")

func (f *facts) encode() []byte {
	b := make([]byte, 0, 128)
	s := f.Sessions
	var flags byte
	if s.Open {
		flags |= flagOpen
	}
	if s.Seen {
		flags |= flagSeen
	}
	if f.Computed {
		flags |= flagComputed
	}
	b = append(b, factsFormat, flags)
	b = binary.AppendVarint(b, int64(s.Total))
	b = store.AppendTime(b, s.Start)
	base := baseOf(s.Start)
	b = appendTimeFrom(appendTimeFrom(b, s.Last, base), s.Latest, base)
	b = store.AppendString(store.AppendString(b, f.Start), f.End)
	b = binary.AppendUvarint(store.AppendString(b, f.By), uint64(f.Answered))
	b = binary.AppendUvarint(b, uint64(len(f.Shown)))
	for _, p := range slices.Sorted(maps.Keys(f.Shown)) {
		b = appendTimeFrom(store.AppendString(b, p), f.Shown[p], base)
	}
	b = binary.AppendUvarint(b, uint64(len(f.Fast)))
	for _, a := range f.Fast {
		b = store.AppendNumber(store.AppendNumber(store.AppendString(b, a.Path), &a.Seconds), &a.Minimum)
	}
	b = binary.AppendUvarint(b, uint64(len(f.Confirmed)))
	for _, p := range slices.Sorted(maps.Keys(f.Confirmed)) {
		b = binary.AppendUvarint(store.AppendString(b, p), uint64(len(f.Confirmed[p])))
		for _, v := range f.Confirmed[p] {
			b = store.AppendString(b, v)
		}
	}
	b = binary.AppendUvarint(b, uint64(len(f.Straight)))
	for _, r := range f.Straight {
		b = store.AppendString(binary.AppendUvarint(store.AppendString(b, r.Start), uint64(r.Run)), r.Value)
	}
	b = binary.AppendUvarint(b, uint64(len(f.Soft)))
	for _, p := range slices.Sorted(maps.Keys(f.Soft)) {
		b = store.AppendString(store.AppendString(b, p), f.Soft[p])
	}
	ind := f.Indicators
	b = store.AppendString(b, ind.Met)
	b = binary.AppendUvarint(b, uint64(len(ind.Numbers)))
	for _, n := range ind.Numbers {
		b = store.AppendNumber(b, n)
	}
	b = binary.AppendUvarint(b, uint64(len(ind.Groups)))
	for _, g := range ind.Groups {
		b = binary.AppendUvarint(b, uint64(g))
	}
	return b
}

// baseOf is what times are kept from: the first session's start, in
// Unix nanoseconds, 0 when there is none.
func baseOf(start time.Time) int64 {
	if start.IsZero() {
		return 0
	}
	return start.UnixNano()
}

// appendTimeFrom writes a time as its distance from base, zig-zagged
// and plus one; 0 is no time.
func appendTimeFrom(b []byte, t time.Time, base int64) []byte {
	if t.IsZero() {
		return append(b, 0)
	}
	d := t.UnixNano() - base
	return binary.AppendUvarint(b, uint64(d<<1^d>>63)+1)
}

// timeFrom reads what appendTimeFrom wrote.
func timeFrom(r *store.RecordReader, base int64) time.Time {
	u := r.Uvarint()
	if u == 0 {
		return time.Time{}
	}
	u--
	return time.Unix(0, base+(int64(u>>1)^-int64(u&1))).UTC()
}

func decodeFacts(data []byte) (facts, error) {
	var f facts
	r := store.NewRecordReader(data)
	if r.Byte() != factsFormat {
		return f, errFactsDamaged
	}
	s := &f.Sessions
	flags := r.Byte()
	s.Open, s.Seen, f.Computed = flags&flagOpen != 0, flags&flagSeen != 0, flags&flagComputed != 0
	s.Total = time.Duration(r.Varint())
	s.Start = r.Time()
	base := baseOf(s.Start)
	s.Last = timeFrom(r, base)
	s.Latest = timeFrom(r, base)
	f.Start, f.End = r.String(), r.String()
	f.By, f.Answered = r.String(), int(r.Uvarint())
	if n := r.Count(); n > 0 {
		f.Shown = make(map[string]time.Time, n)
		for range n {
			p := r.String()
			f.Shown[p] = timeFrom(r, base)
		}
	}
	number := func() float64 {
		x, ok := r.Number()
		if !ok {
			r.Fail()
		}
		return x
	}
	for n := r.Count(); n > 0; n-- {
		f.Fast = append(f.Fast, fastAnswer{Path: r.String(), Seconds: number(), Minimum: number()})
	}
	if n := r.Count(); n > 0 {
		f.Confirmed = make(map[string][]string, n)
		for range n {
			p := r.String()
			for m := r.Count(); m > 0; m-- {
				f.Confirmed[p] = append(f.Confirmed[p], r.String())
			}
		}
	}
	for n := r.Count(); n > 0; n-- {
		f.Straight = append(f.Straight, straightRun{Start: r.String(), Run: int(r.Uvarint()), Value: r.String()})
	}
	if n := r.Count(); n > 0 {
		f.Soft = make(map[string]string, n)
		for range n {
			p := r.String()
			f.Soft[p] = r.String()
		}
	}
	f.Indicators.Met = r.String()
	if n := r.Count(); n > 0 {
		f.Indicators.Numbers = make([]*float64, n)
		for i := range n {
			if x, ok := r.Number(); ok {
				f.Indicators.Numbers[i] = &x
			}
		}
	}
	if n := r.Count(); n > 0 {
		f.Indicators.Groups = make([]int, n)
		for i := range n {
			f.Indicators.Groups[i] = int(r.Uvarint())
		}
	}
	if r.Err() != nil || r.Rest() != 0 || flags >= flagComputed<<1 {
		return facts{}, errFactsDamaged
	}
	return f, nil
}

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
//	version 2
//	sessions: total ns, start, last, latest (Unix ns), flags (open, seen, computed)
//	start, end, by, answered
//	shown: n × (path, time)
//	fast: n × (path, seconds, minimum)
//	confirmed: n × (path, n × value)
//	straight: n × (start, run, value)
//	soft: n × (path, value)
//	indicators: met, n × (0 | 1 number), n × group
const factsFormat = 2

const (
	flagOpen = 1 << iota
	flagSeen
	flagComputed
)

var errFactsDamaged = errors.New("facts record is damaged")

func (f *facts) encode() []byte {
	b := []byte{factsFormat}
	s := f.Sessions
	b = binary.AppendVarint(b, int64(s.Total))
	for _, t := range []time.Time{s.Start, s.Last, s.Latest} {
		b = store.AppendTime(b, t)
	}
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
	b = append(b, flags)
	b = store.AppendString(store.AppendString(b, f.Start), f.End)
	b = binary.AppendUvarint(store.AppendString(b, f.By), uint64(f.Answered))
	b = binary.AppendUvarint(b, uint64(len(f.Shown)))
	for _, p := range slices.Sorted(maps.Keys(f.Shown)) {
		b = store.AppendTime(store.AppendString(b, p), f.Shown[p])
	}
	b = binary.AppendUvarint(b, uint64(len(f.Fast)))
	for _, a := range f.Fast {
		b = store.AppendFloat(store.AppendFloat(store.AppendString(b, a.Path), a.Seconds), a.Minimum)
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
		if n == nil {
			b = append(b, 0)
			continue
		}
		b = store.AppendFloat(append(b, 1), *n)
	}
	b = binary.AppendUvarint(b, uint64(len(ind.Groups)))
	for _, g := range ind.Groups {
		b = binary.AppendUvarint(b, uint64(g))
	}
	return b
}

func decodeFacts(data []byte) (facts, error) {
	var f facts
	r := store.NewRecordReader(data)
	if r.Byte() != factsFormat {
		return f, errFactsDamaged
	}
	s := &f.Sessions
	s.Total = time.Duration(r.Varint())
	s.Start, s.Last, s.Latest = r.Time(), r.Time(), r.Time()
	flags := r.Byte()
	s.Open, s.Seen, f.Computed = flags&flagOpen != 0, flags&flagSeen != 0, flags&flagComputed != 0
	f.Start, f.End = r.String(), r.String()
	f.By, f.Answered = r.String(), int(r.Uvarint())
	if n := r.Count(); n > 0 {
		f.Shown = make(map[string]time.Time, n)
		for range n {
			p := r.String()
			f.Shown[p] = r.Time()
		}
	}
	for n := r.Count(); n > 0; n-- {
		f.Fast = append(f.Fast, fastAnswer{Path: r.String(), Seconds: r.Float(), Minimum: r.Float()})
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
			if r.Byte() == 1 {
				x := r.Float()
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
	if r.Err() != nil || r.Rest() != 0 {
		return facts{}, errFactsDamaged
	}
	return f, nil
}

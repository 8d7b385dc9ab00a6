package export

import (
	"encoding/binary"
	"errors"
	"maps"
	"math"
	"slices"
	"time"
)

// Facts are kept in a compact binary form: every screen that lists or
// counts interviews reads those of every interview, so that reading them
// must cost far less than reading the record they are kept in. Maps are
// written in the order of their keys, so that an interview's facts are
// the same bytes however it was written (siap verify compares them).
//
//	version 1
//	sessions: total ns, start, last, latest (Unix ns), flags (open, seen, computed)
//	start, end
//	shown: n × (path, time)
//	fast: n × (path, seconds, minimum)
//	confirmed: n × (path, n × value)
//	straight: n × (start, run, value)
//	soft: n × (path, value)
//	indicators: met, n × (0 | 1 number), n × group
const factsFormat = 1

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
		b = appendTime(b, t)
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
	b = appendString(appendString(b, f.Start), f.End)
	b = binary.AppendUvarint(b, uint64(len(f.Shown)))
	for _, p := range slices.Sorted(maps.Keys(f.Shown)) {
		b = appendTime(appendString(b, p), f.Shown[p])
	}
	b = binary.AppendUvarint(b, uint64(len(f.Fast)))
	for _, a := range f.Fast {
		b = appendFloat(appendFloat(appendString(b, a.Path), a.Seconds), a.Minimum)
	}
	b = binary.AppendUvarint(b, uint64(len(f.Confirmed)))
	for _, p := range slices.Sorted(maps.Keys(f.Confirmed)) {
		b = binary.AppendUvarint(appendString(b, p), uint64(len(f.Confirmed[p])))
		for _, v := range f.Confirmed[p] {
			b = appendString(b, v)
		}
	}
	b = binary.AppendUvarint(b, uint64(len(f.Straight)))
	for _, r := range f.Straight {
		b = appendString(binary.AppendUvarint(appendString(b, r.Start), uint64(r.Run)), r.Value)
	}
	b = binary.AppendUvarint(b, uint64(len(f.Soft)))
	for _, p := range slices.Sorted(maps.Keys(f.Soft)) {
		b = appendString(appendString(b, p), f.Soft[p])
	}
	ind := f.Indicators
	b = appendString(b, ind.Met)
	b = binary.AppendUvarint(b, uint64(len(ind.Numbers)))
	for _, n := range ind.Numbers {
		if n == nil {
			b = append(b, 0)
			continue
		}
		b = appendFloat(append(b, 1), *n)
	}
	b = binary.AppendUvarint(b, uint64(len(ind.Groups)))
	for _, g := range ind.Groups {
		b = binary.AppendUvarint(b, uint64(g))
	}
	return b
}

func decodeFacts(data []byte) (facts, error) {
	var f facts
	r := factsReader{b: data}
	if r.byte() != factsFormat {
		return f, errFactsDamaged
	}
	s := &f.Sessions
	s.Total = time.Duration(r.varint())
	s.Start, s.Last, s.Latest = r.time(), r.time(), r.time()
	flags := r.byte()
	s.Open, s.Seen, f.Computed = flags&flagOpen != 0, flags&flagSeen != 0, flags&flagComputed != 0
	f.Start, f.End = r.string(), r.string()
	if n := r.count(); n > 0 {
		f.Shown = make(map[string]time.Time, n)
		for range n {
			p := r.string()
			f.Shown[p] = r.time()
		}
	}
	for n := r.count(); n > 0; n-- {
		f.Fast = append(f.Fast, fastAnswer{Path: r.string(), Seconds: r.float(), Minimum: r.float()})
	}
	if n := r.count(); n > 0 {
		f.Confirmed = make(map[string][]string, n)
		for range n {
			p := r.string()
			for m := r.count(); m > 0; m-- {
				f.Confirmed[p] = append(f.Confirmed[p], r.string())
			}
		}
	}
	for n := r.count(); n > 0; n-- {
		f.Straight = append(f.Straight, straightRun{Start: r.string(), Run: int(r.uvarint()), Value: r.string()})
	}
	if n := r.count(); n > 0 {
		f.Soft = make(map[string]string, n)
		for range n {
			p := r.string()
			f.Soft[p] = r.string()
		}
	}
	f.Indicators.Met = r.string()
	if n := r.count(); n > 0 {
		f.Indicators.Numbers = make([]*float64, n)
		for i := range n {
			if r.byte() == 1 {
				x := r.float()
				f.Indicators.Numbers[i] = &x
			}
		}
	}
	if n := r.count(); n > 0 {
		f.Indicators.Groups = make([]int, n)
		for i := range n {
			f.Indicators.Groups[i] = int(r.uvarint())
		}
	}
	if r.err != nil || len(r.b) != 0 {
		return facts{}, errFactsDamaged
	}
	return f, nil
}

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

func appendFloat(b []byte, x float64) []byte {
	return binary.LittleEndian.AppendUint64(b, math.Float64bits(x))
}

// appendTime writes a time as Unix nanoseconds, 0 for none.
func appendTime(b []byte, t time.Time) []byte {
	if t.IsZero() {
		return binary.AppendVarint(b, 0)
	}
	return binary.AppendVarint(b, t.UnixNano())
}

// factsReader reads what encode wrote; past a fault every read gives
// zero and err says so.
type factsReader struct {
	b   []byte
	err error
}

func (r *factsReader) fail() { r.err, r.b = errFactsDamaged, nil }

func (r *factsReader) byte() byte {
	if len(r.b) == 0 {
		r.fail()
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

func (r *factsReader) uvarint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *factsReader) varint() int64 {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

// count is a number of items, none of which takes less than a byte.
func (r *factsReader) count() int {
	n := r.uvarint()
	if n > uint64(len(r.b)) {
		r.fail()
		return 0
	}
	return int(n)
}

func (r *factsReader) string() string {
	n := r.count()
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}

func (r *factsReader) float() float64 {
	if len(r.b) < 8 {
		r.fail()
		return 0
	}
	x := math.Float64frombits(binary.LittleEndian.Uint64(r.b))
	r.b = r.b[8:]
	return x
}

func (r *factsReader) time() time.Time {
	n := r.varint()
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n).UTC()
}

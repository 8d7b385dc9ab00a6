package store

import (
	"bytes"
	"encoding/binary"
	"io"
	"slices"
	"sync"
	"time"

	"github.com/klauspost/compress/flate"
)

// The answers of an interview and each batch of its paradata are stored
// as compact binary records (since format 2): varint numbers, length-prefixed
// strings, times as offsets from a base time. JSON spent half of an
// answer on its RFC 3339 time and repeated every field name; this holds
// a simulated interview of the shipped form in about a fifth of the
// space. Records past compressAbove bytes are deflated.
//
// Times are kept to the millisecond, as ODK's audit log keeps them
// (stampTime): an offset as nanoseconds took 5 to 6 bytes that deflate
// cannot shrink, an offset in milliseconds 2 to 4 (appendOffset). Records
// written before keep their offsets in nanoseconds; the record's format
// byte says which (offsetsInMillis).

// Record formats, the first byte of a record before it is sealed.
const (
	recordRaw      = 1
	recordDeflated = 2
	// offsetsInMillis, set in a record's format byte, says that its times
	// are offsets as appendOffset writes them, not nanoseconds.
	offsetsInMillis = 0x40
)

// compressAbove is the size past which a record is deflated: smaller
// ones (one answer's event) gain nothing.
const compressAbove = 256

// maxRecord bounds what a record may claim to hold once inflated, so
// that a crafted value cannot exhaust memory.
const maxRecord = 16 << 20

var errRecordDamaged error = wordedError{Wording{"rekaman rusak", "record is damaged"}}

// eventKinds are the kinds an event stores as one byte; any other kind
// is stored by name after a zero.
var eventKinds = []string{"", EventOpened, EventClosed, EventShown, EventSet, EventChanged, EventCleared, EventLanguage, EventConfirmed, EventNote, EventCompleted, EventStatus}

// Which optional fields an event has, one bit each.
const (
	evPath = 1 << iota
	evOld
	evNew
	evDetail
	evWho
)

// encodeAnswers lays out answers sorted by path, their times relative to
// base.
func encodeAnswers(answers map[string]Answer, base time.Time) []byte {
	paths := make([]string, 0, len(answers))
	size := 16
	for p, a := range answers {
		paths = append(paths, p)
		size += len(p) + len(a.Value) + 8
	}
	slices.Sort(paths)
	b := make([]byte, 0, size)
	b = binary.AppendVarint(b, base.UnixNano())
	b = binary.AppendUvarint(b, uint64(len(paths)))
	for _, p := range paths {
		a := answers[p]
		b = appendString(b, p)
		b = appendString(b, a.Value)
		b = appendOffset(b, a.Changed.UnixNano()-base.UnixNano())
	}
	return packTimedRecord(b)
}

// decodeAnswers reads what encodeAnswers wrote.
func decodeAnswers(data []byte) (map[string]Answer, error) {
	plain, millis, err := unpackTimed(data)
	if err != nil {
		return nil, err
	}
	r := newReader(plain)
	r.millis = millis
	base := r.varint()
	n := r.uvarint()
	if n > uint64(len(plain)) {
		return nil, errRecordDamaged
	}
	out := make(map[string]Answer, n)
	for range n {
		p, v, t := r.str(), r.str(), r.offset()
		if r.err != nil {
			break
		}
		out[p] = Answer{Value: v, Changed: time.Unix(0, base+t).UTC()}
	}
	if r.err != nil || len(r.b) != 0 {
		return nil, errRecordDamaged
	}
	return out, nil
}

// answerChange is one answer set or removed by a save.
type answerChange struct {
	Path    string
	Answer  Answer
	Removed bool
}

// encodeChanges lays out the answers one save changed.
func encodeChanges(changes []answerChange, base time.Time) []byte {
	b := make([]byte, 0, 16+32*len(changes))
	b = binary.AppendVarint(b, base.UnixNano())
	b = binary.AppendUvarint(b, uint64(len(changes)))
	for _, c := range changes {
		b = appendString(b, c.Path)
		if c.Removed {
			b = append(b, 1)
			continue
		}
		b = appendString(append(b, 0), c.Answer.Value)
		b = appendOffset(b, c.Answer.Changed.UnixNano()-base.UnixNano())
	}
	return packTimedRecord(b)
}

// applyChanges applies what encodeChanges wrote to answers.
func applyChanges(data []byte, answers map[string]Answer) error {
	plain, millis, err := unpackTimed(data)
	if err != nil {
		return err
	}
	r := reader{b: plain, millis: millis}
	base := r.varint()
	n := r.uvarint()
	if n > uint64(len(plain)) {
		return errRecordDamaged
	}
	for range n {
		p := r.str()
		switch r.byte() {
		case 1:
			delete(answers, p)
		case 0:
			v, t := r.str(), r.offset()
			answers[p] = Answer{Value: v, Changed: time.Unix(0, base+t).UTC()}
		default:
			return errRecordDamaged
		}
		if r.err != nil {
			return errRecordDamaged
		}
	}
	if len(r.b) != 0 {
		return errRecordDamaged
	}
	return nil
}

// encodeEvents lays out a batch of events, each time relative to the
// one before.
func encodeEvents(events []Event) []byte {
	b := make([]byte, 0, 16+32*len(events))
	b = binary.AppendUvarint(b, uint64(len(events)))
	var prev int64
	for _, e := range events {
		t := e.Time.UnixNano()
		if k := slices.Index(eventKinds, e.Kind); k > 0 {
			b = append(b, byte(k))
		} else {
			b = appendString(append(b, 0), e.Kind)
		}
		b = appendOffset(b, t-prev)
		prev = t
		var flags byte
		fields := []string{e.Path, e.Old, e.New, e.Detail, e.Who}
		for i, f := range fields {
			if f != "" {
				flags |= 1 << i
			}
		}
		b = append(b, flags)
		for _, f := range fields {
			if f != "" {
				b = appendString(b, f)
			}
		}
	}
	return packTimedRecord(b)
}

// decodeEvents reads what encodeEvents wrote, calling fn with each event.
func decodeEvents(data []byte, fn func(Event) error) error {
	plain, millis, err := unpackTimed(data)
	if err != nil {
		return err
	}
	r := newReader(plain)
	r.millis = millis
	n := r.uvarint()
	if n > uint64(len(plain)) {
		return errRecordDamaged
	}
	var prev int64
	for range n {
		var e Event
		k := r.byte()
		if k == 0 {
			e.Kind = r.str()
		} else if int(k) < len(eventKinds) {
			e.Kind = eventKinds[k]
		} else {
			return errRecordDamaged
		}
		prev += r.offset()
		e.Time = time.Unix(0, prev).UTC()
		flags := r.byte()
		if flags&evPath != 0 {
			e.Path = r.str()
		}
		if flags&evOld != 0 {
			e.Old = r.str()
		}
		if flags&evNew != 0 {
			e.New = r.str()
		}
		if flags&evDetail != 0 {
			e.Detail = r.str()
		}
		if flags&evWho != 0 {
			e.Who = r.str()
		}
		if r.err != nil {
			return errRecordDamaged
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	if len(r.b) != 0 {
		return errRecordDamaged
	}
	return nil
}

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

// reader takes a record apart, remembering the first error.
type reader struct {
	b   []byte
	err error
	// text, when set, is the record read (b is its end) as one string,
	// which the strings read are cut from: a record of many strings costs
	// one copy, not one each.
	text string
	// millis says that the record's times are offsets as appendOffset
	// writes them.
	millis bool
}

// newReader reads a record whose strings are cut from one copy of it.
func newReader(record []byte) reader { return reader{b: record, text: string(record)} }

func (r *reader) fail() { r.err, r.b = errRecordDamaged, nil }

func (r *reader) uvarint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) varint() int64 {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

// stampTime is a time as the file keeps it: to the millisecond.
func stampTime(t time.Time) time.Time { return t.Truncate(time.Millisecond) }

// appendOffset appends a time offset in nanoseconds: a whole number of
// milliseconds as twice that number, anything else as 1 followed by the
// nanoseconds, so that every offset reads back as it was.
func appendOffset(b []byte, nanos int64) []byte {
	if nanos%int64(time.Millisecond) == 0 {
		return binary.AppendVarint(b, nanos/int64(time.Millisecond)*2)
	}
	return binary.AppendVarint(binary.AppendVarint(b, 1), nanos)
}

// offset reads a time offset in nanoseconds, as the record keeps them.
func (r *reader) offset() int64 {
	if !r.millis {
		return r.varint()
	}
	return r.millisOffset()
}

// millisOffset reads what appendOffset wrote.
func (r *reader) millisOffset() int64 {
	v := r.varint()
	switch {
	case v == 1:
		return r.varint()
	case v%2 != 0:
		r.fail()
		return 0
	}
	return v / 2 * int64(time.Millisecond)
}

func (r *reader) byte() byte {
	if len(r.b) == 0 {
		r.fail()
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

func (r *reader) str() string {
	n := r.uvarint()
	if n > uint64(len(r.b)) {
		r.fail()
		return ""
	}
	var s string
	if r.text != "" {
		at := len(r.text) - len(r.b)
		s = r.text[at : at+int(n)]
	} else {
		s = string(r.b[:n])
	}
	r.b = r.b[n:]
	return s
}

// deflateLevel is the level records are deflated at: the answers and
// paradata of an interview of the shipped form take 7% less than at
// flate.BestSpeed, for about 5 µs more per interview written.
const deflateLevel = 6

var (
	deflaters = sync.Pool{New: func() any { w, _ := flate.NewWriter(nil, deflateLevel); return w }}
	inflaters = sync.Pool{New: func() any { return flate.NewReader(bytes.NewReader(nil)) }}
)

// packTimedRecord is packRecord for a record whose times appendOffset
// wrote.
func packTimedRecord(plain []byte) []byte {
	b := packRecord(plain)
	b[0] |= offsetsInMillis
	return b
}

// unpackTimed undoes packTimedRecord, and packRecord for records written
// before; millis says whether the times are offsets as appendOffset
// writes them.
func unpackTimed(data []byte) (plain []byte, millis bool, err error) {
	if len(data) == 0 {
		return nil, false, errRecordDamaged
	}
	millis = data[0]&offsetsInMillis != 0
	plain, err = unpackAs(data[0]&^offsetsInMillis, data[1:])
	return plain, millis, err
}

// packRecord prefixes a record with its format, deflating it when that pays.
func packRecord(plain []byte) []byte {
	if len(plain) > compressAbove {
		var buf bytes.Buffer
		buf.Grow(len(plain)/2 + 16)
		buf.WriteByte(recordDeflated)
		var size [binary.MaxVarintLen64]byte
		buf.Write(size[:binary.PutUvarint(size[:], uint64(len(plain)))])
		w := deflaters.Get().(*flate.Writer)
		w.Reset(&buf)
		w.Write(plain)
		w.Close()
		deflaters.Put(w)
		if buf.Len() < len(plain) {
			return buf.Bytes()
		}
	}
	return append([]byte{recordRaw}, plain...)
}

// unpack undoes packRecord.
func unpack(data []byte) ([]byte, error) {
	if len(data) == 0 {
		return nil, errRecordDamaged
	}
	return unpackAs(data[0], data[1:])
}

// unpackAs undoes packRecord for a record of a format, given what follows
// the format byte.
func unpackAs(format byte, data []byte) ([]byte, error) {
	switch format {
	case recordRaw:
		return data, nil
	case recordDeflated:
		size, n := binary.Uvarint(data)
		if n <= 0 || size > maxRecord {
			return nil, errRecordDamaged
		}
		r := inflaters.Get().(io.ReadCloser)
		defer inflaters.Put(r)
		r.(flate.Resetter).Reset(bytes.NewReader(data[n:]), nil)
		out := make([]byte, size)
		if _, err := io.ReadFull(r, out); err != nil {
			return nil, errRecordDamaged
		}
		return out, nil
	}
	return nil, errRecordDamaged
}

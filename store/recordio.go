package store

import (
	"encoding/binary"
	"math"
	"time"
)

// RecordReader takes apart a compact binary record of the kind the store
// writes (encoding.go): varint numbers, length-prefixed strings, floats
// as 8 little-endian bytes, times as Unix nanoseconds. Past a fault every
// read gives zero and Err says so. Other packages' records (export's
// facts) are read with it, so that there is one reader.
type RecordReader struct{ r reader }

// NewRecordReader reads record from its start.
func NewRecordReader(record []byte) *RecordReader {
	return &RecordReader{r: newReader(record)}
}

// ScanRecord reads record in place, for a reader that wants a few of its
// values: nothing is copied until asked for (String copies each string;
// Skip and Bytes copy none). The record must not change meanwhile.
func ScanRecord(record []byte) RecordReader {
	return RecordReader{r: reader{b: record}}
}

// Err is the first fault met, nil if none.
func (r *RecordReader) Err() error { return r.r.err }

// Rest is how many bytes are left unread.
func (r *RecordReader) Rest() int { return len(r.r.b) }

func (r *RecordReader) Byte() byte      { return r.r.byte() }
func (r *RecordReader) Uvarint() uint64 { return r.r.uvarint() }
func (r *RecordReader) Varint() int64   { return r.r.varint() }
func (r *RecordReader) String() string  { return r.r.str() }
func (r *RecordReader) Count() int      { return r.r.count() }
func (r *RecordReader) Float() float64  { return r.r.float() }
func (r *RecordReader) Time() time.Time { return r.r.time() }

// Skip passes over a string without reading it.
func (r *RecordReader) Skip() { r.Bytes() }

// Bytes reads a string as the record's own bytes, not copied.
func (r *RecordReader) Bytes() []byte {
	n := r.r.uvarint()
	if n > uint64(len(r.r.b)) {
		r.r.fail()
		return nil
	}
	b := r.r.b[:n:n]
	r.r.b = r.r.b[n:]
	return b
}

// count reads a number of items, none of which takes less than a byte:
// one larger than what is left is a fault.
func (r *reader) count() int {
	n := r.uvarint()
	if n > uint64(len(r.b)) {
		r.fail()
		return 0
	}
	return int(n)
}

func (r *reader) float() float64 {
	if len(r.b) < 8 {
		r.fail()
		return 0
	}
	x := math.Float64frombits(binary.LittleEndian.Uint64(r.b))
	r.b = r.b[8:]
	return x
}

// time reads what AppendTime wrote.
func (r *reader) time() time.Time {
	n := r.varint()
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n).UTC()
}

// AppendString writes a length-prefixed string, as RecordReader.String
// reads it.
func AppendString(b []byte, s string) []byte { return appendString(b, s) }

// AppendFloat writes a float as RecordReader.Float reads it.
func AppendFloat(b []byte, x float64) []byte {
	return binary.LittleEndian.AppendUint64(b, math.Float64bits(x))
}

// AppendTime writes a time as Unix nanoseconds, 0 for none, as
// RecordReader.Time reads it.
func AppendTime(b []byte, t time.Time) []byte {
	if t.IsZero() {
		return binary.AppendVarint(b, 0)
	}
	return binary.AppendVarint(b, t.UnixNano())
}

// A number (AppendNumber) is kept in the fewest bytes that give it back
// exactly: a whole number as a varint (in its tag byte alone when it is
// below numberSmallCount), else as a float32 when that is exact, else
// its 8 bytes; none is its tag byte alone.
const (
	numberNone = iota
	numberFloat64
	numberFloat32
	numberInt
	numberSmall
)

// numberSmallCount whole numbers from 0 are kept in their tag byte.
const numberSmallCount = 256 - numberSmall

// AppendNumber writes x, or none when x is nil, as RecordReader.Number
// reads it.
func AppendNumber(b []byte, x *float64) []byte {
	if x == nil {
		return append(b, numberNone)
	}
	v := *x
	switch {
	case v == math.Trunc(v) && math.Abs(v) <= 1<<53 && !(v == 0 && math.Signbit(v)):
		if v >= 0 && v < numberSmallCount {
			return append(b, numberSmall+byte(v))
		}
		return binary.AppendVarint(append(b, numberInt), int64(v))
	case float64(float32(v)) == v:
		return binary.LittleEndian.AppendUint32(append(b, numberFloat32), math.Float32bits(float32(v)))
	}
	return AppendFloat(append(b, numberFloat64), v)
}

// Number reads what AppendNumber wrote; ok is false for none.
func (r *RecordReader) Number() (x float64, ok bool) { return r.r.number() }

func (r *reader) number() (float64, bool) {
	switch tag := r.byte(); {
	case tag >= numberSmall:
		return float64(tag - numberSmall), true
	case tag == numberInt:
		return float64(r.varint()), r.err == nil
	case tag == numberFloat32:
		if len(r.b) < 4 {
			r.fail()
			return 0, false
		}
		x := math.Float32frombits(binary.LittleEndian.Uint32(r.b))
		r.b = r.b[4:]
		return float64(x), true
	case tag == numberFloat64:
		x := r.float()
		return x, r.err == nil
	}
	return 0, false
}

// Fail marks the record damaged: what a reader finds wrong in it.
func (r *RecordReader) Fail() { r.r.fail() }

package store

import (
	"encoding/binary"
	"encoding/hex"
	"maps"
	"slices"
	"time"
)

// An interview's record (its header: everything but its answers,
// paradata and facts) is kept as a binary record of format
// recordBinary: the fields in a fixed order behind a word of flags
// saying which optional ones follow, digests as their bytes rather than
// hex, the canonical "uuid:" id as its 16 bytes, times as seconds and
// milliseconds (or nanoseconds). JSON spent a record of the shipped form's 355 bytes on
// field names, hex and RFC 3339 times; this holds it in about 180.
// Records of earlier siaps (JSON, formats recordRaw and recordDeflated)
// are still read; every record written is binary.
//
//	recordBinary, then packRecord of:
//	flags, id, form key, form id, form version, interviewer, device,
//	status, created, updated (from created), revision, language,
//	then, as flags say: comment, position, hash, history, aliases, sum,
//	notes (path, text, by, time), index (name, value)
const recordBinary = 3

// Which optional fields a binary record holds, one bit each.
const (
	hdSimulated = 1 << iota
	hdComment
	hdPosition
	hdHash
	hdHistory
	hdAliases
	hdSum
	hdNotes
	hdIndex
)

// encodeRecord lays out an interview's record; deflate says whether it
// is deflated when that pays (bulk writes), or left raw (a save).
func encodeRecord(iv *Interview, deflate bool) []byte {
	var flags uint64
	set := func(bit uint64, on bool) {
		if on {
			flags |= bit
		}
	}
	set(hdSimulated, iv.Simulated)
	set(hdComment, iv.Comment != "")
	set(hdPosition, iv.Position != "")
	set(hdHash, iv.Hash != "")
	set(hdHistory, len(iv.History) > 0)
	set(hdAliases, len(iv.Aliases) > 0)
	set(hdSum, iv.Sum != "")
	set(hdNotes, len(iv.Notes) > 0)
	set(hdIndex, len(iv.Index) > 0)

	b := make([]byte, 0, 256)
	b = binary.AppendUvarint(b, flags)
	b = appendText(b, iv.ID)
	b = appendText(b, iv.FormKey)
	b = appendString(b, iv.FormID)
	b = appendString(b, iv.FormVersion)
	b = appendString(b, iv.Interviewer)
	b = appendString(b, iv.DeviceID)
	b = appendStatus(b, iv.Status)
	b = appendExactTime(b, iv.Created, 0)
	b = appendExactTime(b, iv.Updated, iv.Created.Unix())
	b = binary.AppendVarint(b, int64(iv.Revision))
	b = appendString(b, iv.Language)
	if flags&hdComment != 0 {
		b = appendString(b, iv.Comment)
	}
	if flags&hdPosition != 0 {
		b = appendString(b, iv.Position)
	}
	if flags&hdHash != 0 {
		b = appendText(b, iv.Hash)
	}
	for _, list := range [][]string{iv.History, iv.Aliases} {
		if len(list) == 0 {
			continue
		}
		b = binary.AppendUvarint(b, uint64(len(list)))
		for _, d := range list {
			b = appendText(b, d)
		}
	}
	if flags&hdSum != 0 {
		b = appendText(b, iv.Sum)
	}
	if flags&hdNotes != 0 {
		b = binary.AppendUvarint(b, uint64(len(iv.Notes)))
		for _, p := range slices.Sorted(maps.Keys(iv.Notes)) {
			n := iv.Notes[p]
			b = appendString(appendString(appendString(b, p), n.Text), n.By)
			b = appendExactTime(b, n.Time, iv.Created.Unix())
		}
	}
	if flags&hdIndex != 0 {
		b = appendIndex(b, iv.Index)
	}
	if deflate {
		return append([]byte{recordBinary}, packRecord(b)...)
	}
	return append(append(make([]byte, 0, len(b)+2), recordBinary, recordRaw), b...)
}

// decodeRecord reads what encodeRecord wrote, after its format byte.
func decodeRecord(data []byte, iv *Interview) error {
	plain, err := unpack(data)
	if err != nil {
		return err
	}
	r := newReader(plain)
	flags := r.uvarint()
	if flags >= hdIndex<<1 {
		return errRecordDamaged
	}
	iv.ID = r.shortText()
	iv.FormKey = r.shortText()
	iv.FormID, iv.FormVersion, iv.Interviewer, iv.DeviceID = r.str(), r.str(), r.str(), r.str()
	iv.Status = r.status()
	iv.Created = r.exactTime(0)
	iv.Updated = r.exactTime(iv.Created.Unix())
	iv.Revision = int(r.varint())
	iv.Language = r.str()
	iv.Simulated = flags&hdSimulated != 0
	if flags&hdComment != 0 {
		iv.Comment = r.str()
	}
	if flags&hdPosition != 0 {
		iv.Position = r.str()
	}
	if flags&hdHash != 0 {
		iv.Hash = r.shortText()
	}
	// Lists and maps flagged yet empty read as none, as written.
	texts := func() []string {
		n := r.count()
		if n == 0 {
			return nil
		}
		out := make([]string, 0, n)
		for range n {
			out = append(out, r.shortText())
		}
		return out
	}
	if flags&hdHistory != 0 {
		iv.History = texts()
	}
	if flags&hdAliases != 0 {
		iv.Aliases = texts()
	}
	if flags&hdSum != 0 {
		iv.Sum = r.shortText()
	}
	if flags&hdNotes != 0 {
		n := r.count()
		if n > 0 {
			iv.Notes = make(map[string]Note, n)
		}
		for range n {
			p := r.str()
			iv.Notes[p] = Note{Text: r.str(), By: r.str(), Time: r.exactTime(iv.Created.Unix())}
		}
	}
	if flags&hdIndex != 0 {
		iv.Index = r.index()
	}
	if r.err != nil || len(r.b) != 0 {
		return errRecordDamaged
	}
	return nil
}

// appendIndex writes an interview's indexed answers (Interview.Index),
// in the order of their names.
func appendIndex(b []byte, index map[string]string) []byte {
	b = binary.AppendUvarint(b, uint64(len(index)))
	for _, k := range slices.Sorted(maps.Keys(index)) {
		b = appendString(appendString(b, k), index[k])
	}
	return b
}

// index reads what appendIndex wrote; none is nil.
func (r *reader) index() map[string]string {
	n := r.count()
	if n == 0 {
		return nil
	}
	index := make(map[string]string, n)
	for range n {
		k := r.str()
		index[k] = r.str()
	}
	return index
}

// Ways a text is kept (appendText): as it is, as the bytes its
// lower-case hex spells, or as the 16 bytes of a canonical "uuid:" id.
const (
	textString = iota
	textHex
	textUUID
)

// appendText writes a string that is often a digest in hex or an
// interview's id in its shortest exact form.
func appendText(b []byte, s string) []byte {
	if u, ok := uuidBytes(s); ok {
		return append(append(b, textUUID), u[:]...)
	}
	if h, ok := hexBytes(s); ok {
		return append(binary.AppendUvarint(append(b, textHex), uint64(len(h))), h...)
	}
	return appendString(append(b, textString), s)
}

// shortText reads what appendText wrote.
func (r *reader) shortText() string {
	switch r.byte() {
	case textString:
		return r.str()
	case textHex:
		n := r.uvarint()
		if n > uint64(len(r.b)) {
			r.fail()
			return ""
		}
		s := hex.EncodeToString(r.b[:n])
		r.b = r.b[n:]
		return s
	case textUUID:
		if len(r.b) < 16 {
			r.fail()
			return ""
		}
		s := uuidString(r.b[:16])
		r.b = r.b[16:]
		return s
	}
	r.fail()
	return ""
}

// hexBytes decodes s when it is lower-case hex that encodes back to s.
func hexBytes(s string) ([]byte, bool) {
	if s == "" || len(s)%2 != 0 {
		return nil, false
	}
	for i := range len(s) {
		if c := s[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return nil, false
		}
	}
	h, err := hex.DecodeString(s)
	return h, err == nil
}

const uuidPrefix = "uuid:"

// uuidBytes decodes an id of the form "uuid:" and 36 lower-case
// characters (8-4-4-4-12 hex digits), the form ODK gives instanceID.
func uuidBytes(s string) (u [16]byte, ok bool) {
	if len(s) != len(uuidPrefix)+36 || s[:len(uuidPrefix)] != uuidPrefix {
		return u, false
	}
	s = s[len(uuidPrefix):]
	if s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-' {
		return u, false
	}
	h, ok := hexBytes(s[:8] + s[9:13] + s[14:18] + s[19:23] + s[24:])
	if !ok {
		return u, false
	}
	copy(u[:], h)
	return u, true
}

func uuidString(u []byte) string {
	h := hex.EncodeToString(u)
	return uuidPrefix + h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// statuses are the statuses kept as one byte; any other is kept by name
// after a zero.
var statuses = []Status{"", Draft, Completed, Approved, Rejected, Refused}

func appendStatus(b []byte, s Status) []byte {
	if i := slices.Index(statuses, s); i > 0 {
		return append(b, byte(i))
	}
	return appendString(append(b, 0), string(s))
}

func (r *reader) status() Status {
	i := r.byte()
	if i == 0 {
		return Status(r.str())
	}
	if int(i) >= len(statuses) {
		r.fail()
		return ""
	}
	return statuses[i]
}

// Ways a time is kept (appendExactTime), with the instant and the
// offset from UTC that JSON kept of it.
const (
	timeZero = iota
	timeUTC
	timeOffset
)

// appendExactTime writes a time as the zero time, or as seconds from
// base and nanoseconds (as appendOffset keeps them: in two bytes when
// whole milliseconds, as the file's times are), with its offset from UTC
// when it has one: what JSON's RFC 3339 kept, in any year.
func appendExactTime(b []byte, t time.Time, base int64) []byte {
	if t.IsZero() {
		return append(b, timeZero)
	}
	if _, off := t.Zone(); off != 0 {
		b = binary.AppendVarint(append(b, timeOffset), int64(off))
	} else {
		b = append(b, timeUTC)
	}
	b = binary.AppendVarint(b, t.Unix()-base)
	return appendOffset(b, int64(t.Nanosecond()))
}

// exactTime reads what appendExactTime wrote, as JSON would have given
// it back: in UTC, in the local zone when its offset is the local
// one's then, else at a fixed offset.
func (r *reader) exactTime(base int64) time.Time {
	var off int64
	switch r.byte() {
	case timeZero:
		return time.Time{}
	case timeUTC:
	case timeOffset:
		if off = r.varint(); off == 0 || off <= -24*3600 || off >= 24*3600 {
			r.fail()
			return time.Time{}
		}
	default:
		r.fail()
		return time.Time{}
	}
	sec, nsec := r.varint(), r.millisOffset()
	if nsec < 0 || nsec >= 1e9 || r.err != nil {
		r.fail()
		return time.Time{}
	}
	t := time.Unix(sec+base, int64(nsec))
	if off == 0 {
		return t.UTC()
	}
	if _, local := t.Zone(); int64(local) == off {
		return t
	}
	return t.In(time.FixedZone("", int(off)))
}

package store

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"maps"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// fullInterview has every field of a record set, several in forms the
// binary record keeps specially (a canonical id, hex digests, a time at
// an offset) and others in forms it must keep as they are.
func fullInterview() Interview {
	created := time.Date(2026, 11, 24, 9, 0, 0, 123456789, time.UTC)
	wib := time.FixedZone("", 7*3600)
	return Interview{
		ID:          "uuid:4d3702ab-db9c-4f2d-8687-5cef6aa89761",
		FormKey:     "2e301836ceb1ee76ba23384f6cf9d26526168d0d32ca7d8bfb1fab41c46943cc",
		FormID:      "bansos_digital_readiness",
		FormVersion: "2026.11",
		Interviewer: "Ani Rahmawati",
		DeviceID:    "siap-50e8fa5a-429c",
		Status:      Rejected,
		Created:     created,
		Updated:     created.Add(19*time.Minute + 7).In(wib),
		Revision:    37,
		Language:    "Bahasa Indonesia (id)",
		Simulated:   true,
		Comment:     "umur tidak cocok ✓",
		Position:    "members[2]/age",
		Hash:        "1afa65dbc09101640d10d89f1f44f236",
		History:     []string{"00ff", "ABCDEF", "not hex", ""},
		Aliases:     []string{"1afa65dbc09101640d10d89f1f44f237"},
		Sum:         "1ec6fa8ea533a4e76e2eed6bf865c62845ef208ead539264283ec17f273e4c11",
		Notes: map[string]Note{
			"members[2]/age": {Text: "tanya lagi", By: "supervisor", Time: created.Add(time.Hour)},
			"city":           {Text: "", By: "", Time: time.Time{}},
		},
		Index: map[string]string{"city": "medan", "empty": ""},
	}
}

func TestBinaryRecordRoundTrip(t *testing.T) {
	full := fullInterview()
	tests := []struct {
		name string
		edit func(*Interview)
	}{
		{"every field", func(*Interview) {}},
		{"nothing but an id", func(iv *Interview) { *iv = Interview{ID: "x"} }},
		{"an empty id", func(iv *Interview) { *iv = Interview{} }},
		{"an id not of ODK's form", func(iv *Interview) { iv.ID = "uuid:4D3702AB-DB9C-4F2D-8687-5CEF6AA89761" }},
		{"an id with a bad dash", func(iv *Interview) { iv.ID = "uuid:4d3702ab-db9c-4f2d-8687_5cef6aa89761" }},
		{"a status of a newer siap", func(iv *Interview) { iv.Status = "archived" }},
		{"no status", func(iv *Interview) { iv.Status = "" }},
		{"a negative revision", func(iv *Interview) { iv.Revision = -3 }},
		{"updated before created", func(iv *Interview) { iv.Updated = iv.Created.Add(-48 * time.Hour) }},
		{"times far from now", func(iv *Interview) {
			iv.Created = time.Date(1, 1, 1, 0, 0, 0, 1, time.UTC)
			iv.Updated = time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC)
		}},
		{"no created time", func(iv *Interview) { iv.Created = time.Time{} }},
		{"times to the millisecond, as the file keeps them", func(iv *Interview) {
			iv.Created, iv.Updated = stampTime(iv.Created), stampTime(iv.Updated)
		}},
		{"an odd hex digest", func(iv *Interview) { iv.Hash = "abc" }},
		{"a long comment", func(iv *Interview) { iv.Comment = strings.Repeat("periksa lagi ", 100) }},
		{"bytes that are not UTF-8", func(iv *Interview) { iv.Language = "\xff\xfe" }},
	}
	for _, tt := range tests {
		for _, deflate := range []bool{false, true} {
			t.Run(tt.name, func(t *testing.T) {
				iv := full
				tt.edit(&iv)
				var got Interview
				if err := readHeader(encodeRecord(&iv, deflate), &got); err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, iv) {
					t.Errorf("read back\n got %+v\nwant %+v", got, iv)
				}
			})
		}
	}
}

// TestBinaryRecordReadsAsJSONDid: a record reads back as the JSON record
// of an earlier siap did, times at their offset included, so that
// nothing a reader shows changes with the format.
func TestBinaryRecordReadsAsJSONDid(t *testing.T) {
	iv := fullInterview()
	iv.History = nil // JSON kept it, binary too; both read it alike
	js, err := json.Marshal(iv)
	if err != nil {
		t.Fatal(err)
	}
	var fromJSON, fromBinary Interview
	for _, format := range []byte{recordRaw, recordDeflated} {
		plain := append([]byte{recordRaw}, js...)
		if format == recordDeflated {
			plain = packRecord(js)
		}
		if err := readHeader(plain, &fromJSON); err != nil {
			t.Fatalf("a JSON record of format %d: %v", format, err)
		}
	}
	if err := readHeader(encodeRecord(&iv, false), &fromBinary); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(fromBinary, fromJSON) {
		t.Errorf("binary record\n got %+v\nJSON %+v", fromBinary, fromJSON)
	}
	if b := len(encodeRecord(&iv, false)); b*2 > len(js) {
		t.Errorf("binary record of %d bytes, JSON %d: not half", b, len(js))
	}
}

// FuzzReadHeader: whatever bytes a damaged or crafted record holds, it
// reads as an interview or an error, never a panic.
func FuzzReadHeader(f *testing.F) {
	iv := fullInterview()
	f.Add(encodeRecord(&iv, false))
	f.Add(encodeRecord(&iv, true))
	js, _ := json.Marshal(iv)
	f.Add(append([]byte{recordRaw}, js...))
	f.Add([]byte{recordBinary, recordDeflated, 0xff, 0xff, 0xff, 0xff, 0x0f})
	f.Fuzz(func(t *testing.T, data []byte) {
		var got Interview
		if readHeader(data, &got) != nil || len(data) == 0 || data[0] != recordBinary {
			return
		}
		// What reads writes again and reads back the same.
		var again Interview
		if err := readHeader(encodeRecord(&got, false), &again); err != nil || !reflect.DeepEqual(again, got) {
			t.Errorf("%+v read back as %+v (%v)", got, again, err)
		}
	})
}

func TestRevisionRowRoundTrip(t *testing.T) {
	s := Store{codec: plainCodec{}}
	seq := seqKey(7)
	for _, r := range []revision{
		{ID: "uuid:4d3702ab-db9c-4f2d-8687-5cef6aa89761", Revision: 37, Hash: "1afa65dbc09101640d10d89f1f44f236", Logged: [3]uint32{0, 1, 4294967295}},
		{ID: "an id of another form", Revision: -1, Hash: "not hex"},
		{},
	} {
		data, err := s.encodeRevision(seq, r)
		if err != nil {
			t.Fatal(err)
		}
		var got revision
		if err := s.decodeRevision(seq, data, &got); err != nil || got != r {
			t.Errorf("%+v read back as %+v (%v)", r, got, err)
		}
		// As an earlier siap wrote it.
		old, _ := s.encode(bucketRevisions, seq, r)
		got = revision{}
		err = s.decodeRevision(seq, old, &got)
		if !got.fromJSON {
			t.Errorf("%+v in JSON is not told to be written again", r)
		}
		if got.fromJSON = false; err != nil || got != r {
			t.Errorf("%+v in JSON read back as %+v (%v)", r, got, err)
		}
		if len(data)*2 > len(old) {
			t.Errorf("%+v: binary row of %d bytes, JSON %d", r, len(data), len(old))
		}
	}
}

// FuzzReadRevision: a revision row reads as one or as an error, never a
// panic.
func FuzzReadRevision(f *testing.F) {
	f.Add([]byte{revisionFormat, textUUID})
	f.Add([]byte(`{"id":"a","revision":1,"hash":"b","logged":[1,2,3]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var r revision
		readRevision(data, &r)
	})
}

func TestFactsRowRoundTrip(t *testing.T) {
	iv := fullInterview()
	iv.Updated = iv.Updated.UTC()
	iv.Facts = &Facts{Key: "facts/2 " + strings.Repeat("ab", 32), Data: []byte{1, 2, 3}, IDs: []IdentifierHash{
		{Question: "nik", Hash: "0c8a6cc788148d1137a92fe7"}, {Question: "phone", Hash: "not hex"},
	}}
	// What a facts row holds of the record.
	head := func(iv Interview) Interview {
		return Interview{ID: iv.ID, Interviewer: iv.Interviewer, Status: iv.Status, Simulated: iv.Simulated,
			Created: iv.Created, Updated: iv.Updated, Index: iv.Index, Facts: iv.Facts}
	}
	known := printOf(iv.Facts.Key)
	other := printOf("facts/3 another questionnaire")
	tests := []struct {
		name         string
		wrote, reads factsPrint
		key          string
	}{
		{"under the file's Indexer", known, known, iv.Facts.Key},
		{"by a database, without one", factsPrint{}, known, iv.Facts.Key},
		{"read under another Indexer", known, other, unknownFactsKey + hex.EncodeToString(known.print[:])},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			row := encodeFactsRow(iv, tt.wrote)
			var got Interview
			if err := readFactsRow(row, &got, tt.reads); err != nil {
				t.Fatal(err)
			}
			want := head(iv)
			want.Facts = &Facts{Key: tt.key, Data: iv.Facts.Data, IDs: iv.Facts.IDs}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("read back\n got %+v %+v\nwant %+v %+v", got, got.Facts, want, want.Facts)
			}
			// Facts of an unknown key are written back as they were.
			if again := encodeFactsRow(got, tt.reads); !bytes.Equal(again, row) && tt.wrote == known {
				t.Errorf("written again as\n%q\nnot\n%q", again, row)
			}
			var h Interview
			if r := readFactsHead(row, &h, false); r.err != nil || !reflect.DeepEqual(h, head(Interview{ID: iv.ID, Interviewer: iv.Interviewer, Status: iv.Status, Simulated: true, Created: iv.Created, Updated: iv.Updated, Index: iv.Index})) {
				t.Errorf("head %+v (%v)", h, r.err)
			}
		})
	}
	if row := encodeFactsRow(iv, known); len(row) > len(encodeFactsRowV1(iv))-100 {
		t.Errorf("a facts row of %d bytes, of format 1 %d", len(row), len(encodeFactsRowV1(iv)))
	}
	// Times to the millisecond, as the file keeps them.
	stamped := iv
	stamped.Created, stamped.Updated = stampTime(iv.Created), stampTime(iv.Updated)
	var back Interview
	if err := readFactsRow(encodeFactsRow(stamped, known), &back, known); err != nil || !reflect.DeepEqual(back, head(stamped)) {
		t.Errorf("a row of times to the millisecond read back as %+v (%v)", back, err)
	}
	// A row of format 1, as an earlier siap wrote it.
	var got Interview
	if err := readFactsRow(encodeFactsRowV1(iv), &got, known); err != nil || !got.Facts.oldRow {
		t.Fatalf("a row of format 1: %v, told to be written again: %v", err, got.Facts != nil && got.Facts.oldRow)
	}
	got.Facts.oldRow = false
	if want := head(iv); !reflect.DeepEqual(got, want) {
		t.Errorf("a row of format 1 read back\n got %+v\nwant %+v", got, want)
	}
}

// encodeFactsRowV1 is how siap wrote facts rows before format 2.
func encodeFactsRowV1(iv Interview) []byte {
	b := []byte{factsRowV1}
	for _, s := range []string{iv.ID, iv.Interviewer, string(iv.Status)} {
		b = appendString(b, s)
	}
	simulated := byte(0)
	if iv.Simulated {
		simulated = 1
	}
	b = append(b, simulated)
	b = binary.AppendVarint(b, iv.Created.UnixNano())
	b = binary.AppendVarint(b, iv.Updated.UnixNano())
	b = binary.AppendUvarint(b, uint64(len(iv.Index)))
	for _, k := range slices.Sorted(maps.Keys(iv.Index)) {
		b = appendString(appendString(b, k), iv.Index[k])
	}
	f := iv.Facts
	b = appendString(b, f.Key)
	b = appendString(b, string(f.Data))
	b = binary.AppendUvarint(b, uint64(len(f.IDs)))
	for _, id := range f.IDs {
		b = appendString(appendString(b, id.Question), id.Hash)
	}
	return b
}

// FuzzReadFactsRow: a facts row reads as one or as an error, never a
// panic.
func FuzzReadFactsRow(f *testing.F) {
	iv := fullInterview()
	iv.Facts = &Facts{Key: "k", Data: []byte("d"), IDs: []IdentifierHash{{Question: "nik", Hash: "00ff"}}}
	known := printOf("k")
	f.Add(encodeFactsRow(iv, known))
	f.Add(encodeFactsRow(iv, factsPrint{}))
	f.Add(encodeFactsRowV1(iv))
	f.Fuzz(func(t *testing.T, data []byte) {
		var got Interview
		readFactsRow(data, &got, known)
		readFactsHead(data, &got, false)
	})
}

func TestNumbersKeptExactly(t *testing.T) {
	for _, tt := range []struct {
		x     float64
		bytes int
	}{
		{0, 1}, {1, 1}, {251, 1}, {252, 3}, {-1, 2}, {1 << 53, 9}, {-(1 << 53), 9},
		{1<<53 + 2, 9}, {1 << 60, 5}, {3.5, 5}, {0.1, 9}, {3.85, 9}, {1e300, 9}, {5e-324, 9},
		{math.Copysign(0, -1), 5}, {math.Inf(1), 5}, {math.Inf(-1), 5}, {math.NaN(), 9},
		{math.Float64frombits(0x7ff8000000000001), 9},
	} {
		b := AppendNumber(nil, &tt.x)
		r := ScanRecord(b)
		got, ok := r.Number()
		if !ok || math.Float64bits(got) != math.Float64bits(tt.x) || r.Rest() != 0 || r.Err() != nil {
			t.Errorf("%v (%x) read back as %v (%x), %v", tt.x, math.Float64bits(tt.x), got, math.Float64bits(got), ok)
		}
		if len(b) != tt.bytes {
			t.Errorf("%v kept in %d bytes, want %d", tt.x, len(b), tt.bytes)
		}
	}
	r := ScanRecord(AppendNumber(nil, nil))
	if _, ok := r.Number(); ok || r.Err() != nil || r.Rest() != 0 {
		t.Error("no number reads back as one")
	}
	r = ScanRecord([]byte{numberFloat32, 1, 2})
	if _, ok := r.Number(); ok || r.Err() == nil {
		t.Error("a number cut short reads")
	}
}

// BenchmarkInterviewRecord writes and reads an interview's record as
// every save and every reader of records does, binary against the JSON
// of earlier siaps.
func BenchmarkInterviewRecord(b *testing.B) {
	iv := fullInterview()
	iv.History, iv.Notes, iv.Comment = nil, nil, ""
	b.Run("binary", func(b *testing.B) {
		for b.Loop() {
			var got Interview
			if err := readHeader(encodeRecord(&iv, false), &got); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(len(encodeRecord(&iv, false))), "bytes")
	})
	b.Run("json", func(b *testing.B) {
		for b.Loop() {
			js, _ := json.Marshal(iv)
			var got Interview
			if err := readHeader(append([]byte{recordRaw}, js...), &got); err != nil {
				b.Fatal(err)
			}
		}
		js, _ := json.Marshal(iv)
		b.ReportMetric(float64(len(js)+1), "bytes")
	})
}

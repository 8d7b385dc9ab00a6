package store

import (
	"encoding/binary"
	"fmt"
	"maps"
	"math"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestRecordsRoundTrip(t *testing.T) {
	base := time.Date(2026, 11, 24, 9, 0, 0, 123456789, time.UTC)
	long := strings.Repeat("jawaban panjang ", 40) // deflated
	tests := []struct {
		name    string
		answers map[string]Answer
		events  []Event
	}{
		{"empty", map[string]Answer{}, nil},
		{"short", map[string]Answer{"city": {Value: "medan", Changed: base.Add(time.Minute)}}, []Event{{Time: base, Kind: EventOpened, Who: "Ani"}}},
		{"long and unusual", map[string]Answer{
			"members[2]/name": {Value: long, Changed: base.Add(-time.Hour)},
			"empty":           {Value: "", Changed: base},
			"unicode":         {Value: "Désa Sukamaju ✓", Changed: base.Add(time.Nanosecond)},
		}, []Event{
			{Time: base, Kind: EventChanged, Path: "city", Old: "medan", New: long},
			{Time: base.Add(-time.Second), Kind: "a kind from a newer siap", Detail: "d", Who: "w"},
			{Time: base.Add(time.Hour), Kind: EventCleared, Path: "x", Old: "y"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := decodeAnswers(encodeAnswers(tt.answers, base))
			if err != nil || !maps.Equal(got, tt.answers) {
				t.Errorf("answers: %v %v, want %v", got, err, tt.answers)
			}
			var events []Event
			err = decodeEvents(encodeEvents(tt.events), func(e Event) error { events = append(events, e); return nil })
			if err != nil || !reflect.DeepEqual(events, tt.events) {
				t.Errorf("events: %+v %v, want %+v", events, err, tt.events)
			}
			// The same answers as changes on an empty interview, then
			// each removed.
			var changes, removals []answerChange
			for p, a := range tt.answers {
				changes = append(changes, answerChange{Path: p, Answer: a})
				removals = append(removals, answerChange{Path: p, Removed: true})
			}
			applied := map[string]Answer{}
			if err := applyChanges(encodeChanges(changes, base), applied); err != nil || !maps.Equal(applied, tt.answers) {
				t.Errorf("changes: %v %v", applied, err)
			}
			if err := applyChanges(encodeChanges(removals, base), applied); err != nil || len(applied) != 0 {
				t.Errorf("removals left %v %v", applied, err)
			}
		})
	}
}

// TestTimeOffsetsReadBackExactly: an offset in whole milliseconds takes
// the short form, any other (nanoseconds, a zero time far before the
// base, the extremes) the long one, and every one reads back as it was.
func TestTimeOffsetsReadBackExactly(t *testing.T) {
	tests := []struct {
		name   string
		nanos  int64
		maxLen int
	}{
		{"zero", 0, 1},
		{"a second", int64(time.Second), 3},
		{"a minute back", -int64(time.Minute), 3},
		{"an hour", int64(time.Hour), 4},
		{"a nanosecond", 1, 2},
		{"a microsecond back", -int64(time.Microsecond), 3},
		{"a zero time from now", time.Time{}.UnixNano() - time.Now().UnixNano(), 11},
		{"the largest", math.MaxInt64, 11},
		{"the smallest", math.MinInt64, 11},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := appendOffset(nil, tt.nanos)
			if len(b) > tt.maxLen {
				t.Errorf("%d bytes, want at most %d", len(b), tt.maxLen)
			}
			r := reader{b: b, millis: true}
			if got := r.offset(); got != tt.nanos || r.err != nil || len(r.b) != 0 {
				t.Errorf("read back %d (%v, %d bytes left), want %d", got, r.err, len(r.b), tt.nanos)
			}
		})
	}
}

// TestRecordsWrittenBeforeMillisecondsStillRead: records whose times are
// offsets in nanoseconds (every record before times were kept to the
// millisecond) read as they were written.
func TestRecordsWrittenBeforeMillisecondsStillRead(t *testing.T) {
	base := time.Date(2026, 11, 24, 9, 0, 0, 123456789, time.UTC)
	at := base.Add(90*time.Second + 7)
	long := strings.Repeat("jawaban ", 60) // deflated
	for _, value := range []string{"medan", long} {
		// answers: base, count, then path, value, offset in nanoseconds
		plain := binary.AppendVarint(nil, base.UnixNano())
		plain = binary.AppendUvarint(plain, 1)
		plain = binary.AppendVarint(appendString(appendString(plain, "city"), value), at.UnixNano()-base.UnixNano())
		got, err := decodeAnswers(packRecord(plain))
		if want := map[string]Answer{"city": {Value: value, Changed: at}}; err != nil || !maps.Equal(got, want) {
			t.Errorf("answers: %v %v, want %v", got, err, want)
		}
		// events: count, then kind, offset from the one before, flags, fields
		plain = binary.AppendUvarint(nil, 1)
		plain = append(plain, byte(slices.Index(eventKinds, EventSet)))
		plain = append(binary.AppendVarint(plain, at.UnixNano()), evPath|evNew)
		plain = appendString(appendString(plain, "city"), value)
		var events []Event
		err = decodeEvents(packRecord(plain), func(e Event) error { events = append(events, e); return nil })
		if want := []Event{{Time: at, Kind: EventSet, Path: "city", New: value}}; err != nil || !reflect.DeepEqual(events, want) {
			t.Errorf("events: %+v %v, want %+v", events, err, want)
		}
	}
}

// TestSavedTimesKeptToTheMillisecond: a save stamps answers and paradata
// to the millisecond, as ODK's audit log does, whatever the clock gives.
func TestSavedTimesKeptToTheMillisecond(t *testing.T) {
	clock := time.Date(2026, 11, 24, 9, 0, 0, 123456789, time.UTC)
	s, err := Open(filepath.Join(t.TempDir(), "siap.db"), Options{Now: func() time.Time { return clock }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	iv, err := s.Create(Interview{FormID: "f", Interviewer: "ani"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	shown := clock.Add(3*time.Second + 999999)
	if err := s.Save(iv.ID, []Change{{Path: "city", Value: "medan"}}, Event{Kind: EventShown, Path: "age", Time: shown}); err != nil {
		t.Fatal(err)
	}
	answers, err := s.Answers(iv.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := answers["city"].Changed, clock.Truncate(time.Millisecond); !got.Equal(want) {
		t.Errorf("answer changed at %v, want %v", got, want)
	}
	var times []time.Time
	if err := s.Events(iv.ID, func(e Event) error { times = append(times, e.Time); return nil }); err != nil {
		t.Fatal(err)
	}
	for _, got := range times {
		if got.Nanosecond()%int(time.Millisecond) != 0 {
			t.Errorf("event at %v: not kept to the millisecond", got)
		}
	}
	if len(times) == 0 || !times[len(times)-1].Equal(shown.Truncate(time.Millisecond)) {
		t.Errorf("events at %v, want the last at %v", times, shown.Truncate(time.Millisecond))
	}
}

// FuzzDecodeRecords: whatever bytes a damaged or crafted file holds, the
// decoders return an error or a value, never a panic or a huge
// allocation.
func FuzzDecodeRecords(f *testing.F) {
	base := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	f.Add(encodeAnswers(map[string]Answer{"a": {Value: "b", Changed: base}}, base))
	f.Add(encodeAnswers(map[string]Answer{"a": {Value: strings.Repeat("x", 600), Changed: base}}, base))
	f.Add(encodeEvents([]Event{{Time: base, Kind: EventSet, Path: "a", New: "b"}}))
	f.Add(encodeChanges([]answerChange{{Path: "a", Removed: true}}, base))
	f.Add([]byte{recordDeflated, 0xff, 0xff, 0xff, 0xff, 0x0f})
	f.Add([]byte{recordRaw | offsetsInMillis, 1, 2, 0, 3, 1, 1})
	f.Fuzz(func(t *testing.T, data []byte) {
		decodeAnswers(data)
		decodeEvents(data, func(Event) error { return nil })
		applyChanges(data, map[string]Answer{})
	})
}

// BenchmarkRecordCodec encodes and decodes the answers and paradata of
// an interview of the shipped form's size, as merges and exports do.
func BenchmarkRecordCodec(b *testing.B) {
	base := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	answers := map[string]Answer{}
	var events []Event
	for q := range 40 {
		p := fmt.Sprintf("section%d/question_%d", q/10, q)
		v := fmt.Sprint(q * 7919 % 1000)
		t := base.Add(time.Duration(q) * 20 * time.Second)
		answers[p] = Answer{Value: v, Changed: t}
		events = append(events, Event{Time: t, Kind: EventShown, Path: p}, Event{Time: t.Add(9 * time.Second), Kind: EventSet, Path: p, New: v})
	}
	b.Run("encode", func(b *testing.B) {
		size := 0
		for b.Loop() {
			size = len(encodeAnswers(answers, base)) + len(encodeEvents(events))
		}
		b.ReportMetric(float64(size), "bytes")
	})
	a, e := encodeAnswers(answers, base), encodeEvents(events)
	b.Run("decode", func(b *testing.B) {
		for b.Loop() {
			decodeAnswers(a)
			decodeEvents(e, func(Event) error { return nil })
		}
	})
}

package store

import (
	"fmt"
	"maps"
	"reflect"
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

package export

import (
	"bytes"
	"math"
	"reflect"
	"testing"
	"time"
)

// TestFactsRoundTrip: facts read back are the facts written, byte for
// byte when written again.
func TestFactsRoundTrip(t *testing.T) {
	two, at := 2.5, time.Date(2026, 11, 20, 9, 0, 0, 123, time.UTC)
	zero, negZero, third, big, small, huge := 0.0, math.Copysign(0, -1), 1.0/3, 1e15, -7.0, 1e300
	cases := []facts{
		{},
		{
			Sessions:   sessions{Total: 90 * time.Second, Start: at, Last: at.Add(time.Minute), Latest: at.Add(time.Minute), Open: true, Seen: true},
			Start:      "2026-11-20T09:00:00.000+07:00",
			Shown:      map[string]time.Time{"age": at, "members[2]/age": at.Add(time.Second)},
			Fast:       []fastAnswer{{"age", 1.25, 2}},
			Confirmed:  map[string][]string{"age": {"95", "96"}},
			Straight:   []straightRun{{"a1", 5, "3"}},
			Soft:       map[string]string{"age": "95", "income": "-1"},
			Computed:   true,
			Indicators: indicators{Met: "1-0", Numbers: []*float64{&two, nil, nil}, Groups: []int{0, 3, 12}},
		},
		{
			// Times before the first session's start, or without one;
			// numbers of every size.
			Sessions:   sessions{Start: at, Last: at.Add(-time.Hour)},
			Shown:      map[string]time.Time{"age": {}, "x": at.Add(-time.Nanosecond)},
			Fast:       []fastAnswer{{"a", 0.1, -3}, {"b", math.Inf(1), 1 << 60}},
			Computed:   true,
			Indicators: indicators{Met: "111111", Numbers: []*float64{&zero, &negZero, &third, &big, &small, &huge}},
		},
		{Sessions: sessions{Latest: at}, Shown: map[string]time.Time{"age": at}},
	}
	for i, f := range cases {
		data := f.encode()
		got, err := decodeFacts(data)
		if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		if again := got.encode(); !bytes.Equal(again, data) {
			t.Errorf("case %d: written again as %x, was %x", i, again, data)
		}
		if !reflect.DeepEqual(got, f) {
			t.Errorf("case %d: read back\n%+v, wrote\n%+v", i, got, f)
		}
	}
}

// FuzzDecodeFacts: any bytes are read as facts or refused, never a
// panic, and facts read are written back the same.
func FuzzDecodeFacts(f *testing.F) {
	two := 2.0
	f.Add((&facts{}).encode())
	f.Add((&facts{Soft: map[string]string{"a": "1"}, Indicators: indicators{Met: "1", Numbers: []*float64{&two}, Groups: []int{1}}}).encode())
	f.Add([]byte{1, 0xff, 0xff})
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := decodeFacts(data)
		if err != nil {
			return
		}
		again, err := decodeFacts(got.encode())
		if err != nil {
			t.Fatalf("facts read from %x do not read back: %v", data, err)
		}
		if !bytes.Equal(again.encode(), got.encode()) {
			t.Fatalf("facts read from %x change when written again", data)
		}
	})
}

package export

import (
	"bytes"
	"testing"
	"time"
)

// TestFactsRoundTrip: facts read back are the facts written, byte for
// byte when written again.
func TestFactsRoundTrip(t *testing.T) {
	two, at := 2.5, time.Date(2026, 11, 20, 9, 0, 0, 123, time.UTC)
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
		if !got.Sessions.Latest.Equal(f.Sessions.Latest) || len(got.Shown) != len(f.Shown) || got.Soft["income"] != f.Soft["income"] ||
			len(got.Indicators.Numbers) > 0 && *got.Indicators.Numbers[0] != two {
			t.Errorf("case %d: read back %+v, wrote %+v", i, got, f)
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

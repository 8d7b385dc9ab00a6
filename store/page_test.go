package store

import (
	"context"
	"errors"
	"slices"
	"testing"
)

// TestReadPageReadsOnlyTheWindow: a page of a data file is read from
// its place, in either direction, decoding the records it gives and
// those its filter refuses on the way, and no other; a storage that
// cannot read a window (streamed) gives the same page.
func TestReadPageReadsOnlyTheWindow(t *testing.T) {
	s, ids := fileWith(t, t.TempDir(), "page.db", 300)
	place := map[string]uint64{}
	for i, id := range ids {
		place[id] = uint64(i + 1)
	}
	span := func(from, to uint64) []uint64 {
		var out []uint64
		for p := from; ; {
			out = append(out, p)
			if p == to {
				return out
			}
			if from < to {
				p++
			} else {
				p--
			}
		}
	}
	everySeventh := func(iv Interview) bool { return place[iv.ID]%7 == 0 }
	tests := []struct {
		name  string
		q     PageQuery
		want  []uint64
		more  bool
		reads int
	}{
		{"newest first", PageQuery{Backward: true, N: 10}, span(300, 291), true, 10},
		{"oldest first", PageQuery{N: 10}, span(1, 10), true, 10},
		{"older than a place", PageQuery{From: 150, Backward: true, N: 10}, span(149, 140), true, 10},
		{"newer than a place", PageQuery{From: 150, N: 10}, span(151, 160), true, 10},
		{"the last ones", PageQuery{From: 295, N: 10}, span(296, 300), false, 5},
		{"the first ones", PageQuery{From: 4, Backward: true, N: 10}, span(3, 1), false, 3},
		{"filtered", PageQuery{Backward: true, N: 3, Keep: everySeventh}, []uint64{294, 287, 280}, true, 300 - 280 + 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reads := 0
			q := tt.q
			keep := q.Keep
			q.Keep = func(iv Interview) bool { reads++; return keep == nil || keep(iv) }
			p, err := ReadPage(context.Background(), s, q)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(p.Places, tt.want) || p.More != tt.more || reads != tt.reads {
				t.Errorf("places %v, more %v, %d records read; want %v, %v, %d", p.Places, p.More, reads, tt.want, tt.more, tt.reads)
			}
			for i, iv := range p.Interviews {
				if place[iv.ID] != p.Places[i] {
					t.Errorf("%s given at place %d, arrived %d", iv.ID, p.Places[i], place[iv.ID])
				}
			}
			streamed, err := ReadPage(context.Background(), struct{ Interviews }{s}, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(streamed.Places, tt.want) || streamed.More != tt.more {
				t.Errorf("streamed: places %v, more %v", streamed.Places, streamed.More)
			}
		})
	}
}

// TestReadPageStopsWhenCancelled: a search cancelled by the next one
// ends its read with the context's error.
func TestReadPageStopsWhenCancelled(t *testing.T) {
	s, _ := fileWith(t, t.TempDir(), "page.db", 600)
	ctx, cancel := context.WithCancel(context.Background())
	reads := 0
	_, err := ReadPage(ctx, s, PageQuery{Backward: true, N: 10, Keep: func(Interview) bool {
		if reads++; reads == 10 {
			cancel()
		}
		return false
	}})
	if !errors.Is(err, context.Canceled) || reads >= 600 {
		t.Errorf("cancelled after 10 records: %v, %d read", err, reads)
	}
}

// TestReadPageSiftsFactsRows: with a Sift, a data file whose every
// interview has facts walks the facts rows and decodes the records of
// those it passes alone; without facts (an earlier siap's file, or a
// write without an Indexer since) it decodes every record on the way,
// as before, for the same page.
func TestReadPageSiftsFactsRows(t *testing.T) {
	s, ids := fileWith(t, t.TempDir(), "page.db", 300)
	place := map[string]uint64{}
	for i, id := range ids {
		place[id] = uint64(i + 1)
	}
	for _, tt := range []struct {
		name    string
		index   bool
		records int // records decoded: sifted whole, or given to Keep
	}{
		{"without facts", false, 300 - 200 + 1},
		{"with facts", true, 3},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if tt.index {
				if err := s.SetIndexer(&countingIndexer{key: "k1"}, nil); err != nil {
					t.Fatal(err)
				}
			}
			sifted, records := 0, 0
			p, err := ReadPage(context.Background(), s, PageQuery{Backward: true, N: 3,
				// A facts row holds no form key; a record does.
				Sift: func(iv Interview) bool {
					sifted++
					if iv.FormKey != "" {
						records++
					}
					return place[iv.ID]%50 == 0
				},
				Keep: func(iv Interview) bool {
					if iv.FormKey != "" && tt.index {
						records++
					}
					return true
				},
			})
			if err != nil {
				t.Fatal(err)
			}
			if want := []uint64{300, 250, 200}; !slices.Equal(p.Places, want) || !p.More || sifted != 101 || records != tt.records {
				t.Errorf("places %v, more %v, %d sifted, %d records decoded; want %v, true, 101, %d", p.Places, p.More, sifted, records, want, tt.records)
			}
		})
	}
}

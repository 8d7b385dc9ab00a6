package store

import (
	"errors"
	"testing"
)

func TestReadingAhead(t *testing.T) {
	errFn, errRead := errors.New("fn failed"), errors.New("read failed")
	tests := []struct {
		name     string
		n        int // values read
		failAt   int // fn fails at this value; -1 never
		readErr  error
		wantErr  error
		wantSeen int
	}{
		{name: "every value in order", n: 1000, failAt: -1, wantSeen: 1000},
		{name: "nothing to read", n: 0, failAt: -1},
		{name: "fn's error stops the read", n: 100000, failAt: 10, wantErr: errFn, wantSeen: 11},
		{name: "the read's error", n: 5, failAt: -1, readErr: errRead, wantErr: errRead, wantSeen: 5},
		{name: "every value read before the read's error", n: 3*readBatch + 5, failAt: -1, readErr: errRead, wantErr: errRead, wantSeen: 3*readBatch + 5},
		{name: "fn's error before the read's", n: 5, failAt: 2, readErr: errRead, wantErr: errFn, wantSeen: 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sent := 0
			seen := 0
			err := readingAhead(func(send func(int) error) error {
				for i := range tt.n {
					if err := send(i); err != nil {
						return err
					}
					sent++
				}
				return tt.readErr
			}, func(v int) error {
				if v != seen {
					t.Fatalf("got %d after %d values", v, seen)
				}
				seen++
				if v == tt.failAt {
					return errFn
				}
				return nil
			})
			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil) != (err == nil) {
				t.Errorf("error %v, want %v", err, tt.wantErr)
			}
			if seen != tt.wantSeen {
				t.Errorf("fn saw %d values, want %d", seen, tt.wantSeen)
			}
			if tt.failAt >= 0 && sent > tt.failAt+1+readAhead+1 {
				t.Errorf("the read went on for %d values after fn failed", sent-tt.failAt-1)
			}
		})
	}
}

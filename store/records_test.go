package store

import (
	"slices"
	"strings"
	"testing"
)

func TestParseStatuses(t *testing.T) {
	tests := []struct {
		in   string
		want []Status
		err  string
	}{
		{"", nil, ""},
		{"completed, approved", []Status{Completed, Approved}, ""},
		{"draft,finished", nil, `"finished" is not a status (draft, completed, approved, rejected, refused)`},
	}
	for _, tt := range tests {
		got, err := ParseStatuses(tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("ParseStatuses(%q) error %v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || !slices.Equal(got, tt.want) {
			t.Errorf("ParseStatuses(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
	for _, s := range Statuses {
		if want := s == Draft || s == Rejected; s.Editable() != want {
			t.Errorf("%s editable %v", s, s.Editable())
		}
	}
}

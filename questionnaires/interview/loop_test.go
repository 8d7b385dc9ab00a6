package interview

import (
	"slices"
	"testing"
)

// The transportation form kobocat ships: a loop whose questions are
// relevant only for the means of transport chosen.
func TestLoopFillsTheChoiceIntoExpressions(t *testing.T) {
	f := parseForm(t, `survey
		type,name,label,relevant,constraint,default,hint
		select_multiple means,available,Which means are available?,,,,
		begin loop over means,loop,Loop,,,,
		integer,frequency,How often do you use %(label)s?,"selected(${available}, '%(name)s')",. < 100,,Times a month by %(name)s
		text,code,Code,"selected(${available}, '%(name)s')","regex(., '^%(name)s-')",%(name)s-,
		end loop,,,,,,`, `choices
		list_name,name,label
		means,ambulance,Ambulance
		means,bicycle,Bicycle
		means,taxi,Taxi`)
	s := New(f, Meta{Now: fixedNow})
	mustSet(t, s, "available", "ambulance taxi")
	want := []string{"available", "loop[1]/frequency", "loop[1]/code", "loop[3]/frequency", "loop[3]/code"}
	if got := stopPaths(s); !slices.Equal(got, want) {
		t.Fatalf("stops = %v, want %v", got, want)
	}
	if got := s.Label(s.Item("loop[3]/frequency")); got != "How often do you use Taxi?" {
		t.Errorf("label = %q", got)
	}
	if got := s.Hint(s.Item("loop[1]/frequency")); got != "Times a month by ambulance" {
		t.Errorf("hint = %q", got)
	}
	if got := s.Answer("loop[3]/code"); got != "taxi-" {
		t.Errorf("default of the taxi row = %q, want taxi-", got)
	}
	if err := s.Set("loop[1]/code", "taxi-9"); err == nil {
		t.Error("the ambulance row accepted the taxi's code: %(name)s not filled into the constraint")
	}
	mustSet(t, s, "loop[1]/code", "ambulance-9")
}

package interview

import "testing"

func TestRequiredNoteIsAHardStop(t *testing.T) {
	f := parseForm(t, `survey
		type,name,label,required,relevant,required_message
		select_one sex,head_sex,Sex of the head,,,
		select_one sex,roster_sex,Sex of the head in the roster,,,
		note,mismatch,The head's sex does not match the roster,yes,${head_sex} != ${roster_sex},Go back and correct the sex`, `choices
		list_name,name,label
		sex,1,Male
		sex,2,Female`)
	s := New(f, Meta{Now: fixedNow})
	mustSet(t, s, "head_sex", "1")
	mustSet(t, s, "roster_sex", "2")
	issues := s.Finalize()
	if len(issues) != 1 || issues[0].Item.Path != "mismatch" || issues[0].Message != "Go back and correct the sex" {
		t.Fatalf("Finalize with a relevant required note = %v", issues)
	}
	mustSet(t, s, "roster_sex", "1")
	if issues := s.Finalize(); len(issues) != 0 {
		t.Errorf("Finalize once the answers agree = %v", issues)
	}
}

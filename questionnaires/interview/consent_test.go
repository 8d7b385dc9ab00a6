package interview

import "testing"

// consentForm names its agreeing choice agree, not yes or 1.
const consentSurvey = `survey
	type,name,label,relevant,consent_agree
	text,village,Village,,
	integer,hh_id,Household,,
	select_one ad,consent,Do you agree?,,agree
	integer,age,Age,${consent} = 'agree',
	text,resp_name,Name,${consent} = 'agree',`

const consentChoices = `choices
	list_name,name,label
	ad,agree,I agree
	ad,disagree,I do not agree`

func TestConsentIsWhatTheFormDeclares(t *testing.T) {
	f := parseForm(t, consentSurvey, consentChoices)
	tests := []struct {
		answer  string
		refused bool
	}{
		{"", false},
		{"agree", false},
		{"disagree", true},
	}
	for _, tt := range tests {
		t.Run(tt.answer, func(t *testing.T) {
			s := New(f, Meta{Now: fixedNow})
			if tt.answer != "" {
				mustSet(t, s, "consent", tt.answer)
			}
			if got := s.ConsentRefused(); got != tt.refused {
				t.Errorf("consent %q: refused = %v, want %v", tt.answer, got, tt.refused)
			}
		})
	}
}

func TestAQuestionNamedConsentIsNotConsentUnlessDeclared(t *testing.T) {
	f := parseForm(t, `survey
		type,name,label
		select_one ad,consent,Do you agree?
		integer,age,Age`, consentChoices)
	s := New(f, Meta{Now: fixedNow})
	mustSet(t, s, "consent", "agree")
	mustSet(t, s, "age", "40")
	if s.ConsentRefused() {
		t.Error("an undeclared question named consent was taken for a refusal")
	}
	if f.Consent != nil {
		t.Errorf("form without consent_agree has consent %v", f.Consent)
	}
}

func TestRefusalKeepsWhatCameBeforeConsent(t *testing.T) {
	f := parseForm(t, consentSurvey, consentChoices)
	s := New(f, Meta{Now: fixedNow})
	mustSet(t, s, "village", "Oebufu")
	mustSet(t, s, "hh_id", "17")
	mustSet(t, s, "consent", "agree")
	mustSet(t, s, "age", "40")
	mustSet(t, s, "consent", "disagree")
	kept := map[string]bool{}
	for path := range s.Answers() {
		kept[path] = f.KeptOnRefusal(path)
	}
	want := map[string]bool{"village": true, "hh_id": true, "consent": true, "age": false}
	for path, w := range want {
		if kept[path] != w {
			t.Errorf("KeptOnRefusal(%s) = %v, want %v", path, kept[path], w)
		}
	}
}

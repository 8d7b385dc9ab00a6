package interview

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"siap/questionnaires"
)

var fixedNow = func() time.Time { return time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC) }

func shipped(t testing.TB) *questionnaires.Form {
	t.Helper()
	f, err := questionnaires.Shipped()
	if err != nil {
		t.Fatalf("shipped form: %v", err)
	}
	return f
}

// walk answers an interview from its first stop to its last, as an
// interviewer pressing "next" would, and returns the names of the stops
// visited. Questions not in answers get the first choice or a valid
// default so that the walk always finishes.
func walk(t *testing.T, s *State, answers map[string]string) []string {
	t.Helper()
	var visited []string
	for it := s.First(); it != nil; it = s.Next(it.Path) {
		visited = append(visited, it.Node.Name)
		if len(visited) > 500 {
			t.Fatal("the walk does not end")
		}
		if it.Prompt || it.Node.Kind != questionnaires.Question {
			continue
		}
		v, ok := answers[it.Node.Name]
		if !ok {
			v = plausible(s, it)
		}
		if err := s.Set(it.Path, v); err != nil {
			t.Fatalf("answer %s = %q: %v", it.Path, v, err)
		}
	}
	return visited
}

func plausible(s *State, it *Item) string {
	switch it.Node.Type {
	case questionnaires.TypeInteger, questionnaires.TypeDecimal:
		return "3"
	case questionnaires.TypeSelectOne, questionnaires.TypeSelectMultiple:
		return s.Options(it)[0].Name
	}
	return "x"
}

func TestShippedSkipLogic(t *testing.T) {
	form := shipped(t)
	full := map[string]string{
		"city": "makassar", "hh_id": "17", "consent": "1", "resp_sex": "2", "resp_age": "44",
		"education": "3", "hh_size": "5", "has_ektp": "1", "nik": "7371234567890123",
		"resp_name": "Siti Aminah", "phone_number": "081234567890", "receives_bansos": "1",
		"programs": "pkh bpnt", "last_channel": "bank", "paying_bank": "bri", "own_account": "1",
		"ewallets": "dana", "phone_type": "smartphone", "internet_3m": "1", "self_efficacy": "4",
	}
	with := func(changes map[string]string) map[string]string {
		m := map[string]string{}
		for k, v := range full {
			m[k] = v
		}
		for k, v := range changes {
			m[k] = v
		}
		return m
	}
	tests := []struct {
		name    string
		answers map[string]string
		asked   []string
		skipped []string
	}{
		{
			name:    "no consent ends the interview politely",
			answers: with(map[string]string{"consent": "2"}),
			asked:   []string{"city", "hh_id", "intro_note", "consent", "no_consent_note"},
			skipped: []string{"resp_sex", "resp_name", "receives_bansos", "own_account", "phone_type", "willing_digital", "closing_note"},
		},
		{
			name:    "no bansos skips the bansos experience",
			answers: with(map[string]string{"receives_bansos": "2"}),
			asked:   []string{"receives_bansos", "own_account", "willing_digital"},
			skipped: []string{"programs", "kks_holder", "last_channel", "paying_bank", "problems", "knows_complaint", "no_consent_note"},
		},
		{
			name:    "no account asks why, not about its use",
			answers: with(map[string]string{"own_account": "2"}),
			asked:   []string{"own_account", "no_account_reasons", "ewallets"},
			skipped: []string{"account_used_90d"},
		},
		{
			name:    "no phone skips SIM, signal, data spend and apps",
			answers: with(map[string]string{"phone_type": "none", "internet_3m": "2"}),
			asked:   []string{"phone_type", "internet_3m", "used_qris"},
			skipped: []string{"sim_own_nik", "home_signal", "data_spend", "used_mobile_app"},
		},
		{
			name:    "bank channel asks the paying bank",
			answers: full,
			asked:   []string{"last_channel", "paying_bank", "account_used_90d", "sim_own_nik", "data_spend", "used_mobile_app", "closing_note"},
			skipped: []string{"no_account_reasons", "no_consent_note"},
		},
		{
			name:    "no e-KTP skips the NIK",
			answers: with(map[string]string{"has_ektp": "2"}),
			asked:   []string{"has_ektp", "resp_name"},
			skipped: []string{"nik"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := New(form, Meta{DeviceID: "laptop-1", Username: "ani", Now: fixedNow})
			visited := walk(t, s, tt.answers)
			for _, q := range tt.asked {
				if !slices.Contains(visited, q) {
					t.Errorf("%s was not asked; visited %v", q, visited)
				}
			}
			for _, q := range tt.skipped {
				if slices.Contains(visited, q) {
					t.Errorf("%s was asked, but should be skipped", q)
				}
			}
			if issues := s.Finalize(); len(issues) > 0 {
				t.Errorf("interview not complete after the walk: %s: %s", issues[0].Item.Path, issues[0].Message)
			}
			vals := s.Values()
			for _, q := range tt.skipped {
				if _, ok := vals[q]; ok {
					t.Errorf("skipped question %s is in the values", q)
				}
			}
			if vals["end"] == "" || vals["start"] != "2026-11-24T09:00:00.000+00:00" || vals["deviceid"] != "laptop-1" || vals["username"] != "ani" {
				t.Errorf("metadata start=%q end=%q deviceid=%q username=%q", vals["start"], vals["end"], vals["deviceid"], vals["username"])
			}
		})
	}
}

func TestChangingAnEarlierAnswerSetsLaterOnesAside(t *testing.T) {
	s := New(shipped(t), Meta{Now: fixedNow})
	mustSet(t, s, "city", "medan")
	mustSet(t, s, "hh_id", "4")
	mustSet(t, s, "consent", "1")
	mustSet(t, s, "resp_age", "30")
	if s.Item("resp_age").Relevant != true || s.Values()["resp_age"] != "30" {
		t.Fatal("resp_age should be relevant and valued after consent")
	}
	mustSet(t, s, "consent", "2")
	if s.Item("resp_age").Relevant {
		t.Error("resp_age still relevant after consent withdrawn")
	}
	if _, ok := s.Values()["resp_age"]; ok {
		t.Error("an answer set aside is still exported")
	}
	if s.Answer("resp_age") != "30" {
		t.Error("the answer set aside was lost; it must be kept, as ODK does")
	}
	mustSet(t, s, "consent", "1")
	if s.Values()["resp_age"] != "30" {
		t.Error("the answer did not come back when its question became relevant again")
	}
}

func mustSet(t *testing.T, s *State, path, v string) {
	t.Helper()
	if err := s.Set(path, v); err != nil {
		t.Fatalf("Set(%s, %q): %v", path, v, err)
	}
}

func TestValidationMessagesInTheInterviewLanguage(t *testing.T) {
	form := shipped(t)
	tests := []struct {
		path, value string
		lang        string
		want        string // "" means accepted
	}{
		{"resp_age", "12", "Bahasa Indonesia (id)", "Umur harus 17 sampai 120 tahun."},
		{"resp_age", "12", "English (en)", "Age must be from 17 to 120 years."},
		{"resp_age", "abc", "English (en)", "Enter a whole number"},
		{"resp_age", "abc", "Bahasa Indonesia (id)", "Masukkan bilangan bulat"},
		{"resp_age", "", "English (en)", "An answer is required."},
		{"resp_age", "17", "English (en)", ""},
		{"nik", "123", "English (en)", "The NIK must be 16 digits."},
		{"nik", "7371234567890123", "English (en)", ""},
		{"nik", "", "English (en)", ""},
		{"phone_number", "0812-3456", "English (en)", "starts with 08"},
		{"dist_atm_km", "1,5", "English (en)", ""},
		{"dist_atm_km", "-1", "English (en)", "Enter 0 to 200 km."},
		{"ewallets", "gopay none", "English (en)", `"No e-wallet" cannot be combined`},
		{"ewallets", "dana gopay", "English (en)", ""},
		{"ewallets", "bitcoin", "English (en)", `"bitcoin" is not one of the choices`},
		{"city", "jakarta", "English (en)", "not one of the choices"},
	}
	for _, tt := range tests {
		t.Run(tt.path+"="+tt.value+"/"+tt.lang, func(t *testing.T) {
			s := New(form, Meta{Now: fixedNow})
			s.SetLanguage(tt.lang)
			mustSet(t, s, "consent", "1")
			mustSet(t, s, "has_ektp", "1")
			err := s.Set(tt.path, tt.value)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("accepted %q, want refusal %q", tt.value, tt.want)
			}
			if !strings.Contains(ve.Message, tt.want) {
				t.Errorf("message %q, want it to contain %q", ve.Message, tt.want)
			}
		})
	}
}

func TestNormalizedAnswers(t *testing.T) {
	tests := []struct {
		name, path, typed, stored string
	}{
		{"decimal comma", "dist_atm_km", "1,5", "1.5"},
		{"choices in list order", "ewallets", "ovo gopay", "gopay ovo"},
		{"rupiah with Indonesian thousands", "data_spend", "50.000", "50000"},
		{"rupiah with English thousands", "data_spend", "1,250,000", "1250000"},
		{"spaces in a number", "data_spend", "75 000", "75000"},
		{"plain number", "data_spend", "5000", "5000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := New(shipped(t), Meta{Now: fixedNow})
			for _, a := range [][2]string{{"consent", "1"}, {"phone_type", "smartphone"}, {"internet_3m", "1"}} {
				mustSet(t, s, a[0], a[1])
			}
			mustSet(t, s, tt.path, tt.typed)
			if got := s.Answer(tt.path); got != tt.stored {
				t.Errorf("%q stored as %q, want %q", tt.typed, got, tt.stored)
			}
		})
	}
	// Separators that are not thousands stay an error in a whole number.
	s := New(shipped(t), Meta{Now: fixedNow})
	mustSet(t, s, "consent", "1")
	for _, bad := range []string{"1.5", "50.00", "1,5000"} {
		if err := s.Set("resp_age", bad); err == nil {
			t.Errorf("%q accepted as a whole number", bad)
		}
	}
}

func TestCalculationAndLabelFill(t *testing.T) {
	s := New(shipped(t), Meta{Now: fixedNow})
	s.SetLanguage("English (en)")
	for path, v := range map[string]string{"consent": "1", "has_ektp": "1", "own_account": "2", "phone_type": "smartphone", "internet_3m": "1", "self_efficacy": "5"} {
		mustSet(t, s, path, v)
	}
	if got := s.Value("preconditions_met"); got != "4" {
		t.Errorf("preconditions_met = %q, want 4", got)
	}
	if got := s.Label(s.Item("closing_note")); !strings.Contains(got, "met: 4 of 5") {
		t.Errorf("closing note %q does not show the calculation", got)
	}
	mustSet(t, s, "city", "kupang")
	mustSet(t, s, "hh_id", "12")
	if got := s.InstanceName(); got != "kupang-12" {
		t.Errorf("instance name %q, want kupang-12", got)
	}
}

func TestChangesReportedForSaving(t *testing.T) {
	s := New(shipped(t), Meta{DeviceID: "d1", Now: fixedNow})
	initial := s.TakeChanges()
	if len(initial) == 0 {
		t.Fatal("New reported no changes; start, today and deviceid must be saved")
	}
	mustSet(t, s, "city", "medan")
	got := s.TakeChanges()
	if len(got) != 1 || got[0].Path != "city" || got[0].New != "medan" {
		t.Errorf("changes after one answer = %+v", got)
	}
	if len(s.TakeChanges()) != 0 {
		t.Error("changes not forgotten once taken")
	}
	r := Restore(s.Form(), Meta{Now: fixedNow}, s.Answers())
	if r.Value("city") != "medan" || len(r.TakeChanges()) != 0 {
		t.Error("restore lost an answer or reported changes that were already saved")
	}
}

func TestUnusualAnswers(t *testing.T) {
	form := shipped(t)
	tests := []struct {
		name    string
		answers [][2]string // in order
		path    string
		want    string // "" means usual
	}{
		{"old age", [][2]string{{"resp_age", "105"}}, "resp_age", "An unusual answer (usually ≤ 90)"},
		{"usual age", [][2]string{{"resp_age", "44"}}, "resp_age", ""},
		{"large household", [][2]string{{"hh_size", "14"}}, "hh_size", "usually ≤ 12"},
		{"long trip", [][2]string{{"receives_bansos", "1"}, {"travel_minutes", "300"}}, "travel_minutes", "usually ≤ 180"},
		{"trip no longer asked", [][2]string{{"receives_bansos", "1"}, {"travel_minutes", "300"}, {"receives_bansos", "2"}}, "travel_minutes", ""},
		{"no range", [][2]string{{"hh_id", "998"}}, "hh_id", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := New(form, Meta{Now: fixedNow})
			s.SetLanguage("English (en)")
			mustSet(t, s, "consent", "1")
			for _, a := range tt.answers {
				mustSet(t, s, a[0], a[1])
			}
			got := s.Unusual(s.Item(tt.path))
			if tt.want == "" && got != "" || !strings.Contains(got, tt.want) {
				t.Errorf("Unusual(%s) = %q, want %q", tt.path, got, tt.want)
			}
		})
	}
}

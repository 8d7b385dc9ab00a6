package interview

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"siap/questionnaires"
)

// numbersForm has a question of every numeric type and labels in both
// languages, so that an interview can be in either.
func numbersForm(t testing.TB) *questionnaires.Form {
	return parseForm(t, `survey
		type,name,label::Bahasa Indonesia (id),label::English (en),parameters
		integer,n,Jumlah,Count,
		decimal,x,Jarak,Distance,
		range,r,Skala,Scale,start=0 end=10 step=0.5
		date,d,Tanggal,Date,
		time,tm,Jam,Time,
		dateTime,dt,Waktu,When,`)
}

// numbersState is an interview of numbersForm in a language: "id" or "en".
func numbersState(t testing.TB, lang string) *State {
	s := New(numbersForm(t), Meta{Now: fixedNow})
	s.SetLanguage(map[string]string{"id": "Bahasa Indonesia (id)", "en": "English (en)"}[lang])
	return s
}

func TestNumbersInBothConventions(t *testing.T) {
	tests := []struct {
		lang, path, typed string
		stored            string // "" means refused
		understood        string // what the screen shows; "" when it reads as typed
	}{
		// Whole numbers: a separator between thousands, whichever is
		// typed, when the other reading would not be a whole number.
		{"id", "n", "1500", "1500", "1.500"},
		{"en", "n", "1500", "1500", "1,500"},
		{"id", "n", "1.500", "1500", ""},
		{"en", "n", "1.500", "1500", "1,500"},
		{"id", "n", "1,500", "1500", "1.500"},
		{"en", "n", "1,500", "1500", ""},
		{"id", "n", "50.000", "50000", ""},
		{"id", "n", "1.250.000", "1250000", ""},
		{"en", "n", "1,250,000", "1250000", ""},
		{"id", "n", "75 000", "75000", "75.000"},
		{"en", "n", "1\u00a0250\u202f000", "1250000", "1,250,000"},
		{"en", "n", "-1,500", "-1500", ""},
		{"id", "n", "42", "42", ""},
		{"id", "n", "007", "7", "7"},
		{"id", "n", "1,5", "", ""},
		{"en", "n", "1.5", "", ""},
		{"id", "n", "50.00", "", ""},
		{"id", "n", "1,5000", "", ""},
		{"id", "n", "1.500,5", "", ""},
		{"id", "n", "1.500,0", "", ""},
		{"id", "n", "1.50.000", "", ""},
		{"id", "n", "1.500,000", "", ""},
		{"id", "n", "0.500", "", ""},
		{"id", "n", "1.500 000", "", ""},
		{"id", "n", "abc", "", ""},
		{"id", "n", "1e3", "", ""},
		{"id", "n", "99999999999", "", "99.999.999.999"},
		// Decimals: both conventions where only one reads the text.
		{"id", "x", "1.500,5", "1500.5", ""},
		{"en", "x", "1.500,5", "1500.5", "1,500.5"},
		{"id", "x", "1,500.5", "1500.5", "1.500,5"},
		{"en", "x", "1,500.5", "1500.5", ""},
		{"id", "x", "2,5", "2.5", ""},
		{"en", "x", "2,5", "2.5", "2.5"},
		{"id", "x", "2.5", "2.5", "2,5"},
		{"en", "x", "2.5", "2.5", ""},
		{"id", "x", "0,125", "0.125", ""},
		{"id", "x", "0.125", "0.125", "0,125"},
		{"id", "x", ",5", "0.5", "0,5"},
		{"en", "x", ".5", "0.5", "0.5"},
		{"id", "x", "1.234.567,89", "1234567.89", ""},
		{"en", "x", "1,234,567.89", "1234567.89", ""},
		{"id", "x", "-3,75", "-3.75", ""},
		{"id", "x", "2,50", "2.5", "2,5"},
		// Read differently by the two conventions: the interview's wins,
		// and the screen shows the other reading beside it.
		{"id", "x", "1.500", "1500", "1.500 (bukan 1,5)"},
		{"en", "x", "1.500", "1.5", "1.5 (not 1,500)"},
		{"id", "x", "1,500", "1.5", "1,5 (bukan 1.500)"},
		{"en", "x", "1,500", "1500", "1,500 (not 1.5)"},
		{"id", "x", "12,345", "12.345", "12,345 (bukan 12.345)"},
		{"en", "x", "12.345", "12.345", "12.345 (not 12,345)"},
		// Neither convention reads these.
		{"id", "x", "1.500.5", "", ""},
		{"en", "x", "1,500,5", "", ""},
		{"id", "x", "1,5,5", "", ""},
		{"id", "x", "1.5.", "", ""},
		{"id", "x", "2,", "", ""},
		{"en", "x", "NaN", "", ""},
		{"en", "x", "Inf", "", ""},
		{"en", "x", "1e400", "", ""},
		{"id", "x", "--1", "", ""},
		// A range reads numbers the same way, within its bounds.
		{"id", "r", "2,5", "2.5", ""},
		{"en", "r", "7.5", "7.5", ""},
		{"id", "r", "1.500", "", ""},
		{"en", "r", "1.500", "1.5", ""},
	}
	for _, tt := range tests {
		t.Run(tt.lang+"/"+tt.path+"="+tt.typed, func(t *testing.T) {
			s := numbersState(t, tt.lang)
			err := s.Set(tt.path, tt.typed)
			switch {
			case tt.stored == "" && err == nil:
				t.Fatalf("%q accepted as %q, want it refused", tt.typed, s.Answer(tt.path))
			case tt.stored != "" && err != nil:
				t.Fatalf("%q refused: %v", tt.typed, err)
			case tt.stored != "" && s.Answer(tt.path) != tt.stored:
				t.Errorf("%q stored as %q, want %q", tt.typed, s.Answer(tt.path), tt.stored)
			}
			if tt.path != "r" {
				if got := s.Understood(tt.path, tt.typed); got != tt.understood {
					t.Errorf("Understood(%q) = %q, want %q", tt.typed, got, tt.understood)
				}
			}
		})
	}
}

// An answer stored is shown, checked again and typed again as the same
// number: 1.125 is one and an eighth, even in an Indonesian interview.
func TestStoredNumbersKeepTheirValue(t *testing.T) {
	for _, lang := range []string{"id", "en"} {
		for _, stored := range []string{"1.125", "1125", "0.5", "-2.75", "1500000.25", "3"} {
			s := numbersState(t, lang)
			if err := s.SetValue("x", stored); err != nil {
				t.Fatalf("%s: SetValue(%q): %v", lang, stored, err)
			}
			if s.Answer("x") != stored {
				t.Errorf("%s: SetValue(%q) stored %q", lang, stored, s.Answer("x"))
			}
			// The text field shows it so; typing it back changes nothing.
			shown := s.Written(s.Item("x"), stored)
			if err := s.Set("x", shown); err != nil || s.Answer("x") != stored {
				t.Errorf("%s: %q shown as %q, which reads back as %q (%v)", lang, stored, shown, s.Answer("x"), err)
			}
			if issues := s.Issues(); len(issues) > 0 {
				t.Errorf("%s: stored %q checked again: %s", lang, stored, issues[0].Message)
			}
			r := Restore(s.Form(), Meta{Now: fixedNow}, s.Answers())
			r.SetLanguage(s.Language())
			if issues := r.Issues(); len(issues) > 0 {
				t.Errorf("%s: restored %q checked again: %s", lang, stored, issues[0].Message)
			}
		}
	}
	s := numbersState(t, "id")
	s.SetValue("x", "1500.5")
	if got := s.Display(s.Item("x")); got != "1.500,5" {
		t.Errorf("1500.5 displayed in Indonesian as %q, want 1.500,5", got)
	}
}

func TestImpossibleDatesAndTimes(t *testing.T) {
	tests := []struct {
		lang, path, typed string
		want              string // part of the message; "" means accepted
	}{
		{"en", "d", "2025-02-30", "That date does not exist: February 2025 has 28 days."},
		{"id", "d", "2025-02-30", "Tanggal itu tidak ada: Februari 2025 hanya punya 28 hari."},
		{"en", "d", "2024-02-29", ""},
		{"en", "d", "2023-02-29", "February 2023 has 28 days"},
		{"en", "d", "31/04/2024", "April 2024 has 30 days"},
		{"id", "d", "31-4-2024", "April 2024 hanya punya 30 hari"},
		{"en", "d", "2024-13-01", "there is no month 13"},
		{"id", "d", "17/13/2024", "bulan 13 tidak ada"},
		{"en", "d", "2024-00-10", "there is no month 0"},
		{"en", "d", "2024-01-00", "January 2024 has 31 days"},
		{"en", "d", "2024-8-17", ""},
		{"en", "d", "17/08/2024", ""},
		{"en", "d", "17/08-2024", "Enter a date as YYYY-MM-DD"},
		{"en", "d", "tomorrow", "Enter a date as YYYY-MM-DD"},
		{"en", "tm", "25:00", "That time does not exist"},
		{"id", "tm", "14:75", "Jam itu tidak ada"},
		{"en", "tm", "24:00", "That time does not exist"},
		{"en", "tm", "9:30", ""},
		{"en", "tm", "14.30", ""},
		{"en", "tm", "14:30:60", "That time does not exist"},
		{"en", "tm", "14:30.05", "Enter a time as HH:MM"},
		{"en", "tm", "noon", "Enter a time as HH:MM"},
		{"en", "dt", "2025-02-30 10:00", "February 2025 has 28 days"},
		{"en", "dt", "2025-02-28 25:00", "That time does not exist"},
		{"en", "dt", "2025-02-28 10:00", ""},
		{"en", "dt", "2025-02-28T10:00:05", ""},
		{"en", "dt", "2025-02-28", "Enter a date and time"},
	}
	for _, tt := range tests {
		t.Run(tt.lang+"/"+tt.path+"="+tt.typed, func(t *testing.T) {
			s := numbersState(t, tt.lang)
			err := s.Set(tt.path, tt.typed)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("%q refused: %v", tt.typed, err)
				}
				return
			}
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("%q accepted as %q, want %q", tt.typed, s.Answer(tt.path), tt.want)
			}
			if !strings.Contains(ve.Message, tt.want) {
				t.Errorf("message %q, want it to contain %q", ve.Message, tt.want)
			}
		})
	}
}

// FuzzReadNumber reads any text as a typed number in both interview
// languages: no panic; a number read is shown in a way that reads back
// as the same number, and is stored as a number.
func FuzzReadNumber(f *testing.F) {
	for _, s := range []string{"1.500", "1,500", "1.500,5", "1,500.5", "2,5", "50.000", "-0,0", "+.5", "1 500 000", "0.125", "−3", "١٢", "9999999999999999999999"} {
		f.Add(s, true)
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, typed string, whole bool) {
		for _, c := range []convention{indonesian, english} {
			r, ok := readNumber(typed, c, whole)
			if !ok {
				continue
			}
			if whole && r.fraction != "" {
				t.Fatalf("%q read as a whole number %s", typed, r.canonical())
			}
			if _, err := strconv.ParseFloat(r.canonical(), 64); err != nil && !errors.Is(err, strconv.ErrRange) {
				t.Fatalf("%q read as %q, not a number: %v", typed, r.canonical(), err)
			}
			shown := r.in(c)
			back, ok := readNumber(shown, c, whole)
			if !ok || back.canonical() != r.canonical() {
				t.Fatalf("%q read as %s, shown as %q, which reads back as %s (%v)", typed, r.canonical(), shown, back.canonical(), ok)
			}
			if r.other != nil && r.other.canonical() == r.canonical() {
				t.Fatalf("%q: the other reading %s is the same number", typed, r.other.canonical())
			}
			stored, ok := storedNumber(r.canonical())
			if !ok || stored.canonical() != r.canonical() {
				t.Fatalf("%q stored as %s, which reads back as %s", typed, r.canonical(), stored.canonical())
			}
		}
	})
}

// FuzzReadDate reads any text as a typed date, time, and date and time:
// no panic; a date or time accepted is stored in a form that reads back
// as the same.
func FuzzReadDate(f *testing.F) {
	for _, s := range []string{"2025-02-30", "2024-02-29", "17/08/2024", "31-4-2024", "2024-13-01", "25:00", "9:30", "14.30.05", "2025-02-28 10:00", "2025-02-28T10:00:05", "0000-01-01", "99/99/9999"} {
		f.Add(s)
	}
	s := numbersState(f, "en")
	f.Fuzz(func(t *testing.T, typed string) {
		if d, refused, _ := s.readDate(typed); refused == "" {
			back, again, _ := s.readDate(d.Format("2006-01-02"))
			if again != "" || !back.Equal(d) {
				t.Fatalf("%q read as %v, stored as %s, which reads back as %v (%s)", typed, d, d.Format("2006-01-02"), back, again)
			}
		}
		if h, m, _, refused := readTime(typed); refused == "" {
			if h > 23 || m > 59 || h < 0 || m < 0 {
				t.Fatalf("%q read as %d:%d", typed, h, m)
			}
		}
		s.readDateTime(typed)
	})
}

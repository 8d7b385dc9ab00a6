package survey

import (
	"strings"
	"testing"
)

// Numbers people read follow the interface's convention: a decimal
// comma and thousands points in Bahasa Indonesia, the other way round in
// English; figures written for machines (2.6, 1500, < 0.0001) are
// rewritten with their decimals kept.
func TestNumbersShownInTheInterfacesConvention(t *testing.T) {
	for _, tt := range []struct {
		lang Lang
		in   string
		want string
	}{
		{Indonesian, "2.6", "2,6"},
		{English, "2.6", "2.6"},
		{Indonesian, "1500", "1.500"},
		{English, "1500", "1,500"},
		{Indonesian, "1500.50", "1.500,50"},
		{Indonesian, "52% (1500)", "52% (1.500)"},
		{Indonesian, "< 0.0001", "< 0,0001"},
		{Indonesian, "0.0480", "0,0480"},
		{Indonesian, "–", "–"},
		{Indonesian, "-3.5", "-3,5"},
	} {
		if got := tt.lang.Number(tt.in); got != tt.want {
			t.Errorf("%v Number(%q) = %q, want %q", tt.lang, tt.in, got, tt.want)
		}
	}
	if got := Indonesian.T("exporting", 1500, 10000); got != "Mengekspor: 1.500 dari 10.000 wawancara dibaca" {
		t.Errorf("counts in Indonesian: %q", got)
	}
	if got := English.T("exporting", 1500, 10000); got != "Exporting: 1,500 of 10,000 interviews read" {
		t.Errorf("counts in English: %q", got)
	}
}

// The national figure's source is the form's, in the interface's
// language: reference_source::English (en) beside reference_source::Bahasa
// Indonesia (id), as XLSForm translates a column.
func TestReferenceSourceInTheInterfacesLanguage(t *testing.T) {
	for _, tt := range []struct {
		name string
		keys []string
		want string
	}{
		{"Indonesian", []string{"4", "enter"}, "52% orang dewasa Indonesia"},
		{"English", []string{"ctrl+l", "4", "enter"}, "52% of Indonesian adults"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			app, st := newTestApp(t)
			withSimulated(t, app, st, 60)
			screen := string(screenText(finalModelAt(t, app, 120, 40, tt.keys...)))
			if !strings.Contains(screen, tt.want) {
				t.Errorf("the reference line lacks %q:\n%s", tt.want, screen)
			}
		})
	}
}

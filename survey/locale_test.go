package survey

import (
	"path/filepath"
	"strings"
	"testing"

	"siap/internal/fieldwork"
	"siap/questionnaires"
)

// TestLocaleChoosesWordsOfAFormWithoutLanguages: a form with plain label
// columns has no language to follow, so siap's own words are in the
// user's locale, from the first screen to the question; a form with
// languages starts in its default one whatever the locale.
func TestLocaleChoosesWordsOfAFormWithoutLanguages(t *testing.T) {
	plain, err := questionnaires.Parse("plain.csv", []byte("survey,,,\n,type,name,label\n,text,q1,Your village\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	shipped, err := questionnaires.Shipped()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name   string
		form   *questionnaires.Form
		locale Lang
		keys   []string
		want   string
	}{
		{"plain form, English locale, name", plain, English, nil, "What is your name?"},
		{"plain form, Indonesian locale, name", plain, Indonesian, nil, "Siapa nama Anda?"},
		{"plain form, English locale, question", plain, English, []string{"Ani", "enter", "1"}, "Question 1 of 1"},
		{"shipped form, English locale, name", shipped, English, nil, "Siapa nama Anda?"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("NO_COLOR", "1")
			st, key, err := fieldwork.Open(filepath.Join(t.TempDir(), "siap.db"), tt.form)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			app, err := New(Options{Store: st, Form: tt.form, FormKey: key, Now: fixedNow, Locale: tt.locale})
			if err != nil {
				t.Fatal(err)
			}
			drive(app, press(tt.keys...)...)
			if screen := string(screenText(app)); !strings.Contains(screen, tt.want) {
				t.Errorf("the screen lacks %q:\n%s", tt.want, screen)
			}
		})
	}
}

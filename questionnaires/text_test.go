package questionnaires

import "testing"

// TestTextInFallsBackTheSameWayEveryTime: a label in neither the asked
// nor the default language shows another language's text, and always
// the same one, so a screen or a seeded simulation never changes between
// runs.
func TestTextInFallsBackTheSameWayEveryTime(t *testing.T) {
	tests := []struct {
		name           string
		text           Text
		lang, fallback string
		want           string
	}{
		{"asked language", Text{"en": "Age", "id": "Umur"}, "id", "en", "Umur"},
		{"default language", Text{"en": "Age", "id": ""}, "id", "en", "Age"},
		{"no language", Text{"": "Umur", "fr": "Âge"}, "id", "en", "Umur"},
		{"another language, by name", Text{"pt": "Idade", "fr": "Âge", "sw": "Umri"}, "id", "en", "Âge"},
		{"nothing", Text{"pt": ""}, "id", "en", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for range 50 { // map order differs between iterations
				if got := tt.text.In(tt.lang, tt.fallback); got != tt.want {
					t.Fatalf("In(%q, %q) = %q, want %q", tt.lang, tt.fallback, got, tt.want)
				}
			}
		})
	}
}

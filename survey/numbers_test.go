package survey

import (
	"strings"
	"testing"

	"charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"

	"siap/store"
)

// numbersForm asks a decimal and a whole number, with labels in no
// language: numbers are read in the interface's convention.
const numbersForm = "survey\n,type,name,label\n,decimal,x,Distance (km)\n,integer,n,Amount (rupiah)\n"

// TestNumberAsUnderstood: a number typed shows, under the field, how it
// is read in the interface's convention before enter saves it; one the
// Indonesian and English conventions read differently shows the other
// reading too.
func TestNumberAsUnderstood(t *testing.T) {
	tests := []struct {
		name   string
		keys   []string
		shows  string // under the field, before enter
		stored map[string]string
	}{
		{"indonesian thousands", []string{"enter", "1.500"}, "= 1.500 (bukan 1,5)", map[string]string{"x": "1500"}},
		{"english decimal point", []string{"ctrl+l", "enter", "1.500"}, "= 1.5 (not 1,500)", map[string]string{"x": "1.5"}},
		{"both separators", []string{"enter", "1,500.5"}, "= 1.500,5", map[string]string{"x": "1500.5"}},
		{"whole number", []string{"enter", "2,5", "enter", "50.000"}, "", map[string]string{"x": "2.5", "n": "50000"}},
		{"whole number in english", []string{"ctrl+l", "enter", "2.5", "enter", "1.500"}, "= 1,500", map[string]string{"x": "2.5", "n": "1500"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app, st := newFormApp(t, numbersForm)
			app.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
			drive(app, press(tt.keys...)...)
			screen := string(screenText(app))
			if tt.shows != "" && !strings.Contains(screen, tt.shows) {
				t.Errorf("the screen does not show %q:\n%s", tt.shows, screen)
			}
			if tt.shows == "" && strings.Contains(screen, "= ") {
				t.Errorf("a number read as typed is echoed:\n%s", screen)
			}
			drive(app, press("enter")...)
			var vals map[string]string
			st.Each(func(_ store.Interview, v map[string]string) error { vals = v; return nil })
			for path, want := range tt.stored {
				if vals[path] != want {
					t.Errorf("%s stored as %q, want %q", path, vals[path], want)
				}
			}
		})
	}
}

// TestStoredDecimalShownInTheConvention: a decimal stored as 1.125 is
// shown in Indonesian as 1,125, so that enter keeps it one and an eighth.
func TestStoredDecimalShownInTheConvention(t *testing.T) {
	app, st := newFormApp(t, numbersForm)
	drive(app, press("enter", "1,125", "enter", "shift+tab")...)
	q := app.screen.(*questionScreen)
	if got := q.in.value(); got != "1,125" {
		t.Errorf("the stored 1.125 is shown as %q, want 1,125", got)
	}
	drive(app, press("enter")...)
	var vals map[string]string
	st.Each(func(_ store.Interview, v map[string]string) error { vals = v; return nil })
	if vals["x"] != "1.125" {
		t.Errorf("enter on the answer shown changed it to %q", vals["x"])
	}
}

func TestNumberScreens(t *testing.T) {
	tests := []struct {
		name string
		keys []string
	}{
		{"decimal_read_in_indonesian", []string{"enter", "1.500"}},
		{"decimal_read_in_english", []string{"ctrl+l", "enter", "1.500"}},
		{"impossible_date", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := numbersForm
			keys := tt.keys
			if tt.keys == nil {
				src = "survey\n,type,name,label\n,date,d,Date of birth\n"
				keys = []string{"enter", "2025-02-30", "enter"}
			}
			app, _ := newFormApp(t, src)
			golden.RequireEqual(t, finalScreen(t, app, keys...))
		})
	}
}

// TestLanguageSwitchKeepsTheNumber: a number typed, or shown from the
// data file, keeps its value when the language changes: it is written
// again in the other convention.
func TestLanguageSwitchKeepsTheNumber(t *testing.T) {
	tests := []struct {
		name  string
		keys  []string
		shown string
	}{
		{"typed", []string{"enter", "1,125", "ctrl+l"}, "1.125"},
		{"stored", []string{"enter", "1,125", "enter", "shift+tab", "ctrl+l"}, "1.125"},
		{"typed in English", []string{"ctrl+l", "enter", "1,500.5", "ctrl+l"}, "1.500,5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app, st := newFormApp(t, numbersForm)
			drive(app, press(tt.keys...)...)
			q := app.screen.(*questionScreen)
			if got := q.in.value(); got != tt.shown {
				t.Errorf("after the switch the field shows %q, want %q", got, tt.shown)
			}
			drive(app, press("enter")...)
			var vals map[string]string
			st.Each(func(_ store.Interview, v map[string]string) error { vals = v; return nil })
			want := map[string]string{"1.125": "1.125", "1.500,5": "1500.5"}[tt.shown]
			if vals["x"] != want {
				t.Errorf("stored %q, want %q", vals["x"], want)
			}
		})
	}
}

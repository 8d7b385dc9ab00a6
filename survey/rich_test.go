package survey

import (
	"strings"
	"testing"
)

// Labels and hints written with ODK's Markdown and HTML show as the
// formatted text, never as their markup.
func TestFormattedLabelsShowWithoutMarkup(t *testing.T) {
	app, _ := newFormApp(t, "survey,,,,\n,type,name,label,hint\n"+
		",select_one yn,q,\"# Bagian A<br>Going <span style=\"\"color:red\"\">red</span> and **bold**\",_lihat_ [panduan](http://example.org)\n"+
		"choices,,,,\n,list_name,name,label,\n,yn,1,<span style=\"\"color:green\"\">Ya</span>,\n,yn,2,**Tidak**,\n")
	drive(app, press("enter")...)
	screen := string(screenText(app))
	for _, want := range []string{"Bagian A ", "Going red and bold", "lihat panduan (http://example.org)", "Ya", "Tidak"} {
		if !strings.Contains(screen, want) {
			t.Errorf("screen lacks %q:\n%s", want, screen)
		}
	}
	for _, markup := range []string{"**", "<span", "<br>", "# ", "_lihat_", "](", "Bagian A Going"} {
		if strings.Contains(screen, markup) {
			t.Errorf("screen shows markup %q:\n%s", markup, screen)
		}
	}
}

// A form's colours are drawn where the terminal has colour, and not
// under NO_COLOR; bold is drawn either way.
func TestFormColoursFollowNoColor(t *testing.T) {
	text := `Going <span style="color:red">red</span> and **bold**`
	t.Setenv("NO_COLOR", "")
	coloured := newStyles().rich(text, newStyles().label)
	if !strings.Contains(coloured, "38;2;255;0;0") {
		t.Errorf("no red in %q", coloured)
	}
	t.Setenv("NO_COLOR", "1")
	plain := newStyles().rich(text, newStyles().label)
	if strings.Contains(plain, "38;") {
		t.Errorf("colour under NO_COLOR: %q", plain)
	}
	if !strings.Contains(plain, "\x1b[1m") && !strings.Contains(plain, "\x1b[1;") {
		t.Errorf("no bold under NO_COLOR: %q", plain)
	}
}

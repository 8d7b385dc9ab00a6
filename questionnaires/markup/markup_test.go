package markup

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestPlain(t *testing.T) {
	tests := []struct{ in, want string }{
		{"How old are you?", "How old are you?"},
		{"This label has **bold** and *italic* text.", "This label has bold and italic text."},
		{"__strong__ and _em_", "strong and em"},
		{"***both***", "both"},
		{"# Section A", "Section A"},
		{"### Heading three ###", "Heading three"},
		{"Going <span style=\"color:red\">red</span>", "Going red"},
		{"<font color='#008000'>green</font>", "green"},
		{"line one<br>line two<br/>three", "line one\nline two\nthree"},
		{"<p>first</p><p>second</p>", "first\nsecond"},
		{"See [the manual](http://example.com/m_a_n).", "See the manual (http://example.com/m_a_n)."},
		{"[http://x.org](http://x.org)", "http://x.org"},
		{`An asterisk: \* and an underscore: \_ and one slash: \\`, `An asterisk: * and an underscore: _ and one slash: \`},
		{`\# Not a heading`, "# Not a heading"},
		{"Hello, my name is _________________.", "Hello, my name is _________________."},
		{"household_size and member_age", "household_size and member_age"},
		{"2 * 3 * 4 = 24", "2 * 3 * 4 = 24"},
		{"age < 5 and weight > 2", "age < 5 and weight > 2"},
		{"A &amp; B &lt;tag&gt; &#42;x&#42;", "A & B <tag> *x*"},
		{"Tom &amp Jerry", "Tom &amp Jerry"},
		{"<unknown>kept</unknown> <b>bold</b>", "kept bold"},
		{"<span style=\"color:red\">unclosed", "unclosed"},
		{"<span style=\"color:red", "<span style=\"color:red"},
		{"**not closed", "**not closed"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Plain(tt.in); got != tt.want {
			t.Errorf("Plain(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseStyles(t *testing.T) {
	tests := []struct {
		in   string
		want []Line
	}{
		{"a **b** *c*", []Line{{Spans: []Span{{"a ", Style{}}, {"b", Style{Bold: true}}, {" ", Style{}}, {"c", Style{Italic: true}}}}}},
		{"## Title", []Line{{Heading: 2, Spans: []Span{{"Title", Style{}}}}}},
		{"<h3>Title</h3>after", []Line{{Heading: 3, Spans: []Span{{"Title", Style{}}}}, {Spans: []Span{{"after", Style{}}}}}},
		{"Going <span style=\"font-family:cursive; color: Red\">red</span>", []Line{{Spans: []Span{{"Going ", Style{}}, {"red", Style{Color: "red"}}}}}},
		{"**<span style=\"color:#f00\">x</span>**", []Line{{Spans: []Span{{"x", Style{Bold: true, Color: "#f00"}}}}}},
		{"[go](http://g)", []Line{{Spans: []Span{{"go", Style{Link: "http://g"}}}}}},
		{"<u>u</u><s>s</s>", []Line{{Spans: []Span{{"u", Style{Underline: true}}, {"s", Style{Strike: true}}}}}},
		{"one\ntwo", []Line{{Spans: []Span{{"one", Style{}}}}, {Spans: []Span{{"two", Style{}}}}}},
	}
	for _, tt := range tests {
		if got := Parse(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Parse(%q) =\n %+v\nwant\n %+v", tt.in, got, tt.want)
		}
	}
}

func TestRGB(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"red", "#ff0000", true},
		{" Purple ", "#800080", true},
		{"#F58A1F", "#f58a1f", true},
		{"#0f0", "#00ff00", true},
		{"#12", "", false},
		{"notacolour", "", false},
	}
	for _, tt := range tests {
		got, ok := RGB(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("RGB(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

// Whatever the text, reading it never fails, the plain text is the
// lines' text, and no line holds a line break.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"This has **bold**, __bold__, *it*, _it_ and [a link](http://x).",
		"# Heading\n## <span style=\"color:red\">red</span> <br> next",
		`\* \_ \# \\ &amp; &#x2a; <b>b</b> <a href="u">a</a>`,
		"<p style='color:blue'>p</p><h2>h</h2><li>item</li>",
		"***x*** _a_b_ __ ** * _",
		"<span style=\"color:red", "[x](", "&#;", "<1>",
		"# **Bold _heading_** with [a *link*](https://x.org/?a=1&b=2)\n\n###### six\n####### seven",
		"<span style='color:#f00'><b>**nested**</b></span><br/><br />line",
		"1. item\n- item\n> quote `code`", "**unclosed *emphasis _and <span>",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		lines := Parse(s)
		var texts []string
		linked := false
		for _, l := range lines {
			if l.Heading < 0 || l.Heading > 6 {
				t.Fatalf("heading %d", l.Heading)
			}
			var b strings.Builder
			for _, sp := range l.Spans {
				if sp.Text == "" {
					t.Fatalf("empty span in %q", s)
				}
				b.WriteString(sp.Text)
				linked = linked || sp.Style.Link != ""
			}
			if strings.Contains(b.String(), "\n") {
				t.Fatalf("a line of %q holds a line break", s)
			}
			texts = append(texts, b.String())
		}
		if !linked && Plain(s) != strings.Join(texts, "\n") {
			t.Fatalf("Plain(%q) = %q, lines read %q", s, Plain(s), texts)
		}
	})
}

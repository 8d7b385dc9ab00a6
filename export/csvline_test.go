package export

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
)

// TestAppendCSVIsEncodingCSV: the rows an export makes itself are the
// bytes encoding/csv writes, quoting included.
func TestAppendCSVIsEncodingCSV(t *testing.T) {
	records := [][]string{
		{"", "plain", "with,comma", `a "quote"`, "line\nbreak", "cr\rlf", `\.`, ` lead`, "\tlead", "\u00a0nbsp", "\u0085nel", "\u2003em", "trail ", "Ünïcødé"},
		{`\.x`, "\xff\xfe", "\v", "\f", "=1+2", "'quoted'"},
		{""},
		{"", ""},
	}
	for _, r := range records {
		if got, want := string(appendCSV(nil, r...)), encodingCSV(t, r); got != want {
			t.Errorf("%q: written %q, encoding/csv writes %q", r, got, want)
		}
	}
}

func FuzzAppendCSV(f *testing.F) {
	f.Add("a", "b,c", `"`, " x")
	f.Add(`\.`, "\r\n", "\u00a0", "")
	f.Fuzz(func(t *testing.T, a, b, c, d string) {
		r := []string{a, b, c, d}
		if got, want := string(appendCSV(nil, r...)), encodingCSV(t, r); got != want {
			t.Errorf("%q: written %q, encoding/csv writes %q", r, got, want)
		}
	})
}

func encodingCSV(t *testing.T, r []string) string {
	t.Helper()
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	if err := w.Write(r); err != nil {
		t.Fatal(err)
	}
	w.Flush()
	return strings.Clone(b.String())
}

package export

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRScript: data.R gives every column its type, so that R keeps
// identifiers as text, and the labels (TestRScripts runs it in R).
func TestRScript(t *testing.T) {
	st, form := simulated(t, 20)
	dir := t.TempDir()
	if _, err := Run(st, form, dir, Options{Simulated: IncludeSimulated, IncludePII: true}); err != nil {
		t.Fatal(err)
	}
	script, err := os.ReadFile(filepath.Join(dir, "data.R"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`"nik" = "character"`,
		`"phone_number" = "character"`,
		`"resp_age" = "numeric"`,
		`attr(data[["consent"]], "labels") <- c("Ya" = 1, "Tidak" = 2)`,
		`attr(data[["resp_age"]], "label") <- "Berapa umur Bapak/Ibu (tahun)?"`,
		`attr(data[["phone_type"]], "labels") <- c("Ponsel pintar (smartphone) milik sendiri" = "smartphone"`,
	} {
		if !strings.Contains(string(script), want) {
			t.Errorf("data.R lacks %s", want)
		}
	}
}

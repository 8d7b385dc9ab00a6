package export

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestRScript: data.R gives every column its type, so that R keeps
// identifiers as text, and the labels; where R is installed, it runs.
func TestRScript(t *testing.T) {
	st, form := simulated(t, 20)
	dir := t.TempDir()
	res, err := Run(st, form, dir, Options{IncludeSimulated: true, IncludePII: true})
	if err != nil {
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
	rscript, err := exec.LookPath("Rscript")
	if err != nil {
		t.Skip("Rscript is not installed; data.R was checked as text only")
	}
	check := `source("data.R", encoding = "UTF-8")
stopifnot(is.character(data$nik), is.character(data$phone_number), is.numeric(data$resp_age))
stopifnot(all(is.na(data$nik) | nchar(data$nik) == 16), all(is.na(data$phone_number) | substr(data$phone_number, 1, 1) == "0"))
cat(nrow(data), ncol(data), "\n")`
	cmd := exec.Command(rscript, "-e", check)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("R could not read the export: %v\n%s", err, out)
	}
	header, rows := readCSV(t, filepath.Join(dir, "data.csv"))
	if got := strings.Fields(string(out)); len(got) < 2 || got[len(got)-2] != itoa(len(rows)) || got[len(got)-1] != itoa(len(header)) {
		t.Errorf("R read %s; data.csv has %d rows and %d columns (%d interviews)", out, len(rows), len(header), res.Interviews)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

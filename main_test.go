package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
)

func runSiap(args ...string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	code = run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestCommandLine(t *testing.T) {
	shared := filepath.Join("..", "shared", "xlsforms")
	tests := []struct {
		name       string
		args       []string
		code       int
		stdout     string
		stderr     string
		stderrLine bool // stderr must be exactly one line
	}{
		{"help", []string{"--help"}, 0, "Commands:", "", false},
		{"command help", []string{"check", "--help"}, 0, "--strict", "", false},
		{"unknown flag", []string{"--bogus"}, 2, "", "flag provided but not defined: -bogus", true},
		{"unknown command", []string{"frobnicate"}, 2, "", `unknown command "frobnicate"`, true},
		{"unknown command flag", []string{"check", "--nope"}, 2, "", "siap check: flag provided but not defined", true},
		{"check shipped", []string{"check"}, 0, "bansos_readiness.csv (shipped): ok", "", false},
		{"check missing file", []string{"check", "nothere.xlsx"}, 1, "", "nothere.xlsx", true},
		{"check good form", []string{"check", filepath.Join(shared, "group.xlsx")}, 0, "group.xlsx: ok", "", false},
		{"check bad calc", []string{"check", filepath.Join(shared, "bad_calc.xlsx")}, 1, `bad_calc.xlsx: sheet survey, row 2, column "calculation (D)": error:`, "", false},
		{"check duplicate columns", []string{"check", filepath.Join(shared, "duplicate_columns.xlsx")}, 1, `column "label (E)": error: column label (E) means the same as column label (D)`, "", false},
		{"strict refuses geopoint", []string{"check", "--strict", filepath.Join(shared, "widgets.csv")}, 1, "error: my_geopoint has type", "", false},
		{"lenient warns on geopoint", []string{"check", filepath.Join(shared, "widgets.csv")}, 0, "warning: my_geopoint has type", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runSiap(tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tt.code, out, errOut)
			}
			if !strings.Contains(out, tt.stdout) {
				t.Errorf("stdout %q does not contain %q", out, tt.stdout)
			}
			if !strings.Contains(errOut, tt.stderr) {
				t.Errorf("stderr %q does not contain %q", errOut, tt.stderr)
			}
			if tt.stderrLine && strings.Count(errOut, "\n") != 1 {
				t.Errorf("stderr is not one line: %q", errOut)
			}
		})
	}
}

package cli

import (
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
)

func TestBuildString(t *testing.T) {
	tests := []struct {
		name string
		info debug.BuildInfo
		want []string
	}{
		{"a tagged build from a clean checkout", debug.BuildInfo{
			GoVersion: "go1.26.8", Main: debug.Module{Version: "v1.4.0"},
			Settings: []debug.BuildSetting{
				{Key: "GOOS", Value: "windows"}, {Key: "GOARCH", Value: "amd64"},
				{Key: "vcs.revision", Value: "90bfa3a1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7"},
				{Key: "vcs.time", Value: "2026-11-20T03:04:05Z"}, {Key: "vcs.modified", Value: "false"},
			},
		}, []string{"siap v1.4.0\n", "commit 90bfa3a1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7 of 2026-11-20T03:04:05Z\n", "built with go1.26.8 for windows/amd64\n"}},
		{"a build with changes not committed", debug.BuildInfo{
			GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"},
			Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "abc123"}, {Key: "vcs.modified", Value: "true"}},
		}, []string{"siap (devel)\n", "commit abc123, with changes not committed\n"}},
		{"a build without version control", debug.BuildInfo{GoVersion: "go1.26.8"},
			[]string{"siap (devel)\n", "commit unknown (built without version control information)\n", "built with go1.26.8 for " + runtime.GOOS + "/" + runtime.GOARCH}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := buildFrom(&tt.info).String()
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("%q does not contain %q", got, w)
				}
			}
			if tt.info.Settings != nil && !buildFrom(&tt.info).Modified && strings.Contains(got, "not committed") {
				t.Errorf("a clean build says it has changes: %q", got)
			}
		})
	}
}

// TestVersionCommand: siap version and siap --version print the same
// build information, read from this binary.
func TestVersionCommand(t *testing.T) {
	code, byCommand, errOut := runSiap("version")
	if code != 0 || !strings.HasPrefix(byCommand, "siap ") || !strings.Contains(byCommand, runtime.Version()) {
		t.Fatalf("siap version: exit %d, stdout %q, stderr %q", code, byCommand, errOut)
	}
	code, byFlag, errOut := runSiap("--version")
	if code != 0 || byFlag != byCommand {
		t.Errorf("siap --version: exit %d, %q (stderr %q); want %q", code, byFlag, errOut, byCommand)
	}
}

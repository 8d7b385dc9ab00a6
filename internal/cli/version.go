package cli

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"
)

// build is what the Go toolchain recorded in this binary: enough for
// field support to know which build a laptop runs.
type build struct {
	Version  string // the module's version: a tag, a pseudo-version, or (devel)
	Revision string // the commit built, when built from a checkout
	Time     string // that commit's time
	Modified bool   // built with changes not committed
	Go       string // the Go release that built it
	Platform string // GOOS/GOARCH
}

// readBuild reads this binary's build information.
func readBuild() build {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		bi = &debug.BuildInfo{GoVersion: runtime.Version()}
	}
	return buildFrom(bi)
}

func buildFrom(bi *debug.BuildInfo) build {
	b := build{Version: bi.Main.Version, Go: bi.GoVersion, Platform: runtime.GOOS + "/" + runtime.GOARCH}
	var goos, goarch string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			b.Revision = s.Value
		case "vcs.time":
			b.Time = s.Value
		case "vcs.modified":
			b.Modified = s.Value == "true"
		case "GOOS":
			goos = s.Value
		case "GOARCH":
			goarch = s.Value
		}
	}
	if goos != "" && goarch != "" {
		b.Platform = goos + "/" + goarch
	}
	if b.Version == "" {
		b.Version = "(devel)"
	}
	return b
}

// String is what siap version prints, in English.
func (b build) String() string { return b.in(english) }

// in is what siap version prints, in the language.
func (b build) in(l lang) string {
	var s strings.Builder
	fmt.Fprintf(&s, "siap %s\n", b.Version)
	switch {
	case b.Revision == "":
		s.WriteString(textBuildNoCommit[l] + "\n")
	default:
		fmt.Fprintf(&s, textBuildCommit[l], b.Revision)
		if b.Time != "" {
			fmt.Fprintf(&s, textBuildTime[l], b.Time)
		}
		if b.Modified {
			s.WriteString(textBuildModified[l])
		}
		s.WriteString("\n")
	}
	fmt.Fprintf(&s, textBuildWith[l]+"\n", b.Go, b.Platform)
	return s.String()
}

func (c *cli) versionCmd(b build) *cobra.Command {
	return &cobra.Command{
		Use:               "version",
		Short:             "which build of siap this is: version, commit, Go release (as --version)",
		Args:              noArgs,
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE: func(*cobra.Command, []string) error {
			_, err := fmt.Fprint(c.stdout, b.in(c.lang))
			return err
		},
	}
}

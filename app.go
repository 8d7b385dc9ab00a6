package main

import (
	"fmt"
	"os"
	"path/filepath"
)

// runApp opens the interviewer's screen.
func runApp(g *cli) int {
	fmt.Fprintf(g.stdout, "siap would open %s\n", dataPath(g))
	return 0
}

// dataPath is the data file: --data, else $SIAP_DATA, else siap.db in the
// user's data directory.
func dataPath(g *cli) string {
	if g.data != "" {
		return g.data
	}
	if env := os.Getenv("SIAP_DATA"); env != "" {
		return env
	}
	return filepath.Join(userDataDir(), "siap", "siap.db")
}

func defaultDataHint() string { return "~/.local/share/siap/siap.db" }

// userDataDir follows the XDG base directory convention on Linux.
func userDataDir() string {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return d
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "."
	}
	return filepath.Join(home, ".local", "share")
}

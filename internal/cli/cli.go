// Package cli is siap's command line: the global flags, every command,
// and the one place that prints their errors.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"
)

// command is one subcommand of siap.
type command struct {
	name    string
	summary string
	// setup declares the command's flags and returns what runs it.
	setup func(fs *flag.FlagSet, c *cli) func(args []string) int
}

// cli is what every command shares: its output and the global flags.
type cli struct {
	stdout, stderr io.Writer
	data           string        // --data
	form           string        // --form
	noEncryption   bool          // --no-encryption
	lockAfter      time.Duration // --lock-after
	// passphrase is the one the data file was opened with, tried first
	// for packs being merged.
	passphrase string
}

// errorf prints a one-line error for a command.
func (c *cli) errorf(cmd, format string, args ...any) {
	prefix := "siap"
	if cmd != "" {
		prefix += " " + cmd
	}
	fmt.Fprintf(c.stderr, "%s: %s\n", prefix, fmt.Sprintf(format, args...))
}

var commands = []command{
	{"check", "check XLSForm files and list every problem", setupCheck},
	{"simulate", "add simulated complete interviews (for training and tests)", setupSimulate},
	{"list", "list the interviews in the data file", setupList},
	{"progress", "fieldwork per interviewer: interviews by status, median length, quality flags", setupProgress},
	{"verify", "check the data file's consistency and decode every record", setupVerify},
	{"restore", "list the data file's backups, or put one in its place (the current file is kept)", setupRestore},
	{"pack", "write a copy of this laptop's interviews to carry to the supervisor", setupPack},
	{"merge", "bring in interviews from other data files or packs", setupMerge},
	{"export", "write CSV, codebook, paradata, quality flags, and Stata, SPSS and R scripts that load them", setupExport},
	{"summary", "compare the form's indicators across cities, with intervals and tests", setupSummary},
	{"passwd", "change the data file's passphrase", setupPasswd},
	{"erase", "erase an interview for good (a respondent's right to erasure)", setupErase},
}

// exitUsage is the exit status for a command line siap does not accept.
const exitUsage = 2

// Run runs siap with the command line's arguments (without the program
// name) and returns the exit status.
func Run(args []string, stdout, stderr io.Writer) int {
	g := &cli{stdout: stdout, stderr: stderr}
	top := flag.NewFlagSet("siap", flag.ContinueOnError)
	top.SetOutput(io.Discard)
	addGlobalFlags(top, g)
	top.DurationVar(&g.lockAfter, "lock-after", 10*time.Minute, "lock the interviewer's screen behind the passphrase after this long without a key press (0: never)")
	if err := top.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			usage(stdout, top)
			return 0
		}
		fmt.Fprintf(stderr, "siap: %v (see siap --help)\n", err)
		return exitUsage
	}
	rest := top.Args()
	name := ""
	if len(rest) > 0 {
		name, rest = rest[0], rest[1:]
	}
	if name == "" || name == "help" {
		if name == "help" {
			usage(stdout, top)
			return 0
		}
		return runApp(g)
	}
	for _, c := range commands {
		if c.name != name {
			continue
		}
		fs := flag.NewFlagSet("siap "+c.name, flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		addGlobalFlags(fs, g)
		runCmd := c.setup(fs, g)
		if err := fs.Parse(rest); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				commandUsage(stdout, c, fs)
				return 0
			}
			fmt.Fprintf(stderr, "siap %s: %v (see siap %s --help)\n", c.name, err, c.name)
			return exitUsage
		}
		return runCmd(fs.Args())
	}
	fmt.Fprintf(stderr, "siap: unknown command %q (see siap --help)\n", name)
	return exitUsage
}

func addGlobalFlags(fs *flag.FlagSet, g *cli) {
	fs.StringVar(&g.data, "data", g.data, "the data file (default $SIAP_DATA, else "+defaultDataHint()+")")
	fs.StringVar(&g.form, "form", g.form, "start a new data file with this XLSForm instead of the shipped questionnaire")
	fs.BoolVar(&g.noEncryption, "no-encryption", g.noEncryption, "make a new data file without encryption (training only: it holds personal data in clear)")
}

func usage(w io.Writer, top *flag.FlagSet) {
	fmt.Fprintln(w, "siap: run XLSForm questionnaires as terminal interviews")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Usage:")
	fmt.Fprintln(w, "  siap [flags]               open the interviewer's screen")
	fmt.Fprintln(w, "  siap [flags] COMMAND ...   run a command")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Commands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Flags:")
	printFlags(w, top)
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run siap COMMAND --help for a command's flags.")
}

func commandUsage(w io.Writer, c command, fs *flag.FlagSet) {
	fmt.Fprintf(w, "siap %s: %s\n\nFlags:\n", c.name, c.summary)
	printFlags(w, fs)
}

func printFlags(w io.Writer, fs *flag.FlagSet) {
	fs.VisitAll(func(f *flag.Flag) {
		name, help := flag.UnquoteUsage(f)
		arg := "--" + f.Name
		if name != "" {
			arg += " " + name
		}
		help = strings.TrimSpace(help)
		// Defaults worth knowing are shown, as the flag package does; false
		// and empty ones say nothing.
		if d := f.DefValue; d != "" && d != "false" && d != "0" && !strings.Contains(help, "default") {
			help += " (default " + d + ")"
		}
		fmt.Fprintf(w, "  %-22s %s\n", arg, help)
	})
}

// Package cli is siap's command line: the global flags, every command,
// and the one place that prints their errors (report).
//
// A command is a file here with a constructor returning a
// *cobra.Command, added in newRoot. Its RunE returns an error: usagef for
// a command line siap does not accept (exit status 2), failf or any
// other error for one that failed (exit status 1).
package cli

import (
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"
)

// cli is what every command shares: its output, its language and the
// global flags.
type cli struct {
	stdout, stderr io.Writer
	lang           lang
	data           string        // --data
	form           string        // --form
	noEncryption   bool          // --no-encryption
	lockAfter      time.Duration // --lock-after
	// passphrase is the one the data file was opened with, tried first
	// for packs being merged.
	passphrase string
	// givenPassphrase is one read from a file (siap serve
	// --passphrase-file, named by passphraseFrom), used before
	// $SIAP_PASSPHRASE.
	givenPassphrase, passphraseFrom string
	// server and serverPassFile are a reader's --server and
	// --passphrase-file: headquarters' database read instead of the
	// data file.
	server, serverPassFile string
}

// Run runs siap with the command line's arguments (without the program
// name) and returns the exit status: 0, 1 when a command failed, 2 when
// the command line is not one siap accepts. Errors are printed in the
// language the locale names (see languageOf).
func Run(args []string, stdout, stderr io.Writer) int {
	c := &cli{stdout: stdout, stderr: stderr, lang: languageOf(os.Getenv)}
	root := c.newRoot()
	root.SetArgs(args)
	cmd, err := root.ExecuteC()
	return c.report(cmd, err)
}

func (c *cli) newRoot() *cobra.Command {
	// Commands are listed in the order below: the interviewer's, the
	// supervisor's, then the file's care, not alphabetically.
	cobra.EnableCommandSorting = false
	// An interviewer on Windows may open siap by double-clicking it:
	// that opens the interviewer's screen, not cobra's advice to use a
	// terminal.
	cobra.MousetrapHelpText = ""
	build := readBuild()
	root := &cobra.Command{
		Use:   "siap",
		Short: "run XLSForm questionnaires as terminal interviews",
		Long: "siap: run XLSForm questionnaires as terminal interviews.\n\n" +
			"Without a command, siap opens the interviewer's screen on the data file.",
		Version:           build.in(c.lang),
		Args:              unknownCommand,
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE:              func(*cobra.Command, []string) error { return c.runApp() },
		SilenceErrors:     true,
		SilenceUsage:      true,
		// One typo away suggests the command meant.
		SuggestionsMinimumDistance: 2,
	}
	root.SetVersionTemplate("{{.Version}}")
	root.SetOut(c.stdout)
	root.SetErr(c.stderr)
	root.SetFlagErrorFunc(flagError)
	global := root.PersistentFlags()
	global.StringVar(&c.data, "data", "", helpDataFlag.in(c.lang, defaultDataHint()))
	global.StringVar(&c.form, "form", "", "start a new data file with this XLSForm instead of the shipped questionnaire")
	global.BoolVar(&c.noEncryption, "no-encryption", false, "make a new data file without encryption (training only: it holds personal data in clear)")
	// Declared here so that it says what it prints; cobra still answers it.
	root.Flags().Bool("version", false, "print which build of siap this is (as siap version)")
	root.Flags().DurationVar(&c.lockAfter, "lock-after", 10*time.Minute, "lock the interviewer's screen behind the passphrase after this long without a key press (0: never)")
	root.AddCommand(
		c.checkCmd(), c.simulateCmd(), c.listCmd(), c.progressCmd(), c.verifyCmd(), c.restoreCmd(),
		c.packCmd(), c.mergeCmd(), c.syncCmd(), c.exportCmd(), c.summaryCmd(), c.keyCmd(), c.passwdCmd(), c.eraseCmd(),
		c.serveCmd(), c.versionCmd(build), c.manCmd(),
	)
	c.localiseHelp(root)
	return root
}

// unknownCommand refuses a word after siap that names no command,
// suggesting the nearest one.
func unknownCommand(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	if near := cmd.SuggestionsFor(args[0]); len(near) > 0 {
		return usagef(textDidYouMean, args[0], near[0])
	}
	return usagef(textUnknownCommand, args[0])
}

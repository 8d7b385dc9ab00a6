package cli

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"siap/export"
	"siap/store"
)

func (c *cli) verifyCmd() *cobra.Command {
	var salvage string
	cmd := &cobra.Command{
		Use:   "verify [--salvage NEW]",
		Short: "check the data file's consistency and decode every record",
		Long: "Check the data file's consistency and decode every record. Exit status 1 on any problem.\n" +
			"With --salvage NEW, also write a new data file holding everything that reads: an interview with\n" +
			"a damaged part is left out whole, and named. NEW opens with the same passphrase.",
		Args:              noArgs,
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE:              func(*cobra.Command, []string) error { return c.verify(salvage) },
	}
	cmd.Flags().StringVar(&salvage, "salvage", "", "write everything readable into this new data file")
	c.serverFlags(cmd)
	return cmd
}

func (c *cli) verify(salvage string) error {
	streaming()
	if c.server != "" {
		return c.verifyServer(salvage)
	}
	if c.serverPassFile != "" {
		return usagef(textPassFileNoServer)
	}
	st, err := openStore(c, dataPath(c), true)
	if err != nil {
		return err
	}
	defer st.Close()
	if salvage != "" {
		res, err := st.Salvage(salvage)
		if err != nil {
			return err
		}
		fmt.Fprint(c.stdout, textSalvaged.in(c.lang, salvage, counted(c.lang, res.Interviews, nounInterview)))
		if len(res.Lost) > 0 {
			fmt.Fprint(c.stdout, textSalvageLost.in(c.lang, strings.Join(res.Lost, ", ")))
		}
		if len(res.Skipped) > 0 {
			fmt.Fprint(c.stdout, textSalvageSkipped.in(c.lang, strings.Join(res.Skipped, ", ")))
		}
		fmt.Fprintln(c.stdout)
	}
	// The facts the screens read are checked against the answers under
	// the file's questionnaire, when it has one that reads.
	if src, err := st.CurrentForm(); err == nil {
		if form, err := parseStored(src); err == nil {
			if err := st.SetIndexer(export.NewIndexer(form), nil); err != nil {
				return err
			}
		}
	}
	report, err := st.Verify()
	if err != nil {
		return err
	}
	c.printVerified(st.Path(), report)
	if len(report.Problems) > 0 {
		backups, _ := store.Backups(st.Path())
		if len(backups) > 0 {
			fmt.Fprintln(c.stdout, textNewestBackup.in(c.lang, backups[len(backups)-1]))
		}
		return errReported
	}
	fmt.Fprintln(c.stdout, textNoProblems.in(c.lang))
	return nil
}

// verifyServer opens every value headquarters' database keeps; the
// database's pages are PostgreSQL's to check.
func (c *cli) verifyServer(salvage string) error {
	if salvage != "" {
		return usagef(textServerSalvage)
	}
	st, err := c.openServer()
	if err != nil {
		return err
	}
	defer st.Close()
	report, err := st.Verify()
	if err != nil {
		return err
	}
	c.printVerified(st.Location(), report)
	if len(report.Problems) > 0 {
		return errReported
	}
	fmt.Fprintln(c.stdout, textNoProblems.in(c.lang))
	return nil
}

// printVerified prints what verify checked, and its notes and problems
// (the store's own words, in English).
func (c *cli) printVerified(where string, report store.Report) {
	fmt.Fprintln(c.stdout, textVerified.in(c.lang, where, report.Interviews, report.Answers, report.Events, report.Forms))
	for _, n := range report.Notes {
		fmt.Fprintln(c.stdout, textVerifyNote.in(c.lang, c.problemText(n)))
	}
	for _, p := range report.Problems {
		fmt.Fprintln(c.stdout, textVerifyProblem.in(c.lang, c.problemText(p)))
	}
}

// problemText words what verify found in the command line's language,
// the store's errors it names worded alike.
func (c *cli) problemText(p store.Problem) string {
	return p.In(c.lang.code(), func(err error) string {
		// A page that faults stops verify's reading: its own words
		// (run verify) would send the user back here.
		var d *store.DamagedError
		if errors.As(err, &d) {
			return textVerifyStopped.in(c.lang)
		}
		return c.inLanguage(err)
	})
}

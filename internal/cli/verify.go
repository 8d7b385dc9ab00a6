package cli

import (
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
		fmt.Fprintf(c.stdout, "wrote %s with %s", salvage, counted(res.Interviews, "interview"))
		if len(res.Lost) > 0 {
			fmt.Fprintf(c.stdout, "; left out, damaged: %s", strings.Join(res.Lost, ", "))
		}
		if len(res.Skipped) > 0 {
			fmt.Fprintf(c.stdout, "; other records left out: %s", strings.Join(res.Skipped, ", "))
		}
		fmt.Fprintln(c.stdout)
	}
	// The facts the screens read are checked against the answers under
	// the file's questionnaire, when it has one that reads.
	if src, err := st.CurrentForm(); err == nil {
		if form, err := parseStored(src); err == nil {
			if err := st.SetIndexer(export.NewIndexer(form)); err != nil {
				return err
			}
		}
	}
	report, err := st.Verify()
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "%s: %s\n", st.Path(), report)
	if len(report.Problems) > 0 {
		backups, _ := store.Backups(st.Path())
		if len(backups) > 0 {
			fmt.Fprintf(c.stdout, "the newest backup is %s: copy it over the data file to restore it\n", backups[len(backups)-1])
		}
		return errReported
	}
	fmt.Fprintln(c.stdout, "no problems found")
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
	fmt.Fprintf(c.stdout, "%s: %s\n", st.Location(), report)
	if len(report.Problems) > 0 {
		return errReported
	}
	fmt.Fprintln(c.stdout, "no problems found")
	return nil
}

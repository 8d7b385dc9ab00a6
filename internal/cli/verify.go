package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"siap/store"
)

func (c *cli) verifyCmd() *cobra.Command {
	return &cobra.Command{
		Use:               "verify",
		Short:             "check the data file's consistency and decode every record",
		Long:              "Check the data file's consistency and decode every record. Exit status 1 on any problem.",
		Args:              noArgs,
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE:              func(*cobra.Command, []string) error { return c.verify() },
	}
}

func (c *cli) verify() error {
	st, err := openStore(c, dataPath(c), true)
	if err != nil {
		return err
	}
	defer st.Close()
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

package cli

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"siap/store"
)

func (c *cli) restoreCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "restore [BACKUP]",
		Short: "list the data file's backups, or put one in its place (the current file is kept)",
		Long: "Without BACKUP, list the data file's backups. With one, check it (passphrase, consistency) and put it\n" +
			"in place of the data file, keeping the file it replaces beside it. Close siap first.",
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) > 1 {
				return usagef(textRestoreOne, len(args))
			}
			return nil
		},
		RunE: func(_ *cobra.Command, args []string) error {
			if len(args) == 0 {
				return c.listBackups()
			}
			return c.restore(args[0])
		},
	}
}

func (c *cli) listBackups() error {
	path := dataPath(c)
	backups, err := store.Backups(path)
	if err != nil {
		return err
	}
	if len(backups) == 0 {
		fmt.Fprintf(c.stdout, "%s has no backups yet (siap makes one when it opens a file that changed, at most once a day)\n", path)
		return nil
	}
	fmt.Fprintf(c.stdout, "Backups of %s, oldest first; restore one with siap restore FILE:\n", path)
	for _, b := range backups {
		if info, err := os.Stat(b); err == nil {
			fmt.Fprintf(c.stdout, "  %s  %s  %d KB\n", b, info.ModTime().Local().Format("2006-01-02 15:04:05"), info.Size()/1024)
		}
	}
	return nil
}

func (c *cli) restore(backup string) error {
	path := dataPath(c)
	if _, err := os.Stat(backup); err != nil {
		return failf(textRestoreMissing, backup, err)
	}
	// The backup must open and be sound before it replaces anything.
	b, err := openStore(c, backup, true)
	if err != nil {
		return err
	}
	report, err := b.Verify()
	b.Close()
	if err != nil {
		return err
	}
	if len(report.Problems) > 0 {
		return failf(textRestoreDamaged, backup, report.Problems[0])
	}
	replaced, err := store.Restore(path, backup)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "restored %s from %s (%d interviews)\n", path, filepath.Base(backup), report.Interviews)
	if replaced != "" {
		fmt.Fprintf(c.stdout, "the file it replaced is kept as %s; delete it when you are sure\n", replaced)
	}
	return nil
}

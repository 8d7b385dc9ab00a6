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
		fmt.Fprintln(c.stdout, textNoBackups.in(c.lang, path))
		return nil
	}
	fmt.Fprintln(c.stdout, textBackupsOf.in(c.lang, path))
	for _, b := range backups {
		if info, err := os.Stat(b); err == nil {
			fmt.Fprintln(c.stdout, textBackupLine.in(c.lang, b, info.ModTime().Local().Format("2006-01-02 15:04:05"), info.Size()/1024))
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
		return failf(textRestoreDamaged, backup, c.problemText(report.Problems[0]))
	}
	replaced, err := store.Restore(path, backup)
	if err != nil {
		return err
	}
	fmt.Fprintln(c.stdout, textRestored.in(c.lang, path, filepath.Base(backup), counted(c.lang, report.Interviews, nounInterview)))
	if replaced != "" {
		fmt.Fprintln(c.stdout, textRestoredKept.in(c.lang, replaced))
	}
	return nil
}

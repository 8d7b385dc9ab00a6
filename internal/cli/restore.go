package cli

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"siap/store"
)

func setupRestore(fs *flag.FlagSet, c *cli) func([]string) int {
	return func(args []string) int {
		path := dataPath(c)
		backups, err := store.Backups(path)
		if err != nil {
			c.errorf("restore", "%v", err)
			return 1
		}
		if len(args) == 0 {
			if len(backups) == 0 {
				fmt.Fprintf(c.stdout, "%s has no backups yet (siap makes one each time it opens the file)\n", path)
				return 0
			}
			fmt.Fprintf(c.stdout, "Backups of %s, oldest first; restore one with siap restore FILE:\n", path)
			for _, b := range backups {
				if info, err := os.Stat(b); err == nil {
					fmt.Fprintf(c.stdout, "  %s  %s  %d KB\n", b, info.ModTime().Local().Format("2006-01-02 15:04:05"), info.Size()/1024)
				}
			}
			return 0
		}
		if len(args) > 1 {
			c.errorf("restore", "name one backup to restore, not %d", len(args))
			return exitUsage
		}
		backup := args[0]
		if _, err := os.Stat(backup); err != nil {
			c.errorf("restore", "backup %s: %v", backup, err)
			return 1
		}
		// The backup must open and be sound before it replaces anything.
		b, err := openStore(c, backup, true)
		if err != nil {
			c.errorf("restore", "%v", err)
			return 1
		}
		report, err := b.Verify()
		b.Close()
		if err != nil {
			c.errorf("restore", "%v", err)
			return 1
		}
		if len(report.Problems) > 0 {
			c.errorf("restore", "backup %s is damaged (%s); choose another (siap restore lists them)", backup, report.Problems[0])
			return 1
		}
		replaced, err := store.Restore(path, backup)
		if err != nil {
			c.errorf("restore", "%v", err)
			return 1
		}
		fmt.Fprintf(c.stdout, "restored %s from %s (%d interviews)\n", path, filepath.Base(backup), report.Interviews)
		if replaced != "" {
			fmt.Fprintf(c.stdout, "the file it replaced is kept as %s; delete it when you are sure\n", replaced)
		}
		return 0
	}
}

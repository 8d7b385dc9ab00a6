package cli

import (
	"flag"
	"fmt"

	"siap/store"
)

func setupVerify(fs *flag.FlagSet, c *cli) func([]string) int {
	return func(args []string) int {
		if len(args) > 0 {
			c.errorf("verify", "unexpected argument %q", args[0])
			return exitUsage
		}
		st, err := openStore(c, dataPath(c), true)
		if err != nil {
			c.errorf("verify", "%v", err)
			return 1
		}
		defer st.Close()
		report, err := st.Verify()
		if err != nil {
			c.errorf("verify", "%v", err)
			return 1
		}
		fmt.Fprintf(c.stdout, "%s: %s\n", st.Path(), report)
		if len(report.Problems) > 0 {
			backups, _ := store.Backups(st.Path())
			if len(backups) > 0 {
				fmt.Fprintf(c.stdout, "the newest backup is %s: copy it over the data file to restore it\n", backups[len(backups)-1])
			}
			return 1
		}
		fmt.Fprintln(c.stdout, "no problems found")
		return 0
	}
}

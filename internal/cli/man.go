package cli

import (
	"fmt"

	mcobra "github.com/muesli/mango-cobra"
	"github.com/muesli/roff"
	"github.com/spf13/cobra"
)

// manCmd writes siap's manual page, made from the commands and flags
// themselves, so that it never differs from --help.
func (c *cli) manCmd() *cobra.Command {
	return &cobra.Command{
		Use:               "man",
		Short:             "write siap's manual page (siap man > siap.1)",
		Args:              noArgs,
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE: func(cmd *cobra.Command, _ []string) error {
			page, err := mcobra.NewManPage(1, cmd.Root())
			if err != nil {
				return err
			}
			page = page.WithSection("Environment",
				"SIAP_DATA: the data file when --data is not given.\n"+
					"SIAP_PASSPHRASE, SIAP_NEW_PASSPHRASE, SIAP_PACK_PASSPHRASE: passphrases for scripts (other programs of the same user can read them).\n"+
					"LC_ALL, LC_MESSAGES, LANG: the first one set chooses the language of errors: Bahasa Indonesia when it starts with id (id_ID.UTF-8), else English.\n"+
					"NO_COLOR: no colours on screen.")
			_, err = fmt.Fprint(c.stdout, page.Build(roff.NewDocument()))
			return err
		},
	}
}

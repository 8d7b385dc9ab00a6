package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"siap/store"
)

func (c *cli) keyCmd() *cobra.Command {
	var trust string
	var supervisor, listTrusted bool
	cmd := &cobra.Command{
		Use:   "key [--trusted | --trust NAME KEY]",
		Short: "print this data file's public key, or trust a teammate's",
		Long: "Print this data file's public key, and nothing else, so that $(siap key) is the key. Give it to\n" +
			"the teammates who send you packs: they encrypt packs for it, and only this data file opens them.\n" +
			"With --trusted, list the teammates' keys it trusts instead, one a line: name, key, role.\n" +
			"With --trust NAME KEY, trust a teammate's key under their name (an interviewer's name as their\n" +
			"interviews carry it); --supervisor makes it a key siap pack encrypts for by default.",
		Args: func(_ *cobra.Command, args []string) error {
			switch {
			case trust == "" && len(args) > 0:
				return usagef(textUnexpectedArg, args[0])
			case trust != "" && len(args) != 1:
				return usagef(textKeyTrustArgs)
			case trust == "" && supervisor:
				return usagef(textKeySupervisor)
			case trust != "" && listTrusted:
				return usagef(textKeyTrustedAlone)
			}
			return nil
		},
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE: func(cmd *cobra.Command, args []string) error {
			if trust != "" {
				return c.trustKey(trust, args[0], supervisor)
			}
			if listTrusted {
				return c.printTrusted(cmd)
			}
			return c.printKey()
		},
	}
	cmd.Flags().StringVar(&trust, "trust", "", "trust the public key given after it under this name")
	cmd.Flags().BoolVar(&listTrusted, "trusted", false, "list the teammates' public keys this data file trusts")
	cmd.Flags().BoolVar(&supervisor, "supervisor", false, "with --trust: a supervisor's key, which packs are encrypted for by default")
	return cmd
}

// openForKeys opens the data file for writing, without giving a new one
// a questionnaire (a supervisor's new file takes it from the first pack
// merged): a file of an earlier siap gets its key pair then, and the
// questionnaire's supervisor key is recorded.
func (c *cli) openForKeys() (*store.Store, error) {
	st, err := openStore(c, dataPath(c), false)
	if err != nil {
		return nil, err
	}
	if src, err := st.CurrentForm(); err == nil {
		form, err := parseStored(src)
		if err == nil {
			err = st.TrustSupervisor(form.SupervisorKey)
		}
		if err != nil {
			st.Close()
			return nil, err
		}
	}
	if !st.Encrypted() {
		c.warnPlain(st.Path())
	}
	return st, nil
}

// printKey prints the public key alone: scripts and teammates take the
// whole of stdout as the key.
func (c *cli) printKey() error {
	st, err := c.openForKeys()
	if err != nil {
		return err
	}
	defer st.Close()
	own, err := st.PublicKey()
	if err != nil {
		return err
	}
	fmt.Fprintln(c.stdout, own)
	return nil
}

// printTrusted lists the teammates' keys, tab-separated: name, key and,
// for a supervisor's key, the role in the interface's language.
func (c *cli) printTrusted(cmd *cobra.Command) error {
	st, err := c.openForKeys()
	if err != nil {
		return err
	}
	defer st.Close()
	trusted, err := st.Trusted()
	if err != nil {
		return err
	}
	if len(trusted) == 0 {
		c.notef(cmd, textKeyNoneTrusted)
		return nil
	}
	for _, t := range trusted {
		line := t.Name + "\t" + t.Key
		if t.Supervisor {
			line += "\t" + textKeyRoleSupervisor.in(c.lang)
		}
		fmt.Fprintln(c.stdout, line)
	}
	return nil
}

func (c *cli) trustKey(name, key string, supervisor bool) error {
	if _, err := store.ParsePublicKey(key); err != nil {
		return usagef(textKeyBad, key)
	}
	st, err := c.openForKeys()
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.Trust(store.TrustedKey{Name: name, Key: key, Supervisor: supervisor}); err != nil {
		return err
	}
	fmt.Fprintln(c.stdout, textKeyTrusted.in(c.lang, st.Path(), key, name, name))
	return nil
}

// warnPlain says, on stderr, that a data file is not encrypted.
func (c *cli) warnPlain(path string) {
	fmt.Fprintln(c.stderr, textNotEncrypted.in(c.lang, path))
}

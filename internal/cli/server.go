package cli

import (
	"context"
	"errors"
	"strings"

	"github.com/spf13/cobra"

	"siap/questionnaires"
	"siap/store"
	"siap/store/postgres"
)

// openPostgres opens a study kept in PostgreSQL, its refusals worded in
// the command line's languages.
func openPostgres(ctx context.Context, url, passphrase string, create bool) (store.Interviews, error) {
	db, err := postgres.Open(ctx, url, postgres.Options{Passphrase: passphrase, Create: create})
	if err != nil {
		return nil, postgresRefusal(url, err)
	}
	return db, nil
}

// postgresRefusal words a study in PostgreSQL that did not open.
func postgresRefusal(url string, err error) error {
	where := postgres.Describe(url)
	var unreachable *postgres.UnreachableError
	switch {
	case where == "":
		return usagef(textServerURL)
	case errors.Is(err, postgres.ErrNoStudy):
		return failf(textServerNoStudy, where)
	case errors.Is(err, store.ErrWrongPassphrase):
		return failf(textServerWrongPass, where)
	case errors.As(err, &unreachable):
		return failf(textServerUnreachable, where, unreachable.Cause)
	}
	return err
}

// serverFlags are --server and --passphrase-file, on a command that
// reads interviews.
func (c *cli) serverFlags(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&c.server, "server", "", "read headquarters' database (postgres://USER@HOST:PORT/DATABASE) instead of the data file")
	fl.StringVar(&c.serverPassFile, "passphrase-file", "", "with --server: a file readable by its owner alone (chmod 600) holding headquarters' passphrase; without it, $SIAP_PASSPHRASE or a prompt")
	cmd.MarkFlagFilename("passphrase-file")
}

// openServer opens headquarters' database named by --server, with the
// passphrase from --passphrase-file, $SIAP_PASSPHRASE or a prompt.
func (c *cli) openServer() (store.Interviews, error) {
	switch {
	case c.data != "":
		return nil, usagef(textServerAndData)
	case !strings.HasPrefix(c.server, "postgres://") && !strings.HasPrefix(c.server, "postgresql://"):
		return nil, usagef(textServerURL)
	}
	if c.serverPassFile != "" {
		p, err := readPassphraseFile(c.serverPassFile)
		if err != nil {
			return nil, err
		}
		c.givenPassphrase, c.passphraseFrom = p, c.serverPassFile
	}
	pass, _, err := c.serverPassphrase()
	if err != nil {
		return nil, err
	}
	return openPostgres(context.Background(), c.server, pass, false)
}

// openReader opens the interviews a reader (list, progress, summary,
// export) reads: headquarters' database with --server, else the data
// file, read-only; and the questionnaire new interviews are taken with.
func openReader(c *cli) (store.Interviews, *questionnaires.Form, error) {
	if c.server == "" {
		if c.serverPassFile != "" {
			return nil, nil, usagef(textPassFileNoServer)
		}
		return openData(c, true)
	}
	st, err := c.openServer()
	if err != nil {
		return nil, nil, err
	}
	src, err := st.CurrentForm()
	if errors.Is(err, store.ErrNotFound) {
		err = failf(textServerNoForm, st.Location())
	}
	var form *questionnaires.Form
	if err == nil {
		form, err = parseStored(src)
	}
	if err != nil {
		st.Close()
		return nil, nil, err
	}
	return st, form, nil
}

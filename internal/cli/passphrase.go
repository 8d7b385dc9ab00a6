package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"charm.land/huh/v2"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"siap/store"
)

// passphraseEnv lets scripts give the passphrase without a prompt; the
// README says what that risks.
const passphraseEnv = "SIAP_PASSPHRASE"

// maxTries is how often a wrong passphrase may be typed again.
const maxTries = 3

// interactive reports whether a person can be asked at the terminal.
func interactive() bool { return term.IsTerminal(os.Stdin.Fd()) && term.IsTerminal(os.Stdout.Fd()) }

// askPassphrase asks for a passphrase with hidden input; a new one is
// asked twice and must be hard to guess (checkNewPassphrase).
func (c *cli) askPassphrase(title string, isNew bool) (string, error) {
	var p, again string
	fields := []huh.Field{
		huh.NewInput().Title(title).EchoMode(huh.EchoModePassword).Value(&p).Validate(func(s string) error {
			if s == "" {
				return errors.New(textPassRequired.in(c.lang))
			}
			if err := c.checkNewPassphrase(s, ""); isNew && err != nil {
				return errors.New(c.inLanguage(err))
			}
			return nil
		}),
	}
	if isNew {
		fields = append(fields, huh.NewInput().Title(textPassAgain.in(c.lang)).EchoMode(huh.EchoModePassword).Value(&again).Validate(func(s string) error {
			if s != p {
				return errors.New(textPassDiffer.in(c.lang))
			}
			return nil
		}))
	}
	if err := huh.NewForm(huh.NewGroup(fields...)).WithShowHelp(false).Run(); err != nil {
		if errors.Is(err, huh.ErrUserAborted) {
			return "", failf(textNoPassphrase)
		}
		return "", err
	}
	return p, nil
}

// openStore opens the data file at path, asking for its passphrase when
// it is encrypted, and for a new one when a new file is made (unless
// --no-encryption). SIAP_PASSPHRASE answers without asking.
func openStore(c *cli, path string, readOnly bool) (*store.Store, error) {
	exists, encrypted, err := store.Inspect(path)
	if err != nil {
		return nil, err
	}
	if !exists && readOnly {
		return nil, failf(textNoDataFile, path)
	}
	pass, from := os.Getenv(passphraseEnv), passphraseEnv
	if c.givenPassphrase != "" {
		pass, from = c.givenPassphrase, c.passphraseFrom
	}
	switch {
	case !exists && c.noEncryption:
		pass = ""
	case !exists && pass == "" && interactive():
		if pass, err = c.askPassphrase(textAskNewPass.in(c.lang, path), true); err != nil {
			return nil, err
		}
	case !exists && pass == "":
		return nil, failf(textNewNeedsPass, passphraseEnv)
	case !exists:
		if err := c.checkNewPassphrase(pass, from); err != nil {
			return nil, err
		}
	case exists && !encrypted:
		pass = ""
	case pass == "" && !interactive():
		return nil, failf(textEncrypted, path, passphraseEnv)
	}
	for try := 1; ; try++ {
		if encrypted && pass == "" {
			if pass, err = c.askPassphrase(textAskPass.in(c.lang, path), false); err != nil {
				return nil, err
			}
		}
		st, err := store.Open(path, store.Options{ReadOnly: readOnly, Passphrase: pass})
		if errors.Is(err, store.ErrWrongPassphrase) && interactive() && os.Getenv(passphraseEnv) == "" && c.givenPassphrase == "" && try < maxTries {
			fmt.Fprintln(c.stderr, textPassTryAgain.in(c.lang))
			pass = ""
			continue
		}
		if err == nil {
			c.passphrase = pass
		}
		return st, err
	}
}

// checkNewPassphrase refuses a new passphrase too short or too easy to
// guess, in the command line's language; from names where it came from
// ($SIAP_PASSPHRASE), or "" for one typed.
func (c *cli) checkNewPassphrase(p, from string) error {
	var weak *store.WeakPassphraseError
	err := store.CheckNewPassphrase(p, filepath.Base(dataPath(c)))
	switch {
	case !errors.As(err, &weak):
		return err
	case weak.TooShort && from != "":
		return failf(textPassTooShort, from, store.MinPassphrase)
	case weak.TooShort:
		return failf(textPassShort, store.MinPassphrase)
	case from != "":
		return failf(textPassWeakFrom, from)
	}
	return failf(textPassWeak)
}

// otherPassphrase is the passphrase of another file locked by one (a
// data file, a backup, a pack of an earlier siap): the one given for this
// data file first, then SIAP_PACK_PASSPHRASE, then asked. Packs made for
// this file need none.
func (c *cli) otherPassphrase(path, tried string) (string, error) {
	if p := os.Getenv("SIAP_PACK_PASSPHRASE"); p != "" && p != tried {
		return p, nil
	}
	if !interactive() {
		return "", failf(textPackPassphrase, path)
	}
	return c.askPassphrase(textAskPackPass.in(c.lang, path), false)
}

func (c *cli) passwdCmd() *cobra.Command {
	var rotate bool
	cmd := &cobra.Command{
		Use:   "passwd",
		Short: "change the data file's passphrase",
		Long: "Change the data file's passphrase: only the key is rewrapped, so this is instant, and backups\n" +
			"made before keep the old one. With --rotate, the data file and its backups are encrypted again\n" +
			"under a new key, so that neither the old passphrase nor the old key opens any of them: do that\n" +
			"when the passphrase or a copy of the file may have leaked.\n" +
			"Scripts give the current one in $SIAP_PASSPHRASE and the new one in $SIAP_NEW_PASSPHRASE.",
		Args:              noArgs,
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE:              func(*cobra.Command, []string) error { return c.passwd(rotate) },
	}
	cmd.Flags().BoolVar(&rotate, "rotate", false, "encrypt the data file and its backups again under a new key (after a leak)")
	return cmd
}

func (c *cli) passwd(rotate bool) error {
	path := dataPath(c)
	old := os.Getenv(passphraseEnv)
	if old == "" {
		if !interactive() {
			return failf(textPasswdOld, passphraseEnv)
		}
		var err error
		if old, err = c.askPassphrase(textAskCurrentPass.in(c.lang, path), false); err != nil {
			return err
		}
	}
	st, err := store.Open(path, store.Options{Passphrase: old})
	if err != nil {
		return err
	}
	defer st.Close()
	next := os.Getenv("SIAP_NEW_PASSPHRASE")
	if next == "" {
		if !interactive() {
			return failf(textPasswdNew)
		}
		if next, err = c.askPassphrase(textAskNewPassShort.in(c.lang), true); err != nil {
			return err
		}
	} else if err := c.checkNewPassphrase(next, "SIAP_NEW_PASSPHRASE"); err != nil {
		return err
	}
	if !rotate {
		if err := st.ChangePassphrase(old, next); err != nil {
			return err
		}
		fmt.Fprintln(c.stdout, textPasswdChanged.in(c.lang, path))
		return nil
	}
	res, err := st.Rotate(old, next)
	if err != nil {
		return err
	}
	fmt.Fprintln(c.stdout, textPasswdRotated.in(c.lang, path, len(res.Rewritten)-1))
	if len(res.Left) > 0 {
		return failf(textRotateLeft, strings.Join(res.Left, "; "))
	}
	return nil
}

func (c *cli) eraseCmd() *cobra.Command {
	var yes bool
	cmd := &cobra.Command{
		Use:   "erase ID",
		Short: "erase an interview for good (a respondent's right to erasure)",
		Long: "Erase an interview for good, as a respondent may ask: the data file, every backup and\n" +
			"any file siap restore set aside are rewritten without it. ID is as siap list shows it.",
		Args: func(_ *cobra.Command, ids []string) error {
			if len(ids) != 1 {
				return usagef(textEraseOneID)
			}
			return nil
		},
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE:              func(_ *cobra.Command, ids []string) error { return c.erase(ids[0], yes) },
	}
	cmd.Flags().BoolVar(&yes, "yes", false, "do not ask for confirmation")
	return cmd
}

func (c *cli) erase(id string, yes bool) error {
	if !strings.HasPrefix(id, "uuid:") {
		id = "uuid:" + id
	}
	if !yes {
		if !interactive() {
			return usagef(textEraseYes, id)
		}
		var ok bool
		if err := huh.NewConfirm().Title("Erase " + id + " for good, from the data file and its backups? (hapus permanen?)").Value(&ok).Run(); err != nil || !ok {
			return failf(textNothingErased)
		}
	}
	st, err := openStore(c, dataPath(c), false)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.Erase(id); err != nil {
		return err
	}
	fmt.Fprintln(c.stdout, textErased.in(c.lang, id, st.Path()))
	return nil
}

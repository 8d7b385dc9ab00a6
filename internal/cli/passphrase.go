package cli

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"

	"charm.land/huh/v2"
	"github.com/charmbracelet/x/term"

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
// asked twice and must be long enough.
func askPassphrase(title string, isNew bool) (string, error) {
	var p, again string
	fields := []huh.Field{
		huh.NewInput().Title(title).EchoMode(huh.EchoModePassword).Value(&p).Validate(func(s string) error {
			if isNew && len(s) < store.MinPassphrase {
				return fmt.Errorf("at least %d characters (minimal %d karakter)", store.MinPassphrase, store.MinPassphrase)
			}
			if s == "" {
				return errors.New("the passphrase is required (frasa sandi wajib diisi)")
			}
			return nil
		}),
	}
	if isNew {
		fields = append(fields, huh.NewInput().Title("Type it again (ketik sekali lagi)").EchoMode(huh.EchoModePassword).Value(&again).Validate(func(s string) error {
			if s != p {
				return errors.New("the two do not match (tidak sama)")
			}
			return nil
		}))
	}
	if err := huh.NewForm(huh.NewGroup(fields...)).WithShowHelp(false).Run(); err != nil {
		if errors.Is(err, huh.ErrUserAborted) {
			return "", errors.New("no passphrase given")
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
		return nil, fmt.Errorf("data file %s does not exist: run siap once, or siap simulate, to start it", path)
	}
	pass := os.Getenv(passphraseEnv)
	switch {
	case !exists && c.noEncryption:
		pass = ""
	case !exists && pass == "" && interactive():
		if pass, err = askPassphrase("New passphrase for "+path+" (frasa sandi baru): keep it secret, it protects the respondents", true); err != nil {
			return nil, err
		}
	case !exists && pass == "":
		return nil, fmt.Errorf("a new data file is encrypted: set %s, or run siap in a terminal to choose a passphrase, or give --no-encryption (training only)", passphraseEnv)
	case !exists && len(pass) < store.MinPassphrase:
		return nil, fmt.Errorf("%s must have at least %d characters", passphraseEnv, store.MinPassphrase)
	case exists && !encrypted:
		pass = ""
	case pass == "" && !interactive():
		return nil, fmt.Errorf("data file %s is encrypted: set %s, or run siap in a terminal to type the passphrase", path, passphraseEnv)
	}
	for try := 1; ; try++ {
		if encrypted && pass == "" {
			if pass, err = askPassphrase("Passphrase for "+path+" (frasa sandi)", false); err != nil {
				return nil, err
			}
		}
		st, err := store.Open(path, store.Options{ReadOnly: readOnly, Passphrase: pass})
		if errors.Is(err, store.ErrWrongPassphrase) && interactive() && os.Getenv(passphraseEnv) == "" && try < maxTries {
			fmt.Fprintln(c.stderr, "Wrong passphrase; try again (frasa sandi salah; coba lagi).")
			pass = ""
			continue
		}
		if err == nil {
			c.passphrase = pass
		}
		return st, err
	}
}

// otherPassphrase is the passphrase of another file (a pack): the one
// given for this data file first, then SIAP_PACK_PASSPHRASE, then asked.
func otherPassphrase(path, tried string) (string, error) {
	if p := os.Getenv("SIAP_PACK_PASSPHRASE"); p != "" && p != tried {
		return p, nil
	}
	if !interactive() {
		return "", fmt.Errorf("%s has another passphrase: set SIAP_PACK_PASSPHRASE", path)
	}
	return askPassphrase("Passphrase for "+path+" (frasa sandi paket)", false)
}

func setupPasswd(fs *flag.FlagSet, c *cli) func([]string) int {
	return func(args []string) int {
		if len(args) > 0 {
			c.errorf("passwd", "unexpected argument %q", args[0])
			return exitUsage
		}
		path := dataPath(c)
		old := os.Getenv(passphraseEnv)
		if old == "" {
			if !interactive() {
				c.errorf("passwd", "run siap passwd in a terminal, or set %s and SIAP_NEW_PASSPHRASE", passphraseEnv)
				return 1
			}
			var err error
			if old, err = askPassphrase("Current passphrase for "+path+" (frasa sandi sekarang)", false); err != nil {
				c.errorf("passwd", "%v", err)
				return 1
			}
		}
		st, err := store.Open(path, store.Options{Passphrase: old})
		if err != nil {
			c.errorf("passwd", "%v", err)
			return 1
		}
		defer st.Close()
		next := os.Getenv("SIAP_NEW_PASSPHRASE")
		if next == "" {
			if !interactive() {
				c.errorf("passwd", "set SIAP_NEW_PASSPHRASE, or run siap passwd in a terminal")
				return 1
			}
			if next, err = askPassphrase("New passphrase (frasa sandi baru)", true); err != nil {
				c.errorf("passwd", "%v", err)
				return 1
			}
		}
		if err := st.ChangePassphrase(old, next); err != nil {
			c.errorf("passwd", "%v", err)
			return 1
		}
		fmt.Fprintf(c.stdout, "the passphrase of %s is changed; backups made before keep the old one\n", path)
		return 0
	}
}

func setupErase(fs *flag.FlagSet, c *cli) func([]string) int {
	yes := fs.Bool("yes", false, "do not ask for confirmation")
	return func(ids []string) int {
		if len(ids) != 1 {
			c.errorf("erase", "name one interview id (see siap list)")
			return exitUsage
		}
		id := ids[0]
		if !strings.HasPrefix(id, "uuid:") {
			id = "uuid:" + id
		}
		if !*yes {
			if !interactive() {
				c.errorf("erase", "give --yes to erase %s without being asked", id)
				return exitUsage
			}
			var ok bool
			if err := huh.NewConfirm().Title("Erase " + id + " for good, from the data file and its backups? (hapus permanen?)").Value(&ok).Run(); err != nil || !ok {
				fmt.Fprintln(c.stdout, "nothing was erased")
				return 1
			}
		}
		st, err := openStore(c, dataPath(c), false)
		if err != nil {
			c.errorf("erase", "%v", err)
			return 1
		}
		defer st.Close()
		if err := st.Erase(id); err != nil {
			c.errorf("erase", "%v", err)
			return 1
		}
		fmt.Fprintf(c.stdout, "erased %s from %s and its backups; packs and exports made before still hold it and must be deleted by hand\n", id, st.Path())
		return 0
	}
}

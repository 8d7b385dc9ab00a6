package cli

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"

	"siap/questionnaires"
	"siap/store"
)

// openData opens the data file and the questionnaire new interviews are
// taken with. A new file gets the shipped questionnaire, or the --form
// one; --form on an existing file adds that form as a new version.
func openData(c *cli, readOnly bool) (*store.Store, *questionnaires.Form, error) {
	st, err := openStore(c, dataPath(c), readOnly)
	if err != nil {
		return nil, nil, err
	}
	form, err := currentForm(c, st, readOnly)
	if err == nil && !readOnly {
		// A study's laptops trust its supervisor from the first start.
		err = st.TrustSupervisor(form.SupervisorKey)
	}
	if err == nil {
		// Every write keeps the interviews' facts current, and the
		// commands that count read them (export.NewIndexer).
		err = c.indexFacts(st, form)
	}
	if err != nil {
		st.Close()
		return nil, nil, err
	}
	return st, form, nil
}

func currentForm(c *cli, st *store.Store, readOnly bool) (*questionnaires.Form, error) {
	src, err := st.CurrentForm()
	switch {
	case err == nil && c.form == "":
		return parseStored(src)
	case err != nil && !errors.Is(err, store.ErrNotFound):
		return nil, err
	case readOnly && c.form != "":
		// A reading command reads with the questionnaire named (the
		// start command repeated, a new version), and keeps nothing.
		return loadForm(c)
	case readOnly:
		return nil, failf(textNoQuestionnaire, st.Path())
	}
	form, err := loadForm(c)
	if err != nil {
		return nil, err
	}
	if _, err := st.AddForm(store.FormSource{ID: form.ID, Version: form.Version, Name: form.SourceName, Data: form.Source, Files: form.Attachments}); err != nil {
		return nil, err
	}
	return form, nil
}

// parseStored reads a questionnaire kept in a data file.
func parseStored(src store.FormSource) (*questionnaires.Form, error) {
	f, err := questionnaires.ParseKept(src.Name, src.Data, src.Files)
	if err != nil {
		return nil, failf(textKeptForm, src.ID, src.Version, err)
	}
	return f, nil
}

// dataPath is the data file: --data, else $SIAP_DATA, else siap.db in the
// user's data directory.
func dataPath(c *cli) string {
	if c.data != "" {
		return c.data
	}
	if env := os.Getenv("SIAP_DATA"); env != "" {
		return env
	}
	return filepath.Join(userDataDir(), "siap", "siap.db")
}

// defaultDataHint is the default data file as --help shows it.
func defaultDataHint() string {
	switch runtime.GOOS {
	case "windows":
		return `%LocalAppData%\siap\siap.db`
	case "darwin":
		return "~/Library/Application Support/siap/siap.db"
	}
	return "~/.local/share/siap/siap.db"
}

// userDataDir is where the system keeps a user's application data:
// $XDG_DATA_HOME or ~/.local/share on Linux, ~/Library/Application
// Support on macOS, %LocalAppData% on Windows (local, not roaming, so that
// respondents' data is not copied to a domain server at logoff).
func userDataDir() string {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return d
	}
	switch runtime.GOOS {
	case "windows":
		if d := os.Getenv("LocalAppData"); d != "" {
			return d
		}
	case "darwin":
		if d, err := os.UserConfigDir(); err == nil {
			return d
		}
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "."
	}
	return filepath.Join(home, ".local", "share")
}

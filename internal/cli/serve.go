package cli

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"siap/internal/server"
	"siap/questionnaires"
	"siap/store"
	"siap/store/postgres"
)

// serveFlags are siap serve's, shared by its subcommands.
type serveFlags struct {
	db, passFile string
	listen, ssh  string
	url          string
	maxPackMiB   int64
	enrolFor     time.Duration
	retention    time.Duration
}

// sshListener starts siap serve's SSH side (supervisors and
// headquarters in siap's own screens) on addr, over the study's storage,
// and serves until ctx is done. It is set where the SSH side is built
// in; nil, --ssh is refused.
var sshListener func(ctx context.Context, c *cli, addr string, st store.Interviews) error

// serveCommands are more subcommands of siap serve (who may connect
// over SSH), added where they are built.
var serveCommands []func(c *cli, f *serveFlags) *cobra.Command

// openDatabase opens a study kept in PostgreSQL (a postgres:// address)
// with the server's passphrase, laying out a new one in an empty
// database when create (its passphrase must then be hard to guess, as a
// new data file's).
func (c *cli) openDatabase(ctx context.Context, url, passphrase, from string, create bool) (store.Interviews, error) {
	db, err := postgres.Open(ctx, url, postgres.Options{Passphrase: passphrase})
	if create && errors.Is(err, postgres.ErrNoStudy) {
		if err := c.checkNewPassphrase(passphrase, from); err != nil {
			return nil, err
		}
		return openPostgres(ctx, url, passphrase, true)
	}
	if err != nil {
		return nil, postgresRefusal(url, err)
	}
	return db, nil
}

func (c *cli) serveCmd() *cobra.Command {
	f := &serveFlags{}
	cmd := &cobra.Command{
		Use:   "serve --db DATABASE",
		Short: "run headquarters: laptops enrol with it and sync to it over HTTPS",
		Long: "Run headquarters for one study: interviewers' laptops enrol with it (siap serve enrol NAME prints\n" +
			"their one-time code) and sync to it over HTTPS (siap sync), supervisors and headquarters work on\n" +
			"its data over SSH. DATABASE is a PostgreSQL address (postgres://USER@HOST/DB), or a data file's\n" +
			"path for a small study on one machine. The data are sealed with the study's key, which the\n" +
			"passphrase unlocks: from a prompt, $SIAP_PASSPHRASE, or --passphrase-file (readable by its\n" +
			"owner alone). Its certificate is self-signed and pinned by each laptop when it enrols: no\n" +
			"certificate authority is needed. A new study takes the questionnaire given with --form.",
		Args:              noArgs,
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE:              func(cmd *cobra.Command, _ []string) error { return c.serve(cmd.Context(), f) },
	}
	pf := cmd.PersistentFlags()
	pf.StringVar(&f.db, "db", "", "the study's database: postgres://USER@HOST/DATABASE, or a data file's path (required)")
	pf.StringVar(&f.passFile, "passphrase-file", "", "read the passphrase from this file (readable by its owner alone: chmod 600)")
	fl := cmd.Flags()
	fl.StringVar(&f.listen, "listen", "127.0.0.1:8443", "the address laptops sync to (HTTPS); :8443 listens on every interface")
	fl.StringVar(&f.ssh, "ssh", "", "also listen for supervisors and headquarters over SSH on this address, such as :2222")
	fl.StringVar(&f.url, "url", "", "the address laptops reach it at, printed with enrolment codes (default: from --listen)")
	fl.Int64Var(&f.maxPackMiB, "max-pack", server.DefaultMaxPack>>20, "the largest upload taken, in MiB")
	fl.DurationVar(&f.retention, "retention", server.DefaultRetention, "how long enrolment codes used or expired, and the ids of packs merged, are kept")
	cmd.AddCommand(c.serveEnrolCmd(f))
	for _, more := range serveCommands {
		cmd.AddCommand(more(c, f))
	}
	return cmd
}

func (c *cli) serveEnrolCmd(f *serveFlags) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "enrol NAME...",
		Short: "print one-time codes that enrol interviewers' laptops",
		Long: "Print a one-time code for each interviewer NAME (as their interviews carry it). On their laptop,\n" +
			"siap sync --enrol CODE URL enrols it: the laptop checks the server's certificate against the\n" +
			"code, pins it, and is known from then on by a key of its own. A code enrols one laptop, once,\n" +
			"and expires (--valid). With a data file as the database, stop siap serve first (the file is\n" +
			"held by one process); with PostgreSQL, codes are made while it runs.",
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usagef(textEnrolName)
			}
			for _, a := range args {
				if strings.TrimSpace(a) == "" {
					return usagef(textEnrolName)
				}
			}
			return nil
		},
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE:              func(cmd *cobra.Command, args []string) error { return c.serveEnrol(cmd.Context(), f, args) },
	}
	cmd.Flags().DurationVar(&f.enrolFor, "valid", server.DefaultCodeLife, "how long the codes may be used")
	return cmd
}

// settingURL keeps the address laptops reach headquarters at.
const settingURL = "hq_url"

func (c *cli) serve(ctx context.Context, f *serveFlags) error {
	if f.maxPackMiB <= 0 {
		return usagef(textServeMaxPack, f.maxPackMiB)
	}
	if f.retention <= 0 {
		return usagef(textServeRetention, f.retention)
	}
	if f.ssh != "" && sshListener == nil {
		return usagef(textServeNoSSH)
	}
	st, where, err := c.openStudy(ctx, f, true)
	if err != nil {
		return err
	}
	defer st.Close()
	srv, err := server.New(st, server.Options{
		MaxPack:   f.maxPackMiB << 20,
		Retention: f.retention,
		Log:       log.New(c.stderr, "siap serve: ", log.LstdFlags|log.LUTC),
	})
	if err != nil {
		return err
	}
	l, err := net.Listen("tcp", f.listen)
	if err != nil {
		return failf(textServeListen, f.listen, err)
	}
	url := f.url
	if url == "" {
		url = publicURL(l.Addr().String())
	}
	if err := st.SetSetting(settingURL, url); err != nil {
		l.Close()
		return err
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	fmt.Fprintln(c.stdout, textServing.in(c.lang, where, srv.Form(), url, srv.Fingerprint(), srv.PublicKey()))
	done := make(chan error, 2)
	go func() { done <- srv.Serve(ctx, l) }()
	running := 1
	if f.ssh != "" {
		running++
		go func() { done <- sshListener(ctx, c, f.ssh, st) }()
	}
	var errs []error
	for ; running > 0; running-- {
		if err := <-done; err != nil && ctx.Err() == nil {
			errs = append(errs, err)
			stop()
		}
	}
	return errors.Join(errs...)
}

// publicURL is the address a listener is reached at, when none is
// given: its host, or this machine's name when it listens everywhere.
func publicURL(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "https://" + addr
	}
	return "https://" + net.JoinHostPort(reachedAs(host), port)
}

// reachedAs is the host a listener on host is reached at: that host, or
// this machine's name when it listens on every address.
func reachedAs(host string) string {
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		if name, err := os.Hostname(); err == nil {
			return name
		}
	}
	return host
}

func (c *cli) serveEnrol(ctx context.Context, f *serveFlags, names []string) error {
	if f.enrolFor <= 0 {
		return usagef(textEnrolValid, f.enrolFor)
	}
	st, _, err := c.openStudy(ctx, f, true)
	if errors.Is(err, store.ErrInUse) {
		return failf(textEnrolInUse, f.db)
	}
	if err != nil {
		return err
	}
	defer st.Close()
	srv, err := server.New(st, server.Options{})
	if err != nil {
		return err
	}
	url, err := st.Setting(settingURL)
	if err != nil {
		return err
	}
	if url == "" {
		url = "https://SERVER:8443"
	}
	for _, name := range names {
		code, expires, err := srv.Enrolment(name, f.enrolFor)
		if err != nil {
			return err
		}
		name = strings.TrimSpace(name)
		fmt.Fprintln(c.stdout, textEnrolCode.in(c.lang, name, code, expires.Local().Format("2006-01-02 15:04 MST"), code, url, srv.Fingerprint()))
	}
	return nil
}

// openStudy opens the study's storage: a PostgreSQL database, or a
// data file (new: encrypted, with --form's questionnaire or the shipped
// one). It returns it with where it is, for messages.
func (c *cli) openStudy(ctx context.Context, f *serveFlags, create bool) (store.Interviews, string, error) {
	if f.db == "" {
		return nil, "", usagef(textServeDB)
	}
	if f.passFile != "" {
		p, err := readPassphraseFile(f.passFile)
		if err != nil {
			return nil, "", err
		}
		c.givenPassphrase, c.passphraseFrom = p, f.passFile
	}
	if strings.HasPrefix(f.db, "postgres://") || strings.HasPrefix(f.db, "postgresql://") {
		pass, from, err := c.serverPassphrase()
		if err != nil {
			return nil, "", err
		}
		st, err := c.openDatabase(ctx, f.db, pass, from, create)
		if err != nil {
			return nil, "", err
		}
		if _, err := st.CurrentForm(); errors.Is(err, store.ErrNotFound) {
			form, err := c.newStudyForm()
			if err == nil {
				_, err = st.AddForm(form)
			}
			if err != nil {
				st.Close()
				return nil, "", err
			}
		}
		// Every write keeps the interviews' facts current, which the
		// screens over SSH and the readers with --server read.
		src, err := st.CurrentForm()
		var form *questionnaires.Form
		if err == nil {
			form, err = parseStored(src)
		}
		if err == nil {
			err = c.indexFacts(st, form)
		}
		if err != nil {
			st.Close()
			return nil, "", err
		}
		return st, st.Location(), nil
	}
	if c.noEncryption {
		return nil, "", usagef(textServePlain)
	}
	c.data = f.db
	st, _, err := openData(c, false)
	if err != nil {
		return nil, "", err
	}
	if !st.Encrypted() {
		st.Close()
		return nil, "", failf(textServePlainFile, f.db)
	}
	return st, st.Path(), nil
}

// loadForm is --form's questionnaire, or the shipped one.
func loadForm(c *cli) (*questionnaires.Form, error) {
	if c.form != "" {
		return questionnaires.Load(c.form)
	}
	return questionnaires.Shipped()
}

// newStudyForm is the questionnaire a new study starts with.
func (c *cli) newStudyForm() (store.FormSource, error) {
	form, err := loadForm(c)
	if err != nil {
		return store.FormSource{}, err
	}
	return store.FormSource{ID: form.ID, Version: form.Version, Name: form.SourceName, Data: form.Source, Files: form.Attachments}, nil
}

// serverPassphrase is the passphrase of a study in PostgreSQL: from
// --passphrase-file, $SIAP_PASSPHRASE, or asked.
func (c *cli) serverPassphrase() (pass, from string, err error) {
	if c.givenPassphrase != "" {
		return c.givenPassphrase, c.passphraseFrom, nil
	}
	if p := os.Getenv(passphraseEnv); p != "" {
		return p, passphraseEnv, nil
	}
	if !interactive() {
		return "", "", failf(textServePassphrase, passphraseEnv)
	}
	pass, err = c.askPassphrase(textAskServerPass.in(c.lang), false)
	return pass, "", err
}

// readPassphraseFile reads a passphrase from a file only its owner can
// read: one that others can read is refused, since whoever reads it
// opens every respondent's data.
func readPassphraseFile(path string) (string, error) {
	info, err := os.Stat(path)
	if err != nil {
		return "", failf(textPassFile, path, err)
	}
	if info.IsDir() {
		return "", failf(textPassFileDir, path)
	}
	// Windows keeps who may read a file in ACLs, not in these bits.
	if perm := info.Mode().Perm(); perm&0o077 != 0 && runtime.GOOS != "windows" {
		return "", failf(textPassFileOpen, path, fmt.Sprintf("%04o", perm), filepath.Base(path))
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", failf(textPassFile, path, err)
	}
	p := strings.TrimRight(string(b), "\r\n")
	if p == "" {
		return "", failf(textPassFileEmpty, path)
	}
	return p, nil
}

// Package sshserve is siap serve's SSH side: supervisors and
// headquarters connect with ssh and work in siap's own screens on the
// server's data. SSH public keys are who they are (users.go); a
// supervisor's screens see their team's interviews only
// (store.OnlyTeam), headquarters' every interview.
package sshserve

import (
	"context"
	"errors"
	"fmt"
	"net"
	"slices"
	"strings"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	bm "charm.land/wish/v2/bubbletea"
	gossh "golang.org/x/crypto/ssh"

	"siap/questionnaires"
	"siap/store"
	"siap/survey"
)

// DefaultAddr is where siap serve listens for SSH unless told otherwise.
const DefaultAddr = ":2222"

// Config is an SSH listener's.
type Config struct {
	// Addr is where it listens (DefaultAddr when "").
	Addr string
	// Data are the study's interviews, questionnaire and settings (its
	// users and host key).
	Data store.Interviews
	// ExportDir is the folder on the server exports are written in.
	ExportDir string
	// Now tells the time; nil means time.Now.
	Now func() time.Time
	// IdleTimeout closes a connection nothing has crossed for this long
	// (DefaultIdleTimeout when 0): a screen left open on a desk does not
	// stay open on the study, as a laptop's screen locks.
	IdleTimeout time.Duration
}

// DefaultIdleTimeout is how long an SSH connection may stay idle.
const DefaultIdleTimeout = 30 * time.Minute

// Server answers supervisors' and headquarters' SSH connections.
type Server struct {
	cfg Config
	ssh *ssh.Server
	// forms are the questionnaires parsed, by key: a new session parses
	// the current form only when it has changed.
	mu    sync.Mutex
	forms map[string]*questionnaires.Form
}

type ctxKey string

// userKey holds, in a connection's context, the user its key is.
const userKey ctxKey = "siap-user"

// offeredKey holds the last key a client offered that no user has, for
// the message refusing it.
const offeredKey ctxKey = "siap-offered-key"

// toldKey says the connection was told why it is refused.
const toldKey ctxKey = "siap-told"

// New makes the SSH server, with the host key kept in the data.
func New(cfg Config) (*Server, error) {
	signer, err := HostKey(cfg.Data)
	if err != nil {
		return nil, fmt.Errorf("the SSH host key: %w", err)
	}
	if cfg.Addr == "" {
		cfg.Addr = DefaultAddr
	}
	if cfg.IdleTimeout == 0 {
		cfg.IdleTimeout = DefaultIdleTimeout
	}
	s := &Server{cfg: cfg, forms: map[string]*questionnaires.Form{}}
	s.ssh, err = wish.NewServer(
		wish.WithAddress(cfg.Addr),
		wish.WithIdleTimeout(cfg.IdleTimeout),
		func(srv *ssh.Server) error { srv.AddHostKey(signer); return nil },
		wish.WithPublicKeyAuth(s.knownKey),
		// Every key offered is unknown: the client asks what else it
		// may try, and is told, in words, why it is refused.
		wish.WithKeyboardInteractiveAuth(s.refuse),
		wish.WithMiddleware(
			bm.Middleware(s.session),
			needTerminal,
		),
	)
	if err != nil {
		return nil, err
	}
	return s, nil
}

// ListenAndServe answers connections until Shutdown or Close.
func (s *Server) ListenAndServe() error {
	err := s.ssh.ListenAndServe()
	if errors.Is(err, ssh.ErrServerClosed) {
		return nil
	}
	return err
}

// Serve answers connections on l until Shutdown or Close.
func (s *Server) Serve(l net.Listener) error {
	err := s.ssh.Serve(l)
	if errors.Is(err, ssh.ErrServerClosed) {
		return nil
	}
	return err
}

// Shutdown stops listening and waits for the sessions under way to
// end, or ctx to be done.
func (s *Server) Shutdown(ctx context.Context) error { return s.ssh.Shutdown(ctx) }

// Close stops at once.
func (s *Server) Close() error { return s.ssh.Close() }

// knownKey lets in a key one of the users has. The users are read at
// each connection, so that one added or removed on another server
// process counts here at once.
func (s *Server) knownKey(ctx ssh.Context, key ssh.PublicKey) bool {
	users, err := Users(s.cfg.Data)
	if err != nil {
		return false
	}
	u, ok := userOf(users, key)
	if !ok {
		ctx.SetValue(offeredKey, key)
		return false
	}
	ctx.SetValue(userKey, u)
	return true
}

// refuse tells a client whose keys are all unknown why it cannot come
// in, in both languages (the client's language is not known yet), and
// refuses it.
func (s *Server) refuse(ctx ssh.Context, challenge gossh.KeyboardInteractiveChallenge) bool {
	// A client asks again (OpenSSH three times): it is told once.
	if told, _ := ctx.Value(toldKey).(bool); told {
		return false
	}
	ctx.SetValue(toldKey, true)
	msg := refusal(nil)
	if key, ok := ctx.Value(offeredKey).(ssh.PublicKey); ok {
		msg = refusal(key)
	}
	_, _ = challenge("", msg, nil, nil)
	return false
}

// refusal is the message an unknown key gets.
func refusal(key gossh.PublicKey) string {
	if key == nil {
		return "siap: server ini hanya menerima kunci SSH yang didaftarkan kantor pusat (siap serve user add).\n" +
			"siap: this server takes only SSH keys headquarters has added (siap serve user add).\n"
	}
	fp := gossh.FingerprintSHA256(key)
	return fmt.Sprintf("siap: kunci SSH %[1]s belum terdaftar di server ini. Kirim kunci publik Anda (~/.ssh/id_ed25519.pub) ke kantor pusat, yang menjalankan:\n"+
		"  siap serve user add NAMA --role supervisor --team PEWAWANCARA,... --key \"ssh-ed25519 AAAA...\"\n"+
		"siap: the SSH key %[1]s is not known to this server. Send your public key (~/.ssh/id_ed25519.pub) to headquarters, who run:\n"+
		"  siap serve user add NAME --role supervisor --team INTERVIEWER,... --key \"ssh-ed25519 AAAA...\"\n", fp)
}

// needTerminal refuses a session without a terminal (ssh host command),
// saying how to connect.
func needTerminal(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		if _, _, ok := sess.Pty(); !ok {
			wish.Fatalln(sess, "siap: layar siap perlu terminal: sambung dengan ssh -t -p PORT HOST\r\nsiap: siap's screens need a terminal: connect with ssh -t -p PORT HOST\r")
			return
		}
		next(sess)
	}
}

// session opens siap's screens for the user the connection's key is.
func (s *Server) session(sess ssh.Session) (tea.Model, []tea.ProgramOption) {
	u, ok := sess.Context().Value(userKey).(User)
	if !ok {
		wish.Fatalln(sess, "siap: no user for this key\r")
		return nil, nil
	}
	app, err := s.app(u, sess.Environ())
	if err != nil {
		wish.Fatalln(sess, "siap: "+strings.ReplaceAll(err.Error(), "\n", "\r\n")+"\r")
		return nil, nil
	}
	return app, nil
}

// app is the interface a user works in: their language, and the
// interviews their role lets them see.
func (s *Server) app(u User, environ []string) (*survey.App, error) {
	form, key, err := s.currentForm()
	if err != nil {
		return nil, err
	}
	var data store.Interviews = s.cfg.Data
	srv := &survey.Server{User: u.Name, ExportDir: s.cfg.ExportDir}
	if u.Role != Headquarters {
		// A supervisor without a team sees nothing, never everything.
		srv.Team = slices.Clone(u.Team)
		if srv.Team == nil {
			srv.Team = []string{}
		}
		data = store.OnlyTeam(data, srv.Team)
	}
	srv.Data = data
	opts := survey.Options{Server: srv, Form: form, FormKey: key, Now: s.cfg.Now}
	if l, ok := userLanguage(u, environ); ok {
		opts.Language = &l
	}
	return survey.New(opts)
}

// userLanguage is the user's own setting, else the language the client's
// LANG (or LC_ALL, LC_MESSAGES) names, when the client sent one.
func userLanguage(u User, environ []string) (survey.Lang, bool) {
	switch u.Language {
	case "id":
		return survey.Indonesian, true
	case "en":
		return survey.English, true
	}
	env := map[string]string{}
	for _, kv := range environ {
		if k, v, ok := strings.Cut(kv, "="); ok {
			env[k] = v
		}
	}
	return survey.LocaleLanguage(func(k string) string { return env[k] })
}

// currentForm is the questionnaire new interviews are taken with, parsed
// once per version.
func (s *Server) currentForm() (*questionnaires.Form, string, error) {
	src, err := s.cfg.Data.CurrentForm()
	if err != nil {
		return nil, "", fmt.Errorf("the server has no questionnaire yet: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if f, ok := s.forms[src.Key]; ok {
		return f, src.Key, nil
	}
	f, err := questionnaires.ParseKept(src.Name, src.Data, src.Files)
	if err != nil {
		return nil, "", fmt.Errorf("the server's questionnaire (%s, version %s) cannot be read: %w", src.ID, src.Version, err)
	}
	s.forms[src.Key] = f
	return f, src.Key, nil
}

package sshserve

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	gossh "golang.org/x/crypto/ssh"

	"siap/internal/fieldwork"
	"siap/questionnaires"
	"siap/store"
	"siap/store/postgres"
	"siap/store/postgres/pgtest"
)

// TestMain makes the data files these tests create with cheap key
// derivation, and stops the throwaway PostgreSQL cluster at the end.
func TestMain(m *testing.M) {
	store.UseTestKeyDerivation(m)
	os.Exit(pgtest.Run(m))
}

// server is siap's SSH server on 127.0.0.1, on the simulated interviews
// of Ani and Budi (Sari's team) and Cici (another team's).
type server struct {
	st      store.Interviews
	addr    string
	hostKey gossh.PublicKey
	exports string
}

// storages are what a server keeps the study in: a data file, and
// PostgreSQL (a throwaway cluster; the test skips, saying so, where
// PostgreSQL is absent).
var storages = []struct {
	name string
	open func(t *testing.T) store.Interviews
}{
	{"data file", func(t *testing.T) store.Interviews {
		st, err := store.Open(filepath.Join(t.TempDir(), "server.db"), store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return st
	}},
	{"postgres", func(t *testing.T) store.Interviews {
		db, err := postgres.Open(context.Background(), pgtest.URL(t), postgres.Options{Passphrase: "rendang-padang-42", Create: true})
		if err != nil {
			t.Fatal(err)
		}
		return db
	}},
}

// startServer serves, on a data file, six simulated interviews by each
// of Ani, Budi and Cici.
func startServer(t *testing.T) *server { return startServerOn(t, storages[0].open(t)) }

func startServerOn(t *testing.T, st store.Interviews) *server {
	t.Helper()
	t.Cleanup(func() { st.Close() })
	form, err := questionnaires.Shipped()
	if err != nil {
		t.Fatal(err)
	}
	key, err := st.AddForm(store.FormSource{ID: form.ID, Version: form.Version, Name: form.SourceName, Data: form.Source, Files: form.Attachments})
	if err != nil {
		t.Fatal(err)
	}
	if err := fieldwork.AddTeam(st, form, key, 6, time.Now(), "Ani", "Budi", "Cici"); err != nil {
		t.Fatal(err)
	}
	s := &server{st: st, exports: t.TempDir()}
	s.listen(t, Config{Data: st, ExportDir: s.exports})
	// The host key is the one kept in the data: every server on the
	// same data answers with it.
	signer, err := HostKey(st)
	if err != nil {
		t.Fatal(err)
	}
	s.hostKey = signer.PublicKey()
	return s
}

// listen starts a server with cfg on 127.0.0.1, which s dials from then
// on.
func (s *server) listen(t *testing.T, cfg Config) {
	t.Helper()
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	s.addr = l.Addr().String()
}

// newKey is a user's SSH key pair: the signer their client uses, and
// the public key as `siap serve user add --key` takes it.
func newKey(t *testing.T) (gossh.Signer, string) {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return signer, strings.TrimSpace(string(gossh.MarshalAuthorizedKey(signer.PublicKey())))
}

// dial connects as ssh does: the key first, then keyboard-interactive,
// whose instruction (the server's words when it refuses) it keeps.
func (s *server) dial(t *testing.T, key gossh.Signer) (*gossh.Client, string, error) {
	t.Helper()
	var said strings.Builder
	config := &gossh.ClientConfig{
		User: "anyone",
		Auth: []gossh.AuthMethod{
			gossh.PublicKeys(key),
			gossh.KeyboardInteractive(func(_, instruction string, questions []string, _ []bool) ([]string, error) {
				said.WriteString(instruction)
				return make([]string, len(questions)), nil
			}),
		},
		HostKeyCallback: gossh.FixedHostKey(s.hostKey),
		Timeout:         10 * time.Second,
	}
	c, err := gossh.Dial("tcp", s.addr, config)
	if err == nil {
		t.Cleanup(func() { c.Close() })
	}
	return c, said.String(), err
}

// connect adds u with a new key of their own and connects with it.
func (s *server) connect(t *testing.T, u User) *gossh.Client {
	t.Helper()
	key, line := newKey(t)
	u.Keys = []string{line}
	if err := AddUser(s.st, u); err != nil {
		t.Fatal(err)
	}
	c, _, err := s.dial(t, key)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// screen is what a terminal session has printed, as a person reads it.
type screen struct {
	mu  sync.Mutex
	out bytes.Buffer
}

func (s *screen) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.out.Write(p)
}

func (s *screen) text() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return ansi.Strip(s.out.String())
}

// waitFor waits until the session has printed want.
func (s *screen) waitFor(t *testing.T, want string) { t.Helper(); s.waitAfter(t, 0, want) }

// waitAfter waits until the session has printed want past the first
// from bytes of its text.
func (s *screen) waitAfter(t *testing.T, from int, want string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !strings.Contains(s.text()[from:], want) {
		if time.Now().After(deadline) {
			t.Fatalf("the screen never showed %q; it showed:\n%s", want, s.text())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// terminal opens siap's screens in an 80x24 terminal, with LANG as the
// client sends it ("" sends none).
func terminal(t *testing.T, c *gossh.Client, lang string) (*gossh.Session, func(string), *screen) {
	t.Helper()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sess.Close() })
	if lang != "" {
		if err := sess.Setenv("LANG", lang); err != nil {
			t.Fatal(err)
		}
	}
	if err := sess.RequestPty("xterm-256color", 24, 80, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	in, err := sess.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out := &screen{}
	sess.Stdout, sess.Stderr = out, out
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	typeKeys := func(keys string) {
		// One key at a time, as a person types: the screen takes each.
		for _, k := range keys {
			if _, err := in.Write([]byte(string(k))); err != nil {
				t.Fatal(err)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	return sess, typeKeys, out
}

// TestUnknownKeyIsRefused: a key no user has gets no session, and the
// client is told why, with the key's fingerprint.
func TestUnknownKeyIsRefused(t *testing.T) {
	s := startServer(t)
	known, line := newKey(t)
	if err := AddUser(s.st, User{Name: "Sari", Role: Supervisor, Team: []string{"Ani"}, Keys: []string{line}}); err != nil {
		t.Fatal(err)
	}
	stranger, _ := newKey(t)
	_, said, err := s.dial(t, stranger)
	if err == nil {
		t.Fatal("an unknown key was let in")
	}
	for _, want := range []string{"not known to this server", gossh.FingerprintSHA256(stranger.PublicKey()), "siap serve user add"} {
		if !strings.Contains(said, want) {
			t.Errorf("the refusal does not say %q: %q", want, said)
		}
	}
	if strings.Contains(said, gossh.FingerprintSHA256(known.PublicKey())) {
		t.Errorf("the refusal names another user's key: %q", said)
	}
	// Removed, Sari's key is refused from the next connection on.
	if _, _, err := s.dial(t, known); err != nil {
		t.Fatalf("Sari's key: %v", err)
	}
	if err := RemoveUser(s.st, "Sari"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.dial(t, known); err == nil {
		t.Error("a removed user's key was let in")
	}
}

// TestSupervisorOverSSH: a supervisor connecting with their key sees
// their team's interviews only, in the language their client sends, and
// an approval is recorded under their name.
func TestSupervisorOverSSH(t *testing.T) {
	for _, storage := range storages {
		t.Run(storage.name, func(t *testing.T) { supervisorOverSSH(t, startServerOn(t, storage.open(t))) })
	}
}

func supervisorOverSSH(t *testing.T, s *server) {
	c := s.connect(t, User{Name: "Sari", Role: Supervisor, Team: []string{"Ani", "Budi"}})
	sess, typeKeys, out := terminal(t, c, "en_US.UTF-8")
	out.waitFor(t, "Signed in as: Sari")
	out.waitFor(t, "Supervisor of the team: Ani, Budi")
	// Supervise: the team's completed interviews, none of Cici's.
	typeKeys("3")
	out.waitFor(t, "await a decision")
	out.waitFor(t, "Ani")
	typeKeys("y")
	out.waitFor(t, "approved.")
	if strings.Contains(out.text(), "Cici") {
		t.Errorf("the supervisor saw Cici, of another team:\n%s", out.text())
	}
	// Browse searched for one of Cici's interviews by its id finds
	// nothing: it is not the team's.
	var cici string
	s.st.EachInterview(func(iv store.Interview) error {
		if iv.Interviewer == "Cici" && cici == "" {
			cici = iv.ID
		}
		return nil
	})
	// Esc home; the next key waits until home is drawn again, or it
	// would read as alt+1.
	before := len(out.text())
	typeKeys("\x1b")
	out.waitAfter(t, before, "Browse interviews")
	before = len(out.text())
	typeKeys("1")
	// Browse lists the team's interviews, their statuses first.
	out.waitAfter(t, before, "completed    ")
	typeKeys("/" + strings.TrimPrefix(cici, "uuid:")[:8])
	out.waitFor(t, "No interview matches")
	typeKeys("\x03")
	done := make(chan error, 1)
	go func() { done <- sess.Wait() }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Error("ctrl+c did not end the session")
	}

	var approved []store.Interview
	s.st.EachInterview(func(iv store.Interview) error {
		if iv.Status == store.Approved {
			approved = append(approved, iv)
		}
		return nil
	})
	if len(approved) != 1 || approved[0].Interviewer == "Cici" {
		t.Fatalf("approved over SSH: %+v, want one of the team's", approved)
	}
	var who string
	s.st.Events(approved[0].ID, func(ev store.Event) error {
		if ev.Kind == store.EventStatus && ev.New == string(store.Approved) {
			who = ev.Who
		}
		return nil
	})
	if who != "Sari" {
		t.Errorf("the approval is recorded under %q, want Sari", who)
	}
}

// TestLanguageOverSSH: the user's own setting first, else the LANG the
// client sends, else the form's language.
func TestLanguageOverSSH(t *testing.T) {
	for _, tt := range []struct {
		name, setting, lang, want string
	}{
		{"client's LANG Indonesian", "", "id_ID.UTF-8", "Masuk sebagai: Hadi"},
		{"client's LANG English", "", "en_GB.UTF-8", "Signed in as: Hadi"},
		{"the user's setting over LANG", "en", "id_ID.UTF-8", "Signed in as: Hadi"},
		{"no LANG: the form's language", "", "", "Masuk sebagai: Hadi"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := startServer(t)
			c := s.connect(t, User{Name: "Hadi", Role: Headquarters, Language: tt.setting})
			_, _, out := terminal(t, c, tt.lang)
			out.waitFor(t, tt.want)
		})
	}
}

// TestNoTerminalIsRefused: `ssh host command` gets no screens, and is
// told to connect with a terminal.
func TestNoTerminalIsRefused(t *testing.T) {
	s := startServer(t)
	c := s.connect(t, User{Name: "Hadi", Role: Headquarters})
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	out, err := sess.CombinedOutput("list")
	var exit *gossh.ExitError
	if !errors.As(err, &exit) || exit.ExitStatus() != 1 {
		t.Errorf("ssh host list: %v, want exit status 1", err)
	}
	if !strings.Contains(string(out), "need a terminal") {
		t.Errorf("ssh host list printed %q", out)
	}
}

// TestUsers: adding a known name changes its role and team and adds the
// key; one key is one person; removing an unknown name says so.
func TestUsers(t *testing.T) {
	s := startServer(t)
	_, k1 := newKey(t)
	_, k2 := newKey(t)
	if err := AddUser(s.st, User{Name: "Sari", Role: Supervisor, Team: []string{"Ani"}, Keys: []string{k1}}); err != nil {
		t.Fatal(err)
	}
	if err := AddUser(s.st, User{Name: "Sari", Role: Supervisor, Team: []string{"Ani", "Budi"}, Keys: []string{k2}}); err != nil {
		t.Fatal(err)
	}
	if err := AddUser(s.st, User{Name: "Hadi", Role: Headquarters, Keys: []string{k1}}); !errors.Is(err, ErrKeyTaken) {
		t.Errorf("Sari's key given to Hadi: %v, want ErrKeyTaken", err)
	}
	users, err := Users(s.st)
	if err != nil {
		t.Fatal(err)
	}
	if len(users) != 1 || strings.Join(users[0].Team, ",") != "Ani,Budi" || len(users[0].Keys) != 2 {
		t.Errorf("users: %+v, want Sari with Ani and Budi and both keys", users)
	}
	if err := RemoveUser(s.st, "Nobody"); !errors.Is(err, ErrUnknownUser) {
		t.Errorf("removing an unknown user: %v", err)
	}
}

// TestWindowResize: the screens follow the client's terminal when it
// changes size: narrowed to 40 columns, the form's title is cut to fit.
func TestWindowResize(t *testing.T) {
	s := startServer(t)
	c := s.connect(t, User{Name: "Hadi", Role: Headquarters})
	sess, _, out := terminal(t, c, "en_US.UTF-8")
	// Once the counts are read (the spinner's line, which ends in …,
	// is gone), nothing is cut at 80 columns.
	out.waitFor(t, "Status: draft")
	time.Sleep(200 * time.Millisecond)
	before := len(out.text())
	if err := sess.WindowChange(24, 40); err != nil {
		t.Fatal(err)
	}
	out.waitAfter(t, before, "…")
}

// TestIdleSessionIsClosed: a session nobody types in is closed after the
// idle timeout, as a laptop's screen locks.
func TestIdleSessionIsClosed(t *testing.T) {
	s := startServer(t)
	// A second server on the same data, quick to close idle sessions,
	// answers with the same host key.
	s.listen(t, Config{Data: s.st, IdleTimeout: 500 * time.Millisecond})
	c := s.connect(t, User{Name: "Hadi", Role: Headquarters})
	sess, _, out := terminal(t, c, "en_US.UTF-8")
	out.waitFor(t, "Signed in as: Hadi")
	ended := make(chan error, 1)
	go func() { ended <- sess.Wait() }()
	select {
	case <-ended:
	case <-time.After(10 * time.Second):
		t.Fatal("an idle session stayed open")
	}
}

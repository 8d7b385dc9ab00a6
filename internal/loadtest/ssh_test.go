package loadtest

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	gossh "golang.org/x/crypto/ssh"

	"siap/internal/sshserve"
	"siap/store"
	"siap/store/postgres"
)

// decideEvery is how often a supervisor over SSH presses a key that
// decides: about as fast as one who reads nothing first.
const decideEvery = 150 * time.Millisecond

// startSSHSupervisors has two supervisors, each of half the laptops'
// interviewers, approve and send back interviews in siap's own screens
// over SSH (a real client, keys typed into Supervise) while the
// laptops sync, until stopped. What they decided is read back from the
// paradata, where each decision names who made it.
func startSSHSupervisors(t *testing.T, url string, names []string) *supervisors {
	db, err := postgres.Open(context.Background(), url, postgres.Options{Passphrase: passphrase})
	if err != nil {
		t.Fatal(err)
	}
	srv, err := sshserve.New(sshserve.Config{Data: db, ExportDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(l)
	s := &supervisors{db: db, done: make(chan struct{}), decided: map[string]store.Status{}}
	fail := func(err error) {
		s.mu.Lock()
		s.errs = append(s.errs, err)
		s.mu.Unlock()
	}
	var sessions sync.WaitGroup
	half := len(names) / 2
	for k, team := range [][]string{names[:half], names[half:]} {
		who := fmt.Sprintf("supervisor-%d", k+1)
		_, priv, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		signer, err := gossh.NewSignerFromKey(priv)
		if err != nil {
			t.Fatal(err)
		}
		key := strings.TrimSpace(string(gossh.MarshalAuthorizedKey(signer.PublicKey())))
		if err := sshserve.AddUser(db, sshserve.User{Name: who, Role: sshserve.Supervisor, Team: team, Keys: []string{key}, Language: "id"}); err != nil {
			t.Fatal(err)
		}
		screen := &tail{max: 8 << 10}
		s.screens = append(s.screens, screen)
		sessions.Add(1)
		go func() {
			defer sessions.Done()
			if err := superviseOverSSH(l.Addr().String(), signer, s.done, screen); err != nil {
				fail(fmt.Errorf("%s over SSH: %w", who, err))
			}
		}()
	}
	// Once both have quit, what they decided is read back.
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		sessions.Wait()
		srv.Close()
		if err := s.readDecisions(); err != nil {
			fail(err)
		}
	}()
	return s
}

// superviseOverSSH opens Supervise and decides on the interview at the
// top of the list every decideEvery, every seventh sent back with a
// comment, until done; then quits.
func superviseOverSSH(addr string, key gossh.Signer, done <-chan struct{}, screen io.Writer) error {
	c, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{User: "supervisor", Auth: []gossh.AuthMethod{gossh.PublicKeys(key)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 10 * time.Second})
	if err != nil {
		return err
	}
	defer c.Close()
	sess, err := c.NewSession()
	if err != nil {
		return err
	}
	in, err := sess.StdinPipe()
	if err != nil {
		return err
	}
	out, err := sess.StdoutPipe()
	if err != nil {
		return err
	}
	// The screen is read (a terminal nobody reads stalls the session),
	// and its last bytes kept for a failure to show.
	go io.Copy(screen, out)
	if err := sess.RequestPty("xterm-256color", 40, 120, gossh.TerminalModes{}); err != nil {
		return err
	}
	if err := sess.Shell(); err != nil {
		return err
	}
	keys := func(k string) error { _, err := in.Write([]byte(k)); return err }
	// Home > Supervise (keys typed while a screen loads wait for it).
	if err := keys("3"); err != nil {
		return err
	}
	tick := time.NewTicker(decideEvery)
	defer tick.Stop()
	for n := 1; ; n++ {
		select {
		case <-done:
			keys("\x03")
			return sess.Wait()
		case <-tick.C:
		}
		k := "y"
		if n%7 == 0 {
			k = "x" + "periksa lagi umur responden" + "\r"
		}
		if err := keys(k); err != nil {
			return err
		}
	}
}

// readDecisions reads what the supervisors decided from the paradata:
// the last decision each made on an interview. Decisions typed ahead of
// the screen may still be written after the sessions close: it reads
// until two readings a second apart agree.
func (s *supervisors) readDecisions() error {
	last := -1
	for range 60 {
		decided := map[string]store.Status{}
		err := s.db.EachRecord(true, func(r store.Record) error {
			for _, ev := range r.Events {
				if ev.Kind == store.EventStatus && strings.HasPrefix(ev.Who, "supervisor-") {
					decided[r.Interview.ID] = store.Status(ev.New)
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		s.mu.Lock()
		s.decided = decided
		s.mu.Unlock()
		if len(decided) == last {
			return nil
		}
		last = len(decided)
		time.Sleep(time.Second)
	}
	return nil
}

// tail keeps the last max bytes written to it: what a supervisor's
// terminal showed last.
type tail struct {
	mu  sync.Mutex
	max int
	b   []byte
}

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.b = append(t.b, p...)
	if len(t.b) > t.max {
		t.b = append([]byte(nil), t.b[len(t.b)-t.max:]...)
	}
	return len(p), nil
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return ansi.Strip(string(t.b))
}

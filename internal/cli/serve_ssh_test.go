package cli

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"siap/internal/sshserve"
	"siap/questionnaires"
	"siap/store"
)

// lockedBuffer is stdout written by the listener while the test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestServeSSH: siap serve's SSH listener says where supervisors connect
// and where their exports go, opens siap's screens for a user's key on
// the study, and stops when siap serve does.
func TestServeSSH(t *testing.T) {
	path := filepath.Join(t.TempDir(), "hq.siap")
	st, err := store.Open(path, store.Options{Passphrase: testPassphrase})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	form, err := questionnaires.Shipped()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddForm(store.FormSource{ID: form.ID, Version: form.Version, Name: form.SourceName, Data: form.Source}); err != nil {
		t.Fatal(err)
	}
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	signer, _ := gossh.NewSignerFromKey(priv)
	if err := sshserve.AddUser(st, sshserve.User{Name: "Hadi", Role: sshserve.Headquarters, Language: "en",
		Keys: []string{strings.TrimSpace(string(gossh.MarshalAuthorizedKey(signer.PublicKey())))}}); err != nil {
		t.Fatal(err)
	}
	out := &lockedBuffer{}
	c := &cli{stdout: out, stderr: out, lang: english}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serveSSH(ctx, c, "127.0.0.1:0", st) }()
	var addr string
	for deadline := time.Now().Add(10 * time.Second); addr == ""; time.Sleep(10 * time.Millisecond) {
		if m := regexp.MustCompile(`SSH on (127\.0\.0\.1:\d+)`).FindStringSubmatch(out.String()); m != nil {
			addr = m[1]
		}
		if time.Now().After(deadline) {
			t.Fatalf("the listener said %q", out.String())
		}
	}
	if want := "supervisors connect with ssh -p " + strings.TrimPrefix(addr, "127.0.0.1:") + " 127.0.0.1;"; !strings.Contains(out.String(), want) {
		t.Errorf("the listener said %q, want %q (the address it listens on)", out.String(), want)
	}
	if want := "their exports are written in " + filepath.Join(filepath.Dir(path), "siap-exports"); !strings.Contains(out.String(), want) {
		t.Errorf("the listener said %q, want %q", out.String(), want)
	}
	client, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{User: "hadi", Auth: []gossh.AuthMethod{gossh.PublicKeys(signer)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	sess, err := client.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	var screen lockedBuffer
	sess.Stdout = &screen
	if err := sess.RequestPty("xterm", 24, 80, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(screen.String(), "Headquarters: every interview"); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the screen showed %q", screen.String())
		}
	}
	// The supervisor leaves; siap serve stops without waiting.
	client.Close()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("the listener stopped with %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the listener did not stop with siap serve")
	}
}

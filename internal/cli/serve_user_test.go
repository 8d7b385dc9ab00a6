package cli

import (
	"crypto/ed25519"
	"crypto/rand"
	"path/filepath"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"
)

// runServeUser runs `siap serve user ARGS --db DATA`.
func runServeUser(data string, args ...string) (code int, stdout, stderr string) {
	return runSiap(append(append([]string{"serve", "user"}, args...), "--db", data)...)
}

func sshPublicKey(t *testing.T) (line, fingerprint string) {
	t.Helper()
	pub, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	k, err := gossh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(gossh.MarshalAuthorizedKey(k))) + " sari@laptop", gossh.FingerprintSHA256(k)
}

// TestServeUser: users are added, listed with their key fingerprints and
// removed; a wrong role, a supervisor without a team, a key that is not
// one and a key already someone's are refused with words saying which.
func TestServeUser(t *testing.T) {
	data := filepath.Join(t.TempDir(), "server.db")
	sari, sariFP := sshPublicKey(t)
	hadi, _ := sshPublicKey(t)
	steps := []struct {
		args           []string
		code           int
		stdout, stderr string
	}{
		{[]string{"add", "Sari", "--role", "supervisor", "--team", "Ani Wijaya, Budi", "--key", sari}, 0, "Sari can connect over SSH as the supervisor of: Ani Wijaya, Budi", ""},
		{[]string{"add", "Hadi", "--role", "hq", "--key", hadi, "--lang", "en"}, 0, "Hadi can connect over SSH as headquarters", ""},
		{[]string{"list"}, 0, "Sari  supervisor  Ani Wijaya,Budi  -         " + sariFP, ""},
		{[]string{"add", "Eko", "--role", "boss", "--key", hadi}, 2, "", `--role must be supervisor or hq, not "boss"`},
		{[]string{"add", "Eko", "--role", "supervisor", "--key", hadi}, 2, "", "--role supervisor needs --team"},
		{[]string{"add", "Eko", "--role", "hq", "--team", "Ani", "--key", hadi}, 2, "", "--team goes with --role supervisor only"},
		{[]string{"add", "Eko", "--role", "hq", "--key", "ssh-ed25519 nonsense"}, 2, "", "is not an SSH public key"},
		{[]string{"add", "Eko", "--role", "hq"}, 2, "", "Eko is not known yet: give --key"},
		{[]string{"add", "Eko", "--role", "hq", "--key", sari}, 1, "", "this key is already Sari's"},
		{[]string{"add", "Eko", "--role", "hq", "--key", hadi, "--lang", "fr"}, 2, "", `--lang must be id or en, not "fr"`},
		{[]string{"add"}, 2, "", "name one user"},
		{[]string{"remove", "Eko"}, 1, "", `there is no user "Eko"`},
		{[]string{"remove", "Sari"}, 0, "Sari removed", ""},
		{[]string{"list"}, 0, "Hadi  hq", ""},
	}
	for _, s := range steps {
		code, out, errOut := runServeUser(data, s.args...)
		if code != s.code || !strings.Contains(out, s.stdout) || !strings.Contains(errOut, s.stderr) || (s.stderr != "" && strings.Count(errOut, "\n") != 1) {
			t.Errorf("serve user %s: exit %d, stdout %q, stderr %q; want %d, %q, %q", strings.Join(s.args, " "), code, out, errOut, s.code, s.stdout, s.stderr)
		}
	}
	if _, out, _ := runServeUser(data, "list"); strings.Contains(out, "Sari") {
		t.Errorf("Sari is still listed after removal:\n%s", out)
	}
}

// TestServeUserWarnsOfATeamNobodyEnrolled: a team is matched by name,
// exactly, so a name headquarters made no enrolment code for (Budi, when
// the code was for Budi Santoso) is warned of, naming those enrolled; a
// team of enrolled names adds without a word.
func TestServeUserWarnsOfATeamNobodyEnrolled(t *testing.T) {
	data := filepath.Join(t.TempDir(), "server.db")
	if code, _, errOut := runSiap("serve", "enrol", "Ani Wijaya", "Budi Santoso", "--db", data); code != 0 {
		t.Fatalf("serve enrol: %d %s", code, errOut)
	}
	sari, _ := sshPublicKey(t)
	code, out, errOut := runServeUser(data, "add", "Sari", "--role", "supervisor", "--team", "Ani Wijaya,Budi", "--key", sari)
	want := `warning: headquarters made no enrolment code for "Budi"; a team is matched by the interviewers' names exactly (enrolled: Ani Wijaya, Budi Santoso)`
	if code != 0 || !strings.Contains(out, "supervisor of: Ani Wijaya, Budi") || strings.TrimSpace(errOut) != want {
		t.Errorf("exit %d, stdout %q, stderr %q; want the user added and %q", code, out, errOut, want)
	}
	if code, _, errOut := runServeUser(data, "add", "Sari", "--role", "supervisor", "--team", "Ani Wijaya,Budi Santoso"); code != 0 || errOut != "" {
		t.Errorf("a team of enrolled names: exit %d, stderr %q", code, errOut)
	}
}

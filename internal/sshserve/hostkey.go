package sshserve

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"fmt"

	gossh "golang.org/x/crypto/ssh"

	"siap/store"
)

// settingHostKey is the server's SSH host key (an Ed25519 private key
// in OpenSSH's PEM form), a sealed setting of its data: made once, by
// the first server to start, and shared by every server process on the
// same data, so that a supervisor's known_hosts holds one key whichever
// process answers.
const settingHostKey = "serve/ssh_host_key"

// HostKey returns the server's host key, making it the first time:
// whichever process makes it first, every process uses that one.
func HostKey(s Settings) (gossh.Signer, error) {
	err := store.ChangeSetting(s, settingHostKey, func(old string) (string, error) {
		if old != "" {
			return old, nil
		}
		_, priv, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			return "", err
		}
		block, err := gossh.MarshalPrivateKey(priv, "siap serve")
		if err != nil {
			return "", err
		}
		return string(pem.EncodeToMemory(block)), nil
	})
	if err != nil {
		return nil, err
	}
	v, err := s.Setting(settingHostKey)
	if err != nil {
		return nil, err
	}
	signer, err := gossh.ParsePrivateKey([]byte(v))
	if err != nil {
		return nil, fmt.Errorf("the server's SSH host key is damaged: %w", err)
	}
	return signer, nil
}

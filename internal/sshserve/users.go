package sshserve

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	gossh "golang.org/x/crypto/ssh"

	"siap/store"
)

// Role is what a server's user may see and decide on.
type Role string

// Roles.
const (
	// Supervisor sees and decides on their team's interviews only.
	Supervisor Role = "supervisor"
	// Headquarters sees and decides on every interview.
	Headquarters Role = "hq"
)

// Roles lists every role, as `siap serve user add --role` takes them.
var Roles = []Role{Supervisor, Headquarters}

// User is someone who works on the server's data over SSH: their SSH
// public keys are who they are; no password exists.
type User struct {
	Name string `json:"name"`
	Role Role   `json:"role"`
	// Team are the interviewers whose interviews a supervisor sees, by
	// the name their interviews carry.
	Team []string `json:"team,omitempty"`
	// Keys are the user's public keys, one authorized_keys line each
	// (type and key, without comment).
	Keys []string `json:"keys"`
	// Language is "id" or "en"; "" follows the client's LANG.
	Language string `json:"language,omitempty"`
}

// settingUsers is the server's users, a sealed setting of its data: every
// server process reads it at each connection, so that a user added or
// removed counts at once in all of them.
const settingUsers = "serve/ssh_users"

// Settings keep sealed values by name in the server's data.
type Settings = store.Settings

// Errors a user's change is refused with.
var (
	ErrUnknownUser = errors.New("no such user")
	ErrKeyTaken    = errors.New("this key is already another user's")
)

// KeyTakenError names who holds the key already.
type KeyTakenError struct{ Other string }

func (e *KeyTakenError) Error() string {
	return fmt.Sprintf("this key is already %s's: one key is one person", e.Other)
}

func (e *KeyTakenError) Unwrap() error { return ErrKeyTaken }

// ParseKey reads a public key as authorized_keys or ssh-keygen write
// it ("ssh-ed25519 AAAA... comment") and returns its type and key alone.
func ParseKey(line string) (string, error) {
	k, _, _, _, err := gossh.ParseAuthorizedKey([]byte(strings.TrimSpace(line)))
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(string(gossh.MarshalAuthorizedKey(k))), nil
}

// Users lists the server's users, by name.
func Users(s Settings) ([]User, error) {
	v, err := s.Setting(settingUsers)
	if err != nil {
		return nil, err
	}
	return readUsers(v)
}

func readUsers(v string) ([]User, error) {
	if v == "" {
		return nil, nil
	}
	var users []User
	if err := json.Unmarshal([]byte(v), &users); err != nil {
		return nil, fmt.Errorf("the server's list of SSH users is damaged: %w", err)
	}
	return users, nil
}

// changeUsers changes the list of users in one transaction.
func changeUsers(s Settings, fn func([]User) ([]User, error)) error {
	return store.ChangeSetting(s, settingUsers, func(old string) (string, error) {
		users, err := readUsers(old)
		if err != nil {
			return "", err
		}
		if users, err = fn(users); err != nil {
			return "", err
		}
		slices.SortFunc(users, func(a, b User) int { return strings.Compare(a.Name, b.Name) })
		data, err := json.Marshal(users)
		return string(data), err
	})
}

// AddUser records a user, or changes one already known: their role,
// team and language become those given, and their keys gain the new
// ones (a second laptop). A key another user holds is refused.
func AddUser(s Settings, u User) error {
	return changeUsers(s, func(users []User) ([]User, error) {
		for _, other := range users {
			if other.Name == u.Name {
				continue
			}
			for _, k := range u.Keys {
				if slices.Contains(other.Keys, k) {
					return nil, &KeyTakenError{Other: other.Name}
				}
			}
		}
		i := slices.IndexFunc(users, func(x User) bool { return x.Name == u.Name })
		if i < 0 {
			return append(users, u), nil
		}
		for _, k := range users[i].Keys {
			if !slices.Contains(u.Keys, k) {
				u.Keys = append(u.Keys, k)
			}
		}
		users[i] = u
		return users, nil
	})
}

// RemoveUser forgets a user and their keys: their next connection is
// refused (one open now goes on until it ends).
func RemoveUser(s Settings, name string) error {
	return changeUsers(s, func(users []User) ([]User, error) {
		i := slices.IndexFunc(users, func(x User) bool { return x.Name == name })
		if i < 0 {
			return nil, fmt.Errorf("%q: %w", name, ErrUnknownUser)
		}
		return slices.Delete(users, i, i+1), nil
	})
}

// userOf is the user whose key this is.
func userOf(users []User, key gossh.PublicKey) (User, bool) {
	line := strings.TrimSpace(string(gossh.MarshalAuthorizedKey(key)))
	for _, u := range users {
		if slices.Contains(u.Keys, line) {
			return u, true
		}
	}
	return User{}, false
}

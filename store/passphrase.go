package store

import (
	"errors"
	"fmt"

	"github.com/ccojocar/zxcvbn-go"
)

// A new passphrase is judged by zxcvbn's estimate of the guesses an
// attacker needs (dictionaries of common passwords, names and words,
// keyboard walks, repeats, sequences, dates, l33t), not by a rule list
// of siap's own. Score 3 is zxcvbn's "safely unguessable" (about 10^10
// guesses): with Argon2id in front of every guess, that is years on a
// stolen laptop's file.
//
// github.com/ccojocar/zxcvbn-go is the Go port kept up to date (it is
// the one gosec depends on); the original Go port and the other ports
// have had no release for years.
const minPassphraseScore = 3

// scoredRunes bounds the part of a passphrase zxcvbn looks at: its
// matching grows with the square of the length (800 characters take
// seconds), and 64 characters are far more than a strong one needs.
const scoredRunes = 64

// ErrWeakPassphrase is returned for a new passphrase that is too short
// or too easy to guess.
var ErrWeakPassphrase = errors.New("the passphrase is too easy to guess")

// WeakPassphraseError says why a new passphrase is refused.
type WeakPassphraseError struct {
	TooShort bool   // fewer than MinPassphrase characters
	Guesses  string // zxcvbn's estimate of the time to guess it offline, in English
}

func (e *WeakPassphraseError) Error() string {
	if e.TooShort {
		return fmt.Sprintf("the passphrase must have at least %d characters", MinPassphrase)
	}
	return fmt.Sprintf("the passphrase is too easy to guess (it would take %s): use three or four words that do not go together, such as kopi-jendela-merah-tujuh", e.Guesses)
}

func (e *WeakPassphraseError) Unwrap() error { return ErrWeakPassphrase }

// CheckNewPassphrase refuses a passphrase too short or too easy to guess
// for a data file. userInputs are words an attacker would try first
// (the file's name, the interviewer's).
func CheckNewPassphrase(p string, userInputs ...string) error {
	if len([]rune(p)) < MinPassphrase {
		return &WeakPassphraseError{TooShort: true}
	}
	scored := []rune(p)
	if len(scored) > scoredRunes {
		scored = scored[:scoredRunes]
	}
	r := zxcvbn.PasswordStrength(string(scored), append(userInputs, "siap", "survey", "survei", "passphrase", "sandi"))
	if r.Score < minPassphraseScore {
		return &WeakPassphraseError{Guesses: r.CrackTimeDisplay}
	}
	return nil
}

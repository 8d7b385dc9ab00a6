package hq

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"errors"
	"strings"
)

// An enrolment code is what headquarters prints for one interviewer's
// laptop and the interviewer types once: 24 characters of Crockford's
// base32 (no I, L, O or U to misread), in groups of four. The first 4
// name the code (20 bits, so that headquarters counts the failed
// attempts against each code and stops taking it after a few); the next
// 8 are its secret (40 bits, single use, short-lived, kept hashed by
// headquarters); the last 12 are the start of headquarters' certificate
// fingerprint (60 bits), which the laptop checks before it sends
// anything, so that whoever answers at the address typed cannot pose as
// headquarters and learn the secret.
const (
	idChars     = 4
	secretChars = 8
	checkChars  = 12
	codeChars   = idChars + secretChars + checkChars
)

var crockford = base32.NewEncoding("0123456789ABCDEFGHJKMNPQRSTVWXYZ").WithPadding(base32.NoPadding)

// ErrBadCode is returned for an enrolment code that is not one siap
// prints (a typo, or a part left out).
var ErrBadCode = errors.New("not an enrolment code")

// Code is an enrolment code read into its parts.
type Code struct {
	// ID names the code at headquarters.
	ID string
	// Secret proves the code was given: it is sent, and kept hashed.
	Secret string
	// Check is the start of headquarters' certificate fingerprint: the
	// laptop checks it and never sends it.
	Check string
}

// NewCode makes an enrolment code for the server whose certificate has
// the fingerprint certFP (Fingerprint's hex). It returns the code to
// print and its parts.
func NewCode(certFP string) (string, Code, error) {
	b := make([]byte, 8)
	if _, err := rand.Read(b[:5]); err != nil {
		return "", Code{}, err
	}
	secret := crockford.EncodeToString(b[:5])
	if _, err := rand.Read(b[5:]); err != nil {
		return "", Code{}, err
	}
	id := crockford.EncodeToString(b[5:])[:idChars]
	check, err := certCheck(certFP)
	if err != nil {
		return "", Code{}, err
	}
	return group(id + secret + check), Code{ID: id, Secret: secret, Check: check}, nil
}

// certCheck is the part of a code that checks a certificate.
func certCheck(certFP string) (string, error) {
	raw, err := hex.DecodeString(certFP)
	if err != nil || len(raw) < 8 {
		return "", errors.New("not a certificate fingerprint")
	}
	return crockford.EncodeToString(raw)[:checkChars], nil
}

// ParseCode reads a code as an interviewer typed it: in any case, with
// or without dashes and spaces, O read as 0 and I or L as 1.
func ParseCode(s string) (Code, error) {
	s = strings.Map(func(r rune) rune {
		switch r {
		case '-', ' ', '\t':
			return -1
		case 'O', 'o':
			return '0'
		case 'I', 'i', 'L', 'l':
			return '1'
		}
		if r >= 'a' && r <= 'z' {
			return r - 'a' + 'A'
		}
		return r
	}, s)
	if len(s) != codeChars {
		return Code{}, ErrBadCode
	}
	for _, r := range s {
		if !strings.ContainsRune("0123456789ABCDEFGHJKMNPQRSTVWXYZ", r) {
			return Code{}, ErrBadCode
		}
	}
	return Code{ID: s[:idChars], Secret: s[idChars : idChars+secretChars], Check: s[idChars+secretChars:]}, nil
}

// String is the code as siap prints it.
func (c Code) String() string { return group(c.ID + c.Secret + c.Check) }

// CheckCertificate reports whether a certificate's fingerprint is the
// one a code's check part names.
func CheckCertificate(check, certFP string) bool {
	c, err := certCheck(certFP)
	return err == nil && c == check
}

// HashSecret is how headquarters keeps a code's secret: never as it
// is. It is bound to the code's id.
func HashSecret(id, secret string) string {
	sum := sha256.Sum256([]byte("siap enrolment code\x00" + id + "\x00" + secret))
	return hex.EncodeToString(sum[:])
}

// group writes a code in groups of four.
func group(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i += 4 {
		if i > 0 {
			b.WriteByte('-')
		}
		b.WriteString(s[i:min(i+4, len(s))])
	}
	return b.String()
}

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
// laptop and the interviewer types once: 20 characters of Crockford's
// base32 (no I, L, O or U to misread), in groups of four. The first 8
// are a secret (40 bits, single use, short-lived, kept hashed by
// headquarters); the last 12 are the start of headquarters' certificate
// fingerprint (60 bits), which the laptop checks before it sends
// anything, so that whoever answers at the address typed cannot pose as
// headquarters and learn the secret.
const (
	secretChars = 8
	checkChars  = 12
	codeChars   = secretChars + checkChars
)

var crockford = base32.NewEncoding("0123456789ABCDEFGHJKMNPQRSTVWXYZ").WithPadding(base32.NoPadding)

// ErrBadCode is returned for an enrolment code that is not one siap
// prints (a typo, or a part left out).
var ErrBadCode = errors.New("not an enrolment code")

// NewCode makes an enrolment code for the server whose certificate has
// the fingerprint certFP (Fingerprint's hex). It returns the code to
// print and the hash of its secret, to keep.
func NewCode(certFP string) (code, secretHash string, err error) {
	b := make([]byte, 5)
	if _, err := rand.Read(b); err != nil {
		return "", "", err
	}
	secret := crockford.EncodeToString(b)
	check, err := certCheck(certFP)
	if err != nil {
		return "", "", err
	}
	return group(secret + check), HashSecret(secret), nil
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
func ParseCode(s string) (secret, check string, err error) {
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
		return "", "", ErrBadCode
	}
	for _, r := range s {
		if !strings.ContainsRune("0123456789ABCDEFGHJKMNPQRSTVWXYZ", r) {
			return "", "", ErrBadCode
		}
	}
	return s[:secretChars], s[secretChars:], nil
}

// CheckCertificate reports whether a certificate's fingerprint is the
// one a code's check part names.
func CheckCertificate(check, certFP string) bool {
	c, err := certCheck(certFP)
	return err == nil && c == check
}

// HashSecret is how headquarters keeps a code's secret: never as it is.
func HashSecret(secret string) string {
	sum := sha256.Sum256([]byte("siap enrolment code\x00" + secret))
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

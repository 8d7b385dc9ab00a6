// Package hq is what a laptop and headquarters (siap serve) say to each
// other over HTTPS: the requests, the enrolment code, the reasons a
// request is refused (in both of siap's languages), and the laptop's
// side: enrolling (Enrol) and syncing (Sync).
//
// Headquarters is known by its TLS certificate, pinned at enrolment by
// its SHA-256 fingerprint, so that no certificate authority is needed in
// the field. A laptop is known by a client certificate it makes at
// enrolment, whose fingerprint headquarters records: every request is
// mutual TLS, never a shared password. What travels is packs
// (store.PackFor): encrypted with age for headquarters' key on the way
// up, for the laptop's key on the way down.
package hq

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strings"
)

// The requests headquarters answers.
const (
	// PathEnrol takes an EnrolRequest, over a connection that presents
	// the laptop's new client certificate, and answers an EnrolResponse.
	PathEnrol = "/v1/enrol"
	// PathPacks + pack id takes a pack (PUT) and answers an UploadResult;
	// a pack id already received is answered with what it did then.
	PathPacks = "/v1/packs/"
	// PathMine answers a pack of what headquarters holds for the
	// laptop's interviewer, or 204 when there is nothing. A POST of a
	// MineRequest names what the laptop holds, and the pack leaves out
	// what it holds as headquarters does; a GET (an earlier siap) is
	// answered with everything.
	PathMine = "/v1/mine"
)

// MineRequest is what a laptop holds, sent when it asks for what
// headquarters holds for it: a decision it already has does not come
// down again at every sync.
type MineRequest struct {
	// Have is the content digest (DigestKept) of each of the laptop's
	// interviews, by id.
	Have map[string]string `json:"have"`
}

// DigestKept is as much of a content digest as a laptop keeps, and
// sends, to tell a change: 64 bits.
func DigestKept(hash string) string { return hash[:min(len(hash), 16)] }

// HeaderForm carries the questionnaire's form id with an upload, so that
// a pack for another study is refused before it is read.
const HeaderForm = "Siap-Form-Id"

// EnrolRequest is what a laptop sends to enrol.
type EnrolRequest struct {
	// ID names the enrolment code (its first part).
	ID string `json:"id"`
	// Secret is the enrolment code's secret part (the code's last part
	// checks the server's certificate and is not sent). The same code
	// sent again over a connection with the same certificate (its answer
	// lost) is answered again.
	Secret string `json:"secret"`
	// Key is the laptop's public key (age), which packs for it are
	// encrypted to.
	Key string `json:"key"`
	// Device is the laptop data file's device id, which its interviews
	// carry.
	Device string `json:"device"`
	// Form is the form id of the laptop's questionnaire, "" when it has
	// none yet.
	Form string `json:"form,omitempty"`
}

// EnrolResponse is headquarters' answer to an enrolment.
type EnrolResponse struct {
	// Name is the interviewer's name the code was made for.
	Name string `json:"name"`
	// Key is headquarters' public key (age): uploads are encrypted to it.
	Key string `json:"key"`
	// Form is the form id of the study headquarters runs.
	Form string `json:"form"`
}

// UploadResult says what headquarters did with a pack, as siap merge
// counts it.
type UploadResult struct {
	Added     int `json:"added"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
	Conflicts int `json:"conflicts"`
	// Again is set when the pack had been received before: nothing was
	// written this time.
	Again bool `json:"again,omitempty"`
}

// validPackID is what a pack id may be: a uuid or a like token.
var validPackID = regexp.MustCompile(`^[A-Za-z0-9-]{8,64}$`)

// ValidPackID reports whether id may name a pack.
func ValidPackID(id string) bool { return validPackID.MatchString(id) }

// SameInterviewer reports whether two interviewers' names, as
// interviews record them, are one person's: case and the spaces around
// them aside. Headquarters takes from a laptop the interviews of the
// interviewer it enrolled as, by this rule, and the laptop sends them
// by it.
func SameInterviewer(a, b string) bool {
	return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b))
}

// Fingerprint is a certificate's SHA-256 fingerprint, in hexadecimal, as
// it is pinned and printed.
func Fingerprint(der []byte) string {
	sum := sha256.Sum256(der)
	return hex.EncodeToString(sum[:])
}

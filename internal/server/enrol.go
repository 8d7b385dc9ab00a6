package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"siap/internal/hq"
	"siap/store"
)

// enrolment is an enrolment code as headquarters keeps it (under the
// hash of its secret).
type enrolment struct {
	Name    string    `json:"name"`
	Made    time.Time `json:"made"`
	Expires time.Time `json:"expires"`
	// Used is when a laptop enrolled with it, and Laptop that laptop's
	// certificate fingerprint: the same laptop asking again (its answer
	// lost on the way) is answered again; any other is refused.
	Used   time.Time `json:"used,omitzero"`
	Laptop string    `json:"laptop,omitempty"`
}

// Laptop is an enrolled laptop, kept under its client certificate's
// fingerprint.
type Laptop struct {
	// Name is the interviewer's name the enrolment code was made for.
	Name string `json:"name"`
	// Key is the laptop's age public key: packs for it are encrypted to it.
	Key string `json:"key"`
	// Device is the laptop data file's device id.
	Device   string    `json:"device"`
	Enrolled time.Time `json:"enrolled"`
}

// DefaultCodeLife is how long an enrolment code is valid.
const DefaultCodeLife = 24 * time.Hour

// Enrolment makes a one-time enrolment code for the interviewer name,
// valid for life, and returns it with when it expires.
func (s *Server) Enrolment(name string, life time.Duration) (string, time.Time, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", time.Time{}, errors.New("an enrolment needs the interviewer's name")
	}
	code, hash, err := hq.NewCode(s.fingerprint)
	if err != nil {
		return "", time.Time{}, err
	}
	now := s.now().UTC()
	e := enrolment{Name: name, Made: now, Expires: now.Add(life)}
	b, err := json.Marshal(e)
	if err != nil {
		return "", time.Time{}, err
	}
	if err := s.st.SetSetting(prefixEnrol+hash, string(b)); err != nil {
		return "", time.Time{}, fmt.Errorf("keep the enrolment code: %w", err)
	}
	return code, e.Expires, nil
}

// enrol answers a laptop enrolling: the code is taken in one
// transaction, then the laptop is recorded under its certificate.
func (s *Server) enrol(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		s.refuse(w, r, http.StatusMethodNotAllowed, hq.ReasonBadRequest, r.Method+" "+r.URL.Path)
		return
	}
	fp := clientFingerprint(r)
	if fp == "" {
		s.refuse(w, r, http.StatusUnauthorized, hq.ReasonBadRequest, "no client certificate")
		return
	}
	var req hq.EnrolRequest
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 64<<10)).Decode(&req); err != nil || req.Secret == "" {
		s.refuse(w, r, http.StatusBadRequest, hq.ReasonBadRequest, "not an enrolment")
		return
	}
	key, err := store.ParsePublicKey(req.Key)
	if err != nil {
		s.refuse(w, r, http.StatusBadRequest, hq.ReasonBadRequest, "not a siap public key")
		return
	}
	if req.Form != "" && req.Form != s.form {
		s.refuse(w, r, http.StatusConflict, hq.ReasonOtherStudy, req.Form, s.form)
		return
	}
	now := s.now().UTC()
	var e enrolment
	refusal := ""
	err = s.st.UpdateSetting(prefixEnrol+hq.HashSecret(req.Secret), func(old string) (string, error) {
		if old == "" {
			refusal = hq.ReasonCodeUnknown
			return "", errRefused
		}
		if err := json.Unmarshal([]byte(old), &e); err != nil {
			return "", fmt.Errorf("an enrolment code kept is damaged: %w", err)
		}
		switch {
		case !e.Used.IsZero() && e.Laptop == fp:
			return old, nil
		case !e.Used.IsZero():
			refusal = hq.ReasonCodeUsed
			return "", errRefused
		case now.After(e.Expires):
			refusal = hq.ReasonCodeExpired
			return "", errRefused
		}
		e.Used, e.Laptop = now, fp
		b, err := json.Marshal(e)
		return string(b), err
	})
	switch {
	case errors.Is(err, errRefused):
		// Guessing codes costs a request each, at TLS's pace; the
		// secret has 40 bits and lives a day.
		s.refuse(w, r, http.StatusForbidden, refusal)
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	l := Laptop{Name: e.Name, Key: key, Device: req.Device, Enrolled: now}
	b, err := json.Marshal(l)
	if err == nil {
		err = s.st.SetSetting(prefixLaptop+fp, string(b))
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.logf("enrolled %s (laptop %.12s)", l.Name, fp)
	writeJSON(w, http.StatusOK, hq.EnrolResponse{Name: e.Name, Key: s.publicKey, Form: s.form})
}

var errRefused = errors.New("refused")

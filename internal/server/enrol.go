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
	// Code is the hash of the enrolment code's secret: the laptop is
	// accepted while that code names it.
	Code string `json:"code"`
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
	if err := s.putJSON(prefixEnrol+hash, e); err != nil {
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
	code := hq.HashSecret(req.Secret)
	e, err := s.enrolment(code)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	switch {
	case e == nil:
		// Guessing codes costs a request each, at TLS's pace; the
		// secret has 40 bits and lives a day.
		s.refuse(w, r, http.StatusForbidden, hq.ReasonCodeUnknown)
		return
	case !e.Used.IsZero() && e.Laptop != fp:
		s.refuse(w, r, http.StatusForbidden, hq.ReasonCodeUsed)
		return
	case e.Used.IsZero() && now.After(e.Expires):
		s.refuse(w, r, http.StatusForbidden, hq.ReasonCodeExpired)
		return
	case e.Used.IsZero():
		// The same laptop asking again (its answer lost) finds the code
		// used by itself, and is answered again.
		e.Used, e.Laptop = now, fp
		if err := s.putJSON(prefixEnrol+code, e); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	l := Laptop{Name: e.Name, Key: key, Device: req.Device, Enrolled: now, Code: code}
	if err := s.putJSON(prefixLaptop+fp, l); err != nil {
		s.fail(w, r, err)
		return
	}
	// Two laptops sending one code at once may both get this far; the
	// code keeps one of them, and only that one is answered (and
	// accepted afterwards: see laptop).
	if e, err = s.enrolment(code); err != nil {
		s.fail(w, r, err)
		return
	}
	if e.Laptop != fp {
		s.refuse(w, r, http.StatusForbidden, hq.ReasonCodeUsed)
		return
	}
	s.logf("enrolled %s (laptop %.12s)", l.Name, fp)
	writeJSON(w, http.StatusOK, hq.EnrolResponse{Name: e.Name, Key: s.publicKey, Form: s.form})
}

// enrolment reads the enrolment code kept under the hash of its secret;
// nil when there is none.
func (s *Server) enrolment(hash string) (*enrolment, error) {
	v, err := s.st.Setting(prefixEnrol + hash)
	if err != nil || v == "" {
		return nil, err
	}
	var e enrolment
	if err := json.Unmarshal([]byte(v), &e); err != nil {
		return nil, fmt.Errorf("an enrolment code kept is damaged: %w", err)
	}
	return &e, nil
}

func (s *Server) putJSON(key string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return s.st.SetSetting(key, string(b))
}

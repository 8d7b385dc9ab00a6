package server

import (
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"siap/internal/hq"
	"siap/store"
)

// enrolment is an enrolment code as headquarters keeps it, under the
// code's id.
type enrolment struct {
	Name    string    `json:"name"`
	Made    time.Time `json:"made"`
	Expires time.Time `json:"expires"`
	// Secret is the hash of the code's secret (hq.HashSecret).
	Secret string `json:"secret"`
	// Failed counts the attempts with a wrong secret: at maxCodeFailures
	// the code is locked.
	Failed int `json:"failed,omitempty"`
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
	// Device is the laptop data file's device id, as the laptop gave it.
	Device   string    `json:"device"`
	Enrolled time.Time `json:"enrolled"`
	// Code is the id of its enrolment code: the laptop is accepted
	// while that code names it. "" once the code was forgotten (Prune),
	// long after it enrolled this laptop and no other.
	Code string `json:"code,omitempty"`
}

// DefaultCodeLife is how long an enrolment code is valid.
const DefaultCodeLife = 24 * time.Hour

// errCodeTaken is a new code's id met among the codes kept.
var errCodeTaken = errors.New("an enrolment code's id is taken")

// Enrolment makes a one-time enrolment code for the interviewer name,
// valid for life, and returns it with when it expires.
func (s *Server) Enrolment(name string, life time.Duration) (string, time.Time, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", time.Time{}, errors.New("an enrolment needs the interviewer's name")
	}
	now := s.now().UTC()
	for try := 0; ; try++ {
		code, parts, err := hq.NewCode(s.fingerprint)
		if err != nil {
			return "", time.Time{}, err
		}
		e := enrolment{Name: name, Made: now, Expires: now.Add(life), Secret: hq.HashSecret(parts.ID, parts.Secret)}
		b, err := json.Marshal(e)
		if err != nil {
			return "", time.Time{}, err
		}
		err = store.ChangeSetting(s.st, prefixEnrol+parts.ID, func(old string) (string, error) {
			if old != "" {
				return "", errCodeTaken
			}
			return string(b), nil
		})
		if errors.Is(err, errCodeTaken) && try < 8 {
			continue
		}
		if err != nil {
			return "", time.Time{}, fmt.Errorf("keep the enrolment code: %w", err)
		}
		return code, e.Expires, nil
	}
}

// errKeep ends a code's update without writing it.
var errKeep = errors.New("nothing to write")

// enrol answers a laptop enrolling: the code is looked up by its id
// and taken (or its failure counted) in one transaction, then the
// laptop is recorded under its certificate. Failed attempts are bounded
// per address and in all (enrolLimits) and per code (maxCodeFailures).
func (s *Server) enrol(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		s.refuse(w, r, http.StatusMethodNotAllowed, hq.ReasonBadRequest, r.Method+" "+r.URL.Path)
		return
	}
	host := remoteHost(r)
	if !s.limits.allowed(host) {
		s.refuse(w, r, http.StatusTooManyRequests, hq.ReasonTooMany)
		return
	}
	fp := clientFingerprint(r)
	if fp == "" {
		s.refuse(w, r, http.StatusUnauthorized, hq.ReasonBadRequest, "no client certificate")
		return
	}
	var req hq.EnrolRequest
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 64<<10)).Decode(&req); err != nil || req.Secret == "" || req.ID == "" || len(req.ID) > 16 {
		s.limits.failed(host)
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
	secret := hq.HashSecret(req.ID, req.Secret)
	var (
		e       enrolment
		refusal string
		again   bool
	)
	err = store.ChangeSetting(s.st, prefixEnrol+req.ID, func(old string) (string, error) {
		refusal, again = "", false
		if old == "" {
			refusal = hq.ReasonCodeUnknown
			return "", errKeep
		}
		e = enrolment{}
		if err := json.Unmarshal([]byte(old), &e); err != nil {
			return "", fmt.Errorf("an enrolment code kept is damaged: %w", err)
		}
		switch {
		case e.Failed >= maxCodeFailures:
			refusal = hq.ReasonCodeLocked
			return "", errKeep
		case subtle.ConstantTimeCompare([]byte(secret), []byte(e.Secret)) != 1:
			e.Failed++
			refusal = hq.ReasonCodeUnknown
			if e.Failed >= maxCodeFailures {
				refusal = hq.ReasonCodeLocked
			}
		case !e.Used.IsZero() && e.Laptop != fp:
			refusal = hq.ReasonCodeUsed
			return "", errKeep
		case !e.Used.IsZero():
			// The same laptop, with the same certificate, asking again
			// (its answer lost on the way): answered again.
			again = true
			return "", errKeep
		case now.After(e.Expires):
			refusal = hq.ReasonCodeExpired
			return "", errKeep
		default:
			e.Used, e.Laptop = now, fp
		}
		b, err := json.Marshal(e)
		return string(b), err
	})
	if err != nil && !errors.Is(err, errKeep) {
		s.fail(w, r, err)
		return
	}
	if refusal != "" {
		s.limits.failed(host)
		s.refuse(w, r, http.StatusForbidden, refusal)
		return
	}
	l := Laptop{Name: e.Name, Key: key, Device: req.Device, Enrolled: now, Code: req.ID}
	if again {
		// Recorded the first time, unless that request ended before.
		if v, err := s.st.Setting(prefixLaptop + fp); err != nil {
			s.fail(w, r, err)
			return
		} else if v != "" {
			again = json.Unmarshal([]byte(v), &l) == nil
		} else {
			again = false
		}
	}
	if !again {
		if err := s.putJSON(prefixLaptop+fp, l); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	// Where the storage offers no transaction for one setting, two
	// laptops sending one code at once may both get this far; the code
	// keeps one of them, and only that one is answered (and accepted
	// afterwards: see laptop).
	if got, err := s.enrolment(req.ID); err != nil {
		s.fail(w, r, err)
		return
	} else if got == nil || got.Laptop != fp {
		s.limits.failed(host)
		s.refuse(w, r, http.StatusForbidden, hq.ReasonCodeUsed)
		return
	}
	if !again {
		// The laptop's list of interviews is made now, while it has the
		// fewest to read (a new laptop, or one replacing another).
		if err := s.st.SetSetting(prefixMine+fp, ""); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	if _, err := s.mine(fp, &l); err != nil {
		s.fail(w, r, err)
		return
	}
	if again {
		s.logf("enrolled %s again (laptop %.12s, the same code and certificate)", l.Name, fp)
	} else {
		s.logf("enrolled %s (laptop %.12s)", l.Name, fp)
	}
	writeJSON(w, http.StatusOK, hq.EnrolResponse{Name: e.Name, Key: s.publicKey, Form: s.form})
}

// enrolment reads the enrolment code kept under its id; nil when there
// is none.
func (s *Server) enrolment(id string) (*enrolment, error) {
	v, err := s.st.Setting(prefixEnrol + id)
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

package server

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/google/uuid"

	"siap/internal/hq"
	"siap/store"
)

// DefaultMaxPack is the largest upload headquarters takes by default:
// a laptop's pack of a few thousand interviews.
const DefaultMaxPack = 256 << 20

// Options change how headquarters runs.
type Options struct {
	// MaxPack is the largest pack taken, in bytes (DefaultMaxPack when 0).
	MaxPack int64
	// TempDir holds packs while they are merged or sent: they are
	// encrypted, and removed once done (os.TempDir() when "").
	TempDir string
	// Log receives one line per request: who, what, how many (no
	// respondent's data). Nil logs nothing.
	Log *log.Logger
	// Now tells the time; nil is time.Now.
	Now func() time.Time
	// Retention is how long enrolment codes used or expired and the ids
	// of packs merged are kept (DefaultRetention when 0): see Prune.
	Retention time.Duration
	// EnrolFailuresPerAddress and EnrolFailures bound the failed
	// enrolments this process takes from one address, and from all, at
	// once and then per hour (DefaultEnrolFailuresPerAddress and
	// DefaultEnrolFailures when 0).
	EnrolFailuresPerAddress, EnrolFailures int
}

// Server is headquarters' sync service over one storage.
type Server struct {
	st          store.Interviews
	opts        Options
	now         func() time.Time
	cert        tls.Certificate
	fingerprint string
	identity    string // age private key
	publicKey   string
	form        string
	limits      *enrolLimits
}

// New readies headquarters on st, making its certificate the first
// time. st must be encrypted and hold the study's questionnaire.
func New(st store.Interviews, opts Options) (*Server, error) {
	if !encrypted(st) {
		return nil, errors.New("headquarters keeps respondents' data: its data file must be encrypted (made without --no-encryption)")
	}
	s := &Server{st: st, opts: opts, now: opts.Now}
	if s.now == nil {
		s.now = time.Now
	}
	if s.opts.MaxPack <= 0 {
		s.opts.MaxPack = DefaultMaxPack
	}
	if s.opts.TempDir == "" {
		s.opts.TempDir = os.TempDir()
	}
	if s.opts.Retention <= 0 {
		s.opts.Retention = DefaultRetention
	}
	if s.opts.EnrolFailuresPerAddress <= 0 {
		s.opts.EnrolFailuresPerAddress = DefaultEnrolFailuresPerAddress
	}
	if s.opts.EnrolFailures <= 0 {
		s.opts.EnrolFailures = DefaultEnrolFailures
	}
	s.limits = newEnrolLimits(s.opts.EnrolFailuresPerAddress, s.opts.EnrolFailures)
	form, err := st.CurrentForm()
	if err != nil {
		return nil, fmt.Errorf("headquarters needs the study's questionnaire (give --form): %w", err)
	}
	s.form = form.ID
	if s.identity, s.publicKey, err = loadIdentity(st); err != nil {
		return nil, err
	}
	if s.cert, s.fingerprint, err = loadCertificate(st, s.now()); err != nil {
		return nil, err
	}
	return s, nil
}

// Fingerprint is headquarters' certificate's SHA-256 fingerprint.
func (s *Server) Fingerprint() string { return s.fingerprint }

// PublicKey is headquarters' age public key.
func (s *Server) PublicKey() string { return s.publicKey }

// Form is the form id of the study headquarters runs.
func (s *Server) Form() string { return s.form }

// TLSConfig asks every laptop for its client certificate; which ones
// are enrolled is checked per request, since enrolment itself comes
// with a certificate headquarters does not know yet.
func (s *Server) TLSConfig() *tls.Config {
	return &tls.Config{
		Certificates: []tls.Certificate{s.cert},
		ClientAuth:   tls.RequestClientCert,
		MinVersion:   tls.VersionTLS13,
	}
}

// Handler answers the requests of package hq.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc(hq.PathEnrol, s.enrol)
	mux.HandleFunc(hq.PathPacks+"{id}", s.upload)
	mux.HandleFunc(hq.PathMine, s.download)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.refuse(w, r, http.StatusNotFound, hq.ReasonBadRequest, r.Method+" "+r.URL.Path)
	})
	return mux
}

// Serve answers on l until ctx is done, then lets requests under way
// finish (for up to a minute). Meanwhile it prunes (Prune) every hour.
func (s *Server) Serve(ctx context.Context, l net.Listener) error {
	pruning, stopPruning := context.WithCancel(ctx)
	pruned := make(chan struct{})
	go func() { s.pruneUntil(pruning); close(pruned) }()
	defer func() { stopPruning(); <-pruned }()
	hs := &http.Server{
		Handler:           s.Handler(),
		TLSConfig:         s.TLSConfig(),
		ReadHeaderTimeout: 30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          log.New(io.Discard, "", 0),
	}
	done := make(chan error, 1)
	go func() { done <- hs.ServeTLS(l, "", "") }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	stop, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	return hs.Shutdown(stop)
}

// laptop is the enrolled laptop a request comes from, or nil when it
// is refused (and answered).
func (s *Server) laptop(w http.ResponseWriter, r *http.Request) *Laptop {
	fp := clientFingerprint(r)
	if fp == "" {
		s.refuse(w, r, http.StatusUnauthorized, hq.ReasonUnenrolled)
		return nil
	}
	v, err := s.st.Setting(prefixLaptop + fp)
	if err != nil {
		s.fail(w, r, err)
		return nil
	}
	var l Laptop
	if v == "" || json.Unmarshal([]byte(v), &l) != nil {
		s.refuse(w, r, http.StatusUnauthorized, hq.ReasonUnenrolled)
		return nil
	}
	if l.Code == "" {
		// Its code was forgotten long after it enrolled this laptop.
		return &l
	}
	e, err := s.enrolment(l.Code)
	if err != nil {
		s.fail(w, r, err)
		return nil
	}
	if e == nil || e.Laptop != fp {
		s.refuse(w, r, http.StatusUnauthorized, hq.ReasonUnenrolled)
		return nil
	}
	return &l
}

// upload merges a pack, once per pack id.
func (s *Server) upload(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPut {
		s.refuse(w, r, http.StatusMethodNotAllowed, hq.ReasonBadRequest, r.Method+" "+r.URL.Path)
		return
	}
	l := s.laptop(w, r)
	if l == nil {
		return
	}
	id := r.PathValue("id")
	if !hq.ValidPackID(id) {
		s.refuse(w, r, http.StatusBadRequest, hq.ReasonBadRequest, "not a pack id")
		return
	}
	if form := r.Header.Get(hq.HeaderForm); form != s.form {
		s.refuse(w, r, http.StatusConflict, hq.ReasonOtherStudy, form, s.form)
		return
	}
	if r.ContentLength > s.opts.MaxPack {
		s.refuse(w, r, http.StatusRequestEntityTooLarge, hq.ReasonTooLarge, size(s.opts.MaxPack))
		return
	}
	path := filepath.Join(s.opts.TempDir, "siap-upload-"+uuid.NewString()+".pack")
	defer os.Remove(path)
	if err := s.receive(path, http.MaxBytesReader(w, r.Body, s.opts.MaxPack)); err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			s.refuse(w, r, http.StatusRequestEntityTooLarge, hq.ReasonTooLarge, size(s.opts.MaxPack))
			return
		}
		// The laptop went away mid-upload: nothing is merged, it retries.
		s.refuse(w, r, http.StatusBadRequest, hq.ReasonBadRequest, "the pack was cut short")
		return
	}
	// The pack's id, with the laptop's fingerprint, keys its import: the
	// storage records it in the import's transaction, and a retry (its
	// answer lost, or this process killed) is answered with what the
	// first did, writing nothing. A retry is sent whole, and read again
	// for the interviews it names: the laptop's list of interviews is
	// made whole too, should the first have ended before it was.
	fp := clientFingerprint(r)
	merged, err := s.mergePack(path, id+"@"+fp[:32], func(p *store.Store) ([]string, error) {
		return s.ownInterviews(fp, l, p)
	})
	if err != nil {
		s.mergeFailed(w, r, l, err)
		return
	}
	if err := s.addMine(fp, l, merged.ids); err != nil {
		s.fail(w, r, err)
		return
	}
	res := hq.UploadResult{Added: merged.Added, Updated: merged.Updated, Unchanged: merged.Unchanged, Conflicts: merged.Conflicts, Again: merged.Again}
	if res.Again {
		s.logf("pack %s from %s again: nothing written", id, l.Name)
		writeJSON(w, http.StatusOK, res)
		return
	}
	s.logf("pack %s from %s: %d added, %d updated, %d unchanged, %d in conflict", id, l.Name, res.Added, res.Updated, res.Unchanged, res.Conflicts)
	writeJSON(w, http.StatusOK, res)
}

// receive writes an upload to path (it is a pack: encrypted).
func (s *Server) receive(path string, body io.Reader) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	_, err = io.Copy(f, body)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// mergeFailed answers a pack the merge refused; nothing was written.
func (s *Server) mergeFailed(w http.ResponseWriter, r *http.Request, l *Laptop, err error) {
	var other *otherStudyError
	var foreign *foreignError
	switch {
	case errors.As(err, &foreign):
		s.logf("pack from %s refused: interview %s is not theirs", l.Name, foreign.id)
		s.refuse(w, r, http.StatusForbidden, hq.ReasonForeign, foreign.id, l.Name)
	case errors.As(err, &other):
		s.refuse(w, r, http.StatusConflict, hq.ReasonOtherStudy, other.theirs, s.form)
	case errors.Is(err, store.ErrOtherForm):
		d, _ := store.Describe(err)
		s.refuse(w, r, http.StatusConflict, hq.ReasonOtherStudy, d.Key, s.form)
	case errors.Is(err, store.ErrPackNotForYou):
		s.refuse(w, r, http.StatusUnprocessableEntity, hq.ReasonNotForUs)
	case errors.Is(err, store.ErrPlainRefused):
		s.refuse(w, r, http.StatusUnprocessableEntity, hq.ReasonPlain)
	case errors.Is(err, store.ErrDamaged), errors.Is(err, store.ErrKeyRecord), errors.Is(err, errPackContent):
		s.logf("pack from %s refused: %v", l.Name, err)
		s.refuse(w, r, http.StatusUnprocessableEntity, hq.ReasonTampered)
	default:
		s.fail(w, r, err)
	}
}

// download sends what headquarters holds for the laptop's interviewer:
// the interviews a supervisor decided on (approved, or sent back), as
// a pack encrypted for the laptop's key. Merging it twice changes
// nothing the second time.
func (s *Server) download(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodPost {
		s.refuse(w, r, http.StatusMethodNotAllowed, hq.ReasonBadRequest, r.Method+" "+r.URL.Path)
		return
	}
	l := s.laptop(w, r)
	if l == nil {
		return
	}
	var have hq.MineRequest
	if r.Method == http.MethodPost {
		if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxMineRequest)).Decode(&have); err != nil {
			s.refuse(w, r, http.StatusBadRequest, hq.ReasonBadRequest, "not a list of interviews held")
			return
		}
	}
	path := filepath.Join(s.opts.TempDir, "siap-download-"+uuid.NewString()+".pack")
	defer os.Remove(path)
	n, err := s.packFor(path, clientFingerprint(r), l, have.Have)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if n == 0 {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	f, err := os.Open(path)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	defer f.Close()
	s.logf("%d interviews to %s", n, l.Name)
	w.Header().Set("Content-Type", "application/octet-stream")
	http.ServeContent(w, r, "", time.Time{}, f)
}

// clientFingerprint is the fingerprint of the certificate the laptop
// presented (and proved it holds the key of), or "".
func clientFingerprint(r *http.Request) string {
	if r.TLS == nil || len(r.TLS.PeerCertificates) == 0 {
		return ""
	}
	return hq.Fingerprint(r.TLS.PeerCertificates[0].Raw)
}

// refuse answers a refusal, which the laptop words in its language.
func (s *Server) refuse(w http.ResponseWriter, r *http.Request, status int, reason string, args ...string) {
	if reason != hq.ReasonBadRequest || status != http.StatusNotFound {
		s.logf("%s %s refused: %s", r.Method, r.URL.Path, reason)
	}
	writeJSON(w, status, hq.Refusal{Reason: reason, Args: args})
}

// fail answers a failure of headquarters itself.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	s.logf("%s %s failed: %v", r.Method, r.URL.Path, err)
	writeJSON(w, http.StatusInternalServerError, hq.Refusal{Reason: hq.ReasonServer, Args: []string{"see the server's log"}})
}

func (s *Server) logf(format string, args ...any) {
	if s.opts.Log != nil {
		s.opts.Log.Printf(format, args...)
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// size writes a number of bytes as people read it.
func size(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<20:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

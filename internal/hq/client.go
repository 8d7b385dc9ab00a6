package hq

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/google/uuid"

	"siap/store"
)

// Options change how a laptop talks to headquarters.
type Options struct {
	// Tries is how often a request that got no answer (a dropped
	// connection, headquarters restarting) is made in all; 4 when 0.
	Tries int
	// Wait is the pause before the first retry, doubled after each; one
	// second when 0.
	Wait time.Duration
	// Now tells the time; nil is time.Now.
	Now func() time.Time
}

func (o Options) tries() int {
	if o.Tries <= 0 {
		return 4
	}
	return o.Tries
}

func (o Options) wait() time.Duration {
	if o.Wait <= 0 {
		return time.Second
	}
	return o.Wait
}

func (o Options) now() time.Time {
	if o.Now == nil {
		return time.Now()
	}
	return o.Now()
}

// errPin and errCodeCert stop a handshake with the wrong server.
var (
	errPin      = errors.New("the server's certificate is not the one pinned")
	errCodeCert = errors.New("the server's certificate does not match the enrolment code")
)

// client is a laptop's connection to headquarters: its certificate
// presented, the server's checked by verify.
type client struct {
	base string
	http *http.Client
	opts Options
	// retries counts the requests made again.
	retries int
}

func newClient(base string, own tls.Certificate, verify func(fp string) error, opts Options) *client {
	tr := &http.Transport{
		TLSClientConfig: &tls.Config{
			Certificates: []tls.Certificate{own},
			MinVersion:   tls.VersionTLS13,
			// No authority vouches for headquarters: its certificate is
			// checked against the fingerprint pinned (or the code's).
			InsecureSkipVerify: true,
			VerifyConnection: func(cs tls.ConnectionState) error {
				if len(cs.PeerCertificates) == 0 {
					return errPin
				}
				return verify(Fingerprint(cs.PeerCertificates[0].Raw))
			},
		},
		TLSHandshakeTimeout:   20 * time.Second,
		ResponseHeaderTimeout: 5 * time.Minute,
		IdleConnTimeout:       time.Minute,
		Proxy:                 http.ProxyFromEnvironment,
	}
	return &client{base: base, http: &http.Client{Transport: tr}, opts: opts}
}

func (c *client) close() { c.http.CloseIdleConnections() }

// do makes a request, again after a pause when it got no answer or
// headquarters failed, and returns the answer's status and body (the
// body of a 200 is for the caller to close). A refusal is an *Error.
func (c *client) do(ctx context.Context, method, path string, header http.Header, body func() (io.Reader, int64, error)) (*http.Response, error) {
	wait := c.opts.wait()
	var last error
	for try := 1; try <= c.opts.tries(); try++ {
		if try > 1 {
			c.retries++
			select {
			case <-ctx.Done():
				return nil, &Error{Reason: ReasonUnreachable, Args: []any{c.base, ctx.Err()}, Err: ctx.Err()}
			case <-time.After(wait):
			}
			wait *= 2
		}
		var rd io.Reader
		var n int64
		if body != nil {
			var err error
			if rd, n, err = body(); err != nil {
				return nil, err
			}
		}
		req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
		if err != nil {
			return nil, err
		}
		req.ContentLength = n
		for k, v := range header {
			req.Header[k] = v
		}
		resp, err := c.http.Do(req)
		if err != nil {
			last = c.transportError(err)
			if Refused(last, ReasonUnreachable) && ctx.Err() == nil {
				continue
			}
			return nil, last
		}
		if resp.StatusCode == http.StatusOK || resp.StatusCode == http.StatusNoContent {
			return resp, nil
		}
		last = refusalOf(resp)
		if resp.StatusCode >= 500 {
			continue
		}
		return nil, last
	}
	return nil, last
}

// transportError words a request that got no answer.
func (c *client) transportError(err error) error {
	switch {
	case errors.Is(err, errPin):
		return &Error{Reason: ReasonWrongCert, Args: []any{c.base}, Err: err}
	case errors.Is(err, errCodeCert):
		return &Error{Reason: ReasonCodeCert, Args: []any{c.base}, Err: err}
	}
	cause := err
	var ue *url.Error
	if errors.As(err, &ue) {
		cause = ue.Err
	}
	return &Error{Reason: ReasonUnreachable, Args: []any{c.base, cause}, Err: err}
}

// refusalOf reads a refusal, closing its body.
func refusalOf(resp *http.Response) error {
	defer resp.Body.Close()
	var r Refusal
	if err := json.NewDecoder(io.LimitReader(resp.Body, 64<<10)).Decode(&r); err != nil || r.Reason == "" {
		return &Error{Reason: ReasonUnknownAnswer, Args: []any{resp.Status}}
	}
	return r.Error()
}

// baseURL checks the address of headquarters as typed.
func baseURL(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Scheme != "https" || u.Host == "" || u.RawQuery != "" {
		return "", &Error{Reason: ReasonBadURL, Args: []any{raw}}
	}
	return strings.TrimSuffix(u.Scheme+"://"+u.Host+u.Path, "/"), nil
}

// Enrol enrols the laptop's data file with headquarters at rawURL using
// the code headquarters printed (siap serve enrol NAME): the server's
// certificate is checked against the code before the code's secret is
// sent, then pinned, and the laptop's new client certificate is
// recorded by headquarters. form is the laptop's questionnaire's form
// id ("" when it has none yet).
func Enrol(ctx context.Context, st *store.Store, form, rawURL, code string, opts Options) (*Server, error) {
	parsed, err := ParseCode(code)
	if err != nil {
		return nil, &Error{Reason: ReasonBadCode, Args: []any{code}}
	}
	base, err := baseURL(rawURL)
	if err != nil {
		return nil, err
	}
	if !st.Encrypted() {
		return nil, &Error{Reason: ReasonLaptopPlain, Args: []any{st.Path()}}
	}
	key, err := st.PublicKey()
	if err != nil {
		return nil, err
	}
	device, err := st.DeviceID()
	if err != nil {
		return nil, err
	}
	now := opts.now()
	own, err := pendingCertificate(st, parsed, device, now)
	if err != nil {
		return nil, err
	}
	var seen string
	c := newClient(base, own, func(fp string) error {
		if !CheckCertificate(parsed.Check, fp) {
			return errCodeCert
		}
		seen = fp
		return nil
	}, opts)
	defer c.close()
	body, err := json.Marshal(EnrolRequest{ID: parsed.ID, Secret: parsed.Secret, Key: key, Device: device, Form: form})
	if err != nil {
		return nil, err
	}
	resp, err := c.do(ctx, http.MethodPost, PathEnrol, http.Header{"Content-Type": {"application/json"}}, func() (io.Reader, int64, error) {
		return bytes.NewReader(body), int64(len(body)), nil
	})
	if err != nil {
		if Refused(err, ReasonCodeUnknown) || Refused(err, ReasonCodeUsed) || Refused(err, ReasonCodeExpired) || Refused(err, ReasonCodeLocked) {
			// The code will not enrol this laptop: its certificate goes.
			if derr := st.DeleteSettings(settingPending); derr != nil {
				return nil, derr
			}
		}
		if Refused(err, ReasonCodeUsed) {
			// The same command typed again after it enrolled this laptop
			// (or a second code for the same headquarters): the laptop
			// is enrolled, not refused.
			if known, kerr := Known(st); kerr == nil && known != nil && CheckCertificate(parsed.Check, known.Fingerprint) {
				return nil, &Error{Reason: ReasonAlreadyEnrol, Args: []any{known.URL, known.Name}, Err: err}
			}
		}
		return nil, err
	}
	defer resp.Body.Close()
	var er EnrolResponse
	if err := json.NewDecoder(io.LimitReader(resp.Body, 64<<10)).Decode(&er); err != nil || er.Key == "" {
		return nil, &Error{Reason: ReasonUnknownAnswer, Args: []any{resp.Status}}
	}
	if _, err := store.ParsePublicKey(er.Key); err != nil {
		return nil, &Error{Reason: ReasonUnknownAnswer, Args: []any{"a key that is not a siap key"}}
	}
	if form != "" && er.Form != form {
		return nil, &Error{Reason: ReasonOtherStudy, Args: []any{form, er.Form}}
	}
	client, err := MarshalKeyPair(own)
	if err != nil {
		return nil, err
	}
	srv := &Server{URL: base, Fingerprint: seen, Key: er.Key, Name: er.Name, Form: er.Form, Client: client, Enrolled: now.UTC()}
	if err := srv.save(st); err != nil {
		return nil, err
	}
	// Confirmed: the certificate is the server's Client now.
	if err := st.DeleteSettings(settingPending); err != nil {
		return nil, err
	}
	// A new enrolment starts again: everything goes up at the next sync
	// (what headquarters holds already is counted unchanged).
	if err := st.SetSetting(settingSent, ""); err != nil {
		return nil, err
	}
	// The laptop is the interviewer's headquarters enrolled it for: the
	// interface need not ask the name, and its interviews carry the one
	// headquarters accepts from it. A name already given stays.
	if name, err := st.Setting(store.InterviewerSetting); err != nil || name != "" {
		return srv, err
	}
	if err := st.SetSetting(store.InterviewerSetting, er.Name); err != nil {
		return nil, err
	}
	return srv, nil
}

// pendingEnrolment is an enrolment sent and not yet confirmed: the code
// (hashed) and the certificate made for it, kept in the data file
// (sealed, as every setting) so that a run after one whose answer was
// lost sends the same certificate, which headquarters recognises as the
// same enrolment, instead of a new one it would refuse (the code used).
type pendingEnrolment struct {
	Code   string `json:"code"`
	Client string `json:"client"`
}

// pendingCertificate is the certificate an enrolment with code sends:
// the one made for the same code before, if that enrolment was never
// confirmed, or a new one, kept until it is.
func pendingCertificate(st *store.Store, code Code, device string, now time.Time) (tls.Certificate, error) {
	hash := HashSecret(code.ID, code.Secret+code.Check)
	if v, err := st.Setting(settingPending); err != nil {
		return tls.Certificate{}, err
	} else if v != "" {
		var p pendingEnrolment
		if json.Unmarshal([]byte(v), &p) == nil && p.Code == hash {
			if own, err := UnmarshalKeyPair(p.Client); err == nil {
				return own, nil
			}
		}
	}
	own, err := NewKeyPair("siap laptop "+device, now)
	if err != nil {
		return tls.Certificate{}, err
	}
	client, err := MarshalKeyPair(own)
	if err != nil {
		return tls.Certificate{}, err
	}
	b, err := json.Marshal(pendingEnrolment{Code: hash, Client: client})
	if err == nil {
		err = st.SetSetting(settingPending, string(b))
	}
	return own, err
}

// Result is what a sync did.
type Result struct {
	// Sent is how many interviews went up (those changed since the last
	// sync), and Up what headquarters did with them.
	Sent int
	Up   UploadResult
	// Received is what came down (decisions, interviews sent back), as
	// siap merge counts it.
	Received store.MergeResult
	// Retries counts the requests made again after getting no answer.
	Retries int
	// Others counts the interviews of other interviewers the laptop
	// holds (merged from their packs) that were not sent: headquarters
	// takes from a laptop the interviews of the interviewer it is
	// enrolled as, and those it sent or received before.
	Others int
}

// Sync sends headquarters what changed on the laptop since its last
// sync, as a pack encrypted for headquarters' key, then merges what
// headquarters holds for this laptop's interviewer. Each pack has an id:
// a retried upload (its answer lost) is recognised and adds nothing, and
// merging is by content digests anyway, so USB packs and syncs mix in
// any order. Packs are kept beside the data file only while they
// travel; they are encrypted.
func Sync(ctx context.Context, st *store.Store, opts Options) (res Result, err error) {
	srv, err := Known(st)
	if err != nil {
		return res, err
	}
	if srv == nil {
		return res, &Error{Reason: ReasonNotKnown}
	}
	own, err := UnmarshalKeyPair(srv.Client)
	if err != nil {
		return res, fmt.Errorf("data file %s: its headquarters certificate is damaged (%v): enrol again with siap sync --enrol", st.Path(), err)
	}
	c := newClient(srv.URL, own, func(fp string) error {
		if fp != srv.Fingerprint {
			return errPin
		}
		return nil
	}, opts)
	defer c.close()
	defer func() { res.Retries = c.retries }()
	if res.Sent, res.Others, res.Up, err = upload(ctx, c, st, srv); err != nil {
		return res, err
	}
	res.Received, err = download(ctx, c, st)
	return res, err
}

// upload sends the interviews whose content headquarters has not
// received from this laptop: the file keeps, per interview, the digest
// last sent (not a time, which a laptop's clock or an interview merged
// from a USB pack would make wrong). Interviews of other interviewers
// that headquarters never had from this laptop are left out and counted
// (headquarters would refuse the pack): they reach it from their own
// interviewer's laptop.
func upload(ctx context.Context, c *client, st *store.Store, srv *Server) (int, int, UploadResult, error) {
	var up UploadResult
	others := 0
	sent, err := sentDigests(st)
	if err != nil {
		return 0, 0, up, err
	}
	started := time.Now().UTC()
	id := uuid.NewString()
	path := filepath.Join(filepath.Dir(st.Path()), ".siap-sync-"+id+".pack")
	defer os.Remove(path)
	packed := map[string]string{}
	n, err := st.PackFor(path, store.PackOptions{To: []string{srv.Key}, Keep: func(iv store.Interview) bool {
		if sent[iv.ID] == DigestKept(iv.Hash) {
			return false
		}
		if _, before := sent[iv.ID]; !before && !SameInterviewer(iv.Interviewer, srv.Name) {
			others++
			return false
		}
		packed[iv.ID] = DigestKept(iv.Hash)
		return true
	}})
	if err != nil {
		return 0, others, up, err
	}
	if n == 0 {
		return 0, others, up, nil
	}
	resp, err := c.do(ctx, http.MethodPut, PathPacks+id, http.Header{HeaderForm: {srv.Form}, "Content-Type": {"application/octet-stream"}}, func() (io.Reader, int64, error) {
		f, err := os.Open(path)
		if err != nil {
			return nil, 0, err
		}
		info, err := f.Stat()
		if err != nil {
			f.Close()
			return nil, 0, err
		}
		return f, info.Size(), nil
	})
	if err != nil {
		return n, others, up, err
	}
	err = json.NewDecoder(io.LimitReader(resp.Body, 64<<10)).Decode(&up)
	resp.Body.Close()
	if err != nil {
		return n, others, up, &Error{Reason: ReasonUnknownAnswer, Args: []any{resp.Status}}
	}
	maps.Copy(sent, packed)
	if err := keepSent(st, sent); err != nil {
		return n, others, up, err
	}
	// What went up has reached headquarters, like a pack handed to the
	// supervisor: completed interviews are no longer reopened.
	return n, others, up, st.SetSetting(store.LastPackSetting, started.Format(time.RFC3339Nano))
}

// sentDigests are the digests last sent, by interview id.
func sentDigests(st *store.Store) (map[string]string, error) {
	sent := map[string]string{}
	v, err := st.Setting(settingSent)
	if err != nil || v == "" {
		return sent, err
	}
	if err := json.Unmarshal([]byte(v), &sent); err != nil {
		// Everything goes again: headquarters counts it unchanged.
		return map[string]string{}, nil
	}
	return sent, nil
}

func keepSent(st *store.Store, sent map[string]string) error {
	b, err := json.Marshal(sent)
	if err != nil {
		return err
	}
	return st.SetSetting(settingSent, string(b))
}

// download merges what headquarters holds for this laptop, telling it
// what the laptop holds already.
func download(ctx context.Context, c *client, st *store.Store) (store.MergeResult, error) {
	have := MineRequest{Have: map[string]string{}}
	err := st.EachInterview(func(iv store.Interview) error {
		have.Have[iv.ID] = DigestKept(iv.Hash)
		return nil
	})
	if err != nil {
		return store.MergeResult{}, err
	}
	body, err := json.Marshal(have)
	if err != nil {
		return store.MergeResult{}, err
	}
	header := http.Header{"Content-Type": {"application/json"}}
	resp, err := c.do(ctx, http.MethodPost, PathMine, header, func() (io.Reader, int64, error) {
		return bytes.NewReader(body), int64(len(body)), nil
	})
	if err != nil {
		return store.MergeResult{}, err
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusNoContent {
		return store.MergeResult{}, nil
	}
	path := filepath.Join(filepath.Dir(st.Path()), ".siap-sync-"+uuid.NewString()+".pack")
	defer os.Remove(path)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return store.MergeResult{}, err
	}
	_, err = io.Copy(f, resp.Body)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		// Cut short: nothing is merged; the next sync asks again.
		return store.MergeResult{}, c.transportError(err)
	}
	res, err := st.MergeWith(path, store.MergeOptions{})
	res.File = c.base
	if err != nil {
		return res, err
	}
	return res, noteReceived(st, path)
}

// noteReceived records as sent the interviews a pack from headquarters
// brought that the laptop now holds as they came: headquarters has
// them, and the next upload leaves them out.
func noteReceived(st *store.Store, path string) error {
	identity, err := st.Setting(store.IdentitySetting)
	if err != nil {
		return err
	}
	p, err := store.OpenPack(path, identity)
	if err != nil {
		return err
	}
	defer p.Close()
	sent, err := sentDigests(st)
	if err != nil {
		return err
	}
	changed := false
	err = p.EachInterview(func(iv store.Interview) error {
		held, err := st.Interview(iv.ID)
		if err == nil && held.Hash == iv.Hash && sent[iv.ID] != DigestKept(iv.Hash) {
			sent[iv.ID], changed = DigestKept(iv.Hash), true
		}
		return nil
	})
	if err != nil || !changed {
		return err
	}
	return keepSent(st, sent)
}

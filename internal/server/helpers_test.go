package server_test

import (
	"context"
	"crypto/tls"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"siap/internal/fieldwork"
	"siap/internal/hq"
	"siap/internal/server"
	"siap/questionnaires"
	"siap/questionnaires/simulate"
	"siap/store"
	"siap/store/postgres"
	"siap/store/postgres/pgtest"
)

const passphrase = "kopi-jendela-merah-tujuh"

// storages are where headquarters keeps the study in these tests: each
// test runs on both.
var storages = []struct {
	name string
	open func(t *testing.T, form *questionnaires.Form) store.Interviews
}{
	{"data file", func(t *testing.T, form *questionnaires.Form) store.Interviews {
		return openFile(t, filepath.Join(t.TempDir(), "hq.siap"), form)
	}},
	{"PostgreSQL", func(t *testing.T, form *questionnaires.Form) store.Interviews {
		db, err := postgres.Open(context.Background(), pgtest.URL(t), postgres.Options{Passphrase: passphrase, Create: true})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		if _, err := db.AddForm(store.FormSource{ID: form.ID, Version: form.Version, Name: form.SourceName, Data: form.Source, Files: form.Attachments}); err != nil {
			t.Fatal(err)
		}
		return db
	}},
}

// eachStorage runs a test with headquarters on each storage.
func eachStorage(t *testing.T, test func(t *testing.T, open func(*testing.T, server.Options) *hqRig)) {
	for _, s := range storages {
		t.Run(s.name, func(t *testing.T) {
			test(t, func(t *testing.T, opts server.Options) *hqRig { return newHQOn(t, s.open, opts) })
		})
	}
}

// hqRig is headquarters on a real HTTPS listener of 127.0.0.1.
type hqRig struct {
	st       store.Interviews
	srv      *server.Server
	url      string
	requests atomic.Int64
	// wrap, when set, stands between the listener and the service.
	wrap func(next http.Handler) http.Handler
}

// newHQ is headquarters on a data file.
func newHQ(t *testing.T, opts server.Options) *hqRig {
	return newHQOn(t, storages[0].open, opts)
}

func newHQOn(t *testing.T, open func(*testing.T, *questionnaires.Form) store.Interviews, opts server.Options) *hqRig {
	t.Helper()
	form, err := questionnaires.Shipped()
	if err != nil {
		t.Fatal(err)
	}
	st := open(t, form)
	if opts.Log == nil {
		opts.Log = log.New(testWriter{t}, "", 0)
	}
	if opts.TempDir == "" {
		opts.TempDir = t.TempDir()
	}
	srv, err := server.New(st, opts)
	if err != nil {
		t.Fatal(err)
	}
	rig := &hqRig{st: st, srv: srv}
	ts := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rig.requests.Add(1)
		h := srv.Handler()
		if rig.wrap != nil {
			h = rig.wrap(h)
		}
		h.ServeHTTP(w, r)
	}))
	ts.TLS = srv.TLSConfig()
	// Handshakes refused on purpose are what the tests check, not noise.
	ts.Config.ErrorLog = log.New(io.Discard, "", 0)
	ts.StartTLS()
	t.Cleanup(ts.Close)
	rig.url = ts.URL
	return rig
}

// openFile makes an encrypted data file taking its interviews with form.
func openFile(t *testing.T, path string, form *questionnaires.Form) *store.Store {
	t.Helper()
	st, err := store.Open(path, store.Options{Passphrase: passphrase})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if form != nil {
		if _, err := st.AddForm(store.FormSource{ID: form.ID, Version: form.Version, Name: form.SourceName, Data: form.Source, Files: form.Attachments}); err != nil {
			t.Fatal(err)
		}
	}
	return st
}

// newLaptop is an interviewer's data file holding n completed
// interviews of the shipped questionnaire.
func newLaptop(t *testing.T, name string, n int) *store.Store {
	t.Helper()
	form, err := questionnaires.Shipped()
	if err != nil {
		t.Fatal(err)
	}
	st := openFile(t, filepath.Join(t.TempDir(), name+".siap"), form)
	addInterviews(t, st, form, name, n, 1)
	return st
}

func addInterviews(t *testing.T, st *store.Store, form *questionnaires.Form, name string, n int, seed uint64) {
	t.Helper()
	src, err := st.CurrentForm()
	if err != nil {
		t.Fatal(err)
	}
	device, _ := st.DeviceID()
	var records []store.Record
	err = simulate.Run(form, simulate.Options{N: n, Seed: seed, Now: time.Now(), Interviewer: name}, func(s simulate.Interview) error {
		r := fieldwork.Record(form, src.Key, device, name, s)
		r.Interview.Status = store.Completed
		records = append(records, r)
		return nil
	})
	if err == nil {
		_, err = st.Import(store.Records(records...))
	}
	if err != nil {
		t.Fatal(err)
	}
}

// fast retries at once, so that tests do not wait.
var fast = hq.Options{Tries: 3, Wait: time.Millisecond}

func enrol(t *testing.T, rig *hqRig, laptop *store.Store, name string) *hq.Server {
	t.Helper()
	code, _, err := rig.srv.Enrolment(name, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	srv, err := hq.Enrol(context.Background(), laptop, formID(t, laptop), rig.url, code, fast)
	if err != nil {
		t.Fatalf("enrol %s: %v", name, err)
	}
	return srv
}

func formID(t *testing.T, st *store.Store) string {
	t.Helper()
	src, err := st.CurrentForm()
	if err != nil {
		return ""
	}
	return src.ID
}

// count is how many interviews a study holds.
func count(t *testing.T, st store.Interviews) int {
	t.Helper()
	n := 0
	if err := st.EachInterview(func(store.Interview) error { n++; return nil }); err != nil {
		t.Fatal(err)
	}
	return n
}

// rawClient makes requests as an enrolled laptop, without package hq's
// client: what a laptop that misbehaves could send.
func rawClient(t *testing.T, laptop *store.Store) (*http.Client, *hq.Server) {
	t.Helper()
	srv, err := hq.Known(laptop)
	if err != nil || srv == nil {
		t.Fatalf("laptop not enrolled: %v", err)
	}
	own, err := hq.UnmarshalKeyPair(srv.Client)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{
		Certificates: []tls.Certificate{own}, InsecureSkipVerify: true,
	}}}, srv
}

// testWriter shows headquarters' log with the test's.
type testWriter struct{ t *testing.T }

func (w testWriter) Write(b []byte) (int, error) {
	w.t.Helper()
	w.t.Log(strings.TrimSpace(string(b)))
	return len(b), nil
}

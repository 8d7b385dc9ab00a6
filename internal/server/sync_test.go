package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"siap/internal/hq"
	"siap/internal/server"
	"siap/internal/testforms"
	"siap/store"
)

// TestSyncBothWays: a laptop enrols with a code, sends its interviews
// over HTTPS, sends nothing the second time, and receives the decisions
// headquarters made on them.
func TestSyncBothWays(t *testing.T) { eachStorage(t, syncBothWays) }

func syncBothWays(t *testing.T, newHQ func(*testing.T, server.Options) *hqRig) {
	rig := newHQ(t, server.Options{})
	ani := newLaptop(t, "Ani", 6)
	srv := enrol(t, rig, ani, "Ani")
	if srv.Name != "Ani" || srv.Fingerprint != rig.srv.Fingerprint() || srv.Key != rig.srv.PublicKey() {
		t.Fatalf("the laptop pinned %+v, want headquarters' fingerprint %s and key %s", srv, rig.srv.Fingerprint(), rig.srv.PublicKey())
	}
	res, err := hq.Sync(context.Background(), ani, fast)
	if err != nil {
		t.Fatal(err)
	}
	if res.Sent != 6 || res.Up.Added != 6 || count(t, rig.st) != 6 {
		t.Fatalf("first sync: sent %d, headquarters added %d and holds %d; want 6", res.Sent, res.Up.Added, count(t, rig.st))
	}
	res, err = hq.Sync(context.Background(), ani, fast)
	if err != nil || res.Sent != 0 || res.Received.Added+res.Received.Updated != 0 {
		t.Fatalf("second sync with nothing new: %+v, %v", res, err)
	}
	var ids []string
	rig.st.EachInterview(func(iv store.Interview) error { ids = append(ids, iv.ID); return nil })
	if err := rig.st.SetStatus(ids[0], store.Approved, "sup", ""); err != nil {
		t.Fatal(err)
	}
	if err := rig.st.SetStatus(ids[1], store.Rejected, "sup", "umur kepala rumah tangga?"); err != nil {
		t.Fatal(err)
	}
	res, err = hq.Sync(context.Background(), ani, fast)
	if err != nil {
		t.Fatal(err)
	}
	if res.Received.Updated != 2 {
		t.Fatalf("decisions received: %+v, want 2 updated", res.Received)
	}
	for id, want := range map[string]store.Status{ids[0]: store.Approved, ids[1]: store.Rejected, ids[2]: store.Completed} {
		iv, err := ani.Interview(id)
		if err != nil || iv.Status != want {
			t.Errorf("on the laptop %s is %s (%v), want %s", id, iv.Status, err, want)
		}
	}
	if iv, _ := ani.Interview(ids[1]); iv.Comment != "umur kepala rumah tangga?" {
		t.Errorf("the supervisor's comment reached the laptop as %q", iv.Comment)
	}
	// What came down is not sent back up, nor down again.
	if res, err = hq.Sync(context.Background(), ani, fast); err != nil || res.Sent != 0 || res.Received != (store.MergeResult{File: res.Received.File}) {
		t.Errorf("the sync after the decisions came: %+v, %v; want nothing either way", res, err)
	}
	// A decision changed at headquarters comes down, alone.
	if err := rig.st.SetStatus(ids[1], store.Approved, "sup", ""); err != nil {
		t.Fatal(err)
	}
	if res, err = hq.Sync(context.Background(), ani, fast); err != nil || res.Received.Updated != 1 || res.Received.Unchanged != 0 {
		t.Errorf("the sync after a decision changed: %+v, %v; want it alone down", res, err)
	}
	if count(t, ani) != 6 || count(t, rig.st) != 6 {
		t.Errorf("after syncing both ways the laptop holds %d and headquarters %d, want 6 each", count(t, ani), count(t, rig.st))
	}
}

// TestRetryAddsNothingTwice: a connection dropped after headquarters
// merged a pack (its answer lost), or before it read it, is retried with
// the same pack: headquarters holds each interview once, and a USB pack
// of the same interviews afterwards changes nothing.
func TestRetryAddsNothingTwice(t *testing.T) { eachStorage(t, retryAddsNothingTwice) }

func retryAddsNothingTwice(t *testing.T, newHQ func(*testing.T, server.Options) *hqRig) {
	for _, when := range []string{"after the merge", "before the merge"} {
		t.Run(when, func(t *testing.T) {
			rig := newHQ(t, server.Options{})
			ani := newLaptop(t, "Ani", 5)
			enrol(t, rig, ani, "Ani")
			dropped := 0
			rig.wrap = func(next http.Handler) http.Handler {
				return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					if r.Method == http.MethodPut && dropped == 0 {
						dropped++
						if when == "after the merge" {
							next.ServeHTTP(httptest.NewRecorder(), r)
						}
						conn, _, err := w.(http.Hijacker).Hijack()
						if err != nil {
							t.Error(err)
							return
						}
						conn.Close()
						return
					}
					next.ServeHTTP(w, r)
				})
			}
			res, err := hq.Sync(context.Background(), ani, fast)
			if err != nil {
				t.Fatal(err)
			}
			if dropped != 1 || res.Retries != 1 {
				t.Fatalf("%d connections dropped, %d requests retried; want 1 each", dropped, res.Retries)
			}
			if got := count(t, rig.st); got != 5 {
				t.Fatalf("headquarters holds %d interviews after a retried upload, want 5", got)
			}
			if when == "after the merge" && !res.Up.Again {
				t.Errorf("the retried pack was not recognised: %+v", res.Up)
			}
			// The same interviews again, on a USB stick.
			pack := filepath.Join(t.TempDir(), "ani.pack")
			if err := ani.Pack(pack, rig.srv.PublicKey()); err != nil {
				t.Fatal(err)
			}
			m, err := rig.srv.MergePack(pack)
			if err != nil || m.Added != 0 || m.Unchanged != 5 {
				t.Fatalf("a USB pack after the sync: %v, %v; want 5 unchanged", m, err)
			}
		})
	}
}

// TestUSBThenSync: interviews that reached headquarters on a USB stick
// first are counted unchanged by the sync, and a decision made before
// the sync is not lost.
func TestUSBThenSync(t *testing.T) { eachStorage(t, usbThenSync) }

func usbThenSync(t *testing.T, newHQ func(*testing.T, server.Options) *hqRig) {
	rig := newHQ(t, server.Options{})
	ani := newLaptop(t, "Ani", 3)
	enrol(t, rig, ani, "Ani")
	pack := filepath.Join(t.TempDir(), "ani.pack")
	if err := ani.Pack(pack, rig.srv.PublicKey()); err != nil {
		t.Fatal(err)
	}
	if _, err := rig.srv.MergePack(pack); err != nil {
		t.Fatal(err)
	}
	var id string
	rig.st.EachInterview(func(iv store.Interview) error { id = iv.ID; return nil })
	if err := rig.st.SetStatus(id, store.Approved, "sup", ""); err != nil {
		t.Fatal(err)
	}
	res, err := hq.Sync(context.Background(), ani, fast)
	if err != nil {
		t.Fatal(err)
	}
	if res.Up.Added != 0 || res.Up.Unchanged != 3 || res.Received.Updated != 1 {
		t.Fatalf("sync after a USB pack: %+v, want 3 unchanged up and 1 decision down", res)
	}
	if iv, _ := rig.st.Interview(id); iv.Status != store.Approved {
		t.Errorf("headquarters' decision became %s", iv.Status)
	}
	if iv, _ := ani.Interview(id); iv.Status != store.Approved {
		t.Errorf("the laptop has %s, want the decision", iv.Status)
	}
}

// TestRefusals: each request headquarters must refuse is refused with
// its reason, worded in both languages, and nothing is written.
func TestRefusals(t *testing.T) { eachStorage(t, refusals) }

func refusals(t *testing.T, newHQ func(*testing.T, server.Options) *hqRig) {
	ctx := context.Background()
	cases := []struct {
		name   string
		reason string
		opts   server.Options
		do     func(t *testing.T, rig *hqRig) error
	}{
		{"unenrolled laptop", hq.ReasonUnenrolled, server.Options{}, func(t *testing.T, rig *hqRig) error {
			ani := newLaptop(t, "Ani", 2)
			enrol(t, rig, ani, "Ani")
			// Budi copies Ani's headquarters but has no certificate of his
			// own that headquarters knows.
			budi := newLaptop(t, "Budi", 2)
			srv, _ := hq.Known(ani)
			other, err := hq.NewKeyPair("laptop", srv.Enrolled)
			if err != nil {
				t.Fatal(err)
			}
			if srv.Client, err = hq.MarshalKeyPair(other); err != nil {
				t.Fatal(err)
			}
			if err := saveServer(budi, srv); err != nil {
				t.Fatal(err)
			}
			_, err = hq.Sync(ctx, budi, fast)
			return err
		}},
		{"laptop never enrolled", hq.ReasonNotKnown, server.Options{}, func(t *testing.T, rig *hqRig) error {
			_, err := hq.Sync(ctx, newLaptop(t, "Ani", 1), fast)
			return err
		}},
		{"enrolment code used twice", hq.ReasonCodeUsed, server.Options{}, func(t *testing.T, rig *hqRig) error {
			code, _, _ := rig.srv.Enrolment("Ani", time.Hour)
			ani, budi := newLaptop(t, "Ani", 0), newLaptop(t, "Budi", 0)
			if _, err := hq.Enrol(ctx, ani, formID(t, ani), rig.url, code, fast); err != nil {
				t.Fatal(err)
			}
			_, err := hq.Enrol(ctx, budi, formID(t, budi), rig.url, code, fast)
			return err
		}},
		{"enrolment code expired", hq.ReasonCodeExpired, server.Options{}, func(t *testing.T, rig *hqRig) error {
			code, _, _ := rig.srv.Enrolment("Ani", time.Nanosecond)
			time.Sleep(time.Millisecond)
			ani := newLaptop(t, "Ani", 0)
			_, err := hq.Enrol(ctx, ani, formID(t, ani), rig.url, code, fast)
			return err
		}},
		{"enrolment code made up", hq.ReasonCodeUnknown, server.Options{}, func(t *testing.T, rig *hqRig) error {
			code, _, _ := rig.srv.Enrolment("Ani", time.Hour)
			made := "ZZZZ-ZZZZ" + code[9:]
			ani := newLaptop(t, "Ani", 0)
			_, err := hq.Enrol(ctx, ani, formID(t, ani), rig.url, made, fast)
			return err
		}},
		{"laptop of another study", hq.ReasonOtherStudy, server.Options{}, func(t *testing.T, rig *hqRig) error {
			code, _, _ := rig.srv.Enrolment("Ani", time.Hour)
			ani := newLaptop(t, "Ani", 0)
			_, err := hq.Enrol(ctx, ani, "another_form", rig.url, code, fast)
			return err
		}},
		{"pack of another study", hq.ReasonOtherStudy, server.Options{}, func(t *testing.T, rig *hqRig) error {
			other := otherStudyLaptop(t)
			enrolWithoutForm(t, rig, other)
			_, err := hq.Sync(ctx, other, fast)
			return err
		}},
		{"tampered pack", hq.ReasonTampered, server.Options{}, func(t *testing.T, rig *hqRig) error {
			ani := newLaptop(t, "Ani", 3)
			enrol(t, rig, ani, "Ani")
			return putPack(t, rig, ani, func(b []byte) []byte {
				for i := 8192; i < len(b); i += 97 {
					b[i] ^= 0x5a
				}
				return b
			})
		}},
		{"pack tampered at its start", hq.ReasonTampered, server.Options{}, func(t *testing.T, rig *hqRig) error {
			ani := newLaptop(t, "Ani", 3)
			enrol(t, rig, ani, "Ani")
			return putPack(t, rig, ani, func(b []byte) []byte {
				for i := 0; i < 8192; i += 7 {
					b[i] ^= 0x5a
				}
				return b
			})
		}},
		{"pack cut short", hq.ReasonTampered, server.Options{}, func(t *testing.T, rig *hqRig) error {
			ani := newLaptop(t, "Ani", 3)
			enrol(t, rig, ani, "Ani")
			return putPack(t, rig, ani, func(b []byte) []byte { return b[:len(b)/3] })
		}},
		{"oversized upload", hq.ReasonTooLarge, server.Options{MaxPack: 16 << 10}, func(t *testing.T, rig *hqRig) error {
			ani := newLaptop(t, "Ani", 3)
			enrol(t, rig, ani, "Ani")
			_, err := hq.Sync(ctx, ani, fast)
			return err
		}},
		{"oversized upload without its length", hq.ReasonTooLarge, server.Options{MaxPack: 16 << 10}, func(t *testing.T, rig *hqRig) error {
			ani := newLaptop(t, "Ani", 3)
			enrol(t, rig, ani, "Ani")
			return putPack(t, rig, ani, nil)
		}},
		{"server with another certificate", hq.ReasonWrongCert, server.Options{}, func(t *testing.T, rig *hqRig) error {
			ani := newLaptop(t, "Ani", 3)
			enrol(t, rig, ani, "Ani")
			impostor := newHQ(t, server.Options{})
			srv, _ := hq.Known(ani)
			srv.URL = impostor.url
			if err := saveServer(ani, srv); err != nil {
				t.Fatal(err)
			}
			_, err := hq.Sync(ctx, ani, fast)
			if n := impostor.requests.Load(); n != 0 {
				t.Errorf("the impostor received %d requests", n)
			}
			return err
		}},
		{"enrolment code of another server", hq.ReasonCodeCert, server.Options{}, func(t *testing.T, rig *hqRig) error {
			impostor := newHQ(t, server.Options{})
			code, _, _ := rig.srv.Enrolment("Ani", time.Hour)
			ani := newLaptop(t, "Ani", 0)
			_, err := hq.Enrol(ctx, ani, formID(t, ani), impostor.url, code, fast)
			if n := impostor.requests.Load(); n != 0 {
				t.Errorf("the impostor received %d requests: the code's secret went to it", n)
			}
			return err
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rig := newHQ(t, c.opts)
			err := c.do(t, rig)
			if !hq.Refused(err, c.reason) {
				t.Fatalf("got %v, want a refusal for %s", err, c.reason)
			}
			var e *hq.Error
			errors.As(err, &e)
			if id, en := e.In(true), e.In(false); id == en || strings.Contains(en, "%!") || strings.Contains(id, "%!") {
				t.Errorf("the refusal reads %q and %q", id, en)
			}
			if n := count(t, rig.st); n != 0 {
				t.Errorf("headquarters holds %d interviews after the refusal, want none", n)
			}
		})
	}
}

func saveServer(st *store.Store, srv *hq.Server) error {
	b, err := json.Marshal(srv)
	if err != nil {
		return err
	}
	return st.SetSetting(hq.SettingServer, string(b))
}

// otherStudyLaptop holds interviews of another questionnaire.
func otherStudyLaptop(t *testing.T) *store.Store {
	t.Helper()
	form, err := testforms.Big(false)
	if err != nil {
		t.Fatal(err)
	}
	st := openFile(t, filepath.Join(t.TempDir(), "other.siap"), form)
	addInterviews(t, st, form, "Ani", 2, 1)
	return st
}

// enrolWithoutForm enrols a laptop as one that has no questionnaire yet.
func enrolWithoutForm(t *testing.T, rig *hqRig, laptop *store.Store) {
	t.Helper()
	code, _, err := rig.srv.Enrolment("Ani", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := hq.Enrol(context.Background(), laptop, "", rig.url, code, fast); err != nil {
		t.Fatal(err)
	}
}

// putPack uploads the laptop's interviews as a pack for headquarters,
// changed by change on the way (nil: sent without its length).
func putPack(t *testing.T, rig *hqRig, laptop *store.Store, change func([]byte) []byte) error {
	t.Helper()
	client, srv := rawClient(t, laptop)
	path := filepath.Join(t.TempDir(), "up.pack")
	if err := laptop.Pack(path, srv.Key); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var body io.Reader = bytes.NewReader(b)
	if change != nil {
		body = bytes.NewReader(change(b))
	} else {
		body = io.MultiReader(body) // hides its length: sent chunked
	}
	req, _ := http.NewRequest(http.MethodPut, rig.url+hq.PathPacks+"3f8a1c2e-0000-4000-8000-000000000001", body)
	req.Header.Set(hq.HeaderForm, srv.Form)
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var r hq.Refusal
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil || r.Reason == "" {
		return nil
	}
	return r.Error()
}

// TestReplacedLaptop: an interviewer's new laptop, enrolled under the
// same name, receives the decisions on the interviews the old one sent.
func TestReplacedLaptop(t *testing.T) { eachStorage(t, replacedLaptop) }

func replacedLaptop(t *testing.T, newHQ func(*testing.T, server.Options) *hqRig) {
	rig := newHQ(t, server.Options{})
	old := newLaptop(t, "Ani", 3)
	enrol(t, rig, old, "Ani")
	if _, err := hq.Sync(context.Background(), old, fast); err != nil {
		t.Fatal(err)
	}
	var id string
	rig.st.EachInterview(func(iv store.Interview) error { id = iv.ID; return nil })
	if err := rig.st.SetStatus(id, store.Rejected, "sup", "ulangi"); err != nil {
		t.Fatal(err)
	}
	replacement := newLaptop(t, "Ani", 0)
	enrol(t, rig, replacement, "Ani")
	res, err := hq.Sync(context.Background(), replacement, fast)
	if err != nil {
		t.Fatal(err)
	}
	if res.Received.Added != 1 {
		t.Fatalf("the new laptop received %+v, want the interview sent back", res.Received)
	}
	if iv, err := replacement.Interview(id); err != nil || iv.Status != store.Rejected {
		t.Errorf("on the new laptop the interview is %s (%v), want sent back", iv.Status, err)
	}
}

// TestDownloadOfAnEarlierLaptop: a laptop of an earlier siap asks with a
// GET, naming nothing it holds, and gets every decision; one that names
// what it holds gets those it lacks; a list that does not read is
// refused.
func TestDownloadOfAnEarlierLaptop(t *testing.T) {
	rig := newHQ(t, server.Options{})
	ani := newLaptop(t, "Ani", 3)
	enrol(t, rig, ani, "Ani")
	if _, err := hq.Sync(context.Background(), ani, fast); err != nil {
		t.Fatal(err)
	}
	var ids []string
	rig.st.EachInterview(func(iv store.Interview) error { ids = append(ids, iv.ID); return nil })
	for _, id := range ids[:2] {
		if err := rig.st.SetStatus(id, store.Approved, "sup", ""); err != nil {
			t.Fatal(err)
		}
	}
	held, err := rig.st.Interview(ids[0])
	if err != nil {
		t.Fatal(err)
	}
	client, _ := rawClient(t, ani)
	for _, tt := range []struct {
		name, method, body string
		status, holds      int
	}{
		{"GET", http.MethodGet, "", http.StatusOK, 2},
		{"POST, holding none", http.MethodPost, `{"have":{}}`, http.StatusOK, 2},
		{"POST, holding one as decided", http.MethodPost, `{"have":{"` + ids[0] + `":"` + hq.DigestKept(held.Hash) + `"}}`, http.StatusOK, 1},
		{"POST, holding one as it was sent", http.MethodPost, `{"have":{"` + ids[0] + `":"0123456789abcdef"}}`, http.StatusOK, 2},
		{"POST of no list", http.MethodPost, `not json`, http.StatusBadRequest, 0},
	} {
		req, _ := http.NewRequest(tt.method, rig.url+hq.PathMine, strings.NewReader(tt.body))
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tt.status {
			t.Errorf("%s: answered %s, want %d", tt.name, resp.Status, tt.status)
			continue
		}
		if tt.status != http.StatusOK {
			continue
		}
		path := filepath.Join(t.TempDir(), "down.pack")
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
		identity, _ := ani.Setting(store.IdentitySetting)
		p, err := store.OpenPack(path, identity)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if n := count(t, p); n != tt.holds {
			t.Errorf("%s: the pack holds %d interviews, want %d", tt.name, n, tt.holds)
		}
		p.Close()
	}
}

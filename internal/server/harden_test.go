package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"siap/internal/hq"
	"siap/internal/server"
	"siap/questionnaires"
	"siap/store"
)

// TestAnotherInterviewersInterview: an enrolled laptop that holds a copy
// of another interviewer's interview (its id and digest) cannot send a
// "newer" version of it, even one claiming to be its own interviewer's:
// the pack is refused whole, naming the interview and none of its
// answers, and headquarters holds what it held. A sync leaves such
// interviews out, counted, and sends the laptop's own.
func TestAnotherInterviewersInterview(t *testing.T) { eachStorage(t, anotherInterviewersInterview) }

func anotherInterviewersInterview(t *testing.T, newHQ func(*testing.T, server.Options) *hqRig) {
	ctx := context.Background()
	for _, forged := range []string{"as it is", "claiming Ani as its interviewer"} {
		t.Run(forged, func(t *testing.T) {
			rig := newHQ(t, server.Options{})
			budi := newLaptop(t, "Budi", 2)
			enrol(t, rig, budi, "Budi")
			if _, err := hq.Sync(ctx, budi, fast); err != nil {
				t.Fatal(err)
			}
			var id string
			budi.EachInterview(func(iv store.Interview) error { id = iv.ID; return nil })
			held, err := rig.st.Record(id)
			if err != nil {
				t.Fatal(err)
			}
			// Ani's laptop gets Budi's interview and makes a "newer"
			// version of it.
			ani := newLaptop(t, "Ani", 2)
			enrol(t, rig, ani, "Ani")
			newer := held
			newer.Answers = maps.Clone(held.Answers)
			newer.Answers["secret_answer"] = store.Answer{Value: "Sari Dewi 081234567890", Changed: time.Now()}
			newer.Events = slices.Clone(held.Events)
			newer.Interview.History = append(slices.Clone(held.Interview.History), held.Interview.Hash)
			newer.Interview.Hash = ""
			if forged != "as it is" {
				newer.Interview.Interviewer = "Ani"
			}
			if err := store.PrepareImport(&newer); err != nil {
				t.Fatal(err)
			}
			if _, err := ani.Import(store.Records(newer)); err != nil {
				t.Fatal(err)
			}
			err = putPack(t, rig, ani, func(b []byte) []byte { return b })
			if !hq.Refused(err, hq.ReasonForeign) {
				t.Fatalf("another interviewer's interview sent: %v, want refused as %s", err, hq.ReasonForeign)
			}
			var e *hq.Error
			errors.As(err, &e)
			for _, words := range []string{e.In(true), e.In(false)} {
				if !strings.Contains(words, id) || strings.Contains(words, "Sari") || strings.Contains(words, "%!") {
					t.Errorf("the refusal reads %q: want the interview's id and none of its answers", words)
				}
			}
			if e.In(true) == e.In(false) {
				t.Errorf("the refusal reads the same in both languages: %q", e.In(false))
			}
			now, err := rig.st.Interview(id)
			if err != nil || now.Hash != held.Interview.Hash || now.Interviewer != "Budi" {
				t.Errorf("Budi's interview at headquarters is now %s by %s (%v), want %s by Budi", now.Hash, now.Interviewer, err, held.Interview.Hash)
			}
			if n := count(t, rig.st); n != 2 {
				t.Errorf("headquarters holds %d interviews after the refused pack, want Budi's 2 (none of Ani's: a pack is taken whole)", n)
			}
			if c, err := rig.st.Conflicts(); err != nil || len(c) != 0 {
				t.Errorf("the refused pack left %d conflicts (%v)", len(c), err)
			}
			// A sync sends Ani's own interviews and leaves Budi's out; the
			// forged one, which claims Ani, is refused as the pack was.
			res, err := hq.Sync(ctx, ani, fast)
			switch {
			case forged == "as it is" && err != nil:
				t.Fatal(err)
			case forged == "as it is" && (res.Sent != 2 || res.Others != 1 || res.Up.Added != 2):
				t.Errorf("Ani's sync: %d sent (%d added), %d of others left out; want 2 sent, 1 left out", res.Sent, res.Up.Added, res.Others)
			case forged != "as it is" && !hq.Refused(err, hq.ReasonForeign):
				t.Errorf("Ani's sync of the forged version: %+v, %v; want refused", res.Up, err)
			}
			if now, _ := rig.st.Interview(id); now.Hash != held.Interview.Hash {
				t.Errorf("after Ani's sync Budi's interview at headquarters is another version")
			}
			// Budi's own newer version is taken.
			if err := budi.Save(id, []store.Change{{Path: "secret_answer", Value: "x"}}); err != nil {
				t.Fatal(err)
			}
			if res, err := hq.Sync(ctx, budi, fast); err != nil || res.Up.Updated != 1 {
				t.Errorf("Budi's own change: %+v, %v; want 1 updated", res.Up, err)
			}
		})
	}
}

// TestFailedEnrolmentsBounded: failed enrolments are refused past a
// bound per address and in all, and a code tried with wrong secrets a
// few times is locked, even for its right secret; each refusal writes
// nothing.
func TestFailedEnrolmentsBounded(t *testing.T) { eachStorage(t, failedEnrolmentsBounded) }

func failedEnrolmentsBounded(t *testing.T, newHQ func(*testing.T, server.Options) *hqRig) {
	ctx := context.Background()
	try := func(t *testing.T, rig *hqRig, code string) error {
		t.Helper()
		laptop := newLaptop(t, "Ani", 0)
		_, err := hq.Enrol(ctx, laptop, formID(t, laptop), rig.url, code, fast)
		return err
	}
	wrong := func(t *testing.T, code string) string {
		t.Helper()
		c, err := hq.ParseCode(code)
		if err != nil {
			t.Fatal(err)
		}
		c.Secret = "ZZZZZZZZ"
		if strings.HasPrefix(code, "ZZZZZZZZ") {
			c.Secret = "YYYYYYYY"
		}
		return c.String()
	}
	madeUp := func(t *testing.T, code string) string {
		c, _ := hq.ParseCode(wrong(t, code))
		c.ID = "ZZZZ"
		return c.String()
	}
	t.Run("per address", func(t *testing.T) {
		rig := newHQ(t, server.Options{EnrolFailuresPerAddress: 3})
		code, _, _ := rig.srv.Enrolment("Ani", time.Hour)
		for i := range 3 {
			if err := try(t, rig, madeUp(t, code)); !hq.Refused(err, hq.ReasonCodeUnknown) {
				t.Fatalf("made-up code %d: %v, want unknown", i+1, err)
			}
		}
		if err := try(t, rig, code); !hq.Refused(err, hq.ReasonTooMany) {
			t.Fatalf("after 3 failures from one address a good code: %v, want %s", err, hq.ReasonTooMany)
		}
		noLaptops(t, rig)
	})
	t.Run("in all", func(t *testing.T) {
		rig := newHQ(t, server.Options{EnrolFailures: 2})
		code, _, _ := rig.srv.Enrolment("Ani", time.Hour)
		for range 2 {
			try(t, rig, madeUp(t, code))
		}
		if err := try(t, rig, madeUp(t, code)); !hq.Refused(err, hq.ReasonTooMany) {
			t.Fatalf("after 2 failures in all: %v, want %s", err, hq.ReasonTooMany)
		}
		noLaptops(t, rig)
	})
	t.Run("per code", func(t *testing.T) {
		rig := newHQ(t, server.Options{})
		code, _, _ := rig.srv.Enrolment("Ani", time.Hour)
		other, _, _ := rig.srv.Enrolment("Budi", time.Hour)
		for i := range 5 {
			want := hq.ReasonCodeUnknown
			if i == 4 {
				want = hq.ReasonCodeLocked
			}
			if err := try(t, rig, wrong(t, code)); !hq.Refused(err, want) {
				t.Fatalf("wrong secret %d: %v, want %s", i+1, err, want)
			}
		}
		err := try(t, rig, code)
		if !hq.Refused(err, hq.ReasonCodeLocked) {
			t.Fatalf("the right code after 5 wrong secrets: %v, want locked", err)
		}
		var e *hq.Error
		errors.As(err, &e)
		if !strings.Contains(e.In(false), "ask headquarters for a new one") || !strings.Contains(e.In(true), "minta kode baru") {
			t.Errorf("the refusal does not say to ask for a new code: %q / %q", e.In(false), e.In(true))
		}
		noLaptops(t, rig)
		// Another code is not locked by them.
		if err := try(t, rig, other); err != nil {
			t.Errorf("another code after one was locked: %v", err)
		}
	})
}

// noLaptops checks that headquarters recorded no laptop.
func noLaptops(t *testing.T, rig *hqRig) {
	t.Helper()
	n := 0
	if err := rig.st.EachSetting("hq_laptop/", func(string, string) error { n++; return nil }); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("headquarters recorded %d laptops after refusals, want none", n)
	}
}

// TestEnrolmentAnswerLost: headquarters enrolled the laptop but the
// answer never came; siap sync --enrol run again with the same code
// sends the same certificate (kept in the data file until confirmed),
// and headquarters answers it as the same enrolment.
func TestEnrolmentAnswerLost(t *testing.T) { eachStorage(t, enrolmentAnswerLost) }

func enrolmentAnswerLost(t *testing.T, newHQ func(*testing.T, server.Options) *hqRig) {
	ctx := context.Background()
	rig := newHQ(t, server.Options{})
	dropped := 0
	rig.wrap = func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == hq.PathEnrol && dropped == 0 {
				dropped++
				next.ServeHTTP(httptest.NewRecorder(), r)
				conn, _, err := w.(http.Hijacker).Hijack()
				if err == nil {
					conn.Close()
				}
				return
			}
			next.ServeHTTP(w, r)
		})
	}
	code, _, _ := rig.srv.Enrolment("Ani", time.Hour)
	ani := newLaptop(t, "Ani", 3)
	if _, err := hq.Enrol(ctx, ani, formID(t, ani), rig.url, code, hq.Options{Tries: 1}); !hq.Refused(err, hq.ReasonUnreachable) {
		t.Fatalf("the first run: %v, want no answer", err)
	}
	if srv, _ := hq.Known(ani); srv != nil {
		t.Fatal("the laptop took itself as enrolled without an answer")
	}
	srv, err := hq.Enrol(ctx, ani, formID(t, ani), rig.url, code, fast)
	if err != nil {
		t.Fatalf("the second run with the same code: %v", err)
	}
	if srv.Name != "Ani" {
		t.Errorf("enrolled as %q", srv.Name)
	}
	if v, _ := ani.Setting("headquarters_pending"); v != "" {
		t.Error("the pending certificate is kept after the enrolment was confirmed")
	}
	if res, err := hq.Sync(ctx, ani, fast); err != nil || res.Up.Added != 3 {
		t.Fatalf("sync after the enrolment: %+v, %v", res.Up, err)
	}
	// Another laptop with the same code is still refused.
	budi := newLaptop(t, "Budi", 0)
	if _, err := hq.Enrol(ctx, budi, formID(t, budi), rig.url, code, fast); !hq.Refused(err, hq.ReasonCodeUsed) {
		t.Errorf("another laptop with the used code: %v, want %s", err, hq.ReasonCodeUsed)
	}
}

// failAfterImport is storage on which the first write after an import
// fails: headquarters dying between the import and whatever it writes
// next.
type failAfterImport struct {
	store.Interviews
	armed bool
}

func (f *failAfterImport) Import(from store.RecordSource, opts ...store.ImportOptions) (store.MergeResult, error) {
	res, err := f.Interviews.Import(from, opts...)
	if err == nil && !res.Again && len(opts) > 0 {
		f.armed = true
	}
	return res, err
}

func (f *failAfterImport) SetSetting(key, value string) error {
	if f.armed {
		f.armed = false
		return errors.New("killed")
	}
	return f.Interviews.SetSetting(key, value)
}

// TestPackRecordedWithItsImport: the pack's id is recorded in the
// import's transaction, so headquarters failing right after the import
// answers the laptop's retry as the pack it took, with its figures,
// instead of merging it again.
func TestPackRecordedWithItsImport(t *testing.T) {
	for _, s := range storages {
		t.Run(s.name, func(t *testing.T) {
			rig := newHQOn(t, func(t *testing.T, form *questionnaires.Form) store.Interviews {
				return &failAfterImport{Interviews: s.open(t, form)}
			}, server.Options{})
			ani := newLaptop(t, "Ani", 4)
			enrol(t, rig, ani, "Ani")
			res, err := hq.Sync(context.Background(), ani, fast)
			if err != nil {
				t.Fatal(err)
			}
			if res.Retries != 1 || !res.Up.Again || res.Up.Added != 4 {
				t.Errorf("upload retried after headquarters failed past the import: %d retries, %+v; want 1 retry answered with the first import's 4 added", res.Retries, res.Up)
			}
			if n := count(t, rig.st); n != 4 {
				t.Errorf("headquarters holds %d interviews, want 4", n)
			}
		})
	}
}

// TestPrune: codes used or expired and pack ids older than the
// retention period are forgotten; a laptop enrolled stays enrolled, a
// pack retried within the period is recognised, one retried past it is
// merged again and adds nothing.
func TestPrune(t *testing.T) { eachStorage(t, prune) }

func prune(t *testing.T, newHQ func(*testing.T, server.Options) *hqRig) {
	ctx := context.Background()
	var later time.Duration
	rig := newHQ(t, server.Options{Retention: 48 * time.Hour, Now: func() time.Time { return time.Now().Add(later) }})
	ani := newLaptop(t, "Ani", 3)
	enrol(t, rig, ani, "Ani")
	unused, _, _ := rig.srv.Enrolment("Budi", time.Hour)
	first := uploadPack(t, rig, ani, "3f8a1c2e-0000-4000-8000-00000000000a")
	if first.Added != 3 || first.Again {
		t.Fatalf("first upload: %+v", first)
	}
	if p, err := rig.srv.Prune(); err != nil || p != (server.Pruned{}) {
		t.Fatalf("pruning at once: %+v, %v; want nothing", p, err)
	}
	if again := uploadPack(t, rig, ani, "3f8a1c2e-0000-4000-8000-00000000000a"); !again.Again || again.Added != 3 {
		t.Errorf("the same pack within the retention period: %+v, want recognised", again)
	}
	later = 48*time.Hour + 30*time.Minute
	p, err := rig.srv.Prune()
	if err != nil || p.Codes != 1 || p.Packs != 1 {
		t.Fatalf("pruning past the retention period: %+v, %v; want Ani's code and the pack's id (Budi's, expired 47.5 hours ago, kept)", p, err)
	}
	later = 50 * time.Hour
	if p, err = rig.srv.Prune(); err != nil || p.Codes != 1 || p.Packs != 0 {
		t.Fatalf("pruning 1.5 hours later: %+v, %v; want Budi's expired code", p, err)
	}
	if err := rig.st.EachSetting("hq_enrol/", func(k, _ string) error { t.Errorf("%s kept", k); return nil }); err != nil {
		t.Fatal(err)
	}
	if res, err := hq.Sync(ctx, ani, fast); err != nil {
		t.Errorf("Ani's laptop after its code was forgotten: %+v, %v; want still enrolled", res, err)
	}
	if again := uploadPack(t, rig, ani, "3f8a1c2e-0000-4000-8000-00000000000a"); again.Again || again.Unchanged != 3 || again.Added != 0 {
		t.Errorf("the same pack past the retention period: %+v, want merged again, 3 unchanged", again)
	}
	budi := newLaptop(t, "Budi", 0)
	if _, err := hq.Enrol(ctx, budi, formID(t, budi), rig.url, unused, fast); !hq.Refused(err, hq.ReasonCodeUnknown) {
		t.Errorf("a forgotten code: %v, want unknown", err)
	}
	if n := count(t, rig.st); n != 3 {
		t.Errorf("headquarters holds %d interviews, want 3", n)
	}
}

// uploadPack uploads the laptop's interviews under a pack id, as a
// laptop retrying would, and returns headquarters' answer.
func uploadPack(t *testing.T, rig *hqRig, laptop *store.Store, id string) hq.UploadResult {
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
	req, _ := http.NewRequest(http.MethodPut, rig.url+hq.PathPacks+id, bytes.NewReader(b))
	req.Header.Set(hq.HeaderForm, srv.Form)
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var res hq.UploadResult
	if resp.StatusCode != http.StatusOK || json.NewDecoder(resp.Body).Decode(&res) != nil {
		t.Fatalf("upload answered %s", resp.Status)
	}
	return res
}

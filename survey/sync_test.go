package survey

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"siap/internal/hq"
	"siap/internal/server"
	"siap/questionnaires"
	"siap/store"
)

// TestSyncMenu: the home menu offers to sync once the data file knows
// a headquarters, and not before.
func TestSyncMenu(t *testing.T) {
	app, st := newTestApp(t)
	if strings.Contains(string(finalScreen(t, app)), "Sinkronkan") {
		t.Fatal("the menu offers to sync before the laptop is enrolled")
	}
	b, _ := json.Marshal(hq.Server{URL: "https://hq.example:8443", Name: "Ani Wijaya"})
	if err := st.SetSetting(hq.SettingServer, string(b)); err != nil {
		t.Fatal(err)
	}
	app, _ = appOn(t, st)
	golden.RequireEqual(t, finalScreen(t, app))
}

// TestSyncFromHome: "Sync with headquarters" sends the laptop's
// interviews over HTTPS and brings back a decision; headquarters out of
// reach is said in the interface's language, and nothing is lost.
func TestSyncFromHome(t *testing.T) {
	form, err := questionnaires.Shipped()
	if err != nil {
		t.Fatal(err)
	}
	hqStore := encryptedFile(t, "hq.siap", form)
	srv, err := server.New(hqStore, server.Options{TempDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewUnstartedServer(srv.Handler())
	ts.TLS = srv.TLSConfig()
	ts.StartTLS()
	defer ts.Close()

	laptop := encryptedFile(t, "ani.siap", form)
	laptop.SetSetting("interviewer", "Ani Wijaya")
	// The simulated interviews are Budi's.
	code, _, err := srv.Enrolment("Budi", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := hq.Enrol(context.Background(), laptop, form.ID, ts.URL, code, hq.Options{}); err != nil {
		t.Fatal(err)
	}
	app, _ := appOn(t, laptop)
	withSimulated(t, app, laptop, 2)
	a := finalModel(t, app, "7")
	h, ok := a.screen.(*home)
	if !ok || h.flash != "Tersinkron: 2 wawancara terkirim ke kantor pusat, 0 diterima (disetujui atau dikembalikan)." {
		t.Fatalf("after syncing the home screen says %q", h.flash)
	}
	var id string
	hqStore.EachInterview(func(iv store.Interview) error { id = iv.ID; return nil })
	if err := hqStore.SetStatus(id, store.Rejected, "sup", "ulangi umur"); err != nil {
		t.Fatal(err)
	}
	a = finalModel(t, app, "ctrl+l", "7")
	if h := a.screen.(*home); h.flash != "Synced: 0 interviews sent to headquarters, 1 received (approved or sent back)." {
		t.Fatalf("after the second sync the home screen says %q", h.flash)
	}
	if iv, _ := laptop.Interview(id); iv.Status != store.Rejected {
		t.Errorf("the interview sent back is %s on the laptop", iv.Status)
	}
	a = finalModel(t, app, "ctrl+l", "7")
	if h := a.screen.(*home); h.flash != "Tersinkron: tidak ada yang baru untuk dikirim maupun diterima." {
		t.Fatalf("a sync with nothing new says %q", h.flash)
	}
	ts.Close()
	a = finalModel(t, app, "ctrl+l", "7")
	if h := a.screen.(*home); !strings.Contains(h.flash, "cannot be reached") || !strings.Contains(h.flash, "nothing is lost") {
		t.Fatalf("with headquarters down the home screen says %q", h.flash)
	}
}

func encryptedFile(t *testing.T, name string, form *questionnaires.Form) *store.Store {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), name), store.Options{Passphrase: "kopi-jendela-merah-tujuh"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := st.AddForm(store.FormSource{ID: form.ID, Version: form.Version, Name: form.SourceName, Data: form.Source, Files: form.Attachments}); err != nil {
		t.Fatal(err)
	}
	return st
}

// appOn opens the interviewer's screens on a data file.
func appOn(t *testing.T, st *store.Store) (*App, *store.Store) {
	t.Helper()
	t.Setenv("NO_COLOR", "1")
	src, err := st.CurrentForm()
	if err != nil {
		t.Fatal(err)
	}
	form, err := questionnaires.ParseKept(src.Name, src.Data, src.Files)
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := st.Setting("interviewer"); v == "" {
		st.SetSetting("interviewer", "Ani Wijaya")
	}
	app, err := New(Options{Store: st, Form: form, FormKey: src.Key, Now: fixedNow, Sync: hq.Options{Tries: 2, Wait: time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	return app, st
}

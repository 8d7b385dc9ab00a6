package survey

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"siap/store"
)

// TestPackFromHome: an encrypted file with no supervisor's key says how
// to get one, in the interface's language, and writes no pack; once the
// key is trusted, the pack it writes opens only on the supervisor's file.
func TestPackFromHome(t *testing.T) {
	app, _ := lockedApp(t)
	send(app) // the home screen's counts and key, read off the update loop
	h, ok := app.screen.(*home)
	if !ok {
		t.Fatalf("the app starts on %T", app.screen)
	}
	if !strings.HasPrefix(h.counts.publicKey, "age1") || !strings.Contains(h.view(80, 24), "Kunci publik: "+h.counts.publicKey) {
		t.Errorf("the home screen does not show the file's public key:\n%s", h.view(80, 24))
	}
	send(app, press("6")...) // Buat paket untuk supervisor
	// The pack is made off the update loop, behind a new home screen.
	h = app.screen.(*home)
	if !strings.Contains(h.flash, "Belum ada kunci publik supervisor") {
		t.Errorf("a pack without the supervisor's key: %q", h.flash)
	}
	dir := filepath.Dir(h.e.st.Path())
	if packs, _ := filepath.Glob(filepath.Join(dir, "siap-pack-*")); len(packs) > 0 {
		t.Errorf("a pack was written: %v", packs)
	}
	sup, err := store.Open(filepath.Join(t.TempDir(), "sup.db"), store.Options{Passphrase: "rendang-padang-42"})
	if err != nil {
		t.Fatal(err)
	}
	defer sup.Close()
	supKey, _ := sup.PublicKey()
	if err := h.e.st.Trust(store.TrustedKey{Name: "Sri", Key: supKey, Supervisor: true}); err != nil {
		t.Fatal(err)
	}
	send(app, press("6")...)
	h = app.screen.(*home)
	packs, _ := filepath.Glob(filepath.Join(dir, "siap-pack-*"))
	if len(packs) != 1 {
		t.Fatalf("packs %v; flash %q", packs, h.flash)
	}
	if _, err := sup.Merge(packs[0], ""); err != nil {
		t.Errorf("the supervisor merging the pack: %v", err)
	}
	os.Remove(packs[0])
}

package survey

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"siap/export"
	"siap/internal/fieldwork"
	"siap/store"
)

// TestIndexingOffTheUpdateLoop: a file whose interviews have no facts
// yet (of an earlier siap) opens on a screen that says it is indexing
// them, with the spinner, while a command makes them; the home screen
// follows, and the file keeps the facts from then on.
func TestIndexingOffTheUpdateLoop(t *testing.T) {
	st, form, err := fieldwork.NewFile(filepath.Join(t.TempDir(), "siap.db"), 1, 1, time.Date(2026, 11, 24, 9, 30, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := fieldwork.Replicate(st, indexInCommand); err != nil {
		t.Fatal(err)
	}
	if err := st.SetSetting("interviewer", "Ani"); err != nil {
		t.Fatal(err)
	}
	ix := export.NewIndexer(form)
	if key, _ := st.FactsKey(); key == ix.Key() {
		t.Fatal("the file has its facts already: nothing to index")
	}
	app, err := New(Options{Store: st, Form: form, FormKey: store.FormKey(form.Source, form.Attachments)})
	if err != nil {
		t.Fatal(err)
	}
	app.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	if _, ok := app.screen.(*indexingScreen); !ok || !app.busy() {
		t.Fatalf("the first screen is %T (busy %v), want the indexing screen turning its spinner", app.screen, app.busy())
	}
	if screen := string(screenText(app)); !strings.Contains(screen, "Menyusun indeks wawancara") {
		t.Errorf("no word of indexing on screen:\n%s", screen)
	}
	settleApp(app, app.Init())
	if _, ok := app.screen.(*home); !ok {
		t.Fatalf("after indexing the screen is %T, want home", app.screen)
	}
	if key, err := st.FactsKey(); err != nil || key != ix.Key() {
		t.Errorf("the file's facts key after indexing: %q, %v; want %q", key, err, ix.Key())
	}
}

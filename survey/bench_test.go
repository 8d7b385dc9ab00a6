package survey

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"siap/export"
	"siap/internal/fieldwork"
	"siap/internal/testforms"
	"siap/questionnaires"
	"siap/store"
)

// BenchmarkKeystroke measures one key press to a redrawn screen (Update
// plus View) on a 500-question form, with and without 100 roster
// instances: the cost must not grow with the instances.
func BenchmarkKeystroke(b *testing.B) {
	for _, instances := range []int{0, 100} {
		b.Run(fmt.Sprintf("instances=%d", instances), func(b *testing.B) {
			form, err := testforms.Big(true)
			if err != nil {
				b.Fatal(err)
			}
			st, err := store.Open(filepath.Join(b.TempDir(), "siap.db"), store.Options{})
			if err != nil {
				b.Fatal(err)
			}
			defer st.Close()
			key, _ := st.AddForm(store.FormSource{ID: form.ID, Name: form.SourceName, Data: form.Source})
			st.SetSetting("interviewer", "bench")
			app, err := New(Options{Store: st, Form: form, FormKey: key})
			if err != nil {
				b.Fatal(err)
			}
			app.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
			drive(app, press("enter")...)
			q := app.screen.(*questionScreen)
			for i := 0; i < instances; i++ {
				q.s.st.AddInstance("members")
			}
			q.show(q.s.st.Item("q25_3"))
			if q.it == nil {
				b.Fatal("question q25_3 not found")
			}
			keys := press("1", "backspace")
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				app.Update(keys[i%2])
				_ = app.View()
			}
		})
	}
}

// benchInterviews is the size of the data file BenchmarkScreens works on:
// 10,000, or the number in SIAP_BENCH_INTERVIEWS.
func benchInterviews(b *testing.B) int {
	v := os.Getenv("SIAP_BENCH_INTERVIEWS")
	if v == "" {
		return 10000
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		b.Fatalf("SIAP_BENCH_INTERVIEWS=%q: want a number of interviews", v)
	}
	return n
}

// BenchmarkScreens walks every screen of a 10,000-interview data file
// (SIAP_BENCH_INTERVIEWS sets another size)
// and reports, per screen, the slowest key press's time in Update
// (update-max-ms: the screen stays responsive while it is small) and
// the time from that key to the screen it leads to being drawn with its
// data (drawn-max-ms). It prints figures and asserts none.
func BenchmarkScreens(b *testing.B) {
	st, form, key := benchFile(b)
	cases := []struct {
		name         string
		setup, timed []string
	}{
		{"home", []string{"3"}, []string{"esc"}},
		{"browse", nil, []string{"3", "down", "s", "c", "/", "a", "enter"}},
		{"summaries", nil, []string{"4", "g", "s", "i", "enter"}},
		{"supervise", nil, []string{"5", "down", "y"}},
		{"progress", []string{"5"}, []string{"p"}},
		{"interview", nil, []string{"1", "4", "enter", "ctrl+r"}},
		{"export", nil, []string{"7"}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			var slowUpdate, slowDrawn time.Duration
			for b.Loop() {
				app, err := New(Options{Store: st, Form: form, FormKey: key})
				if err != nil {
					b.Fatal(err)
				}
				app.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
				drive(app, press(c.setup...)...)
				for _, m := range press(c.timed...) {
					start := time.Now()
					_, cmd := app.Update(m)
					slowUpdate = max(slowUpdate, time.Since(start))
					settleApp(app, cmd)
					_ = app.View()
					slowDrawn = max(slowDrawn, time.Since(start))
				}
				if q, ok := app.screen.(interface{ leave() }); ok {
					q.leave()
				}
			}
			b.ReportMetric(float64(slowUpdate.Microseconds())/1000, "update-max-ms")
			b.ReportMetric(float64(slowDrawn.Microseconds())/1000, "drawn-max-ms")
		})
	}
}

// benchFile makes the benchmark's data file once: simulated interviews
// of the shipped form, replicated to benchInterviews, with a name.
func benchFile(b *testing.B) (*store.Store, *questionnaires.Form, string) {
	b.Helper()
	st, form, err := fieldwork.NewFile(filepath.Join(b.TempDir(), "siap.db"), 500, 1, time.Date(2026, 11, 24, 9, 30, 0, 0, time.UTC))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	if err := fieldwork.Replicate(st, benchInterviews(b)); err != nil {
		b.Fatal(err)
	}
	if err := st.SetSetting("interviewer", "bench"); err != nil {
		b.Fatal(err)
	}
	// The facts are made once, before the screens are timed, as the
	// first open of a file of an earlier siap does.
	start := time.Now()
	if err := st.SetIndexer(export.NewIndexer(form), nil); err != nil {
		b.Fatal(err)
	}
	b.Logf("the facts of %d interviews made in %v", benchInterviews(b), time.Since(start).Round(time.Millisecond))
	return st, form, store.FormKey(form.Source, form.Attachments)
}

// BenchmarkBrowseFirstScreen measures, from the key that opens Browse
// to its first screen drawn with its rows (first-screen-ms), on the
// benchmark's 10,000-interview file, and on the data file
// $SIAP_BENCH_DATA names when it is set (unencrypted; it is opened as
// the interface opens it, which indexes it once: give it a copy. The
// figures in the README are of a 1,000,000-interview file). It reports
// the rows held (a window, whatever the file's size), the heap in use
// after the screen is drawn, and the time a search that matches nothing
// takes to sift every interview's facts row.
func BenchmarkBrowseFirstScreen(b *testing.B) {
	type file struct {
		name string
		open func(b *testing.B) (*store.Store, *questionnaires.Form, string)
	}
	files := []file{{fmt.Sprintf("interviews=%d", benchInterviews(b)), benchFile}}
	if path := os.Getenv("SIAP_BENCH_DATA"); path != "" {
		files = append(files, file{filepath.Base(path), func(b *testing.B) (*store.Store, *questionnaires.Form, string) { return openBenchData(b, path) }})
	}
	for _, f := range files {
		b.Run(f.name, func(b *testing.B) {
			st, form, key := f.open(b)
			// A file of an earlier siap is indexed once, untimed.
			if err := indexAnswers(st, listedAnswers(form)); err != nil {
				b.Fatal(err)
			}
			if err := st.SetIndexer(export.NewIndexer(form), nil); err != nil {
				b.Fatal(err)
			}
			var slowest, search time.Duration
			held := 0
			for b.Loop() {
				app, err := New(Options{Store: st, Form: form, FormKey: key})
				if err != nil {
					b.Fatal(err)
				}
				app.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
				drive(app) // the home screen, counted
				start := time.Now()
				_, cmd := app.Update(press("3")[0])
				settleApp(app, cmd)
				_ = app.View()
				slowest = max(slowest, time.Since(start))
				held = len(app.screen.(*browse).rows)
				// A search nothing matches sifts every facts row, off
				// the update loop, and decodes no record.
				bs := app.screen.(*browse)
				bs.search.SetValue("no such interview")
				start = time.Now()
				settleApp(app, bs.restart())
				search = max(search, time.Since(start))
			}
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			b.ReportMetric(float64(slowest.Microseconds())/1000, "first-screen-ms")
			b.ReportMetric(float64(held), "rows-held")
			b.ReportMetric(float64(search.Microseconds())/1000, "unmatched-search-ms")
			b.ReportMetric(float64(m.HeapInuse)/(1<<20), "heap-MB")
		})
	}
}

// openBenchData opens an existing unencrypted data file with the
// questionnaire it keeps, and names its interviewer when it has none.
func openBenchData(b *testing.B, path string) (*store.Store, *questionnaires.Form, string) {
	st, err := store.Open(path, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	src, err := st.CurrentForm()
	if err != nil {
		b.Fatal(err)
	}
	form, err := questionnaires.ParseKept(src.Name, src.Data, src.Files)
	if err != nil {
		b.Fatal(err)
	}
	if name, err := st.Setting("interviewer"); err != nil || name == "" {
		if err := st.SetSetting("interviewer", "bench"); err != nil {
			b.Fatal(err)
		}
	}
	return st, form, store.FormKey(form.Source, form.Attachments)
}

package survey

import (
	"fmt"
	"path/filepath"
	"testing"

	tea "charm.land/bubbletea/v2"

	"siap/internal/testforms"
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

package survey

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"siap/internal/testforms"
	"siap/questionnaires"
	"siap/questionnaires/interview"
	"siap/questionnaires/simulate"
	"siap/store"
)

// BenchmarkEnterToNextQuestion measures what an interviewer waits for
// after typing an answer: enter, the answer and the next question's
// shown event saved in one synced transaction of an encrypted data file,
// the answers re-evaluated, and the next question drawn (the app's whole
// Update and View at 80x24). It goes through whole interviews, answer by
// answer, on the shipped form (answers of a completed simulated
// interview) and on a 500-question form whose roster holds 100 members
// before the first question, and reports the median and the 99th
// percentile of the presses (typing the answer is not timed). It prints
// figures and asserts none.
func BenchmarkEnterToNextQuestion(b *testing.B) {
	cases := []struct {
		name    string
		form    func() (*questionnaires.Form, error)
		members int
	}{
		{"shipped", questionnaires.Shipped, 0},
		{"500-questions-100-members", func() (*questionnaires.Form, error) { return testforms.Big(true) }, 100},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			form, err := c.form()
			if err != nil {
				b.Fatal(err)
			}
			answers := answerSheet(b, form)
			st, err := store.Open(filepath.Join(b.TempDir(), "siap.db"), store.Options{Passphrase: "rendang-padang-42"})
			if err != nil {
				b.Fatal(err)
			}
			defer st.Close()
			key, err := st.AddForm(store.FormSource{ID: form.ID, Name: form.SourceName, Data: form.Source})
			if err != nil {
				b.Fatal(err)
			}
			if err := st.SetSetting("interviewer", "bench"); err != nil {
				b.Fatal(err)
			}
			var app *App
			var q *questionScreen
			begin := func() {
				if app != nil {
					if s, ok := app.screen.(interface{ leave() }); ok {
						s.leave() // the review of the interview just done
					}
				}
				if app, err = New(Options{Store: st, Form: form, FormKey: key}); err != nil {
					b.Fatal(err)
				}
				app.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
				drive(app, press("enter")...)
				q = app.screen.(*questionScreen)
				if c.members > 0 {
					fillRoster(b, q, "members", c.members)
				}
			}
			enter := press("enter")[0]
			times := make([]time.Duration, 0, b.N)
			b.ResetTimer()
			for len(times) < b.N {
				if q == nil {
					b.StopTimer()
					begin()
					b.StartTimer()
				}
				it := q.it
				if it.Prompt && q.s.st.Count(it.RepeatPath) < wantedInstances(answers, it.RepeatPath) {
					q.addInstance()
					continue
				}
				if v, ok := answers(it); ok && !it.Prompt && it.Node.Kind == questionnaires.Question {
					typeAnswer(q, v)
				}
				start := time.Now()
				app.Update(enter)
				_ = app.View()
				times = append(times, time.Since(start))
				next, ok := app.screen.(*questionScreen)
				switch {
				case !ok:
					q = nil // the interview is over: the review is shown
				case next.it == it:
					b.Fatalf("stuck at %s: %s", it.Path, next.errMsg)
				}
			}
			b.StopTimer()
			slices.Sort(times)
			ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
			b.ReportMetric(ms(times[len(times)/2]), "median-ms")
			b.ReportMetric(ms(times[len(times)*99/100]), "p99-ms")
		})
	}
}

// answerSheet gives the answer to type at a stop: for the shipped form,
// what a completed simulated interview answered; for the benchmark
// form, a section value that keeps every section relevant, a name or an
// age.
func answerSheet(b *testing.B, form *questionnaires.Form) func(*interview.Item) (string, bool) {
	if form.SourceName != questionnaires.ShippedName {
		return func(it *interview.Item) (string, bool) {
			if it.Node == nil {
				return "", false // a repeat's count: the roster is filled before
			}
			switch it.Node.Name {
			case "mname":
				return "Siti", true
			case "mage":
				return "34", true
			}
			return "7", true
		}
	}
	var done map[string]string
	opts := simulate.Options{N: 40, Seed: 5, Now: time.Date(2026, 11, 24, 17, 0, 0, 0, time.UTC)}
	simulate.Run(form, opts, func(iv simulate.Interview) error {
		if done == nil && iv.Complete && !iv.Refused {
			done = iv.Answers
		}
		return nil
	})
	if done == nil {
		b.Fatal("no simulated interview was completed")
	}
	return func(it *interview.Item) (string, bool) {
		v, ok := done[it.Path]
		return v, ok
	}
}

// wantedInstances is how many instances of the repeat the answers hold.
func wantedInstances(answers func(*interview.Item) (string, bool), repeatPath string) int {
	v, _ := answers(&interview.Item{Path: repeatPath + interview.CountSuffix})
	n := 0
	for _, d := range v {
		n = n*10 + int(d-'0')
	}
	return n
}

// fillRoster adds members to the roster and answers their questions
// before the interview's first question, as a household listed at the
// door; they are saved at the first enter.
func fillRoster(b *testing.B, q *questionScreen, repeat string, members int) {
	st := q.s.st
	for i := 0; i < members; i++ {
		if _, err := st.AddInstance(repeat); err != nil {
			b.Fatal(err)
		}
	}
	for _, it := range st.Items() {
		if strings.HasPrefix(it.Path, repeat+"[") && it.Node.Kind == questionnaires.Question && !it.Prompt {
			v := "Siti"
			if it.Node.Type == questionnaires.TypeInteger {
				v = "34"
			}
			if err := st.Set(it.Path, v); err != nil {
				b.Fatal(err)
			}
		}
	}
	if err := q.s.save(); err != nil {
		b.Fatal(err)
	}
	q.display(q.it)
}

// typeAnswer puts an answer in the question's input as the interviewer
// would have typed or chosen it.
func typeAnswer(q *questionScreen, v string) {
	switch in := q.in.(type) {
	case *choiceInput:
		q.in = newChoiceInput(q.s.e, in.options, in.exclusive, in.multi, in.scale, v)
	case *textField:
		q.in = newTextField(q.s.st.Written(q.it, v), "", false)
	}
}

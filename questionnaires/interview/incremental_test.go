package interview

import (
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"siap/internal/testforms"
	"siap/questionnaires"
)

// TestIncrementalEvaluationMatchesFull drives interviews through every
// form siap ships, the forms built for benchmarks and every form in
// ../shared/xlsforms: answers at every stop, instances added and
// removed, earlier answers changed, the language switched. TestMain
// compares each incremental evaluation with a full one, so a difference
// fails here, naming the form.
func TestIncrementalEvaluationMatchesFull(t *testing.T) {
	type named struct {
		name string
		form *questionnaires.Form
	}
	var forms []named
	shipped, err := questionnaires.Shipped()
	if err != nil {
		t.Fatal(err)
	}
	forms = append(forms, named{"shipped", shipped})
	big, err := testforms.Big(true)
	if err != nil {
		t.Fatal(err)
	}
	forms = append(forms, named{"big with a roster", big})
	shared := filepath.Join("..", "..", "..", "shared", "xlsforms")
	if _, err := os.Stat(shared); err != nil {
		t.Logf("shared forms not available, tested without them: %v", err)
	}
	for _, dir := range []string{shared, filepath.Join(shared, "real")} {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			name := e.Name()
			if e.IsDir() || !(strings.HasSuffix(name, ".xlsx") || strings.HasSuffix(name, ".csv")) {
				continue
			}
			f, err := questionnaires.Load(filepath.Join(dir, name))
			var le *questionnaires.LoadError
			if errors.As(err, &le) {
				continue // refused when read: nothing to interview
			}
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			forms = append(forms, named{name, f})
		}
	}
	for _, f := range forms {
		t.Run(f.name, func(t *testing.T) {
			seeds := uint64(4)
			if len(f.form.Nodes) > 300 {
				seeds = 1 // each change is compared with a full evaluation
			}
			for seed := range seeds {
				driveInterview(t, f.form, seed)
			}
		})
	}
}

// driveInterview walks one interview with answers drawn from seed,
// going back now and then to change an earlier answer.
func driveInterview(t *testing.T, form *questionnaires.Form, seed uint64) {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 16))
	s := New(form, Meta{Now: fixedNow})
	var answered []string
	it := s.First()
	for steps := 0; it != nil && steps < 600; steps++ {
		switch {
		case rng.IntN(25) == 0 && len(form.Languages) > 1:
			s.SetLanguage(form.Languages[rng.IntN(len(form.Languages))])
		case rng.IntN(15) == 0 && len(answered) > 0:
			back := answered[rng.IntN(len(answered))]
			if b := s.Item(back); b != nil {
				answerSomehow(s, b, rng)
			}
		}
		switch {
		case it.Prompt:
			n := s.Count(it.RepeatPath)
			if n > 0 && rng.IntN(6) == 0 {
				if err := s.RemoveInstance(it.RepeatPath, 1+rng.IntN(n)); err != nil {
					t.Fatal(err)
				}
			}
			if n < 4 && rng.IntN(3) > 0 {
				if next, err := s.AddInstance(it.RepeatPath); err == nil && next != nil {
					it = next
					continue
				}
			}
		case it.Node.Kind == questionnaires.Question:
			if answerSomehow(s, it, rng) {
				answered = append(answered, it.Path)
			}
		}
		next := s.Next(it.Path)
		it = next
	}
	_ = s.Values()
	Restore(form, Meta{Now: fixedNow}, s.Answers()).Set(answeredOr(answered, ""), "")
}

func answeredOr(paths []string, dflt string) string {
	if len(paths) == 0 {
		return dflt
	}
	return paths[len(paths)-1]
}

// answerSomehow tries a choice, then values of every kind, until the
// form takes one; it reports whether one was taken.
func answerSomehow(s *State, it *Item, rng *rand.Rand) bool {
	var tries []string
	if opts := s.Options(it); len(opts) > 0 {
		tries = append(tries, opts[rng.IntN(len(opts))].Name)
		if len(opts) > 1 {
			tries = append(tries, opts[0].Name+" "+opts[len(opts)-1].Name)
		}
	}
	tries = append(tries, strconv.Itoa(rng.IntN(12)), strconv.Itoa(rng.IntN(100)), "2024-08-17", "1.5", "Siti", "")
	for _, v := range tries {
		if s.Set(it.Path, v) == nil {
			return v != ""
		}
	}
	return false
}

package interview

import (
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"siap/internal/testforms"
	"siap/questionnaires"
)

// ComparedForm is a form the comparison of incremental and full
// evaluation goes through.
type ComparedForm struct {
	Name string
	Form *questionnaires.Form
}

// ComparedForms are every form siap ships, the benchmark form, the
// trickyForms and every form of ../shared/xlsforms the reader accepts
// (noted in the log when that folder is absent).
func ComparedForms(t testing.TB) []ComparedForm {
	t.Helper()
	shipped, err := questionnaires.Shipped()
	if err != nil {
		t.Fatal(err)
	}
	big, err := testforms.Big(true)
	if err != nil {
		t.Fatal(err)
	}
	forms := []ComparedForm{{"shipped", shipped}, {"big with a roster", big}}
	for name, sheets := range trickyForms {
		forms = append(forms, ComparedForm{name, formIn(t, fstest.MapFS{"prices.csv": {Data: []byte("crop,price\nmaize,4000\nrice,12000\n")}}, sheets...)})
	}
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
			forms = append(forms, ComparedForm{name, f})
		}
	}
	return forms
}

// TestIncrementalEvaluationMatchesFull drives interviews through the
// ComparedForms: answers at every stop, instances added and removed,
// earlier answers changed, the language switched. TestMain compares each
// incremental evaluation with a full one, so a difference fails here,
// naming the form.
func TestIncrementalEvaluationMatchesFull(t *testing.T) {
	for _, f := range ComparedForms(t) {
		t.Run(f.Name, func(t *testing.T) {
			seeds := uint64(4)
			if len(f.Form.Nodes) > 300 {
				seeds = 1 // each change is compared with a full evaluation
			}
			for seed := range seeds {
				driveInterview(t, f.Form, seed)
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

// trickyForms are what the dependencies of an evaluation are hardest to
// follow through: nested repeats, relative paths, current(), predicates,
// lookups in secondary instances, aggregates, position(), calculations
// reading one further down or themselves, once(), now() and random(),
// defaults, labels read in the interview's language, loops.
var trickyForms = map[string][]string{
	"nested repeats and paths": {`survey
		type,name,label,relevant,calculation,repeat_count,default
		integer,nhh,Households,,,,
		calculate,people,,,count(/data/hh/members),,
		calculate,older_first,,,${total} > 0 and ${first_age} > 40,,
		begin repeat,hh,Household,,,${nhh},
		text,head,Head,,,,
		integer,size,Size,,,,
		begin repeat,members,Member,,,${size},
		integer,age,Age,,,,
		calculate,rank,,,count(../../members[age > current()/../age]) + 1,,
		calculate,pos,,,position(..) * 10 + position(../..),,
		calculate,share,,,../age div ../../size,,
		text,called,Called,../age > 12,,,${head}
		end repeat,,,,,,
		calculate,hh_total,,,sum(members/age),,
		calculate,eldest,,,max(members/age),,
		end repeat,,,,,,
		calculate,total,,,sum(${hh_total}),,
		calculate,first_age,,,"indexed-repeat(${age}, ${members}, 1)",,
		note,show,${people} people; eldest ${eldest},${total} > 0,,,`},
	"lookups and functions": {`survey
		type,name,label,relevant,calculation,default
		select_one crops,crop,Crop,,,
		integer,qty,Quantity,,,
		calculate,price,,,"pulldata('prices', 'price', 'crop', ${crop})",
		calculate,value,,,${price} * ${qty},
		calculate,label_of,,,"jr:choice-name(${crop}, '${crop}')",
		calculate,from_list,,,instance('crops')/root/item[name = current()/../crop]/label,
		calculate,ahead,,,${later} + 1,
		calculate,later,,,${qty} * 2,
		calculate,drawn,,,once(random()),
		calculate,when,,,now(),
		calculate,self,,,"concat(., 'x')",
		text,note_it,Note,${value} > 100,,${label_of}
		begin repeat,visits,Visit,${qty} > 0,,
		date,day,Day,,,today()
		calculate,n,,,count(../../visits),
		calculate,prev,,,"if(position(..) > 1, indexed-repeat(${day}, ${visits}, position(..) - 1), '')",
		end repeat,,,,,
		calculate,days,,,"join(' ', ${day})",`, `choices
		list_name,name,label::English (en),label::Bahasa Indonesia (id)
		crops,maize,Maize,Jagung
		crops,rice,Rice,Padi`, `settings
		default_language
		English (en)`},
	"loops and groups": {`survey
		type,name,label,relevant,calculation
		select_multiple crops,grown,Grown,,
		begin group,g,Group,count-selected(${grown}) > 0,
		begin loop over crops,each,Each %(label)s,,
		integer,area,Area of %(label)s,"selected(${grown}, '%(name)s')",
		end loop,,,,
		calculate,total,,,sum(${area})
		end group,,,,
		integer,after,After,${total} > 3,`, `choices
		list_name,name,label
		crops,maize,Maize
		crops,rice,Rice`},
}

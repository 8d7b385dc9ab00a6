package simulate

import (
	"errors"
	"reflect"
	"strconv"
	"testing"
	"time"

	"siap/questionnaires"
)

func interviews(t *testing.T, form *questionnaires.Form, opts Options) []Interview {
	t.Helper()
	var out []Interview
	if err := Run(form, opts, func(iv Interview) error { out = append(out, iv); return nil }); err != nil {
		t.Fatal(err)
	}
	return out
}

// Several workers give the interviews one worker gives, in its order.
func TestWorkersGiveTheSameInterviews(t *testing.T) {
	shipped, err := questionnaires.Shipped()
	if err != nil {
		t.Fatal(err)
	}
	// Identifiers of a few hundred values: interviews made ahead give
	// some that those before them gave, and are made again.
	few, err := questionnaires.Parse("f.csv", []byte("survey,,,,,\n,type,name,label,constraint,pii\n"+
		",text,code,Code,\"regex(., '^catatan [0-9]+$')\",hash\n"+
		",integer,age,Age,. < 100,\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 24, 17, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name string
		form *questionnaires.Form
		n    int
	}{{"shipped", shipped, 120}, {"few identifiers", few, 600}} {
		t.Run(c.name, func(t *testing.T) {
			opts := Options{N: c.n, Seed: 5, Now: now, Interviewer: "sim", DeviceID: "d"}
			one := interviews(t, c.form, opts)
			if len(one) != c.n {
				t.Fatalf("%d interviews, want %d", len(one), c.n)
			}
			for _, workers := range []int{2, 3} {
				opts.Workers = workers
				if got := interviews(t, c.form, opts); !reflect.DeepEqual(got, one) {
					t.Errorf("%d workers gave other interviews than one", workers)
				}
			}
			if c.form != few {
				return
			}
			seen := map[string]bool{}
			for _, iv := range one {
				if v := iv.Answers["code"]; seen[v] {
					t.Errorf("identifier %q given twice", v)
				}
				seen[iv.Answers["code"]] = true
			}
		})
	}
}

// What prepare makes comes with its interview, and the first error,
// of prepare or of fn, ends the run: fn sees nothing after it.
func TestStreamStopsAtTheFirstError(t *testing.T) {
	form, err := questionnaires.Shipped()
	if err != nil {
		t.Fatal(err)
	}
	opts := Options{N: 200, Seed: 1, Now: time.Date(2026, 11, 24, 17, 0, 0, 0, time.UTC)}
	key := func(iv Interview) string { return iv.Start.String() + "|" + strconv.Itoa(len(iv.Steps)) }
	all := interviews(t, form, opts)
	stop := errors.New("stop")
	for _, workers := range []int{1, 2} {
		for _, where := range []string{"prepare", "fn"} {
			opts.Workers = workers
			calls := 0
			err := Stream(form, opts, func(iv Interview) (string, error) {
				if where == "prepare" && key(iv) == key(all[29]) {
					return "", stop
				}
				return key(iv), nil
			}, func(iv Interview, k string) error {
				if k != key(iv) || k != key(all[calls]) {
					t.Errorf("interview %d: prepared %q, want %q", calls, k, key(all[calls]))
				}
				calls++
				if where == "fn" && calls == 30 {
					return stop
				}
				return nil
			})
			want := map[string]int{"prepare": 29, "fn": 30}[where]
			if !errors.Is(err, stop) || calls != want {
				t.Errorf("%d workers, error in %s: %v after %d interviews, want stop after %d", workers, where, err, calls, want)
			}
		}
	}
}

package cli

import (
	"flag"
	"fmt"
	"strings"
	"time"

	"siap/internal/fieldwork"
	"siap/questionnaires"
	"siap/questionnaires/simulate"
	"siap/store"
)

// simulatedBy is the interviewer name simulated interviews carry unless
// --interviewer names one.
const simulatedBy = "simulasi"

func setupSimulate(fs *flag.FlagSet, c *cli) func([]string) int {
	n := fs.Int("n", 340, "how many interviews to add")
	seed := fs.Uint64("seed", 1, "random seed: the same seed gives the same interviews")
	who := fs.String("interviewer", simulatedBy, "the interviewer the interviews are recorded under (to train supervisors with several)")
	return func(args []string) int {
		if len(args) > 0 {
			c.errorf("simulate", "unexpected argument %q", args[0])
			return exitUsage
		}
		if strings.TrimSpace(*who) == "" {
			c.errorf("simulate", "--interviewer needs a name")
			return exitUsage
		}
		if *n < 1 || *n > 10_000_000 {
			c.errorf("simulate", "--n must be from 1 to 10000000, not %d", *n)
			return exitUsage
		}
		st, form, err := openData(c, false)
		if err != nil {
			c.errorf("simulate", "%v", err)
			return 1
		}
		defer st.Close()
		added, err := addSimulated(st, form, *n, *seed, strings.TrimSpace(*who), time.Now())
		if err != nil {
			c.errorf("simulate", "%v (%d interviews were added before this)", err, added)
			return 1
		}
		fmt.Fprintf(c.stdout, "added %d simulated interviews to %s\n", added, st.Path())
		return 0
	}
}

// addSimulated stores n simulated interviews, a batch per transaction.
func addSimulated(st *store.Store, form *questionnaires.Form, n int, seed uint64, who string, now time.Time) (int, error) {
	formKey := store.FormKey(form.Source, form.Attachments)
	device, err := st.DeviceID()
	if err != nil {
		return 0, err
	}
	const batch = 500
	var records []store.Record
	added := 0
	flush := func() error {
		if err := st.Import(records); err != nil {
			return err
		}
		added += len(records)
		records = records[:0]
		return nil
	}
	opts := simulate.Options{N: n, Seed: seed, Now: now, Interviewer: who, DeviceID: device}
	err = simulate.Run(form, opts, func(iv simulate.Interview) error {
		records = append(records, fieldwork.Record(form, formKey, device, who, iv))
		if len(records) == batch {
			return flush()
		}
		return nil
	})
	if err == nil && len(records) > 0 {
		err = flush()
	}
	return added, err
}

package cli

import (
	"fmt"
	"hash/fnv"
	"runtime"
	"strings"
	"sync/atomic"
	"time"

	"github.com/spf13/cobra"

	"siap/internal/fieldwork"
	"siap/questionnaires"
	"siap/questionnaires/simulate"
	"siap/store"
)

// simulatedBy is the interviewer name simulated interviews carry unless
// --interviewer names one.
const simulatedBy = "simulasi"

func (c *cli) simulateCmd() *cobra.Command {
	var n int
	var seed uint64
	var who string
	cmd := &cobra.Command{
		Use:   "simulate",
		Short: "add simulated complete interviews (for training and tests)",
		Long: "Add simulated complete interviews, walked through the questionnaire by the interview engine\n" +
			"(skip logic, constraints and choice filters apply) and marked as simulated.",
		Args:              noArgs,
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE:              func(*cobra.Command, []string) error { return c.simulate(n, seed, who) },
	}
	cmd.Flags().IntVar(&n, "n", 340, "how many interviews to add")
	cmd.Flags().Uint64Var(&seed, "seed", 1, "random seed, mixed with the interviewer's name: the same seed and name give the same interviews")
	cmd.Flags().StringVar(&who, "interviewer", simulatedBy, "the interviewer the interviews are recorded under (to train supervisors with several)")
	return cmd
}

func (c *cli) simulate(n int, seed uint64, who string) error {
	streaming()
	who = strings.TrimSpace(who)
	if who == "" {
		return usagef(textSimulateName)
	}
	if n < 1 || n > 10_000_000 {
		return usagef(textSimulateN, n)
	}
	st, form, err := openData(c, false)
	if err != nil {
		return err
	}
	defer st.Close()
	var tally simulate.Tally
	added, err := addSimulated(st, form, n, seed, who, time.Now(), runtime.GOMAXPROCS(0), &tally)
	if err != nil {
		return failf(textSimulatePart, err, added)
	}
	fmt.Fprint(c.stdout, textSimulated.in(c.lang, counted(c.lang, added, nounSimulated), st.Path()))
	fmt.Fprintln(c.stdout, textSimulatedTally.in(c.lang, tally.Completed, tally.Refused, tally.Drafts))
	if tally.Drafts > 0 {
		fmt.Fprintln(c.stdout, textSimulatedStuck.in(c.lang))
		for _, s := range tally.Stuck() {
			fmt.Fprintln(c.stdout, textSimulatedStuckAt.in(c.lang, s.N, s.Node.Name, s.Node.Row, s.Node.RawType, s.Message))
		}
	}
	return nil
}

// simulatedBatch is how many simulated interviews a transaction writes.
const simulatedBatch = 500

// addSimulated stores n simulated interviews, made by as many workers,
// a batch per transaction, counting in tally how they ended. The
// interviews, and the order they arrive in, are the same whatever the
// number of workers.
func addSimulated(st *store.Store, form *questionnaires.Form, n int, seed uint64, who string, now time.Time, workers int, tally *simulate.Tally) (int, error) {
	formKey := store.FormKey(form.Source, form.Attachments)
	device, err := st.DeviceID()
	if err != nil {
		return 0, err
	}
	taken, failed, err := identifiersIn(st, form)
	if err != nil {
		return 0, err
	}
	var records []store.Record
	added := 0
	flush := func() error {
		if _, err := st.Import(store.Records(records...)); err != nil {
			return err
		}
		added += len(records)
		clear(records)
		records = records[:0]
		return nil
	}
	// The workers make the interviews and their records, facts
	// included; this goroutine writes them, in order, a batch per
	// transaction.
	opts := simulate.Options{N: n, Seed: seedFor(seed, who), Now: now, Interviewer: who, DeviceID: device, Taken: taken, Workers: workers}
	err = simulate.Stream(form, opts, func(iv simulate.Interview) (store.Record, error) {
		if err := failed(); err != nil {
			return store.Record{}, err
		}
		r := fieldwork.Record(form, formKey, device, who, iv)
		return r, st.PrepareNew(&r)
	}, func(iv simulate.Interview, r store.Record) error {
		records = append(records, r)
		tally.Add(iv)
		if len(records) == simulatedBatch {
			return flush()
		}
		return nil
	})
	if err == nil && len(records) > 0 {
		err = flush()
	}
	return added, err
}

// seedFor mixes the interviewer's name into the seed: with the same
// --seed, Ani's simulated interviews and Budi's differ, as two
// interviewers' would.
func seedFor(seed uint64, who string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(who))
	return seed ^ h.Sum64()
}

// identifiersIn reports whether a value of an identifying question (pii
// = hash, the NIK) is already in the data file: simulated identifiers
// are not given twice. The file's index of identifiers answers when it
// holds every interview's, reading no answer (and seeing those the run
// has written since it started); otherwise every answer is read once
// and the keyed hashes kept for the while. failed returns the first
// error a look-up met, after which a value is taken as given.
func identifiersIn(st *store.Store, form *questionnaires.Form) (taken func(*questionnaires.Node, string) bool, failed func() error, err error) {
	hash, err := st.KeyedHasher()
	if err != nil {
		return nil, nil, err
	}
	var first atomic.Pointer[error]
	failed = func() error {
		if err := first.Load(); err != nil {
			return *err
		}
		return nil
	}
	if _, known, err := st.HoldsIdentifier(hash("")); err != nil || known {
		return func(n *questionnaires.Node, v string) bool {
			found, _, err := st.HoldsIdentifier(hash(n.Key + "\x00" + v))
			if err != nil {
				first.CompareAndSwap(nil, &err)
				return true
			}
			return found
		}, failed, err
	}
	seen := map[string]bool{}
	err = st.Each(func(_ store.Interview, vals map[string]string) error {
		for path, v := range vals {
			if n := form.NodeAt(path); n != nil && n.HashedID() && v != "" {
				seen[n.Name+"\x00"+hash(v)] = true
			}
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return func(n *questionnaires.Node, v string) bool { return seen[n.Name+"\x00"+hash(v)] }, failed, nil
}

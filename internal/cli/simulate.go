package cli

import (
	"fmt"
	"hash/fnv"
	"runtime"
	"strings"
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
	taken, err := identifiersIn(st, form)
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
// = hash, the NIK) is already in the data file, which holds their keyed
// hashes for the while: simulated identifiers are not given twice.
func identifiersIn(st *store.Store, form *questionnaires.Form) (func(*questionnaires.Node, string) bool, error) {
	hash, err := st.KeyedHasher()
	if err != nil {
		return nil, err
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
		return nil, err
	}
	return func(n *questionnaires.Node, v string) bool { return seen[n.Name+"\x00"+hash(v)] }, nil
}

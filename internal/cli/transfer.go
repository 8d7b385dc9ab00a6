package cli

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"siap/export"
	"siap/store"
)

func (c *cli) packCmd() *cobra.Command {
	var out, who, to string
	cmd := &cobra.Command{
		Use:   "pack --out FILE",
		Short: "write a copy of this laptop's interviews to carry to the supervisor",
		Long: "Write this data file's interviews into a pack to carry to the supervisor, who runs siap merge FILE.\n" +
			"The pack is encrypted for the supervisor's public key (the questionnaire's siap_supervisor_key, or\n" +
			"one trusted with siap key --trust NAME KEY --supervisor): only the supervisor's siap opens it, and\n" +
			"no passphrase travels with it. This laptop keeps its own copy in its data file.\n" +
			"With --interviewer, only that interviewer's interviews, with the decisions on them, encrypted for\n" +
			"the key trusted under that interviewer's name.",
		Args:              noArgs,
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE: func(*cobra.Command, []string) error {
			if out == "" {
				return usagef(textPackOut)
			}
			return c.pack(out, who, to)
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "the pack file to write (required)")
	cmd.Flags().StringVar(&who, "interviewer", "", "only this interviewer's interviews, with the decisions on them (a supervisor's pack back to one laptop)")
	cmd.Flags().StringVar(&to, "to", "", "encrypt for these trusted names, comma-separated (default: the supervisor, or with --interviewer that interviewer)")
	return cmd
}

func (c *cli) pack(out, who, to string) error {
	streaming()
	// Writable for a whole pack: the file records when it was last packed
	// whole, after which its interviewer no longer reopens what went in it.
	st, form, err := openData(c, who != "")
	if err != nil {
		return err
	}
	defer st.Close()
	var names []string
	for _, n := range strings.Split(to, ",") {
		if n = strings.TrimSpace(n); n != "" {
			names = append(names, n)
		}
	}
	if len(names) == 0 && who != "" {
		names = []string{who}
	}
	opts := store.PackOptions{}
	if st.Encrypted() {
		if opts.To, err = st.Recipients(form.SupervisorKey, names...); err != nil {
			return err
		}
	}
	if who == "" {
		n, err := st.PackFor(out, opts)
		if err != nil {
			return err
		}
		fmt.Fprintln(c.stdout, textPackWritten.in(c.lang, out, counted(c.lang, n, nounInterview), out))
		return nil
	}
	opts.Keep = func(iv store.Interview) bool { return iv.Interviewer == who }
	n, err := st.PackFor(out, opts)
	if err != nil {
		return err
	}
	if n == 0 {
		os.Remove(out)
		names, _ := interviewers(st)
		return usagef(textPackNobody, who, st.Path(), strings.Join(names, ", "))
	}
	fmt.Fprintln(c.stdout, textPackWrittenFor.in(c.lang, out, counted(c.lang, n, nounInterview), who, out))
	return nil
}

func (c *cli) mergeCmd() *cobra.Command {
	var allowPlain bool
	cmd := &cobra.Command{
		Use:   "merge FILE...",
		Short: "bring in interviews from other data files or packs",
		Long: "Bring in interviews from other data files or packs. A pack made for this data file opens with its\n" +
			"own key: no passphrase is asked. A data file or backup (or a pack of an earlier siap) opens with this\n" +
			"file's passphrase, else $SIAP_PACK_PASSPHRASE, else siap asks. Interviews changed on both sides are\n" +
			"kept as conflicts for Supervise to settle.",
		Args: func(_ *cobra.Command, files []string) error {
			if len(files) == 0 {
				return usagef(textMergeNothing)
			}
			return nil
		},
		RunE: func(_ *cobra.Command, files []string) error { return c.merge(files, allowPlain) },
	}
	cmd.Flags().BoolVar(&allowPlain, "allow-plain", false, "merge files made with --no-encryption into this encrypted one")
	return cmd
}

func (c *cli) merge(files []string, allowPlain bool) error {
	streaming()
	st, err := openForMerge(c)
	if err != nil {
		return err
	}
	defer st.Close()
	var failed []error
	own := c.passphrase
	for _, f := range files {
		res, err := st.MergeWith(f, store.MergeOptions{Passphrase: own, AllowPlain: allowPlain})
		if errors.Is(err, store.ErrWrongPassphrase) || errors.Is(err, store.ErrPassphraseNeeded) {
			var p string
			if p, err = c.otherPassphrase(f, own); err == nil {
				res, err = st.MergeWith(f, store.MergeOptions{Passphrase: p, AllowPlain: allowPlain})
			}
		}
		if err != nil {
			failed = append(failed, err)
			continue
		}
		fmt.Fprintln(c.stdout, textMerged.in(c.lang, res.File, res.Added, res.Updated, res.Unchanged, res.Conflicts))
	}
	if conflicts, err := st.Conflicts(); err == nil && len(conflicts) > 0 {
		fmt.Fprintln(c.stdout, textMergeConflicts.in(c.lang, len(conflicts)))
	}
	return errors.Join(failed...)
}

// exportFlags are siap export's choices.
type exportFlags struct {
	out, statuses, city, lang, names    string
	simulated, labels, pii, excel, xlsx bool
}

func (c *cli) exportCmd() *cobra.Command {
	var f exportFlags
	cmd := &cobra.Command{
		Use:               "export --out DIR",
		Short:             "write CSV, codebook, paradata, quality flags, and Stata, SPSS and R scripts that load them",
		Args:              noArgs,
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if f.out == "" {
				return usagef(textExportOut)
			}
			return c.export(cmd, f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.out, "out", "", "the folder to write (required)")
	fl.StringVar(&f.statuses, "status", "completed,approved", "statuses to export, comma-separated")
	fl.StringVar(&f.city, "city", "", "only this city (its code)")
	fl.BoolVar(&f.simulated, "include-simulated", false, "include simulated interviews (they are exported anyway while there are no others)")
	fl.BoolVar(&f.labels, "labels", false, "write choice labels instead of codes")
	fl.BoolVar(&f.pii, "include-pii", false, "keep personal-data questions (names, NIK, phone numbers)")
	fl.BoolVar(&f.excel, "excel", false, "prepare the CSV files for Excel on Windows: a byte-order mark, and typed text Excel would run as a formula kept as text")
	fl.BoolVar(&f.xlsx, "xlsx", false, "also write data.xlsx: every table and the codebook, numbers as numbers, identifiers as text")
	fl.StringVar(&f.lang, "lang", "", "language of labels (default: the form's default language)")
	fl.StringVar(&f.names, "names", export.NamesSiap.String(), "column names: siap (the question's name), odk (group-question, as ODK Central) or kobo (group/question, as KoboToolbox)")
	cmd.MarkFlagDirname("out")
	completeStatuses(cmd)
	completeValues(cmd, "names", export.NamesSiap.String(), export.NamesODK.String(), export.NamesKobo.String())
	c.serverFlags(cmd)
	return cmd
}

func (c *cli) export(cmd *cobra.Command, f exportFlags) error {
	streaming()
	sts, err := statusFlag(f.statuses)
	if err != nil {
		return err
	}
	names, ok := export.ParseNames(f.names)
	if !ok {
		return usagef(textExportNames, f.names)
	}
	st, form, err := openReader(c)
	if err != nil {
		return err
	}
	defer st.Close()
	language, err := formLanguage(form, f.lang)
	if err != nil {
		return err
	}
	if f.pii {
		c.notef(cmd, textExportPII)
	}
	opts := export.Options{
		Statuses: sts, City: f.city, Labels: f.labels,
		IncludePII: f.pii, Excel: f.excel, XLSX: f.xlsx, Language: language, Names: names,
	}
	if f.simulated {
		opts.Simulated = export.IncludeSimulated
	}
	res, err := export.Run(st, form, f.out, opts)
	// Interviews that cannot be read are left out, and named after the
	// others are written.
	var damaged *store.DamagedInterviewsError
	if err != nil && !errors.As(err, &damaged) {
		return err
	}
	switch {
	case res.SimulatedIn > 0 && !f.simulated:
		c.notef(cmd, textSimulatedUsed)
	case res.SimulatedLeft > 0:
		c.notef(cmd, textSimulatedLeft, res.SimulatedLeft)
	}
	fmt.Fprintln(c.stdout, textExported.in(c.lang, counted(c.lang, res.Interviews, nounInterview), res.Dir, counted(c.lang, res.Flags, nounQualityFlag), strings.Join(baseNames(res.Files), ", ")))
	if damaged != nil {
		return damaged
	}
	return nil
}

func baseNames(paths []string) []string {
	out := make([]string, len(paths))
	for i, p := range paths {
		out[i] = p[strings.LastIndexAny(p, `/\`)+1:]
	}
	return out
}

// interviewers lists, sorted, the names interviews in the file were
// taken under.
func interviewers(st *store.Store) ([]string, error) {
	seen := map[string]bool{}
	err := st.EachInterview(func(iv store.Interview) error {
		seen[iv.Interviewer] = true
		return nil
	})
	names := make([]string, 0, len(seen))
	for n := range seen {
		names = append(names, n)
	}
	slices.Sort(names)
	return names, err
}

// openForMerge opens the data file to merge into. A new file takes its
// questionnaire from the first pack merged (or from --form), not the
// shipped one: a supervisor of another study starts with their
// interviewers' packs.
func openForMerge(c *cli) (*store.Store, error) {
	st, err := openStore(c, dataPath(c), false)
	if err != nil {
		return nil, err
	}
	if _, err := st.CurrentForm(); errors.Is(err, store.ErrNotFound) && c.form == "" {
		return st, nil
	}
	if _, err := currentForm(c, st, false); err != nil {
		st.Close()
		return nil, err
	}
	return st, nil
}

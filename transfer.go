package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"

	"siap/export"
	"siap/store"
)

func setupPack(fs *flag.FlagSet, c *cli) func([]string) int {
	out := fs.String("out", "", "the pack file to write (required)")
	who := fs.String("interviewer", "", "only this interviewer's interviews, with the decisions on them (a supervisor's pack back to one laptop)")
	return func(args []string) int {
		if *out == "" || len(args) > 0 {
			c.errorf("pack", "name the pack file with --out FILE")
			return exitUsage
		}
		st, _, err := openData(c, true)
		if err != nil {
			c.errorf("pack", "%v", err)
			return 1
		}
		defer st.Close()
		if *who == "" {
			if err := st.Pack(*out); err != nil {
				c.errorf("pack", "%v", err)
				return 1
			}
			fmt.Fprintf(c.stdout, "wrote %s: carry it to the supervisor, who runs siap merge %s\n", *out, *out)
			return 0
		}
		n, err := st.PackOnly(*out, func(iv store.Interview) bool { return iv.Interviewer == *who })
		if err != nil {
			c.errorf("pack", "%v", err)
			return 1
		}
		if n == 0 {
			os.Remove(*out)
			names, _ := interviewers(st)
			c.errorf("pack", "--interviewer: no interviews by %q in %s (interviewers here: %s)", *who, st.Path(), strings.Join(names, ", "))
			return exitUsage
		}
		fmt.Fprintf(c.stdout, "wrote %s with %d interviews by %s: they run siap merge %s on their laptop\n", *out, n, *who, *out)
		return 0
	}
}

func setupMerge(fs *flag.FlagSet, c *cli) func([]string) int {
	return func(files []string) int {
		if len(files) == 0 {
			c.errorf("merge", "name at least one data file or pack to merge")
			return exitUsage
		}
		st, err := openForMerge(c)
		if err != nil {
			c.errorf("merge", "%v", err)
			return 1
		}
		defer st.Close()
		status := 0
		own := c.passphrase
		for _, f := range files {
			res, err := st.Merge(f, own)
			if errors.Is(err, store.ErrWrongPassphrase) || errors.Is(err, store.ErrPassphraseNeeded) {
				var p string
				if p, err = otherPassphrase(f, own); err == nil {
					res, err = st.Merge(f, p)
				}
			}
			if err != nil {
				c.errorf("merge", "%v", err)
				status = 1
				continue
			}
			fmt.Fprintln(c.stdout, res)
		}
		if conflicts, err := st.Conflicts(); err == nil && len(conflicts) > 0 {
			fmt.Fprintf(c.stdout, "%d interviews are in conflict: open siap, Supervise, to choose which version to keep\n", len(conflicts))
		}
		return status
	}
}

func setupExport(fs *flag.FlagSet, c *cli) func([]string) int {
	out := fs.String("out", "", "the folder to write (required)")
	statuses := fs.String("status", "completed,approved", "statuses to export, comma-separated")
	city := fs.String("city", "", "only this city (its code)")
	simulated := fs.Bool("include-simulated", false, "include simulated interviews")
	labels := fs.Bool("labels", false, "write choice labels instead of codes")
	pii := fs.Bool("include-pii", false, "keep personal-data questions (names, NIK, phone numbers)")
	excel := fs.Bool("excel", false, "start files with a byte-order mark, for Excel on Windows")
	xlsx := fs.Bool("xlsx", false, "also write data.xlsx: every table and the codebook, numbers as numbers, identifiers as text")
	lang := fs.String("lang", "", "language of labels (default: the form's default language)")
	return func(args []string) int {
		if *out == "" || len(args) > 0 {
			c.errorf("export", "name the folder to write with --out DIR")
			return exitUsage
		}
		sts, err := store.ParseStatuses(*statuses)
		if err != nil {
			c.errorf("export", "--status: %v", err)
			return exitUsage
		}
		st, form, err := openData(c, true)
		if err != nil {
			c.errorf("export", "%v", err)
			return 1
		}
		defer st.Close()
		language, ok := formLanguage(form, *lang)
		if !ok {
			c.errorf("export", "--lang %q is not a language of the form (%s)", *lang, strings.Join(form.Languages, ", "))
			return exitUsage
		}
		if *pii {
			fmt.Fprintln(c.stderr, "siap export: --include-pii: the files hold names, NIK and phone numbers; keep them encrypted and share them with no one who does not need them")
		}
		res, err := export.Run(st, form, *out, export.Options{
			Statuses: sts, City: *city, IncludeSimulated: *simulated, Labels: *labels,
			IncludePII: *pii, Excel: *excel, XLSX: *xlsx, Language: language,
		})
		if err != nil {
			c.errorf("export", "%v", err)
			return 1
		}
		fmt.Fprintf(c.stdout, "exported %d interviews to %s (%d quality flags): %s\n", res.Interviews, res.Dir, res.Flags, strings.Join(baseNames(res.Files), ", "))
		return 0
	}
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
	err := st.Each(func(iv store.Interview, _ map[string]string) error {
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

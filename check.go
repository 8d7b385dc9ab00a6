package main

import (
	"flag"
	"fmt"
	"os"

	"siap/questionnaires"
)

// setupCheck wires siap check FORM...: every problem of every form, and
// exit status 1 when any form has an error.
func setupCheck(fs *flag.FlagSet, _ *globals) func([]string) int {
	strict := fs.Bool("strict", false, "treat question types a terminal cannot capture as errors")
	return func(files []string) int {
		if len(files) == 0 {
			fmt.Fprintln(os.Stderr, "siap check: name at least one form file (.xlsx or .csv)")
			return exitUsage
		}
		status := 0
		for _, file := range files {
			form, problems, err := questionnaires.Check(file)
			if err != nil {
				fmt.Fprintf(os.Stderr, "siap check: %v\n", err)
				status = 1
				continue
			}
			errs := 0
			for _, p := range problems {
				if *strict && p.Code == questionnaires.CodeUnsupportedType {
					p.Severity = questionnaires.Error
				}
				if p.Severity == questionnaires.Error {
					errs++
				}
				fmt.Println(p)
			}
			if errs > 0 {
				fmt.Printf("%s: %d errors, %d warnings\n", file, errs, len(problems)-errs)
				status = 1
				continue
			}
			fmt.Printf("%s: ok: %q version %q, %d rows, %d languages, %d warnings\n",
				file, form.Title, form.Version, len(form.Nodes), len(form.Languages), len(problems))
		}
		return status
	}
}

package cli

import (
	"flag"
	"fmt"

	"siap/questionnaires"
)

// setupCheck wires siap check FORM...: every problem of every form, and
// exit status 1 when any form has an error.
func setupCheck(fs *flag.FlagSet, c *cli) func([]string) int {
	strict := fs.Bool("strict", false, "treat question types a terminal cannot capture as errors")
	return func(files []string) int {
		if len(files) == 0 {
			files = []string{""}
		}
		status := 0
		for _, file := range files {
			form, problems, err := checkOne(file)
			if file == "" {
				file = questionnaires.ShippedName + " (shipped)"
			}
			if err != nil {
				c.errorf("check", "%v", err)
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
				fmt.Fprintln(c.stdout, p)
			}
			if errs > 0 {
				fmt.Fprintf(c.stdout, "%s: %d errors, %d warnings\n", file, errs, len(problems)-errs)
				status = 1
				continue
			}
			fmt.Fprintf(c.stdout, "%s: ok: %q version %q, %d rows, %d languages, %d warnings\n",
				file, form.Title, form.Version, len(form.Nodes), len(form.Languages), len(problems))
		}
		return status
	}
}

// checkOne checks a form file, or the shipped questionnaire when file is
// "".
func checkOne(file string) (*questionnaires.Form, []questionnaires.Problem, error) {
	if file != "" {
		return questionnaires.Check(file)
	}
	f, err := questionnaires.Shipped()
	if le, ok := err.(*questionnaires.LoadError); ok {
		return nil, le.Problems, nil
	}
	if err != nil {
		return nil, nil, err
	}
	return f, f.Warnings, nil
}

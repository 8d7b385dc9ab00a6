package cli

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"siap/questionnaires"
)

// checkCmd is siap check FORM...: every problem of every form, and exit
// status 1 when any form has an error.
func (c *cli) checkCmd() *cobra.Command {
	var strict bool
	cmd := &cobra.Command{
		Use:   "check [FORM...]",
		Short: "check XLSForm files and list every problem",
		Long: "Check XLSForm files (.xlsx, or pyxform's .csv) and list every problem with its sheet, row and column;\n" +
			"without a file, the shipped questionnaire. Exit status 1 when a form has an error.",
		ValidArgsFunction: func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			return []string{"xlsx", "csv"}, cobra.ShellCompDirectiveFilterFileExt
		},
		RunE: func(_ *cobra.Command, files []string) error { return c.check(files, strict) },
	}
	cmd.Flags().BoolVar(&strict, "strict", false, "treat question types a terminal cannot capture as errors")
	return cmd
}

func (c *cli) check(files []string, strict bool) error {
	if len(files) == 0 {
		files = []string{""}
	}
	var failed []error
	for _, file := range files {
		form, problems, err := checkOne(file)
		if file == "" {
			file = textShipped.in(c.lang, questionnaires.ShippedName)
		}
		if err != nil {
			failed = append(failed, err)
			continue
		}
		errs := 0
		for _, p := range problems {
			if strict && p.Code == questionnaires.CodeUnsupportedType {
				p.Severity = questionnaires.Error
			}
			if p.Severity == questionnaires.Error {
				errs++
			}
			fmt.Fprintln(c.stdout, p.In(c.lang.code()))
		}
		if errs > 0 {
			fmt.Fprintf(c.stdout, "%s: %s, %s\n", file, counted(c.lang, errs, nounError), counted(c.lang, len(problems)-errs, nounWarning))
			failed = append(failed, errReported)
			continue
		}
		version := ""
		if form.Version != "" {
			version = textCheckVersion.in(c.lang, form.Version)
		}
		fmt.Fprintln(c.stdout, textCheckOK.in(c.lang, file, form.Title, version,
			counted(c.lang, len(form.Nodes), nounRow), counted(c.lang, len(form.Languages), nounLanguage), counted(c.lang, len(problems), nounWarning)))
	}
	return errors.Join(failed...)
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

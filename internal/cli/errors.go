package cli

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"siap/export/summary"
	"siap/internal/hq"
	"siap/questionnaires"
	"siap/store"
)

// Exit statuses: a command that failed, and a command line siap does not
// accept.
const (
	exitFailure = 1
	exitUsage   = 2
)

// cliError is an error the command line words itself, in both of its
// languages. Arguments that are errors keep their own words.
type cliError struct {
	text  text
	args  []any
	usage bool // the command line is at fault: exit status 2
}

func (e *cliError) Error() string { return e.text.in(english, e.args...) }

// Unwrap is the error the message was given, so that errors.Is still
// finds a store's sentinel through it.
func (e *cliError) Unwrap() error {
	for _, a := range e.args {
		if err, ok := a.(error); ok {
			return err
		}
	}
	return nil
}

// failf is a command that failed.
func failf(t text, args ...any) error { return &cliError{text: t, args: args} }

// usagef is a command line siap does not accept: exit status 2.
func usagef(t text, args ...any) error { return &cliError{text: t, args: args, usage: true} }

// isUsage reports whether err is a usage error.
func isUsage(err error) bool {
	var ce *cliError
	return errors.As(err, &ce) && ce.usage
}

// errReported ends a command with exit status 1 when what went wrong is
// already printed: the problems siap check found, verify's report.
var errReported = errors.New("the problems are reported above")

// report prints err, one line per error, as "siap CMD: ..." in the
// command line's language, and returns the exit status. It is the only
// place that prints a command's errors.
func (c *cli) report(cmd *cobra.Command, err error) int {
	if err == nil {
		return 0
	}
	prefix := "siap"
	if cmd != nil {
		prefix = cmd.CommandPath()
	}
	status := exitFailure
	for _, e := range flatten(err) {
		if e == errReported {
			continue
		}
		msg := c.inLanguage(e)
		if isUsage(e) {
			status = exitUsage
			msg += " " + textSeeHelp.in(c.lang, prefix)
		}
		fmt.Fprintf(c.stderr, "%s: %s\n", prefix, oneLine(msg))
	}
	return status
}

// inLanguage words an error in the command line's language: its own
// messages, with the errors they were given worded alike, and the
// store's failures from their kind, naming the file and the interview,
// form or backup they concern; any other error keeps its own words.
func (c *cli) inLanguage(err error) string {
	if ce, ok := err.(*cliError); ok {
		args := make([]any, len(ce.args))
		for i, a := range ce.args {
			if e, ok := a.(error); ok {
				a = c.inLanguage(e)
			}
			args[i] = a
		}
		return ce.text.in(c.lang, args...)
	}
	// A form's problem in the language; what an error wrapping it adds
	// (the interview whose questionnaire it is) keeps its words.
	var le *questionnaires.LoadError
	if errors.As(err, &le) {
		return strings.Replace(err.Error(), le.Error(), le.In(c.lang.code()), 1)
	}
	// The store's problems with a value, worded by themselves; what an
	// error wrapping one adds keeps its words.
	var w store.Worded
	if errors.As(err, &w) {
		return strings.Replace(err.Error(), w.Error(), w.In(c.lang.code(), c.inLanguage), 1)
	}
	if errors.Is(err, summary.ErrNoIndicators) {
		return textNoIndicators.in(c.lang)
	}
	var he *hq.Error
	if errors.As(err, &he) {
		return he.In(c.lang == indonesian)
	}
	if d, ok := store.Describe(err); ok {
		if t, ok := storeTexts[d.Kind]; ok {
			path := d.Path
			if path == "" {
				path = dataPath(c)
			}
			return t.in(c.lang, path, d.Key)
		}
	}
	return err.Error()
}

// flatten lists the errors errors.Join put together.
func flatten(err error) []error {
	j, ok := err.(interface{ Unwrap() []error })
	if !ok {
		return []error{err}
	}
	var out []error
	for _, e := range j.Unwrap() {
		out = append(out, flatten(e)...)
	}
	return out
}

// oneLine keeps an error to the one line scripts and people expect.
func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", "; ")), " ")
}

// notef prints a notice on stderr: not an error, something the user
// must know about the output (simulated interviews counted, personal
// data written).
func (c *cli) notef(cmd *cobra.Command, t text, args ...any) {
	fmt.Fprintf(c.stderr, "%s: %s\n", cmd.CommandPath(), t.in(c.lang, args...))
}

// flagError words pflag's errors as siap's own usage errors.
func flagError(_ *cobra.Command, err error) error {
	var notExist *pflag.NotExistError
	var needsValue *pflag.ValueRequiredError
	var invalid *pflag.InvalidValueError
	switch {
	case errors.As(err, &notExist):
		name := "--" + notExist.GetSpecifiedName()
		if s := notExist.GetSpecifiedShortnames(); s != "" {
			name = "-" + notExist.GetSpecifiedName()
		}
		return usagef(textUnknownFlag, name)
	case errors.As(err, &needsValue):
		return usagef(textFlagNeedsValue, "--"+needsValue.GetFlag().Name)
	case errors.As(err, &invalid):
		return usagef(textFlagInvalid, invalid.GetValue(), "--"+invalid.GetFlag().Name, invalid.Unwrap())
	}
	return usagef(textAsIs, err)
}

// noArgs refuses arguments for a command that takes none.
func noArgs(_ *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usagef(textUnexpectedArg, args[0])
	}
	return nil
}

// oneName takes one name (a user's), refusing none or more with what
// the command needs.
func oneName(missing text) cobra.PositionalArgs {
	return func(_ *cobra.Command, args []string) error {
		switch {
		case len(args) == 0 || strings.TrimSpace(args[0]) == "":
			return usagef(missing)
		case len(args) > 1:
			return usagef(textUnexpectedArg, args[1])
		}
		return nil
	}
}

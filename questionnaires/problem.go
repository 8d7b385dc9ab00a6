package questionnaires

import (
	"errors"
	"fmt"
	"strings"

	"siap/questionnaires/expr"
)

// Severity says whether a form can be used despite a problem.
type Severity uint8

const (
	Warning Severity = iota // the form loads; something may not show as meant
	Error                   // the form cannot be used
)

func (s Severity) String() string { return s.in(false) }

func (s Severity) in(indonesian bool) string {
	if s == Error {
		return pick(indonesian, "kesalahan", "error")
	}
	return pick(indonesian, "peringatan", "warning")
}

// Problem is something wrong with a form, located as precisely as the
// form allows: file, sheet, row and column.
type Problem struct {
	Severity Severity
	File     string
	Sheet    string
	Row      int    // 0 when the problem is not on one row
	Column   string // the column's header as written, "" when not one column
	Message  string // in English; In words the whole problem in either language
	// Code marks problems a caller may treat differently; see
	// CodeUnsupportedType.
	Code string
	// text is the message's identity and its arguments, from which
	// Message is made and In makes it again in Bahasa Indonesia.
	text phrase
}

// CodeUnsupportedType marks the warning for a question type a terminal
// cannot capture, which siap check --strict makes an error.
const CodeUnsupportedType = "unsupported-type"

// String is the problem in English, where it is: "form.xlsx: sheet
// survey, row 12, column "label": error: ...".
func (p Problem) String() string { return p.In("en") }

// In words the problem in the language named (Bahasa Indonesia when
// IsIndonesian says so, else English), naming the same file, sheet, row
// and column.
func (p Problem) In(lang string) string {
	id := IsIndonesian(lang)
	var where []string
	if p.Sheet != "" {
		where = append(where, pick(id, "lembar ", "sheet ")+p.Sheet)
	}
	if p.Row > 0 {
		where = append(where, fmt.Sprintf(pick(id, "baris %d", "row %d"), p.Row))
	}
	if p.Column != "" {
		where = append(where, fmt.Sprintf(pick(id, "kolom %q", "column %q"), p.Column))
	}
	loc := p.File
	if len(where) > 0 {
		loc += ": " + strings.Join(where, ", ")
	}
	return fmt.Sprintf("%s: %s: %s", loc, p.Severity.in(id), p.MessageIn(lang))
}

// MessageIn is the problem's message alone in the language named.
func (p Problem) MessageIn(lang string) string {
	if p.text.format == "" {
		return p.Message // a Problem made outside the reader
	}
	return p.text.in(IsIndonesian(lang))
}

// LoadError is returned when a form has errors. Problems lists all of
// them, warnings included, in sheet and row order.
type LoadError struct {
	File     string
	Problems []Problem
}

func (e *LoadError) Error() string { return e.In("en") }

// In words the first error in the language named (see Problem.In),
// with how many more there are.
func (e *LoadError) In(lang string) string {
	id := IsIndonesian(lang)
	var errs []Problem
	for _, p := range e.Problems {
		if p.Severity == Error {
			errs = append(errs, p)
		}
	}
	if len(errs) == 0 {
		return e.File + pick(id, ": tidak dapat dibaca", ": cannot be read")
	}
	msg := errs[0].In(lang)
	if len(errs) > 1 {
		msg += fmt.Sprintf(pick(id, " (dan %d kesalahan lain; jalankan siap check %s)", " (and %d more errors; run siap check %s)"), len(errs)-1, e.File)
	}
	return msg
}

// problems collects what is wrong with a form as it is read.
type problems struct {
	file string
	list []Problem
}

// add records a problem. Its format is the message's identity: the
// English a problemTexts entry gives in Bahasa Indonesia
// (TestProblemMessagesHaveBothLanguages fails on a format without one).
func (ps *problems) add(sev Severity, sheet string, row int, col, format string, args ...any) {
	text := say(format, args...)
	ps.list = append(ps.list, Problem{Severity: sev, File: ps.file, Sheet: sheet, Row: row, Column: col, Message: text.String(), text: text})
}

func (ps *problems) errorf(sheet string, row int, col, format string, args ...any) {
	ps.add(Error, sheet, row, col, format, args...)
}

func (ps *problems) warnf(sheet string, row int, col, format string, args ...any) {
	ps.add(Warning, sheet, row, col, format, args...)
}

func (ps *problems) hasErrors() bool {
	for _, p := range ps.list {
		if p.Severity == Error {
			return true
		}
	}
	return false
}

// phrase is a message, or part of one, with its arguments, worded in
// English or Bahasa Indonesia when the problem holding it is. Its
// format, in English, is its identity in problemTexts.
type phrase struct {
	format string
	args   []any
}

// say is a phrase; an argument that is a phrase is worded in the
// language of the whole.
func say(format string, args ...any) phrase { return phrase{format, args} }

// phrases are phrases listed one after the other, with commas.
type phrases []phrase

func (ps phrases) String() string { return ps.in(false) }

func (ps phrases) in(indonesian bool) string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.in(indonesian)
	}
	return strings.Join(out, ", ")
}

// String is the phrase in English.
func (p phrase) String() string { return p.in(false) }

func (p phrase) in(indonesian bool) string {
	format := p.format
	if indonesian {
		if t, ok := problemTexts[format]; ok {
			format = t
		}
	}
	args := make([]any, len(p.args))
	for i, a := range p.args {
		switch a := a.(type) {
		case phrase:
			args[i] = a.in(indonesian)
		case phrases:
			args[i] = a.in(indonesian)
		case error:
			args[i] = errorIn(a, indonesian)
		default:
			args[i] = a
		}
	}
	return fmt.Sprintf(format, args...)
}

// errorIn words an error a problem quotes: a form's own problems and
// an expression's syntax errors in the language asked, any other (a
// file that cannot be opened) as it is.
func errorIn(err error, indonesian bool) string {
	lang := pick(indonesian, "id", "en")
	var le *LoadError
	if errors.As(err, &le) {
		return le.In(lang)
	}
	var se *expr.SyntaxError
	if errors.As(err, &se) {
		return se.In(indonesian)
	}
	return err.Error()
}

// pick is the Indonesian or the English of two words.
func pick(indonesian bool, id, en string) string {
	if indonesian {
		return id
	}
	return en
}

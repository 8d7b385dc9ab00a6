package questionnaires

import (
	"fmt"
	"strings"
)

// Severity says whether a form can be used despite a problem.
type Severity uint8

const (
	Warning Severity = iota // the form loads; something may not show as meant
	Error                   // the form cannot be used
)

func (s Severity) String() string {
	if s == Error {
		return "error"
	}
	return "warning"
}

// Problem is something wrong with a form, located as precisely as the
// form allows: file, sheet, row and column.
type Problem struct {
	Severity Severity
	File     string
	Sheet    string
	Row      int    // 0 when the problem is not on one row
	Column   string // the column's header as written, "" when not one column
	Message  string
	// Code marks problems a caller may treat differently; see
	// CodeUnsupportedType.
	Code string
}

// CodeUnsupportedType marks the warning for a question type a terminal
// cannot capture, which siap check --strict makes an error.
const CodeUnsupportedType = "unsupported-type"

func (p Problem) String() string {
	var where []string
	if p.Sheet != "" {
		where = append(where, "sheet "+p.Sheet)
	}
	if p.Row > 0 {
		where = append(where, fmt.Sprintf("row %d", p.Row))
	}
	if p.Column != "" {
		where = append(where, fmt.Sprintf("column %q", p.Column))
	}
	loc := p.File
	if len(where) > 0 {
		loc += ": " + strings.Join(where, ", ")
	}
	return fmt.Sprintf("%s: %s: %s", loc, p.Severity, p.Message)
}

// LoadError is returned when a form has errors. Problems lists all of
// them, warnings included, in sheet and row order.
type LoadError struct {
	File     string
	Problems []Problem
}

func (e *LoadError) Error() string {
	var errs []Problem
	for _, p := range e.Problems {
		if p.Severity == Error {
			errs = append(errs, p)
		}
	}
	if len(errs) == 0 {
		return e.File + ": cannot be read"
	}
	msg := errs[0].String()
	if len(errs) > 1 {
		msg += fmt.Sprintf(" (and %d more errors; run siap check %s)", len(errs)-1, e.File)
	}
	return msg
}

// problems collects what is wrong with a form as it is read.
type problems struct {
	file string
	list []Problem
}

func (ps *problems) add(sev Severity, sheet string, row int, col, format string, args ...any) {
	ps.list = append(ps.list, Problem{Severity: sev, File: ps.file, Sheet: sheet, Row: row, Column: col, Message: fmt.Sprintf(format, args...)})
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

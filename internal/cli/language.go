package cli

import (
	"fmt"
	"strings"
)

// lang is the language the command line speaks: its errors and notices.
type lang int

const (
	indonesian lang = iota
	english
)

// localeVars are the variables that name the user's language, in the
// order POSIX reads them for messages.
var localeVars = []string{"LC_ALL", "LC_MESSAGES", "LANG"}

// languageOf is Bahasa Indonesia when the first of LC_ALL, LC_MESSAGES
// and LANG that is set names it (id_ID.UTF-8, id, or the old code in),
// else English: the same rule every program that follows the locale uses.
func languageOf(getenv func(string) string) lang {
	for _, v := range localeVars {
		s := getenv(v)
		if s == "" {
			continue
		}
		code, _, _ := strings.Cut(strings.ToLower(s), ".")
		code, _, _ = strings.Cut(code, "@")
		code, _, _ = strings.Cut(strings.ReplaceAll(code, "-", "_"), "_")
		if code == "id" || code == "in" {
			return indonesian
		}
		return english
	}
	return english
}

// text is one of the command line's own messages, a format in Bahasa
// Indonesia and in English. Each is a named variable, so the compiler
// finds a message that does not exist.
type text [2]string

func (t text) in(l lang, args ...any) string { return fmt.Sprintf(t[l], args...) }

package cli

import (
	"fmt"

	"siap/survey"
)

// lang is the language the command line speaks: its errors and notices.
type lang int

const (
	indonesian lang = iota
	english
)

// languageOf is the language the locale names (survey.LocaleLanguage):
// Bahasa Indonesia for id_ID.UTF-8, else English.
func languageOf(getenv func(string) string) lang {
	if l, _ := survey.LocaleLanguage(getenv); l == survey.Indonesian {
		return indonesian
	}
	return english
}

// text is one of the command line's own messages, a format in Bahasa
// Indonesia and in English. Each is a named variable, so the compiler
// finds a message that does not exist.
type text [2]string

func (t text) in(l lang, args ...any) string { return fmt.Sprintf(t[l], args...) }

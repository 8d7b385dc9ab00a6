package cli

import (
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"siap/survey"
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

// in is the message in the language, its numbers (%d, %.1f) written as
// people of that language read them: 1.500 and 2,5 in Bahasa Indonesia,
// 1,500 and 2.5 in English.
func (t text) in(l lang, args ...any) string { return printers[l].Sprintf(t[l], args...) }

// printers write numbers in each language's convention (CLDR's, from
// golang.org/x/text), as the screens do; csv and json keep 1500.5.
var printers = [...]*message.Printer{
	indonesian: message.NewPrinter(language.Indonesian),
	english:    message.NewPrinter(language.English),
}

// survey is the language as the screens name it.
func (l lang) survey() survey.Lang {
	return [...]survey.Lang{indonesian: survey.Indonesian, english: survey.English}[l]
}

// code names the language as the form reader's In methods take it.
func (l lang) code() string {
	if l == indonesian {
		return "id"
	}
	return "en"
}

// counted is a number of things in the language: "1 warning", "2
// warnings", "2 peringatan" (Bahasa Indonesia does not mark the plural),
// the number in the language's convention.
func counted(l lang, n int, noun text) string {
	s := printers[l].Sprintf("%d %s", n, noun[l])
	if l == english && n != 1 {
		s += "s"
	}
	return s
}

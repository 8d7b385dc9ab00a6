package cli

import (
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

// in is the message in the language, its numbers (%d, %.1f) written as
// people of that language read them, as the screens write them
// (survey.Lang.Sprintf): 1.500 and 2,5 in Bahasa Indonesia, 1,500 and
// 2.5 in English; csv and json keep 1500.5.
func (t text) in(l lang, args ...any) string { return l.survey().Sprintf(t[l], args...) }

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
	s := l.survey().Sprintf("%d %s", n, noun[l])
	if l == english && n != 1 {
		s += "s"
	}
	return s
}

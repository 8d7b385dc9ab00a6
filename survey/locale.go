package survey

import "strings"

// localeVars are the variables that name the user's language, in the
// order POSIX reads them for messages.
var localeVars = []string{"LC_ALL", "LC_MESSAGES", "LANG"}

// LocaleLanguage is Bahasa Indonesia when the first of LC_ALL,
// LC_MESSAGES and LANG that is set names it (id_ID.UTF-8, id, or the old
// code in), else English: the same rule every program that follows the
// locale uses. ok is false when none is set (an SSH client that sends no
// LANG).
func LocaleLanguage(getenv func(string) string) (l Lang, ok bool) {
	for _, v := range localeVars {
		s := getenv(v)
		if s == "" {
			continue
		}
		code, _, _ := strings.Cut(strings.ToLower(s), ".")
		code, _, _ = strings.Cut(code, "@")
		code, _, _ = strings.Cut(strings.ReplaceAll(code, "-", "_"), "_")
		if code == "id" || code == "in" {
			return Indonesian, true
		}
		return English, true
	}
	return English, false
}

package export

import (
	"regexp"
	"strconv"
	"strings"
)

// Stata and SPSS limit variable names: Stata to 32 characters, SPSS to
// 64 bytes, both to letters, digits and _ starting with a letter. The
// CSV keeps each question's whole name; the scripts rename the columns
// whose names these tools refuse, give the whole name in the variable
// label, and the codebook lists both.
const (
	stataNameMax = 32
	spssNameMax  = 64
)

// scriptNames hands out one table's names in Stata or in SPSS, each once.
type scriptNames struct {
	max  int
	used map[string]bool
}

func newScriptNames(max int) *scriptNames { return &scriptNames{max: max, used: map[string]bool{}} }

var notNameChar = regexp.MustCompile(`[^A-Za-z0-9_]`)

// reserved are names Stata or SPSS keep for themselves.
var reserved = map[string]bool{
	"all": true, "and": true, "by": true, "byte": true, "double": true, "eq": true, "float": true,
	"ge": true, "gt": true, "if": true, "in": true, "int": true, "le": true, "long": true, "lt": true,
	"ne": true, "not": true, "or": true, "to": true, "using": true, "with": true, "str": true, "strl": true,
	"_n": true, "_b": true, "_cons": true, "_coef": true, "_pi": true, "_rc": true, "_se": true, "_skip": true,
}

// safeName fits s to the characters both tools accept and to max bytes.
func safeName(s string, max int) string {
	s = notNameChar.ReplaceAllString(s, "_")
	if s == "" || !(s[0] >= 'a' && s[0] <= 'z' || s[0] >= 'A' && s[0] <= 'Z') {
		s = "v" + s
	}
	if reserved[strings.ToLower(s)] {
		s += "_"
	}
	if len(s) > max {
		s = s[:max]
	}
	return s
}

// column gives a column its name in the tool. A 0/1 column too long for
// it keeps its choice code whole and shortens the question's part
// (main_reasons_hh_mig_economic), so that the dummies of one question
// stay told apart by their codes, not numbered.
func (sn *scriptNames) column(c column) string {
	if c.kind != dummyColumn || len(safeName(c.name, len(c.name)+2)) <= sn.max {
		return sn.take(c.name)
	}
	code := notNameChar.ReplaceAllString(c.choice.Name, "_")
	stem := safeName(strings.TrimSuffix(c.name, c.choice.Name), sn.max)
	stem = strings.TrimRight(stem, "_")
	if keep := sn.max - len(code) - 1; keep >= 8 && len(stem) > keep {
		return sn.take(stem[:keep] + "_" + code)
	}
	return sn.take(c.name)
}

// take gives the name s has in the tool: s itself when the tool accepts
// it, else a shortened or cleaned one, numbered when that is taken.
func (sn *scriptNames) take(s string) string {
	base := safeName(s, sn.max)
	name := base
	for i := 2; sn.used[strings.ToLower(name)]; i++ {
		suffix := "_" + strconv.Itoa(i)
		name = base[:min(len(base), sn.max-len(suffix))] + suffix
	}
	sn.used[strings.ToLower(name)] = true
	return name
}

package hq

import (
	"strings"
	"testing"
)

const fp = "4b5038a21ca8dd9b86e483f949b3eed6114568cb20e249b341048f09d94171ce"

// TestCodeAsTyped: a code reads back however an interviewer types it,
// its check part names the certificate it was made for and no other,
// and what is not a code is refused.
func TestCodeAsTyped(t *testing.T) {
	code, made, err := NewCode(fp)
	if err != nil {
		t.Fatal(err)
	}
	if len(code) != 29 || strings.Count(code, "-") != 5 || made.String() != code {
		t.Fatalf("code %q: want 6 groups of 4", code)
	}
	typed := []string{
		code,
		strings.ToLower(code),
		strings.ReplaceAll(code, "-", ""),
		strings.ReplaceAll(code, "-", " "),
		" " + strings.ReplaceAll(strings.ReplaceAll(code, "0", "O"), "1", "l") + " ",
	}
	for _, s := range typed {
		c, err := ParseCode(s)
		if err != nil {
			t.Errorf("ParseCode(%q): %v", s, err)
			continue
		}
		if c != made {
			t.Errorf("ParseCode(%q) = %+v, want %+v", s, c, made)
		}
		if !CheckCertificate(c.Check, fp) {
			t.Errorf("ParseCode(%q): the check part does not name the certificate", s)
		}
		if CheckCertificate(c.Check, strings.Repeat("ab", 32)) {
			t.Errorf("ParseCode(%q): the check part names another certificate", s)
		}
	}
	if HashSecret(made.ID, made.Secret) == HashSecret("ZZZZ", made.Secret) {
		t.Error("a secret's hash does not depend on its code's id")
	}
	for _, bad := range []string{"", "ABCD", code + "A", code[5:], strings.Replace(code, code[:1], "U", 1), "ABCD-EFGH-!JKM-NPQR-STVW-XYZ0"} {
		if _, err := ParseCode(bad); err == nil {
			t.Errorf("ParseCode(%q) took it as a code", bad)
		}
	}
}

// TestRefusalWords: every reason has its words in both languages, with
// the same arguments, and a refusal with too few or too many arguments
// still reads.
func TestRefusalWords(t *testing.T) {
	for reason, w := range words {
		if argsTaken(w[0]) != argsTaken(w[1]) || w[0] == w[1] {
			t.Errorf("%s: the two languages take other arguments or are the same: %q, %q", reason, w[0], w[1])
		}
		for _, args := range [][]string{nil, {"a", "b", "c", "d"}} {
			e := Refusal{Reason: reason, Args: args}.Error()
			for _, s := range []string{e.In(true), e.In(false)} {
				if strings.Contains(s, "%!") {
					t.Errorf("%s with %d arguments reads %q", reason, len(args), s)
				}
			}
		}
	}
	if e := (Refusal{Reason: "from-a-newer-siap"}).Error(); e.Reason != ReasonUnknownAnswer {
		t.Errorf("an unknown reason became %s", e.Reason)
	}
}

func FuzzParseCode(f *testing.F) {
	code, _, _ := NewCode(fp)
	for _, s := range []string{code, "", "oooo-llll-iiii", strings.Repeat("Z", 24)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseCode(s)
		if err != nil {
			return
		}
		if len(c.ID) != idChars || len(c.Secret) != secretChars || len(c.Check) != checkChars {
			t.Fatalf("ParseCode(%q) = %+v", s, c)
		}
		again, err := ParseCode(c.String())
		if err != nil || again != c {
			t.Fatalf("ParseCode(%q) does not read back from its own grouping", s)
		}
	})
}

package expr

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

type tokKind uint8

const (
	tEOF tokKind = iota
	tNumber
	tString
	tRef       // ${name}
	tLastSaved // ${last-saved#name}
	tName      // a QName: a function name, a path step or an operator word
	tSym       // punctuation and operators
)

type token struct {
	kind tokKind
	text string
	pos  int // 1-based character position in the expression
}

func lex(src string) ([]token, error) {
	var toks []token
	// runePos counts characters up to a byte offset, carrying on from the
	// previous call so that lexing stays linear in the expression's length.
	counted, runes := 0, 0
	runePos := func(byteOff int) int {
		if byteOff < counted {
			return utf8.RuneCountInString(src[:byteOff]) + 1
		}
		runes += utf8.RuneCountInString(src[counted:byteOff])
		counted = byteOff
		return runes + 1
	}
	i := 0
	for i < len(src) {
		r, w := utf8.DecodeRuneInString(src[i:])
		start := i
		switch {
		case unicode.IsSpace(r):
			i += w
			continue
		case r == '$' && strings.HasPrefix(src[i:], "${"):
			end := strings.IndexByte(src[i:], '}')
			if end < 0 {
				return nil, syntaxError(runePos(i), "${ is not closed by }")
			}
			name := strings.TrimSpace(src[i+2 : i+end])
			if q, ok := strings.CutPrefix(name, "last-saved#"); ok && isName(strings.TrimSpace(q)) {
				toks = append(toks, token{tLastSaved, strings.TrimSpace(q), runePos(start)})
				i += end + 1
				continue
			}
			if !isName(name) {
				return nil, syntaxError(runePos(i), "${%s} does not name a question", name)
			}
			toks = append(toks, token{tRef, name, runePos(start)})
			i += end + 1
			continue
		case r == '\'' || r == '"':
			end := strings.IndexRune(src[i+1:], r)
			if end < 0 {
				return nil, syntaxError(runePos(i), "text in quotes is not closed")
			}
			toks = append(toks, token{tString, src[i+1 : i+1+end], runePos(start)})
			i += end + 2
			continue
		case r >= '0' && r <= '9' || r == '.' && i+1 < len(src) && src[i+1] >= '0' && src[i+1] <= '9':
			for i < len(src) && (src[i] >= '0' && src[i] <= '9' || src[i] == '.') {
				i++
			}
			if strings.Count(src[start:i], ".") > 1 {
				return nil, syntaxError(runePos(start), "%q is not a number", src[start:i])
			}
			toks = append(toks, token{tNumber, src[start:i], runePos(start)})
			continue
		case isNameStart(r):
			i += w
			for i < len(src) {
				r2, w2 := utf8.DecodeRuneInString(src[i:])
				if isNameChar(r2) {
					i += w2
					continue
				}
				// A prefix such as jr: in jr:choice-name.
				if r2 == ':' && i+1 < len(src) && src[i+1] != ':' && !strings.Contains(src[start:i], ":") {
					if r3, _ := utf8.DecodeRuneInString(src[i+1:]); isNameStart(r3) {
						i++
						continue
					}
				}
				break
			}
			toks = append(toks, token{tName, src[start:i], runePos(start)})
			continue
		}
		for _, sym := range []string{"!=", "<=", ">=", "..", "//", "(", ")", ",", ".", "/", "|", "=", "<", ">", "+", "-", "*", "[", "]", "@"} {
			if strings.HasPrefix(src[i:], sym) {
				toks = append(toks, token{tSym, sym, runePos(start)})
				i += len(sym)
				goto next
			}
		}
		return nil, syntaxError(runePos(i), "unexpected character %q", r)
	next:
	}
	return append(toks, token{tEOF, "", runePos(len(src))}), nil
}

func isNameStart(r rune) bool { return r == '_' || unicode.IsLetter(r) }

func isNameChar(r rune) bool {
	return isNameStart(r) || unicode.IsDigit(r) || r == '-' || r == '.'
}

// isName reports whether s is an XML name, as question names must be.
func isName(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		if i == 0 && !isNameStart(r) || !isNameChar(r) {
			return false
		}
	}
	return true
}

// IsName reports whether s can name a question or a choice list: an XML
// name (a letter or underscore, then letters, digits, -, _ or .).
func IsName(s string) bool { return isName(s) }

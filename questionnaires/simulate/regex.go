package simulate

import (
	"math/rand/v2"
	"regexp/syntax"
	"strings"
	"unicode"
)

// matching makes a text that matches a regular expression, from the
// pattern's syntax tree: each piece is drawn in turn (a character of a
// class, a count of a repetition, a branch of an alternation). ok is
// false for a pattern Go cannot read.
func matching(rng *rand.Rand, pattern string) (string, bool) {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return "", false
	}
	var b strings.Builder
	generate(rng, re, &b, 0)
	return b.String(), true
}

// maxRepeat bounds an open-ended repetition (*, +, {2,}).
const maxRepeat = 4

func generate(rng *rand.Rand, re *syntax.Regexp, b *strings.Builder, depth int) {
	if depth > 100 || b.Len() > 1000 {
		return
	}
	switch re.Op {
	case syntax.OpLiteral:
		for _, r := range re.Rune {
			if re.Flags&syntax.FoldCase != 0 && rng.IntN(2) == 0 {
				r = unicode.SimpleFold(r)
			}
			b.WriteRune(r)
		}
	case syntax.OpCharClass:
		b.WriteRune(fromClass(rng, re.Rune))
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		b.WriteRune(rune('a' + rng.IntN(26)))
	case syntax.OpCapture:
		generate(rng, re.Sub[0], b, depth+1)
	case syntax.OpConcat:
		for _, sub := range re.Sub {
			generate(rng, sub, b, depth+1)
		}
	case syntax.OpAlternate:
		generate(rng, re.Sub[rng.IntN(len(re.Sub))], b, depth+1)
	case syntax.OpStar, syntax.OpPlus, syntax.OpQuest, syntax.OpRepeat:
		lo, hi := re.Min, re.Max
		switch re.Op {
		case syntax.OpStar:
			lo, hi = 0, maxRepeat
		case syntax.OpPlus:
			lo, hi = 1, maxRepeat
		case syntax.OpQuest:
			lo, hi = 0, 1
		}
		if hi < 0 {
			hi = lo + maxRepeat
		}
		for range lo + rng.IntN(hi-lo+1) {
			generate(rng, re.Sub[0], b, depth+1)
		}
	}
	// Anchors, word boundaries and empty matches add nothing.
}

// fromClass draws a character of a class given as ranges, preferring
// printable ASCII where the class has any (a terminal and an export
// show those plainly).
func fromClass(rng *rand.Rand, ranges []rune) rune {
	var ascii []rune
	for i := 0; i+1 < len(ranges); i += 2 {
		lo, hi := max(ranges[i], ' '+1), min(ranges[i+1], '~')
		if lo <= hi {
			ascii = append(ascii, lo, hi)
		}
	}
	if len(ascii) > 0 {
		ranges = ascii
	}
	if len(ranges) < 2 {
		return 'x'
	}
	k := rng.IntN(len(ranges)/2) * 2
	lo, hi := ranges[k], ranges[k+1]
	return lo + rune(rng.IntN(int(hi-lo)+1))
}

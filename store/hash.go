package store

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"maps"
	"slices"
)

// maxHistory bounds the digests an interview remembers; a merge with a
// version older than that many changes is taken as a conflict. (A file
// keeps up to historySlack more between two trims of its log.)
const maxHistory = 200

// answersSum is a digest of a set of answers that changes with one
// answer in constant time (an additive multiset hash: the sum, in four
// 64-bit lanes, of a SHA-256 of each path and value). It tells copies of
// an interview apart; it is not what protects them (the sealing does).
type answersSum [4]uint64

func pairHash(path, value string) answersSum {
	h := sha256.New()
	h.Write([]byte(path))
	h.Write([]byte{0})
	h.Write([]byte(value))
	var d [32]byte
	h.Sum(d[:0])
	var s answersSum
	for i := range s {
		s[i] = binary.LittleEndian.Uint64(d[8*i:])
	}
	return s
}

func (s *answersSum) add(path, value string) {
	p := pairHash(path, value)
	for i := range s {
		s[i] += p[i]
	}
}

func (s *answersSum) remove(path, value string) {
	p := pairHash(path, value)
	for i := range s {
		s[i] -= p[i]
	}
}

func (s answersSum) String() string {
	var b [32]byte
	for i, x := range s {
		binary.LittleEndian.PutUint64(b[8*i:], x)
	}
	return hex.EncodeToString(b[:])
}

func parseSum(h string) (answersSum, bool) {
	var s answersSum
	b, err := hex.DecodeString(h)
	if err != nil || len(b) != 32 {
		return s, false
	}
	for i := range s {
		s[i] = binary.LittleEndian.Uint64(b[8*i:])
	}
	return s, true
}

func sumOf(answers map[string]Answer) answersSum {
	var s answersSum
	for p, a := range answers {
		s.add(p, a.Value)
	}
	return s
}

// contentHash digests what two copies of an interview must share to be
// the same: status, comment, notes, and its answers through their sum.
func contentHash(iv *Interview, sum answersSum) string {
	h := sha256.New()
	write := func(s string) {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	write("siap content 2")
	write(string(iv.Status))
	write(iv.Comment)
	write(sum.String())
	for _, p := range slices.Sorted(maps.Keys(iv.Notes)) {
		write(p)
		write(iv.Notes[p].Text)
		write(iv.Notes[p].By)
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// contentHashV1 is the digest format 1 gave interviews: every answer,
// sorted by path. A migrated interview keeps it as an alias, so that
// packs from a siap of format 1 still merge as newer, older or equal.
func contentHashV1(iv *Interview, answers map[string]Answer) string {
	h := sha256.New()
	write := func(s string) {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	write(string(iv.Status))
	write(iv.Comment)
	for _, p := range slices.Sorted(maps.Keys(answers)) {
		write(p)
		write(answers[p].Value)
	}
	if len(iv.Notes) > 0 {
		write("\x01notes")
		for _, p := range slices.Sorted(maps.Keys(iv.Notes)) {
			write(p)
			write(iv.Notes[p].Text)
			write(iv.Notes[p].By)
		}
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// rehash sets an interview's digest from its answers' sum, remembering
// the one it replaces. A changed interview is no longer known by the
// aliases of its old content.
func rehash(iv *Interview, sum answersSum) {
	iv.Sum = sum.String()
	h := contentHash(iv, sum)
	if h == iv.Hash {
		return
	}
	if iv.Hash != "" {
		iv.History = append(append(iv.History, iv.Aliases...), iv.Hash)
		if len(iv.History) > maxHistory {
			iv.History = iv.History[len(iv.History)-maxHistory:]
		}
	}
	iv.Hash, iv.Aliases = h, nil
}

// known lists the digests an interview's present content goes by.
func known(iv Interview) []string { return append([]string{iv.Hash}, iv.Aliases...) }

// sumFor reads the answers' sum kept in an interview's record, or
// computes it when the record has none.
func sumFor(iv Interview, answers func() (map[string]Answer, error)) (answersSum, error) {
	if s, ok := parseSum(iv.Sum); ok {
		return s, nil
	}
	a, err := answers()
	if err != nil {
		return answersSum{}, err
	}
	return sumOf(a), nil
}

package store

import (
	"crypto/sha256"
	"encoding/hex"
	"maps"
	"slices"
)

// maxHistory bounds the digests an interview remembers; a merge with a
// version older than that many changes is taken as a conflict.
const maxHistory = 200

// contentHash digests what two copies of an interview must share to be
// the same: status, comment, answers and notes.
func contentHash(iv *Interview, answers map[string]string) string {
	h := sha256.New()
	write := func(s string) {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	write(iv.Status)
	write(iv.Comment)
	for _, p := range slices.Sorted(maps.Keys(answers)) {
		write(p)
		write(answers[p])
	}
	// Without notes the digest is what it was before notes existed, so
	// older files keep theirs.
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

// rehash recomputes an interview's digest from its answers, remembering
// the one it replaces.
func rehash(iv *Interview, answers map[string]Answer) {
	h := contentHash(iv, values(answers))
	if h == iv.Hash {
		return
	}
	if iv.Hash != "" {
		iv.History = append(iv.History, iv.Hash)
		if len(iv.History) > maxHistory {
			iv.History = iv.History[len(iv.History)-maxHistory:]
		}
	}
	iv.Hash = h
}

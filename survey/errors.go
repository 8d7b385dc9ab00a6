package survey

import (
	"context"
	"errors"
	"io/fs"
	"syscall"

	"siap/store"
)

// errorWords are the store's and the system's errors a screen can meet,
// each with its words (error.<key> in the table). The first
// that matches (errors.Is) wins.
var errorWords = []struct {
	err error
	key string
}{
	{store.ErrOtherTeam, "otherTeam"},
	{store.ErrNotFound, "notFound"},
	{store.ErrWrongPassphrase, "wrongPassphrase"},
	{store.ErrPassphraseNeeded, "passphraseNeeded"},
	{store.ErrInUse, "inUse"},
	{syscall.ENOSPC, "diskFull"},
	{fs.ErrPermission, "permission"},
	{context.Canceled, "cancelled"},
}

// userError says what went wrong in the interface's language; the
// error's own text, which may be English, follows in brackets for the
// one who fixes it.
func userError(l Lang, err error) string {
	for _, w := range errorWords {
		if errors.Is(err, w.err) {
			return l.T("error."+w.key) + " (" + err.Error() + ")"
		}
	}
	return l.T("error.other", err)
}

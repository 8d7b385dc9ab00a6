package survey

import (
	"context"
	"errors"
	"io/fs"
	"strings"
	"syscall"

	"siap/export/summary"
	"siap/questionnaires"
	"siap/store"
)

// errorWords are the store's failures (store.Kinds) and the system's
// errors a screen can meet, each with its words (error.<key> in the
// table, given the file and the interview or backup concerned as %[1]s
// and %[2]s). The first that matches (errors.Is) wins.
var errorWords = []struct {
	err error
	key string
}{
	{store.ErrOtherTeam, "otherTeam"},
	{store.ErrNotFound, "notFound"},
	{store.ErrWrongPassphrase, "wrongPassphrase"},
	{store.ErrPassphraseNeeded, "passphraseNeeded"},
	{store.ErrInUse, "inUse"},
	{store.ErrDamaged, "damaged"},
	{store.ErrEmptyWithBackups, "emptyWithBackups"},
	{store.ErrIsPack, "isPack"},
	{store.ErrPlainRefused, "plainRefused"},
	{store.ErrPackNotForYou, "packNotForYou"},
	{store.ErrNoSupervisorKey, "noSupervisorKey"},
	{store.ErrBadPublicKey, "badPublicKey"},
	{store.ErrNotAFile, "notAFile"},
	{store.ErrNoFile, "noFile"},
	{store.ErrNotSiapFile, "notSiapFile"},
	{store.ErrNewerFormat, "newerFormat"},
	{store.ErrPermission, "permission"},
	{store.ErrReadOnlyDisk, "readOnlyDisk"},
	{store.ErrOtherForm, "otherForm"},
	{store.ErrNotEncrypted, "notEncrypted"},
	{store.ErrSameFile, "sameFile"},
	{store.ErrNoForm, "noForm"},
	{store.ErrDamagedInterviews, "unreadable"},
	{summary.ErrNoIndicators, "noIndicators"},
	{syscall.ENOSPC, "diskFull"},
	{fs.ErrPermission, "permission"},
	{context.Canceled, "cancelled"},
}

// userError says what went wrong in the interface's language, naming
// the file and the interview it concerns where the store says which
// (never an answer: store errors hold none). An error of no kind siap
// words keeps its own text, in brackets, for the one who fixes it.
func userError(l Lang, err error) string {
	// A questionnaire that cannot be read names its first problem, in
	// the interface's language.
	var le *questionnaires.LoadError
	if errors.As(err, &le) {
		return l.T("error.form", le.In(l.code()))
	}
	path, key := "", ""
	if d, ok := store.Describe(err); ok {
		path, key = d.Path, d.Key
		err = d.Kind
	}
	for _, w := range errorWords {
		if errors.Is(err, w.err) {
			// The words name the file or the interview only where they
			// say so (%[1]s, %[2]s).
			words := l.T("error." + w.key)
			if strings.Contains(words, "%[") {
				words = l.Sprintf(words, path, key)
			}
			return strings.TrimSuffix(words, ": ")
		}
	}
	return l.T("error.other", err)
}

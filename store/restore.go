package store

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"time"

	berrors "go.etcd.io/bbolt/errors"
)

// Restore puts a backup in the place of the data file at path. The file
// it replaces is not deleted but kept beside it as
// path.replaced-YYYYMMDD-HHMMSS, so that a restore loses nothing either.
// The backup must be a sound siap file (open and verify it first); the
// data file must not be in use. It returns where the replaced file went.
func Restore(path, backup string) (string, error) {
	if abs(path) == abs(backup) {
		return "", failure(ErrSameFile, backup, "", "restore %s: that is the data file itself; name one of its backups", backup)
	}
	// A siap holding the file must be closed first; taking the lock
	// tells, without writing anything.
	if err := notInUse(path); err != nil {
		return "", err
	}
	tmp := path + ".restoring"
	if err := copyFile(backup, tmp); err != nil {
		os.Remove(tmp)
		return "", fmt.Errorf("restore %s from %s: %w", path, backup, err)
	}
	replaced := ""
	if _, err := os.Stat(path); err == nil {
		replaced = path + ".replaced-" + time.Now().UTC().Format("20060102-150405")
		if err := os.Rename(path, replaced); err != nil {
			os.Remove(tmp)
			return "", fmt.Errorf("restore %s: keep the current file aside: %w", path, err)
		}
	}
	if err := os.Rename(tmp, path); err != nil {
		// Put the current file back, so that nothing moved.
		if replaced != "" {
			os.Rename(replaced, path)
		}
		os.Remove(tmp)
		return "", fmt.Errorf("restore %s from %s: %w", path, backup, err)
	}
	return replaced, nil
}

// copyFile copies src to dst and syncs it, owner-only.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// notInUse tells whether a siap holds the data file, by taking its lock
// for a moment. A file cut short (the one being restored, often) cannot
// be held by any siap, and opening it would read past its end: it is
// not opened, and a fault opening a damaged one is no crash.
func notInUse(path string) (err error) {
	if _, statErr := os.Stat(path); statErr != nil || checkSize(path) != nil {
		return nil
	}
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if recover() != nil {
			err = nil // damaged: restoring is what it needs
		}
	}()
	db, err := openBolt(path, false)
	if errors.Is(err, berrors.ErrTimeout) {
		return failure(ErrInUse, path, "", "data file %s is %w: close siap first", path, ErrInUse)
	}
	if err == nil {
		db.Close()
	}
	return nil
}

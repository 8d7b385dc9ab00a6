package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// ErrDamaged is what every error about a file siap cannot read wraps.
var ErrDamaged = errors.New("damaged")

// DamagedError is a file bbolt cannot read: cut short, overwritten, or
// not a siap file at all.
type DamagedError struct {
	Path  string
	Cause error
}

func (e *DamagedError) Error() string {
	return fmt.Sprintf("data file %s cannot be read (%v): it is damaged or not a siap data file; run siap --data %s verify to see what is wrong, and restore the newest good backup (siap --data %s restore lists them)",
		e.Path, e.Cause, e.Path, e.Path)
}

func (e *DamagedError) Unwrap() error { return ErrDamaged }

// damaged explains a file bbolt cannot read.
func damaged(path string, cause error) error { return &DamagedError{Path: path, Cause: cause} }

// openFailed explains why bbolt could not open a file: a file the user
// may not read or write, or a disk mounted read-only, is not damaged.
func openFailed(path string, err error) error {
	switch {
	case errors.Is(err, fs.ErrPermission):
		return failure(ErrPermission, path, "", "data file %s cannot be opened: permission denied (%v); it is not damaged: check who owns it, or run siap as that user", path, err)
	case errors.Is(err, syscall.EROFS):
		return failure(ErrReadOnlyDisk, path, "", "data file %s is on a read-only disk (%v); it is not damaged: copy it to a writable disk, or use a command that only reads (list, export, verify)", path, err)
	}
	return damaged(path, err)
}

// ErrEmptyWithBackups is returned when a data file is empty or missing
// while its backups are there: siap never starts a new file over them.
var ErrEmptyWithBackups = errors.New("the data file is empty or missing, but its backups are there")

// checkNotLost refuses to start a new, empty data file where one was
// lost (emptied by a full disk or a crash, or deleted) while good
// backups of it remain: three starts later they would have been rotated
// away.
func checkNotLost(path string) error {
	info, err := os.Stat(path)
	if err == nil && info.Size() > 0 {
		return nil
	}
	good, _ := goodBackups(path)
	if len(good) == 0 {
		return nil
	}
	state := "is missing"
	if err == nil {
		state = "is empty (0 bytes)"
	}
	newest := good[len(good)-1]
	return failure(ErrEmptyWithBackups, path, newest, "data file %s %s, but %d backups of it are there, the newest %s: siap did not start a new file over them. Restore it with siap --data %s restore %s; to start afresh instead, move the backups (%s.bak-*) elsewhere: %w",
		path, state, len(good), filepath.Base(newest), path, newest, filepath.Base(path), ErrEmptyWithBackups)
}

// consistencyProblem words what the check of the file's pages reports.
func consistencyProblem(p Problem) Problem {
	return NewProblem(wordConsistency, p)
}

// DamagedInterviewsError names the interviews a reading of every
// interview left out because they could not be read; all the others were
// read.
type DamagedInterviewsError struct {
	Path string
	// Server is set when Path names a server's database, not a file.
	Server bool
	IDs    []string // the interview's id, or its record's key when even that is unreadable
	// First is what was wrong with the first of them.
	First error
}

func (e *DamagedInterviewsError) Error() string {
	if e.Server {
		return fmt.Sprintf("database %s: %d interviews could not be read and were left out (%s; the first: %v); the others were read. Run siap verify --server with this database, and restore it from the database's backups",
			e.Path, len(e.IDs), strings.Join(e.IDs, ", "), e.First)
	}
	return fmt.Sprintf("data file %s: %d interviews could not be read and were left out (%s; the first: %v); the others were read. Run siap --data %s verify, and siap --data %s verify --salvage NEW to copy everything readable into a new file",
		e.Path, len(e.IDs), strings.Join(e.IDs, ", "), e.First, e.Path, e.Path)
}

func (e *DamagedInterviewsError) Unwrap() error { return ErrDamaged }

// Unread collects the interviews a reading of every interview could
// not read, to name them once the others are read.
type Unread struct {
	ids   []string
	first error
}

// Add notes an interview that could not be read, and why.
func (d *Unread) Add(id string, err error) {
	d.ids = append(d.ids, id)
	if d.first == nil {
		d.first = err
	}
}

// add notes an interview of a data file, by its record's key when even
// its id cannot be read.
func (d *Unread) add(seq []byte, id string, err error) {
	if id == "" {
		id = fmt.Sprintf("record %x", seq)
	}
	d.Add(id, err)
}

// Err names the interviews left out of a reading of where (a server's
// database when server), or is nil when there were none.
func (d *Unread) Err(where string, server bool) error {
	if len(d.ids) == 0 {
		return nil
	}
	return &DamagedInterviewsError{Path: where, Server: server, IDs: d.ids, First: d.first}
}

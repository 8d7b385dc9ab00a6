package store

import (
	"syscall"

	bolt "go.etcd.io/bbolt"
)

// scanRelease is how many bytes a scan reads between two releases of the
// file's mapped pages. What a scan counts is the values it reads; the
// pages it passes through to reach them (an interview's log rows, where
// a summary only seeks its changes) are as many again: at 16 MB the
// pages resident between two releases were half a summary's memory.
const scanRelease = 4 << 20

// scanning tells the kernel that the file is about to be read front to
// back (read ahead), instead of bbolt's random access.
func scanning(tx *bolt.Tx) { advise(tx, syscall.MADV_SEQUENTIAL) }

// scanned hands the pages of the file a scan has read back to the
// kernel's cache: bbolt maps the whole file, and every page read stays
// in the process's resident memory until then, so that reading a file
// of 3 GB would hold 3 GB. The pages stay cached, so that reading them
// again costs a minor fault; the mapping is read-only and shared, so
// nothing is lost. It returns access to random, as bbolt set it.
func scanned(tx *bolt.Tx) {
	advise(tx, syscall.MADV_DONTNEED)
	advise(tx, syscall.MADV_RANDOM)
}

// release hands back the pages read so far in a long scan.
func release(tx *bolt.Tx) {
	advise(tx, syscall.MADV_DONTNEED)
	advise(tx, syscall.MADV_SEQUENTIAL)
}

func advise(tx *bolt.Tx, advice int) {
	info := tx.DB().Info()
	// An address and a length, as the system call takes them: no Go
	// pointer is made from the address.
	syscall.Syscall(syscall.SYS_MADVISE, info.Data, uintptr(tx.Size()), uintptr(advice))
}

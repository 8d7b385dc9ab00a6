package store

import (
	"bytes"
	"os"
	"syscall"

	bolt "go.etcd.io/bbolt"
)

// scanRelease is how many bytes of the file's pages a scan lets the
// process map between two releases. What a scan counts is the pages
// mapped (residentMeter): at 16 MB of values read, the pages resident
// between two releases were half a summary's memory.
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

// handBack hands back the pages of a file a write has read, leaving its
// access as it is.
func handBack(tx *bolt.Tx) { advise(tx, syscall.MADV_DONTNEED) }

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

var pageSize = os.Getpagesize()

// residentMeter reads how many pages of files the process has mapped
// and resident (/proc/self/statm's third figure: the data file's pages,
// and the program's own).
type residentMeter struct {
	f   *os.File
	buf [128]byte
}

// openResidentMeter returns nil where /proc cannot be read: the scan
// then estimates what it maps from what it reads.
func openResidentMeter() *residentMeter {
	f, err := os.Open("/proc/self/statm")
	if err != nil {
		return nil
	}
	m := &residentMeter{f: f}
	if _, ok := m.filePages(); !ok {
		f.Close()
		return nil
	}
	return m
}

func (m *residentMeter) filePages() (int, bool) {
	if m == nil {
		return 0, false
	}
	n, err := m.f.ReadAt(m.buf[:], 0)
	if n == 0 && err != nil {
		return 0, false
	}
	// size resident shared text lib data dt: the third figure, read
	// without allocating (a scan reads it thousands of times).
	b := m.buf[:n]
	for range 2 {
		i := bytes.IndexByte(b, ' ')
		if i < 0 {
			return 0, false
		}
		b = b[i+1:]
	}
	pages, digits := 0, 0
	for ; digits < len(b) && b[digits] >= '0' && b[digits] <= '9'; digits++ {
		pages = pages*10 + int(b[digits]-'0')
	}
	return pages, digits > 0
}

func (m *residentMeter) close() {
	if m != nil {
		m.f.Close()
	}
}

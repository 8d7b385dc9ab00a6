package store

import (
	bolt "go.etcd.io/bbolt"
)

// scan keeps a long read of the file in flat memory: it tells the kernel
// the file is read in order, and hands back the pages read every
// scanRelease bytes (mapped_linux.go).
type scan struct {
	tx   *bolt.Tx
	read int
}

func newScan(tx *bolt.Tx) *scan {
	scanning(tx)
	return &scan{tx: tx}
}

// add counts bytes read.
func (s *scan) add(n int) {
	s.read += n
	if s.read >= scanRelease {
		release(s.tx)
		s.read = 0
	}
}

// done hands back what is left and returns to random access.
func (s *scan) done() { scanned(s.tx) }

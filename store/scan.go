package store

import (
	"time"

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

// releaseWhile hands back the file's pages every 2 ms until the
// function it returns is called: for reads siap does not drive itself
// (bbolt's consistency check).
func releaseWhile(tx *bolt.Tx) (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(2 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				release(tx)
			}
		}
	}()
	return func() {
		close(done)
		<-finished
		scanned(tx)
	}
}

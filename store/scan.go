package store

import (
	bolt "go.etcd.io/bbolt"
)

// scan keeps a long read of the file in flat memory: it tells the kernel
// the file is read in order, and hands back the file's pages mapped into
// the process once they pass scanRelease (mapped_linux.go).
//
// What a scan reads is not what it maps: the kernel maps the pages
// around each one faulted in that it has cached (64 KB of them), and a
// bucket's pages lie between those of the other buckets written at the
// same time, so that reading 4 MB of facts rows mapped 40 MB at a
// million interviews. Where the system tells (residentMeter), the scan
// measures what is mapped instead of estimating it from what it reads.
type scan struct {
	tx *bolt.Tx
	// read is what was read since the pages were last handed back,
	// and looked since the meter was last read.
	read, looked int
	rows         int
	meter        *residentMeter
	// floor is how many of the process's file pages were resident
	// after the last release: its own code's pages are among them.
	floor int
	// writing, when set, is the write transaction a merge puts what it
	// reads into: the meter counts its file's pages too, and they are
	// handed back with the scan's (its access stays random).
	writing *bolt.Tx
}

// A scan reads the meter once every scanLookRows rows, or every
// scanLookBytes bytes read, whichever comes first: a row of a bucket
// whose pages are spread over the file maps 64 KB, so 32 of them map
// 2 MB at most between two looks. Each look is one read of a small
// file of the kernel's (about a microsecond).
const (
	scanLookRows  = 32
	scanLookBytes = 256 << 10
)

func newScan(tx *bolt.Tx) *scan {
	scanning(tx)
	s := &scan{tx: tx, meter: openResidentMeter()}
	s.floor, _ = s.meter.filePages()
	return s
}

// add counts a row of n bytes read, and hands the mapped pages back
// when they (or, without a meter, the bytes read) pass scanRelease.
func (s *scan) add(n int) {
	s.read += n
	s.looked += n
	s.rows++
	if s.meter == nil {
		if s.read >= scanRelease {
			s.handBack()
		}
		return
	}
	if s.rows < scanLookRows && s.looked < scanLookBytes {
		return
	}
	s.rows, s.looked = 0, 0
	pages, ok := s.meter.filePages()
	if !ok || (pages-s.floor)*pageSize < scanRelease {
		return
	}
	s.handBack()
}

func (s *scan) handBack() {
	release(s.tx)
	if s.writing != nil {
		handBack(s.writing)
	}
	s.read = 0
	if s.meter != nil {
		s.floor, _ = s.meter.filePages()
	}
}

// done hands back what is left and returns to random access.
func (s *scan) done() {
	scanned(s.tx)
	s.meter.close()
}

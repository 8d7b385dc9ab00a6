//go:build !linux

package store

import bolt "go.etcd.io/bbolt"

// scanRelease is how many bytes a scan reads between two releases of the
// file's mapped pages (only Linux releases them).
const scanRelease = 16 << 20

func scanning(*bolt.Tx) {}
func scanned(*bolt.Tx)  {}
func release(*bolt.Tx)  {}
func handBack(*bolt.Tx) {}

const pageSize = 4096

// residentMeter is Linux's: elsewhere a scan counts what it reads.
type residentMeter struct{}

func openResidentMeter() *residentMeter       { return nil }
func (*residentMeter) filePages() (int, bool) { return 0, false }
func (*residentMeter) close()                 {}

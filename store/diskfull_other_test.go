//go:build !unix

package store

import (
	"fmt"
	"os"
	"testing"
)

// diskFullChild has no file-size limit to work with here.
func diskFullChild() {
	fmt.Println("skip: no RLIMIT_FSIZE on this system")
	os.Exit(0)
}

// TestDiskFull needs RLIMIT_FSIZE to fill the disk as far as siap can
// see; systems without it skip, saying so.
func TestDiskFull(t *testing.T) {
	t.Skip("no RLIMIT_FSIZE on this system to fill the disk with")
}

package store

import (
	"fmt"
	"testing"
)

// testKDF is far too cheap to protect anything: it exists so that test
// suites which make hundreds of data files finish in seconds. Files made
// with it still record their settings, so they open as any other file.
var testKDF = kdfParams{Time: 1, MemKiB: 8, Threads: 1}

// UseTestKeyDerivation makes every data file this process creates from now
// on derive its key with cheap Argon2id settings. It takes the test
// binary's *testing.M, which only a TestMain has, and panics outside a
// test binary, so siap itself can never weaken its files.
func UseTestKeyDerivation(m *testing.M) {
	if m == nil || !testing.Testing() {
		panic(fmt.Sprintf("store.UseTestKeyDerivation called outside a test binary (m=%v)", m))
	}
	newFileKDF = testKDF
}

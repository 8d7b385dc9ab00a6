//go:build linux

package store

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// mappedOf is how many bytes of path the process has resident in its
// mappings (/proc/self/smaps).
func mappedOf(t *testing.T, path string) int {
	t.Helper()
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Skipf("no /proc/self/smaps: %v", err)
	}
	defer f.Close()
	total, in := 0, false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if fields := strings.Fields(line); len(fields) >= 5 && strings.Contains(fields[0], "-") && !strings.HasSuffix(fields[0], ":") {
			in = len(fields) >= 6 && fields[5] == path
			continue
		}
		if rest, ok := strings.CutPrefix(line, "Rss:"); ok && in {
			kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")))
			total += kb << 10
		}
	}
	return total
}

// TestScanHandsBackWhatItMaps reads a bucket whose pages lie between
// those of another, as the facts rows lie between the records written
// with them: the kernel maps 64 KB around each page read, so that a
// scan that counted only the bytes it read held several times
// scanRelease. What stays mapped is bounded by what is mapped, not read.
func TestScanHandsBackWhatItMaps(t *testing.T) {
	path := filepath.Join(t.TempDir(), "spread.db")
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// One transaction per row, as saves write them: each puts its row
	// of a beside its row of b.
	db.NoSync = true
	small, large := bytes.Repeat([]byte{'s'}, 400), bytes.Repeat([]byte{'l'}, 6000)
	const rows, perTx = 5000, 1
	for from := 0; from < rows; from += perTx {
		err := db.Update(func(tx *bolt.Tx) error {
			a, _ := tx.CreateBucketIfNotExists([]byte("a"))
			b, _ := tx.CreateBucketIfNotExists([]byte("b"))
			a.FillPercent, b.FillPercent = 1, 1
			for i := from; i < from+perTx; i++ {
				k := seqKey(uint64(i))
				if err := a.Put(k, small); err != nil {
					return err
				}
				if err := b.Put(k, large); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if st, _ := os.Stat(path); st.Size() < 3*scanRelease {
		t.Fatalf("the file is %d bytes: too small to tell", st.Size())
	}
	peak, n := 0, 0
	err = db.View(func(tx *bolt.Tx) error {
		sc := newScan(tx)
		defer sc.done()
		return tx.Bucket([]byte("a")).ForEach(func(_, v []byte) error {
			sc.add(len(v))
			if n++; n%64 == 0 {
				peak = max(peak, mappedOf(t, path))
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	// Between two looks at the meter a row maps up to 64 KB.
	limit := scanRelease + scanLookRows*(64<<10) + 1<<20
	if peak > limit {
		t.Errorf("the scan held %d KB of the file mapped; want at most %d KB", peak>>10, limit>>10)
	}
	if peak == 0 {
		t.Errorf("no page of the file was seen mapped: the test measures nothing")
	}
	if after := mappedOf(t, path); after > 1<<20 {
		t.Errorf("%d KB of the file stay mapped after the scan", after>>10)
	}
}

// TestResidentMeterReadsStatm: the meter's figure is /proc/self/statm's
// third, as the kernel writes it.
func TestResidentMeterReadsStatm(t *testing.T) {
	m := openResidentMeter()
	if m == nil {
		t.Skip("no /proc/self/statm")
	}
	defer m.close()
	got, ok := m.filePages()
	data, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		t.Fatal(err)
	}
	want, _ := strconv.Atoi(strings.Fields(string(data))[2])
	// The figure moves as the test runs: a page or two of its own.
	if !ok || got <= 0 || got < want-64 || got > want+64 {
		t.Errorf("meter read %d file pages (ok %v); statm says %d", got, ok, want)
	}
}

package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
)

// checkSize compares a data file's size with what its meta page says it
// holds: bbolt maps the file and would fault reading past the end of a
// truncated one, in goroutines where the fault cannot be recovered.
func checkSize(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return nil // bbolt reports what is wrong with opening it
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil || info.Size() == 0 {
		return nil
	}
	// A meta page: a 16-byte page header, then magic, version, page
	// size, flags, root bucket (16 bytes), freelist, high-water mark,
	// txid and a checksum of the fields before it.
	read := func(off int64) (pages, txid uint64, pageSize uint32, ok bool) {
		m := make([]byte, 80)
		if _, err := f.ReadAt(m, off); err != nil && !errors.Is(err, io.EOF) {
			return 0, 0, 0, false
		}
		if binary.LittleEndian.Uint32(m[16:]) != bboltMagic {
			return 0, 0, 0, false
		}
		h := fnv.New64a()
		h.Write(m[16:72])
		if h.Sum64() != binary.LittleEndian.Uint64(m[72:]) {
			return 0, 0, 0, false
		}
		return binary.LittleEndian.Uint64(m[56:]), binary.LittleEndian.Uint64(m[64:]), binary.LittleEndian.Uint32(m[24:]), true
	}
	pages, txid, pageSize, ok := read(0)
	if !ok || pageSize < 512 || pageSize > 1<<20 {
		return nil // bbolt tells what is wrong with the first meta page
	}
	if p, t, _, ok := read(int64(pageSize)); ok && t > txid {
		pages = p
	}
	if need := int64(pages) * int64(pageSize); info.Size() < need {
		return fmt.Errorf("it is %d bytes long, and its pages need %d: it was cut short", info.Size(), need)
	}
	return nil
}

package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"

	bolt "go.etcd.io/bbolt"
)

// checkPageTree checks the pages of the file as a transaction sees them,
// as bbolt's tx.Check does: every page its buckets reach lies below the
// file's high-water mark, is a branch or a leaf, is reached once and is
// not also free; the keys of every page are in order and within the
// bounds their parents set; no page is freed twice; and every page below
// the high-water mark is reached or free.
//
// It reads the pages with read(2), one at a time, not through bbolt's
// map of the file: every page read through the map stays in the
// process's resident memory until it is handed back, and bbolt's check
// reads them faster than a goroutine handing them back keeps up with on
// a busy machine (a file of 3.7 GB made a check 650 MB resident). What
// it keeps is two bits per page (which are reached, which are free) and
// a page per level of the tree, where bbolt's check keeps a map of every
// page: its memory stays flat whatever the size of the file.
//
// It returns how many keys each bucket of the file's top level holds, as
// its pages say, when it found no problem (else nil).
func (s *Store) checkPageTree(tx *bolt.Tx, problem func(Wording, ...any)) (keys map[string]int, err error) {
	// The file the transaction reads: a copy beside s.path when a
	// read-only file of an earlier format was migrated into it.
	path := tx.DB().Path()
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("check the pages of %s: %w", path, err)
	}
	defer f.Close()
	c := &pageCheck{
		f:        f,
		pageSize: tx.DB().Info().PageSize,
		keys:     map[string]int{},
	}
	found := false
	c.problem = func(w Wording, args ...any) {
		found = true
		problem(w, args...)
	}
	c.hwm = uint64(tx.Size()) / uint64(c.pageSize)
	c.reached, c.freed = newBitmap(c.hwm), newBitmap(c.hwm)
	c.reached.set(0)
	c.reached.set(1)
	// The freelist this transaction's meta page names; a write since the
	// transaction began may have replaced the other meta page, never
	// this one while it is open.
	freelistKnown := false
	if m, ok := c.meta(uint64(tx.ID())); ok {
		if m.freelist != noFreelist {
			freelistKnown = c.freelist(m.freelist)
		}
	}
	c.top = true
	c.bucket(uint64(tx.Cursor().Bucket().Root()), 0, nil)
	if freelistKnown {
		for id := uint64(2); id < c.hwm; id++ {
			if !c.reached.has(id) && !c.freed.has(id) {
				c.problem(wordPageUnreachable, id)
			}
		}
	}
	if found {
		return nil, nil
	}
	return c.keys, nil
}

// pageCheck is what checkPageTree keeps while it walks the pages.
type pageCheck struct {
	f        *os.File
	pageSize int
	hwm      uint64 // pages 0 to hwm-1 are in use or free
	reached  bitmap
	freed    bitmap
	bufs     [][]byte // a page per level of the tree being walked
	problem  func(Wording, ...any)
	keys     map[string]int // of the top level's buckets
	top      bool           // walking the tree of the top level
}

// The layout of bbolt's pages (its file format, in the machine's byte
// order): a page header, then its elements.
const (
	pageHeaderSize  = 16 // id uint64, flags uint16, count uint16, overflow uint32
	pageElementSize = 16 // branch: pos, ksize uint32, pgid uint64; leaf: flags, pos, ksize, vsize uint32
	bucketHeader    = 16 // a bucket's value: root pgid uint64, sequence uint64
	branchPage      = 0x01
	leafPage        = 0x02
	freelistPage    = 0x10
	bucketLeaf      = 0x01
	noFreelist      = ^uint64(0)
	metaOffset      = pageHeaderSize // magic, version, pageSize, flags uint32; root bucket; freelist, pgid, txid, checksum uint64
)

var order = binary.NativeEndian

type metaPage struct{ root, freelist, pgid, txid uint64 }

// meta reads the meta page of transaction txid, if one of the two is.
func (c *pageCheck) meta(txid uint64) (metaPage, bool) {
	buf := make([]byte, metaOffset+64)
	for id := int64(0); id < 2; id++ {
		if _, err := c.f.ReadAt(buf, id*int64(c.pageSize)); err != nil {
			continue
		}
		b := buf[metaOffset:]
		m := metaPage{root: order.Uint64(b[16:]), freelist: order.Uint64(b[32:]), pgid: order.Uint64(b[40:]), txid: order.Uint64(b[48:])}
		if m.txid == txid && m.pgid == c.hwm {
			return m, true
		}
	}
	return metaPage{}, false
}

// freelist marks the free pages the freelist page at id lists, and that
// page as reached; false when it cannot be read.
func (c *pageCheck) freelist(id uint64) bool {
	p, ok := c.read(id, 0)
	if !ok {
		return false
	}
	if flags(p) != freelistPage {
		c.problem(wordPageFreelistKind, id)
		return false
	}
	c.reach(id, p)
	ids := p[pageHeaderSize:]
	n := uint64(order.Uint16(p[10:]))
	if n == 0xFFFF {
		if len(ids) < 8 {
			c.problem(wordPageFreelistDamaged, id)
			return false
		}
		n, ids = order.Uint64(ids), ids[8:]
	}
	if n > uint64(len(ids)/8) {
		c.problem(wordPageFreelistOverrun, id)
		return false
	}
	for i := range n {
		free := order.Uint64(ids[8*i:])
		switch {
		case free >= c.hwm:
			c.problem(wordPageFreedBeyond, free, c.hwm)
		case c.freed.has(free):
			c.problem(wordPageFreedTwice, free)
		default:
			c.freed.set(free)
		}
	}
	return true
}

// bucket checks the tree of a bucket whose root page is root (0 for a
// bucket held inline in its parent's page, which has no pages of its
// own), its pages read into the buffers from level on.
// keys, when not nil, counts its keys.
func (c *pageCheck) bucket(root uint64, level int, keys *int) {
	if root != 0 {
		c.page(root, level, nil, nil, keys)
	}
}

// page checks the page id, at a level of its tree, and the pages below
// it, whose keys must be at least min and below max (nil: no bound). It
// returns the greatest key it found.
func (c *pageCheck) page(id uint64, level int, min, max []byte, keys *int) (last []byte) {
	if id < 2 || id >= c.hwm {
		c.problem(wordPageOutOfBounds, id, c.hwm)
		return nil
	}
	p, ok := c.read(id, level)
	if !ok {
		return nil
	}
	if c.reach(id, p) {
		return nil // checked where it was first reached
	}
	count := int(order.Uint16(p[10:]))
	if pageHeaderSize+count*pageElementSize > len(p) {
		c.problem(wordPageElementsOverrun, id, count)
		return nil
	}
	kind := flags(p)
	if kind != branchPage && kind != leafPage {
		c.problem(wordPageKind, id, kind)
		return nil
	}
	running := min
	for i := range count {
		e := p[pageHeaderSize+i*pageElementSize:]
		var key, value []byte
		var child uint64
		var elementFlags uint32
		if kind == branchPage {
			key, ok = slice(p, pageHeaderSize+i*pageElementSize, order.Uint32(e), order.Uint32(e[4:]))
			child = order.Uint64(e[8:])
		} else {
			elementFlags = order.Uint32(e)
			key, ok = slice(p, pageHeaderSize+i*pageElementSize, order.Uint32(e[4:]), order.Uint32(e[8:]))
			if ok {
				value, ok = slice(p, pageHeaderSize+i*pageElementSize, order.Uint32(e[4:])+order.Uint32(e[8:]), order.Uint32(e[12:]))
			}
		}
		if !ok {
			c.problem(wordPageElementOutside, id, i)
			return last
		}
		switch {
		case i == 0 && running != nil && bytes.Compare(running, key) > 0:
			c.problem(wordPageFirstKey, id)
		case i > 0 && bytes.Compare(running, key) >= 0:
			c.problem(wordPageKeyOrder, id, i)
		}
		if max != nil && bytes.Compare(key, max) >= 0 {
			c.problem(wordPageKeyBound, id, i)
		}
		if kind == branchPage {
			next := max
			if i < count-1 {
				e := p[pageHeaderSize+(i+1)*pageElementSize:]
				if k, ok := slice(p, pageHeaderSize+(i+1)*pageElementSize, order.Uint32(e), order.Uint32(e[4:])); ok {
					next = k
				}
			}
			last = c.page(child, level+1, key, next, keys)
			running = last
			continue
		}
		running, last = key, key
		if keys != nil {
			*keys++
		}
		if elementFlags&bucketLeaf != 0 {
			if len(value) < bucketHeader {
				c.problem(wordPageBucket, id, i)
				continue
			}
			// Below this page's level: its own page stays as it is.
			if !c.top {
				c.bucket(order.Uint64(value), level+1, nil)
				continue
			}
			n := 0
			if root := order.Uint64(value); root != 0 {
				c.top = false
				c.bucket(root, level+1, &n)
				c.top = true
			} else if len(value) >= bucketHeader+pageHeaderSize {
				// Held inline: its page follows its header.
				n = int(order.Uint16(value[bucketHeader+10:]))
			}
			c.keys[string(key)] = n
		}
	}
	return last
}

// reach marks page id and its overflow as reached, and reports a page
// reached twice (then true) or reached and free.
func (c *pageCheck) reach(id uint64, p []byte) (twice bool) {
	overflow := uint64(order.Uint32(p[12:]))
	for i := uint64(0); i <= overflow && id+i < c.hwm; i++ {
		if c.reached.has(id + i) {
			c.problem(wordPageReferences, id+i)
			twice = true
		}
		c.reached.set(id + i)
	}
	if c.freed.has(id) {
		c.problem(wordPageReachableFreed, id)
	}
	return twice
}

// read reads page id with its overflow into the buffer of a level of
// the tree.
func (c *pageCheck) read(id uint64, level int) ([]byte, bool) {
	for len(c.bufs) <= level {
		c.bufs = append(c.bufs, make([]byte, c.pageSize))
	}
	p := c.bufs[level][:c.pageSize]
	if err := c.readAt(p, id); err != nil {
		return nil, false
	}
	if got := order.Uint64(p); got != id {
		c.problem(wordPageHeader, id, got)
		return nil, false
	}
	overflow := uint64(order.Uint32(p[12:]))
	if overflow == 0 {
		return p, true
	}
	if id+overflow >= c.hwm {
		c.problem(wordPageOverflow, id, overflow, c.hwm)
		return nil, false
	}
	size := int(overflow+1) * c.pageSize
	if cap(c.bufs[level]) < size {
		c.bufs[level] = make([]byte, size)
	}
	p = c.bufs[level][:size]
	if err := c.readAt(p, id); err != nil {
		return nil, false
	}
	return p, true
}

func (c *pageCheck) readAt(p []byte, id uint64) error {
	_, err := c.f.ReadAt(p, int64(id)*int64(c.pageSize))
	if errors.Is(err, io.EOF) {
		c.problem(wordPageBeyondEnd, id)
	} else if err != nil {
		c.problem(wordPageUnread, id, err)
	}
	return err
}

func flags(p []byte) uint16 { return order.Uint16(p[8:]) }

// slice is n bytes at offset pos from the element at base in page p, if
// they lie within it.
func slice(p []byte, base int, pos, n uint32) ([]byte, bool) {
	start := uint64(base) + uint64(pos)
	end := start + uint64(n)
	if end > uint64(len(p)) {
		return nil, false
	}
	return p[start:end], true
}

// bitmap is a bit per page.
type bitmap []uint64

func newBitmap(n uint64) bitmap    { return make(bitmap, (n+63)/64) }
func (b bitmap) set(i uint64)      { b[i/64] |= 1 << (i % 64) }
func (b bitmap) has(i uint64) bool { return b[i/64]&(1<<(i%64)) != 0 }

// Wordings of what the check of the pages finds.
var (
	wordPageUnreachable     = Wording{"halaman %d: tidak terjangkau, tetapi tidak dibebaskan", "page %d: unreachable unfreed"}
	wordPageFreelistKind    = Wording{"halaman %d: halaman daftar halaman bebas bukan daftar halaman bebas", "page %d: the freelist's page is not one"}
	wordPageFreelistDamaged = Wording{"halaman %d: daftar halaman bebas rusak", "page %d: the freelist is damaged"}
	wordPageFreelistOverrun = Wording{"halaman %d: daftar halaman bebas menyebut lebih banyak halaman daripada yang dimuatnya", "page %d: the freelist lists more pages than it holds"}
	wordPageFreedBeyond     = Wording{"halaman %d: dibebaskan, di luar akhir halaman berkas (%d)", "page %d: freed, beyond the end of the file's pages (%d)"}
	wordPageFreedTwice      = Wording{"halaman %d: sudah dibebaskan", "page %d: already freed"}
	wordPageOutOfBounds     = Wording{"halaman %d: di luar batas: %d", "page %d: out of bounds: %d"}
	wordPageElementsOverrun = Wording{"halaman %d: %d elemennya tidak muat di dalamnya", "page %d: its %d elements do not fit in it"}
	wordPageKind            = Wording{"halaman %d: jenis tidak sah: %#x", "page %d: invalid type: %#x"}
	wordPageElementOutside  = Wording{"halaman %d: elemen %d terletak di luar halaman", "page %d: element %d lies outside the page"}
	wordPageFirstKey        = Wording{"halaman %d: kunci pertamanya di bawah kunci yang diberikan induknya", "page %d: its first key is below the key its parent gives it"}
	wordPageKeyOrder        = Wording{"halaman %d: kunci %d tidak di atas kunci sebelumnya", "page %d: key %d is not above the one before it"}
	wordPageKeyBound        = Wording{"halaman %d: kunci %d tidak di bawah kunci berikutnya dari induknya", "page %d: key %d is not below the next key of its parent"}
	wordPageBucket          = Wording{"halaman %d: bucket pada elemen %d rusak", "page %d: the bucket at element %d is damaged"}
	wordPageReferences      = Wording{"halaman %d: dirujuk lebih dari sekali", "page %d: multiple references"}
	wordPageReachableFreed  = Wording{"halaman %d: terjangkau, padahal dibebaskan", "page %d: reachable freed"}
	wordPageHeader          = Wording{"halaman %d: kepalanya menyebut halaman %d", "page %d: its header names page %d"}
	wordPageOverflow        = Wording{"halaman %d: %d halaman lanjutannya melewati akhir halaman berkas (%d)", "page %d: its %d overflow pages run past the end of the file's pages (%d)"}
	wordPageBeyondEnd       = Wording{"halaman %d: di luar akhir berkas", "page %d: beyond the end of the file"}
	wordPageUnread          = Wording{"halaman %d: %v", "page %d: %v"}
)

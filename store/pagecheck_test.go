package store

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// TestPageCheckFindsWhatBboltFinds: on a file whose pages are damaged
// one at a time (a page overwritten, its type, a key or a child changed),
// the check of the pages verify runs finds a problem wherever bbolt's
// own tx.Check does, and none on the file undamaged.
func TestPageCheckFindsWhatBboltFinds(t *testing.T) {
	dir := t.TempDir()
	src := damageSource(t, dir)
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	const pageSize = 4096
	type damage struct {
		name string
		bad  []byte
	}
	damages := []damage{{"none", data}}
	for page := 2; (page+1)*pageSize <= len(data); page++ {
		p := data[page*pageSize : (page+1)*pageSize]
		if order.Uint64(p) != uint64(page) {
			continue // free space or an overflow page
		}
		with := func(what string, change func(p []byte)) {
			bad := append([]byte(nil), data...)
			change(bad[page*pageSize : (page+1)*pageSize])
			damages = append(damages, damage{fmt.Sprintf("page %d %s", page, what), bad})
		}
		with("filled", func(p []byte) {
			for i := range p {
				p[i] = 0xff
			}
		})
		with("of another type", func(p []byte) { order.PutUint16(p[8:], 0x20) })
		kind, count := flags(p), int(order.Uint16(p[10:]))
		if (kind == branchPage || kind == leafPage) && count >= 2 {
			with("with its keys out of order", func(p []byte) {
				e := p[pageHeaderSize:]
				pos := pageHeaderSize + int(order.Uint32(e))
				if kind == leafPage {
					pos = pageHeaderSize + int(order.Uint32(e[4:]))
				}
				p[pos] = 0xff
			})
		}
		if kind == branchPage && count >= 2 {
			with("with a child reached twice", func(p []byte) {
				copy(p[pageHeaderSize+8:pageHeaderSize+16], p[pageHeaderSize+pageElementSize+8:])
			})
		}
	}
	checked := 0
	for _, d := range damages {
		path := filepath.Join(dir, "damaged.db")
		if err := os.WriteFile(path, d.bad, 0o600); err != nil {
			t.Fatal(err)
		}
		db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
		if err != nil {
			continue // refused on open: verify never runs
		}
		s := &Store{path: path, db: db}
		var theirs []error
		var ours []string
		faulted := s.view(func(tx *bolt.Tx) error {
			// bbolt's check would crash on a page past the end of the
			// file: those are walked here first, where a fault is an
			// error.
			if err := walkPages(tx); err != nil {
				return err
			}
			for err := range tx.Check() {
				theirs = append(theirs, err)
			}
			return nil
		})
		s.view(func(tx *bolt.Tx) error {
			keys, err := s.checkPageTree(tx, func(w Wording, args ...any) { ours = append(ours, NewProblem(w, args...).String()) })
			if d.name == "none" {
				// The keys it counts are bbolt's.
				tx.ForEach(func(name []byte, b *bolt.Bucket) error {
					if n := b.Stats().KeyN; keys[string(name)] != n {
						t.Errorf("bucket %s: %d keys counted, bbolt counts %d", name, keys[string(name)], n)
					}
					return nil
				})
			}
			return err
		})
		db.Close()
		switch {
		case d.name == "none" && (len(ours) > 0 || len(theirs) > 0):
			t.Errorf("the undamaged file: %v; bbolt: %v", ours, theirs)
		case faulted != nil && len(ours) == 0:
			t.Errorf("%s: a page past the end of the file, and the check finds nothing", d.name)
		case len(theirs) > 0 && len(ours) == 0:
			t.Errorf("%s: bbolt finds %v; the check finds nothing", d.name, theirs)
		}
		if len(theirs) > 0 {
			checked++
		}
	}
	if checked < 10 {
		t.Errorf("bbolt found damage in %d files only: the test damages too little", checked)
	}
}

// walkPages reads every page the file's buckets reach.
func walkPages(tx *bolt.Tx) error {
	var walk func(b *bolt.Bucket) error
	walk = func(b *bolt.Bucket) error {
		c := b.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if v == nil {
				if sub := b.Bucket(k); sub != nil {
					if err := walk(sub); err != nil {
						return err
					}
				}
				continue
			}
			if len(v) > 0 {
				_ = v[0] + v[len(v)-1]
			}
		}
		return nil
	}
	return tx.ForEach(func(_ []byte, b *bolt.Bucket) error { return walk(b) })
}

package store

import (
	"bytes"
	"encoding/binary"
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// logKeysOf lists the keys of an interview's log rows of a kind, oldest
// first.
func logKeysOf(b *bolt.Bucket, seq []byte, kind string) (keys [][]byte) {
	c := b.Cursor()
	for k, _ := c.Seek(seq); k != nil && bytes.HasPrefix(k, seq); k, _ = c.Next() {
		if r, ok := parseLogKey(k); ok && r.kind == logKinds[kind] {
			keys = append(keys, bytes.Clone(k))
		}
	}
	return keys
}

// kindKey is the key a log row had before format 4: seq kind m.
func kindKey(seq []byte, kind string, m uint32) []byte {
	return binary.BigEndian.AppendUint32(append(bytes.Clone(seq), logKinds[kind]), m)
}

// TestLogTailAfterDeletesInTheSameWrite: rows deleted earlier in the
// same transaction can leave leaf pages empty until it commits (bbolt
// rebalances then), and a cursor stepping back onto an empty page finds
// nothing there. The next numbers of an interview's log rows must still
// follow its last rows: trimming an interview's oldest digests, then
// noting its revision, did this in one save, and the revision then said
// the interview had no paradata. Rows of both shapes are counted: a file
// of format 3 keeps its rows, and adds rows in the order they are
// written.
func TestLogTailAfterDeletesInTheSameWrite(t *testing.T) {
	tests := []struct {
		name                  string
		events, history, drop int
		// ordered rows are written in format 4's shape, after the
		// others, alternating paradata and digests.
		ordered int
	}{
		{"the pages between emptied", 10, 300, 150, 0},
		{"every digest deleted", 10, 120, 120, 0},
		{"one page emptied", 5, 60, 8, 0},
		{"nothing deleted", 7, 40, 0, 0},
		{"no paradata", 0, 100, 50, 0},
		{"rows of both shapes", 5, 60, 30, 20},
		{"rows of format 4 alone", 0, 0, 0, 40},
		{"format 4, old digests deleted", 0, 0, 0, 300},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, err := bolt.Open(filepath.Join(t.TempDir(), "x.db"), 0o600, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			seq := seqKey(7)
			value := bytes.Repeat([]byte("d"), 1000) // four rows a page
			events, history := uint32(tt.events), uint32(tt.history)
			err = db.Update(func(tx *bolt.Tx) error {
				b, err := tx.CreateBucket([]byte(bucketLog))
				if err != nil {
					return err
				}
				for m := range events {
					b.Put(kindKey(seq, bucketEvents, m), value)
				}
				for m := range history {
					b.Put(kindKey(seq, bucketHistory, m), value)
				}
				for n := range uint32(tt.ordered) {
					if n%2 == 0 {
						b.Put(orderedKey(seq, n, logKinds[bucketEvents], events), value)
						events++
					} else {
						b.Put(orderedKey(seq, n, logKinds[bucketHistory], history), value)
						history++
					}
				}
				// The interviews before and after, with rows of both shapes.
				b.Put(kindKey(seqKey(6), bucketEvents, 0), value)
				b.Put(orderedKey(seqKey(6), 0, logKinds[bucketChanges], 0), value)
				b.Put(kindKey(seqKey(8), bucketEvents, 0), value)
				return b.Put(orderedKey(seqKey(8), 0, logKinds[bucketChanges], 0), value)
			})
			if err != nil {
				t.Fatal(err)
			}
			err = db.Update(func(tx *bolt.Tx) error {
				b := tx.Bucket([]byte(bucketLog))
				digests := logKeysOf(b, seq, bucketHistory)
				drop := tt.drop
				if tt.ordered == 300 {
					drop = len(digests) - 1
				}
				for _, k := range digests[:drop] {
					if err := b.Delete(k); err != nil {
						return err
					}
				}
				if drop == len(digests) {
					history = 0
				}
				got := tailOf(b, seq)
				want := logTail{n: uint32(tt.ordered), next: [3]uint32{0, events, history}}
				if got != want {
					t.Errorf("tail %+v, want %+v", got, want)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}

// FuzzLogKey: any key reads as a log row of a known kind, or as none,
// without a panic; a row of format 4 reads back as written, and is
// sealed under the key a row of its kind and number had before.
func FuzzLogKey(f *testing.F) {
	f.Add([]byte{}, uint32(0), byte(1), uint32(0))
	f.Add(kindKey(seqKey(3), bucketEvents, 7), uint32(12), byte(2), uint32(7))
	f.Add(orderedKey(seqKey(9), 1, 3, 200), uint32(1<<31), byte(3), uint32(1<<30))
	f.Fuzz(func(t *testing.T, k []byte, n uint32, kind byte, m uint32) {
		if r, ok := parseLogKey(k); ok {
			if r.kind < 1 || int(r.kind) > len(logKinds) || logKindName(k) == "" {
				t.Fatalf("key %x read as kind %d", k, r.kind)
			}
			if sk := sealKey(k); len(sk) != 13 || !bytes.Equal(sk[:8], k[:8]) || sk[8] != r.kind || binary.BigEndian.Uint32(sk[9:]) != r.m {
				t.Fatalf("key %x sealed under %x", k, sk)
			}
		} else if sealKey(k) != nil || logKindName(k) != "" {
			t.Fatalf("key %x of no known shape has a seal key or a kind", k)
		}
		if kind < 1 || int(kind) > len(logKinds) {
			return
		}
		seq := seqKey(uint64(n) * 7)
		k = orderedKey(seq, n, kind, m)
		r, ok := parseLogKey(k)
		if !ok || r != (logRow{kind: kind, m: m, n: n, ordered: true}) {
			t.Fatalf("%x read as %+v %v", k, r, ok)
		}
		if !bytes.Equal(sealKey(k), binary.BigEndian.AppendUint32(append(bytes.Clone(seq), kind), m)) {
			t.Fatalf("%x sealed under %x", k, sealKey(k))
		}
	})
}

package spill

import (
	"bufio"
	"crypto/cipher"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
)

// ValuesInMemory is how many numbers a Values holds before it writes
// them to its temporary file, and how many a selection sorts in memory
// at once: what bounds its memory whatever the number of values.
var ValuesInMemory = 1 << 16

// Values holds any number of numbers, each in a group (a small number
// from 0: an interviewer, a city), and finds their exact order
// statistics (the k-th smallest) in a group or a union of groups, in
// bounded memory: it holds up to ValuesInMemory, and writes the rest to
// a temporary file, sealed as Sorter's rows are.
//
// An order statistic is found by radix selection: each pass over the
// values counts those whose leading bits agree with what is known of the
// one sought, by their next 12 bits, until the few that agree can be
// sorted in memory. A million lengths take two or three passes.
type Values struct {
	x      []float64
	group  []int32
	counts []int // per group
	file   *os.File
	aead   cipher.AEAD
	blocks uint64
	offset int64
}

// A Rank asks for the K-th smallest value (from 0) among those of the
// groups In takes.
type Rank struct {
	In func(group int) bool
	K  int
}

// valueBytes is a value as written: its bits and its group.
const valueBytes = 12

// digitBits is how many bits of a value's key a pass resolves; a pass
// counts 1<<digitBits buckets per rank sought.
const digitBits = 12

// maxActive is how many ranks one pass works on: what their counts take
// is bounded (16 KB each).
const maxActive = 64

// NewValues makes an empty Values.
func NewValues() *Values { return &Values{} }

// Add adds x to a group (0 or more). NaN is not a number to order and is
// left out.
func (v *Values) Add(group int, x float64) error {
	if group < 0 || group > math.MaxInt32 {
		return fmt.Errorf("sorting: group %d out of range", group)
	}
	if math.IsNaN(x) {
		return nil
	}
	for group >= len(v.counts) {
		v.counts = append(v.counts, 0)
	}
	v.counts[group]++
	v.x = append(v.x, x)
	v.group = append(v.group, int32(group))
	if len(v.x) >= ValuesInMemory {
		return v.spill()
	}
	return nil
}

// Len is how many values the groups in takes hold.
func (v *Values) Len(in func(group int) bool) int {
	n := 0
	for g, c := range v.counts {
		if in(g) {
			n += c
		}
	}
	return n
}

// Groups is one more than the largest group a value was added to.
func (v *Values) Groups() int { return len(v.counts) }

// spill writes the values held to the temporary file as one sealed
// block: its length, then the block sealed under its number.
func (v *Values) spill() error {
	if v.file == nil {
		var err error
		if v.file, v.aead, err = sealedTemp("siap-values-*"); err != nil {
			return err
		}
	}
	plain := make([]byte, 0, len(v.x)*valueBytes)
	for i, x := range v.x {
		plain = binary.LittleEndian.AppendUint64(plain, math.Float64bits(x))
		plain = binary.LittleEndian.AppendUint32(plain, uint32(v.group[i]))
	}
	sealed := v.aead.Seal(make([]byte, 4, 4+len(plain)+v.aead.Overhead()), v.nonce(v.blocks), plain, nil)
	binary.LittleEndian.PutUint32(sealed, uint32(len(sealed)-4))
	if _, err := v.file.WriteAt(sealed, v.offset); err != nil {
		return fmt.Errorf("sorting: %w", err)
	}
	v.offset += int64(len(sealed))
	v.blocks++
	v.x, v.group = v.x[:0], v.group[:0]
	return nil
}

// nonce is a block's: the key is this Values' own, each block's number
// used once.
func (v *Values) nonce(block uint64) []byte {
	n := make([]byte, v.aead.NonceSize())
	binary.LittleEndian.PutUint64(n, block)
	return n
}

// each calls fn with every value and its group: those written, then
// those held.
func (v *Values) each(fn func(x float64, group int32)) error {
	if v.file != nil {
		r := bufio.NewReaderSize(io.NewSectionReader(v.file, 0, v.offset), 1<<16)
		var sealed, plain []byte
		for block := uint64(0); block < v.blocks; block++ {
			var n [4]byte
			if _, err := io.ReadFull(r, n[:]); err != nil {
				return fmt.Errorf("sorting: %w", err)
			}
			sealed = slices.Grow(sealed[:0], int(binary.LittleEndian.Uint32(n[:])))[:binary.LittleEndian.Uint32(n[:])]
			if _, err := io.ReadFull(r, sealed); err != nil {
				return fmt.Errorf("sorting: %w", err)
			}
			var err error
			if plain, err = v.aead.Open(plain[:0], v.nonce(block), sealed, nil); err != nil || len(plain)%valueBytes != 0 {
				return errors.New("sorting: a temporary file was changed")
			}
			for p := plain; len(p) > 0; p = p[valueBytes:] {
				fn(math.Float64frombits(binary.LittleEndian.Uint64(p)), int32(binary.LittleEndian.Uint32(p[8:])))
			}
		}
	}
	for i, x := range v.x {
		fn(x, v.group[i])
	}
	return nil
}

// CountBelow counts, per group, the values smaller than limit.
func (v *Values) CountBelow(limit float64) ([]int, error) {
	below := make([]int, len(v.counts))
	err := v.each(func(x float64, g int32) {
		if x < limit {
			below[g]++
		}
	})
	return below, err
}

// keyOf orders values as their keys' bits do: negative numbers' bits
// reversed, positive ones' sign set. Zero and minus zero are one value.
func keyOf(x float64) uint64 {
	if x == 0 {
		return 1 << 63
	}
	b := math.Float64bits(x)
	if b>>63 == 1 {
		return ^b
	}
	return b | 1<<63
}

func valueOf(k uint64) float64 {
	if k>>63 == 1 {
		return math.Float64frombits(k &^ (1 << 63))
	}
	return math.Float64frombits(^k)
}

// seeking is one rank being selected: the top bits of its key known so
// far, and how many values agree with them (candidates).
type seeking struct {
	in         []bool // by group
	k          int    // among the candidates
	known      int    // bits of the key known
	prefix     uint64
	candidates int
	done       bool
	value      float64
	// A pass either counts the candidates by their next bits, or
	// collects them, when they are few enough to sort.
	counts  []uint32
	collect []float64
	sorting bool
}

func (s *seeking) agrees(key uint64) bool {
	return s.known == 0 || key>>(64-s.known) == s.prefix
}

// OrderStats returns the value of each rank asked for; a rank beyond
// the values of its groups is an error.
func (v *Values) OrderStats(ranks []Rank) ([]float64, error) {
	seek := make([]*seeking, len(ranks))
	for i, r := range ranks {
		s := &seeking{in: make([]bool, len(v.counts)), k: r.K}
		for g := range v.counts {
			s.in[g] = r.In(g)
		}
		s.candidates = v.Len(r.In)
		if r.K < 0 || r.K >= s.candidates {
			return nil, fmt.Errorf("sorting: rank %d of %d values", r.K, s.candidates)
		}
		seek[i] = s
	}
	for {
		// The ranks this pass works on, and which of them sort what
		// they collect: together no more than ValuesInMemory values.
		var active []*seeking
		budget := ValuesInMemory
		for _, s := range seek {
			if s.done || len(active) == maxActive {
				continue
			}
			s.sorting = s.candidates <= budget
			if s.sorting {
				budget -= s.candidates
				s.collect = make([]float64, 0, s.candidates)
			} else if s.counts == nil {
				s.counts = make([]uint32, 1<<digitBits)
			}
			active = append(active, s)
		}
		if len(active) == 0 {
			break
		}
		byGroup := make([][]*seeking, len(v.counts))
		for _, s := range active {
			for g, in := range s.in {
				if in {
					byGroup[g] = append(byGroup[g], s)
				}
			}
		}
		err := v.each(func(x float64, g int32) {
			key := keyOf(x)
			for _, s := range byGroup[g] {
				if !s.agrees(key) {
					continue
				}
				if s.sorting {
					s.collect = append(s.collect, x)
					continue
				}
				s.counts[s.digit(key)]++
			}
		})
		if err != nil {
			return nil, err
		}
		for _, s := range active {
			s.next()
		}
	}
	out := make([]float64, len(seek))
	for i, s := range seek {
		out[i] = s.value
	}
	return out, nil
}

// width is how many bits the next pass resolves.
func (s *seeking) width() int { return min(digitBits, 64-s.known) }

func (s *seeking) digit(key uint64) uint64 {
	w := s.width()
	return key >> (64 - s.known - w) & (1<<w - 1)
}

// next takes in what a pass found.
func (s *seeking) next() {
	if s.sorting {
		slices.Sort(s.collect)
		s.value, s.done = s.collect[s.k], true
		s.collect = nil
		return
	}
	w := s.width()
	below := 0
	for d, n := range s.counts[:1<<w] {
		if s.k < below+int(n) {
			s.prefix = s.prefix<<w | uint64(d)
			s.known += w
			s.k -= below
			s.candidates = int(n)
			break
		}
		below += int(n)
	}
	clear(s.counts)
	if s.known == 64 {
		s.value, s.done = valueOf(s.prefix), true
		s.counts = nil
	}
}

// Close removes the temporary file.
func (v *Values) Close() error {
	v.x, v.group = nil, nil
	if v.file == nil {
		return nil
	}
	name := v.file.Name()
	err := v.file.Close()
	v.file = nil
	return errors.Join(err, os.Remove(name))
}

// EachSorted calls fn with every value of the groups in takes, with its
// group, in increasing order (equal values in no given order), in
// bounded memory: the values are taken range by range of their keys,
// each range few enough to sort in memory, one pass over them per
// range (a million values in memory's 65,536 take some twenty passes).
func (v *Values) EachSorted(in func(group int) bool, fn func(x float64, group int) error) error {
	take := make([]bool, len(v.counts))
	for g := range take {
		take[g] = in(g)
	}
	return v.sortedRange(take, 0, 0, v.Len(in), fn)
}

// sortedRange hands fn, sorted, the values taken whose keys' top known
// bits are prefix: count of them.
func (v *Values) sortedRange(take []bool, known int, prefix uint64, count int, fn func(float64, int) error) error {
	agrees := func(key uint64) bool { return known == 0 || key>>(64-known) == prefix }
	switch {
	case count == 0:
		return nil
	case known == 64:
		// One value, however many times: handed on as it is read.
		var err error
		if read := v.each(func(x float64, g int32) {
			if err == nil && take[g] && agrees(keyOf(x)) {
				err = fn(x, int(g))
			}
		}); read != nil {
			return read
		}
		return err
	case count <= ValuesInMemory:
		return v.sortedDigits(take, known, prefix, 0, 1<<min(digitBits, 64-known)-1, count, fn)
	}
	w := min(digitBits, 64-known)
	counts := make([]int, 1<<w)
	err := v.each(func(x float64, g int32) {
		if key := keyOf(x); take[g] && agrees(key) {
			counts[key>>(64-known-w)&(1<<w-1)]++
		}
	})
	if err != nil {
		return err
	}
	// Neighbouring digits are sorted together while they fit.
	for d := 0; d < len(counts); {
		if counts[d] > ValuesInMemory {
			if err := v.sortedRange(take, known+w, prefix<<w|uint64(d), counts[d], fn); err != nil {
				return err
			}
			d++
			continue
		}
		last, n := d, counts[d]
		for last+1 < len(counts) && n+counts[last+1] <= ValuesInMemory {
			last++
			n += counts[last]
		}
		if err := v.sortedDigits(take, known, prefix, d, last, n, fn); err != nil {
			return err
		}
		d = last + 1
	}
	return nil
}

// sortedDigits sorts in memory and hands fn the values taken whose keys'
// top known bits are prefix and whose next bits are from first to last.
func (v *Values) sortedDigits(take []bool, known int, prefix uint64, first, last, count int, fn func(float64, int) error) error {
	if count == 0 {
		return nil
	}
	w := min(digitBits, 64-known)
	type value struct {
		key   uint64
		x     float64
		group int32
	}
	held := make([]value, 0, count)
	err := v.each(func(x float64, g int32) {
		key := keyOf(x)
		if !take[g] || (known > 0 && key>>(64-known) != prefix) {
			return
		}
		if d := int(key >> (64 - known - w) & (1<<w - 1)); d >= first && d <= last {
			held = append(held, value{key, x, g})
		}
	})
	if err != nil {
		return err
	}
	slices.SortFunc(held, func(a, b value) int {
		switch {
		case a.key < b.key:
			return -1
		case a.key > b.key:
			return 1
		}
		return 0
	})
	for _, h := range held {
		if err := fn(h.x, int(h.group)); err != nil {
			return err
		}
	}
	return nil
}

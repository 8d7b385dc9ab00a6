// Package spill sorts any number of rows in bounded memory.
package spill

import (
	"bufio"
	"container/heap"
	"crypto/cipher"
	"crypto/rand"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"

	"golang.org/x/crypto/chacha20poly1305"
)

// Batch is how many rows a Sorter holds before it writes them,
// sorted, to a temporary file: what bounds its memory whatever the size
// of the data file.
var Batch = 8192

// Sorter sorts any number of rows in bounded memory (an external merge
// sort): it holds up to Batch, writes each full batch sorted to a
// temporary file, and merges the batches as it hands the rows back.
// Rows that compare equal keep the order they were added in. Each may
// be called more than once.
//
// The rows may hold answers, so each is sealed in the temporary
// file with a key that lives only in this process's memory (an XChaCha20-
// Poly1305 message per row, as the data file seals its values); the file
// is readable by its owner only, and Close removes it.
type Sorter[T any] struct {
	compare func(a, b T) int
	rows    []T
	file    *os.File
	aead    cipher.AEAD
	runs    []run
	offset  int64
}

// run is one sorted batch in the temporary file: where its bytes are.
type run struct{ start, end int64 }

// New makes a Sorter of rows ordered by compare.
func New[T any](compare func(a, b T) int) *Sorter[T] {
	return &Sorter[T]{compare: compare}
}

// Add adds a row.
func (s *Sorter[T]) Add(row T) error {
	s.rows = append(s.rows, row)
	if len(s.rows) >= Batch {
		return s.spill()
	}
	return nil
}

// sealedTemp makes a temporary file (its owner's alone) and the key that
// seals what is written to it, which lives only in this process's memory.
func sealedTemp(pattern string) (*os.File, cipher.AEAD, error) {
	f, err := os.CreateTemp("", pattern)
	if err != nil {
		return nil, nil, fmt.Errorf("sorting: %w", err)
	}
	key := make([]byte, chacha20poly1305.KeySize)
	rand.Read(key)
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		name := f.Name()
		f.Close()
		os.Remove(name)
		return nil, nil, err
	}
	return f, aead, nil
}

// spill writes the rows held, sorted, to the temporary file as a run.
func (s *Sorter[T]) spill() error {
	if s.file == nil {
		var err error
		if s.file, s.aead, err = sealedTemp("siap-sort-*"); err != nil {
			return err
		}
	}
	slices.SortStableFunc(s.rows, s.compare)
	w := bufio.NewWriter(io.NewOffsetWriter(s.file, s.offset))
	start := s.offset
	for _, r := range s.rows {
		plain, err := json.Marshal(r)
		if err != nil {
			return fmt.Errorf("sorting: %w", err)
		}
		nonce := make([]byte, s.aead.NonceSize(), s.aead.NonceSize()+len(plain)+s.aead.Overhead())
		rand.Read(nonce)
		sealed := s.aead.Seal(nonce, nonce, plain, nil)
		var n [4]byte
		binary.LittleEndian.PutUint32(n[:], uint32(len(sealed)))
		w.Write(n[:])
		w.Write(sealed)
		s.offset += int64(len(n) + len(sealed))
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("sorting: %w", err)
	}
	s.runs = append(s.runs, run{start, s.offset})
	clear(s.rows)
	s.rows = s.rows[:0]
	return nil
}

// Each calls fn with every row added, in order.
func (s *Sorter[T]) Each(fn func(T) error) error {
	if s.file == nil {
		slices.SortStableFunc(s.rows, s.compare)
		for _, r := range s.rows {
			if err := fn(r); err != nil {
				return err
			}
		}
		return nil
	}
	if len(s.rows) > 0 {
		if err := s.spill(); err != nil {
			return err
		}
	}
	m := &merge[T]{compare: s.compare}
	for i, r := range s.runs {
		rd := &runReader[T]{r: bufio.NewReader(io.NewSectionReader(s.file, r.start, r.end-r.start)), aead: s.aead, order: i}
		ok, err := rd.next()
		if err != nil {
			return err
		}
		if ok {
			m.readers = append(m.readers, rd)
		}
	}
	heap.Init(m)
	for m.Len() > 0 {
		rd := m.readers[0]
		if err := fn(rd.row); err != nil {
			return err
		}
		ok, err := rd.next()
		if err != nil {
			return err
		}
		if ok {
			heap.Fix(m, 0)
		} else {
			heap.Pop(m)
		}
	}
	return nil
}

// Close removes the temporary file.
func (s *Sorter[T]) Close() error {
	s.rows = nil
	if s.file == nil {
		return nil
	}
	name := s.file.Name()
	err := s.file.Close()
	s.file = nil
	return errors.Join(err, os.Remove(name))
}

// runReader reads one run back, a row at a time.
type runReader[T any] struct {
	r     *bufio.Reader
	aead  cipher.AEAD
	order int
	row   T
}

func (rd *runReader[T]) next() (bool, error) {
	var n [4]byte
	if _, err := io.ReadFull(rd.r, n[:]); err == io.EOF {
		return false, nil
	} else if err != nil {
		return false, fmt.Errorf("sorting: %w", err)
	}
	sealed := make([]byte, binary.LittleEndian.Uint32(n[:]))
	if _, err := io.ReadFull(rd.r, sealed); err != nil {
		return false, fmt.Errorf("sorting: %w", err)
	}
	ns := rd.aead.NonceSize()
	if len(sealed) < ns {
		return false, errors.New("sorting: a temporary file was changed")
	}
	plain, err := rd.aead.Open(nil, sealed[:ns], sealed[ns:], nil)
	if err != nil {
		return false, fmt.Errorf("sorting: a temporary file was changed: %w", err)
	}
	var row T
	if err := json.Unmarshal(plain, &row); err != nil {
		return false, fmt.Errorf("sorting: %w", err)
	}
	rd.row = row
	return true, nil
}

// merge is a heap of runs by their next row; runs written earlier come
// first among equal rows, so that the sort stays stable.
type merge[T any] struct {
	compare func(a, b T) int
	readers []*runReader[T]
}

func (m *merge[T]) Len() int { return len(m.readers) }
func (m *merge[T]) Less(i, j int) bool {
	if c := m.compare(m.readers[i].row, m.readers[j].row); c != 0 {
		return c < 0
	}
	return m.readers[i].order < m.readers[j].order
}
func (m *merge[T]) Swap(i, j int) { m.readers[i], m.readers[j] = m.readers[j], m.readers[i] }
func (m *merge[T]) Push(x any)    { m.readers = append(m.readers, x.(*runReader[T])) }
func (m *merge[T]) Pop() any {
	last := m.readers[len(m.readers)-1]
	m.readers = m.readers[:len(m.readers)-1]
	return last
}

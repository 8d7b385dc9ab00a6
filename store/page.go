package store

import (
	"context"
	"encoding/binary"
	"errors"

	bolt "go.etcd.io/bbolt"
)

// Page is a window of interviews' records in the order they arrived,
// for a screen that shows a few of a million: each with its place in
// that order (Places), from which the next window is read.
type Page struct {
	Interviews []Interview
	// Places are the interviews' places in the order they arrived
	// (a data file's sequence numbers), increasing when read forward.
	Places []uint64
	// More says that interviews past the last one given may match.
	More bool
}

// PageQuery asks for up to N interviews that Keep takes (nil: all),
// after the place From in the order they arrived, or before it when
// Backward; From 0 starts at the first interview, or the last when
// Backward.
type PageQuery struct {
	From     uint64
	Backward bool
	N        int
	Keep     func(Interview) bool
	// Sift, when set, is a first test on what an interview's facts row
	// holds of its record (ID, Interviewer, Status, Simulated, Created,
	// Updated, Index; not FormKey nor Position): only the records it
	// passes are read and given to Keep, so that a search that matches
	// few reads few records. It must pass every interview Keep takes;
	// where there are no facts rows to read it is given the record.
	Sift func(Interview) bool
}

// Pager is what Interviews that read a window of records without
// reading the others do: a data file, a team's narrowing of one, a
// server's database.
type Pager interface {
	ReadPage(ctx context.Context, q PageQuery) (Page, error)
}

var _ Pager = (*Store)(nil)

// ReadPage reads a window of interviews' records (PageQuery): a data
// file reads the rows it gives and those Keep refuses on the way, and no
// other, as a server's database does; Interviews that are no Pager are
// streamed, keeping no more than the window. A cancelled ctx stops the read,
// returning ctx's error with the interviews read until then.
func ReadPage(ctx context.Context, data Interviews, q PageQuery) (Page, error) {
	if q.N <= 0 {
		return Page{}, nil
	}
	if p, ok := data.(Pager); ok {
		return p.ReadPage(ctx, q)
	}
	return streamPage(ctx, data, q)
}

func (q PageQuery) keeps(iv Interview) bool {
	return (q.Sift == nil || q.Sift(iv)) && (q.Keep == nil || q.Keep(iv))
}

// Keeps says whether an interview's record is one the query takes (Sift
// and Keep), for Pagers that read records alone.
func (q PageQuery) Keeps(iv Interview) bool { return q.keeps(iv) }

// rowCursor walks rows keyed by sequence number: a bucket's, or the
// interviews' records in the log (headerCursor).
type rowCursor interface {
	First() ([]byte, []byte)
	Last() ([]byte, []byte)
	Seek(seq []byte) ([]byte, []byte)
	Next() ([]byte, []byte)
	Prev() ([]byte, []byte)
}

// ReadPage walks the interviews' records, keyed by sequence number, from
// q.From in q's direction; with a Sift, the facts rows (keyed alike),
// reading the records Sift passes alone.
func (s *Store) ReadPage(ctx context.Context, q PageQuery) (Page, error) {
	var p Page
	err := s.view(func(tx *bolt.Tx) error {
		var c rowCursor = headers(tx)
		// Every interview has a facts row, as current as its record,
		// while meta names the facts' key; the indexed answers they
		// copy are stale until a reindex rewrites the records.
		sifting := q.Sift != nil && factsKeyOf(tx) != "" && !s.staleIndex && tx.Bucket([]byte(bucketFacts)) != nil
		if sifting {
			c = tx.Bucket([]byte(bucketFacts)).Cursor()
		}
		var k, v []byte
		switch {
		case q.From == 0 && q.Backward:
			k, v = c.Last()
		case q.From == 0:
			k, v = c.First()
		case q.Backward:
			k, v = c.Seek(seqKey(q.From))
			if k == nil {
				k, v = c.Last()
			}
			for k != nil && binary.BigEndian.Uint64(k) >= q.From {
				k, v = c.Prev()
			}
		default:
			k, v = c.Seek(seqKey(q.From + 1))
		}
		next := c.Next
		if q.Backward {
			next = c.Prev
		}
		for ; k != nil; k, v = next() {
			if len(k) != 8 {
				continue
			}
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if len(p.Interviews) == q.N {
				p.More = true
				return nil
			}
			if sifting {
				var head Interview
				if err := s.decodeFactsHead(k, v, &head); err != nil || !q.Sift(head) {
					// A damaged facts row is left out, as EachFacts
					// leaves it; siap verify names it.
					continue
				}
				if v = headerAt(tx, k); v == nil {
					continue
				}
			}
			var iv Interview
			if err := s.decodeHeader(k, v, &iv); err != nil {
				// A damaged record is left out, as EachInterview
				// leaves it; siap verify names it.
				continue
			}
			if s.staleIndex {
				answers, err := s.answersAt(tx, k)
				if err != nil {
					continue
				}
				s.reindex(&iv, answers)
			}
			if sifting && q.Keep != nil && !q.Keep(iv) || !sifting && !q.keeps(iv) {
				continue
			}
			p.Interviews = append(p.Interviews, iv)
			p.Places = append(p.Places, binary.BigEndian.Uint64(k))
		}
		return ctx.Err()
	})
	return p, err
}

// ReadPage narrows the window to the team's interviews.
func (t *Team) ReadPage(ctx context.Context, q PageQuery) (Page, error) {
	keep := q.Keep
	q.Keep = func(iv Interview) bool { return t.has(iv) && (keep == nil || keep(iv)) }
	return ReadPage(ctx, t.all, q)
}

// errPageFull ends a stream once the window is read.
var errPageFull = errors.New("page full")

// streamPage reads a window from EachInterview, counting places from 1
// in the order it gives interviews: forward it stops once the window is
// full, backward it keeps the last N before From, so memory stays that
// of the window either way.
func streamPage(ctx context.Context, data Interviews, q PageQuery) (Page, error) {
	var p Page
	var place uint64
	err := data.EachInterview(func(iv Interview) error {
		place++
		if ctx.Err() != nil {
			return ctx.Err()
		}
		switch {
		case q.Backward && q.From != 0 && place >= q.From:
			return errPageFull
		case !q.Backward && place <= q.From, !q.keeps(iv):
			return nil
		case !q.Backward && len(p.Interviews) == q.N:
			p.More = true
			return errPageFull
		}
		if q.Backward && len(p.Interviews) == q.N {
			// The oldest of the window drops out: more lie before.
			p.Interviews, p.Places, p.More = p.Interviews[1:], p.Places[1:], true
		}
		p.Interviews = append(p.Interviews, iv)
		p.Places = append(p.Places, place)
		return nil
	})
	if errors.Is(err, errPageFull) {
		err = nil
	}
	if err != nil && ctx.Err() == nil {
		return Page{}, err
	}
	if q.Backward {
		// Nearest to From first, as a data file gives them.
		for i, j := 0, len(p.Interviews)-1; i < j; i, j = i+1, j-1 {
			p.Interviews[i], p.Interviews[j] = p.Interviews[j], p.Interviews[i]
			p.Places[i], p.Places[j] = p.Places[j], p.Places[i]
		}
	}
	return p, err
}

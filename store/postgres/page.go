package postgres

import (
	"context"
	"math"

	"github.com/jackc/pgx/v5"

	"siap/store"
)

var _ store.Pager = (*DB)(nil)

// ReadPage reads a window of interviews' records by sequence number
// (store.PageQuery), a batch of rows at a time from q.From in q's
// direction, until the window is full.
func (db *DB) ReadPage(ctx context.Context, q store.PageQuery) (store.Page, error) {
	var p store.Page
	if q.N <= 0 {
		return p, nil
	}
	err := db.read(func(tx pgx.Tx) error {
		from := int64(q.From)
		query := "SELECT seq, record FROM interviews WHERE seq > $1 ORDER BY seq LIMIT $2"
		if q.Backward {
			query = "SELECT seq, record FROM interviews WHERE seq < $1 ORDER BY seq DESC LIMIT $2"
			if from == 0 {
				from = math.MaxInt64
			}
		}
		for {
			rows, err := tx.Query(ctx, query, from, batchSize)
			if err != nil {
				return err
			}
			batch, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (x rawRow, err error) {
				return x, r.Scan(&x.seq, &x.record)
			})
			if err != nil {
				return err
			}
			for _, r := range batch {
				if len(p.Interviews) == q.N {
					p.More = true
					return nil
				}
				iv, err := db.seal.OpenInterview(r.seq, r.record)
				if err != nil {
					// Left out, as EachInterview leaves it; verify
					// names it.
					continue
				}
				if !q.Keeps(iv) {
					continue
				}
				p.Interviews = append(p.Interviews, iv)
				p.Places = append(p.Places, uint64(r.seq))
			}
			if len(batch) < batchSize {
				return nil
			}
			from = batch[len(batch)-1].seq
		}
	})
	if err != nil && ctx.Err() == nil {
		return store.Page{}, err
	}
	return p, err
}

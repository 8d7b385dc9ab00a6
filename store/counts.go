package store

import (
	"maps"

	bolt "go.etcd.io/bbolt"
)

// The meta bucket holds one sealed record (sealed as bucketCounts): how
// many interviews the file holds by status and by the indexed answers,
// kept current by every write of an interview's record, so that the home
// screen's counts cost the same at a million interviews as at ten. The
// meta bucket is small enough for bbolt to keep it inside the page that
// every write rewrites anyway. The record is dropped when interviews are
// deleted by key (erase, a pack for one interviewer) or the index
// changes, and counted again when next asked for.
const bucketCounts = "counts"

var countsKey = []byte("counts")

// Counts are the numbers of interviews the home screen shows.
type Counts struct {
	// Status counts interviews by status.
	Status map[Status]int `json:"status"`
	// Answers counts interviews by indexed question (IndexAnswers), its
	// answer, then status.
	Answers map[string]map[string]map[Status]int `json:"answers"`
}

func (c *Counts) add(iv Interview, n int) {
	if c.Status == nil {
		c.Status = map[Status]int{}
	}
	if c.Answers == nil {
		c.Answers = map[string]map[string]map[Status]int{}
	}
	if n == 0 {
		return
	}
	c.Status[iv.Status] += n
	for p, v := range iv.Index {
		if c.Answers[p] == nil {
			c.Answers[p] = map[string]map[Status]int{}
		}
		if c.Answers[p][v] == nil {
			c.Answers[p][v] = map[Status]int{}
		}
		c.Answers[p][v][iv.Status] += n
		// An answer no interview has any longer leaves no entry: each
		// change of an indexed answer would otherwise add one for good,
		// and the record, decoded and written whenever an indexed answer
		// changes, would grow with every value ever typed.
		if c.Answers[p][v][iv.Status] == 0 {
			delete(c.Answers[p][v], iv.Status)
			if len(c.Answers[p][v]) == 0 {
				delete(c.Answers[p], v)
			}
			if len(c.Answers[p]) == 0 {
				delete(c.Answers, p)
			}
		}
	}
}

// countChange moves an interview from the counts of its old record to
// those of its new one, when the file keeps counts.
func (s *Store) countChange(tx *bolt.Tx, r row) error {
	b := tx.Bucket([]byte(bucketMeta))
	if b == nil || b.Get(countsKey) == nil {
		return nil
	}
	old := r.before // read by putHeader when the caller had not
	if old != nil && old.Status == r.iv.Status && maps.Equal(old.Index, r.iv.Index) {
		return nil
	}
	var c Counts
	if err := s.decode(bucketCounts, countsKey, b.Get(countsKey), &c); err != nil {
		return err
	}
	if old != nil {
		c.add(*old, -1)
	}
	c.add(r.iv, 1)
	return s.putCounts(tx, c)
}

func (s *Store) putCounts(tx *bolt.Tx, c Counts) error {
	b := tx.Bucket([]byte(bucketMeta))
	data, err := s.encode(bucketCounts, countsKey, c)
	if err != nil {
		return err
	}
	if err := s.journal(tx, bucketMeta, countsKey); err != nil {
		return err
	}
	return b.Put(countsKey, data)
}

// dropCounts forgets the counts, to be counted again when next asked for.
func dropCounts(tx *bolt.Tx) error {
	if b := tx.Bucket([]byte(bucketMeta)); b != nil {
		return b.Delete(countsKey)
	}
	return nil
}

// Counts returns how many interviews the file holds by status and by
// indexed answer. It reads one record; a file that has none yet (just
// migrated, or after an erase) is counted once, and the result kept.
func (s *Store) Counts() (c Counts, err error) {
	get := func(tx *bolt.Tx) (bool, error) {
		b := tx.Bucket([]byte(bucketMeta))
		if b == nil || b.Get(countsKey) == nil || s.staleIndex {
			return false, nil
		}
		return true, s.decode(bucketCounts, countsKey, b.Get(countsKey), &c)
	}
	count := func(tx *bolt.Tx) error {
		c = Counts{}
		c.add(Interview{}, 0)
		return eachHeader(tx, func(k, v []byte) error {
			var iv Interview
			if err := s.decodeHeader(k, v, &iv); err != nil {
				return err
			}
			if s.staleIndex {
				answers, err := s.answersAt(tx, k)
				if err != nil {
					return err
				}
				s.reindex(&iv, answers)
			}
			c.add(iv, 1)
			return nil
		})
	}
	found := false
	err = s.view(func(tx *bolt.Tx) (err error) { found, err = get(tx); return err })
	if err != nil || found {
		return c, err
	}
	if s.db.IsReadOnly() || s.staleIndex {
		return c, s.view(count)
	}
	// Counted in a write transaction, so that no save slips between the
	// count and keeping it.
	return c, s.update(func(tx *bolt.Tx) error {
		if found, err := get(tx); found || err != nil {
			return err
		}
		if err := count(tx); err != nil {
			return err
		}
		return s.putCounts(tx, c)
	})
}

// Counted leaves out of counts by status those that went down to zero:
// two counts of the same interviews agree on what it returns.
func Counted(byStatus map[Status]int) map[Status]int {
	out := map[Status]int{}
	for s, n := range byStatus {
		if n != 0 {
			out[s] = n
		}
	}
	return out
}

// Total is how many interviews there are, whatever their status.
func (c Counts) Total() int {
	n := 0
	for _, k := range c.Status {
		n += k
	}
	return n
}

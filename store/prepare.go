package store

import "fmt"

// PrepareNew readies a record for Import as an interview the file does
// not hold, on any goroutine: what Import checks and digests
// (PrepareImport), and the interview's facts, the Indexer's work, so
// that the transaction importing it has only to write it. Commands that
// make many interviews (siap simulate) prepare them on several
// goroutines while one writes. A record changed after it is prepared is
// prepared again; one the file holds by the time it is imported has its
// facts made in that transaction, as any.
func (s *Store) PrepareNew(r *Record) error {
	sum := sumOf(r.Answers)
	if err := prepareImport(r, sum); err != nil {
		return err
	}
	r.Interview.Facts = nil
	if s.indexer == nil {
		return nil
	}
	// The record as putRecord leaves it for makeFacts, which it need not
	// do again for a record prepared.
	s.reindex(&r.Interview, r.Answers)
	r.Interview.Sum = sum.String()
	iv := r.Interview
	iv.History = nil
	data, ids, err := s.indexer.Index(IndexChange{Interview: iv, Answers: func() (map[string]Answer, error) { return r.Answers, nil }, Events: asStored(r.Events), Whole: true})
	if err != nil {
		return fmt.Errorf("index interview %s: %w", iv.ID, err)
	}
	f := &Facts{Key: s.indexer.Key(), Data: data, preparedBy: s}
	for _, id := range ids {
		if s.piiHash == nil {
			return fmt.Errorf("data file %s has no key for hashing identifiers", s.path)
		}
		f.IDs = append(f.IDs, IdentifierHash{Question: id.Question, Hash: s.piiHash(id.Question + "\x00" + id.Value)})
	}
	r.Interview.Facts = f
	return nil
}

// prepared reports whether PrepareNew made the interview's facts for
// this file, under its Indexer's key: facts that came with a record
// from elsewhere (a pack) are never taken as they are.
func (s *Store) prepared(iv Interview) bool {
	return iv.Facts != nil && iv.Facts.preparedBy == s && s.indexer != nil && iv.Facts.Key == s.indexer.Key()
}

package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"

	"siap/internal/hq"
	"siap/store"
)

// otherStudyError is a pack of another questionnaire's interviews.
type otherStudyError struct{ theirs string }

func (e *otherStudyError) Error() string {
	return fmt.Sprintf("the pack holds interviews of form %q", e.theirs)
}

// errPackContent marks what went wrong reading a pack (a record that
// does not decode, a digest that does not match), as opposed to
// headquarters failing to write.
var errPackContent = errors.New("the pack's content does not read")

// foreignError is a pack holding an interview that is not the
// laptop's: another interviewer's.
type foreignError struct{ id string }

func (e *foreignError) Error() string {
	return fmt.Sprintf("the pack holds interview %s, another interviewer's", e.id)
}

// MergePack imports a pack made for headquarters' key into the study,
// in one transaction, by siap merge's rules; its questionnaires come
// first. Uploads go through it, and so may a pack brought on a USB
// stick (any interviewer's: it came by hand).
func (s *Server) MergePack(path string) (store.MergeResult, error) {
	res, err := s.mergePack(path, "", nil)
	return res.MergeResult, err
}

// merged is what merging a pack did, with the ids of its interviews.
type merged struct {
	store.MergeResult
	ids []string
}

// mergePack is MergePack, once per key (store.ImportOptions) when key
// is given, after check has read the pack and found nothing to refuse;
// check returns the ids of the pack's interviews.
func (s *Server) mergePack(path, key string, check func(*store.Store) ([]string, error)) (merged, error) {
	var m merged
	p, err := store.OpenPack(path, s.identity)
	if err != nil {
		return m, err
	}
	defer p.Close()
	if check != nil {
		if m.ids, err = check(p); err != nil {
			return m, err
		}
	}
	if err := s.addForms(p); err != nil {
		return m, err
	}
	m.MergeResult, err = s.st.Import(func(fn func(store.Record) error) error {
		var theirs error
		err := p.EachRecord(true, func(r store.Record) error {
			if err := store.CheckDigest(r.Interview, r.Answers); err != nil {
				theirs = err
				return err
			}
			return fn(r)
		})
		var damaged *store.DamagedInterviewsError
		if theirs != nil || errors.As(err, &damaged) {
			return fmt.Errorf("%w: %v", errPackContent, err)
		}
		return err
	}, store.ImportOptions{Key: key})
	return m, err
}

// ownInterviews reads the ids of the interviews of a pack a laptop
// sent, refusing it whole (as a merge takes a pack whole) at the first
// that is not the laptop's: one headquarters associated with it (that
// it sent or received before, or of its interviewer when it enrolled),
// or else one whose interviewer, as headquarters holds it (or, new, as
// the pack has it), is the one the laptop enrolled as. So an enrolled
// laptop cannot send a "newer" version of another interviewer's
// interview, even knowing its id and digest. The laptop leaves such
// interviews out (hq.Sync); they reach headquarters from their own
// interviewer's laptop, or by USB pack.
func (s *Server) ownInterviews(fp string, l *Laptop, p *store.Store) ([]string, error) {
	list, err := s.mine(fp, l)
	if err != nil {
		return nil, err
	}
	mine := make(map[string]bool, len(list))
	for _, id := range list {
		mine[id] = true
	}
	var ids []string
	err = p.EachInterview(func(iv store.Interview) error {
		ids = append(ids, iv.ID)
		if mine[iv.ID] {
			return nil
		}
		held, err := s.st.Interview(iv.ID)
		switch {
		case errors.Is(err, store.ErrNotFound):
			if hq.SameInterviewer(iv.Interviewer, l.Name) {
				return nil
			}
		case err != nil:
			return err
		case hq.SameInterviewer(held.Interviewer, l.Name):
			return nil
		}
		return &foreignError{id: iv.ID}
	})
	var damaged *store.DamagedInterviewsError
	if errors.As(err, &damaged) {
		return nil, fmt.Errorf("%w: %v", errPackContent, err)
	}
	return ids, err
}

// addForms keeps the questionnaires the pack's interviews were taken
// with, refusing another study's; the form new interviews are taken with
// stays headquarters' own.
func (s *Server) addForms(p *store.Store) error {
	seen := map[string]bool{}
	var missing []store.FormSource
	err := p.EachInterview(func(iv store.Interview) error {
		if seen[iv.FormKey] {
			return nil
		}
		seen[iv.FormKey] = true
		if iv.FormID != s.form {
			return &otherStudyError{theirs: iv.FormID}
		}
		if _, err := s.st.Form(iv.FormKey); !errors.Is(err, store.ErrNotFound) {
			return err
		}
		f, err := p.Form(iv.FormKey)
		if err != nil {
			return fmt.Errorf("%w: %v", errPackContent, err)
		}
		if f.ID != s.form {
			return &otherStudyError{theirs: f.ID}
		}
		missing = append(missing, f)
		return nil
	})
	var damaged *store.DamagedInterviewsError
	if errors.As(err, &damaged) {
		return fmt.Errorf("%w: %v", errPackContent, err)
	}
	if err != nil || len(missing) == 0 {
		return err
	}
	current, err := s.st.CurrentForm()
	if err != nil {
		return err
	}
	for _, f := range missing {
		if _, err := s.st.AddForm(f); err != nil {
			return err
		}
	}
	_, err = s.st.AddForm(current)
	return err
}

// maxMineRequest bounds what a laptop says it holds: some 40 bytes an
// interview, room for a quarter of a million.
const maxMineRequest = 10 << 20

// packFor writes at path a pack, for the laptop's key, of what
// headquarters holds for it: the interviews a supervisor decided on
// (approved, or sent back) among the laptop's (mine), but for those the
// laptop holds as headquarters does (have: content digests by id). It
// returns how many it holds.
func (s *Server) packFor(path string, fp string, l *Laptop, have map[string]string) (int, error) {
	mine, err := s.mine(fp, l)
	if err != nil {
		return 0, err
	}
	var ids []string
	forms := map[string]bool{}
	for _, id := range mine {
		iv, err := s.st.Interview(id)
		if errors.Is(err, store.ErrNotFound) {
			// Erased at headquarters since.
			continue
		}
		if err != nil {
			return 0, err
		}
		if have[iv.ID] == hq.DigestKept(iv.Hash) {
			continue
		}
		if iv.Status == store.Approved || iv.Status == store.Rejected {
			ids = append(ids, iv.ID)
			forms[iv.FormKey] = true
		}
	}
	if len(ids) == 0 {
		return 0, nil
	}
	tmp := path + ".partial"
	defer os.Remove(tmp)
	p, err := store.CreatePack(tmp, []string{l.Key})
	if err != nil {
		return 0, err
	}
	err = s.fillPack(p, ids, forms)
	if cerr := p.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, err
	}
	return len(ids), os.Rename(tmp, path)
}

func (s *Server) fillPack(p *store.Store, ids []string, forms map[string]bool) error {
	current, err := s.st.CurrentForm()
	if err != nil {
		return err
	}
	for key := range forms {
		f, err := s.st.Form(key)
		if err != nil {
			return err
		}
		if _, err := p.AddForm(f); err != nil {
			return err
		}
	}
	if forms[current.Key] {
		if _, err := p.AddForm(current); err != nil {
			return err
		}
	}
	_, err = p.Import(func(fn func(store.Record) error) error {
		for _, id := range ids {
			r, err := s.st.Record(id)
			if err != nil {
				return err
			}
			if err := fn(r); err != nil {
				return err
			}
		}
		return nil
	})
	return err
}

// The interviews a laptop sent are kept by id under its certificate's
// fingerprint, so that what goes down to it reads its interviews only,
// not every interview of the study. One laptop syncs one request at a
// time (its data file is held by one siap), so nothing else writes its
// list meanwhile.

// mine lists the laptop's interviews. At enrolment (a new laptop, or
// one replacing another) they are found by reading every interview's
// record: those taken under the interviewer's name. (Not those of the
// device id the laptop gives: it is the laptop's word, and would hand
// it another laptop's interviews.)
func (s *Server) mine(fp string, l *Laptop) ([]string, error) {
	v, err := s.st.Setting(prefixMine + fp)
	if err != nil {
		return nil, err
	}
	if v != "" {
		var ids []string
		if err := json.Unmarshal([]byte(v), &ids); err == nil {
			return ids, nil
		}
	}
	var ids []string
	err = s.st.EachInterview(func(iv store.Interview) error {
		if hq.SameInterviewer(iv.Interviewer, l.Name) {
			ids = append(ids, iv.ID)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ids, s.putJSON(prefixMine+fp, ids)
}

// addMine adds the interviews of a pack the laptop sent to its list.
func (s *Server) addMine(fp string, l *Laptop, sent []string) error {
	ids, err := s.mine(fp, l)
	if err != nil {
		return err
	}
	have := make(map[string]bool, len(ids))
	for _, id := range ids {
		have[id] = true
	}
	n := len(ids)
	for _, id := range sent {
		if !have[id] {
			ids, have[id] = append(ids, id), true
		}
	}
	if len(ids) == n {
		return nil
	}
	return s.putJSON(prefixMine+fp, ids)
}

package server

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"siap/store"
)

// errPackContent marks what went wrong reading a pack (a record that
// does not decode, a digest that does not match), as opposed to
// headquarters failing to write.
var errPackContent = errors.New("the pack's content does not read")

// merge imports a pack made for headquarters' key into the study, in
// one transaction, by siap merge's rules; its questionnaires come first.
func (s *Server) merge(path string) (store.MergeResult, error) {
	p, err := store.OpenPack(path, s.identity)
	if err != nil {
		return store.MergeResult{}, err
	}
	defer p.Close()
	if err := s.addForms(p); err != nil {
		return store.MergeResult{}, err
	}
	return s.st.Import(func(fn func(store.Record) error) error {
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
	})
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
			return &store.OtherStudyError{Theirs: iv.FormID, Ours: s.form}
		}
		if _, err := s.st.Form(iv.FormKey); !errors.Is(err, store.ErrNotFound) {
			return err
		}
		f, err := p.Form(iv.FormKey)
		if err != nil {
			return fmt.Errorf("%w: %v", errPackContent, err)
		}
		if f.ID != s.form {
			return &store.OtherStudyError{Theirs: f.ID, Ours: s.form}
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

// packFor writes at path a pack, for the laptop's key, of what
// headquarters holds for its interviewer: the interviews a supervisor
// decided on (approved, or sent back) that were taken under the
// interviewer's name or on the laptop. It returns how many it holds.
func (s *Server) packFor(path string, l *Laptop) (int, error) {
	var ids []string
	forms := map[string]bool{}
	err := s.st.EachInterview(func(iv store.Interview) error {
		if iv.Status != store.Approved && iv.Status != store.Rejected {
			return nil
		}
		if strings.EqualFold(iv.Interviewer, l.Name) || (l.Device != "" && iv.DeviceID == l.Device) {
			ids = append(ids, iv.ID)
			forms[iv.FormKey] = true
		}
		return nil
	})
	if err != nil || len(ids) == 0 {
		return 0, err
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

package server

import (
	"context"
	"encoding/json"
	"time"

	"siap/store"
)

// DefaultRetention is how long headquarters keeps an enrolment code
// after it was used or expired, and a pack's id after the pack was
// merged: a laptop retrying within it is answered as the first time
// (enrolled again, the pack recognised). Past it, a retried pack is
// merged again, which adds nothing (merging is by content digests),
// and a code is unknown.
const DefaultRetention = 30 * 24 * time.Hour

// pruneEvery is how often siap serve prunes.
const pruneEvery = time.Hour

// Pruned is what Prune removed.
type Pruned struct {
	Codes, Packs int
}

// Prune forgets the enrolment codes used or expired, and the ids of the
// packs merged, longer ago than the retention period. A laptop enrolled
// with a code forgotten stays enrolled: its record no longer names the
// code (the code enrolled it and no other, long since). Several
// processes may prune at once.
func (s *Server) Prune() (Pruned, error) {
	var p Pruned
	cut := s.now().Add(-s.opts.Retention)
	var codes []string
	err := s.st.EachSetting(prefixEnrol, func(key, v string) error {
		var e enrolment
		if json.Unmarshal([]byte(v), &e) != nil {
			return nil
		}
		switch {
		case !e.Used.IsZero() && e.Used.Before(cut):
			if err := s.settle(e.Laptop, key[len(prefixEnrol):]); err != nil {
				return err
			}
		case e.Used.IsZero() && e.Expires.Before(cut):
		default:
			return nil
		}
		codes = append(codes, key)
		return nil
	})
	if err != nil {
		return p, err
	}
	if len(codes) > 0 {
		if err := s.st.DeleteSettings(codes...); err != nil {
			return p, err
		}
		p.Codes = len(codes)
	}
	if p.Packs, err = store.PruneImports(s.st, cut); err != nil {
		return p, err
	}
	// Pack ids kept by the siap before ImportOptions.Key, one setting
	// each, without a time: retries of those packs are long over.
	var legacy []string
	if err := s.st.EachSetting(prefixReceived, func(key, _ string) error { legacy = append(legacy, key); return nil }); err != nil {
		return p, err
	}
	if len(legacy) > 0 {
		err = s.st.DeleteSettings(legacy...)
		p.Packs += len(legacy)
	}
	return p, err
}

// settle marks the laptop a code enrolled as enrolled for good, before
// the code is forgotten.
func (s *Server) settle(fp, code string) error {
	v, err := s.st.Setting(prefixLaptop + fp)
	if err != nil || v == "" {
		return err
	}
	var l Laptop
	if json.Unmarshal([]byte(v), &l) != nil || l.Code != code {
		return nil
	}
	l.Code = ""
	return s.putJSON(prefixLaptop+fp, l)
}

// pruneUntil prunes now and every pruneEvery until ctx is done.
func (s *Server) pruneUntil(ctx context.Context) {
	t := time.NewTicker(pruneEvery)
	defer t.Stop()
	for {
		if p, err := s.Prune(); err != nil {
			s.logf("pruning old codes and pack ids failed: %v", err)
		} else if p.Codes+p.Packs > 0 {
			s.logf("forgot %d enrolment codes and %d pack ids older than %v", p.Codes, p.Packs, s.opts.Retention)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

package store

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// TestVerifyFindsRolledBackAndRemovedRecords: an answers record copied
// back from an older copy of the file, a saved change or a batch of
// paradata deleted, an interview's record or the whole interview
// deleted: each leaves values that open (they are authentic), and each
// is found by siap verify, which recomputes every content digest, checks
// that no log row is missing, and compares the interviews counted with
// those held.
func TestVerifyFindsRolledBackAndRemovedRecords(t *testing.T) {
	for _, tt := range []struct {
		name   string
		tamper func(tx *bolt.Tx, seq, older []byte) error
		want   string
	}{
		{"answers rolled back", func(tx *bolt.Tx, seq, older []byte) error {
			return tx.Bucket([]byte(bucketAnswers)).Put(seq, older)
		}, "content digest does not match"},
		{"a saved change deleted", func(tx *bolt.Tx, seq, _ []byte) error {
			keys := logKeysOf(tx.Bucket([]byte(bucketLog)), seq, bucketChanges)
			if len(keys) == 0 {
				t.Fatal("no change row to delete")
			}
			return tx.Bucket([]byte(bucketLog)).Delete(keys[len(keys)-1]) // the last save
		}, "content digest does not match"},
		{"a batch of paradata deleted", func(tx *bolt.Tx, seq, _ []byte) error {
			return tx.Bucket([]byte(bucketLog)).Delete(logKeysOf(tx.Bucket([]byte(bucketLog)), seq, bucketEvents)[1])
		}, "paradata rows skip from 0 to 2"},
		{"the first batch of paradata deleted", func(tx *bolt.Tx, seq, _ []byte) error {
			return tx.Bucket([]byte(bucketLog)).Delete(logKeysOf(tx.Bucket([]byte(bucketLog)), seq, bucketEvents)[0])
		}, "paradata rows start at 1"},
		{"the whole interview deleted", func(tx *bolt.Tx, seq, _ []byte) error {
			var id []byte
			tx.Bucket([]byte(bucketIDs)).ForEach(func(k, v []byte) error {
				if bytes.Equal(v, seq) {
					id = bytes.Clone(k)
				}
				return nil
			})
			for _, b := range []string{bucketAnswers, bucketLog} {
				c := tx.Bucket([]byte(b)).Cursor()
				for k, _ := c.Seek(seq); k != nil && bytes.HasPrefix(k, seq); k, _ = c.Seek(seq) {
					c.Delete()
				}
			}
			return tx.Bucket([]byte(bucketIDs)).Delete(id)
		}, "the file counts 1 interviews and holds 0"},
		{"the interview's record deleted", func(tx *bolt.Tx, seq, _ []byte) error {
			return tx.Bucket([]byte(bucketLog)).Delete(headerKey(seq))
		}, "has no record"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, path := openTemp(t)
			key, _ := s.AddForm(FormSource{ID: "f", Name: "f.csv", Data: []byte("survey")})
			iv, err := s.Create(Interview{FormKey: key, FormID: "f"}, []Change{{Path: "programs", Value: "pkh"}})
			if err != nil {
				t.Fatal(err)
			}
			var seq, older []byte
			s.db.View(func(tx *bolt.Tx) error {
				seq = bytes.Clone(seqOf(tx, iv.ID))
				older = bytes.Clone(tx.Bucket([]byte(bucketAnswers)).Get(seq))
				return nil
			})
			for i := range foldAfter + 2 { // the answers record is written whole again, then changes follow
				if err := s.Save(iv.ID, []Change{{Path: "programs", Value: "pkh blt"}, {Path: "n", Value: strings.Repeat("1", i+1)}}); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := s.Counts(); err != nil { // kept from now on, as a siap with a screen keeps them
				t.Fatal(err)
			}
			if r, _ := s.Verify(); len(r.Problems) > 0 {
				t.Fatalf("before: %v", r)
			}
			if err := s.db.Update(func(tx *bolt.Tx) error { return tt.tamper(tx, seq, older) }); err != nil {
				t.Fatal(err)
			}
			r, _ := s.Verify()
			if !strings.Contains(r.String(), tt.want) {
				t.Errorf("verify of %s: %v", path, r)
			}
		})
	}
}

// TestVerifyFindsAnInterviewRolledBackOrRemoved: an interview's rows
// copied back whole from a backup taken earlier (its record, answers and
// log agree with each other), its last batch of paradata deleted, or the
// interview deleted whole with its id and the file's counts: each is
// found by siap verify, which names the interview, from the revision the
// file last wrote of it; with that revision row copied or deleted too,
// from the file's summary.
func TestVerifyFindsAnInterviewRolledBackOrRemoved(t *testing.T) {
	// An interview's rows are its answers record and its rows in the log
	// (its record among them); its revision row is one of those, kept
	// apart unless withRevision.
	interviewRows := func(tx *bolt.Tx, seq []byte, withRevision bool) (keys [][2]string) {
		for _, name := range []string{bucketAnswers, bucketLog} {
			c := tx.Bucket([]byte(name)).Cursor()
			for k, _ := c.Seek(seq); k != nil && bytes.HasPrefix(k, seq); k, _ = c.Next() {
				if withRevision || !bytes.Equal(k, revisionKey(seq)) {
					keys = append(keys, [2]string{name, string(k)})
				}
			}
		}
		return keys
	}
	copyRows := func(from, to *bolt.Tx, id string, withRevision bool) error {
		seq := seqOf(from, id)
		for _, r := range interviewRows(to, seq, withRevision) {
			if err := to.Bucket([]byte(r[0])).Delete([]byte(r[1])); err != nil {
				return err
			}
		}
		for _, r := range interviewRows(from, seq, withRevision) {
			if err := to.Bucket([]byte(r[0])).Put([]byte(r[1]), bytes.Clone(from.Bucket([]byte(r[0])).Get([]byte(r[1])))); err != nil {
				return err
			}
		}
		return nil
	}
	removeWhole := func(tx *bolt.Tx, id string, withRevision bool) error {
		seq := bytes.Clone(seqOf(tx, id))
		for _, r := range interviewRows(tx, seq, withRevision) {
			if err := tx.Bucket([]byte(r[0])).Delete([]byte(r[1])); err != nil {
				return err
			}
		}
		if err := tx.Bucket([]byte(bucketMeta)).Delete(countsKey); err != nil {
			return err
		}
		return tx.Bucket([]byte(bucketIDs)).Delete([]byte(id))
	}
	for _, tt := range []struct {
		name   string
		tamper func(tx, backup *bolt.Tx, id string) error
		want   string
	}{
		{"rolled back from a backup", func(tx, backup *bolt.Tx, id string) error {
			return copyRows(backup, tx, id, false)
		}, "it is at revision 2, and the file last wrote revision 5: it was copied back from an older copy"},
		{"rolled back from a backup with its revision row", func(tx, backup *bolt.Tx, id string) error {
			return copyRows(backup, tx, id, true)
		}, "the file's summary of its interviews does not match them"},
		{"its last batch of paradata deleted", func(tx, _ *bolt.Tx, id string) error {
			keys := logKeysOf(tx.Bucket([]byte(bucketLog)), seqOf(tx, id), bucketEvents)
			return tx.Bucket([]byte(bucketLog)).Delete(keys[len(keys)-1])
		}, "its last paradata rows were removed outside siap: it has 4, and the file last wrote 5"},
		{"removed whole with its id and the counts", func(tx, _ *bolt.Tx, id string) error {
			return removeWhole(tx, id, false)
		}, " was removed outside siap: the file last wrote it at revision 5"},
		{"removed whole with its revision row", func(tx, _ *bolt.Tx, id string) error {
			return removeWhole(tx, id, true)
		}, "the file's summary of its interviews does not match them"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "siap.db")
			s, err := Open(path, Options{Passphrase: passphrase})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			key, _ := s.AddForm(FormSource{ID: "f", Name: "f.csv", Data: []byte("survey")})
			iv, err := s.Create(Interview{FormKey: key, FormID: "f"}, []Change{{Path: "programs", Value: "pkh"}})
			if err != nil {
				t.Fatal(err)
			}
			other, err := s.Create(Interview{FormKey: key, FormID: "f"}, []Change{{Path: "programs", Value: "blt"}})
			if err != nil {
				t.Fatal(err)
			}
			if err := s.Save(iv.ID, []Change{{Path: "receives_bansos", Value: "yes"}}); err != nil {
				t.Fatal(err)
			}
			backup := path + ".bak-test"
			if err := s.db.View(func(tx *bolt.Tx) error { return tx.CopyFile(backup, 0o600) }); err != nil {
				t.Fatal(err)
			}
			for _, v := range []string{"no", "yes", "no"} {
				if err := s.Save(iv.ID, []Change{{Path: "receives_bansos", Value: v}}, Event{Kind: EventShown, Path: "next"}); err != nil {
					t.Fatal(err)
				}
			}
			if err := s.Save(other.ID, []Change{{Path: "n", Value: "1"}}); err != nil {
				t.Fatal(err)
			}
			if r, _ := s.Verify(); len(r.Problems) > 0 || len(r.Notes) > 0 {
				t.Fatalf("before: %v", r)
			}
			old, err := bolt.Open(backup, 0o600, &bolt.Options{ReadOnly: true})
			if err != nil {
				t.Fatal(err)
			}
			defer old.Close()
			err = old.View(func(otx *bolt.Tx) error {
				return s.db.Update(func(tx *bolt.Tx) error { return tt.tamper(tx, otx, iv.ID) })
			})
			if err != nil {
				t.Fatal(err)
			}
			r, _ := s.Verify()
			if !strings.Contains(r.String(), tt.want) {
				t.Errorf("verify: %v\nwant %q", r, tt.want)
			}
			if strings.Contains(tt.want, "summary") {
				return
			}
			if !strings.Contains(r.String(), "interview "+iv.ID) || strings.Contains(r.String(), other.ID) {
				t.Errorf("verify names another interview than %s: %v", iv.ID, r)
			}
		})
	}
}

// TestSummaryOfAFileOfAnEarlierSiap: a file without a summary is
// verified with a note saying so; opened for writing, it gets one made
// from its interviews as they are, and verify says when.
func TestSummaryOfAFileOfAnEarlierSiap(t *testing.T) {
	s, path := openTemp(t)
	iv := newInterview(t, s)
	if err := s.Save(iv.ID, []Change{{Path: "city", Value: "medan"}}); err != nil {
		t.Fatal(err)
	}
	s.db.Update(func(tx *bolt.Tx) error {
		dropRevisions(tx)
		return tx.Bucket([]byte(bucketMeta)).Delete(summaryKey)
	})
	r, _ := s.Verify()
	if len(r.Problems) > 0 || len(r.Notes) != 1 || !strings.Contains(r.Notes[0].String(), "keeps no summary") {
		t.Errorf("verify of a file without a summary: %v", r)
	}
	s.Close()
	at := time.Date(2026, 11, 26, 9, 30, 0, 0, time.UTC)
	s, err := Open(path, Options{Now: func() time.Time { return at }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	r, _ = s.Verify()
	if len(r.Problems) > 0 || len(r.Notes) != 1 || !strings.Contains(r.Notes[0].String(), "computed on 2026-11-26 09:30 UTC") {
		t.Errorf("verify once a summary is made: %v", r)
	}
	if err := s.Save(iv.ID, []Change{{Path: "city", Value: "deli"}}); err != nil {
		t.Fatal(err)
	}
	if r, _ := s.Verify(); len(r.Problems) > 0 {
		t.Errorf("verify after a save: %v", r)
	}
}

// TestEraseAndMergeKeepTheSummary: an erase, a merge, a status and a
// note leave a file that verify finds whole.
func TestEraseAndMergeKeepTheSummary(t *testing.T) {
	s, _ := openTemp(t)
	a := newInterview(t, s)
	b := newInterview(t, s)
	if err := s.SetStatus(a.ID, Completed, "ani", ""); err != nil {
		t.Fatal(err)
	}
	if err := s.SetNote(b.ID, "city", "check", "ani"); err != nil {
		t.Fatal(err)
	}
	o, _ := openTemp(t)
	c := newInterview(t, o)
	if err := o.Save(c.ID, []Change{{Path: "city", Value: "medan"}}); err != nil {
		t.Fatal(err)
	}
	o.Close()
	if _, err := s.Merge(o.Path(), ""); err != nil {
		t.Fatal(err)
	}
	if err := s.Erase(b.ID); err != nil {
		t.Fatal(err)
	}
	if r, _ := s.Verify(); len(r.Problems) > 0 || len(r.Notes) > 0 || r.Interviews != 2 {
		t.Errorf("verify: %v", r)
	}
}

// TestRemovedSummaryIsFound: on an encrypted file, whose key record says
// it keeps a summary, removing the summary (to hide an interview copied
// back) is itself a problem, and opening the file again does not make a
// new one that would hide it.
func TestRemovedSummaryIsFound(t *testing.T) {
	path := filepath.Join(t.TempDir(), "siap.db")
	s, _ := fileWithRespondent(t, path, passphrase)
	s.db.Update(func(tx *bolt.Tx) error {
		dropRevisions(tx)
		return tx.Bucket([]byte(bucketMeta)).Delete(summaryKey)
	})
	for try := range 2 {
		r, _ := s.Verify()
		if len(r.Problems) != 1 || !strings.Contains(r.Problems[0].String(), "summary of its interviews' revisions is missing") {
			t.Errorf("verify (open %d) of an encrypted file whose summary was removed: %v", try+1, r)
		}
		s.Close()
		var err error
		if s, err = Open(path, Options{Passphrase: passphrase}); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
}

// dropRevisions takes a file's revision rows away, as a file of the
// siap before them had none.
func dropRevisions(tx *bolt.Tx) {
	tx.DeleteBucket([]byte(bucketRevisions))
	var keys [][]byte
	tx.Bucket([]byte(bucketLog)).ForEach(func(k, _ []byte) error {
		if mark, ok := tailRow(k); ok && mark == revisionMark {
			keys = append(keys, bytes.Clone(k))
		}
		return nil
	})
	for _, k := range keys {
		tx.Bucket([]byte(bucketLog)).Delete(k)
	}
}

package store

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// damageSource makes a closed data file of several pages.
func damageSource(t *testing.T, dir string) string {
	t.Helper()
	s, _ := fileWith(t, dir, "ani.db", 80)
	s.Close()
	return filepath.Join(dir, "ani.db")
}

// cut writes the first n bytes of src to a new file.
func cut(t *testing.T, src string, n int64, name string) string {
	t.Helper()
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(filepath.Dir(src), name)
	if err := os.WriteFile(out, data[:n], 0o600); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestCutFilesAreErrorsNeverCrashes: a data file or pack cut short at
// any point is refused by open, verify, merge, restore and erase with a
// message that says to run siap verify, and never crashes siap.
func TestCutFilesAreErrorsNeverCrashes(t *testing.T) {
	dir := t.TempDir()
	src := damageSource(t, dir)
	info, _ := os.Stat(src)
	size := info.Size()
	sup, _ := fileWith(t, dir, "sup.db", 0)
	for _, n := range []int64{1, 100, 4096, 8192, 3 * 4096, size / 2, size - 4096, size - 1} {
		if n <= 0 || n >= size {
			continue
		}
		path := cut(t, src, n, "pcut.siap")
		if s, err := Open(path, Options{ReadOnly: true}); err == nil {
			// Cut in the free space bbolt grows files by: nothing lost.
			r, _ := s.Verify()
			s.Close()
			if len(r.Problems) > 0 || r.Interviews != 80 {
				t.Errorf("a file cut at %d in its free space: %v", n, r)
			}
			continue
		} else if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), "verify") {
			t.Errorf("open cut at %d: %v", n, err)
		}
		_, err := sup.Merge(path, "")
		if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), "siap --data "+path+" verify") || strings.Contains(err.Error(), ".bak-") {
			t.Errorf("merge of a pack cut at %d: %v", n, err)
		}
		// The cut file is a data file to restore: a good backup goes in
		// its place.
		data := cut(t, src, n, "cut.db")
		if _, err := Restore(data, src); err != nil {
			t.Errorf("restoring over a data file cut at %d: %v", n, err)
		}
		if _, err := eraseFrom(path, "uuid:x", plainCodec{}); err == nil {
			t.Errorf("erase in a file cut at %d succeeded", n)
		}
	}
}

// TestDamagedPagesNeverShowAPanic: pages overwritten in the middle of a
// file are reported by verify as damage, without a crash and without
// bbolt's "panic: assertion failed".
func TestDamagedPagesNeverShowAPanic(t *testing.T) {
	dir := t.TempDir()
	src := damageSource(t, dir)
	data, _ := os.ReadFile(src)
	for _, fill := range []byte{0xff, 0x00, 0x5a} {
		for page := 2; page*4096 < len(data); page++ {
			bad := append([]byte(nil), data...)
			for i := page * 4096; i < (page+1)*4096; i++ {
				bad[i] = fill
			}
			path := filepath.Join(dir, "bad.db")
			os.WriteFile(path, bad, 0o600)
			s, err := Open(path, Options{ReadOnly: true})
			if err != nil {
				if strings.Contains(err.Error(), "panic") {
					t.Errorf("page %d filled with %x: %v", page, fill, err)
				}
				continue
			}
			r, _ := s.Verify()
			s.Close()
			for _, p := range r.Problems {
				if strings.Contains(p.String(), "panic") {
					t.Errorf("page %d filled with %x: verify says %q", page, fill, p)
				}
			}
		}
	}
}

// TestEmptyDataFileWithBackupsIsNotReplaced: a data file emptied (a full
// disk, a crash) or deleted while its backups remain is refused loudly;
// no new empty file takes its place and no backup is rotated away.
func TestEmptyDataFileWithBackupsIsNotReplaced(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "siap.db")
	now := time.Now()
	for day := range 3 {
		s, err := Open(path, Options{Now: func() time.Time { return now.Add(time.Duration(day) * 25 * time.Hour) }})
		if err != nil {
			t.Fatal(err)
		}
		s.Close()
	}
	backups, _ := Backups(path)
	if len(backups) == 0 {
		t.Fatal("no backups to keep")
	}
	for _, tt := range []struct {
		name  string
		lose  func()
		state string
	}{
		{"emptied", func() { os.Truncate(path, 0) }, "is empty (0 bytes)"},
		{"deleted", func() { os.Remove(path) }, "is missing"},
	} {
		tt.lose()
		for i := 0; i < 3; i++ {
			_, err := Open(path, Options{})
			if !errors.Is(err, ErrEmptyWithBackups) || !strings.Contains(err.Error(), tt.state) || !strings.Contains(err.Error(), "restore "+backups[len(backups)-1]) {
				t.Fatalf("%s: %v", tt.name, err)
			}
		}
		if _, _, err := Inspect(path); !errors.Is(err, ErrEmptyWithBackups) {
			t.Errorf("%s: Inspect says %v", tt.name, err)
		}
		if info, err := os.Stat(path); err == nil && info.Size() > 0 {
			t.Errorf("%s: a new file was started over the backups", tt.name)
		}
		if now, _ := Backups(path); len(now) != len(backups) {
			t.Errorf("%s: backups %v, had %v", tt.name, now, backups)
		}
	}
}

// TestEraseGoesPastADamagedBackup: a damaged backup does not stop an
// erasure: the others are rewritten, the error names the file that may
// still hold the interview, and running it again says so again rather
// than "not found".
func TestEraseGoesPastADamagedBackup(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "siap.db")
	now := time.Now()
	var id string
	for day := range 3 {
		s, err := Open(path, Options{Now: func() time.Time { return now.Add(time.Duration(day) * 25 * time.Hour) }})
		if err != nil {
			t.Fatal(err)
		}
		if day == 0 {
			key, _ := s.AddForm(FormSource{ID: "f", Name: "f.csv", Data: []byte("survey")})
			iv, err := s.Create(Interview{FormKey: key, FormID: "f"}, []Change{{Path: "q", Value: "ERASE-ME"}})
			if err != nil {
				t.Fatal(err)
			}
			id = iv.ID
		}
		s.SetSetting("opened", time.Now().String()) // a change, so the next open keeps a backup
		s.Close()
	}
	backups, _ := Backups(path)
	if len(backups) < 2 {
		t.Fatalf("backups %v", backups)
	}
	bad := backups[0]
	info, _ := os.Stat(bad)
	os.Truncate(bad, info.Size()/2)
	s, err := Open(path, Options{Now: func() time.Time { return now.Add(3 * 25 * time.Hour) }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for try := 1; try <= 2; try++ {
		err := s.Erase(id)
		if err == nil || !strings.Contains(err.Error(), bad) || errors.Is(err, ErrNotFound) {
			t.Errorf("erase, try %d: %v", try, err)
		}
	}
	all, _ := Backups(path)
	for _, f := range append(all, path) {
		if f == bad {
			continue
		}
		if raw, _ := os.ReadFile(f); strings.Contains(string(raw), "ERASE-ME") {
			t.Errorf("%s still holds the interview", filepath.Base(f))
		}
	}
	os.Remove(bad)
	if err := s.Erase(id); !errors.Is(err, ErrNotFound) {
		t.Errorf("erase once every file is clean: %v", err)
	}
}

// TestOneDamagedInterviewCostsOnlyItself: an interview whose answers no
// longer open is named, and every other one is still read; a salvage
// copies the others into a new file that opens with the same passphrase
// and verifies clean.
func TestOneDamagedInterviewCostsOnlyItself(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "siap.db")
	s, first := fileWithRespondent(t, path, passphrase)
	defer s.Close()
	iv, _ := s.Interview(first)
	var ids []string
	for i := range 4 {
		o, err := s.Create(Interview{FormKey: iv.FormKey, FormID: "f"}, []Change{{Path: "q", Value: fmt.Sprint(i)}})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, o.ID)
	}
	s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte(bucketAnswers))
		seq := seqOf(tx, ids[1])
		v := bytes.Clone(b.Get(seq))
		v[len(v)-1] ^= 1
		return b.Put(bytes.Clone(seq), v)
	})
	var read []string
	err := s.Each(func(iv Interview, _ map[string]string) error { read = append(read, iv.ID); return nil })
	var damaged *DamagedInterviewsError
	if !errors.As(err, &damaged) || len(damaged.IDs) != 1 || damaged.IDs[0] != ids[1] || !strings.Contains(err.Error(), "--salvage") {
		t.Fatalf("reading every interview: %v", err)
	}
	if len(read) != 4 || slices.Contains(read, ids[1]) {
		t.Errorf("read %v", read)
	}
	out := filepath.Join(dir, "salvaged.db")
	res, err := s.Salvage(out)
	if err != nil || res.Interviews != 4 || len(res.Lost) != 1 || res.Lost[0] != ids[1] {
		t.Fatalf("salvage: %+v %v", res, err)
	}
	got, err := Open(out, Options{ReadOnly: true, Passphrase: passphrase})
	if err != nil {
		t.Fatal(err)
	}
	defer got.Close()
	if r, _ := got.Verify(); len(r.Problems) > 0 || r.Interviews != 4 {
		t.Errorf("the salvaged file: %v", r)
	}
	if v, err := got.Values(first); err != nil || v["nik"] != personal[1] {
		t.Errorf("a salvaged interview: %v %v", v, err)
	}
}

package store

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// v1Dump is what the siap that wrote the files in testdata read from them.
type v1Dump struct {
	Records   []Record
	Conflicts []Conflict
	Settings  map[string]string
}

// copyTestFile copies a data file of store/testdata into a folder of the
// test's own, returning its path there, the file as it is and the JSON
// of what the siap that wrote it read from it (testdata/NAME.json).
func copyTestFile(t *testing.T, name string) (path string, original, dump []byte) {
	t.Helper()
	original, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	dump, err = os.ReadFile(filepath.Join("testdata", name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	path = filepath.Join(t.TempDir(), "siap.db")
	if err := os.WriteFile(path, original, 0o600); err != nil {
		t.Fatal(err)
	}
	return path, original, dump
}

// testFileDump is copyTestFile with the dump of a file written by a siap
// of format 1 or 2 read.
func testFileDump(t *testing.T, name string) (path string, original []byte, want v1Dump) {
	t.Helper()
	path, original, js := copyTestFile(t, name)
	if err := json.Unmarshal(js, &want); err != nil {
		t.Fatal(err)
	}
	return path, original, want
}

func TestFormat1FilesAreMigrated(t *testing.T) {
	for _, tt := range []struct{ file, pass string }{
		{"v1-encrypted.siap", "migration test passphrase"},
		{"v1-plain.siap", ""},
	} {
		t.Run(tt.file, func(t *testing.T) {
			path, original, want := testFileDump(t, tt.file)
			dir := filepath.Dir(path)

			// A pack from a siap of format 1 merges without changing it.
			sup, _ := openTemp(t)
			res, err := sup.Merge(path, tt.pass)
			if err != nil || res.Added != 3 {
				t.Fatalf("merging a format-1 pack: %v %v", res, err)
			}
			if now, _ := os.ReadFile(path); !bytes.Equal(now, original) {
				t.Fatal("merging changed the pack")
			}
			if left, _ := filepath.Glob(filepath.Join(dir, ".siap-reading-*")); len(left) > 0 {
				t.Errorf("the updated copy it was read through is left behind: %v", left)
			}

			s, err := Open(path, Options{Passphrase: tt.pass})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			for _, w := range want.Records {
				got, err := s.Record(w.Interview.ID)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(asFormat1(t, got), w) {
					t.Errorf("interview %s after migration:\n got %+v\nwant %+v", w.Interview.ID, got, w)
				}
			}
			conflicts, _ := s.Conflicts()
			for i := range conflicts {
				conflicts[i].Local = asFormat1(t, conflicts[i].Local)
			}
			if !reflect.DeepEqual(conflicts, want.Conflicts) {
				t.Errorf("conflicts after migration:\n got %+v\nwant %+v", conflicts, want.Conflicts)
			}
			for k, v := range want.Settings {
				if got, _ := s.Setting(k); got != v {
					t.Errorf("setting %s = %q, want %q", k, got, v)
				}
			}
			if r, _ := s.Verify(); len(r.Problems) > 0 || r.Interviews != 3 {
				t.Errorf("verify after migration: %v", r)
			}
			// The file as it was is kept, byte for byte, as a backup.
			backups, _ := Backups(path)
			if len(backups) != 1 {
				t.Fatalf("backups after migration: %v", backups)
			}
			if kept, _ := os.ReadFile(backups[0]); !bytes.Equal(kept, original) {
				t.Error("the backup is not the file as it was")
			}
			// The migrated file works as any other, and merging the old
			// pack again changes nothing.
			if err := s.Save(want.Records[1].Interview.ID, []Change{{Path: "city", Value: "medan"}}); err != nil {
				t.Fatal(err)
			}
			if res, err := sup.Merge(backups[0], tt.pass); err != nil || res.Unchanged != 3 {
				t.Errorf("merging the same pack again: %v %v", res, err)
			}
		})
	}
}

// asFormat1 checks that a migrated interview goes by its format-1
// digest as an alias, and returns it as format 1 had it.
func asFormat1(t *testing.T, r Record) Record {
	t.Helper()
	if len(r.Interview.Aliases) != 1 || r.Interview.Aliases[0] != contentHashV1(&r.Interview, r.Answers) {
		t.Errorf("interview %s: aliases %v, want its format-1 digest", r.Interview.ID, r.Interview.Aliases)
		return r
	}
	r.Interview.Hash, r.Interview.Aliases, r.Interview.Sum = r.Interview.Aliases[0], nil, ""
	return r
}

func TestKeysRevealNoAnswers(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "siap.db")
	s, id := fileWithRespondent(t, path, passphrase)
	s.Save(id, []Change{{Path: "programs", Value: "pkh"}, {Path: "receives_bansos", Value: "yes"}})
	s.Close()
	data, _ := os.ReadFile(path)
	for _, p := range []string{"programs", "receives_bansos", "resp_name", "nik", "phone_number"} {
		if bytes.Contains(data, []byte(p)) {
			t.Errorf("the encrypted file shows the question %q was answered", p)
		}
	}
}

// TestEarlierFormatsAreUpdated: a file of format 2 (written by the siap
// before times were kept to the millisecond) or 3 (by the siap before
// log rows were numbered in the order they are written, its interview A
// saved 45 times, its saved changes folded at the 32nd) reads as it was
// written, read-only without a change; opened for writing, it is kept as
// a backup that still reads as it was, marked with the current format,
// and works as any other: rows saved now follow the rows it had, and
// verify finds none missing.
func TestEarlierFormatsAreUpdated(t *testing.T) {
	for _, tt := range []struct{ file, pass, version string }{
		{"v2-encrypted.siap", "rembulan-sawah-kopi-tujuh", "2"},
		{"v2-plain.siap", "", "2"},
		{"v3-encrypted.siap", "gunung-kelapa-sembilan-lima", "3"},
		{"v3-plain.siap", "", "3"},
	} {
		t.Run(tt.file, func(t *testing.T) {
			path, original, want := testFileDump(t, tt.file)
			same := func(s *Store, when string) {
				t.Helper()
				for _, w := range want.Records {
					got, err := s.Record(w.Interview.ID)
					if err != nil {
						t.Fatalf("%s: %v", when, err)
					}
					if !reflect.DeepEqual(got, w) {
						t.Errorf("%s: interview %s:\n got %+v\nwant %+v", when, w.Interview.ID, got, w)
					}
				}
				if conflicts, _ := s.Conflicts(); !reflect.DeepEqual(conflicts, want.Conflicts) {
					t.Errorf("%s: conflicts:\n got %+v\nwant %+v", when, conflicts, want.Conflicts)
				}
				for k, v := range want.Settings {
					if got, _ := s.Setting(k); got != v {
						t.Errorf("%s: setting %s = %q, want %q", when, k, got, v)
					}
				}
				if r, err := s.Verify(); err != nil || len(r.Problems) > 0 || r.Interviews != len(want.Records) {
					t.Errorf("%s: verify: %+v %v", when, r, err)
				}
			}

			ro, err := Open(path, Options{Passphrase: tt.pass, ReadOnly: true})
			if err != nil {
				t.Fatal(err)
			}
			same(ro, "read-only")
			ro.Close()
			if now, _ := os.ReadFile(path); !bytes.Equal(now, original) {
				t.Fatal("reading the file changed it")
			}

			s, err := Open(path, Options{Passphrase: tt.pass})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			same(s, "updated")
			backups, _ := Backups(path)
			if len(backups) != 1 {
				t.Fatalf("backups after the update: %v", backups)
			}
			var version string
			s.view(func(tx *bolt.Tx) error {
				version = string(tx.Bucket([]byte(bucketMeta)).Get([]byte("schema")))
				return nil
			})
			if version != strconv.Itoa(SchemaVersion) {
				t.Errorf("the updated file is of format %s, want %d", version, SchemaVersion)
			}
			b, err := Open(backups[0], Options{Passphrase: tt.pass, ReadOnly: true})
			if err != nil {
				t.Fatal(err)
			}
			same(b, "the backup")
			b.Close()
			version = schemaOf(t, backups[0])
			if version != tt.version {
				t.Errorf("the backup is of format %s, want %s", version, tt.version)
			}

			// Saved again, in the new records, beside the old ones; an
			// earlier siap's copy merges as unchanged where nothing moved.
			id := want.Records[0].Interview.ID
			if err := s.Save(id, []Change{{Path: "city", Value: "ambon"}}, Event{Kind: EventShown, Path: "city"}); err != nil {
				t.Fatal(err)
			}
			answers, err := s.Answers(id)
			if err != nil || answers["city"].Value != "ambon" || answers["nik"] != want.Records[0].Answers["nik"] {
				t.Errorf("after a save: %v %v", answers, err)
			}
			// Enough saves to fold the saved changes again and to forget
			// the oldest digests past the history's bound, among the rows
			// the file had.
			for i := range maxHistory + historySlack {
				if err := s.Save(id, []Change{{Path: "q", Value: strconv.Itoa(i)}}, Event{Kind: EventShown, Path: "q"}); err != nil {
					t.Fatal(err)
				}
			}
			rec, err := s.Record(id)
			if err != nil {
				t.Fatal(err)
			}
			if rec.Answers["q"].Value != strconv.Itoa(maxHistory+historySlack-1) || rec.Answers["city"].Value != "ambon" ||
				len(rec.Interview.History) < maxHistory || len(rec.Interview.History) > maxHistory+historySlack {
				t.Errorf("after many saves: q=%v city=%v, %d digests", rec.Answers["q"], rec.Answers["city"], len(rec.Interview.History))
			}
			// Each save logs its change and the question shown.
			if got, was := len(rec.Events), len(want.Records[0].Events); got != was+2*(1+maxHistory+historySlack) {
				t.Errorf("after many saves: %d paradata events, had %d", got, was)
			}
			if r, err := s.Verify(); err != nil || len(r.Problems) > 0 {
				t.Errorf("verify after saves: %+v %v", r, err)
			}
			s.Close()
			sup, _ := openTemp(t)
			if res, err := sup.Merge(backups[0], tt.pass); err != nil || res.Added != len(want.Records) {
				t.Errorf("merging the format-%s backup: %v %v", tt.version, res, err)
			}
			// The updated file merges too, its rows of both shapes (into a
			// file of its own: the backup's revision of the interview is
			// older than the digests it remembers).
			sup2, _ := openTemp(t)
			if res, err := sup2.Merge(path, tt.pass); err != nil || res.Added != len(want.Records) {
				t.Errorf("merging the updated file: %+v %v", res, err)
			}
			if got, err := sup2.Record(id); err != nil || !reflect.DeepEqual(got.Answers, rec.Answers) || len(got.Events) != len(rec.Events) {
				t.Errorf("the merged interview differs from the updated file's: %v", err)
			}
		})
	}
}

// schemaOf is the data format a file says it has, read as it is.
func schemaOf(t *testing.T, path string) string {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var version string
	db.View(func(tx *bolt.Tx) error {
		version = string(tx.Bucket([]byte(bucketMeta)).Get([]byte("schema")))
		return nil
	})
	return version
}

// TestCutUpdateStartsAgain: an update of a format-3 file is built
// beside it, and the file is replaced only once the new one is whole: a
// siap killed while building leaves the file as it was and a part-built
// file, which the next open for writing builds again. The updated file
// is as compact as one this siap writes: no more pages than the file it
// replaces.
func TestCutUpdateStartsAgain(t *testing.T) {
	for _, tt := range []struct{ file, pass string }{
		{"v3-plain.siap", ""},
		{"v3-encrypted.siap", "gunung-kelapa-sembilan-lima"},
	} {
		t.Run(tt.file, func(t *testing.T) {
			path, original, want := testFileDump(t, tt.file)
			// What a killed update leaves: a part of the new file.
			if err := os.WriteFile(path+".migrating", original[:8192], 0o600); err != nil {
				t.Fatal(err)
			}
			s, err := Open(path, Options{Passphrase: tt.pass})
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			err = s.EachRecord(true, func(r Record) error {
				n++
				for _, w := range want.Records {
					if w.Interview.ID == r.Interview.ID && !reflect.DeepEqual(r, w) {
						t.Errorf("interview %s reads otherwise after the update", w.Interview.ID)
					}
				}
				return nil
			})
			if err != nil || n != len(want.Records) {
				t.Errorf("%d interviews read, want %d: %v", n, len(want.Records), err)
			}
			if r, err := s.Verify(); err != nil || len(r.Problems) > 0 {
				t.Errorf("verify: %+v %v", r, err)
			}
			s.view(func(tx *bolt.Tx) error {
				for _, b := range []string{bucketInterviews, bucketRevisions} {
					if k, _ := tx.Bucket([]byte(b)).Cursor().First(); k != nil {
						t.Errorf("the %s bucket still holds %x", b, k)
					}
				}
				if got := tx.Bucket([]byte(bucketInterviews)).Sequence(); got != uint64(len(want.Records)) {
					t.Errorf("the last sequence number given is %d, want %d", got, len(want.Records))
				}
				return nil
			})
			s.Close()
			if _, err := os.Stat(path + ".migrating"); err == nil {
				t.Error("the part-built file was left behind")
			}
			if v := schemaOf(t, path); v != strconv.Itoa(SchemaVersion) {
				t.Errorf("format %s after the update, want %d", v, SchemaVersion)
			}
			if now, _ := os.Stat(path); now.Size() > int64(len(original)) {
				t.Errorf("the updated file takes %d bytes, the file it replaced %d", now.Size(), len(original))
			}
		})
	}
}

// TestFormat3FileSalvaged: a file of format 3, read as it is, salvages
// into a file that verifies clean, read-only and once updated.
func TestFormat3FileSalvaged(t *testing.T) {
	path, _, want := testFileDump(t, "v3-plain.siap")
	s, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(filepath.Dir(path), "salvaged.siap")
	res, err := s.Salvage(out)
	s.Close()
	if err != nil || res.Interviews != len(want.Records) || len(res.Lost) > 0 || len(res.Skipped) > 0 {
		t.Fatalf("salvage: %+v %v", res, err)
	}
	for _, readOnly := range []bool{true, false} {
		got, err := Open(out, Options{ReadOnly: readOnly})
		if err != nil {
			t.Fatal(err)
		}
		r, err := got.Verify()
		got.Close()
		if err != nil || len(r.Problems) > 0 || r.Interviews != len(want.Records) {
			t.Errorf("the salvaged file, read-only %v: %v %v", readOnly, r, err)
		}
	}
}

package store

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

func TestMain(m *testing.M) {
	UseTestKeyDerivation(m)
	// The crash and disk-full tests re-execute this binary as a child.
	switch os.Getenv("SIAP_STORE_CHILD") {
	case "crash":
		crashChild()
		return
	case "diskfull":
		diskFullChild()
		return
	case "merge":
		mergeChild()
		return
	case "scale":
		scaleChild()
		return
	}
	os.Exit(m.Run())
}

func openTemp(t testing.TB) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "siap.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, path
}

func newInterview(t testing.TB, s *Store) Interview {
	t.Helper()
	key, err := s.AddForm(FormSource{ID: "f", Version: "1", Name: "f.csv", Data: []byte("survey\n")})
	if err != nil {
		t.Fatal(err)
	}
	iv, err := s.Create(Interview{FormKey: key, FormID: "f", FormVersion: "1", Interviewer: "ani"}, []Change{{Path: "start", Value: "2026-11-24T09:00:00.000+07:00"}})
	if err != nil {
		t.Fatal(err)
	}
	return iv
}

func TestSaveAndReadBack(t *testing.T) {
	s, path := openTemp(t)
	iv := newInterview(t, s)
	if !strings.HasPrefix(iv.ID, "uuid:") || iv.Status != Draft {
		t.Fatalf("created %+v", iv)
	}
	steps := [][]Change{
		{{Path: "city", Value: "medan"}},
		{{Path: "members[2]/age", Value: "34"}},
		{{Path: "city", Value: "kupang"}},
		{{Path: "members[2]/age", Removed: true}},
		{{Path: "city", Value: "kupang"}}, // unchanged: no event
	}
	for _, c := range steps {
		if err := s.Save(iv.ID, c); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Log(iv.ID, Event{Kind: EventShown, Path: "resp_age"}, Event{Kind: EventLanguage, New: "English (en)"}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	vals, err := s.Values(iv.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(vals) != 2 || vals["city"] != "kupang" || vals["start"] == "" {
		t.Errorf("answers after reopen: %v", vals)
	}
	got, _ := s.Interview(iv.ID)
	if got.Revision != 5 || got.Position != "resp_age" || got.Language != "English (en)" {
		t.Errorf("interview after reopen: revision %d position %q language %q", got.Revision, got.Position, got.Language)
	}
	var kinds []string
	var change Event
	s.Events(iv.ID, func(e Event) error {
		kinds = append(kinds, e.Kind)
		if e.Kind == EventChanged {
			change = e
		}
		if e.Time.Location() != time.UTC {
			t.Errorf("event time %v is not UTC", e.Time)
		}
		return nil
	})
	want := "opened set set set changed cleared shown language"
	if strings.Join(kinds, " ") != want {
		t.Errorf("paradata %v, want %s", kinds, want)
	}
	if change.Path != "city" || change.Old != "medan" || change.New != "kupang" {
		t.Errorf("change event %+v", change)
	}
}

func TestSyncIsNeverTurnedOff(t *testing.T) {
	s, _ := openTemp(t)
	if s.db.NoSync || s.db.NoFreelistSync || s.db.NoGrowSync {
		t.Errorf("NoSync=%v NoFreelistSync=%v NoGrowSync=%v; every answer must be synced", s.db.NoSync, s.db.NoFreelistSync, s.db.NoGrowSync)
	}
}

func TestStatusLifecycle(t *testing.T) {
	s, _ := openTemp(t)
	iv := newInterview(t, s)
	if err := s.SetStatus(iv.ID, Completed, "ani", ""); err != nil {
		t.Fatal(err)
	}
	if err := s.SetStatus(iv.ID, Rejected, "sup", "NIK tidak lengkap"); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Interview(iv.ID)
	if got.Status != Rejected || got.Comment != "NIK tidak lengkap" {
		t.Errorf("status %s comment %q", got.Status, got.Comment)
	}
	var last Event
	s.Events(iv.ID, func(e Event) error { last = e; return nil })
	if last.Kind != EventStatus || last.Who != "sup" || last.Old != string(Completed) || last.New != string(Rejected) {
		t.Errorf("last event %+v", last)
	}
	if err := s.SetStatus(iv.ID, "lost", "sup", ""); err == nil {
		t.Error("an unknown status was accepted")
	}
	if _, err := s.Interview("uuid:nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing interview: %v", err)
	}
}

func TestSecondProcessIsToldTheFileIsInUse(t *testing.T) {
	_, path := openTemp(t)
	start := time.Now()
	_, err := Open(path, Options{})
	if !errors.Is(err, ErrInUse) {
		t.Fatalf("second open: %v, want ErrInUse", err)
	}
	if want := "data file " + path + " is in use by another siap process"; err.Error() != want {
		t.Errorf("message %q, want %q", err, want)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("took %v to give up", d)
	}
}

func TestBadFiles(t *testing.T) {
	dir := t.TempDir()
	good, goodPath := openTemp(t)
	newInterview(t, good)
	good.Close()
	data, _ := os.ReadFile(goodPath)

	foreign := filepath.Join(dir, "foreign.db")
	db, _ := bolt.Open(foreign, 0o600, nil)
	db.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("other")); return err })
	db.Close()

	newer := filepath.Join(dir, "newer.db")
	s, _ := Open(newer, Options{})
	s.db.Update(func(tx *bolt.Tx) error { return tx.Bucket([]byte(bucketMeta)).Put([]byte("schema"), []byte("99")) })
	s.Close()

	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, b, 0o600)
		return p
	}
	tests := []struct {
		name, path, want string
	}{
		{"text file", write("notes.db", []byte(strings.Repeat("this is not a database\n", 500))), "damaged or not a siap data file"},
		{"truncated", write("truncated.db", data[:len(data)/3]), "damaged or not a siap data file"},
		{"garbage pages", write("garbage.db", append(append([]byte{}, data[:8192]...), make([]byte, 20000)...)), ""},
		{"other bbolt file", foreign, "is not a siap data file"},
		{"newer siap", newer, "written by a newer siap"},
		{"folder", dir, "is a folder"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Open(tt.path, Options{})
			if err == nil {
				// A file bbolt opens may still be damaged inside: verify
				// must say so without panicking.
				r, _ := s.Verify()
				s.Close()
				if tt.want != "" || len(r.Problems) == 0 && r.Interviews > 0 {
					t.Fatalf("opened without error; verify: %v", r)
				}
				return
			}
			if !strings.Contains(err.Error(), tt.path) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not name the file and say %q", err, tt.want)
			}
		})
	}
}

func TestBackupsKeepTheLastThree(t *testing.T) {
	s, path := openTemp(t)
	iv := newInterview(t, s)
	s.Close()
	day := time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)
	open := func() *Store {
		t.Helper()
		s, err := Open(path, Options{Now: func() time.Time { return day }})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	count := func() int { b, _ := Backups(path); return len(b) }
	for i := 0; i < 5; i++ {
		s := open()
		s.Save(iv.ID, []Change{{Path: "n", Value: string(rune('a' + i))}})
		s.Close()
		// Opened again the same day: no second copy.
		open().Close()
		day = day.Add(25 * time.Hour)
	}
	if n := count(); n != 3 {
		t.Fatalf("%d backups, want 3", n)
	}
	// Unchanged since the last copy: none, however old the copy is.
	open().Close()
	day = day.Add(72 * time.Hour)
	open().Close()
	if n := count(); n != 4-1 {
		t.Fatalf("an unchanged file was copied again: %d backups", n)
	}
	// An empty backup (the disk filled up) does not count and goes.
	backups, _ := Backups(path)
	empty := path + ".bak-29990101-000000.000000"
	os.WriteFile(empty, nil, 0o600)
	s = open()
	s.Save(iv.ID, []Change{{Path: "n", Value: "z"}})
	s.Close()
	day = day.Add(25 * time.Hour)
	open().Close()
	after, _ := Backups(path)
	if len(after) != 3 || slices.Contains(after, empty) || slices.Contains(after, backups[0]) {
		t.Fatalf("backups %v, from %v", after, backups)
	}
	// The newest backup holds the file as it was before the last open.
	b, err := Open(after[2], Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	vals, _ := b.Values(iv.ID)
	if vals["n"] != "z" {
		t.Errorf("newest backup has n=%q, want z", vals["n"])
	}
}

func TestVerifyFindsDamagedRecords(t *testing.T) {
	s, _ := openTemp(t)
	iv := newInterview(t, s)
	s.Save(iv.ID, []Change{{Path: "city", Value: "medan"}})
	if r, _ := s.Verify(); len(r.Problems) != 0 || r.Interviews != 1 || r.Answers != 2 || r.Events != 3 {
		t.Fatalf("verify on a good file: %v", r)
	}
	s.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte(bucketAnswers)).Put(seqOf(tx, iv.ID), []byte("Pgarbage{"))
	})
	r, _ := s.Verify()
	if len(r.Problems) != 1 || !strings.Contains(r.Problems[0].String(), "damaged") {
		t.Errorf("verify on a damaged record: %v", r)
	}
}

func TestFormsAreKeptOncePerVersion(t *testing.T) {
	s, _ := openTemp(t)
	k1, _ := s.AddForm(FormSource{ID: "f", Version: "1", Name: "f.csv", Data: []byte("v1")})
	k1again, _ := s.AddForm(FormSource{ID: "f", Version: "1", Name: "f.csv", Data: []byte("v1")})
	k2, _ := s.AddForm(FormSource{ID: "f", Version: "2", Name: "f.csv", Data: []byte("v2")})
	if k1 != k1again || k1 == k2 {
		t.Error("form keys do not follow the bytes")
	}
	if cur, _ := s.CurrentForm(); cur.Version != "2" {
		t.Errorf("current form version %q", cur.Version)
	}
	if old, _ := s.Form(k1); string(old.Data) != "v1" {
		t.Error("the old form version is lost")
	}
	if _, err := s.AddForm(FormSource{ID: "other", Data: []byte("x")}); err == nil || !strings.Contains(err.Error(), "start another data file") {
		t.Errorf("another study's form: %v", err)
	}
	// The choices files are part of the form: kept with it, and a changed
	// file is a new version.
	towns := map[string][]byte{"towns.csv": []byte("name,label\nmdn,Medan\n")}
	k3, _ := s.AddForm(FormSource{ID: "f", Version: "2", Name: "f.csv", Data: []byte("v2"), Files: towns})
	k4, _ := s.AddForm(FormSource{ID: "f", Version: "2", Name: "f.csv", Data: []byte("v2"), Files: map[string][]byte{"towns.csv": []byte("name,label\nsby,Surabaya\n")}})
	if k3 == k2 || k3 == k4 {
		t.Error("form keys do not follow the choices files")
	}
	if kept, _ := s.Form(k3); string(kept.Files["towns.csv"]) != string(towns["towns.csv"]) {
		t.Errorf("the choices file is not kept: %q", kept.Files)
	}
	if sum := sha256.Sum256([]byte("v1")); k1 != hex.EncodeToString(sum[:]) {
		t.Error("a form without files changed key")
	}
	if r, _ := s.Verify(); len(r.Problems) > 0 {
		t.Errorf("verify: %v", r.Problems)
	}
}

// TestSavedChangesReadBackWhateverTheirNumber saves many changes to one
// interview (more than are kept after its answers record before it is
// written whole again), and reads them back, from this handle and after
// reopening, with a content digest that matches a fresh computation.
func TestSavedChangesReadBackWhateverTheirNumber(t *testing.T) {
	s, path := openTemp(t)
	iv := newInterview(t, s)
	other := newInterview(t, s)
	want := map[string]string{"start": "2026-11-24T09:00:00.000+07:00"}
	for i := range 3*foldAfter + 5 {
		p := fmt.Sprintf("q%d", i%7)
		c := Change{Path: p, Value: fmt.Sprint(i)}
		if i%5 == 4 {
			c = Change{Path: p, Removed: true}
			delete(want, p)
		} else {
			want[p] = c.Value
		}
		if err := s.Save(iv.ID, []Change{c}); err != nil {
			t.Fatal(err)
		}
		if i%11 == 0 {
			// Another interview saved between: what this handle kept of
			// the first must not be used.
			s.Save(other.ID, []Change{{Path: "x", Value: fmt.Sprint(i)}})
		}
		if got, _ := s.Values(iv.ID); !maps.Equal(got, want) {
			t.Fatalf("after save %d: %v, want %v", i, got, want)
		}
	}
	s.Close()
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got, _ := s.Values(iv.ID); !maps.Equal(got, want) {
		t.Fatalf("after reopening: %v, want %v", got, want)
	}
	if r, _ := s.Verify(); len(r.Problems) > 0 {
		t.Fatalf("verify: %v", r)
	}
	got, _ := s.Interview(iv.ID)
	answers, _ := s.Answers(iv.ID)
	if got.Hash != contentHash(&got, sumOf(answers)) {
		t.Error("the digest kept by saves differs from one computed afresh")
	}
}

// TestFileGrowsByLittle: a data file grows by growBy when it needs room,
// not by bbolt's 16 MB or by doubling, so that a file of some thousands
// of interviews is not a third empty.
func TestFileGrowsByLittle(t *testing.T) {
	s, path := openTemp(t)
	s.db.NoSync = true // what is measured is the file's size, not its saves
	// Answers deflate cannot shrink: some 5 MB in use, where bbolt alone
	// would have grown the file to 8 MB.
	random := rand.New(rand.NewPCG(1, 2))
	for range 4500 {
		iv := newInterview(t, s)
		var all []Change
		for q := range 8 {
			all = append(all, Change{Path: fmt.Sprintf("q%d", q), Value: fmt.Sprintf("%x", random.Uint64()) + fmt.Sprintf("%x", random.Uint64())})
		}
		if err := s.Save(iv.ID, all); err != nil {
			t.Fatal(err)
		}
	}
	var used int64
	s.view(func(tx *bolt.Tx) error { used = tx.Size(); return nil })
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if used < 4<<20+512<<10 {
		t.Fatalf("the file uses %d bytes: too few to show how it grows", used)
	}
	if room := info.Size() - used; room > growBy {
		t.Errorf("the file is %d bytes for %d in use: %d bytes of room, want at most %d", info.Size(), used, room, growBy)
	}
}

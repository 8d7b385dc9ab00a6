package store

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"
)

const passphrase = "kopi-susu-makassar"

// personal is what must never be readable in a file.
var personal = []string{"Siti Aminah Tefa", "7371234567890123", "081234567890"}

// fileWithRespondent makes a data file holding one interview with the
// personal values, changed once so that the paradata holds them too.
func fileWithRespondent(t *testing.T, path, pass string) (*Store, string) {
	t.Helper()
	s, err := Open(path, Options{Passphrase: pass})
	if err != nil {
		t.Fatal(err)
	}
	key, _ := s.AddForm(FormSource{ID: "f", Name: "f.csv", Data: []byte("survey")})
	iv, err := s.Create(Interview{FormKey: key, FormID: "f", Interviewer: "ani"}, []Change{{Path: "resp_name", Value: "Siti"}})
	if err != nil {
		t.Fatal(err)
	}
	err = s.Save(iv.ID, []Change{{Path: "resp_name", Value: personal[0]}, {Path: "nik", Value: personal[1]}, {Path: "phone_number", Value: personal[2]}})
	if err != nil {
		t.Fatal(err)
	}
	return s, iv.ID
}

func hits(t *testing.T, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var found []string
	for _, p := range personal {
		if bytes.Contains(data, []byte(p)) {
			found = append(found, p)
		}
	}
	return found
}

func TestNothingPersonalIsReadableInFiles(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "siap.db")
	s, id := fileWithRespondent(t, path, passphrase)
	pack := filepath.Join(dir, "ani.siap")
	if err := s.Pack(pack); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err := Open(path, Options{Passphrase: passphrase}) // takes a backup
	if err != nil {
		t.Fatal(err)
	}
	vals, _ := s.Values(id)
	s.Close()
	if vals["nik"] != personal[1] {
		t.Fatalf("the NIK does not read back: %q", vals["nik"])
	}
	backups, _ := Backups(path)
	files := append([]string{path, pack}, backups...)
	if len(backups) == 0 {
		t.Fatal("no backup to search")
	}
	for _, f := range files {
		if found := hits(t, f); len(found) > 0 {
			t.Errorf("%s holds %v in clear", filepath.Base(f), found)
		}
	}
	// The same file made without encryption does hold them: the search
	// can find what it looks for.
	plain, _ := fileWithRespondent(t, filepath.Join(dir, "plain.db"), "")
	plain.Close()
	if found := hits(t, filepath.Join(dir, "plain.db")); len(found) != len(personal) {
		t.Errorf("the unencrypted file shows %v: the search is not looking right", found)
	}
	// A pack opens with the same passphrase and merges.
	sup, err := Open(filepath.Join(dir, "sup.db"), Options{Passphrase: passphrase})
	if err != nil {
		t.Fatal(err)
	}
	defer sup.Close()
	if res, err := sup.Merge(pack, passphrase); err != nil || res.Added != 1 {
		t.Errorf("merging an encrypted pack: %v %v", res, err)
	}
	if _, err := sup.Merge(pack, "another passphrase"); !errors.Is(err, ErrWrongPassphrase) {
		t.Errorf("a pack with another passphrase: %v", err)
	}
}

func TestTamperedValuesFailToRead(t *testing.T) {
	path := filepath.Join(t.TempDir(), "siap.db")
	s, id := fileWithRespondent(t, path, passphrase)
	defer s.Close()
	iv, _ := s.Interview(id)
	other, err := s.Create(Interview{FormKey: iv.FormKey, FormID: "f", Interviewer: "ani"}, []Change{{Path: "resp_name", Value: "Budi"}})
	if err != nil {
		t.Fatal(err)
	}
	seq := func(id string) (k []byte) {
		s.db.View(func(tx *bolt.Tx) error { k = bytes.Clone(seqOf(tx, id)); return nil })
		return k
	}
	get := func(id string) []byte {
		var v []byte
		s.db.View(func(tx *bolt.Tx) error {
			v = bytes.Clone(tx.Bucket([]byte(bucketAnswers)).Get(seqOf(tx, id)))
			return nil
		})
		return v
	}
	put := func(id string, v []byte) {
		k := seq(id)
		s.db.Update(func(tx *bolt.Tx) error { return tx.Bucket([]byte(bucketAnswers)).Put(k, v) })
	}
	original := get(id)
	for i := range original {
		flipped := append([]byte{}, original...)
		flipped[i] ^= 0x01
		put(id, flipped)
		vals, err := s.Values(id)
		if err == nil {
			t.Fatalf("byte %d flipped: read %q without an error", i, vals["nik"])
		}
	}
	put(id, original)
	if vals, err := s.Values(id); err != nil || vals["nik"] != personal[1] {
		t.Fatalf("restored value: %v %v", vals, err)
	}
	// Swapping two interviews' sealed answers: each is bound to its own
	// interview.
	theirs := get(other.ID)
	put(other.ID, original)
	put(id, theirs)
	if vals, err := s.Values(id); err == nil {
		t.Errorf("swapped answers read as %v", vals)
	}
	if vals, err := s.Values(other.ID); err == nil {
		t.Errorf("swapped answers read as %v", vals)
	}
}

func TestPassphrases(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "siap.db")
	s, id := fileWithRespondent(t, path, passphrase)
	s.Close()
	before, _ := os.ReadFile(path)
	backupsBefore, _ := Backups(path)

	if _, err := Open(path, Options{Passphrase: "not the passphrase"}); !errors.Is(err, ErrWrongPassphrase) || !bytes.Contains([]byte(err.Error()), []byte(path)) {
		t.Errorf("wrong passphrase: %v", err)
	}
	if _, err := Open(path, Options{}); !errors.Is(err, ErrPassphraseNeeded) {
		t.Errorf("no passphrase: %v", err)
	}
	after, _ := os.ReadFile(path)
	backupsAfter, _ := Backups(path)
	if !bytes.Equal(before, after) || len(backupsAfter) != len(backupsBefore) {
		t.Error("a refused passphrase wrote to the file or made a backup")
	}
	if exists, encrypted, err := Inspect(path); !exists || !encrypted || err != nil {
		t.Errorf("Inspect: %v %v %v", exists, encrypted, err)
	}

	s, err := Open(path, Options{Passphrase: passphrase})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.ChangePassphrase(passphrase, "short"); err == nil {
		t.Error("a short passphrase was accepted")
	}
	if err := s.ChangePassphrase("wrong old one", "teh-tarik-kupang"); !errors.Is(err, ErrWrongPassphrase) {
		t.Errorf("changing with a wrong old passphrase: %v", err)
	}
	if err := s.ChangePassphrase(passphrase, "teh-tarik-kupang"); err != nil {
		t.Fatal(err)
	}
	if err := s.CheckPassphrase("teh-tarik-kupang"); err != nil {
		t.Errorf("the new passphrase does not unlock: %v", err)
	}
	if err := s.CheckPassphrase(passphrase); !errors.Is(err, ErrWrongPassphrase) {
		t.Errorf("the old passphrase still unlocks: %v", err)
	}
	s.Close()
	if _, err := Open(path, Options{Passphrase: passphrase}); !errors.Is(err, ErrWrongPassphrase) {
		t.Errorf("the old passphrase still opens the file: %v", err)
	}
	s, err = Open(path, Options{Passphrase: "teh-tarik-kupang"})
	if err != nil {
		t.Fatal(err)
	}
	if vals, _ := s.Values(id); vals["nik"] != personal[1] {
		t.Error("the data did not survive the change of passphrase")
	}
	s.Close()
	// A backup taken before the change keeps the old passphrase.
	backups, _ := Backups(path)
	b, err := Open(backups[0], Options{ReadOnly: true, Passphrase: passphrase})
	if err != nil {
		t.Errorf("an older backup with its passphrase: %v", err)
	} else {
		b.Close()
	}
}

func TestEraseLeavesNothingBehind(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "siap.db")
	s, id := fileWithRespondent(t, path, "") // unencrypted, so a search could see leftovers
	key, _ := s.AddForm(FormSource{ID: "f", Name: "f.csv", Data: []byte("survey")})
	other, _ := s.Create(Interview{FormKey: key, FormID: "f"}, []Change{{Path: "resp_name", Value: "Budi Santoso"}})
	s.Close()
	// A file set aside by siap restore holds the respondent too.
	if err := copyFile(path, path+".replaced-20261101-101010"); err != nil {
		t.Fatal(err)
	}
	s, err := Open(path, Options{}) // a backup now holds the respondent too
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Erase(id); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Interview(id); !errors.Is(err, ErrNotFound) {
		t.Errorf("the erased interview is still there: %v", err)
	}
	if vals, _ := s.Values(other.ID); vals["resp_name"] != "Budi Santoso" {
		t.Error("erasing one interview damaged another")
	}
	backups, _ := Backups(path)
	for _, f := range append([]string{path, path + ".replaced-20261101-101010"}, backups...) {
		if found := hits(t, f); len(found) > 0 {
			t.Errorf("%s still holds %v after erasing", filepath.Base(f), found)
		}
	}
	if err := s.Save(other.ID, []Change{{Path: "x", Value: "y"}}); err != nil {
		t.Errorf("the file is not writable after erasing: %v", err)
	}
}

// TestRealKeyDerivation is the one test that derives keys as siap itself
// does (the rest of the suite uses UseTestKeyDerivation): a new file
// records RFC 9106's settings and opens only with its passphrase.
func TestRealKeyDerivation(t *testing.T) {
	saved := newFileKDF
	newFileKDF = defaultKDF
	t.Cleanup(func() { newFileKDF = saved })

	path := filepath.Join(t.TempDir(), "siap.db")
	s, _ := fileWithRespondent(t, path, passphrase)
	var k keyRecord
	err := s.view(func(tx *bolt.Tx) error {
		var err error
		k, _, err = readKeyRecord(tx)
		return err
	})
	s.Close()
	if err != nil {
		t.Fatal(err)
	}
	p := k.Params
	if p.Time != 3 || p.MemKiB != 64*1024 || p.Threads != 4 || k.KDF != "argon2id" || len(k.Params.Salt) != 16 {
		t.Errorf("a new file's key derivation is %s %+v, want argon2id t=3 m=65536 p=4 with a 16-byte salt", k.KDF, k.Params)
	}
	if _, err := Open(path, Options{Passphrase: "not the passphrase"}); !errors.Is(err, ErrWrongPassphrase) {
		t.Errorf("wrong passphrase: %v", err)
	}
	s, err = Open(path, Options{Passphrase: passphrase})
	if err != nil {
		t.Fatalf("the right passphrase: %v", err)
	}
	s.Close()
}

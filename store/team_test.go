package store

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// member is one laptop of a team: its own data file and passphrase.
func member(t *testing.T, dir, name, pass string) *Store {
	t.Helper()
	s, err := Open(filepath.Join(dir, name+".db"), Options{Passphrase: pass})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func publicKey(t *testing.T, s *Store) string {
	t.Helper()
	k, err := s.PublicKey()
	if err != nil || !strings.HasPrefix(k, "age1") {
		t.Fatalf("public key %q: %v", k, err)
	}
	return k
}

// TestPacksOpenOnlyForTheirRecipients: an interviewer's pack opens only
// with the supervisor's file, and the supervisor's pack for Ani only with
// Ani's; no passphrase is given to any merge; a pack holds neither the
// sender's keys nor its settings, and its sender's passphrase does not
// open it.
func TestPacksOpenOnlyForTheirRecipients(t *testing.T) {
	dir := t.TempDir()
	sup := member(t, dir, "sup", "rendang-padang-42")
	ani, aniID := fileWithRespondent(t, filepath.Join(dir, "ani.db"), passphrase)
	defer ani.Close()
	budi := member(t, dir, "budi", "sepeda-hujan-kupang-9")
	supKey, aniKey := publicKey(t, sup), publicKey(t, ani)
	for _, s := range []*Store{ani, budi} {
		if err := s.TrustSupervisor(supKey); err != nil {
			t.Fatal(err)
		}
	}
	if err := sup.Trust(TrustedKey{Name: "ani", Key: aniKey}); err != nil {
		t.Fatal(err)
	}
	to, err := ani.Recipients("")
	if err != nil || len(to) != 1 || to[0] != supKey {
		t.Fatalf("Ani's pack goes to %v (%v), want the supervisor's key", to, err)
	}
	pack := filepath.Join(dir, "ani.pack")
	if err := ani.Pack(pack, to...); err != nil {
		t.Fatal(err)
	}
	if res, err := sup.Merge(pack, ""); err != nil || res.Added != 1 {
		t.Fatalf("the supervisor merging Ani's pack: %v %v", res, err)
	}
	for name, s := range map[string]*Store{"Ani (its sender)": ani, "Budi": budi} {
		_, err := s.Merge(pack, passphrase)
		var nfy *NotForYouError
		if !errors.As(err, &nfy) || !strings.Contains(err.Error(), "was encrypted for supervisor ("+supKey+")") {
			t.Errorf("%s merging Ani's pack: %v", name, err)
		}
	}
	if _, err := Open(pack, Options{ReadOnly: true, Passphrase: passphrase}); !errors.Is(err, ErrIsPack) {
		t.Errorf("the pack opened with its sender's passphrase: %v", err)
	}
	raw, _ := os.ReadFile(pack)
	own, _ := ani.Setting(settingIdentity)
	if found := hits(t, pack); len(found) > 0 || bytes.Contains(raw, []byte(own)) {
		t.Errorf("the pack holds %v, or Ani's private key, in clear", found)
	}
	supID, _ := sup.identity()
	p, err := Open(pack, Options{ReadOnly: true, identity: supID})
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{settingIdentity, settingTrusted, "pii_key", "device_id"} {
		if v, _ := p.Setting(k); v != "" {
			t.Errorf("the pack holds Ani's setting %s", k)
		}
	}
	p.Close()

	// Back to Ani, with the supervisor's decision.
	if err := sup.SetStatus(aniID, Rejected, "sup", "umur tidak cocok"); err != nil {
		t.Fatal(err)
	}
	to, err = sup.Recipients("", "Ani")
	if err != nil || len(to) != 1 || to[0] != aniKey {
		t.Fatalf("the pack for Ani goes to %v (%v)", to, err)
	}
	back := filepath.Join(dir, "for-ani.pack")
	n, err := sup.PackFor(back, PackOptions{To: to, Keep: func(iv Interview) bool { return iv.Interviewer == "ani" }})
	if err != nil || n != 1 {
		t.Fatalf("the pack for Ani: %d %v", n, err)
	}
	if res, err := ani.Merge(back, ""); err != nil || res.Updated != 1 {
		t.Errorf("Ani merging the supervisor's pack: %v %v", res, err)
	}
	if _, err := budi.Merge(back, ""); !errors.Is(err, ErrPackNotForYou) {
		t.Errorf("Budi merging the pack for Ani: %v", err)
	}
	if _, err := budi.Recipients("", "Ani"); err == nil || !strings.Contains(err.Error(), `trusts no key for "Ani"`) {
		t.Errorf("a pack for a name Budi does not trust: %v", err)
	}
	if err := sup.Pack(filepath.Join(dir, "nobody.pack")); !errors.Is(err, ErrNoRecipients) {
		t.Errorf("an encrypted pack for nobody: %v", err)
	}
}

// TestPlainPacksNeedAllowPlain: an encrypted file refuses what a file
// made with --no-encryption sends, unless told to take it.
func TestPlainPacksNeedAllowPlain(t *testing.T) {
	dir := t.TempDir()
	sup := member(t, dir, "sup", "rendang-padang-42")
	training, _ := fileWith(t, dir, "training.db", 2)
	p := pack(t, training, dir, "training.pack")
	if _, err := sup.Merge(p, ""); !errors.Is(err, ErrPlainRefused) {
		t.Errorf("a plain pack into an encrypted file: %v", err)
	}
	if res, err := sup.MergeWith(p, MergeOptions{AllowPlain: true}); err != nil || res.Added != 2 {
		t.Errorf("with AllowPlain: %v %v", res, err)
	}
}

type sealedValue struct{ name, key, value []byte }

// sealedValues lists every sealed value a file holds, with the name and
// key it is sealed under.
func sealedValues(tx *bolt.Tx) (out []sealedValue) {
	tx.ForEach(func(bucket []byte, b *bolt.Bucket) error {
		return b.ForEach(func(k, v []byte) error {
			name, as, sealed, err := sealedName(string(bucket), k)
			if err == nil && sealed && v != nil {
				out = append(out, sealedValue{[]byte(name), bytes.Clone(as), bytes.Clone(v)})
			}
			return nil
		})
	})
	return out
}

// sealedValuesOf lists the sealed values of a closed file.
func sealedValuesOf(t *testing.T, path string) (out []sealedValue) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.View(func(tx *bolt.Tx) error { out = sealedValues(tx); return nil })
	return out
}

// TestRotationLeavesTheOldKeyUseless: after siap passwd --rotate, the
// old passphrase opens neither the file nor its backups, the old data key
// (say it leaked) opens none of their values, and no value sealed under
// it is left anywhere in them, free pages included.
func TestRotationLeavesTheOldKeyUseless(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "siap.db")
	s, id := fileWithRespondent(t, path, passphrase)
	s.Close()
	s, err := Open(path, Options{Passphrase: passphrase, Now: func() time.Time { return time.Now().Add(48 * time.Hour) }}) // a backup
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var old keyRecord
	s.view(func(tx *bolt.Tx) error { old, _, err = readKeyRecord(tx); return err })
	oldKey, err := old.unwrap(passphrase)
	if err != nil {
		t.Fatal(err)
	}
	leaked, _ := newSealedCodec(oldKey)
	if _, err := s.Counts(); err != nil { // kept in the file from now on
		t.Fatal(err)
	}
	var before []sealedValue
	s.view(func(tx *bolt.Tx) error { before = sealedValues(tx); return nil })
	if len(before) == 0 {
		t.Fatal("no sealed values to compare")
	}
	res, err := s.Rotate(passphrase, "teh-tarik-kupang")
	if err != nil || len(res.Left) > 0 {
		t.Fatalf("rotate: %v %v", res, err)
	}
	backups, _ := Backups(path)
	files := append([]string{path}, backups...)
	if len(backups) == 0 || len(res.Rewritten) != len(files) {
		t.Fatalf("rotated %v, want the file and its backups %v", res.Rewritten, backups)
	}
	if v, err := s.Values(id); err != nil || v["nik"] != personal[1] {
		t.Errorf("the open file after rotation: %v %v", v["nik"], err)
	}
	if c, err := s.Counts(); err != nil || c.Status[Draft] != 1 {
		t.Errorf("the counts after rotation: %v %v", c.Status, err)
	}
	s.Close()
	for _, f := range files {
		if _, err := Open(f, Options{ReadOnly: true, Passphrase: passphrase}); !errors.Is(err, ErrWrongPassphrase) {
			t.Errorf("the old passphrase on %s: %v", filepath.Base(f), err)
		}
		r, err := Open(f, Options{ReadOnly: true, Passphrase: "teh-tarik-kupang"})
		if err != nil {
			t.Fatalf("the new passphrase on %s: %v", filepath.Base(f), err)
		}
		if rep, _ := r.Verify(); len(rep.Problems) > 0 || rep.Interviews != 1 {
			t.Errorf("%s after rotation: %v", filepath.Base(f), rep)
		}
		r.Close()
		for _, v := range sealedValuesOf(t, f) {
			if _, err := leaked.open(string(v.name), v.key, v.value); err == nil {
				t.Errorf("%s: the old key opens %s %x", filepath.Base(f), v.name, v.key)
			}
		}
		raw, _ := os.ReadFile(f)
		for _, v := range before {
			if len(v.value) > 24 && bytes.Contains(raw, v.value[1:25]) {
				t.Errorf("%s still holds a value sealed under the old key (%s %x)", filepath.Base(f), v.name, v.key)
			}
		}
	}
}

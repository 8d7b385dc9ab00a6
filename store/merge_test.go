package store

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// fileWith makes a data file with n interviews of form f.
func fileWith(t *testing.T, dir, name string, n int) (*Store, []string) {
	t.Helper()
	s, err := Open(filepath.Join(dir, name), Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	key, err := s.AddForm(FormSource{ID: "f", Version: "1", Name: "f.csv", Data: []byte("survey v1")})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for i := 0; i < n; i++ {
		iv, err := s.Create(Interview{FormKey: key, FormID: "f", Interviewer: name}, []Change{{Path: "q", Value: fmt.Sprint(i)}})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, iv.ID)
	}
	return s, ids
}

func pack(t *testing.T, s *Store, dir, name string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := s.Pack(p); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestMergeAddsAndIsIdempotent(t *testing.T) {
	dir := t.TempDir()
	sup, _ := fileWith(t, dir, "supervisor.db", 2)
	ani, _ := fileWith(t, dir, "ani.db", 3)
	p := pack(t, ani, dir, "ani.pack")
	first, err := sup.Merge(p, "")
	if err != nil || first.Added != 3 || first.Unchanged != 0 {
		t.Fatalf("first merge %v, %v", first, err)
	}
	second, err := sup.Merge(p, "")
	if err != nil || second.Added != 0 || second.Updated != 0 || second.Unchanged != 3 || second.Conflicts != 0 {
		t.Fatalf("merging the same pack again changed something: %v, %v", second, err)
	}
	if r, _ := sup.Verify(); r.Interviews != 5 || len(r.Problems) > 0 {
		t.Errorf("after merging: %v", r)
	}
}

func TestMergeCarriesDecisionsBackAndFindsConflicts(t *testing.T) {
	dir := t.TempDir()
	ani, ids := fileWith(t, dir, "ani.db", 2)
	sup, _ := fileWith(t, dir, "sup.db", 0)
	if _, err := sup.Merge(pack(t, ani, dir, "ani1.pack"), ""); err != nil {
		t.Fatal(err)
	}
	// The supervisor sends interview 0 back; the interviewer merges that.
	sup.SetStatus(ids[0], Rejected, "sup", "cek umur")
	res, err := ani.Merge(pack(t, sup, dir, "sup1.pack"), "")
	if err != nil || res.Updated != 1 || res.Unchanged != 1 {
		t.Fatalf("decision merge %v, %v", res, err)
	}
	iv, _ := ani.Interview(ids[0])
	if iv.Status != Rejected || iv.Comment != "cek umur" {
		t.Errorf("on the interviewer's laptop: %s %q", iv.Status, iv.Comment)
	}
	// Both now change interview 1: a conflict, and nothing is overwritten.
	ani.Save(ids[1], []Change{{Path: "q", Value: "ani's fix"}})
	sup.Save(ids[1], []Change{{Path: "q", Value: "supervisor's fix"}})
	res, err = sup.Merge(pack(t, ani, dir, "ani2.pack"), "")
	if err != nil || res.Conflicts != 1 {
		t.Fatalf("conflict merge %v, %v", res, err)
	}
	vals, _ := sup.Values(ids[1])
	if vals["q"] != "supervisor's fix" {
		t.Errorf("a conflict overwrote the supervisor's version: %q", vals["q"])
	}
	conflicts, _ := sup.Conflicts()
	if len(conflicts) != 1 || conflicts[0].Remote.Answers["q"].Value != "ani's fix" {
		t.Fatalf("conflicts %+v", conflicts)
	}
	if res, _ := sup.Merge(pack(t, ani, dir, "ani3.pack"), ""); res.Conflicts != 0 || res.Unchanged != 2 {
		t.Errorf("the same conflict counted twice: %v", res)
	}
	if err := sup.ResolveConflict(ids[1], conflicts[0].Remote.Interview.Hash, true, "sup"); err != nil {
		t.Fatal(err)
	}
	vals, _ = sup.Values(ids[1])
	if vals["q"] != "ani's fix" {
		t.Errorf("keeping the merged version left %q", vals["q"])
	}
	if c, _ := sup.Conflicts(); len(c) != 0 {
		t.Error("the conflict is still listed")
	}
	if res, _ := sup.Merge(pack(t, ani, dir, "ani4.pack"), ""); res.Conflicts != 0 || res.Updated != 0 {
		t.Errorf("after resolving, merging again: %v", res)
	}
	if res, _ := ani.Merge(pack(t, sup, dir, "sup2.pack"), ""); res.Conflicts != 0 {
		t.Errorf("the interviewer merging the resolution: %v", res)
	}
}

func TestMergeRefusesBadFiles(t *testing.T) {
	dir := t.TempDir()
	sup, _ := fileWith(t, dir, "sup.db", 1)
	ani, _ := fileWith(t, dir, "ani.db", 3)
	p := pack(t, ani, dir, "ani.pack")
	data, _ := os.ReadFile(p)
	truncated := filepath.Join(dir, "truncated.pack")
	os.WriteFile(truncated, data[:len(data)/2], 0o600)
	other, err := Open(filepath.Join(dir, "other.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	key, _ := other.AddForm(FormSource{ID: "another_study", Data: []byte("x")})
	other.Create(Interview{FormKey: key}, nil)
	other.Close()
	tests := []struct{ path, want string }{
		{truncated, "nothing was merged"},
		{filepath.Join(dir, "other.db"), `form "another_study"`},
		{filepath.Join(dir, "missing.pack"), "does not exist"},
		{sup.Path(), "this data file itself"},
	}
	for _, tt := range tests {
		res, err := sup.Merge(tt.path, "")
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), tt.path) {
			t.Errorf("merge %s: %v, want an error naming the file and saying %q", tt.path, err, tt.want)
		}
		if res.Added != 0 {
			t.Errorf("merge %s added %d", tt.path, res.Added)
		}
	}
	if r, _ := sup.Verify(); r.Interviews != 1 {
		t.Errorf("a refused merge changed the file: %d interviews", r.Interviews)
	}
}

// TestPackOnlyOneInterviewer: the supervisor's pack for Ani holds Ani's
// interviews and the decisions on them, nothing of Budi's, not even in
// free pages; Ani's laptop merges it back.
func TestPackOnlyOneInterviewer(t *testing.T) {
	dir := t.TempDir()
	sup, _ := fileWith(t, dir, "supervisor.db", 0)
	ani, aniIDs := fileWith(t, dir, "ani.db", 2)
	budi, budiIDs := fileWith(t, dir, "budi.db", 2)
	if err := budi.Save(budiIDs[0], []Change{{Path: "secret", Value: "ONLY-IN-BUDIS-INTERVIEW"}}); err != nil {
		t.Fatal(err)
	}
	for _, s := range []*Store{ani, budi} {
		if _, err := sup.Merge(pack(t, s, dir, filepath.Base(s.path)+".pack"), ""); err != nil {
			t.Fatal(err)
		}
	}
	if err := sup.SetStatus(aniIDs[0], Rejected, "sup", "umur tidak cocok"); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "for-ani.pack")
	n, err := sup.PackFor(out, PackOptions{Keep: func(iv Interview) bool { return iv.Interviewer == "ani.db" }})
	if err != nil || n != 2 {
		t.Fatalf("PackOnly: %d interviews, %v", n, err)
	}
	raw, _ := os.ReadFile(out)
	if strings.Contains(string(raw), "ONLY-IN-BUDIS-INTERVIEW") || strings.Contains(string(raw), budiIDs[1]) {
		t.Error("the pack for Ani holds traces of Budi's interviews")
	}
	res, err := ani.Merge(out, "")
	if err != nil || res.Updated != 1 || res.Unchanged != 1 || res.Added != 0 {
		t.Fatalf("Ani merging her pack: %v, %v", res, err)
	}
	if iv, _ := ani.Interview(aniIDs[0]); iv.Status != Rejected || iv.Comment != "umur tidak cocok" {
		t.Errorf("the decision did not reach Ani: %s %q", iv.Status, iv.Comment)
	}
	if _, err := os.Stat(out + ".partial"); !os.IsNotExist(err) {
		t.Error("the partial pack is left behind")
	}
}

// TestNotesTravelWithTheInterview: a supervisor's note on a question
// reaches the interviewer's laptop through a pack; removing it does too.
func TestNotesTravelWithTheInterview(t *testing.T) {
	dir := t.TempDir()
	sup, _ := fileWith(t, dir, "supervisor.db", 0)
	ani, ids := fileWith(t, dir, "ani.db", 1)
	id := ids[0]
	if _, err := sup.Merge(pack(t, ani, dir, "ani.pack"), ""); err != nil {
		t.Fatal(err)
	}
	before, _ := sup.Interview(id)
	if err := sup.SetNote(id, "q", "  tanyakan lagi umur  ", "Sari"); err != nil {
		t.Fatal(err)
	}
	after, _ := sup.Interview(id)
	if after.Hash == before.Hash || after.Notes["q"].Text != "tanyakan lagi umur" || after.Notes["q"].By != "Sari" {
		t.Fatalf("note not kept: %+v", after.Notes)
	}
	res, err := ani.Merge(pack(t, sup, dir, "sup.pack"), "")
	if err != nil || res.Updated != 1 {
		t.Fatalf("merging the supervisor's pack: %v %v", res, err)
	}
	if iv, _ := ani.Interview(id); iv.Notes["q"].Text != "tanyakan lagi umur" {
		t.Errorf("the note did not reach the interviewer: %+v", iv.Notes)
	}
	if err := ani.SetNote(id, "q", "", "Ani"); err != nil {
		t.Fatal(err)
	}
	if iv, _ := ani.Interview(id); len(iv.Notes) != 0 {
		t.Errorf("the note was not removed: %+v", iv.Notes)
	}
	var kinds []string
	ani.Events(id, func(e Event) error {
		if e.Kind == EventNote {
			kinds = append(kinds, e.Who+":"+e.New)
		}
		return nil
	})
	if strings.Join(kinds, "|") != "Sari:tanyakan lagi umur|Ani:" {
		t.Errorf("note events %v", kinds)
	}
}

// TestMergeOfADamagedRecordIsUndone: a record that fails to decode after
// whole batches were written undoes them all, at once.
func TestMergeOfADamagedRecordIsUndone(t *testing.T) {
	dir := t.TempDir()
	sup, _ := fileWith(t, dir, "sup.db", 1)
	ani, ids := fileWith(t, dir, "ani.db", 1)
	iv, _ := ani.Interview(ids[0])
	var records []Record
	for i := range mergeBatch + 50 {
		records = append(records, Record{
			Interview: Interview{ID: NewID(), FormKey: iv.FormKey, FormID: "f", Status: Completed, Created: iv.Created},
			Answers:   map[string]Answer{"q": {Value: fmt.Sprint(i), Changed: iv.Created}},
		})
	}
	if _, err := ani.Import(Records(records...)); err != nil {
		t.Fatal(err)
	}
	// The last interview's answers are damaged.
	last := records[len(records)-1].Interview.ID
	ani.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte(bucketAnswers)).Put(seqOf(tx, last), []byte("Pdamaged"))
	})
	// A copy of the data file, as a pack cannot be made of a damaged one.
	p := filepath.Join(dir, "ani-copy.db")
	if err := ani.db.View(func(tx *bolt.Tx) error { return tx.CopyFile(p, 0o600) }); err != nil {
		t.Fatal(err)
	}
	before := digests(t, sup)
	sup.Counts() // kept from now on, and so changed by the merge
	res, err := sup.Merge(p, "")
	if err == nil || !strings.Contains(err.Error(), "nothing was merged") {
		t.Fatalf("merging a damaged pack: %v, %v", res, err)
	}
	if got := digests(t, sup); !equalMaps(got, before) {
		t.Errorf("the file holds %d interviews after a failed merge, had %d", len(got), len(before))
	}
	if r, _ := sup.Verify(); len(r.Problems) > 0 {
		t.Errorf("verify after a failed merge: %v", r)
	}
	sup.db.View(func(tx *bolt.Tx) error {
		if hasJournal(tx) {
			t.Error("the journal of a failed merge is left behind")
		}
		return nil
	})
	if c, _ := sup.Counts(); c.Status[Draft] != 1 || c.Status[Completed] != 0 {
		t.Errorf("counts after a failed merge: %v", c.Status)
	}
}

// TestPackRecordsWhen: a whole pack records when it was made, so that
// what went in it is no longer reopened on the laptop.
func TestPackRecordsWhen(t *testing.T) {
	dir := t.TempDir()
	ani, ids := fileWith(t, dir, "ani.db", 1)
	pack(t, ani, dir, "ani.pack")
	at, err := ani.Setting(LastPackSetting)
	if err != nil || at == "" {
		t.Fatalf("last pack %q, %v", at, err)
	}
	iv, _ := ani.Interview(ids[0])
	if when, err := time.Parse(time.RFC3339Nano, at); err != nil || when.Before(iv.Updated) {
		t.Errorf("last pack %q is before the interview it holds (%v)", at, iv.Updated)
	}
}

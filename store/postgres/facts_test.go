package postgres_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"siap/store"
	"siap/store/postgres"
	"siap/store/postgres/pgtest"
)

// nikIndexer makes facts of the number of answers, with the nik answer
// as identifier.
type nikIndexer struct{}

func (nikIndexer) Key() string { return "nik/1" }

func (nikIndexer) Index(c store.IndexChange) ([]byte, []store.Identifier, error) {
	if !c.Whole {
		return nil, nil, store.ErrWholeInterview
	}
	answers, err := c.Answers()
	if err != nil {
		return nil, nil, err
	}
	var ids []store.Identifier
	if v, ok := answers["nik"]; ok {
		ids = append(ids, store.Identifier{Question: "nik", Value: v.Value})
	}
	return []byte{byte(len(answers)), byte(len(c.Events))}, ids, nil
}

// TestVerifyFacts: siap verify --server finds a facts row moved to
// another interview and a keyed hash missing from the identifiers
// table, as on a data file.
func TestVerifyFacts(t *testing.T) {
	url := pgtest.URL(t)
	db, err := postgres.Open(ctx, url, postgres.Options{Passphrase: passphrase, Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	key, err := db.AddForm(store.FormSource{ID: "rt", Name: "rt.csv", Data: []byte("type,name\ntext,nik\n")})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SetIndexer(nikIndexer{}, nil); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, nik := range []string{"5371", "5372"} {
		iv, err := db.Create(store.Interview{FormKey: key, Interviewer: "Ani"}, []store.Change{{Path: "nik", Value: nik}})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, iv.ID)
	}
	if r, err := db.Verify(); err != nil || len(r.Problems) > 0 {
		t.Fatalf("verify of sound facts: %v, %v", r.Problems, err)
	}
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	tamper := []struct {
		name, sql string
		want      string
	}{
		{"a facts row moved to another interview", "UPDATE facts SET value = (SELECT value FROM facts f JOIN interviews i USING (seq) WHERE i.id = $2) WHERE seq = (SELECT seq FROM interviews WHERE id = $1)", "interview " + ids[0] + ": facts of record"},
		{"a keyed hash missing", "DELETE FROM identifiers WHERE seq = (SELECT seq FROM interviews WHERE id = $2) AND $1 <> ''", "interview " + ids[1] + ": the index of identifiers lacks one of its keyed hashes"},
	}
	for _, tt := range tamper {
		if _, err := conn.Exec(ctx, tt.sql, ids[0], ids[1]); err != nil {
			t.Fatal(err)
		}
		r, err := db.Verify()
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(r.Problems, func(p store.Problem) bool { return strings.Contains(p.String(), tt.want) }) {
			t.Errorf("%s: verify says %q, want %q", tt.name, r.Problems, tt.want)
		}
	}
}

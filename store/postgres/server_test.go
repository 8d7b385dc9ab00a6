package postgres_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"siap/store"
	"siap/store/postgres"
	"siap/store/postgres/pgtest"
)

var ctx = context.Background()

// TestStartingTogether: processes starting at once on a new database lay
// out its schema and its study once, and share the study's key.
func TestStartingTogether(t *testing.T) {
	url := pgtest.URL(t)
	const n = 4
	dbs := make([]*postgres.DB, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			dbs[i], errs[i] = postgres.Open(ctx, url, postgres.Options{Passphrase: passphrase, Create: true})
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("process %d: %v", i, err)
		}
		defer dbs[i].Close()
	}
	if err := dbs[0].SetSetting("interviewer", "Ani"); err != nil {
		t.Fatal(err)
	}
	for i, db := range dbs {
		if v, err := db.Setting("interviewer"); err != nil || v != "Ani" {
			t.Errorf("process %d reads %q, %v: the processes do not share one study key", i, v, err)
		}
	}
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var applied int
	conn.QueryRow(ctx, "SELECT count(*) FROM siap_schema").Scan(&applied)
	if applied != postgres.SchemaVersion() {
		t.Errorf("%d migrations recorded, want %d (each once)", applied, postgres.SchemaVersion())
	}
}

func TestOpenRefuses(t *testing.T) {
	url := pgtest.URL(t)
	if _, err := postgres.Open(ctx, url, postgres.Options{Passphrase: passphrase}); !errors.Is(err, postgres.ErrNoStudy) {
		t.Errorf("a database with no study, not asked to make one: %v", err)
	}
	if _, err := postgres.Open(ctx, url, postgres.Options{Passphrase: "rahasia", Create: true}); !errors.Is(err, store.ErrWeakPassphrase) && !strings.Contains(fmt.Sprint(err), "passphrase") {
		t.Errorf("a study made with a weak passphrase: %v", err)
	}
	db, err := postgres.Open(ctx, url, postgres.Options{Passphrase: passphrase, Create: true})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := postgres.Open(ctx, url, postgres.Options{Passphrase: "bukan-frasa-ini-99"}); !errors.Is(err, store.ErrWrongPassphrase) {
		t.Errorf("a wrong passphrase: %v", err)
	}
	if _, err := postgres.Open(ctx, url, postgres.Options{}); !errors.Is(err, store.ErrPassphraseNeeded) {
		t.Errorf("no passphrase: %v", err)
	}
	if _, err := postgres.Open(ctx, "mysql://x", postgres.Options{Passphrase: passphrase}); err == nil {
		t.Error("an address that is not PostgreSQL's was accepted")
	}
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "INSERT INTO siap_schema (version, name) VALUES (999, 'future')"); err != nil {
		t.Fatal(err)
	}
	if _, err := postgres.Open(ctx, url, postgres.Options{Passphrase: passphrase}); err == nil || !strings.Contains(err.Error(), "newer siap") {
		t.Errorf("a database laid out by a newer siap: %v", err)
	}
}

// TestValuesAreSealed: nothing a respondent said is in the database in
// clear, and a value moved to another row does not open.
func TestValuesAreSealed(t *testing.T) {
	url := pgtest.URL(t)
	db, err := postgres.Open(ctx, url, postgres.Options{Passphrase: passphrase, Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	key, err := db.AddForm(store.FormSource{ID: "rt", Name: "rt.csv", Data: []byte("type,name\ntext,nama_responden\n")})
	if err != nil {
		t.Fatal(err)
	}
	const name, nik = "Sari Wulandari", "5371012345670001"
	a, err := db.Create(store.Interview{FormKey: key, Interviewer: "Ani"}, []store.Change{{Path: "nama", Value: name}, {Path: "nik", Value: nik}})
	if err != nil {
		t.Fatal(err)
	}
	db.SetNote(a.ID, "nik", "KTP "+nik, "Ani")
	b, err := db.Create(store.Interview{FormKey: key, Interviewer: "Ani"}, []store.Change{{Path: "nama", Value: "Budi"}})
	if err != nil {
		t.Fatal(err)
	}
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	for _, q := range []string{"SELECT value FROM meta", "SELECT value FROM settings", "SELECT value FROM forms", "SELECT record FROM interviews", "SELECT answers FROM interviews", "SELECT value FROM log"} {
		rows, _ := conn.Query(ctx, q)
		var v []byte
		pgx.ForEachRow(rows, []any{&v}, func() error {
			for _, secret := range []string{name, nik, "nama_responden", "Ani"} {
				if bytes.Contains(v, []byte(secret)) {
					t.Errorf("%s: %q is stored in clear", q, secret)
				}
			}
			return nil
		})
	}
	// b's record put in a's row.
	if _, err := conn.Exec(ctx, "UPDATE interviews SET record = (SELECT record FROM interviews WHERE id = $2) WHERE id = $1", a.ID, b.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Interview(a.ID); !errors.Is(err, store.ErrDamaged) {
		t.Errorf("a record moved to another row: %v, want it refused as damaged", err)
	}
	var damaged *store.DamagedInterviewsError
	n := 0
	err = db.EachInterview(func(store.Interview) error { n++; return nil })
	if !errors.As(err, &damaged) || n != 1 || len(damaged.IDs) != 1 || damaged.IDs[0] != a.ID || !strings.Contains(err.Error(), "database") {
		t.Errorf("a stream over a damaged record: %d read, %v", n, err)
	}
	if r, _ := db.Verify(); len(r.Problems) == 0 {
		t.Error("verify found nothing wrong with a record moved to another row")
	}
}

// TestProcessesWorkTogether: two processes (two pools) import packs that
// overlap, in every order, at once: every interview is held once, with
// each event once, and the counts agree.
func TestProcessesWorkTogether(t *testing.T) {
	url := pgtest.URL(t)
	var dbs [2]*postgres.DB
	for i := range dbs {
		db, err := postgres.Open(ctx, url, postgres.Options{Passphrase: passphrase, Create: true})
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		dbs[i] = db
	}
	key, err := dbs[0].AddForm(store.FormSource{ID: "rt", Name: "rt.csv", Data: []byte("x")})
	if err != nil {
		t.Fatal(err)
	}
	if err := dbs[1].IndexAnswers("city"); err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	var all []store.Record
	for i := range 60 {
		r := store.Record{
			Interview: store.Interview{FormKey: key, Interviewer: fmt.Sprint("interviewer ", i%6), Status: store.Completed, Created: t0, Updated: t0},
			Answers:   map[string]store.Answer{"city": {Value: []string{"kupang", "ende"}[i%2], Changed: t0}, "i": {Value: fmt.Sprint(i), Changed: t0}},
			Events:    []store.Event{{Time: t0, Kind: store.EventOpened}, {Time: t0.Add(time.Minute), Kind: store.EventCompleted}},
		}
		if err := store.PrepareImport(&r); err != nil {
			t.Fatal(err)
		}
		all = append(all, r)
	}
	// Each interviewer's pack is sent twice (a retry), in another order.
	const senders = 12
	var wg sync.WaitGroup
	errs := make(chan error, senders)
	for s := range senders {
		pack := make([]store.Record, 0, 10)
		for i := s % 6; i < len(all); i += 6 {
			pack = append(pack, all[i])
		}
		rand.Shuffle(len(pack), func(i, j int) { pack[i], pack[j] = pack[j], pack[i] })
		wg.Go(func() {
			_, err := dbs[s%2].Import(store.Records(pack...))
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	held := map[string]int{}
	events := 0
	err = dbs[0].EachRecord(true, func(r store.Record) error {
		held[r.Interview.ID]++
		events += len(r.Events)
		if r.Interview.Index["city"] == "" {
			t.Errorf("interview %s does not index its city", r.Interview.ID)
		}
		return nil
	})
	if err != nil || len(held) != len(all) || events != 2*len(all) {
		t.Errorf("the database holds %d interviews with %d events (%v); want %d with %d", len(held), events, err, len(all), 2*len(all))
	}
	c, err := dbs[1].Counts()
	if err != nil || c.Status[store.Completed] != len(all) || c.Answers["city"]["kupang"][store.Completed] != len(all)/2 {
		t.Errorf("counts: %v %v, %v", c.Status, c.Answers, err)
	}
	if r, err := dbs[1].Verify(); err != nil || len(r.Problems) > 0 {
		t.Errorf("verify: %v, %v", r, err)
	}
}

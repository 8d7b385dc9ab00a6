package export

import (
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"siap/store"
)

var t0 = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)

// at is t0 plus days and minutes.
func at(days int, minutes float64) time.Time {
	return t0.AddDate(0, 0, days).Add(time.Duration(minutes * float64(time.Minute)))
}

// session is the paradata of an interviewer's session on day, from
// minute from to minute to: opened, a question shown and answered,
// closed.
func session(day int, from, to float64) []store.Event {
	return []store.Event{
		{Time: at(day, from), Kind: store.EventOpened},
		{Time: at(day, from+0.5), Kind: store.EventShown, Path: "age"},
		{Time: at(day, to), Kind: store.EventSet, Path: "age", New: "40"},
		{Time: at(day, to), Kind: store.EventClosed},
	}
}

func TestDurationIsTheTimeOpen(t *testing.T) {
	shuffled := slices.Concat(session(0, 0, 30), session(7, 0, 10))
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	tests := []struct {
		name   string
		events []store.Event
		want   float64 // minutes
	}{
		{"one session", session(0, 0, 30), 30},
		{"sent back and corrected a week later", slices.Concat(
			session(0, 0, 30),
			[]store.Event{{Time: at(2, 0), Kind: store.EventStatus, Old: "completed", New: "rejected", Who: "supervisor"}},
			session(7, 0, 10),
		), 40},
		{"siap killed before closing", slices.Concat(
			[]store.Event{{Time: at(0, 0), Kind: store.EventOpened}, {Time: at(0, 12), Kind: store.EventSet, Path: "age"}},
			session(1, 0, 8),
		), 20},
		{"still open, last action counts", []store.Event{{Time: at(0, 0), Kind: store.EventOpened}, {Time: at(0, 6), Kind: store.EventShown, Path: "age"}}, 6},
		{"a supervisor reads it and approves", slices.Concat(
			session(0, 0, 30),
			[]store.Event{
				{Time: at(3, 0), Kind: store.EventOpened, Who: "supervisor"},
				{Time: at(3, 4), Kind: store.EventNote, Path: "age", New: "check", Who: "supervisor"},
				{Time: at(3, 5), Kind: store.EventStatus, New: "approved", Who: "supervisor"},
			},
		), 30},
		{"merged out of order", shuffled, 40},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			iv := store.Interview{Created: t0, Updated: at(10, 0)}
			if got := Minutes(nil, iv, nil, tt.events); got != tt.want {
				t.Errorf("%.1f minutes, want %.1f", got, tt.want)
			}
		})
	}
	// Without paradata, the interview lasts from its start to its end.
	_, form, _ := formFile(t, "survey,,,\n,type,name,label\n,integer,age,Age\n")
	iv := store.Interview{Created: t0, Updated: at(0, 25)}
	if got := Minutes(form, iv, nil, nil); got != 25 {
		t.Errorf("without paradata: %.1f minutes, want 25", got)
	}
}

// TestExportAndChecksUseTheTimeOpen: the export's duration and the
// short-duration check count the time an interview was open, not the
// week between its first opening and its correction.
func TestExportAndChecksUseTheTimeOpen(t *testing.T) {
	st, form, key := formFile(t, "survey,,,\n,type,name,label\n,integer,age,Age\n")
	rec := func(events ...[]store.Event) store.Record {
		ev := slices.Concat(events...)
		ev = append(ev, store.Event{Time: ev[len(ev)-1].Time, Kind: store.EventCompleted, New: "completed"})
		return store.Record{
			Interview: store.Interview{ID: store.NewID(), FormKey: key, FormID: form.ID, Interviewer: "ani", Status: store.Completed,
				Created: ev[0].Time, Updated: ev[len(ev)-1].Time},
			Answers: map[string]store.Answer{"age": {Value: "40"}},
			Events:  ev,
		}
	}
	var records []store.Record
	for i := range 5 {
		records = append(records, rec(session(i, 0, 30)))
	}
	corrected := rec(session(0, 0, 25), session(7, 0, 15))
	short := rec(session(1, 0, 6), session(8, 0, 4))
	records = append(records, corrected, short)
	if _, err := st.Import(store.Records(records...)); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "out")
	if _, err := Run(st, form, dir, Options{}); err != nil {
		t.Fatal(err)
	}
	_, rows := readCSV(t, filepath.Join(dir, "data.csv"))
	minutes := map[string]string{}
	for _, r := range rows {
		minutes[r["id"]] = r["duration_min"]
	}
	if got := minutes[corrected.Interview.ID]; got != "40.0" {
		t.Errorf("the corrected interview lasts %s minutes in data.csv, want 40.0 (25 + 15)", got)
	}
	flags, err := QualityFlags(st, form, store.Finished)
	if err != nil {
		t.Fatal(err)
	}
	var shortOnes []string
	for _, f := range flags {
		if f.Level == "interview" && f.Check == CheckShort {
			shortOnes = append(shortOnes, f.Interview)
		}
	}
	if !slices.Equal(shortOnes, []string{short.Interview.ID}) {
		t.Errorf("short interviews %v, want only the one open 10 minutes over two sessions (%s)", shortOnes, short.Interview.ID)
	}
}

func TestParadataTimeIsTimeFormat(t *testing.T) {
	tests := []time.Time{
		time.Date(2026, 11, 24, 9, 5, 7, 123456789, time.UTC),
		time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC),
		time.Date(1999, 12, 31, 23, 59, 59, 999999999, time.UTC),
		time.Date(2026, 11, 24, 9, 5, 7, 4000000, time.FixedZone("WITA", 8*3600)),
		time.Date(12345, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(-5, 1, 1, 0, 0, 0, 0, time.UTC),
		{},
	}
	for _, tt := range tests {
		want := tt.UTC().Format("2006-01-02T15:04:05.000Z")
		// After what a line holds before it.
		if got := string(appendParadataTime([]byte("uuid:1,2,"), tt)); got != "uuid:1,2,"+want {
			t.Errorf("appendParadataTime(%v) = %q, want %q", tt, got, "uuid:1,2,"+want)
		}
	}
}

package store

import (
	"errors"
	"maps"
	"slices"
	"testing"

	"siap/internal/spill"
)

// TestTeamSeesAndDecidesOnItsInterviewsOnly: a supervisor's view lists
// and counts the team's interviews alone, and every read or write of
// another team's interview by its id is refused with nothing written.
func TestTeamSeesAndDecidesOnItsInterviewsOnly(t *testing.T) {
	s, _ := openTemp(t)
	key, err := s.AddForm(FormSource{ID: "f", Version: "1", Name: "f.csv", Data: []byte("survey\n")})
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	for _, who := range []string{"Ani", "Budi", "Cici"} {
		iv, err := s.Create(Interview{FormKey: key, Interviewer: who}, []Change{{Path: "city", Value: "jkt"}})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.SetStatus(iv.ID, Completed, who, ""); err != nil {
			t.Fatal(err)
		}
		ids[who] = iv.ID
	}
	if err := s.IndexAnswers("city"); err != nil {
		t.Fatal(err)
	}
	team := OnlyTeam(s, []string{"Ani", "Budi"})

	var seen []string
	if err := team.EachInterview(func(iv Interview) error { seen = append(seen, iv.Interviewer); return nil }); err != nil {
		t.Fatal(err)
	}
	var records []string
	if err := team.EachRecord(true, func(r Record) error { records = append(records, r.Interview.Interviewer); return nil }); err != nil {
		t.Fatal(err)
	}
	var each []string
	if err := team.Each(func(iv Interview, _ map[string]string) error { each = append(each, iv.Interviewer); return nil }); err != nil {
		t.Fatal(err)
	}
	for _, got := range [][]string{seen, records, each} {
		slices.Sort(got)
		if !slices.Equal(got, []string{"Ani", "Budi"}) {
			t.Errorf("the team streams %v, want Ani and Budi", got)
		}
	}
	c, err := team.Counts()
	if err != nil {
		t.Fatal(err)
	}
	if c.Status[Completed] != 2 || c.Answers["city"]["jkt"][Completed] != 2 {
		t.Errorf("team counts %+v, want 2 completed in jkt", c)
	}

	other := ids["Cici"]
	before, err := s.Interview(other)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		do   func() error
	}{
		{"open", func() error { _, err := team.Interview(other); return err }},
		{"answers", func() error { _, err := team.Answers(other); return err }},
		{"values", func() error { _, err := team.Values(other); return err }},
		{"paradata", func() error { return team.Events(other, func(Event) error { return nil }) }},
		{"approve", func() error { return team.SetStatus(other, Approved, "sup", "") }},
		{"send back", func() error { return team.SetStatus(other, Rejected, "sup", "redo") }},
		{"note", func() error { return team.SetNote(other, "city", "check", "sup") }},
		{"log", func() error { return team.Log(other, Event{Kind: EventOpened, Who: "sup"}) }},
		{"save", func() error { return team.Save(other, []Change{{Path: "city", Value: "bdg"}}) }},
		{"resolve", func() error { return team.ResolveConflict(other, "x", true, "sup") }},
		{"create", func() error {
			_, err := team.Create(Interview{FormKey: key, Interviewer: "Cici"}, nil)
			return err
		}},
		{"record", func() error { _, err := team.Record(other); return err }},
		{"import", func() error {
			r, err := s.Record(other)
			if err != nil {
				return err
			}
			r.Interview.Status = Approved
			_, err = team.Import(Records(r))
			return err
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.do()
			if !errors.Is(err, ErrOtherTeam) {
				t.Fatalf("got %v, want ErrOtherTeam", err)
			}
			after, err := s.Interview(other)
			if err != nil {
				t.Fatal(err)
			}
			if after.Revision != before.Revision || after.Status != before.Status || after.Hash != before.Hash {
				t.Errorf("refused %s still changed the interview: %+v", tt.name, after)
			}
		})
	}

	// The team's own interview is decided on as without a team.
	if err := team.SetStatus(ids["Ani"], Approved, "sup", ""); err != nil {
		t.Fatal(err)
	}
	if iv, _ := s.Interview(ids["Ani"]); iv.Status != Approved {
		t.Errorf("Ani's interview is %s, want approved", iv.Status)
	}
	if _, err := team.Interview("uuid:none"); !errors.Is(err, ErrNotFound) {
		t.Errorf("a missing interview gives %v, want ErrNotFound", err)
	}
}

// TestTeamFacts: a team's screens read the facts of its interviews
// alone, and find the identifiers its own interviews share, not those
// one of them shares with another team's.
func TestTeamFacts(t *testing.T) {
	s, _ := openTemp(t)
	key, err := s.AddForm(FormSource{ID: "f", Version: "1", Name: "f.csv", Data: []byte("survey\n")})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetIndexer(&countingIndexer{key: "k"}, nil); err != nil {
		t.Fatal(err)
	}
	for _, iv := range []struct{ who, nik string }{{"Ani", "1"}, {"Budi", "1"}, {"Ani", "2"}, {"Cici", "2"}} {
		if _, err := s.Create(Interview{FormKey: key, Interviewer: iv.who}, []Change{{Path: "nik", Value: iv.nik}}); err != nil {
			t.Fatal(err)
		}
	}
	team := OnlyTeam(s, []string{"Ani", "Budi"})
	var seen []string
	if err := team.EachFacts(func(iv Interview) error { seen = append(seen, iv.Interviewer); return nil }); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(seen, []string{"Ani", "Budi", "Ani"}) {
		t.Errorf("the team's facts are of %v, want Ani, Budi, Ani", seen)
	}
	hash, err := s.KeyedHasher()
	if err != nil {
		t.Fatal(err)
	}
	shared, err := team.SharedIdentifiers()
	if err != nil {
		t.Fatal(err)
	}
	if shared.Len() != 1 || shared.Count(hash("nik\x001")) != 2 {
		t.Errorf("the team's shared identifiers %v, want nik 1 twice alone", maps.Collect(shared.All()))
	}
	// The same when the hashes go through the sorter's temporary file.
	old := spill.Batch
	spill.Batch = 1
	t.Setenv("TMPDIR", t.TempDir())
	spilled, err := team.SharedIdentifiers()
	spill.Batch = old
	if err != nil || !maps.Equal(maps.Collect(spilled.All()), maps.Collect(shared.All())) {
		t.Errorf("the team's shared identifiers sorted on disk %v, %v; want %v", maps.Collect(spilled.All()), err, maps.Collect(shared.All()))
	}
	all, err := s.SharedIdentifiers()
	if err != nil || all.Len() != 2 {
		t.Errorf("the study's shared identifiers %v, %v: want nik 1 and 2", maps.Collect(all.All()), err)
	}
	if k, err := team.FactsKey(); err != nil || k != "k" {
		t.Errorf("team's facts key %q, %v", k, err)
	}
}

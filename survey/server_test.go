package survey

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"siap/internal/fieldwork"
	"siap/store"
)

// serverApp is the app as a server's user sees it over SSH, on the
// simulated interviews of Ani and Budi (Sari's team) and Cici (another
// team's): Sari, their supervisor, when team is given, else headquarters.
func serverApp(t *testing.T, team []string) (*App, *store.Store) {
	t.Helper()
	t.Setenv("NO_COLOR", "1")
	st, form, key, err := fieldwork.NewTeamFile(filepath.Join(t.TempDir(), "server.db"), 20, fixedNow(), "Ani", "Budi", "Cici")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	srv := &Server{Data: st, User: "Sari", Team: team, ExportDir: t.TempDir()}
	if team != nil {
		srv.Data = store.OnlyTeam(st, team)
	}
	app, err := New(Options{Server: srv, Form: form, FormKey: key, Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	return app, st
}

// TestServerScreens compares, at 80x24, the screens a supervisor and
// headquarters see on a server: no new interview, pack or name; who is
// signed in and whose interviews they see.
func TestServerScreens(t *testing.T) {
	team := []string{"Ani", "Budi"}
	tests := []struct {
		name string
		team []string
		keys []string
	}{
		{"server_home", team, nil},
		{"server_home_hq", nil, nil},
		{"server_home_english", team, []string{"ctrl+l"}},
		{"server_supervise", team, []string{"3"}},
		{"server_progress", team, []string{"3", "p"}},
		{"server_progress_hq", nil, []string{"3", "p"}},
		{"server_interview", team, []string{"3", "enter"}},
		{"server_help", team, []string{"?"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app, _ := serverApp(t, tt.team)
			golden.RequireEqual(t, finalScreen(t, app, tt.keys...))
		})
	}
}

// TestSupervisorSeesTheirTeamOnly: every list a supervisor opens on a
// server names their team's interviewers and never another's; for
// headquarters, everyone's.
func TestSupervisorSeesTheirTeamOnly(t *testing.T) {
	team := []string{"Ani", "Budi"}
	for _, tt := range []struct {
		name      string
		team      []string
		keys      []string
		see, hide []string
	}{
		{"supervisor's list", team, []string{"3"}, []string{"Ani", "Budi"}, []string{"Cici"}},
		{"supervisor's progress", team, []string{"3", "p"}, []string{"Ani", "Budi"}, []string{"Cici"}},
		// Browse counts the interviews it lists: 20 each.
		{"supervisor's browse", team, []string{"1"}, []string{"semua · 40"}, nil},
		{"headquarters' list", nil, []string{"3"}, []string{"Ani", "Budi", "Cici"}, nil},
		{"headquarters' progress", nil, []string{"3", "p"}, []string{"Ani", "Budi", "Cici"}, nil},
		{"headquarters' browse", nil, []string{"1"}, []string{"semua · 60"}, nil},
		// Summaries count the finished interviews: the team's 37 of 57.
		{"supervisor's summaries", team, []string{"2"}, []string{"37 wawancara · menurut"}, nil},
		{"headquarters' summaries", nil, []string{"2"}, []string{"57 wawancara · menurut"}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			app, _ := serverApp(t, tt.team)
			screen := string(screenText(finalModelAt(t, app, 120, 60, tt.keys...)))
			for _, want := range tt.see {
				if !strings.Contains(screen, want) {
					t.Errorf("%q is not on the screen:\n%s", want, screen)
				}
			}
			for _, who := range tt.hide {
				if strings.Contains(screen, who) {
					t.Errorf("%s, of another team, is on the screen:\n%s", who, screen)
				}
			}
		})
	}
}

// TestServerDecisionsNameTheUser: an interview approved on the server is
// recorded under the user's name; another team's interview, asked for by
// its id, is refused in the interface's words and nothing is written.
func TestServerDecisionsNameTheUser(t *testing.T) {
	app, st := serverApp(t, []string{"Ani", "Budi"})
	sup, ok := finalModel(t, app, "3", "y").screen.(*supervise)
	if !ok {
		t.Fatal("3 y did not stay on the supervise screen")
	}
	var approved []store.Interview
	var cici string
	st.EachInterview(func(iv store.Interview) error {
		if iv.Status == store.Approved {
			approved = append(approved, iv)
		}
		if iv.Interviewer == "Cici" && iv.Status == store.Completed {
			cici = iv.ID
		}
		return nil
	})
	if len(approved) != 1 || approved[0].Interviewer == "Cici" {
		t.Fatalf("approved %+v, want one of Ani's or Budi's (flash %q)", approved, sup.flash)
	}
	var who string
	st.Events(approved[0].ID, func(ev store.Event) error {
		if ev.Kind == store.EventStatus && ev.New == string(store.Approved) {
			who = ev.Who
		}
		return nil
	})
	if who != "Sari" {
		t.Errorf("the approval is recorded under %q, want Sari", who)
	}

	before, _ := st.Interview(cici)
	_, err := openInterview(app.env, cici)
	if !errors.Is(err, store.ErrOtherTeam) {
		t.Fatalf("opening Cici's interview gave %v, want ErrOtherTeam", err)
	}
	if msg := userError(English, err); !strings.Contains(msg, "not your team's") {
		t.Errorf("the refusal reads %q", msg)
	}
	for _, status := range []store.Status{store.Approved, store.Rejected} {
		if _, err := decision(app.env, cici, status, "redo")(); !errors.Is(err, store.ErrOtherTeam) {
			t.Errorf("deciding %s on Cici's interview gave %v, want ErrOtherTeam", status, err)
		}
	}
	after, _ := st.Interview(cici)
	if after.Status != store.Completed || after.Revision != before.Revision {
		t.Errorf("Cici's interview changed: %s rev %d, was %s rev %d", after.Status, after.Revision, before.Status, before.Revision)
	}
}

// TestServerExportIsTheTeams: a supervisor's export from the menu goes
// into the server's export folder, named after them, and holds their
// team's interviews only.
func TestServerExportIsTheTeams(t *testing.T) {
	app, _ := serverApp(t, []string{"Ani", "Budi"})
	drive(app, press("4")...)
	h := app.screen.(*home)
	dirs, err := filepath.Glob(filepath.Join(app.env.server.ExportDir, "siap-export-Sari-*"))
	if err != nil || len(dirs) != 1 {
		t.Fatalf("export folders %v (%v); home says %q", dirs, err, h.flash)
	}
	if !strings.Contains(h.flash, "37 wawancara diekspor ke "+dirs[0]+" di server") {
		t.Errorf("home says %q", h.flash)
	}
	data, err := os.ReadFile(filepath.Join(dirs[0], "data.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if rows := strings.Count(string(data), "\n") - 1; rows != 37 || strings.Contains(string(data), "Cici") || !strings.Contains(string(data), "Budi") {
		t.Errorf("data.csv holds %d rows (Cici's: %v), want the team's 37", rows, strings.Contains(string(data), "Cici"))
	}
}

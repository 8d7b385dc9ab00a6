package loadtest

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"siap/internal/fieldwork"
	"siap/internal/hq"
	"siap/questionnaires"
	"siap/questionnaires/simulate"
	"siap/store"
)

// TestMain makes the laptops' data files with cheap key derivation: the
// load is on headquarters, not on the laptops' passphrases.
func TestMain(m *testing.M) {
	store.UseTestKeyDerivation(m)
	os.Exit(m.Run())
}

const passphrase = "kopi-jendela-merah-tujuh-sembilan"

// config is the run, from the environment scripts/load-test.sh sets.
type config struct {
	db          string // postgres://... or a data file's path
	bin         string // the siap binary the servers run
	laptops     int
	interviews  int // per laptop, per round
	servers     int
	concurrency int // laptops syncing at once
	dir         string
}

func loadConfig(t *testing.T) config {
	db := os.Getenv("SIAP_LOAD_DB")
	if db == "" {
		t.Skip("SIAP_LOAD_DB is unset: scripts/load-test.sh starts a throwaway PostgreSQL and runs this test")
	}
	c := config{
		db: db, bin: os.Getenv("SIAP_LOAD_BIN"),
		laptops: envInt(t, "SIAP_LOAD_LAPTOPS", 200), interviews: envInt(t, "SIAP_LOAD_INTERVIEWS", 100),
		servers: envInt(t, "SIAP_LOAD_SERVERS", 2), concurrency: envInt(t, "SIAP_LOAD_CONCURRENCY", 50),
		dir: t.TempDir(),
	}
	if c.bin == "" {
		t.Fatal("SIAP_LOAD_BIN names the siap binary to run as headquarters")
	}
	if !isPostgres(db) && c.servers > 1 {
		// A data file is held by one process.
		c.servers = 1
	}
	return c
}

func isPostgres(db string) bool {
	return strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://")
}

func envInt(t *testing.T, name string, def int) int {
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 {
		t.Fatalf("%s=%q: want a number above zero", name, v)
	}
	return n
}

// TestLoad: laptops sync their interviews through headquarters' server
// processes on loopback; headquarters then holds each interview sent,
// once. A second round does the same while one server is killed (-9)
// and started again, the laptops retrying. It prints syncs per second
// and the median and 99th-percentile sync time of each round.
func TestLoad(t *testing.T) {
	cfg := loadConfig(t)
	passFile := filepath.Join(cfg.dir, "passphrase")
	if err := os.WriteFile(passFile, []byte(passphrase+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	names := make([]string, cfg.laptops)
	for i := range names {
		names[i] = fmt.Sprintf("interviewer-%03d", i+1)
	}
	start := time.Now()
	codes := enrolmentCodes(t, cfg, passFile, names)
	t.Logf("%d enrolment codes in %v", len(codes), time.Since(start).Round(time.Millisecond))

	servers := make([]*serverProc, cfg.servers)
	for i := range servers {
		servers[i] = &serverProc{cfg: cfg, passFile: passFile, addr: freeAddr(t), n: i}
		servers[i].start(t)
	}
	defer func() {
		for _, s := range servers {
			s.stop()
		}
	}()

	start = time.Now()
	laptops := makeLaptops(t, cfg, names)
	t.Logf("%d laptops with %d interviews each made in %v", len(laptops), cfg.interviews, time.Since(start).Round(time.Millisecond))
	for i, l := range laptops {
		url := "https://" + servers[i%len(servers)].addr
		if _, err := hq.Enrol(context.Background(), l.st, l.form, url, codes[l.name], hq.Options{}); err != nil {
			t.Fatalf("enrol %s: %v", l.name, err)
		}
	}

	first := syncAll(t, cfg, laptops, nil)
	report(t, "round 1", cfg, first)
	checkHeld(t, cfg, laptops, servers)

	// Two supervisors decide on the interviews of the first round, in
	// siap's screens over SSH, while the second is sent (on PostgreSQL,
	// where they work beside the servers).
	var decisions *supervisors
	if isPostgres(cfg.db) {
		decisions = startSSHSupervisors(t, cfg.db, names)
	}
	for _, l := range laptops {
		l.add(t, cfg.interviews, 2)
	}
	killed := func() {
		// Mid-round: a server dies without a word and comes back, as a
		// supervisor (systemd) starts it again.
		s := servers[0]
		s.kill(t)
		s.start(t)
	}
	second := syncAll(t, cfg, laptops, killed)
	report(t, "round 2, a server killed -9 mid-sync", cfg, second)
	checkHeld(t, cfg, laptops, servers)
	if decisions == nil {
		return
	}
	decided := decisions.stop(t)
	third := syncAll(t, cfg, laptops, nil)
	report(t, "round 3, decisions back to the laptops", cfg, third)
	checkDecisions(t, laptops, decided, second.received+third.received)
}

// supervisors approve and send back interviews over SSH
// (startSSHSupervisors) until stopped.
type supervisors struct {
	db      store.Interviews
	done    chan struct{}
	wg      sync.WaitGroup
	mu      sync.Mutex
	decided map[string]store.Status
	errs    []error
	screens []*tail // what each supervisor's terminal showed last
}

// stop ends the supervisors' work and returns what they decided.
func (s *supervisors) stop(t *testing.T) map[string]store.Status {
	close(s.done)
	s.wg.Wait()
	s.db.Close()
	if len(s.errs) > 0 {
		t.Fatalf("a supervisor's decision failed: %v", s.errs[0])
	}
	if len(s.decided) == 0 {
		t.Fatalf("the supervisors over SSH decided on no interview while round 2 ran; the first one's screen ended:\n%s", s.screens[0])
	}
	line := fmt.Sprintf("two supervisors decided on %d interviews over SSH while round 2 ran", len(s.decided))
	t.Log(line)
	fmt.Println(line)
	return s.decided
}

// checkDecisions: every decision reached its laptop, once (in round 2,
// made while it ran, or in round 3).
func checkDecisions(t *testing.T, laptops []*laptop, decided map[string]store.Status, received int) {
	wrong := 0
	for _, l := range laptops {
		l.st.EachInterview(func(iv store.Interview) error {
			if want, ok := decided[iv.ID]; ok && iv.Status != want {
				wrong++
			}
			return nil
		})
	}
	if wrong > 0 || received != len(decided) {
		t.Fatalf("%d decisions made, %d received by the laptops, %d laptops' interviews without theirs", len(decided), received, wrong)
	}
	line := fmt.Sprintf("every laptop holds the decisions on its interviews (%d)", len(decided))
	t.Log(line)
	fmt.Println(line)
}

// enrolmentCodes runs siap serve enrol for every name at once.
func enrolmentCodes(t *testing.T, cfg config, passFile string, names []string) map[string]string {
	args := append([]string{"serve", "enrol", "--db", cfg.db, "--passphrase-file", passFile, "--valid", "2h"}, names...)
	cmd := exec.Command(cfg.bin, args...)
	cmd.Env = append(os.Environ(), "LANG=C.UTF-8")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("siap serve enrol: %v\n%s", err, out)
	}
	codes := map[string]string{}
	re := regexp.MustCompile(`enrolment code for (\S+): (\S+)`)
	for _, m := range re.FindAllStringSubmatch(string(out), -1) {
		codes[m[1]] = m[2]
	}
	if len(codes) != len(names) {
		t.Fatalf("siap serve enrol printed %d codes for %d names:\n%s", len(codes), len(names), out)
	}
	return codes
}

// serverProc is one siap serve process.
type serverProc struct {
	cfg      config
	passFile string
	addr     string
	n        int
	cmd      *exec.Cmd
}

func (s *serverProc) start(t *testing.T) {
	t.Helper()
	log, err := os.OpenFile(filepath.Join(s.cfg.dir, fmt.Sprintf("server-%d.log", s.n)), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	s.cmd = exec.Command(s.cfg.bin, "serve", "--db", s.cfg.db, "--passphrase-file", s.passFile, "--listen", s.addr)
	s.cmd.Stdout, s.cmd.Stderr = log, log
	s.cmd.Env = append(os.Environ(), "LANG=C.UTF-8")
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", s.addr, time.Second)
		if err == nil {
			c.Close()
			return
		}
		if time.Now().After(deadline) {
			b, _ := os.ReadFile(log.Name())
			t.Fatalf("siap serve on %s did not start:\n%s", s.addr, b)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (s *serverProc) kill(t *testing.T) {
	t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	s.cmd.Wait()
}

func (s *serverProc) stop() {
	if s.cmd == nil || s.cmd.ProcessState != nil {
		return
	}
	s.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		s.cmd.Process.Kill()
		<-done
	}
}

func freeAddr(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// laptop is one simulated interviewer's data file.
type laptop struct {
	name, form, formKey, device string
	st                          *store.Store
	formQ                       *questionnaires.Form
}

// makeLaptops makes a data file per interviewer holding cfg.interviews
// completed interviews each (copies of one simulated set, under new ids).
func makeLaptops(t *testing.T, cfg config, names []string) []*laptop {
	form, err := questionnaires.Shipped()
	if err != nil {
		t.Fatal(err)
	}
	out := make([]*laptop, len(names))
	for i, name := range names {
		st, err := store.Open(filepath.Join(cfg.dir, name+".siap"), store.Options{Passphrase: passphrase})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		key, err := st.AddForm(store.FormSource{ID: form.ID, Version: form.Version, Name: form.SourceName, Data: form.Source, Files: form.Attachments})
		if err != nil {
			t.Fatal(err)
		}
		device, _ := st.DeviceID()
		out[i] = &laptop{name: name, form: form.ID, formKey: key, device: device, st: st, formQ: form}
		out[i].add(t, cfg.interviews, 1)
	}
	return out
}

var (
	seedMu  sync.Mutex
	seedSet = map[uint64][]simulate.Interview{}
)

// add gives the laptop n more completed interviews, copies of the
// simulated set of a seed under new ids.
func (l *laptop) add(t *testing.T, n int, seed uint64) {
	seedMu.Lock()
	set, ok := seedSet[seed]
	if !ok {
		simulate.Run(l.formQ, simulate.Options{N: n, Seed: seed, Now: time.Now(), Interviewer: "load"}, func(s simulate.Interview) error {
			set = append(set, s)
			return nil
		})
		seedSet[seed] = set
	}
	seedMu.Unlock()
	records := make([]store.Record, 0, n)
	for i := range n {
		r := fieldwork.Record(l.formQ, l.formKey, l.device, l.name, set[i%len(set)])
		r.Interview.Status = store.Completed
		records = append(records, r)
	}
	if _, err := l.st.Import(store.Records(records...)); err != nil {
		t.Fatal(err)
	}
}

// round is what one round of syncs measured.
type round struct {
	times   []time.Duration
	wall    time.Duration
	sent    int
	added   int
	again   int
	retries int
	// received counts interviews that came down changed (decisions).
	received int
}

// syncAll syncs every laptop, cfg.concurrency at a time; midway (after
// a third of the syncs have started) it calls during, if given.
func syncAll(t *testing.T, cfg config, laptops []*laptop, during func()) round {
	var r round
	var mu sync.Mutex
	work := make(chan *laptop)
	var wg sync.WaitGroup
	opts := hq.Options{Tries: 8, Wait: 250 * time.Millisecond}
	errs := make(chan error, len(laptops))
	start := time.Now()
	for range cfg.concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for l := range work {
				t0 := time.Now()
				res, err := hq.Sync(context.Background(), l.st, opts)
				d := time.Since(t0)
				if err != nil {
					errs <- fmt.Errorf("%s: %w", l.name, err)
					continue
				}
				mu.Lock()
				r.times = append(r.times, d)
				r.sent += res.Sent
				r.added += res.Up.Added
				if res.Up.Again {
					r.again++
				}
				r.retries += res.Retries
				r.received += res.Received.Added + res.Received.Updated
				mu.Unlock()
			}
		}()
	}
	for i, l := range laptops {
		if during != nil && i == len(laptops)/3 {
			during()
		}
		work <- l
	}
	close(work)
	wg.Wait()
	r.wall = time.Since(start)
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if t.Failed() {
		t.FailNow()
	}
	return r
}

func report(t *testing.T, name string, cfg config, r round) {
	slices.Sort(r.times)
	q := func(p float64) time.Duration { return r.times[min(len(r.times)-1, int(p*float64(len(r.times))))] }
	line := fmt.Sprintf("%s: %d laptops × %d interviews through %d server process(es) on %s: %.1f syncs/s, %.0f interviews/s; sync time median %v, p99 %v, max %v; %d interviews sent, %d added; %d requests retried, %d packs recognised as sent before",
		name, cfg.laptops, cfg.interviews, cfg.servers, kind(cfg.db), float64(len(r.times))/r.wall.Seconds(), float64(r.sent)/r.wall.Seconds(),
		q(0.5).Round(time.Millisecond), q(0.99).Round(time.Millisecond), r.times[len(r.times)-1].Round(time.Millisecond), r.sent, r.added, r.retries, r.again)
	t.Log(line)
	fmt.Println(line)
}

func kind(db string) string {
	if isPostgres(db) {
		return "PostgreSQL"
	}
	return "a data file"
}

// checkHeld compares the interviews headquarters holds with those the
// laptops hold: every one, once.
func checkHeld(t *testing.T, cfg config, laptops []*laptop, servers []*serverProc) {
	t.Helper()
	want := map[string]bool{}
	for _, l := range laptops {
		l.st.EachInterview(func(iv store.Interview) error { want[iv.ID] = true; return nil })
	}
	var held []string
	if isPostgres(cfg.db) {
		held = heldInPostgres(t, cfg.db)
	} else {
		// The data file is held by its server: stopped while it is read.
		for _, s := range servers {
			s.stop()
		}
		held = heldInFile(t, cfg.db)
		for _, s := range servers {
			s.start(t)
		}
	}
	seen := map[string]int{}
	for _, id := range held {
		seen[id]++
	}
	missing, twice, extra := 0, 0, 0
	for id := range want {
		if seen[id] == 0 {
			missing++
		}
	}
	for id, n := range seen {
		if n > 1 {
			twice++
		}
		if !want[id] {
			extra++
		}
	}
	if missing > 0 || twice > 0 || extra > 0 || len(held) != len(want) {
		t.Fatalf("headquarters holds %d interviews for %d sent: %d missing, %d held twice, %d never sent", len(held), len(want), missing, twice, extra)
	}
	line := fmt.Sprintf("headquarters holds the %d interviews sent, each once", len(held))
	t.Log(line)
	fmt.Println(line)
}

func heldInFile(t *testing.T, path string) []string {
	st, err := store.Open(path, store.Options{Passphrase: passphrase, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var ids []string
	if err := st.EachInterview(func(iv store.Interview) error { ids = append(ids, iv.ID); return nil }); err != nil {
		t.Fatal(err)
	}
	return ids
}

// heldInPostgres lists the interview ids with psql: ids are the one
// column kept in clear (random, never personal data).
func heldInPostgres(t *testing.T, url string) []string {
	out, err := exec.Command("psql", url, "-At", "-c", "SELECT id FROM interviews").Output()
	if err != nil {
		t.Fatalf("psql: %v", err)
	}
	var ids []string
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	for sc.Scan() {
		if s := strings.TrimSpace(sc.Text()); s != "" {
			ids = append(ids, s)
		}
	}
	return ids
}

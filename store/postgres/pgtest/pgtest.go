// Package pgtest gives tests a PostgreSQL database on a throwaway
// cluster: initdb in a temporary folder, run as a user that is not root,
// listening on a free port of 127.0.0.1 only, stopped and removed when
// the tests end. $SIAP_TEST_POSTGRES names a server to use instead (its
// user must be allowed to create databases). Where PostgreSQL is absent
// the tests that need it skip, saying so; under CI=true they fail.
package pgtest

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// cluster is the test binary's PostgreSQL, started on first use.
var cluster struct {
	once   sync.Once
	admin  string // address of its maintenance database
	dir    string // the cluster's folder; "" for $SIAP_TEST_POSTGRES
	runAs  *user.User
	server *os.Process
	ended  chan struct{}
	reason string // why there is none
}

var databases atomic.Int64

// URL returns the address of a new, empty database, dropped when the
// test ends.
func URL(t testing.TB) string {
	t.Helper()
	cluster.once.Do(start)
	if cluster.admin == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("PostgreSQL is needed under CI: %s", cluster.reason)
		}
		t.Skipf("PostgreSQL tests skipped: %s", cluster.reason)
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, cluster.admin)
	if err != nil {
		t.Fatalf("connect to the test cluster: %v", err)
	}
	defer conn.Close(ctx)
	name := fmt.Sprintf("siap_test_%d_%d", os.Getpid(), databases.Add(1))
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("create a test database: %v", err)
	}
	t.Cleanup(func() {
		conn, err := pgx.Connect(ctx, cluster.admin)
		if err != nil {
			return
		}
		defer conn.Close(ctx)
		conn.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	})
	return withDatabase(cluster.admin, name)
}

// withDatabase is an address with another database.
func withDatabase(url, name string) string {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return url
	}
	return fmt.Sprintf("postgres://%s@%s/%s?sslmode=disable", cfg.User, net.JoinHostPort(cfg.Host, strconv.Itoa(int(cfg.Port))), name)
}

// Run runs a test binary's tests and stops the cluster they used: call
// it from TestMain, os.Exit(pgtest.Run(m)).
func Run(m *testing.M) int {
	code := m.Run()
	stop()
	return code
}

func start() {
	if url := os.Getenv("SIAP_TEST_POSTGRES"); url != "" {
		cluster.admin = url
		return
	}
	initdb, err := find("initdb")
	if err != nil {
		cluster.reason = "initdb is not installed (Debian: apt-get install postgresql), and $SIAP_TEST_POSTGRES names no server"
		return
	}
	postgres := filepath.Join(filepath.Dir(initdb), "postgres")
	if os.Geteuid() == 0 {
		// PostgreSQL refuses to run as root.
		name := os.Getenv("SIAP_TEST_POSTGRES_USER")
		if name == "" {
			name = "postgres"
		}
		if cluster.runAs, err = user.Lookup(name); err != nil {
			cluster.reason = fmt.Sprintf("running as root, and there is no user %q to run PostgreSQL as (set $SIAP_TEST_POSTGRES_USER)", name)
			return
		}
	}
	dir, err := os.MkdirTemp("", "siap-pg-")
	if err != nil {
		cluster.reason = err.Error()
		return
	}
	cluster.dir = dir
	if cluster.runAs != nil {
		uid, _ := strconv.Atoi(cluster.runAs.Uid)
		gid, _ := strconv.Atoi(cluster.runAs.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			cluster.reason = err.Error()
			return
		}
	}
	data := filepath.Join(dir, "data")
	cmd, err := command(initdb, "-D", data, "-U", "siap", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync")
	if err != nil {
		cluster.reason = err.Error()
		return
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		cluster.reason = fmt.Sprintf("initdb failed: %v: %s", err, out)
		return
	}
	port, err := freePort()
	if err != nil {
		cluster.reason = err.Error()
		return
	}
	logPath := filepath.Join(dir, "log")
	started := make(chan error, 1)
	// The server is this process's child, started from a thread that
	// stays while it runs: it is killed with the tests even when they
	// are (a timeout), never left running.
	go func() {
		runtime.LockOSThread()
		log, err := os.Create(logPath)
		if err != nil {
			started <- err
			return
		}
		defer log.Close()
		cmd, err := command(postgres, "-D", data, "-c", "listen_addresses=127.0.0.1", "-p", strconv.Itoa(port), "-k", dir,
			"-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=200")
		if err != nil {
			started <- err
			return
		}
		cmd.Stdout, cmd.Stderr = log, log
		if err := cmd.Start(); err != nil {
			started <- err
			return
		}
		cluster.server = cmd.Process
		started <- nil
		cmd.Wait()
		close(cluster.ended)
	}()
	cluster.ended = make(chan struct{})
	if err := <-started; err != nil {
		cluster.reason = fmt.Sprintf("the test cluster did not start: %v", err)
		return
	}
	admin := fmt.Sprintf("postgres://siap@127.0.0.1:%d/postgres?sslmode=disable", port)
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(50 * time.Millisecond) {
		conn, err := pgx.Connect(context.Background(), admin)
		if err == nil {
			conn.Close(context.Background())
			break
		}
		if time.Now().After(deadline) {
			log, _ := os.ReadFile(logPath)
			cluster.reason = fmt.Sprintf("the test cluster did not answer: %v: %s", err, log)
			return
		}
	}
	cluster.admin = admin
}

// stop shuts the server down (fast: no checkpoint waited for) and
// removes its folder.
func stop() {
	if cluster.dir == "" {
		return
	}
	if cluster.server != nil {
		if cluster.server.Signal(os.Interrupt) != nil {
			cluster.server.Kill()
		}
		select {
		case <-cluster.ended:
		case <-time.After(30 * time.Second):
			cluster.server.Kill()
		}
	}
	os.RemoveAll(cluster.dir)
}

// command is a PostgreSQL program run as the user PostgreSQL runs as.
func command(program string, args ...string) (*exec.Cmd, error) {
	cmd := exec.Command(program, args...)
	cmd.Dir = cluster.dir
	attr, err := runAs(cluster.runAs)
	cmd.SysProcAttr = attr
	return cmd, err
}

// find looks for a PostgreSQL program on the PATH, then where Debian
// installs it.
func find(name string) (string, error) {
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/" + name)
	if len(matches) == 0 {
		return "", fmt.Errorf("%s not found", name)
	}
	return matches[len(matches)-1], nil
}

// freePort asks the system for a port of 127.0.0.1 nobody listens on.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	addr := l.Addr().String()
	return strconv.Atoi(addr[strings.LastIndexByte(addr, ':')+1:])
}

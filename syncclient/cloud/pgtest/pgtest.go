// Package pgtest starts throwaway PostgreSQL servers for tests: initdb in
// a temporary directory, the server listening on a Unix socket there only
// (no TCP port), stopped and removed when the test ends.
//
// Where PostgreSQL cannot be had — no initdb or pg_ctl, Windows, root
// without a "postgres" user to run it as — the test is skipped with a
// message that says why, unless RACEDESK_REQUIRE_POSTGRES is set (CI sets
// it where it installed PostgreSQL): then the test fails.
//
// RACEDESK_TEST_POSTGRES=<DSN> uses a server that already runs instead
// (each test still gets a database of its own, made through that DSN).
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Environment the package reads.
const (
	EnvDSN     = "RACEDESK_TEST_POSTGRES"    // a running server's DSN to use
	EnvRequire = "RACEDESK_REQUIRE_POSTGRES" // fail, not skip, without PostgreSQL
	EnvBin     = "RACEDESK_PG_BIN"           // the directory of initdb and pg_ctl
)

// Server is a PostgreSQL server a test may use.
type Server struct {
	// DSN connects to its maintenance database as a superuser.
	DSN string
}

// Start starts a server for the test (or uses RACEDESK_TEST_POSTGRES's),
// stopped and removed in t.Cleanup. It skips the test where PostgreSQL
// cannot be had.
func Start(t testing.TB) *Server {
	t.Helper()
	if dsn := os.Getenv(EnvDSN); dsn != "" {
		return &Server{DSN: dsn}
	}
	s, err := start(t)
	if err != nil {
		unavailable(t, err)
	}
	return s
}

// Database starts a server (Start) and makes an empty database on it for
// the test alone; it returns the database's DSN.
func Database(t testing.TB) string {
	t.Helper()
	return Start(t).NewDatabase(t)
}

// Available is Database for a test that goes on without PostgreSQL: it
// returns "" and why where PostgreSQL cannot be had (and fails the test
// instead under RACEDESK_REQUIRE_POSTGRES).
func Available(t testing.TB) (string, error) {
	t.Helper()
	if dsn := os.Getenv(EnvDSN); dsn != "" {
		return (&Server{DSN: dsn}).NewDatabase(t), nil
	}
	s, err := start(t)
	if err != nil {
		if os.Getenv(EnvRequire) != "" {
			t.Fatalf("PostgreSQL is required (%s) but cannot be had: %v", EnvRequire, err)
		}
		return "", err
	}
	return s.NewDatabase(t), nil
}

// NewDatabase makes an empty database with a fresh name and returns its
// DSN; the database is dropped when the test ends.
func (s *Server) NewDatabase(t testing.TB) string {
	t.Helper()
	b := make([]byte, 6)
	rand.Read(b)
	name := "racedesk_test_" + hex.EncodeToString(b)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, s.DSN)
	if err != nil {
		t.Fatalf("pgtest: connect to %s: %v", s.DSN, err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("pgtest: create database: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, s.DSN)
		if err != nil {
			return // the server is gone with its databases
		}
		defer conn.Close(context.Background())
		conn.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	})
	cfg, err := pgx.ParseConfig(s.DSN)
	if err != nil {
		t.Fatalf("pgtest: parse DSN: %v", err)
	}
	return fmt.Sprintf("host=%s port=%d user=%s dbname=%s sslmode=disable", cfg.Host, cfg.Port, cfg.User, name)
}

// unavailable skips the test, or fails it when PostgreSQL is required.
func unavailable(t testing.TB, err error) {
	t.Helper()
	if os.Getenv(EnvRequire) != "" {
		t.Fatalf("PostgreSQL is required (%s) but cannot be had: %v", EnvRequire, err)
	}
	t.Skipf("skipped: no PostgreSQL to test against: %v (install Debian's postgresql, or set %s to a server's DSN)", err, EnvDSN)
}

// bin finds a PostgreSQL program: in RACEDESK_PG_BIN, on the PATH, or in
// Debian's /usr/lib/postgresql/<version>/bin (the newest).
func bin(name string) (string, error) {
	if dir := os.Getenv(EnvBin); dir != "" {
		p := filepath.Join(dir, name)
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("%s: %w", EnvBin, err)
		}
		return p, nil
	}
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin/" + name)
	slices.SortFunc(dirs, func(a, b string) int { return version(b) - version(a) })
	if len(dirs) > 0 {
		return dirs[0], nil
	}
	return "", fmt.Errorf("%s not found (on the PATH or in /usr/lib/postgresql/*/bin)", name)
}

// version is the major version in a Debian path /usr/lib/postgresql/15/bin/….
func version(path string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(filepath.Dir(path))))
	return n
}

// runAs is who runs the server: postgres refuses to run as root, so root
// runs it as the "postgres" user (Debian's package makes it).
type runAs struct {
	uid, gid int
	name     string
	other    bool // not this process's user
}

func whoRuns() (runAs, error) {
	if os.Geteuid() != 0 {
		u, err := user.Current()
		name := "postgres"
		if err == nil {
			name = u.Username
		}
		return runAs{uid: os.Geteuid(), gid: os.Getegid(), name: name}, nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return runAs{}, errors.New(`running as root and there is no "postgres" user to run the server as`)
	}
	uid, err1 := strconv.Atoi(u.Uid)
	gid, err2 := strconv.Atoi(u.Gid)
	if err1 != nil || err2 != nil {
		return runAs{}, fmt.Errorf("user postgres: uid %q gid %q", u.Uid, u.Gid)
	}
	return runAs{uid: uid, gid: gid, name: u.Username, other: true}, nil
}

// socketDir makes the directory of the data and the socket: short enough
// for a Unix socket's path (about 100 bytes), and one the server's user
// can reach.
func socketDir(who runAs) (string, error) {
	base := os.TempDir()
	if len(base) > 60 {
		base = "/tmp"
	}
	dir, err := os.MkdirTemp(base, "racedesk-pg-")
	if err != nil {
		return "", err
	}
	if who.other {
		if err := os.Chown(dir, who.uid, who.gid); err != nil {
			os.RemoveAll(dir)
			return "", err
		}
	}
	return dir, nil
}

func start(t testing.TB) (*Server, error) {
	t.Helper()
	if runtime.GOOS == "windows" {
		return nil, errors.New("the test harness runs PostgreSQL on a Unix socket, not on Windows")
	}
	initdb, err := bin("initdb")
	if err != nil {
		return nil, err
	}
	pgctl, err := bin("pg_ctl")
	if err != nil {
		return nil, err
	}
	who, err := whoRuns()
	if err != nil {
		return nil, err
	}
	dir, err := socketDir(who)
	if err != nil {
		return nil, fmt.Errorf("temp dir: %w", err)
	}
	data := filepath.Join(dir, "data")
	run := func(prog string, args ...string) error {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, prog, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "LC_ALL=C", "PGTZ=UTC", "TZ=UTC")
		if who.other {
			if err := asUser(cmd, who); err != nil {
				return err
			}
		}
		out, err := cmd.CombinedOutput()
		if err != nil {
			return fmt.Errorf("%s %s: %v: %s", filepath.Base(prog), args[0], err, strings.TrimSpace(string(out)))
		}
		return nil
	}
	if err := run(initdb, "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	// No TCP port (listen_addresses empty): only the socket in dir, so
	// servers of parallel tests never collide. fsync off: data of a test.
	opts := fmt.Sprintf("-k %s -c listen_addresses= -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200", dir)
	if err := run(pgctl, "start", "-D", data, "-o", opts, "-l", filepath.Join(dir, "server.log"), "-w", "-t", "60"); err != nil {
		log, _ := os.ReadFile(filepath.Join(dir, "server.log"))
		os.RemoveAll(dir)
		return nil, fmt.Errorf("%v\n%s", err, log)
	}
	t.Cleanup(func() {
		if err := run(pgctl, "stop", "-D", data, "-m", "immediate", "-w", "-t", "60"); err != nil {
			t.Logf("pgtest: stop: %v", err)
		}
		os.RemoveAll(dir)
	})
	return &Server{DSN: fmt.Sprintf("host=%s port=5432 user=postgres dbname=postgres sslmode=disable", dir)}, nil
}

package pgstore

import (
	"context"
	"database/sql"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/racedesk/racedesk/syncclient/cloud/pgtest"
)

func tables(t *testing.T, dsn string) []string {
	t.Helper()
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT table_name FROM information_schema.tables
		WHERE table_schema = 'public' AND table_name <> 'goose_db_version' ORDER BY table_name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		out = append(out, n)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestAnEmptyDatabaseMigratesUpDownAndUpAgain(t *testing.T) {
	dsn := pgtest.Database(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	m, err := NewMigrator(dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	want := []string{"changes", "desk_tokens", "events", "mutations", "notices", "parked"}

	if err := m.Up(ctx); err != nil {
		t.Fatal(err)
	}
	cur, latest, err := m.Version(ctx)
	if err != nil || cur != latest || cur == 0 {
		t.Fatalf("after up: version %d of %d (%v)", cur, latest, err)
	}
	if got := tables(t, dsn); !slices.Equal(got, want) {
		t.Fatalf("after up: tables %v, want %v", got, want)
	}
	if err := m.Up(ctx); err != nil {
		t.Fatalf("up again, nothing to do: %v", err)
	}

	if err := m.DownTo(ctx, 0); err != nil {
		t.Fatal(err)
	}
	if got := tables(t, dsn); len(got) != 0 {
		t.Fatalf("after down: tables %v left", got)
	}
	if cur, _, err := m.Version(ctx); err != nil || cur != 0 {
		t.Fatalf("after down: version %d (%v)", cur, err)
	}

	if err := m.Up(ctx); err != nil {
		t.Fatalf("up after down: %v", err)
	}
	if got := tables(t, dsn); !slices.Equal(got, want) {
		t.Fatalf("after up again: tables %v, want %v", got, want)
	}
}

// Server processes starting together all migrate: one does the work, the
// others wait for the lock and find nothing to do.
func TestProcessesMigratingAtOnceMigrateOnce(t *testing.T) {
	dsn := pgtest.Database(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Go(func() { errs[i] = Migrate(ctx, dsn) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("process %d: %v", i, err)
		}
	}
	if got := tables(t, dsn); len(got) != 6 {
		t.Errorf("tables %v", got)
	}
}

// The pool's settings in the DSN (pool_max_conns) are the pool's: the
// migration connects without them (the server refuses unknown ones).
func TestTheDSNMayCarryThePoolsSize(t *testing.T) {
	dsn := pgtest.Database(t) + " pool_max_conns=16"
	db := openDB(t, dsn)
	if got := db.pool.Config().MaxConns; got != 16 {
		t.Errorf("pool of %d connections, want 16", got)
	}
}

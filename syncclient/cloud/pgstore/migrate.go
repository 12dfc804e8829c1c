// Package pgstore keeps the cloud's events in PostgreSQL
// (docs/cloud-postgres.md): many events in one database, served by one or
// more `racedesk cloud serve --postgres` processes.
package pgstore

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib" // database/sql's pgx driver, for goose
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Migrator applies the schema's migrations to one database. Several
// processes may migrate at once: a PostgreSQL advisory lock lets one at a
// time, and the others find the work done.
type Migrator struct {
	db       *sql.DB
	provider *goose.Provider
}

// NewMigrator connects to dsn for migrating; Close it when done.
func NewMigrator(dsn string) (*Migrator, error) {
	// The pool's own settings (pool_max_conns, …) are pgxpool's: parsed
	// off here, they would reach the server as unknown parameters.
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	db := stdlib.OpenDB(*cfg.ConnConfig)
	db.SetMaxOpenConns(1)
	locker, err := lock.NewPostgresSessionLocker()
	if err != nil {
		db.Close()
		return nil, err
	}
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		db.Close()
		return nil, err
	}
	p, err := goose.NewProvider(goose.DialectPostgres, db, sub, goose.WithSessionLocker(locker))
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("migrations: %w", err)
	}
	return &Migrator{db: db, provider: p}, nil
}

// Up applies every migration not yet applied.
func (m *Migrator) Up(ctx context.Context) error {
	if _, err := m.provider.Up(ctx); err != nil {
		return fmt.Errorf("migrate up: %w", err)
	}
	return nil
}

// DownTo undoes the migrations after version (0: all of them).
func (m *Migrator) DownTo(ctx context.Context, version int64) error {
	if _, err := m.provider.DownTo(ctx, version); err != nil {
		return fmt.Errorf("migrate down: %w", err)
	}
	return nil
}

// Version is the database's schema version and the latest this program
// knows.
func (m *Migrator) Version(ctx context.Context) (current, latest int64, err error) {
	return m.provider.GetVersions(ctx)
}

// Close closes the connection.
func (m *Migrator) Close() error { return m.db.Close() }

// Migrate brings the database at dsn to the latest schema.
func Migrate(ctx context.Context, dsn string) error {
	m, err := NewMigrator(dsn)
	if err != nil {
		return err
	}
	defer m.Close()
	return m.Up(ctx)
}

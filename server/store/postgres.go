package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// Advisory lock keys, shared by every server of one PostgreSQL database.
const (
	migrateLock int64 = 0x434c42_01 // "CLB" 1: the migrations, at start
	writerLock  int64 = 0x434c42_02 // "CLB" 2: every write transaction
	onceLock    int64 = 0x434c42_03 // "CLB" 3: Exclusive
)

// Exclusive runs fn while no other server of the database runs an Exclusive
// fn (on PostgreSQL a session lock; SQLite's servers, one per data folder,
// need none): e.g. filling an empty database with the demo, which servers
// starting together must do once.
func (db *DB) Exclusive(ctx context.Context, fn func() error) error {
	if !db.d.postgres {
		return fn()
	}
	conn, err := db.r.Conn(ctx)
	if err != nil {
		return fmt.Errorf("exclusive: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, onceLock); err != nil {
		return fmt.Errorf("exclusive: %w", err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, onceLock) //nolint:errcheck // the session's end frees it too
	return fn()
}

// Readers of a PostgreSQL database per server process.
const postgresReaders = 8

// OpenPostgres opens the PostgreSQL database at url (postgres:// or
// postgresql://, as libpq reads it) and applies the migrations.
func OpenPostgres(ctx context.Context, url string) (*DB, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("--database: %w", err)
	}
	if cfg.RuntimeParams == nil {
		cfg.RuntimeParams = map[string]string{}
	}
	cfg.RuntimeParams["application_name"] = "clb-server"
	cfg.RuntimeParams["timezone"] = "UTC"
	w := stdlib.OpenDB(*cfg)
	w.SetMaxOpenConns(1)
	w.SetConnMaxIdleTime(0)
	r := stdlib.OpenDB(*cfg)
	r.SetMaxOpenConns(postgresReaders)
	r.SetMaxIdleConns(postgresReaders)
	r.SetConnMaxIdleTime(5 * time.Minute)
	d := postgresDialect
	db := &DB{w: pool{w, d}, r: pool{r, d}, d: d, Now: time.Now}
	db.group = newCommitter(db)
	pctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := w.PingContext(pctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connect to the database: %w", err)
	}
	if err := db.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

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
)

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

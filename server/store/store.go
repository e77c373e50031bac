// Package store owns the database, SQLite or PostgreSQL: one writer
// connection (BEGIN IMMEDIATE, synchronous=FULL on SQLite; a lock shared by
// every server on PostgreSQL) and a pool of readers, the migrations, and
// every SQL statement of the server (one SQL for both, see dialect).
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite" // registers the "sqlite" driver
	sqlite3 "modernc.org/sqlite/lib"

	"clb/schema"
)

// DB is the server's database: SQLite in a data folder, or PostgreSQL.
type DB struct {
	w   pool // one connection: the single writer (of this process)
	r   pool // readers
	d   *dialect
	Now func() time.Time

	waiting atomic.Int64 // pushes waiting for the writer
	group   *committer   // pushes waiting for the writer (group.go)
}

// ErrNotFound is returned when a row asked for does not exist.
var ErrNotFound = errors.New("not found")

// ErrUnavailable is returned when the database cannot be written.
var ErrUnavailable = errors.New("database unavailable")

// ErrConflict is returned when a unique value is taken.
var ErrConflict = errors.New("conflict")

func dsn(path string, txlock string) string {
	q := url.Values{}
	// busy_timeout first, so that later pragmas wait too.
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(FULL)")
	q.Add("_pragma", "foreign_keys(1)")
	// Statement and savepoint journals (a group commit's pushes) in memory:
	// on disk they cost a write of every page a push touches.
	q.Add("_pragma", "temp_store(MEMORY)")
	q.Add("_txlock", txlock)
	return "file:" + path + "?" + q.Encode()
}

// Connect opens the database that database names (a postgres:// or
// postgresql:// URL), or, when it is empty, the SQLite database in dir.
func Connect(ctx context.Context, database, dir string) (*DB, error) {
	if database == "" {
		return Open(ctx, dir)
	}
	if !IsPostgresURL(database) {
		return nil, errors.New("--database: a postgres:// or postgresql:// URL is expected")
	}
	return OpenPostgres(ctx, database)
}

// IsPostgresURL reports whether s names a PostgreSQL database.
func IsPostgresURL(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// Open opens (creating if needed) the database in dir and applies migrations.
func Open(ctx context.Context, dir string) (*DB, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create data folder: %w", err)
	}
	path := filepath.Join(dir, "clb.db")
	if err := privateFiles(path); err != nil {
		return nil, err
	}
	w, err := sql.Open("sqlite", dsn(path, "immediate"))
	if err != nil {
		return nil, fmt.Errorf("open writer: %w", err)
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxIdleTime(0)
	r, err := sql.Open("sqlite", dsn(path, "deferred"))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("open readers: %w", err)
	}
	r.SetMaxOpenConns(4)
	d := sqliteDialect
	db := &DB{w: pool{w, d}, r: pool{r, d}, d: d, Now: time.Now}
	db.group = newCommitter(db)
	if err := db.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// privateFiles creates the database file 0600 before SQLite opens it (SQLite
// gives its -wal and -shm the database file's mode) and narrows the files of
// an older folder to 0600: they hold password and token hashes and members'
// health data.
func privateFiles(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("create database file: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("create database file: %w", err)
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if fi, err := os.Stat(p); err == nil && fi.Mode().Perm()&0o077 != 0 {
			if err := os.Chmod(p, 0o600); err != nil {
				return fmt.Errorf("make %s private: %w", p, err)
			}
		}
	}
	return nil
}

// Dialect is "sqlite" or "postgres".
func (db *DB) Dialect() string { return db.d.Name() }

// Pools are the connection pools, the writer's and the readers', for their
// statistics.
func (db *DB) Pools() (writer, readers *sql.DB) { return db.w.DB, db.r.DB }

// PushesWaiting is the number of pushes of this process waiting for the
// writer (on PostgreSQL, for the lock that every server shares).
func (db *DB) PushesWaiting() int64 { return db.waiting.Load() }

// Close closes both handles.
func (db *DB) Close() error {
	db.group.stop()
	return errors.Join(db.r.Close(), db.w.Close())
}

// Ping checks that a read succeeds.
func (db *DB) Ping(ctx context.Context) error {
	var n int
	return db.r.QueryRowContext(ctx, "SELECT count(*) FROM meta").Scan(&n)
}

// migrate applies the numbered migrations not yet recorded, each in its own
// transaction, on one connection. Migrations are forward-only. On
// PostgreSQL a session lock makes servers that start together on an empty
// database apply them once, one after the other.
func (db *DB) migrate(ctx context.Context) error {
	conn, err := db.w.Conn(ctx)
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	defer conn.Close()
	if db.d.postgres {
		if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, migrateLock); err != nil {
			return fmt.Errorf("migrations lock: %w", err)
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, migrateLock) //nolint:errcheck // the session's end frees it too
	}
	if _, err := conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("migrations table: %w", err)
	}
	ms, err := migrations(db.d)
	if err != nil {
		return err
	}
	for _, m := range ms {
		err := func() error {
			tx, err := conn.BeginTx(ctx, nil)
			if err != nil {
				return err
			}
			defer tx.Rollback() //nolint:errcheck // after Commit it does nothing
			t := &Tx{Tx: tx, d: db.d}
			var n int
			if err := t.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = ?`, m.version).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return nil
			}
			if _, err := tx.ExecContext(ctx, m.body); err != nil {
				return err
			}
			if _, err := t.ExecContext(ctx, `INSERT INTO schema_migrations(version, applied_at) VALUES (?, ?)`, m.version, db.stamp()); err != nil {
				return err
			}
			return tx.Commit()
		}()
		if err != nil {
			return fmt.Errorf("migration %s: %w", m.version, err)
		}
	}
	return nil
}

// MigrationVersions lists the migrations recorded as applied, in the order
// they were.
func (db *DB) MigrationVersions(ctx context.Context) ([]string, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT version FROM schema_migrations ORDER BY version`)
	if err != nil {
		return nil, fmt.Errorf("migrations: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, fmt.Errorf("migrations: %w", err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

type migration struct{ version, body string }

// migrations lists the migrations of the dialect in order: every
// schema/migrations/NNNN_name.sql, for PostgreSQL replaced by
// schema/migrations/postgres/NNNN_name.sql when there is one, else
// translated.
func migrations(d *dialect) ([]migration, error) {
	names, err := fs.Glob(schema.Migrations, "migrations/*.sql")
	if err != nil {
		return nil, fmt.Errorf("list migrations: %w", err)
	}
	sort.Strings(names)
	var out []migration
	for _, name := range names {
		body, err := fs.ReadFile(schema.Migrations, name)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", name, err)
		}
		text := string(body)
		if d.postgres {
			own, err := fs.ReadFile(schema.Migrations, "migrations/postgres/"+filepath.Base(name))
			switch {
			case err == nil:
				text = string(own)
			case errors.Is(err, fs.ErrNotExist):
				text = translate(text)
			default:
				return nil, fmt.Errorf("read %s for postgres: %w", name, err)
			}
		}
		out = append(out, migration{version: strings.TrimSuffix(filepath.Base(name), ".sql"), body: text})
	}
	return out, nil
}

// Write runs fn in one IMMEDIATE transaction on the writer and commits. On
// PostgreSQL the transaction first takes the writer lock that every server
// of the database shares, so that writes run one at a time there too: seq
// is taken in commit order, and the engine's read-merge-write sees every
// earlier write.
func (db *DB) Write(ctx context.Context, fn func(tx *Tx) error) error {
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w: %w", ErrUnavailable, err)
	}
	if db.d.postgres {
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(?)`, writerLock); err != nil {
			_ = tx.Rollback()
			return fmt.Errorf("writer lock: %w: %w", ErrUnavailable, err)
		}
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return unavailable(err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w: %w", ErrUnavailable, err)
	}
	return nil
}

// unavailable marks the errors of a database that cannot be written now (a
// full disk, a read-only or missing file, an I/O error, a lock held too long;
// on PostgreSQL the same conditions by their SQLSTATE) as ErrUnavailable: the
// API answers them 503 and nothing was committed.
func unavailable(err error) error {
	if err == nil || errors.Is(err, ErrUnavailable) {
		return err
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN,
			sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_NOMEM, sqlite3.SQLITE_PERM:
			return fmt.Errorf("%w: %w", ErrUnavailable, err)
		}
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case strings.HasPrefix(pe.Code, "53"), // insufficient resources: disk_full, out_of_memory, too_many_connections
			strings.HasPrefix(pe.Code, "08"),                           // connection exception
			strings.HasPrefix(pe.Code, "58"),                           // system error: io_error
			pe.Code == "25006",                                         // read_only_sql_transaction (a standby)
			pe.Code == "57P01", pe.Code == "57P02", pe.Code == "57P03": // shutting down, cannot connect now
			return fmt.Errorf("%w: %w", ErrUnavailable, err)
		}
	}
	return err
}

// stamp is the server's time as stored: UTC with milliseconds.
func (db *DB) stamp() string { return FormatTime(db.Now()) }

// FormatTime is the contract's time format: UTC with milliseconds.
func FormatTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

package store

import (
	"errors"
	"fmt"
	"reflect"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
)

func TestPostgresPlaceholders(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{`SELECT 1`, `SELECT 1`},
		{`SELECT a FROM t WHERE a = ? AND b IN (?, ?)`, `SELECT a FROM t WHERE a = $1 AND b IN ($2, $3)`},
		{`SELECT '?' || "?" FROM t WHERE a = ?`, `SELECT '?' || "?" FROM t WHERE a = $1`},
		{"SELECT a -- why?\nFROM t WHERE a = ?", "SELECT a -- why?\nFROM t WHERE a = $1"},
		{`SELECT 'it''s' WHERE a = ?`, `SELECT 'it''s' WHERE a = $1`},
		{`SELECT 'open`, `SELECT 'open`},
		{`-- only a comment ?`, `-- only a comment ?`},
	} {
		if got := postgresDialect.sql(tt.in); got != tt.want {
			t.Errorf("sql(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got := sqliteDialect.sql(tt.in); got != tt.in {
			t.Errorf("SQLite changed %q into %q", tt.in, got)
		}
	}
}

func TestPostgresBooleanArguments(t *testing.T) {
	in := []any{"x", true, int64(3), false}
	got := postgresDialect.args(in)
	if want := []any{"x", 1, int64(3), 0}; !reflect.DeepEqual(got, want) {
		t.Fatalf("args = %v, want %v", got, want)
	}
	if in[1] != true {
		t.Fatal("the caller's arguments were changed")
	}
	if got := sqliteDialect.args(in); !reflect.DeepEqual(got, in) {
		t.Fatalf("SQLite changed the arguments: %v", got)
	}
}

func TestTranslateMigration(t *testing.T) {
	in := `CREATE TABLE t (
  id    TEXT PRIMARY KEY,
  n     INTEGER NOT NULL DEFAULT 0,
  x     REAL,
  b     BLOB NOT NULL,
  s     TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX t_n ON t(n);
UPDATE t SET s = CAST(n AS TEXT);`
	want := `CREATE TABLE t (
  id    TEXT COLLATE "C" PRIMARY KEY,
  n     BIGINT NOT NULL DEFAULT 0,
  x     DOUBLE PRECISION,
  b     BYTEA NOT NULL,
  s     TEXT COLLATE "C" NOT NULL DEFAULT ''
);
CREATE INDEX t_n ON t(n);
UPDATE t SET s = CAST(n AS TEXT);`
	if got := translate(in); got != want {
		t.Fatalf("translate:\n%s\nwant:\n%s", got, want)
	}
}

// TestUnavailablePostgres: the PostgreSQL errors of a server that cannot
// write now are ErrUnavailable (503, retry later); errors of the request
// itself are not.
func TestUnavailablePostgres(t *testing.T) {
	tests := []struct {
		code string
		want bool
	}{
		{"53100", true},  // disk_full
		{"53200", true},  // out_of_memory
		{"53300", true},  // too_many_connections
		{"08006", true},  // connection_failure
		{"58030", true},  // io_error
		{"25006", true},  // read_only_sql_transaction: a standby after failover
		{"57P01", true},  // admin_shutdown
		{"57P03", true},  // cannot_connect_now
		{"23505", false}, // unique_violation
		{"22P02", false}, // invalid_text_representation
		{"42P01", false}, // undefined_table
		{"57014", false}, // query_canceled: the caller gave up
	}
	for _, tt := range tests {
		err := unavailable(fmt.Errorf("insert: %w", &pgconn.PgError{Code: tt.code}))
		if got := errors.Is(err, ErrUnavailable); got != tt.want {
			t.Errorf("SQLSTATE %s: unavailable = %v, want %v", tt.code, got, tt.want)
		}
	}
	if unavailable(nil) != nil {
		t.Error("unavailable(nil) is not nil")
	}
}

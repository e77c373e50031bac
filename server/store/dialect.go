package store

import (
	"context"
	"database/sql"
	"errors"
	"regexp"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
)

// The store writes one SQL for both engines: SQLite's, with `?` placeholders,
// integers for booleans (0 and 1) and ON CONFLICT clauses (which
// PostgreSQL reads too). The dialect turns it into PostgreSQL's where they
// differ, so that only a few fragments are written twice (see the methods of
// dialect).
type dialect struct {
	postgres bool
}

var (
	sqliteDialect   = &dialect{}
	postgresDialect = &dialect{postgres: true}
)

// Name is "sqlite" or "postgres".
func (d *dialect) Name() string {
	if d.postgres {
		return "postgres"
	}
	return "sqlite"
}

// sql rewrites the `?` placeholders of q as $1, $2… for PostgreSQL (outside
// quotes and comments).
func (d *dialect) sql(q string) string {
	if !d.postgres || !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 16)
	n := 0
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case c == '\'' || c == '"':
			j := strings.IndexByte(q[i+1:], c)
			if j < 0 {
				b.WriteString(q[i:])
				return b.String()
			}
			b.WriteString(q[i : i+j+2])
			i += j + 1
		case c == '-' && i+1 < len(q) && q[i+1] == '-':
			j := strings.IndexByte(q[i:], '\n')
			if j < 0 {
				b.WriteString(q[i:])
				return b.String()
			}
			b.WriteString(q[i : i+j])
			i += j - 1
		case c == '?':
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// args passes booleans as the integers the columns hold (PostgreSQL does not
// cast a boolean parameter to BIGINT).
func (d *dialect) args(a []any) []any {
	if !d.postgres {
		return a
	}
	out := a
	for i, v := range a {
		if b, ok := v.(bool); ok {
			if &out[0] == &a[0] { // copy once: the caller's slice stays as it was
				out = append([]any(nil), a...)
			}
			out[i] = 0
			if b {
				out[i] = 1
			}
		}
	}
	return out
}

// indexedBy is SQLite's index hint; PostgreSQL's planner needs none.
func (d *dialect) indexedBy(index string) string {
	if d.postgres {
		return ""
	}
	return " INDEXED BY " + index
}

// insertOrder orders change_log rows as they were written: SQLite's rowid,
// PostgreSQL's identity column n.
func (d *dialect) insertOrder() string {
	if d.postgres {
		return "n"
	}
	return "rowid"
}

// isUnique reports a unique-constraint violation.
func (d *dialect) isUnique(err error) bool {
	if err == nil {
		return false
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "23505"
	}
	return strings.Contains(err.Error(), "UNIQUE")
}

// Migration translation: a migration written for SQLite, as every migration
// is, becomes PostgreSQL's by these rules unless
// schema/migrations/postgres/<same name> replaces it.
var translations = []struct {
	re   *regexp.Regexp
	with string
}{
	{regexp.MustCompile(`\)\s*STRICT\s*;`), ");"},
	{regexp.MustCompile(`\bINTEGER\b`), "BIGINT"},
	{regexp.MustCompile(`\bREAL\b`), "DOUBLE PRECISION"},
	{regexp.MustCompile(`\bBLOB\b`), "BYTEA"},
}

// textType is a TEXT column type (not a CAST's AS TEXT).
var textType = regexp.MustCompile(`(\bAS\s+)?\bTEXT\b`)

// translate turns a SQLite migration into PostgreSQL's. TEXT columns compare
// in byte order (COLLATE "C"), as SQLite's do, so that ORDER BY agrees.
func translate(body string) string {
	for _, t := range translations {
		body = t.re.ReplaceAllString(body, t.with)
	}
	return textType.ReplaceAllStringFunc(body, func(m string) string {
		if m != "TEXT" {
			return m
		}
		return `TEXT COLLATE "C"`
	})
}

// pool is a database handle that speaks the dialect.
type pool struct {
	*sql.DB
	d *dialect
}

func (p pool) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return p.DB.ExecContext(ctx, p.d.sql(q), p.d.args(args)...)
}

func (p pool) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return p.DB.QueryContext(ctx, p.d.sql(q), p.d.args(args)...)
}

func (p pool) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	return p.DB.QueryRowContext(ctx, p.d.sql(q), p.d.args(args)...)
}

// BeginTx starts a transaction. A read-only one sees one snapshot on
// PostgreSQL (REPEATABLE READ), as every SQLite read transaction does.
func (p pool) BeginTx(ctx context.Context, opts *sql.TxOptions) (*Tx, error) {
	if p.d.postgres && opts != nil && opts.ReadOnly && opts.Isolation == sql.LevelDefault {
		opts = &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}
	} else if !p.d.postgres {
		opts = nil // SQLite: the DSN's _txlock decides
	}
	tx, err := p.DB.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	return &Tx{Tx: tx, d: p.d}, nil
}

// Tx is a transaction that speaks the dialect.
type Tx struct {
	*sql.Tx
	d *dialect
}

func (t *Tx) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return t.Tx.ExecContext(ctx, t.d.sql(q), t.d.args(args)...)
}

func (t *Tx) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return t.Tx.QueryContext(ctx, t.d.sql(q), t.d.args(args)...)
}

func (t *Tx) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	return t.Tx.QueryRowContext(ctx, t.d.sql(q), t.d.args(args)...)
}

// PrepareContext prepares q for this transaction. On PostgreSQL the
// driver already prepares each statement once per connection and keeps it,
// so a statement prepared per transaction would only add two round trips.
func (t *Tx) PrepareContext(ctx context.Context, q string) (*Stmt, error) {
	if t.d.postgres {
		return &Stmt{tx: t, q: q}, nil
	}
	st, err := t.Tx.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	return &Stmt{st: st}, nil
}

// Stmt is a statement of one transaction: prepared on SQLite, sent as it is
// on PostgreSQL (see PrepareContext).
type Stmt struct {
	st *sql.Stmt
	tx *Tx
	q  string
}

func (s *Stmt) ExecContext(ctx context.Context, args ...any) (sql.Result, error) {
	if s.st == nil {
		return s.tx.ExecContext(ctx, s.q, args...)
	}
	return s.st.ExecContext(ctx, args...)
}

func (s *Stmt) QueryContext(ctx context.Context, args ...any) (*sql.Rows, error) {
	if s.st == nil {
		return s.tx.QueryContext(ctx, s.q, args...)
	}
	return s.st.QueryContext(ctx, args...)
}

func (s *Stmt) QueryRowContext(ctx context.Context, args ...any) *sql.Row {
	if s.st == nil {
		return s.tx.QueryRowContext(ctx, s.q, args...)
	}
	return s.st.QueryRowContext(ctx, args...)
}

// Close releases a prepared statement (the transaction's end does too).
func (s *Stmt) Close() error {
	if s.st == nil {
		return nil
	}
	return s.st.Close()
}

// Package storetest runs a package's tests on each store: SQLite, then
// PostgreSQL when CLB_TEST_DATABASE_URL names a server (a URL to any
// database of it, e.g. postgres://postgres@/postgres?host=/tmp/pg). Each
// test gets its own fresh database. With PG_REQUIRED=1 a missing
// CLB_TEST_DATABASE_URL fails the run instead of skipping PostgreSQL.
//
//	func TestMain(m *testing.M) { storetest.Main(m) }
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver

	"clb/server/store"
)

// Environment variables.
const (
	EnvURL      = "CLB_TEST_DATABASE_URL"
	EnvRequired = "PG_REQUIRED"
)

var (
	postgres bool // the current run is PostgreSQL's

	adminOnce sync.Once
	admin     *sql.DB
	adminErr  error

	mu      sync.Mutex
	cleanup []func() // run at the end of Main
)

// Postgres reports whether the tests now run on PostgreSQL.
func Postgres() bool { return postgres }

// Name is the current store's name.
func Name() string {
	if postgres {
		return "postgres"
	}
	return "sqlite"
}

// ServerURL is CLB_TEST_DATABASE_URL; "" when unset.
func ServerURL() string { return os.Getenv(EnvURL) }

// Required reports PG_REQUIRED=1.
func Required() bool { return os.Getenv(EnvRequired) == "1" }

// Main runs the tests on SQLite, then on PostgreSQL when a server is given,
// and exits.
func Main(m *testing.M) {
	code := m.Run()
	switch {
	case ServerURL() != "":
		fmt.Println("=== the same tests on PostgreSQL")
		postgres = true
		if c := m.Run(); c != 0 {
			code = c
		}
		postgres = false
	case Required():
		fmt.Fprintf(os.Stderr, "%s=1 but %s is not set: the PostgreSQL run cannot happen\n", EnvRequired, EnvURL)
		code = 1
	}
	mu.Lock()
	for _, f := range cleanup {
		f()
	}
	mu.Unlock()
	if admin != nil {
		admin.Close()
	}
	os.Exit(code)
}

// RequirePostgres skips t when no PostgreSQL server is given, or fails it
// when PG_REQUIRED=1, and gives the server's URL.
func RequirePostgres(t testing.TB) string {
	t.Helper()
	u := ServerURL()
	if u == "" {
		if Required() {
			t.Fatalf("%s=1 but %s is not set", EnvRequired, EnvURL)
		}
		t.Skipf("no PostgreSQL: set %s to run this test", EnvURL)
	}
	return u
}

// Place is where one store lives: its data folder (the SQLite file, the
// signing key), and for PostgreSQL its database URL.
type Place struct {
	Dir string
	URL string
}

// Open opens the store at p (migrating it).
func (p Place) Open(ctx context.Context) (*store.DB, error) {
	return store.Connect(ctx, p.URL, p.Dir)
}

// Args are the command-line flags that name p.
func (p Place) Args() []string {
	if p.URL == "" {
		return []string{"--data", p.Dir}
	}
	return []string{"--data", p.Dir, "--database", p.URL}
}

// NewPlace gives t a fresh, empty place of the current store, removed at
// the end of t (its database dropped: close the store before, in a cleanup
// registered later).
func NewPlace(t testing.TB) Place {
	t.Helper()
	p := Place{Dir: t.TempDir()}
	if !postgres {
		return p
	}
	u, drop, err := CreateDatabase("")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(drop)
	p.URL = u
	return p
}

// Open gives t a fresh store of the current kind, closed at the end of t.
func Open(t testing.TB) *store.DB {
	t.Helper()
	p := NewPlace(t)
	db, err := p.Open(context.Background())
	if err != nil {
		t.Fatalf("open %s store: %v", Name(), err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// Template is a place filled once and copied for each test: seed fills it.
// It lasts until the end of Main.
func Template(seed func(Place) error) (Place, error) {
	dir, err := os.MkdirTemp("", "clb-template-*")
	if err != nil {
		return Place{}, err
	}
	p := Place{Dir: dir}
	atEnd(func() { os.RemoveAll(dir) })
	if postgres {
		u, drop, err := CreateDatabase("")
		if err != nil {
			return Place{}, err
		}
		atEnd(drop)
		p.URL = u
	}
	if err := seed(p); err != nil {
		return Place{}, err
	}
	return p, nil
}

// Copy gives t a copy of the template (its SQLite files and key, or a
// database created from it) removed at the end of t. The template's stores
// must be closed.
func Copy(t testing.TB, from Place) Place {
	t.Helper()
	p := Place{Dir: t.TempDir()}
	entries, err := os.ReadDir(from.Dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() || strings.HasSuffix(e.Name(), "-shm") {
			continue // SQLite rebuilds its shared-memory index
		}
		if err := copyFile(filepath.Join(p.Dir, e.Name()), filepath.Join(from.Dir, e.Name())); err != nil {
			t.Fatal(err)
		}
	}
	if from.URL != "" {
		u, drop, err := CreateDatabase(from.URL)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(drop)
		p.URL = u
	}
	return p
}

func copyFile(dst, src string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func atEnd(f func()) {
	mu.Lock()
	defer mu.Unlock()
	cleanup = append(cleanup, f)
}

// CreateDatabase creates an empty database on the test server (a copy of
// the database at template when it is not ""), and gives its URL and a
// function that drops it.
func CreateDatabase(template string) (string, func(), error) {
	server := ServerURL()
	if server == "" {
		return "", nil, fmt.Errorf("%s is not set", EnvURL)
	}
	adminOnce.Do(func() {
		admin, adminErr = sql.Open("pgx", server)
		if adminErr == nil {
			admin.SetMaxOpenConns(4)
		}
	})
	if adminErr != nil {
		return "", nil, adminErr
	}
	var b [8]byte
	_, _ = rand.Read(b[:])
	name := "clbtest_" + hex.EncodeToString(b[:])
	q := `CREATE DATABASE ` + name
	if template != "" {
		tu, err := url.Parse(template)
		if err != nil {
			return "", nil, err
		}
		q += ` TEMPLATE ` + strings.TrimPrefix(tu.Path, "/")
	}
	if _, err := admin.Exec(q); err != nil {
		return "", nil, fmt.Errorf("%s: %w", q, err)
	}
	u, err := url.Parse(server)
	if err != nil {
		return "", nil, err
	}
	u.Path = "/" + name
	drop := func() {
		_, _ = admin.Exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`)
	}
	return u.String(), drop, nil
}

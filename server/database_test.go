package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"clb/server/store/storetest"
)

// TestDatabaseFlag: --database wins over CLB_DATABASE_URL; a URL that is not
// PostgreSQL's is a usage error (exit 2) that creates nothing; the commands
// that open the database take it.
func TestDatabaseFlag(t *testing.T) {
	ctx := context.Background()
	t.Setenv(EnvDatabase, "mysql://elsewhere/clb")
	data := filepath.Join(t.TempDir(), "data")
	add := []string{"commune", "add", "--data", data, "--name", "Xã Cờ", "--province", "Tỉnh Y"}
	for _, args := range [][]string{
		add, // the environment's URL
		append(append([]string{}, add...), "--database", filepath.Join(t.TempDir(), "clb.db")),
		{"user", "add", "--data", data, "--database", "sqlite:///x", "--username", "abc", "--role", "admin", "--full-name", "A", "--password-stdin"},
		{"serve", "--addr", "127.0.0.1:0", "--data", data, "--database", "mysql://x/y"},
	} {
		err := run(ctx, args, strings.NewReader("mat-khau-dai-2026\n"), io.Discard, slog.Default())
		if !errors.Is(err, errUsage) || !strings.Contains(err.Error(), "postgres://") {
			t.Errorf("%v: %v, want a usage error naming postgres://", args, err)
		}
	}
	if _, err := os.Stat(data); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a refused --database created the data folder: %v", err)
	}

	storetest.RequirePostgres(t)
	url, drop, err := storetest.CreateDatabase("")
	if err != nil {
		t.Fatal(err)
	}
	defer drop()
	var out bytes.Buffer
	if err := run(ctx, append(add, "--database", url), nil, &out, slog.Default()); err != nil {
		t.Fatalf("--database over a wrong CLB_DATABASE_URL: %v", err)
	}
	commune := strings.TrimSpace(out.String())
	t.Setenv(EnvDatabase, url)
	err = run(ctx, []string{"user", "add", "--data", data, "--username", "canbo", "--role", "commune_officer", "--full-name", "Cán Bộ",
		"--commune", commune, "--password-stdin"}, strings.NewReader("mat-khau-dai-2026\n"), io.Discard, slog.Default())
	if err != nil {
		t.Fatalf("user add through CLB_DATABASE_URL: %v", err)
	}
	if _, err := os.Stat(filepath.Join(data, "clb.db")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a SQLite file was made beside the PostgreSQL database: %v", err)
	}
}

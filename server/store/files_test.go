package store_test

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"clb/server/auth"
	"clb/server/store"
)

// TestFileModes: the data folder the server creates is 0700; the database,
// its -wal and -shm and the signing key are 0600, whatever the umask; the
// files of an older, looser folder are narrowed to 0600 at open.
func TestFileModes(t *testing.T) {
	old := syscall.Umask(0)
	defer syscall.Umask(old)
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "data")
	db, err := store.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.CreateUser(ctx, &store.User{ID: "u1", Username: "canbo", FullName: "C", Role: "admin", PasswordHash: "x"}); err != nil {
		t.Fatal(err)
	}
	if _, err := auth.LoadOrCreateKey(dir); err != nil {
		t.Fatal(err)
	}
	want := map[string]os.FileMode{"": 0o700, "clb.db": 0o600, "clb.db-wal": 0o600, "clb.db-shm": 0o600, "jwt.key": 0o600}
	for name, mode := range want {
		fi, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != mode {
			t.Errorf("%q: mode %o, want %o", name, fi.Mode().Perm(), mode)
		}
	}
	db.Close()
	for _, name := range []string{"clb.db", "clb.db-wal", "clb.db-shm"} {
		_ = os.Chmod(filepath.Join(dir, name), 0o644)
	}
	db, err = store.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, name := range []string{"clb.db", "clb.db-wal", "clb.db-shm"} {
		if fi, err := os.Stat(filepath.Join(dir, name)); err == nil && fi.Mode().Perm() != 0o600 {
			t.Errorf("%s after reopen: mode %o, want 600", name, fi.Mode().Perm())
		}
	}
}

package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"clb/schema"
)

// Backup writes a consistent copy of the database to out (mode 0600) while
// it may be serving: VACUUM INTO reads one snapshot. out must not exist.
func (db *DB) Backup(ctx context.Context, out string) error {
	if _, err := os.Stat(out); err == nil {
		return fmt.Errorf("%s already exists: choose another file", out)
	}
	tmp := out + ".part"
	_ = os.Remove(tmp)
	// SQLite writes into an existing empty file and keeps its mode.
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("create backup: %w", err)
	}
	f.Close()
	if _, err := db.r.ExecContext(ctx, `VACUUM INTO ?`, tmp); err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("backup: %w", err)
	}
	if err := syncFile(tmp); err != nil {
		_ = os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, out); err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}

func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("sync %s: %w", path, err)
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", path, err)
	}
	return nil
}

// knownMigrations are the versions this program's migrations have.
func knownMigrations() (map[string]bool, error) {
	names, err := fs.Glob(schema.Migrations, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	known := map[string]bool{}
	for _, n := range names {
		known[strings.TrimSuffix(filepath.Base(n), ".sql")] = true
	}
	return known, nil
}

// VerifyCopy checks that path is a database of this server: SQLite's
// integrity_check answers ok and every migration it records is one of this
// program's (none newer), the first one included.
func VerifyCopy(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("backup file: %w", err)
	}
	c, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	defer c.Close()
	var res string
	if err := c.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&res); err != nil {
		return fmt.Errorf("%s is not a SQLite database of this server: %w", path, err)
	}
	if res != "ok" {
		return fmt.Errorf("%s is damaged: integrity_check says %q", path, res)
	}
	known, err := knownMigrations()
	if err != nil {
		return err
	}
	rows, err := c.QueryContext(ctx, `SELECT version FROM schema_migrations`)
	if err != nil {
		return fmt.Errorf("%s has no migrations table: not a database of this server: %w", path, err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return err
		}
		if !known[v] {
			return fmt.Errorf("%s has migration %s, unknown to this program (a newer version made it)", path, v)
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("%s records no migration: not a database of this server", path)
	}
	return nil
}

// Restore replaces the database of dir with the copy from, after checking
// it (VerifyCopy) and bringing it to this program's migrations. It takes the
// folder's lock exclusively: while a server holds dir it answers
// ErrFolderBusy and changes nothing.
func Restore(ctx context.Context, dir, from string) error {
	unlock, err := LockFolder(dir, true)
	if err != nil {
		return err
	}
	defer unlock()
	if err := VerifyCopy(ctx, from); err != nil {
		return err
	}
	path := filepath.Join(dir, "clb.db")
	tmpDir, err := os.MkdirTemp(dir, "restore-")
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	defer os.RemoveAll(tmpDir)
	staged := filepath.Join(tmpDir, "clb.db")
	if err := copyFile(staged, from); err != nil {
		return err
	}
	// Opening applies the migrations the copy lacks, and proves they apply.
	db, err := Open(ctx, tmpDir)
	if err != nil {
		return fmt.Errorf("restore: the copy does not open: %w", err)
	}
	if _, err := db.w.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		db.Close()
		return fmt.Errorf("restore: %w", err)
	}
	if err := db.Close(); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	if err := syncFile(staged); err != nil {
		return err
	}
	for _, p := range []string{path + "-wal", path + "-shm"} {
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("restore: %w", err)
		}
	}
	if err := os.Rename(staged, path); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	return nil
}

func copyFile(dst, src string) error {
	in, err := os.Open(src)
	if err != nil {
		return fmt.Errorf("read %s: %w", src, err)
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("write %s: %w", dst, err)
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return fmt.Errorf("copy %s: %w", src, err)
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return fmt.Errorf("copy %s: %w", src, err)
	}
	return out.Close()
}

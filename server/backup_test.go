package main

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/uuid"
)

// pushVillages pushes n new villages and returns their row ids.
func pushVillages(t *testing.T, base, token, device, commune string, n int) []string {
	t.Helper()
	var cs []any
	var ids []string
	for i := 0; i < n; i++ {
		rid := uuid.NewString()
		ids = append(ids, rid)
		cs = append(cs, map[string]any{"id": uuid.NewString(), "entity": "village", "row_id": rid, "op": "upsert",
			"fields": map[string]any{"commune_id": commune, "name": fmt.Sprintf("Thôn %d", i)},
			"hlc":    fmt.Sprintf("%013d-%04x-%s", time.Now().UnixMilli(), i, device)})
	}
	st, ans := call(t, "POST", base+"/api/sync/push", token, map[string]any{"device_id": device, "schema_version": 1, "changes": cs})
	if st != 200 {
		t.Fatalf("push: %d %v", st, ans)
	}
	return ids
}

func pulledIDs(t *testing.T, base, token string) map[string]bool {
	t.Helper()
	st, ans := call(t, "GET", base+"/api/sync/pull?limit=1000", token, nil)
	if st != 200 {
		t.Fatalf("pull: %d %v", st, ans)
	}
	got := map[string]bool{}
	for _, r := range ans["rows"].([]any) {
		got[r.(map[string]any)["row_id"].(string)] = true
	}
	return got
}

// TestBackupRestore: backup while serving and pushing gives a consistent,
// private copy; restore refuses while a server holds the folder, refuses a
// damaged or foreign copy, and otherwise brings the copy back.
func TestBackupRestore(t *testing.T) {
	bin := sharedServer(t)
	data, addr := t.TempDir(), freeAddr(t)
	base := "http://" + addr
	commune := setupAdmin(t, data)
	cmd := startWait(t, bin, data, addr)
	token := login(t, base, "admin", "phone-b")
	before := pushVillages(t, base, token, "phone-b", commune, 50)

	// A phone keeps pushing while the copy is taken.
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := 0; i < 5; i++ {
			pushVillages(t, base, token, "phone-b", commune, 20)
		}
	}()
	ctx := context.Background()
	var out bytes.Buffer
	copyPath := filepath.Join(t.TempDir(), "sao-luu.db")
	if err := run(ctx, []string{"backup", "--data", data, "--out", copyPath}, nil, &out, slog.Default()); err != nil {
		t.Fatal(err)
	}
	<-done
	if fi, err := os.Stat(copyPath); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("backup file: %v %v", fi, err)
	}
	if err := run(ctx, []string{"backup", "--data", data, "--out", copyPath}, nil, &out, slog.Default()); err == nil {
		t.Error("backup over an existing file")
	}
	after := pushVillages(t, base, token, "phone-b", commune, 5)

	// While the server holds the folder: refused, nothing changed.
	err := run(ctx, []string{"restore", "--data", data, "--from", copyPath}, nil, &out, slog.Default())
	if err == nil || !strings.Contains(err.Error(), "server is using") || errors.Is(err, errUsage) {
		t.Fatalf("restore while serving: %v", err)
	}
	if got := pulledIDs(t, base, token); !got[after[0]] {
		t.Fatal("a refused restore changed the database")
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()

	// Damaged and foreign copies are refused.
	bad := filepath.Join(t.TempDir(), "bad.db")
	raw, _ := os.ReadFile(copyPath)
	damaged := bytes.Clone(raw)
	for i := 4096 + 100; i < len(damaged) && i < 4096*4; i++ {
		damaged[i] ^= 0x5a
	}
	_ = os.WriteFile(bad, damaged, 0o600)
	notDB := filepath.Join(t.TempDir(), "notes.txt")
	_ = os.WriteFile(notDB, []byte("không phải cơ sở dữ liệu"), 0o600)
	future := filepath.Join(t.TempDir(), "future.db")
	_ = os.WriteFile(future, raw, 0o600)
	fdb, err := sql.Open("sqlite", "file:"+future)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fdb.Exec(`INSERT INTO schema_migrations(version, applied_at) VALUES ('9999_future', 'x')`); err != nil {
		t.Fatal(err)
	}
	fdb.Close()
	for _, from := range []string{bad, notDB, future, filepath.Join(t.TempDir(), "missing.db")} {
		if err := run(ctx, []string{"restore", "--data", data, "--from", from}, nil, &out, slog.Default()); err == nil {
			t.Errorf("restore from %s accepted", filepath.Base(from))
		}
	}

	if err := run(ctx, []string{"restore", "--data", data, "--from", copyPath}, nil, &out, slog.Default()); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(filepath.Join(data, "clb.db")); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("restored database: %v %v", fi, err)
	}
	startWait(t, bin, data, addr)
	token = login(t, base, "admin", "phone-c")
	got := pulledIDs(t, base, token)
	for _, id := range before {
		if !got[id] {
			t.Fatalf("village %s pushed before the backup is missing after restore", id)
		}
	}
	if got[after[0]] {
		t.Error("a village pushed after the backup is still there after restore")
	}

	// PostgreSQL databases are copied with pg_dump: exit 2.
	err = run(ctx, []string{"backup", "--data", data, "--database", "postgres://x@localhost/clb", "--out", filepath.Join(t.TempDir(), "x")}, nil, &out, slog.Default())
	if !errors.Is(err, errUsage) || !strings.Contains(err.Error(), "pg_dump") {
		t.Errorf("backup of PostgreSQL: %v", err)
	}
}

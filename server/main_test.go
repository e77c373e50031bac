package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/google/uuid"
)

// buildServer compiles this program once per test binary (TestMain removes
// it).
func buildServer(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		binDir, binErr = os.MkdirTemp("", "clb-server-bin-*")
		if binErr != nil {
			return
		}
		var out []byte
		out, binErr = exec.Command("go", "build", "-o", filepath.Join(binDir, "clb"), ".").CombinedOutput()
		if binErr != nil {
			binErr = fmt.Errorf("go build: %w\n%s", binErr, out)
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return filepath.Join(binDir, "clb")
}

var (
	binOnce sync.Once
	binDir  string
	binErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// start runs `serve` and waits until it answers.
func start(t *testing.T, bin, data, addr string, extra ...string) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	var out bytes.Buffer
	cmd := exec.Command(bin, append([]string{"serve", "--data", data, "--addr", addr}, extra...)...)
	cmd.Stdout, cmd.Stderr = &out, io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	for range 300 {
		if r, err := http.Get("http://" + addr + "/api/healthz"); err == nil {
			r.Body.Close()
			return cmd, &out
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("server did not start: %s", out.String())
	return nil, nil
}

func call(t *testing.T, method, url, token string, body any) (int, map[string]any) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, url, rd)
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var m map[string]any
	_ = json.NewDecoder(res.Body).Decode(&m)
	return res.StatusCode, m
}

func login(t *testing.T, base, user, device string) string {
	t.Helper()
	st, m := call(t, "POST", base+"/api/auth/login", "", map[string]any{"username": user, "password": "demo-2026", "device_id": device})
	if st != 200 {
		t.Fatalf("login %s: %d %v", user, st, m)
	}
	return m["access_token"].(string)
}

// TestDemoAndKill9: serve --demo prints the logins; a change acknowledged by
// a push survives kill -9; the CLI adds a commune and a user while the server
// runs, and the server sees them at once.
func TestDemoAndKill9(t *testing.T) {
	bin := buildServer(t)
	data, addr := t.TempDir(), freeAddr(t)
	base := "http://" + addr
	cmd, out := start(t, bin, data, addr, "--demo")
	for _, u := range []string{"admin", "canbo", "ytexa", "bcn1", "bcn2", "bcn3"} {
		if !strings.Contains(out.String(), u+"\tdemo-2026\t") {
			t.Fatalf("login of %s not printed:\n%s", u, out.String())
		}
	}
	token := login(t, base, "canbo", "phone-1")
	_, pulled := call(t, "GET", base+"/api/sync/pull?limit=1", token, nil)
	communeID := pulled["rows"].([]any)[0].(map[string]any)["row_id"].(string)

	villageID := uuid.NewString()
	push := map[string]any{"device_id": "phone-1", "schema_version": 1, "changes": []any{map[string]any{
		"id": uuid.NewString(), "entity": "village", "row_id": villageID, "op": "upsert",
		"fields": map[string]any{"commune_id": communeID, "name": "Thôn Mới"},
		"hlc":    fmt.Sprintf("%013d-0000-phone-1", time.Now().UnixMilli())}}}
	st, ans := call(t, "POST", base+"/api/sync/push", token, push)
	if st != 200 || ans["results"].([]any)[0].(map[string]any)["status"] != "applied" {
		t.Fatalf("push: %d %v", st, ans)
	}
	// kill -9 right after the answer.
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()

	// The CLI works on the same data folder while a server serves it.
	start(t, bin, data, addr)
	ctx := context.Background()
	var cout bytes.Buffer
	if err := run(ctx, []string{"commune", "add", "--data", data, "--name", "Xã Mới", "--province", "Tỉnh X", "--older-population", "900"}, nil, &cout, slog.Default()); err != nil {
		t.Fatal(err)
	}
	newCommune := strings.TrimSpace(cout.String())
	cout.Reset()
	err := run(ctx, []string{"user", "add", "--data", data, "--username", "canbo2", "--role", "commune_officer", "--full-name", "Lê Văn B",
		"--commune", newCommune, "--password-stdin"}, strings.NewReader("demo-2026\n"), &cout, slog.Default())
	if err != nil {
		t.Fatal(err)
	}
	token = login(t, base, "canbo", "phone-1")
	st, ans = call(t, "GET", base+"/api/audit?entity=village&row_id="+villageID, token, nil)
	if st != 200 || len(ans["entries"].([]any)) != 1 {
		t.Fatalf("acknowledged change lost after kill -9: %d %v", st, ans)
	}
	token2 := login(t, base, "canbo2", "phone-2")
	st, ans = call(t, "GET", base+"/api/sync/pull", token2, nil)
	rows := ans["rows"].([]any)
	if st != 200 || len(rows) != 1 || rows[0].(map[string]any)["row_id"] != newCommune {
		t.Fatalf("new officer's pull: %d %v", st, ans)
	}
	st, ans = call(t, "GET", base+"/api/indicators?from=2026-01-01&to=2026-06-30", token2, nil)
	if st != 200 || ans["commune"].(map[string]any)["id"] != newCommune {
		t.Fatalf("indicators of the new commune: %d %v", st, ans)
	}
}

func TestCLIErrors(t *testing.T) {
	ctx := context.Background()
	data := t.TempDir()
	var out bytes.Buffer
	tests := []struct {
		name  string
		args  []string
		stdin string
		want  string
	}{
		{"unknown command", []string{"frobnicate"}, "", "unknown command"},
		{"no password-stdin", []string{"user", "add", "--data", data, "--username", "abc", "--role", "admin", "--full-name", "A"}, "", "password-stdin"},
		{"short password", []string{"user", "add", "--data", data, "--username", "abc", "--role", "admin", "--full-name", "A", "--password-stdin"}, "short\n", "password"},
		{"common password", []string{"user", "add", "--data", data, "--username", "abc", "--role", "admin", "--full-name", "A", "--password-stdin"}, "MatKhau123\n", "common password"},
		{"password is the username", []string{"user", "add", "--data", data, "--username", "quantri1", "--role", "admin", "--full-name", "A", "--password-stdin"}, "QuanTri1\n", "username"},
		{"blank password", []string{"user", "add", "--data", data, "--username", "abc", "--role", "admin", "--full-name", "A", "--password-stdin"}, "          \n", "white space"},
		{"officer without commune", []string{"user", "add", "--data", data, "--username", "abc", "--role", "commune_officer", "--full-name", "A", "--password-stdin"}, "long-enough\n", "commune_id"},
		{"commune without name", []string{"commune", "add", "--data", data, "--province", "P"}, "", "name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := run(ctx, tt.args, bufio.NewReader(strings.NewReader(tt.stdin)), &out, slog.Default())
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to mention %q", err, tt.want)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(data, "jwt.key")); err == nil {
		t.Fatal("CLI commands must not need the signing key")
	}
}

package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/google/uuid"
)

// lockedBuffer is written by a child process's output copier while the
// test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// scrape reads a Prometheus text answer into "name{labels}" → value.
func scrape(t *testing.T, u string) map[string]string {
	t.Helper()
	res, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/plain") {
		t.Fatalf("GET %s: %d %s", u, res.StatusCode, res.Header.Get("Content-Type"))
	}
	out := map[string]string{}
	sc := bufio.NewScanner(res.Body)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		out[line[:i]] = line[i+1:]
	}
	return out
}

// TestMetricsAndRequestLogs: serve --metrics-addr answers GET /metrics
// there (and the API's address does not); after a push, a pull and a failed
// login the metrics count them; --log-format json writes one JSON line per
// request with its id, status and duration, and no token, password or
// member field.
func TestMetricsAndRequestLogs(t *testing.T) {
	bin := buildServer(t)
	data, addr := t.TempDir(), freeAddr(t)
	base := "http://" + addr
	ctx := context.Background()
	var cout bytes.Buffer
	if err := run(ctx, []string{"commune", "add", "--data", data, "--name", "Xã Đo Đếm", "--province", "Tỉnh X"}, nil, &cout, slog.Default()); err != nil {
		t.Fatal(err)
	}
	commune := strings.TrimSpace(cout.String())
	const pw = "mat-khau-rat-bi-mat-2026"
	if err := run(ctx, []string{"user", "add", "--data", data, "--username", "canbo", "--role", "commune_officer", "--full-name", "Cán Bộ",
		"--commune", commune, "--password-stdin"}, strings.NewReader(pw+"\n"), io.Discard, slog.Default()); err != nil {
		t.Fatal(err)
	}

	var stdout, stderr lockedBuffer
	cmd := exec.Command(bin, "serve", "--data", data, "--addr", addr, "--metrics-addr", "127.0.0.1:0", "--log-format", "json")
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	metricsRe := regexp.MustCompile(`Metrics: (http://\S+/metrics)`)
	var metricsURL string
	for range 600 {
		if m := metricsRe.FindStringSubmatch(stdout.String()); m != nil {
			if r, err := http.Get(base + "/api/healthz"); err == nil {
				r.Body.Close()
				metricsURL = m[1]
				break
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	if metricsURL == "" {
		t.Fatalf("server did not start with metrics: %s %s", stdout.String(), stderr.String())
	}

	// Only there: not on the API's address, and nothing else there.
	for _, u := range []string{base + "/metrics", strings.TrimSuffix(metricsURL, "/metrics") + "/api/healthz"} {
		r, err := http.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(r.Body)
		r.Body.Close()
		if r.StatusCode != 404 || bytes.Contains(b, []byte("clb_")) {
			t.Fatalf("GET %s: %d, want 404 without metrics", u, r.StatusCode)
		}
	}
	before := scrape(t, metricsURL)
	if before[`clb_changes_total{code="",status="applied"}`] != "" || before["clb_push_duration_seconds_count"] != "0" {
		t.Fatalf("counted before any push: %v", before)
	}

	if st, _, _ := loginAt(t, base, "canbo", "sai-mat-khau-2026", "dien-thoai"); st != 401 {
		t.Fatalf("wrong password: %d", st)
	}
	st, token, refresh := loginAt(t, base, "canbo", pw, "dien-thoai")
	if st != 200 {
		t.Fatalf("login: %d", st)
	}
	p := &pusher{t: t, token: token, device: "dien-thoai"}
	const memberName = "Nguyễn Thị Bí Mật"
	good := p.change("village", uuid.NewString(), map[string]any{"commune_id": commune, "name": memberName})
	bad := p.change("village", uuid.NewString(), map[string]any{"commune_id": commune}) // no name
	b, _ := json.Marshal(map[string]any{"device_id": "dien-thoai", "schema_version": 1, "changes": []any{good, bad}})
	req, _ := http.NewRequest("POST", base+"/api/sync/push", bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var ans struct {
		Results []struct {
			Status string
			Error  *struct{ Code string }
		}
	}
	_ = json.NewDecoder(res.Body).Decode(&ans)
	res.Body.Close()
	if res.StatusCode != 200 || len(ans.Results) != 2 || ans.Results[0].Status != "applied" || ans.Results[1].Error == nil {
		t.Fatalf("push: %d %+v", res.StatusCode, ans)
	}
	code := ans.Results[1].Error.Code
	pullPage(t, base, token, "", 100)

	m := scrape(t, metricsURL)
	for k, want := range map[string]string{
		`clb_changes_total{code="",status="applied"}`:                       "1",
		fmt.Sprintf(`clb_changes_total{code="%s",status="rejected"}`, code): "1",
		"clb_push_duration_seconds_count":                                   "1",
		"clb_pull_duration_seconds_count":                                   "1",
		"clb_failed_logins_total":                                           "1",
		"clb_pushes_waiting":                                                "0",
		`clb_requests_total{route="/api/sync/push",status="200"}`:           "1",
		`clb_requests_total{route="/api/auth/login",status="401"}`:          "1",
	} {
		if m[k] != want {
			t.Errorf("%s = %q, want %s", k, m[k], want)
		}
	}
	if m[`go_sql_max_open_connections{db_name="writer"}`] != "1" || m[`go_sql_open_connections{db_name="readers"}`] == "" {
		t.Errorf("database pools not shown: writer max %q, readers open %q",
			m[`go_sql_max_open_connections{db_name="writer"}`], m[`go_sql_open_connections{db_name="readers"}`])
	}

	// The request log, read after the server stops.
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	logs := stderr.String()
	for _, secret := range []string{pw, "sai-mat-khau-2026", token, refresh, memberName, "Bearer"} {
		if strings.Contains(logs, secret) {
			t.Errorf("the log holds a secret or a member field %q", secret)
		}
	}
	ids := map[string]bool{}
	pushes := 0
	for _, line := range strings.Split(strings.TrimSpace(logs), "\n") {
		var e map[string]any
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			t.Fatalf("log line is not JSON: %q", line)
		}
		if e["msg"] != "request" {
			continue
		}
		id, _ := e["id"].(string)
		if id == "" || ids[id] {
			t.Errorf("request id missing or repeated: %v", e)
		}
		ids[id] = true
		if _, ok := e["status"].(float64); !ok {
			t.Errorf("no status: %v", e)
		}
		if _, ok := e["duration_ms"].(float64); !ok {
			t.Errorf("no duration: %v", e)
		}
		if e["route"] == "/api/sync/push" {
			pushes++
			if e["status"] != float64(200) {
				t.Errorf("push logged with %v", e["status"])
			}
		}
	}
	if pushes != 1 || len(ids) < 5 {
		t.Fatalf("%d push lines, %d requests logged:\n%s", pushes, len(ids), logs)
	}
}

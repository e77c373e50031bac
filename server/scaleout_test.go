package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os/exec"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"clb/server/store/storetest"
)

// CONTRACT.md, "Storage and scale-out": two real server processes on one
// PostgreSQL database (and one data folder) behave as one server.

// serveProc starts `serve` without waiting for it.
func serveProc(t *testing.T, bin, addr string, args ...string) *bytes.Buffer {
	t.Helper()
	var out bytes.Buffer
	cmd := exec.Command(bin, append([]string{"serve", "--addr", addr}, args...)...)
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	return &out
}

func waitHealthy(t *testing.T, base string, out *bytes.Buffer) {
	t.Helper()
	for range 600 {
		if r, err := http.Get(base + "/api/healthz"); err == nil {
			r.Body.Close()
			if r.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("server %s did not start: %s", base, out.String())
}

// cluster is two servers on one new database and one new data folder,
// started at the same moment.
type cluster struct {
	bin, data, db string
	a, b          string // base URLs
	commune       string
}

func newCluster(t *testing.T, extra ...string) *cluster {
	t.Helper()
	storetest.RequirePostgres(t)
	dbURL, drop, err := storetest.CreateDatabase("")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(drop) // after the servers stop (cleanups run last first)
	c := &cluster{bin: buildServer(t), data: t.TempDir() + "/data", db: dbURL}
	addrA, addrB := freeAddr(t), freeAddr(t)
	c.a, c.b = "http://"+addrA, "http://"+addrB
	outA := serveProc(t, c.bin, addrA, append([]string{"--data", c.data, "--database", dbURL}, extra...)...)
	outB := serveProc(t, c.bin, addrB, append([]string{"--data", c.data, "--database", dbURL}, extra...)...)
	waitHealthy(t, c.a, outA)
	waitHealthy(t, c.b, outB)
	ctx := context.Background()
	var cout bytes.Buffer
	if err := run(ctx, []string{"commune", "add", "--data", c.data, "--database", dbURL, "--name", "Xã Hai Máy", "--province", "Tỉnh X"}, nil, &cout, slog.Default()); err != nil {
		t.Fatal(err)
	}
	c.commune = strings.TrimSpace(cout.String())
	for _, u := range []struct{ name, role, commune string }{{"quantri", "admin", ""}, {"canbo", "commune_officer", c.commune}} {
		args := []string{"user", "add", "--database", dbURL, "--data", c.data, "--username", u.name, "--role", u.role, "--full-name", "Người " + u.name, "--password-stdin"}
		if u.commune != "" {
			args = append(args, "--commune", u.commune)
		}
		if err := run(ctx, args, strings.NewReader("demo-2026\n"), io.Discard, slog.Default()); err != nil {
			t.Fatal(err)
		}
	}
	return c
}

// loginAt logs in and gives the access and refresh tokens.
func loginAt(t *testing.T, base, user, password, device string) (int, string, string) {
	t.Helper()
	st, m := call(t, "POST", base+"/api/auth/login", "", map[string]any{"username": user, "password": password, "device_id": device})
	a, _ := m["access_token"].(string)
	r, _ := m["refresh_token"].(string)
	return st, a, r
}

type pusher struct {
	t      *testing.T
	token  string
	device string
	mu     sync.Mutex
	n      int
}

func (p *pusher) change(entity, row string, fields map[string]any) map[string]any {
	p.mu.Lock()
	p.n++
	n := p.n
	p.mu.Unlock()
	return map[string]any{"id": uuid.NewString(), "entity": entity, "row_id": row, "op": "upsert", "fields": fields,
		"hlc": fmt.Sprintf("%013d-%04x-%s", time.Now().UnixMilli(), n%0x10000, p.device)}
}

// push sends the changes to base and requires each applied.
func (p *pusher) push(base string, cs ...map[string]any) error {
	b, _ := json.Marshal(map[string]any{"device_id": p.device, "schema_version": 1, "changes": cs})
	req, _ := http.NewRequest("POST", base+"/api/sync/push", bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+p.token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	var ans struct {
		Results []struct{ Status string } `json:"results"`
	}
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 || json.Unmarshal(body, &ans) != nil || len(ans.Results) != len(cs) {
		return fmt.Errorf("push to %s: %d %s", base, res.StatusCode, body)
	}
	for i, r := range ans.Results {
		if r.Status != "applied" {
			return fmt.Errorf("push to %s: change %d %s: %s", base, i, cs[i]["entity"], body)
		}
	}
	return nil
}

type pulled struct {
	Rows []struct {
		RowID string `json:"row_id"`
		Seq   int64  `json:"seq"`
	} `json:"rows"`
	Cursor string `json:"cursor"`
	More   bool   `json:"more"`
}

func pullPage(t *testing.T, base, token, cursor string, limit int) pulled {
	t.Helper()
	u := fmt.Sprintf("%s/api/sync/pull?limit=%d", base, limit)
	if cursor != "" {
		u += "&cursor=" + url.QueryEscape(cursor)
	}
	req, _ := http.NewRequest("GET", u, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var p pulled
	if res.StatusCode != 200 || json.NewDecoder(res.Body).Decode(&p) != nil {
		t.Fatalf("pull from %s: %d", base, res.StatusCode)
	}
	return p
}

func getJSON(t *testing.T, base, path, token string) (int, []byte) {
	t.Helper()
	req, _ := http.NewRequest("GET", base+path, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, b
}

// TestTwoServersOneDatabase shows each rule of "Storage and scale-out" on
// two server processes started together on an empty PostgreSQL database.
func TestTwoServersOneDatabase(t *testing.T) {
	c := newCluster(t)

	// A token issued by one server is accepted by the other; a refresh on
	// the other rotates it; a logout on one ends the session on both.
	st, adminTok, refresh := loginAt(t, c.a, "quantri", "demo-2026", "may-tinh")
	if st != 200 {
		t.Fatalf("login on A: %d", st)
	}
	if st, _ := getJSON(t, c.b, "/api/users", adminTok); st != 200 {
		t.Fatalf("A's token on B: %d", st)
	}
	st, m := call(t, "POST", c.b+"/api/auth/refresh", "", map[string]any{"refresh_token": refresh})
	if st != 200 {
		t.Fatalf("A's refresh token on B: %d %v", st, m)
	}
	adminTok = m["access_token"].(string)
	if st, _ := getJSON(t, c.a, "/api/users", adminTok); st != 200 {
		t.Fatalf("B's token on A: %d", st)
	}

	// A push acknowledged by one is in the next pull from the other.
	p := &pusher{t: t, token: adminTok, device: "may-tinh"}
	village, club := uuid.NewString(), uuid.NewString()
	if err := p.push(c.a,
		p.change("village", village, map[string]any{"commune_id": c.commune, "name": "Thôn Một"}),
		p.change("club", club, map[string]any{"commune_id": c.commune, "village_id": village, "name": "CLB Hai Máy", "founded_on": "2024-01-01"}),
	); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, r := range pullPage(t, c.b, adminTok, "", 1000).Rows {
		seen[r.RowID] = true
	}
	if !seen[village] || !seen[club] {
		t.Fatalf("B's pull lacks the rows acknowledged by A")
	}

	// The indicators of each server stay exact when the other writes: B
	// answers (and caches), A takes a member, B's next answer has it and
	// equals A's.
	_, offTok, _ := loginAt(t, c.b, "canbo", "demo-2026", "dien-thoai")
	q := "/api/indicators?from=2024-01-01&to=" + time.Now().Format("2006-01-02")
	_, before := getJSON(t, c.b, q, offTok)
	member := func(name string) map[string]any {
		return map[string]any{"club_id": club, "full_name": name, "sex": "female", "birth_year": 1950,
			"joined_on": "2024-03-01", "poverty": "none", "board_role": "none"}
	}
	if err := p.push(c.a, p.change("member", uuid.NewString(), member("Nguyễn Thị Hoa"))); err != nil {
		t.Fatal(err)
	}
	stB, afterB := getJSON(t, c.b, q, offTok)
	stA, afterA := getJSON(t, c.a, q, offTok)
	if stA != 200 || stB != 200 {
		t.Fatalf("indicators: %d %d", stA, stB)
	}
	var ja, jb any
	_ = json.Unmarshal(afterA, &ja)
	_ = json.Unmarshal(afterB, &jb)
	if bytes.Equal(before, afterB) || !reflect.DeepEqual(ja, jb) {
		t.Fatalf("B's indicators missed A's push:\nbefore %s\nB      %s\nA      %s", before, afterB, afterA)
	}

	// seq is one order across the servers: pushes on both at once and a
	// puller during them (alternating servers, following its cursor) ends
	// with every acknowledged row, its seqs strictly increasing.
	const pushers, pushes, batch = 4, 6, 20
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		acks = map[string]bool{}
		errs []error
	)
	for i := range pushers {
		base := []string{c.a, c.b}[i%2]
		pp := &pusher{t: t, token: adminTok, device: "may-tinh"}
		wg.Go(func() {
			for range pushes {
				cs := make([]map[string]any, batch)
				for j := range cs {
					cs[j] = pp.change("member", uuid.NewString(), member("Trần Thị Lan"))
				}
				err := pp.push(base, cs...)
				mu.Lock()
				if err != nil {
					errs = append(errs, err)
				} else {
					for _, ch := range cs {
						acks[ch["row_id"].(string)] = true
					}
				}
				mu.Unlock()
			}
		})
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	got := map[string]bool{}
	cursor, last := "", int64(0)
	page := func(base string) bool {
		pg := pullPage(t, base, adminTok, cursor, 15)
		for _, r := range pg.Rows {
			if r.Seq <= last {
				t.Fatalf("pulled seq %d after %d", r.Seq, last)
			}
			last = r.Seq
			got[r.RowID] = true
		}
		cursor = pg.Cursor
		return pg.More
	}
	for i := 0; ; i++ {
		select {
		case <-done:
		default:
			page([]string{c.a, c.b}[i%2])
			continue
		}
		break
	}
	for i := 0; page([]string{c.b, c.a}[i%2]); i++ {
	}
	if len(errs) > 0 {
		t.Fatalf("%d pushes failed, first: %v", len(errs), errs[0])
	}
	if len(acks) != pushers*pushes*batch {
		t.Fatalf("%d rows acknowledged", len(acks))
	}
	for id := range acks {
		if !got[id] {
			t.Fatalf("row %s acknowledged but never pulled", id)
		}
	}

	// The failed-login limits count across the servers: 5 failures shared
	// between A and B, then even the right password is 429 on either.
	for i := range 5 {
		base := []string{c.a, c.b}[i%2]
		if st, _, _ := loginAt(t, base, "canbo", "sai-mat-khau", "dien-thoai"); st != 401 {
			t.Fatalf("failure %d on %s: %d", i+1, base, st)
		}
	}
	for _, base := range []string{c.a, c.b} {
		if st, _, _ := loginAt(t, base, "canbo", "demo-2026", "dien-thoai"); st != 429 {
			t.Fatalf("6th login on %s: %d, want 429", base, st)
		}
	}
}

// TestTwoDemoServersStartTogether: two servers started at the same moment
// with --demo on one empty database both fill it (once: the second finds the
// demo users there) and serve.
func TestTwoDemoServersStartTogether(t *testing.T) {
	storetest.RequirePostgres(t)
	dbURL, drop, err := storetest.CreateDatabase("")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(drop)
	bin, data := buildServer(t), t.TempDir()
	var bases []string
	var outs []*bytes.Buffer
	for range 2 {
		addr := freeAddr(t)
		bases = append(bases, "http://"+addr)
		outs = append(outs, serveProc(t, bin, addr, "--data", data, "--database", dbURL, "--demo"))
	}
	var tokens []string
	for i, base := range bases {
		waitHealthy(t, base, outs[i])
		st, tok, _ := loginAt(t, base, "canbo", "demo-2026", fmt.Sprintf("may-%d", i))
		if st != 200 {
			t.Fatalf("demo login on server %d: %d", i, st)
		}
		tokens = append(tokens, tok)
	}
	// Both serve the same data: the officer's pulls from each agree.
	a, b := pullPage(t, bases[0], tokens[1], "", 1000), pullPage(t, bases[1], tokens[0], "", 1000)
	if len(a.Rows) == 0 || !reflect.DeepEqual(a.Rows, b.Rows) {
		t.Fatalf("the servers' pulls differ: %d and %d rows", len(a.Rows), len(b.Rows))
	}
}

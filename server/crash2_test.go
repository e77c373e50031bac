package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/google/uuid"
)

// phonePush is one push of a phone: kept until it is answered.
type phonePush struct {
	ids  []string // change ids
	rows []string // row ids, one per change
	body []byte
}

// TestCrashUnderLoad: phones push concurrently to the real binary while it is
// killed with SIGKILL at random moments and restarted; each phone retries
// its unanswered push (same change ids) until it is answered. At the end
// every acknowledged change and every retried one is in the log exactly once
// and its row exists exactly once; nothing else was written.
func TestCrashUnderLoad(t *testing.T) {
	bin := sharedServer(t)
	data, addr := t.TempDir(), freeAddr(t)
	base := "http://" + addr
	communeID := setupAdmin(t, data)
	cmd := startWait(t, bin, data, addr)
	const phones, kills = 6, 5
	tokens := make([]string, phones)
	for i := range tokens {
		tokens[i] = login(t, base, "admin", fmt.Sprintf("phone-%d", i))
	}

	var (
		mu      sync.Mutex
		acked   = map[string]string{} // change id → row id, answered applied or duplicate
		retried = map[string]bool{}   // change ids sent again after a failed try
	)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	client := &http.Client{Timeout: 10 * time.Second}
	for p := 0; p < phones; p++ {
		wg.Add(1)
		go func(p int) {
			defer wg.Done()
			device := fmt.Sprintf("phone-%d", p)
			var pending *phonePush
			for n := 0; ; n++ {
				if pending == nil {
					select {
					case <-stop:
						return
					default:
					}
					pending = &phonePush{}
					var cs []map[string]any
					for k := 0; k < 1+rand.IntN(40); k++ {
						cid, rid := uuid.NewString(), uuid.NewString()
						pending.ids, pending.rows = append(pending.ids, cid), append(pending.rows, rid)
						cs = append(cs, map[string]any{"id": cid, "entity": "village", "row_id": rid, "op": "upsert",
							"fields": map[string]any{"commune_id": communeID, "name": fmt.Sprintf("Thôn %s %d", device, n)},
							"hlc":    fmt.Sprintf("%013d-%04x-%s", time.Now().UnixMilli(), n%0x10000, device)})
					}
					pending.body, _ = json.Marshal(map[string]any{"device_id": device, "schema_version": 1, "changes": cs})
				}
				req, _ := http.NewRequest("POST", base+"/api/sync/push", bytes.NewReader(pending.body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", "Bearer "+tokens[p])
				res, err := client.Do(req)
				var ans struct {
					Results []struct{ ID, Status string }
				}
				if err == nil {
					err = json.NewDecoder(res.Body).Decode(&ans)
					res.Body.Close()
					if err == nil && res.StatusCode != 200 {
						err = fmt.Errorf("status %d", res.StatusCode)
					}
				}
				if err != nil {
					// Unanswered: the server is down or died mid-push. Send it
					// again, same ids, until it is answered.
					mu.Lock()
					for _, id := range pending.ids {
						retried[id] = true
					}
					mu.Unlock()
					time.Sleep(50 * time.Millisecond)
					continue
				}
				mu.Lock()
				for i, r := range ans.Results {
					if r.ID != pending.ids[i] || (r.Status != "applied" && r.Status != "duplicate") {
						t.Errorf("%s: result %d %+v", device, i, r)
					}
					if r.Status == "duplicate" && !retried[r.ID] {
						t.Errorf("%s: %s duplicate on its first answer", device, r.ID)
					}
					acked[r.ID] = pending.rows[i]
				}
				mu.Unlock()
				pending = nil
			}
		}(p)
	}
	for k := 0; k < kills; k++ {
		time.Sleep(time.Duration(300+rand.IntN(1200)) * time.Millisecond)
		mu.Lock()
		n := len(acked)
		mu.Unlock()
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		_ = cmd.Wait()
		t.Logf("kill %d: SIGKILL after %d acknowledged changes", k+1, n)
		time.Sleep(time.Duration(rand.IntN(300)) * time.Millisecond)
		cmd = startWait(t, bin, data, addr)
	}
	time.Sleep(500 * time.Millisecond)
	close(stop)
	wg.Wait() // each phone ends with its last push answered
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()

	db, err := sql.Open("sqlite", "file:"+filepath.Join(data, "clb.db")+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	logged := map[string]int{}
	rows, err := db.Query(`SELECT id FROM change_log WHERE entity = 'village' AND device_id LIKE 'phone-%'`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		logged[id]++
	}
	rows.Close()
	stored := map[string]int{}
	rows, err = db.Query(`SELECT row_id FROM change_log c JOIN rows r ON r.id = c.row_id WHERE c.device_id LIKE 'phone-%'`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		stored[id]++
	}
	rows.Close()
	nRetried := 0
	for cid, rid := range acked {
		if logged[cid] != 1 || stored[rid] != 1 {
			t.Errorf("change %s (row %s): logged %d times, row stored %d times", cid, rid, logged[cid], stored[rid])
		}
		if retried[cid] {
			nRetried++
		}
	}
	if len(logged) != len(acked) {
		t.Errorf("%d changes logged, %d acknowledged: something unanswered was kept", len(logged), len(acked))
	}
	t.Logf("kill points survived: %d; changes acknowledged: %d, of them retried after a lost answer: %d", kills, len(acked), nRetried)
	if len(acked) == 0 || nRetried == 0 {
		t.Errorf("the test did not exercise retries (acknowledged %d, retried %d)", len(acked), nRetried)
	}
}

// setupAdmin adds a commune and the user admin (password demo-2026) with the
// command line, and returns the commune's id.
func setupAdmin(t *testing.T, data string) string {
	t.Helper()
	ctx := context.Background()
	var out bytes.Buffer
	if err := run(ctx, []string{"commune", "add", "--data", data, "--name", "Xã Thử", "--province", "Tỉnh Thử"}, nil, &out, slog.Default()); err != nil {
		t.Fatal(err)
	}
	commune := strings.TrimSpace(out.String())
	if err := run(ctx, []string{"user", "add", "--data", data, "--username", "admin", "--role", "admin", "--full-name", "Quản trị",
		"--password-stdin"}, strings.NewReader("demo-2026\n"), &out, slog.Default()); err != nil {
		t.Fatal(err)
	}
	return commune
}

// startWait runs serve and waits (up to a minute: the machine may be busy)
// until it answers.
func startWait(t *testing.T, bin, data, addr string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(bin, "serve", "--data", data, "--addr", addr)
	var errOut bytes.Buffer
	cmd.Stderr = &errOut
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		if r, err := http.Get("http://" + addr + "/api/healthz"); err == nil {
			r.Body.Close()
			return cmd
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("server did not start: %s", errOut.String())
	return nil
}

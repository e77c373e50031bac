package main

// Black-box tests of the real binary (CONTRACT.md "Hardening"): memory
// before authentication, and acknowledged changes across kill -9.

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// sharedServer is the program built once for this package's tests.
func sharedServer(t *testing.T) string { return buildServer(t) }

// rssKB reads a /proc status line (VmRSS, VmHWM) of a process, in KiB.
func rssKB(t *testing.T, pid int, key string) int {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Skipf("no /proc on this system: %v", err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, key+":"); ok {
			n, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
			return n
		}
	}
	t.Fatalf("%s not in /proc/%d/status", key, pid)
	return 0
}

// TestUnauthenticatedWave: three waves of 50 simultaneous 4 MiB pushes
// without a token are all 401 and leave the server's peak RSS under 150 MB:
// the body of a request without a valid token is never read.
func TestUnauthenticatedWave(t *testing.T) {
	bin := sharedServer(t)
	data, addr := t.TempDir(), freeAddr(t)
	cmd, _ := start(t, bin, data, addr)
	pid := cmd.Process.Pid
	before := rssKB(t, pid, "VmRSS")
	body := bytes.Repeat([]byte(" "), 4<<20-2)
	body = append([]byte("{"), append(body, '}')...)
	tr := &http.Transport{MaxConnsPerHost: 0, DisableKeepAlives: true}
	client := &http.Client{Transport: tr, Timeout: time.Minute}
	statuses := map[int]int{}
	var mu sync.Mutex
	for wave := 0; wave < 3; wave++ {
		var wg sync.WaitGroup
		for i := 0; i < 50; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				req, _ := http.NewRequest("POST", "http://"+addr+"/api/sync/push", bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				if i%2 == 1 {
					req.Header.Set("Authorization", "Bearer not.a.token")
				}
				res, err := client.Do(req)
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					statuses[0]++ // the server may close before the whole body is sent
					return
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				statuses[res.StatusCode]++
			}()
		}
		wg.Wait()
	}
	peak := rssKB(t, pid, "VmHWM")
	t.Logf("RSS before %d KiB; peak (VmHWM) over 3 waves of 50 unauthenticated 4 MiB pushes: %d KiB (%.1f MB); answers %v",
		before, peak, float64(peak)*1024/1e6, statuses)
	if float64(peak)*1024 >= 150e6 {
		t.Errorf("peak RSS %d KiB, want under 150 MB", peak)
	}
	for st, n := range statuses {
		if st != 401 && st != 0 {
			t.Errorf("%d answers %d, want 401", n, st)
		}
	}
	if statuses[401] == 0 {
		t.Errorf("no 401 at all: %v", statuses)
	}
}

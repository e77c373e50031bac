package loadtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"clb/schema"
	"clb/server/api"
	"clb/server/auth"
	"clb/server/demo"
	"clb/server/figures"
	"clb/server/push"
	"clb/server/store"
	"clb/server/store/storetest"
	changes "clb/sync"
)

// envInt reads a positive integer setting of the benchmark.
func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

// phone is one club board's device.
type phone struct {
	token   string
	device  string
	club    string
	members []string
	cursor  string
	counter int
}

// BenchmarkPhones: LOAD_PHONES phones (default 200, two per club, clubs of
// ten per commune) each push 20 real changes (15 new blood-pressure readings,
// 5 member edits), pull what is new, pause LOAD_PAUSE_MS (default 200 ms)
// and start again, for LOAD_SECONDS (default 20) against the real HTTP
// server over loopback. Reports push and pull latency percentiles, errors,
// changes/s and the peak RSS of the process (server and phones together, so
// an upper bound of the server's). Run with -benchtime 1x.
func BenchmarkPhones(b *testing.B) {
	nPhones := envInt("LOAD_PHONES", 200)
	pause := time.Duration(envInt("LOAD_PAUSE_MS", 200)) * time.Millisecond
	dur := time.Duration(envInt("LOAD_SECONDS", 20)) * time.Second
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		place := storetest.Place{Dir: b.TempDir()}
		bases, phones, stop := setup(b, nPhones, place, 1)
		b.StartTimer()
		run(b, bases, phones, pause, dur)
		b.StopTimer()
		stop()
	}
}

// setup fills the store at place for nPhones phones and starts servers
// HTTP servers on it, each with its own store handle and indicators cache
// (as separate processes would have), sharing the key; phone i talks to
// server i % servers.
func setup(b *testing.B, nPhones int, place storetest.Place, servers int) ([]string, []*phone, func()) {
	ctx := context.Background()
	dir := place.Dir
	db, err := place.Open(ctx)
	if err != nil {
		b.Fatal(err)
	}
	keys, err := auth.LoadOrCreateKey(dir)
	if err != nil {
		b.Fatal(err)
	}
	sch := schema.MustLoad()
	eng := changes.New(sch)
	svc := &push.Service{Store: db, Engine: eng}
	admin := changes.Actor{UserID: "seed", Username: "seed", Role: changes.RoleAdmin, DeviceID: demo.Device}
	clubs := (nPhones + 1) / 2
	communes := (clubs + 9) / 10
	now := time.Now()
	for c := 0; c < communes; c++ {
		d := demo.GenerateScaled(now, int64(c+1), demo.Options{Index: c + 1, Clubs: 10, Years: 1, Members: 20})
		for i := 0; i < len(d.Changes); i += push.MaxChanges {
			if _, err := svc.Apply(ctx, admin, d.Changes[i:min(i+push.MaxChanges, len(d.Changes))]); err != nil {
				b.Fatal(err)
			}
		}
	}
	rows, err := db.CommuneRows(ctx, "")
	if err != nil {
		b.Fatal(err)
	}
	members := map[string][]string{}
	var clubIDs []string
	communeOf := map[string]string{}
	for _, r := range rows {
		switch r.Entity {
		case "club":
			clubIDs = append(clubIDs, r.ID)
			communeOf[r.ID] = r.CommuneID
		case "member":
			members[r.ClubID] = append(members[r.ClubID], r.ID)
		}
	}
	phones := make([]*phone, nPhones)
	for i := range phones {
		club := clubIDs[i/2]
		if i%2 == 0 {
			commune := communeOf[club]
			u := &store.User{ID: uuid.NewString(), Username: fmt.Sprintf("board%d", i/2), FullName: "Ban chủ nhiệm", Role: changes.RoleClubBoard,
				CommuneID: &commune, ClubIDs: []string{club}, PasswordHash: "-"}
			if err := db.CreateUser(ctx, u); err != nil {
				b.Fatal(err)
			}
			phones[i] = &phone{club: club, members: members[club], device: u.ID}
		} else {
			phones[i] = &phone{club: club, members: members[club], device: phones[i-1].device}
		}
	}
	for i, p := range phones {
		userID := p.device
		p.device = fmt.Sprintf("phone-%d", i)
		sid := uuid.NewString()
		if err := db.CreateSession(ctx, sid, userID, p.device, "", "-", now.UnixMilli()); err != nil {
			b.Fatal(err)
		}
		if p.token, err = keys.Issue(userID, sid, 0, now); err != nil {
			b.Fatal(err)
		}
	}
	dbs := []*store.DB{db}
	for len(dbs) < servers {
		other, err := place.Open(ctx)
		if err != nil {
			b.Fatal(err)
		}
		dbs = append(dbs, other)
	}
	var bases []string
	var tss []*httptest.Server
	for _, db := range dbs {
		srv := &api.Server{DB: db, Schema: sch, Engine: eng, Keys: keys, Figures: figures.New(db),
			Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
		ts := httptest.NewServer(srv.Handler())
		tss = append(tss, ts)
		bases = append(bases, ts.URL)
	}
	// Each phone starts with its first pull done, as a phone in use would.
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: nPhones}}
	for i, p := range phones {
		for more := true; more; {
			if more, err = pull(client, bases[i%len(bases)], p); err != nil {
				b.Fatal(err)
			}
		}
	}
	return bases, phones, func() {
		for i := range tss {
			tss[i].Close()
			dbs[i].Close()
		}
	}
}

// changesOf makes one push: 15 readings and 5 member edits.
func changesOf(p *phone, r *rand.Rand) []map[string]any {
	today := time.Now().UTC().Add(7 * time.Hour).Format("2006-01-02")
	out := make([]map[string]any, 0, 20)
	hlc := func() string {
		p.counter++
		return fmt.Sprintf("%013d-%04x-%s", time.Now().UnixMilli(), p.counter%65536, p.device)
	}
	for i := 0; i < 20; i++ {
		m := p.members[r.IntN(len(p.members))]
		if i < 15 {
			sys := 115 + r.IntN(50)
			out = append(out, map[string]any{"id": uuid.NewString(), "entity": "health_check", "row_id": uuid.NewString(), "op": "upsert", "hlc": hlc(),
				"fields": map[string]any{"club_id": p.club, "member_id": m, "measured_on": today, "systolic": sys, "diastolic": sys - 40 - r.IntN(10),
					"pulse": 60 + r.IntN(30), "measured_by": "club"}})
		} else {
			out = append(out, map[string]any{"id": uuid.NewString(), "entity": "member", "row_id": m, "op": "upsert", "hlc": hlc(),
				"fields": map[string]any{"phone": fmt.Sprintf("09%08d", r.IntN(100000000))}})
		}
	}
	return out
}

func pushOnce(client *http.Client, base string, p *phone, r *rand.Rand) error {
	body, _ := json.Marshal(map[string]any{"device_id": p.device, "schema_version": 1, "changes": changesOf(p, r)})
	req, _ := http.NewRequest(http.MethodPost, base+"/api/sync/push", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+p.token)
	res, err := client.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	var a struct {
		Results []changes.Result `json:"results"`
	}
	if res.StatusCode != 200 {
		b, _ := io.ReadAll(res.Body)
		return fmt.Errorf("push: %d %s", res.StatusCode, b)
	}
	if err := json.NewDecoder(res.Body).Decode(&a); err != nil {
		return err
	}
	for _, x := range a.Results {
		// Two phones of a club may edit one member: the older edit is
		// superseded, as it should be.
		if x.Status != changes.Applied && x.Status != changes.Superseded {
			return fmt.Errorf("push: change %s %s %+v", x.ID, x.Status, x.Error)
		}
	}
	return nil
}

func pull(client *http.Client, base string, p *phone) (bool, error) {
	cur := p.cursor
	if cur == "" {
		cur = "0"
	}
	req, _ := http.NewRequest(http.MethodGet, base+"/api/sync/pull?limit=500&cursor="+cur, nil)
	req.Header.Set("Authorization", "Bearer "+p.token)
	res, err := client.Do(req)
	if err != nil {
		return false, err
	}
	defer res.Body.Close()
	if res.StatusCode != 200 {
		b, _ := io.ReadAll(res.Body)
		return false, fmt.Errorf("pull: %d %s", res.StatusCode, b)
	}
	var a struct {
		Rows   []json.RawMessage `json:"rows"`
		Cursor string            `json:"cursor"`
		More   bool              `json:"more"`
	}
	if err := json.NewDecoder(res.Body).Decode(&a); err != nil {
		return false, err
	}
	p.cursor = a.Cursor
	return a.More, nil
}

// loadResult is what the phones saw.
type loadResult struct {
	Phones           int
	PushP50, PushP99 float64 // ms
	PullP50, PullP99 float64 // ms
	Errors           int64
	FirstError       string
	ChangesPerSecond float64
	RSSMB            float64 // peak RSS of the process that ran the phones
}

// run drives the phones against the servers and reports what they saw. The
// phones run in a process of their own (this test binary again, see
// TestMain), so that their goroutines and memory are not the server's: the
// RSS reported is the server's alone. LOAD_INPROCESS=1 runs them in this
// process instead.
func run(b *testing.B, bases []string, phones []*phone, pause, dur time.Duration) {
	var peak atomic.Int64
	done := make(chan struct{})
	go func() { // RSS every 100 ms
		for {
			if rss := rssBytes(); rss > peak.Load() {
				peak.Store(rss)
			}
			select {
			case <-done:
				return
			case <-time.After(100 * time.Millisecond):
			}
		}
	}()
	var res loadResult
	cpu0, t0 := cpuTime(), time.Now()
	if os.Getenv("LOAD_INPROCESS") == "1" {
		res = drive(bases, phones, pause, dur)
	} else {
		var err error
		if res, err = driveChild(b, bases, phones, pause, dur); err != nil {
			b.Fatal(err)
		}
	}
	close(done)
	cpu, elapsed := cpuTime()-cpu0, time.Since(t0)
	if res.FirstError != "" {
		b.Logf("first error: %s", res.FirstError)
	}
	b.ReportMetric(float64(res.Phones), "phones")
	b.ReportMetric(res.PushP50, "push-p50-ms")
	b.ReportMetric(res.PushP99, "push-p99-ms")
	b.ReportMetric(res.PullP50, "pull-p50-ms")
	b.ReportMetric(res.PullP99, "pull-p99-ms")
	b.ReportMetric(float64(res.Errors), "errors")
	b.ReportMetric(res.ChangesPerSecond, "changes/s")
	b.ReportMetric(float64(peak.Load())/(1<<20), "RSS-MB")
	if os.Getenv("LOAD_INPROCESS") != "1" {
		b.ReportMetric(res.RSSMB, "phones-RSS-MB")
		// The server's own CPU: the cores it got, and its CPU time per
		// push and pull served (what bounds it when it gets them all).
		b.ReportMetric(cpu.Seconds()/elapsed.Seconds(), "server-cores")
		if pushes := res.ChangesPerSecond * elapsed.Seconds() / 20; pushes > 0 {
			b.ReportMetric(float64(cpu.Milliseconds())/pushes, "server-CPU-ms/push+pull")
		}
	}
}

// childEnv names the file of a child's orders (see TestMain).
const childEnv = "CLB_LOAD_PHONES"

// TestMain: with CLB_LOAD_PHONES set, this binary is the phones of a
// BenchmarkPhones run (the orders in that file, the answer in FILE.out), and
// nothing else.
func TestMain(m *testing.M) {
	if orders := os.Getenv(childEnv); orders != "" {
		if err := child(orders); err != nil {
			fmt.Fprintln(os.Stderr, "phones:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// orders are what the phones' process is told.
type orders struct {
	Bases   []string
	Phones  []phoneOrder
	PauseMS int64
	DurMS   int64
}

type phoneOrder struct {
	Token, Device, Club, Cursor string
	Members                     []string
}

func driveChild(b *testing.B, bases []string, phones []*phone, pause, dur time.Duration) (loadResult, error) {
	o := orders{Bases: bases, PauseMS: pause.Milliseconds(), DurMS: dur.Milliseconds()}
	for _, p := range phones {
		o.Phones = append(o.Phones, phoneOrder{Token: p.token, Device: p.device, Club: p.club, Cursor: p.cursor, Members: p.members})
	}
	file := filepath.Join(b.TempDir(), "phones.json")
	raw, _ := json.Marshal(o)
	if err := os.WriteFile(file, raw, 0o600); err != nil {
		return loadResult{}, err
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+file)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return loadResult{}, fmt.Errorf("phones' process: %w", err)
	}
	var res loadResult
	out, err := os.ReadFile(file + ".out")
	if err != nil {
		return res, err
	}
	return res, json.Unmarshal(out, &res)
}

func child(file string) error {
	raw, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	var o orders
	if err := json.Unmarshal(raw, &o); err != nil {
		return err
	}
	var phones []*phone
	for _, p := range o.Phones {
		phones = append(phones, &phone{token: p.Token, device: p.Device, club: p.Club, cursor: p.Cursor, members: p.Members})
	}
	var peak atomic.Int64
	done := make(chan struct{})
	go func() {
		for {
			if rss := rssBytes(); rss > peak.Load() {
				peak.Store(rss)
			}
			select {
			case <-done:
				return
			case <-time.After(100 * time.Millisecond):
			}
		}
	}()
	res := drive(o.Bases, phones, time.Duration(o.PauseMS)*time.Millisecond, time.Duration(o.DurMS)*time.Millisecond)
	close(done)
	res.RSSMB = float64(peak.Load()) / (1 << 20)
	out, _ := json.Marshal(res)
	return os.WriteFile(file+".out", out, 0o600)
}

// drive runs the phones: push, pull what is new, pause, until dur is over.
func drive(bases []string, phones []*phone, pause, dur time.Duration) loadResult {
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: len(phones)}, Timeout: 60 * time.Second}
	var mu sync.Mutex
	var pushes, pulls []time.Duration
	var errs atomic.Int64
	var firstErr atomic.Value
	deadline := time.Now().Add(dur)
	start := time.Now()
	var wg sync.WaitGroup
	for i, p := range phones {
		wg.Add(1)
		base := bases[i%len(bases)]
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(i), 7))
			time.Sleep(time.Duration(r.Int64N(int64(pause) + 1))) // phones do not start in step
			for time.Now().Before(deadline) {
				t0 := time.Now()
				err := pushOnce(client, base, p, r)
				d := time.Since(t0)
				if err == nil {
					t0 = time.Now()
					for more := true; more && err == nil; {
						more, err = pull(client, base, p)
					}
					mu.Lock()
					pushes = append(pushes, d)
					pulls = append(pulls, time.Since(t0))
					mu.Unlock()
				}
				if err != nil {
					errs.Add(1)
					firstErr.CompareAndSwap(nil, err.Error())
				}
				time.Sleep(pause)
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	slices.Sort(pushes)
	slices.Sort(pulls)
	ms := func(ds []time.Duration, q float64) float64 {
		if len(ds) == 0 {
			return 0
		}
		return float64(ds[min(len(ds)-1, int(q*float64(len(ds))))].Microseconds()) / 1000
	}
	res := loadResult{Phones: len(phones), PushP50: ms(pushes, 0.5), PushP99: ms(pushes, 0.99), PullP50: ms(pulls, 0.5), PullP99: ms(pulls, 0.99),
		Errors: errs.Load(), ChangesPerSecond: float64(len(pushes)*20) / elapsed.Seconds()}
	if e, ok := firstErr.Load().(string); ok {
		res.FirstError = e
	}
	return res
}

// rssBytes is the process's resident set (Linux; 0 elsewhere).
func rssBytes() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}

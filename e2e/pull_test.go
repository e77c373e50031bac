package e2e

import (
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// A new phone's first pull in pages (pwa/src/sync.ts): the progress shows,
// the app stays usable, and a pull cut off (network dropped, page closed)
// resumes from the last stored page without losing or repeating a row.

// seededServer starts the server on one club of 70 members with `years` of
// books (`server seed`; board login bcn1).
func seededServer(t testing.TB, years int) *server {
	t.Helper()
	s := &server{t: t, bin: buildServer(t), data: t.TempDir(), addr: freePort(t)}
	s.URL = "http://" + s.addr
	cmd := exec.Command(s.bin, "seed", "--data", s.data, "--communes", "1", "--clubs", "1", "--years", strconv.Itoa(years), "--members", "70")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("seed: %v\n%s", err, out)
	}
	s.start()
	t.Cleanup(s.stop)
	return s
}

// slowPulls is a proxy in front of the server that answers each pull after
// a pause (so that a person, and the test, sees the pull in pages), and drops
// the connection of every pull while down is set.
type slowPulls struct {
	URL  string
	down atomic.Bool
}

func newSlowPulls(t *testing.T, target string, pause time.Duration) *slowPulls {
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	rp := httputil.NewSingleHostReverseProxy(u)
	sp := &slowPulls{}
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api/sync/pull" {
			if sp.down.Load() {
				drop(w)
				return
			}
			time.Sleep(pause)
			if sp.down.Load() { // dropped on its way
				drop(w)
				return
			}
		}
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	sp.URL = ts.URL
	return sp
}

// drop closes the connection without an answer, as a lost network does.
func drop(w http.ResponseWriter) {
	if conn, _, err := w.(http.Hijacker).Hijack(); err == nil {
		conn.Close()
	}
}

// idbState is what the phone holds: its pull cursor and the keys of its rows.
func (p *tab) idbState() (cursor string, keys []string) {
	p.t.Helper()
	var out struct {
		Cursor string   `json:"cursor"`
		Keys   []string `json:"keys"`
	}
	p.evalInto(`new Promise((ok, bad) => { const r = indexedDB.open('clb-lien-the-he'); r.onerror = bad; r.onsuccess = () => {
		const db = r.result; const tx = db.transaction(['rows', 'meta']);
		const c = tx.objectStore('meta').get('cursor'); const k = tx.objectStore('rows').getAllKeys();
		tx.oncomplete = () => { db.close(); ok({ cursor: c.result || '', keys: k.result }); }; tx.onerror = bad; }; })`, &out)
	return out.Cursor, out.Keys
}

// serverKeys are the keys ("entity:id") of every row the board may pull.
func serverKeys(t *testing.T, base string) []string {
	var keys []string
	for _, r := range apiLogin(t, base, "bcn1").rows() {
		keys = append(keys, r.Entity+":"+r.RowID)
	}
	sort.Strings(keys)
	return keys
}

func sameKeys(t *testing.T, got, want []string) {
	t.Helper()
	sort.Strings(got)
	if len(got) != len(want) {
		t.Fatalf("the phone holds %d rows, the server %d", len(got), len(want))
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("row %d: phone %s, server %s", i, got[i], want[i])
		}
	}
}

// storedRows reads N of "Đang tải dữ liệu: N/M" in the status (-1 when absent).
func (p *tab) storedRows() int {
	s, _ := p.statusText()
	const pre = "Đang tải dữ liệu: "
	i := strings.Index(s, pre)
	if i < 0 {
		return -1
	}
	n, _, _ := strings.Cut(s[i+len(pre):], "/")
	v, err := strconv.Atoi(strings.ReplaceAll(n, ".", ""))
	if err != nil {
		return -1
	}
	return v
}

func (p *tab) waitStored(atLeast int) {
	p.t.Helper()
	deadline := time.Now().Add(patience * 30 * time.Second)
	for p.storedRows() < atLeast {
		if time.Now().After(deadline) {
			s, _ := p.statusText()
			p.fatalf("never %d rows stored (status %q)", atLeast, s)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// The first pull of ~6 000 rows in pages of 1 000: "Đang tải dữ liệu: N/M"
// and a progress bar show while it runs, the menu works meanwhile; the
// network drops after two pages; back online it resumes and ends with
// exactly the server's rows.
func TestFirstPullProgressAndNetworkDrop(t *testing.T) {
	srv := seededServer(t, 5)
	want := serverKeys(t, srv.URL)
	if len(want) <= 4000 {
		t.Fatalf("only %d rows: the test needs more than four pages", len(want))
	}
	proxy := newSlowPulls(t, srv.URL, 700*time.Millisecond)
	b := newBrowser(t)
	p := b.newTab(proxy.URL)
	p.open("/")
	p.fill("Tên đăng nhập", "bcn1")
	p.fill("Mật khẩu", demoPassword)
	p.click("Đăng nhập", "button")
	p.fill("Mã PIN", "1234")
	p.click("Lưu mã PIN", "button")
	p.waitStored(1000)
	p.waitJS(`(() => { const b = document.querySelector('progress.pullbar'); return !!b && b.value >= 1000 && b.max > b.value; })()`, "the progress bar")
	// usable meanwhile: the members' list opens while the pull runs
	p.click("Thành viên", "link")
	p.waitJS(`location.pathname === '/members' && !!document.querySelector('main h1')`, "the members' screen")
	if p.storedRows() < 0 {
		p.fatalf("the pull ended before the screen changed: slow the proxy down")
	}
	p.waitStored(2000)
	proxy.down.Store(true)
	p.waitJS(`(() => { const s = document.querySelector('[role=status]'); return !!s && !s.textContent.includes('Đang'); })()`, "the cut-off pull to stop")
	cursor, keys := p.idbState()
	if cursor == "" || len(keys)%1000 != 0 || len(keys) < 2000 || len(keys) >= len(want) {
		p.fatalf("after the drop: cursor %q, %d rows (pages are stored whole)", cursor, len(keys))
	}
	proxy.down.Store(false)
	p.syncAndWait()
	_, keys = p.idbState()
	sameKeys(t, keys, want)
	if p.storedRows() >= 0 || p.eval(`!!document.querySelector('progress.pullbar')`) != "false" {
		p.fatalf("the progress stays after the pull")
	}
}

// The page is closed in the middle of the first pull; opened again (PIN),
// the pull goes on from the last stored page and ends with the server's rows.
func TestFirstPullResumesAfterClose(t *testing.T) {
	srv := seededServer(t, 3)
	want := serverKeys(t, srv.URL)
	proxy := newSlowPulls(t, srv.URL, 500*time.Millisecond)
	b := newBrowser(t)
	p := b.newTab(proxy.URL)
	p.open("/")
	p.fill("Tên đăng nhập", "bcn1")
	p.fill("Mật khẩu", demoPassword)
	p.click("Đăng nhập", "button")
	p.fill("Mã PIN", "1234")
	p.click("Lưu mã PIN", "button")
	p.waitStored(2000)
	p.cancel() // the tab closes with a page in flight
	q := b.newTab(proxy.URL)
	q.open("/")
	cursor, keys := q.idbState()
	if cursor == "" || len(keys)%1000 != 0 || len(keys) < 2000 {
		q.fatalf("after the close: cursor %q, %d rows (pages are stored whole)", cursor, len(keys))
	}
	q.unlock("1234")
	q.waitJS(`new Promise((ok) => { const r = indexedDB.open('clb-lien-the-he'); r.onsuccess = () => { const db = r.result;
		const g = db.transaction('meta').objectStore('meta').get('last_sync'); g.onsuccess = () => { db.close(); ok(!!g.result); }; }; })`, "the pull to end")
	_, keys = q.idbState()
	sameKeys(t, keys, want)
}

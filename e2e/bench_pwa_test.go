package e2e

// The PWA's speed in Debian Chromium (task bench; docs/PERFORMANCE.md, "The
// PWA"): benchmarks, not tests, so `go test ./...` never times anything.
//
//	go test -run '^$' -bench 'PWA' -benchtime 1x ./e2e
//
// BenchmarkPWAFirstPull: the first login of a new phone in an old club (one
// club, 70 members, PWA_YEARS of books, default 17: about 20 000 rows) at 1×
// and 6× CPU slowdown (CDP Emulation.setCPUThrottlingRate; 6× is Chrome's
// "low-end mobile"). From "Lưu mã PIN" until the pull is stored; beside it, in
// the same page and under the same slowdown, IndexedDB's own rate: the same
// records put into a fresh store with the same indexes, 1000 a transaction.
//
// BenchmarkPWAColdStart: the installed app offline (server stopped), reload →
// PIN screen → club home at 4× and 6×, typing excluded; and the reload's first
// contentful paint.

import (
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

func envYears() int {
	if v, err := strconv.Atoi(os.Getenv("PWA_YEARS")); err == nil && v > 0 {
		return v
	}
	return 17
}

func (p *tab) throttle(rate float64) {
	p.t.Helper()
	if _, err := chromedp.Call(p.ctx, emulation.SetCPUThrottlingRate, emulation.SetCPUThrottlingRateParams{Rate: rate}); err != nil {
		p.t.Fatal(err)
	}
}

// pullDone is true once the first sync has stored its last page.
const pullDone = `new Promise((ok) => { const r = indexedDB.open('clb-lien-the-he'); r.onerror = () => ok(false); r.onsuccess = () => {
	const db = r.result; try { const q = db.transaction('meta').objectStore('meta').get('last_sync'); q.onsuccess = () => { db.close(); ok(!!q.result); }; q.onerror = () => { db.close(); ok(false); }; } catch (e) { db.close(); ok(false); } }; })`

// pullOnly is the milliseconds from the first pull request until now.
const pullOnly = `performance.now() - Math.min(...performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/sync/pull')).map((e) => e.startTime))`

// rawIDB puts the app's pulled rows into a fresh database with the same
// indexes, 1000 records a transaction, and answers rows per second.
const rawIDB = `(async () => {
	const open = (name, up) => new Promise((ok, bad) => { const r = up ? indexedDB.open(name, 1) : indexedDB.open(name); r.onupgradeneeded = () => up && up(r.result); r.onsuccess = () => ok(r.result); r.onerror = bad; });
	const app = await open('clb-lien-the-he');
	const recs = await new Promise((ok, bad) => { const q = app.transaction('rows').objectStore('rows').getAll(); q.onsuccess = () => ok(q.result); q.onerror = bad; });
	app.close();
	await new Promise((ok) => { const d = indexedDB.deleteDatabase('bench-raw'); d.onsuccess = d.onerror = d.onblocked = ok; });
	const db = await open('bench-raw', (db) => { const s = db.createObjectStore('rows', { keyPath: 'key' }); s.createIndex('entity', 'entity'); s.createIndex('entity_club', ['entity', 'club_id']); });
	const t0 = performance.now();
	for (let i = 0; i < recs.length; i += 1000) {
		const tx = db.transaction('rows', 'readwrite'); const st = tx.objectStore('rows');
		for (const r of recs.slice(i, i + 1000)) st.put(r);
		await new Promise((ok, bad) => { tx.oncomplete = ok; tx.onerror = bad; });
	}
	const secs = (performance.now() - t0) / 1000;
	db.close();
	return { rows: recs.length, rate: recs.length / secs };
})()`

func BenchmarkPWAFirstPull(b *testing.B) {
	s := seededServer(b, envYears())
	want := len(apiLogin(b, s.URL, "bcn1").rows())
	for _, rate := range []float64{1, 6} {
		b.Run(fmt.Sprintf("cpu=%g", rate), func(b *testing.B) {
			var pull time.Duration
			var only float64
			var raw float64
			var stored int
			for i := 0; i < b.N; i++ {
				br := newBrowser(b)
				p := br.newTab(s.URL)
				p.open("/")
				p.fill("Tên đăng nhập", "bcn1")
				p.fill("Mật khẩu", demoPassword)
				p.click("Đăng nhập", "button")
				p.fill("Mã PIN", "1234")
				p.throttle(rate)
				t0 := time.Now()
				p.click("Lưu mã PIN", "button")
				deadline := t0.Add(10 * time.Minute)
				for {
					var done bool
					p.evalInto(pullDone, &done)
					if done {
						var ms float64
						p.evalInto(pullOnly, &ms)
						only += ms / 1000
						break
					}
					if time.Now().After(deadline) {
						p.fatalf("first pull not done after 10 minutes")
					}
					time.Sleep(100 * time.Millisecond)
				}
				pull += time.Since(t0)
				var r struct {
					Rows int     `json:"rows"`
					Rate float64 `json:"rate"`
				}
				p.evalInto(rawIDB, &r)
				raw += r.Rate
				stored = r.Rows
				p.throttle(1)
				br.cancel()
			}
			secs := pull.Seconds() / float64(b.N)
			b.ReportMetric(float64(stored), "rows")
			b.ReportMetric(float64(want), "server-rows")
			b.ReportMetric(secs, "s/pull")
			b.ReportMetric(float64(stored)/secs, "rows/s")
			b.ReportMetric(only/float64(b.N), "s/pull-requests")
			b.ReportMetric(raw/float64(b.N), "idb-raw-rows/s")
		})
	}
}

// coldMarks, run before every document: when the PIN field and the club
// home first show (performance.now(), from the navigation's start) and when
// "Mở khóa" was pressed.
const coldMarks = `(() => {
	const mark = () => {
		if (!window.__pinAt && document.getElementById('pin')) window.__pinAt = performance.now();
		if (!window.__homeAt && document.querySelector('main .cards')) window.__homeAt = performance.now();
	};
	new MutationObserver(mark).observe(document, { childList: true, subtree: true });
	document.addEventListener('submit', () => { window.__unlockAt = performance.now(); }, true);
})()`

func BenchmarkPWAColdStart(b *testing.B) {
	s := seededServer(b, envYears())
	br := newBrowser(b)
	p := br.newTab(s.URL)
	p.login("bcn1", "1234")
	p.waitServiceWorker()
	p.waitJS(pullDone, "the first pull")
	s.stop() // offline from here on
	if _, err := chromedp.Call(p.ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: coldMarks}); err != nil {
		b.Fatal(err)
	}
	for _, rate := range []float64{4, 6} {
		b.Run(fmt.Sprintf("cpu=%g", rate), func(b *testing.B) {
			p.t = b
			var total, toPin, fcp float64
			for i := 0; i < b.N; i++ {
				p.throttle(rate)
				p.open("/")
				p.waitJS(`!!window.__pinAt`, "the PIN screen")
				p.fill("Mã PIN", "1234")
				p.click("Mở khóa", "button")
				p.waitJS(`!!window.__homeAt`, "the club home")
				var m struct {
					Pin, Unlock, Home, FCP float64
				}
				p.evalInto(`({Pin: __pinAt, Unlock: __unlockAt, Home: __homeAt,
					FCP: (performance.getEntriesByName('first-contentful-paint')[0] || {startTime: 0}).startTime})`, &m)
				p.throttle(1)
				total += m.Pin + (m.Home - m.Unlock)
				toPin += m.Pin
				fcp += m.FCP
			}
			n := float64(b.N)
			b.ReportMetric(total/n, "ms/start")
			b.ReportMetric(toPin/n, "ms-to-pin")
			b.ReportMetric(fcp/n, "fcp-ms")
		})
	}
}

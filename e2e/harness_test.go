// Package e2e drives the PWA in Debian Chromium (chromedp) against the real
// server, built from ./server and started on a free port with a temporary
// data folder and the demo commune. Controls are found by their accessible
// names (Accessibility.queryAXTree), the words of DESIGN.md's "Words on screen".
//
// Browser tests skip when Chromium is absent, except with E2E_REQUIRED=1.
// With E2E_SCREENSHOTS=1 they write docs/screenshots/*.png (360×740).
package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/accessibility"
	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/dom"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	cdpruntime "github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

const demoPassword = "demo-2026"

// patience stretches every wait: a quiet machine never reaches these bounds,
// and a busy one (many builds at once) should not fail the tests for it.
const patience = 4

func required() bool { return os.Getenv("E2E_REQUIRED") == "1" }

// repoRoot is the module root (the folder above e2e/).
func repoRoot(t testing.TB) string {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("no caller")
	}
	return filepath.Dir(filepath.Dir(file))
}

func chromiumPath() string {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	for _, p := range []string{"/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return ""
}

func needChromium(t testing.TB) string {
	t.Helper()
	p := chromiumPath()
	if p == "" {
		if required() {
			t.Fatal("chromium not found and E2E_REQUIRED=1 (apt-get install -y chromium)")
		}
		t.Skip("chromium not found; set E2E_REQUIRED=1 to make this a failure")
	}
	return p
}

// ---------- the server ----------

var (
	buildOnce sync.Once
	serverBin string
	buildErr  error
	buildDir  string
)

func TestMain(m *testing.M) {
	code := m.Run()
	// Builds shared by the tests live until every test is done.
	for _, dir := range []string{buildDir, nextDist} {
		if dir != "" {
			os.RemoveAll(dir)
		}
	}
	os.Exit(code)
}

func buildServer(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		buildDir, buildErr = os.MkdirTemp("", "clb-e2e-bin")
		if buildErr != nil {
			return
		}
		serverBin = filepath.Join(buildDir, "clbserver")
		cmd := exec.Command("go", "build", "-o", serverBin, "./server")
		cmd.Dir = repoRoot(t)
		out, err := cmd.CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build ./server: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return serverBin
}

type server struct {
	t    testing.TB
	bin  string
	data string
	addr string
	URL  string
	cmd  *exec.Cmd
	log  *bytes.Buffer
	args []string // more serve flags, from the next start on
}

func freePort(t testing.TB) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

func startServer(t testing.TB) *server {
	s := &server{t: t, bin: buildServer(t), data: t.TempDir(), addr: freePort(t)}
	s.URL = "http://" + s.addr
	s.start()
	t.Cleanup(s.stop)
	return s
}

func (s *server) start() {
	s.t.Helper()
	s.log = &bytes.Buffer{}
	s.cmd = exec.Command(s.bin, append([]string{"serve", "--addr", s.addr, "--data", s.data, "--demo"}, s.args...)...)
	s.cmd.Stdout = s.log
	s.cmd.Stderr = s.log
	if err := s.cmd.Start(); err != nil {
		s.t.Fatal(err)
	}
	deadline := time.Now().Add(patience * 30 * time.Second)
	for time.Now().Before(deadline) {
		res, err := http.Get(s.URL + "/api/healthz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	s.t.Fatalf("server did not start:\n%s", s.log.String())
}

// stop ends the server: the phones are offline.
func (s *server) stop() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	_ = s.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { _ = s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		_ = s.cmd.Process.Kill()
		<-done
	}
	s.cmd = nil
}

// ---------- a small API client, to check what the server holds ----------

type apiClient struct {
	t     testing.TB
	base  string
	token string
}

func apiLogin(t testing.TB, base, user string) *apiClient {
	t.Helper()
	body := fmt.Sprintf(`{"username":%q,"password":%q,"device_id":"e2e-checker-%s"}`, user, demoPassword, user)
	res, err := http.Post(base+"/api/auth/login", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out struct {
		AccessToken string `json:"access_token"`
	}
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 || json.Unmarshal(b, &out) != nil {
		t.Fatalf("login %s: %d %s", user, res.StatusCode, b)
	}
	return &apiClient{t: t, base: base, token: out.AccessToken}
}

func (c *apiClient) get(path string, v any) {
	c.t.Helper()
	req, _ := http.NewRequest("GET", c.base+path, nil)
	req.Header.Set("Authorization", "Bearer "+c.token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 {
		c.t.Fatalf("GET %s: %d %s", path, res.StatusCode, b)
	}
	if err := json.Unmarshal(b, v); err != nil {
		c.t.Fatalf("GET %s: %v", path, err)
	}
}

type pulledRow struct {
	Entity  string         `json:"entity"`
	RowID   string         `json:"row_id"`
	Fields  map[string]any `json:"fields"`
	Deleted bool           `json:"deleted"`
}

// rows pulls everything the caller may see.
func (c *apiClient) rows() []pulledRow {
	var all []pulledRow
	cursor := ""
	for {
		var page struct {
			Rows   []pulledRow `json:"rows"`
			Cursor string      `json:"cursor"`
			More   bool        `json:"more"`
		}
		q := "/api/sync/pull?limit=1000"
		if cursor != "" {
			q += "&cursor=" + url.QueryEscape(cursor)
		}
		c.get(q, &page)
		all = append(all, page.Rows...)
		cursor = page.Cursor
		if !page.More {
			return all
		}
	}
}

func filterRows(rows []pulledRow, entity string, keep func(f map[string]any) bool) []pulledRow {
	var out []pulledRow
	for _, r := range rows {
		if r.Entity == entity && !r.Deleted && (keep == nil || keep(r.Fields)) {
			out = append(out, r)
		}
	}
	return out
}

// ---------- the browser ----------

type browser struct {
	t      testing.TB
	ctx    context.Context // the browser's first context (keeps the browser alive)
	cancel context.CancelFunc
	dir    string
}

func newBrowser(t testing.TB) *browser {
	t.Helper()
	path := needChromium(t)
	dir := t.TempDir()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("lang", "vi-VN"),
		chromedp.Flag("accept-lang", "vi-VN,vi"),
		chromedp.Env("LANG=vi_VN.UTF-8", "LANGUAGE=vi"),
		chromedp.UserDataDir(dir),
		chromedp.WindowSize(360, 740),
	}
	actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, bcancel := chromedp.NewContext(actx)
	if err := chromedp.Do(bctx); err != nil {
		acancel()
		t.Fatalf("start chromium: %v", err)
	}
	b := &browser{t: t, ctx: bctx, dir: dir, cancel: func() { bcancel(); acancel() }}
	t.Cleanup(b.cancel)
	return b
}

type tab struct {
	t      testing.TB
	ctx    context.Context
	cancel context.CancelFunc
	base   string
}

// newTab opens a tab at 360×740.
func (b *browser) newTab(base string) *tab {
	ctx, cancel := chromedp.NewContext(b.ctx)
	tb := &tab{t: b.t, ctx: ctx, cancel: cancel, base: base}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile, chromedp.EmulateTouch)); err != nil {
		b.t.Fatal(err)
	}
	// a phone in Vietnam: dates in native fields show as dd/mm/yyyy
	if _, err := chromedp.Call(ctx, emulation.SetLocaleOverride, emulation.SetLocaleOverrideParams{Locale: "vi-VN"}); err != nil {
		b.t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, emulation.SetTimezoneOverride, emulation.SetTimezoneOverrideParams{TimezoneID: "Asia/Ho_Chi_Minh"}); err != nil {
		b.t.Fatal(err)
	}
	b.t.Cleanup(cancel)
	// answer every confirm() with OK, as a user who reads the warning and goes on
	dialogs := chromedp.Events(ctx, page.JavascriptDialogOpening)
	go func() {
		for _, err := range dialogs {
			if err != nil {
				return
			}
			_, _ = chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
		}
	}()
	return tb
}

// allowDownloads saves downloads into a new folder and returns it.
func (b *browser) allowDownloads() string {
	dir := b.t.TempDir()
	if _, err := chromedp.CallBrowser(b.ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir}); err != nil {
		b.t.Fatal(err)
	}
	return dir
}

// waitFile waits for a finished download whose name matches the glob.
func waitFile(t testing.TB, dir, glob string) string {
	t.Helper()
	deadline := time.Now().Add(patience * 20 * time.Second)
	for time.Now().Before(deadline) {
		m, _ := filepath.Glob(filepath.Join(dir, glob))
		for _, f := range m {
			if !strings.HasSuffix(f, ".crdownload") {
				return f
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	ls, _ := os.ReadDir(dir)
	t.Fatalf("no download %s in %s (%v)", glob, dir, ls)
	return ""
}

func (p *tab) fatalf(format string, args ...any) {
	p.t.Helper()
	txt, _ := chromedp.Run(p.ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ''`))
	p.t.Fatalf(format+"\n--- page text ---\n%s", append(args, txt)...)
}

func (p *tab) do(actions ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, patience*45*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		p.fatalf("%v", err)
	}
}

func (p *tab) open(path string) {
	p.t.Helper()
	p.do(chromedp.Navigate(p.base + path))
}

func (p *tab) eval(js string) string {
	p.t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[json.RawMessage](js, chromedp.EvalAwaitPromise))
	if err != nil {
		p.fatalf("eval %s: %v", js, err)
	}
	return string(v)
}

func (p *tab) evalInto(js string, v any) {
	p.t.Helper()
	raw := p.eval(js)
	if err := json.Unmarshal([]byte(raw), v); err != nil {
		p.fatalf("eval %s: %v (%s)", js, err, raw)
	}
}

var textRoles = map[string]bool{"StaticText": true, "InlineTextBox": true, "LabelText": true, "generic": true, "none": true, "paragraph": true, "legend": true}

// findAXWhere returns the JS object of the first element with that
// accessible name (and role, when given) for which the JS predicate on the
// element (this) holds, or "" when there is none yet.
func (p *tab) findAXWhere(name, role, pred string) (cdpruntime.RemoteObjectID, error) {
	doc, err := chromedp.Call(p.ctx, dom.GetDocument, dom.GetDocumentParams{Depth: ptr(int64(0))})
	if err != nil {
		return "", err
	}
	res, err := chromedp.Call(p.ctx, accessibility.QueryAXTree, accessibility.QueryAXTreeParams{BackendNodeID: doc.Root.BackendNodeID, AccessibleName: name, Role: role})
	if err != nil {
		return "", err
	}
	for _, n := range res.Nodes {
		if n.Ignored || n.BackendDOMNodeID == 0 {
			continue
		}
		r := axString(n.Role)
		if role == "" && textRoles[r] {
			continue
		}
		obj, err := chromedp.Call(p.ctx, dom.ResolveNode, dom.ResolveNodeParams{BackendNodeID: n.BackendDOMNodeID})
		if err != nil || obj.Object == nil {
			continue
		}
		if pred != "" {
			r, err := chromedp.Call(p.ctx, cdpruntime.CallFunctionOn, cdpruntime.CallFunctionOnParams{FunctionDeclaration: "function(){ return !!(" + pred + ") }", ObjectID: obj.Object.ObjectID, ReturnByValue: ptr(true)})
			if err != nil || r.Result == nil || string(r.Result.Value) != "true" {
				continue
			}
		}
		return obj.Object.ObjectID, nil
	}
	return "", nil
}

func axString(v *accessibility.Value) string {
	if v == nil {
		return ""
	}
	var s string
	_ = json.Unmarshal([]byte(v.Value), &s)
	return s
}

// waitAX waits (up to 15 s) for an element with that accessible name.
func (p *tab) waitAX(name, role string) cdpruntime.RemoteObjectID {
	p.t.Helper()
	return p.waitAXWhere(name, role, "")
}

func (p *tab) waitAXWhere(name, role, pred string) cdpruntime.RemoteObjectID {
	p.t.Helper()
	deadline := time.Now().Add(patience * 15 * time.Second)
	for {
		id, err := p.findAXWhere(name, role, pred)
		if err == nil && id != "" {
			return id
		}
		if time.Now().After(deadline) {
			p.fatalf("no element named %q (role %q): %v", name, role, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func (p *tab) call(obj cdpruntime.RemoteObjectID, fn string) string {
	p.t.Helper()
	res, err := chromedp.Call(p.ctx, cdpruntime.CallFunctionOn, cdpruntime.CallFunctionOnParams{
		FunctionDeclaration: fn, ObjectID: obj, ReturnByValue: ptr(true), AwaitPromise: ptr(true), UserGesture: ptr(true),
	})
	if err != nil {
		p.fatalf("call: %v", err)
	}
	if res.ExceptionDetails != nil {
		p.fatalf("call: %s", res.ExceptionDetails.Text)
	}
	if res.Result == nil {
		return ""
	}
	return string(res.Result.Value)
}

// click clicks the element with that accessible name (a link of the main
// navigation that sits behind "Thêm" after opening "Thêm", as a person would).
func (p *tab) click(name, role string) {
	p.t.Helper()
	if role == "link" {
		p.openMoreFor(name)
	}
	p.call(p.waitAX(name, role), `function(){ this.scrollIntoView({block:'center'}); this.click(); }`)
}

// fill types a value into the field with that accessible name (input, date, select, textarea).
func (p *tab) fill(name, value string) {
	p.t.Helper()
	v, _ := json.Marshal(value)
	p.call(p.waitAXWhere(name, "", "['INPUT','SELECT','TEXTAREA'].includes(this.tagName)"), `function(){
		const v = `+string(v)+`;
		const el = this;
		el.scrollIntoView({block:'center'});
		el.focus();
		if (el.tagName === 'SELECT') {
			const o = [...el.options].find(o => o.value === v || o.textContent.trim() === v);
			if (!o) throw new Error('no option ' + v);
			el.value = o.value;
		} else {
			const proto = el.tagName === 'TEXTAREA' ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
			Object.getOwnPropertyDescriptor(proto, 'value').set.call(el, v);
		}
		el.dispatchEvent(new Event('input', {bubbles:true}));
		el.dispatchEvent(new Event('change', {bubbles:true}));
	}`)
}

// setChecked sets the checkbox with that accessible name.
func (p *tab) setChecked(name string, on bool) {
	p.t.Helper()
	want := "false"
	if on {
		want = "true"
	}
	p.call(p.waitAX(name, "checkbox"), `function(){ this.scrollIntoView({block:'center'}); if (this.checked !== `+want+`) this.click(); }`)
}

// waitJS polls a JS predicate until it is true.
func (p *tab) waitJS(js string, what string) {
	p.t.Helper()
	deadline := time.Now().Add(patience * 20 * time.Second)
	for {
		v, err := chromedp.Run(p.ctx, chromedp.Evaluate[bool](js, chromedp.EvalAwaitPromise))
		if err == nil && v {
			return
		}
		if time.Now().After(deadline) {
			p.fatalf("timed out waiting for %s (%s): %v", what, js, err)
		}
		time.Sleep(150 * time.Millisecond)
	}
}

func (p *tab) waitText(s string) {
	p.t.Helper()
	b, _ := json.Marshal(s)
	p.waitJS(`document.body && document.body.innerText.normalize('NFC').includes(`+string(b)+`)`, "text "+s)
}

func (p *tab) waitStatus(substr string) {
	p.t.Helper()
	deadline := time.Now().Add(patience * 30 * time.Second)
	for {
		s, _ := p.statusText()
		if strings.Contains(s, substr) {
			return
		}
		if time.Now().After(deadline) {
			p.fatalf("status %q never held %q", s, substr)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func (p *tab) statusText() (string, error) {
	return chromedp.Run(p.ctx, chromedp.Evaluate[string](`(document.querySelector('[role=status]')||{}).textContent||''`))
}

// screenshot saves a 360×740 PNG under docs/screenshots when E2E_SCREENSHOTS=1.
func (p *tab) screenshot(name string) {
	p.t.Helper()
	if os.Getenv("E2E_SCREENSHOTS") != "1" {
		return
	}
	p.eval(`window.scrollTo(0,0), document.activeElement && document.activeElement.blur(), true`)
	time.Sleep(300 * time.Millisecond)
	buf, err := chromedp.Run(p.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		p.fatalf("screenshot: %v", err)
	}
	if err := os.WriteFile(filepath.Join(repoRoot(p.t), "docs", "screenshots", name+".png"), buf, 0o644); err != nil {
		p.t.Fatal(err)
	}
}

// fullScreenshot saves the whole page (360 wide) when E2E_SCREENSHOTS=1.
func (p *tab) fullScreenshot(name string) {
	p.t.Helper()
	if os.Getenv("E2E_SCREENSHOTS") != "1" {
		return
	}
	buf, err := chromedp.Run(p.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		p.fatalf("screenshot: %v", err)
	}
	if err := os.WriteFile(filepath.Join(repoRoot(p.t), "docs", "screenshots", name+".png"), buf, 0o644); err != nil {
		p.t.Fatal(err)
	}
}

// login logs in online and sets the PIN (the first visit on a phone).
func (p *tab) login(user, pin string) {
	p.t.Helper()
	p.open("/")
	p.fill("Tên đăng nhập", user)
	p.fill("Mật khẩu", demoPassword)
	p.click("Đăng nhập", "button")
	p.fill("Mã PIN", pin)
	p.click("Lưu mã PIN", "button")
	p.waitAX("Đồng bộ ngay", "button")
}

func (p *tab) unlock(pin string) {
	p.t.Helper()
	p.fill("Mã PIN", pin)
	p.click("Mở khóa", "button")
	p.waitAX("Đồng bộ ngay", "button")
}

// syncAndWait presses "Đồng bộ ngay" and waits until nothing waits and a sync time shows.
func (p *tab) syncAndWait() {
	p.t.Helper()
	p.click("Đồng bộ ngay", "button")
	p.waitJS(`(() => { const s = document.querySelector('[role=status]'); return !!s && s.textContent.includes('0 thay đổi chờ gửi') && s.textContent.includes('Đồng bộ lần cuối') && !s.textContent.includes('Đang đồng bộ'); })()`, "a finished sync")
}

// waitServiceWorker waits until a service worker controls the page (the shell is precached).
func (p *tab) waitServiceWorker() {
	p.t.Helper()
	p.waitJS(`navigator.serviceWorker.ready.then(() => !!navigator.serviceWorker.controller)`, "service worker in control")
}

// idbRows reads the rows of an entity from the page's IndexedDB.
func (p *tab) idbRows(entity string) map[string]map[string]any {
	p.t.Helper()
	e, _ := json.Marshal(entity)
	var out map[string]map[string]any
	p.evalInto(`new Promise((ok, bad) => { const r = indexedDB.open('clb-lien-the-he'); r.onerror = bad; r.onsuccess = () => {
		const db = r.result; const q = db.transaction('rows').objectStore('rows').index('entity').getAll(`+string(e)+`);
		q.onsuccess = () => { const m = {}; for (const x of q.result) if (!x.deleted) m[x.id] = x.fields; db.close(); ok(m); }; q.onerror = bad; }; })`, &out)
	return out
}

func ptr[T any](v T) *T { return &v }

// setFiles puts a file in the (hidden) file input found by the CSS selector.
func (p *tab) setFiles(css string, files ...string) {
	p.t.Helper()
	obj, err := chromedp.Run(p.ctx, chromedp.Evaluate[*cdpruntime.RemoteObject](`document.querySelector(`+jsString(css)+`)`))
	if err != nil || obj == nil || obj.ObjectID == "" {
		p.fatalf("no %s: %v", css, err)
	}
	if _, err := chromedp.Call(p.ctx, dom.SetFileInputFiles, dom.SetFileInputFilesParams{Files: files, ObjectID: obj.ObjectID}); err != nil {
		p.fatalf("set files: %v", err)
	}
}

var _ = cdp.Empty{}

// clickText waits for an element matching the CSS selector whose text holds
// all of the given parts, and clicks it.
func (p *tab) clickText(css string, parts ...string) {
	p.t.Helper()
	if parts == nil {
		parts = []string{}
	}
	b, _ := json.Marshal(parts)
	c, _ := json.Marshal(css)
	find := `[...document.querySelectorAll(` + string(c) + `)].find(e => ` + string(b) + `.every(x => e.textContent.normalize('NFC').includes(x)))`
	p.waitJS(`!!(`+find+`)`, "element "+css+" with "+string(b))
	p.eval(`(() => { const e = ` + find + `; e.scrollIntoView({block:'center'}); e.click(); return true; })()`)
}

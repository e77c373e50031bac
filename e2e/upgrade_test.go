package e2e

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Upgrades in the field (docs/UPGRADES.md): build A (pwa/dist, installed on
// the phone) and build B, the next release, which the test makes: the PWA
// built with CLB_NEXT_RELEASE=1 (schema_version and IndexedDB version one
// higher) and served with --pwa, and an entities.json one schema version
// higher served with --schema.

var (
	nextOnce sync.Once
	nextDist string
	nextErr  error
)

// nextRelease builds B's PWA once per test run.
func nextRelease(t *testing.T) (dist, asset string) {
	t.Helper()
	nextOnce.Do(func() {
		root := repoRoot(t)
		npm, err := exec.LookPath("npm")
		if err != nil {
			nextErr = err
			return
		}
		if _, err := os.Stat(filepath.Join(root, "pwa", "node_modules")); err != nil {
			nextErr = err
			return
		}
		nextDist, nextErr = os.MkdirTemp("", "clb-next-release")
		if nextErr != nil {
			return
		}
		cmd := exec.Command(npm, "run", "build", "--", "--outDir", nextDist, "--emptyOutDir")
		cmd.Dir = filepath.Join(root, "pwa")
		cmd.Env = append(os.Environ(), "CLB_NEXT_RELEASE=1")
		if b, err := cmd.CombinedOutput(); err != nil {
			nextErr = &buildError{err, string(b)}
		}
	})
	if nextErr != nil {
		t.Fatalf("next release build (run `(cd pwa && npm ci)` first): %v", nextErr)
	}
	return nextDist, mainAsset(t, nextDist)
}

type buildError struct {
	err error
	out string
}

func (e *buildError) Error() string { return e.err.Error() + "\n" + e.out }

var assetRE = regexp.MustCompile(`/assets/index-[A-Za-z0-9_-]+\.js`)

// mainAsset is the app's script named by a build's index.html.
func mainAsset(t *testing.T, dist string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dist, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	a := assetRE.FindString(string(b))
	if a == "" {
		t.Fatalf("no app script in %s/index.html", dist)
	}
	return a
}

// nextSchema writes B's entities.json: one schema version higher, released
// on the given day (the previous version is taken for 180 days after it).
func nextSchema(t *testing.T, released string) (file string, version int) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot(t), "schema", "entities.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	version = int(doc["schema_version"].(float64)) + 1
	doc["schema_version"] = version
	doc["upgrades"] = []map[string]any{{"version": version, "released": released}}
	out, _ := json.Marshal(doc)
	file = filepath.Join(t.TempDir(), "entities.json")
	if err := os.WriteFile(file, out, 0o600); err != nil {
		t.Fatal(err)
	}
	return file, version
}

func (p *tab) idbVersion() int {
	p.t.Helper()
	var v int
	p.evalInto(`new Promise((ok, bad) => { const r = indexedDB.open('clb-lien-the-he'); r.onerror = bad;
		r.onsuccess = () => { const v = r.result.version; r.result.close(); ok(v); }; })`, &v)
	return v
}

// runs reports whether the page runs the build whose script is asset.
func (p *tab) runs(asset string) bool {
	var srcs string
	p.evalInto(`[...document.scripts].map((s) => s.src).join(' ')`, &srcs)
	return strings.Contains(srcs, asset)
}

func (p *tab) addMember(name, year string) {
	p.t.Helper()
	p.click("Thành viên", "link")
	p.waitAX("Thêm thành viên", "button")
	p.click("Thêm thành viên", "button")
	p.fill("Họ và tên", name)
	p.fill("Năm sinh", year)
	p.fill("Giới tính", "Nữ")
	p.click("Lưu", "button")
	p.waitText(name)
}

// TestUpgradeKeepsUnsentChanges: build A is installed and holds unsent
// changes; the server moves to build B; the phone reopens offline (A from
// its cache, working), then online: "Có phiên bản mới — Cập nhật", B takes
// over, upgrades the database in place and pushes A's changes under A's
// schema_version, which the server maps: each arrives exactly once. A second
// tab still running A closes its connection and says so.
func TestUpgradeKeepsUnsentChanges(t *testing.T) {
	distB, assetB := nextRelease(t)
	schemaB, _ := nextSchema(t, time.Now().UTC().Format("2006-01-02"))
	assetA := mainAsset(t, filepath.Join(repoRoot(t), "pwa", "dist"))
	srv := startServer(t)
	br := newBrowser(t)
	p := br.newTab(srv.URL)
	p.login("bcn1", "1357")
	p.syncAndWait()
	p.waitServiceWorker()
	versionA := p.idbVersion()
	if !p.runs(assetA) {
		t.Fatal("build A is not the one running")
	}

	srv.stop() // in the village: no network
	names := []string{"Đinh Thị Nâng Cấp", "Hà Thị Phiên Bản"}
	p.addMember(names[0], "1957")
	p.addMember(names[1], "1961")
	p.waitStatus("2 thay đổi chờ gửi")

	// the server is upgraded meanwhile; the phone reopens the app offline
	srv.args = []string{"--pwa", distB, "--schema", schemaB}
	p.do(chromedp.Reload())
	p.unlock("1357")
	p.waitStatus("2 thay đổi chờ gửi")
	p.click("Thành viên", "link")
	p.waitText(names[1])

	// a second tab of A is open too
	other := br.newTab(srv.URL)
	other.open("/")
	other.waitAX("Mã PIN", "textbox")

	// online again: the phone is reopened; A finds B and offers it
	srv.start()
	p.do(chromedp.Reload())
	p.waitAX("Cập nhật", "button")
	p.waitText("Có phiên bản mới")
	if !p.runs(assetA) {
		t.Fatal("the new version was swapped in before the person agreed")
	}
	p.click("Cập nhật", "button")
	p.waitJS(`!!document.querySelector('script[src*="`+assetB+`"]')`, "build B running")
	p.unlock("1357")
	p.syncAndWait()
	if v := p.idbVersion(); v != versionA+1 {
		t.Errorf("IndexedDB version %d after the upgrade, want %d", v, versionA+1)
	}
	other.waitText("Ứng dụng vừa được cập nhật ở một cửa sổ khác")

	// nothing lost, nothing twice: on the server and on the screen
	rows := apiLogin(t, srv.URL, "canbo").rows()
	for _, name := range names {
		got := filterRows(rows, "member", func(f map[string]any) bool { return f["full_name"] == name })
		if len(got) != 1 {
			t.Errorf("%s: %d rows on the server, want 1", name, len(got))
		}
	}
	p.click("Thành viên", "link")
	p.waitText(names[0])
	p.waitText(names[1])
	var text string
	p.evalInto(`document.getElementById('app').innerText`, &text)
	if len(strings.TrimSpace(text)) < 50 {
		t.Errorf("the app looks blank: %q", text)
	}
}

// TestUpgradeForcedBy426: the server moved on and no longer takes build A's
// schema_version (its window is over). A's sync gets 426 client_too_old; the
// app fetches B, waits until B's worker controls the page and reloads into
// it, with no tap; B then syncs.
func TestUpgradeForcedBy426(t *testing.T) {
	distB, assetB := nextRelease(t)
	schemaB, _ := nextSchema(t, "2000-01-01")
	srv := startServer(t)
	br := newBrowser(t)
	p := br.newTab(srv.URL)
	p.login("bcn2", "2468")
	p.syncAndWait()
	p.waitServiceWorker()

	srv.stop()
	srv.args = []string{"--pwa", distB, "--schema", schemaB}
	srv.start()
	p.click("Đồng bộ ngay", "button")
	p.waitJS(`!!document.querySelector('script[src*="`+assetB+`"]')`, "build B running after 426")
	p.unlock("2468")
	p.syncAndWait()
}

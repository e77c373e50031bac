package api_test

// Tests of CONTRACT.md "Hardening": each names the hole it closes.

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"clb/server/store"
	"clb/server/store/storetest"
)

// TestStrictKeys: JSON keys are matched exactly; a key the endpoint does not
// define is invalid_json for push and auth bodies, invalid_value naming it
// for user bodies (after the role check).
func TestStrictKeys(t *testing.T) {
	e := newEnv(t)
	admin, officer := e.tok("admin"), e.tok("canbo")
	good := `{"id":"` + id() + `","entity":"village","row_id":"` + id() + `","op":"upsert","fields":{"commune_id":"` + communeA + `","name":"Thôn X"},"hlc":"` + e.hlc(0, "d") + `"}`
	push := func(body string) req { return req{method: "POST", path: "/api/sync/push", token: admin, body: body} }
	tests := []struct {
		name        string
		q           req
		status      int
		code, field string
	}{
		{"push: Changes beside changes", push(`{"device_id":"dev-admin","schema_version":1,"changes":[` + good + `],"Changes":[]}`), 400, "invalid_json", ""},
		{"push: Changes alone", push(`{"device_id":"dev-admin","schema_version":1,"Changes":[` + good + `]}`), 400, "invalid_json", ""},
		{"push: unknown top key", push(`{"device_id":"dev-admin","schema_version":1,"changes":[],"is_admin":true}`), 400, "invalid_json", ""},
		{"push: ID inside a change", push(`{"device_id":"dev-admin","schema_version":1,"changes":[` + strings.Replace(good, `"id"`, `"ID"`, 1) + `]}`), 400, "invalid_json", ""},
		{"push: unknown key inside a change", push(`{"device_id":"dev-admin","schema_version":1,"changes":[` + strings.TrimSuffix(good, "}") + `,"user_id":"x"}]}`), 400, "invalid_json", ""},
		{"push: Device_ID", push(`{"Device_ID":"dev-admin","schema_version":1,"changes":[]}`), 400, "invalid_json", ""},
		{"push: device_id a number", push(`{"device_id":123,"schema_version":1,"changes":[]}`), 400, "invalid_json", ""},
		{"push: device_id null", push(`{"device_id":null,"schema_version":1,"changes":[]}`), 400, "invalid_json", ""},
		{"push: device_id a list", push(`{"device_id":["dev-admin"],"schema_version":1,"changes":[]}`), 400, "invalid_json", ""},
		{"login: Username beside username", req{method: "POST", path: "/api/auth/login", body: `{"username":"nobody","password":"` + password + `","device_id":"d","Username":"admin"}`}, 400, "invalid_json", ""},
		{"login: unknown key", req{method: "POST", path: "/api/auth/login", body: `{"username":"admin","password":"` + password + `","device_id":"d","role":"admin"}`}, 400, "invalid_json", ""},
		{"refresh: Refresh_Token", req{method: "POST", path: "/api/auth/refresh", body: `{"Refresh_Token":"x"}`}, 400, "invalid_json", ""},
		{"user PATCH role", req{method: "PATCH", path: "/api/users/" + e.users["bcn1"].ID, token: admin, body: `{"role":"admin"}`}, 400, "invalid_value", "role"},
		{"user PATCH Full_Name", req{method: "PATCH", path: "/api/users/" + e.users["bcn1"].ID, token: admin, body: `{"Full_Name":"X"}`}, 400, "invalid_value", "Full_Name"},
		{"user POST is_admin", req{method: "POST", path: "/api/users", token: admin, body: `{"username":"moi","password":"mat-khau-moi-1","full_name":"Mới","role":"admin","commune_id":null,"club_ids":[],"is_admin":true}`}, 400, "invalid_value", "is_admin"},
		{"user POST: role check first", req{method: "POST", path: "/api/users", token: officer, body: `{"username":"moi","password":"mat-khau-moi-1","full_name":"Mới","role":"admin","commune_id":null,"club_ids":[],"is_admin":true}`}, 403, "forbidden", ""},
		{"user PATCH: manage check first", req{method: "PATCH", path: "/api/users/" + e.users["canbob"].ID, token: officer, body: `{"role":"admin"}`}, 403, "forbidden", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { wantErr(t, e.do(tc.q), tc.status, tc.code, tc.field) })
	}
	// Nothing of the refused bodies was done.
	if u, _ := e.db.UserByName(e.ctx, "moi"); u != nil {
		t.Errorf("user created by a refused body")
	}
	if u, _ := e.db.UserByID(e.ctx, e.users["bcn1"].ID); u.Role != "club_board" {
		t.Errorf("role changed to %s", u.Role)
	}
	// The exact keys still work.
	if r := e.do(push(`{"device_id":"dev-admin","schema_version":1,"changes":[` + good + `]}`)); r.status != 200 || !strings.Contains(string(r.body), `"applied"`) {
		t.Errorf("exact keys: %s", r)
	}
}

// TestBadPercentEncoding: a query string that is not valid percent-encoding
// is 400 invalid_value, never silently ignored.
func TestBadPercentEncoding(t *testing.T) {
	e := newEnv(t)
	admin := e.tok("admin")
	for _, tc := range []struct{ path, field string }{
		{"/api/sync/pull?limit=%zz", "limit"},
		{"/api/sync/pull?cursor=%zz", "cursor"},
		{"/api/sync/pull?cursor=0&limit=5%", "limit"},
		{"/api/review?club_id=%g1", "club_id"},
		{"/api/healthz?x=%", "x"},
		{"/api/users?%zz=1", "%zz"},
	} {
		wantErr(t, e.get(tc.path, admin), 400, "invalid_value", tc.field)
	}
	// Authentication still comes first.
	wantErr(t, e.get("/api/sync/pull?limit=%zz", ""), 401, "unauthorized", "")
	if r := e.get("/api/sync/pull?limit=%35", admin); r.status != 200 {
		t.Errorf("valid escapes: %s", r)
	}
}

// head sends a HEAD request.
func (e *env) head(path, token string) *http.Response {
	e.t.Helper()
	r, _ := http.NewRequest(http.MethodHead, e.ts.URL+path, nil)
	if token != "" {
		r.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(r)
	if err != nil {
		e.t.Fatal(err)
	}
	res.Body.Close()
	return res
}

// TestHeadAnd405: HEAD is answered wherever GET is; a 405 carries Allow.
func TestHeadAnd405(t *testing.T) {
	site := fstest.MapFS{"index.html": {Data: []byte("<!doctype html><title>CLB</title>")}}
	e := newEnv(t, withStatic(site))
	admin := e.tok("admin")
	for _, p := range []string{"/api/healthz", "/api/sync/pull", "/api/review", "/api/users", "/", "/index.html"} {
		if res := e.head(p, admin); res.StatusCode != 200 {
			t.Errorf("HEAD %s: %d", p, res.StatusCode)
		}
	}
	if res := e.head("/api/sync/pull", ""); res.StatusCode != 401 {
		t.Errorf("HEAD pull without a token: %d", res.StatusCode)
	}
	for _, tc := range []struct{ method, path, allow string }{
		{"GET", "/api/sync/push", "POST"},
		{"DELETE", "/api/healthz", "GET, HEAD"},
		{"PUT", "/api/users/" + id(), "DELETE, PATCH"},
		{"POST", "/api/sync/pull", "GET, HEAD"},
		{"GET", "/api/auth/login", "POST"},
	} {
		r := e.do(req{method: tc.method, path: tc.path, token: admin})
		wantErr(t, r, 405, "method_not_allowed", "")
		if got := r.header.Get("Allow"); got != tc.allow {
			t.Errorf("%s %s: Allow %q, want %q", tc.method, tc.path, got, tc.allow)
		}
	}
}

// TestCacheAndCSP: every /api answer is Cache-Control: no-store; HTML
// answers carry a CSP without inline scripts or eval, with frame-ancestors,
// object-src and base-uri 'none'.
func TestCacheAndCSP(t *testing.T) {
	site := fstest.MapFS{"index.html": {Data: []byte("<!doctype html><title>CLB</title>")}}
	e := newEnv(t, withStatic(site))
	admin := e.tok("admin")
	for _, r := range []resp{
		e.do(req{method: "POST", path: "/api/auth/login", body: `{"username":"admin","password":"sai-mat-khau","device_id":"d"}`}),
		e.get("/api/sync/pull", admin),
		e.get("/api/healthz", ""),
		e.get("/api/nope", ""),
		e.get("/api/users", admin),
		e.get("/api/sync/pull", ""),
		e.do(req{method: "POST", path: "/api/auth/refresh", body: `{"refresh_token":"x"}`}),
	} {
		if cc := r.header.Get("Cache-Control"); cc != "no-store" {
			t.Errorf("Cache-Control %q on %s", cc, r)
		}
	}
	for _, p := range []string{"/", "/thanh-vien"} {
		r := e.get(p, "")
		csp := r.header.Get("Content-Security-Policy")
		for _, want := range []string{"frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'", "script-src 'self'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s: CSP %q lacks %s", p, csp, want)
			}
		}
		for _, d := range strings.Split(csp, ";") {
			d = strings.TrimSpace(d)
			if (strings.HasPrefix(d, "script-src") || strings.HasPrefix(d, "default-src")) && strings.Contains(d, "unsafe") {
				t.Errorf("%s: scripts allowed unsafely: %q", p, d)
			}
		}
	}
}

// TestConcurrentFailedLogins: of 30 simultaneous wrong-password logins for
// one username, at most 5 reach a password check (401); the rest are 429.
func TestConcurrentFailedLogins(t *testing.T) {
	e := newEnv(t)
	const n = 30
	statuses := make(chan int, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			r, err := http.Post(e.ts.URL+"/api/auth/login", "application/json",
				strings.NewReader(`{"username":"canbo","password":"wrong-password","device_id":"d"}`))
			if err != nil {
				t.Error(err)
				return
			}
			r.Body.Close()
			statuses <- r.StatusCode
		}()
	}
	close(start)
	wg.Wait()
	close(statuses)
	count := map[int]int{}
	for s := range statuses {
		count[s]++
	}
	if count[401] > 5 || count[401]+count[429] != n {
		t.Errorf("statuses %v: want at most 5 × 401 and the rest 429", count)
	}
	// The right password is refused too while the limit holds.
	wantErr(t, e.loginRaw("canbo", password, "d"), 429, "rate_limited", "")
}

// TestPasswordChangeRevokesSessions: after a PATCH of the password, the
// user's old access and refresh tokens stop working, on every device.
func TestPasswordChangeRevokesSessions(t *testing.T) {
	e := newEnv(t)
	a, b := e.login("bcn1", "phone-1"), e.login("bcn1", "phone-2")
	for _, tk := range []tokens{a, b} {
		if r := e.live(tk.AccessToken); r.status != 200 {
			t.Fatalf("before: %s", r)
		}
	}
	// A change of the full name alone keeps the sessions.
	if r := e.do(req{method: "PATCH", path: "/api/users/" + e.users["bcn1"].ID, token: e.tok("admin"), body: `{"full_name":"Tên Mới"}`}); r.status != 200 {
		t.Fatalf("patch name: %s", r)
	}
	if r := e.live(a.AccessToken); r.status != 200 {
		t.Fatalf("after a name change: %s", r)
	}
	if r := e.do(req{method: "PATCH", path: "/api/users/" + e.users["bcn1"].ID, token: e.tok("canbo"), body: `{"password":"mat-khau-khac-2026"}`}); r.status != 200 {
		t.Fatalf("patch password: %s", r)
	}
	for _, tk := range []tokens{a, b} {
		wantErr(t, e.live(tk.AccessToken), 401, "unauthorized", "")
		wantErr(t, e.refresh(tk.RefreshToken), 401, "unauthorized", "")
	}
	// The new password logs in.
	if r := e.loginRaw("bcn1", "mat-khau-khac-2026", "phone-1"); r.status != 200 {
		t.Errorf("new password: %s", r)
	}
}

// TestPasswordPolicy: the API refuses short, blank, username-equal and
// common passwords on create and on change.
func TestPasswordPolicy(t *testing.T) {
	e := newEnv(t)
	admin := e.tok("admin")
	r := e.do(req{method: "POST", path: "/api/users", token: admin, body: newUserBody("nguoimoi9", "health_worker", communeA, nil)})
	if r.status != 201 {
		t.Fatalf("create: %s", r)
	}
	target := "/api/users/" + r.j["id"].(string)
	for _, pw := range []string{"1234567", "12345678", "        ", "\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000", "Password", "MATKHAU123", "NguoiMoi9"} {
		body := newUserBody("nguoimoi9", "health_worker", communeA, nil)
		body["password"] = pw
		wantErr(t, e.do(req{method: "POST", path: "/api/users", token: admin, body: body}), 400, "invalid_value", "password")
		wantErr(t, e.do(req{method: "PATCH", path: target, token: admin, body: map[string]any{"password": pw}}), 400, "invalid_value", "password")
	}
	if r := e.do(req{method: "PATCH", path: target, token: admin, body: map[string]any{"password": "NguoiMoi9!"}}); r.status != 200 {
		t.Errorf("a fine password: %s", r)
	}
}

// TestFormatCharacters: entity text and a user's full_name refuse format
// characters (Cf) and noncharacters.
func TestFormatCharacters(t *testing.T) {
	e := newEnv(t)
	admin := e.tok("admin")
	for _, name := range []string{"\u200b\u200b\u200b", "Nguyễn\u202eVăn", "\ufeffLan", "Lan\uffff", "Hoa\ufdd0", "Mai\U0001FFFE", "A\u2066B"} {
		wantErr(t, e.do(req{method: "PATCH", path: "/api/users/" + e.users["ytexa"].ID, token: admin, body: map[string]any{"full_name": name}}), 400, "invalid_value", "full_name")
		body := newUserBody("nguoimoi", "health_worker", communeA, nil)
		body["full_name"] = name
		wantErr(t, e.do(req{method: "POST", path: "/api/users", token: admin, body: body}), 400, "invalid_value", "full_name")
		fields := memberFields(club1)
		fields["full_name"] = name
		res := e.pushAs("admin", upsert("member", id(), fields, e.hlc(0, "d")))
		wantResult(t, res[0], "rejected", "invalid_value", "full_name")
		res = e.pushAs("admin", upsert("village", villageA, map[string]any{"name": name}, e.hlc(0, "d")))
		wantResult(t, res[0], "rejected", "invalid_value", "name")
	}
	// Ordinary Vietnamese text, emoji-free, is fine.
	if r := e.do(req{method: "PATCH", path: "/api/users/" + e.users["ytexa"].ID, token: admin, body: map[string]any{"full_name": "Nguyễn Thị Ánh Tuyết"}}); r.status != 200 {
		t.Errorf("plain name: %s", r)
	}
}

// setFull makes the database refuse writes as a full disk does, or lifts
// that. SQLite: the file capped at its current size (max_page_count), past
// which SQLite answers SQLITE_FULL. PostgreSQL: a trigger on rows raising the
// server's own disk_full (SQLSTATE 53100), as PostgreSQL does when it cannot
// extend a file.
func (e *env) setFull(full bool) {
	e.t.Helper()
	err := e.db.Write(e.ctx, func(tx *store.Tx) error {
		if storetest.Postgres() {
			q := `DROP TRIGGER IF EXISTS test_disk_full ON rows`
			if full {
				q = `CREATE OR REPLACE FUNCTION test_disk_full() RETURNS trigger LANGUAGE plpgsql AS
					$f$ BEGIN RAISE EXCEPTION 'could not extend file: No space left on device' USING ERRCODE = 'disk_full'; END $f$;
					CREATE TRIGGER test_disk_full BEFORE INSERT OR UPDATE ON rows FOR EACH ROW EXECUTE FUNCTION test_disk_full()`
			}
			_, err := tx.ExecContext(e.ctx, q)
			return err
		}
		n := 1 << 30
		if full {
			if err := tx.QueryRowContext(e.ctx, `PRAGMA page_count`).Scan(&n); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(e.ctx, fmt.Sprintf(`PRAGMA max_page_count = %d`, n))
		return err
	})
	if err != nil {
		e.t.Fatal(err)
	}
}

// TestDiskFull: when the database cannot be written, a push answers 503
// unavailable and acknowledges nothing; when space returns the same push is
// applied, with no restart.
func TestDiskFull(t *testing.T) {
	e := newEnv(t)
	admin := e.tok("admin")
	before := len(e.pullAll(admin))
	var cs []ch
	for i := 0; i < 300; i++ {
		f := memberFields(club1)
		f["full_name"] = fmt.Sprintf("Thành viên %03d %s", i, strings.Repeat("x", 100))
		cs = append(cs, upsert("member", id(), f, e.hlc(0, "d")))
	}
	body := map[string]any{"device_id": "dev-admin", "schema_version": 1, "changes": cs}
	e.setFull(true)
	for try := 0; try < 3; try++ {
		wantErr(t, e.do(req{method: "POST", path: "/api/sync/push", token: admin, body: body}), 503, "unavailable", "")
	}
	// Reads go on.
	if r := e.get("/api/healthz", ""); r.status != 200 {
		t.Errorf("healthz on a full disk: %s", r)
	}
	if n := len(e.pullAll(admin)); n != before {
		t.Fatalf("%d rows after refused pushes, want %d", n, before)
	}
	e.setFull(false)
	res := e.pushTok(admin, "dev-admin", cs...)
	for i, r := range res {
		if r.Status != "applied" {
			t.Fatalf("change %d after recovery: %s", i, r)
		}
	}
	if n := len(e.pullAll(admin)); n != before+len(cs) {
		t.Errorf("%d rows after recovery, want %d", n, before+len(cs))
	}
}

// TestOddLoginNames: a login naming no possible username (NUL, format
// characters, too long) is an ordinary failed login on either store, never
// a 500; an odd device name is invalid_value.
func TestOddLoginNames(t *testing.T) {
	e := newEnv(t)
	for _, name := range []string{"a\u0000b", "\u0000", "admin\u0000", "ad\u200bmin", strings.Repeat("a", 5000), "ÁDMIN", "' OR 1=1 --"} {
		wantErr(t, e.loginRaw(name, password, "d"), 401, "unauthorized", "")
	}
	r := e.do(req{method: "POST", path: "/api/auth/login", body: map[string]any{"username": "admin", "password": password, "device_id": "d", "device_name": "Điện thoại\u0000"}})
	wantErr(t, r, 400, "invalid_value", "device_name")
}

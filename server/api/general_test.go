package api_test

import (
	"bytes"
	"strings"
	"testing"
	"testing/fstest"
)

// TestErrorsTable walks CONTRACT.md's General section: each error code of
// the transport, and the order size 413 → 401 → 403 → 400.
func TestErrorsTable(t *testing.T) {
	e := newEnv(t)
	admin, board, hw := e.tok("admin"), e.tok("bcn1"), e.tok("ytexa")
	okPush := `{"device_id":"dev-admin","schema_version":1,"changes":[]}`
	deep := strings.Repeat(`{"a":`, 17) + "1" + strings.Repeat("}", 17)
	// Depth 16: the body, changes, a change, its fields, then 12 lists.
	deep16 := `{"device_id":"dev-admin","schema_version":1,"changes":[{"id":"x","fields":{"x":` + strings.Repeat(`[`, 12) + strings.Repeat(`]`, 12) + `}}]}`
	big := `{"device_id":"dev-admin","schema_version":1,"changes":[],"pad":"` + strings.Repeat("a", 4<<20) + `"}`
	bigLogin := `{"username":"` + strings.Repeat("a", 1<<20) + `"}`

	tests := []struct {
		name   string
		q      req
		status int
		code   string
		field  string
	}{
		{"push ok", req{method: "POST", path: "/api/sync/push", token: admin, body: okPush}, 200, "", ""},
		{"push nesting of 16 is fine", req{method: "POST", path: "/api/sync/push", token: admin, body: deep16}, 200, "", ""},
		{"wrong content type", req{method: "POST", path: "/api/sync/push", token: admin, body: okPush, ct: "text/plain"}, 400, "invalid_json", ""},
		{"no content type", req{method: "POST", path: "/api/sync/push", token: admin, body: okPush, ct: "none"}, 400, "invalid_json", ""},
		{"content type with charset is fine", req{method: "POST", path: "/api/sync/push", token: admin, body: okPush, ct: "application/json; charset=utf-8"}, 200, "", ""},
		{"invalid utf-8", req{method: "POST", path: "/api/sync/push", token: admin, body: []byte("{\"device_id\":\"dev-admin\xff\",\"schema_version\":1,\"changes\":[]}")}, 400, "invalid_json", ""},
		{"duplicate keys", req{method: "POST", path: "/api/sync/push", token: admin, body: `{"device_id":"dev-admin","schema_version":1,"changes":[],"changes":[]}`}, 400, "invalid_json", ""},
		{"duplicate keys inside a change", req{method: "POST", path: "/api/sync/push", token: admin, body: `{"device_id":"dev-admin","schema_version":1,"changes":[{"id":"a","id":"b"}]}`}, 400, "invalid_json", ""},
		{"nesting deeper than 16", req{method: "POST", path: "/api/sync/push", token: admin, body: deep}, 400, "invalid_json", ""},
		{"trailing data", req{method: "POST", path: "/api/sync/push", token: admin, body: okPush + `{}`}, 400, "invalid_json", ""},
		{"trailing garbage", req{method: "POST", path: "/api/sync/push", token: admin, body: okPush + ` x`}, 400, "invalid_json", ""},
		{"not JSON", req{method: "POST", path: "/api/sync/push", token: admin, body: `hello`}, 400, "invalid_json", ""},
		{"empty body", req{method: "POST", path: "/api/sync/push", token: admin, body: ``}, 400, "invalid_json", ""},
		{"an array, not an object", req{method: "POST", path: "/api/sync/push", token: admin, body: `[]`}, 400, "invalid_json", ""},
		{"changes missing", req{method: "POST", path: "/api/sync/push", token: admin, body: `{"device_id":"dev-admin","schema_version":1}`}, 400, "invalid_json", ""},
		{"changes null", req{method: "POST", path: "/api/sync/push", token: admin, body: `{"device_id":"dev-admin","schema_version":1,"changes":null}`}, 400, "invalid_json", ""},
		{"changes not a list", req{method: "POST", path: "/api/sync/push", token: admin, body: `{"device_id":"dev-admin","schema_version":1,"changes":{}}`}, 400, "invalid_json", ""},
		{"a change not an object", req{method: "POST", path: "/api/sync/push", token: admin, body: `{"device_id":"dev-admin","schema_version":1,"changes":[1]}`}, 400, "invalid_json", ""},
		{"login: wrong content type", req{method: "POST", path: "/api/auth/login", body: `{"username":"admin","password":"x","device_id":"d"}`, ct: "application/x-www-form-urlencoded"}, 400, "invalid_json", ""},
		{"login: missing username", req{method: "POST", path: "/api/auth/login", body: `{"password":"x","device_id":"d"}`}, 400, "missing_field", "username"},
		{"login: missing device_id", req{method: "POST", path: "/api/auth/login", body: `{"username":"admin","password":"x"}`}, 400, "missing_field", "device_id"},
		{"refresh: missing token", req{method: "POST", path: "/api/auth/refresh", body: `{}`}, 400, "missing_field", "refresh_token"},

		{"unknown /api path is JSON 404", req{path: "/api/nope", token: admin}, 404, "not_found", ""},
		{"unknown /api path without token is 404", req{path: "/api/nope/deeper"}, 404, "not_found", ""},
		{"unknown /api path POST", req{method: "POST", path: "/api/sync/pushh", token: admin, body: okPush}, 404, "not_found", ""},
		{"GET on push is 405", req{path: "/api/sync/push", token: admin}, 405, "method_not_allowed", ""},
		{"POST on pull is 405", req{method: "POST", path: "/api/sync/pull", token: admin, body: `{}`}, 405, "method_not_allowed", ""},
		{"GET on login is 405", req{path: "/api/auth/login"}, 405, "method_not_allowed", ""},
		{"PUT on users/:id is 405", req{method: "PUT", path: "/api/users/" + id(), token: admin, body: `{}`}, 405, "method_not_allowed", ""},
		{"DELETE on healthz is 405", req{method: "DELETE", path: "/api/healthz"}, 405, "method_not_allowed", ""},

		{"healthz without token", req{path: "/api/healthz"}, 200, "", ""},

		// 413 → 401 → 403 → 400.
		{"413 before 401 (push over 4 MiB, no token)", req{method: "POST", path: "/api/sync/push", body: big}, 413, "too_large", ""},
		{"413 before 401 (push over 4 MiB, bad token)", req{method: "POST", path: "/api/sync/push", token: "garbage", body: big}, 413, "too_large", ""},
		{"413 on a big login body", req{method: "POST", path: "/api/auth/login", body: bigLogin}, 413, "too_large", ""},
		{"401 before 400: no token, bad body", req{method: "POST", path: "/api/sync/push", body: `nope`}, 401, "unauthorized", ""},
		{"401: bad token", req{path: "/api/sync/pull", token: "not.a.jwt"}, 401, "unauthorized", ""},
		{"401: no Bearer", req{path: "/api/sync/pull", header: map[string]string{"Authorization": "Basic YWRtaW46eA=="}}, 401, "unauthorized", ""},
		{"401 before 403: users without token", req{method: "POST", path: "/api/users", body: `nope`}, 401, "unauthorized", ""},
		{"403 before 400: board creating a user with a bad body", req{method: "POST", path: "/api/users", token: board, body: `nope`}, 403, "forbidden", ""},
		{"403 before 400: health worker on indicators with bad dates", req{path: "/api/indicators?from=x", token: hw}, 403, "forbidden", ""},
		{"403: board on audit", req{path: "/api/audit?entity=member&row_id=" + member1, token: board}, 403, "forbidden", ""},
		{"403: board on reports", req{path: "/api/reports?from=2026-01-01&to=2026-01-31&format=html", token: board}, 403, "forbidden", ""},
		{"403: health worker lists users", req{path: "/api/users", token: hw}, 403, "forbidden", ""},
		{"403: board patches a user", req{method: "PATCH", path: "/api/users/" + e.users["bcn2"].ID, token: board, body: `{}`}, 403, "forbidden", ""},
		{"403: board deletes a user", req{method: "DELETE", path: "/api/users/" + e.users["bcn2"].ID, token: board}, 403, "forbidden", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := e.do(tc.q)
			if tc.code == "" {
				if r.status != tc.status {
					t.Errorf("got %s; want %d", r, tc.status)
				}
				return
			}
			if !strings.HasPrefix(r.header.Get("Content-Type"), "application/json") {
				t.Errorf("content type %q, want JSON", r.header.Get("Content-Type"))
			}
			wantErr(t, r, tc.status, tc.code, tc.field)
		})
	}
}

func TestHealthz(t *testing.T) {
	e := newEnv(t)
	r := e.get("/api/healthz", "")
	if r.status != 200 || r.j["status"] != "ok" {
		t.Fatalf("healthz: %s", r)
	}
	e.db.Close()
	r = e.get("/api/healthz", "")
	wantErr(t, r, 503, "unavailable", "")
}

// TestPushTooLarge: more than 1000 changes or more than 4 MiB is 413.
func TestPushTooLarge(t *testing.T) {
	e := newEnv(t)
	admin := e.tok("admin")
	many := make([]ch, 1001)
	for i := range many {
		many[i] = upsert("village", id(), map[string]any{"commune_id": communeA, "name": "T"}, e.hlc(0, "d"))
	}
	r := e.do(req{method: "POST", path: "/api/sync/push", token: admin, body: map[string]any{"device_id": "dev-admin", "schema_version": 1, "changes": many}})
	wantErr(t, r, 413, "too_large", "")
	// Nothing of a refused push was written.
	if n := len(e.pullAll(admin)); n != 10 {
		t.Errorf("%d rows after a refused push, want the 10 seeded", n)
	}
	// 1000 is allowed.
	r = e.do(req{method: "POST", path: "/api/sync/push", token: admin, body: map[string]any{"device_id": "dev-admin", "schema_version": 1, "changes": many[:1000]}})
	if r.status != 200 {
		t.Fatalf("1000 changes: %s", r)
	}
	// Exactly 4 MiB is allowed, one byte more is not.
	body := []byte(`{"device_id":"dev-admin","schema_version":1,"changes":[]}`)
	exact := append(body, bytes.Repeat([]byte(" "), 4<<20-len(body))...)
	if r := e.do(req{method: "POST", path: "/api/sync/push", token: admin, body: exact}); r.status != 200 {
		t.Errorf("a push of exactly 4 MiB: %s", r)
	}
	over := append(exact, ' ')
	wantErr(t, e.do(req{method: "POST", path: "/api/sync/push", token: admin, body: over}), 413, "too_large", "")
}

// TestPushTooManyChangesIsASizeCheck: CONTRACT.md makes > 1000 changes a
// 413 too_large and runs the size check before everything else, so it also
// comes before the device and schema_version checks.
func TestPushTooManyChangesIsASizeCheck(t *testing.T) {
	e := newEnv(t)
	many := make([]ch, 1001)
	for i := range many {
		many[i] = ch{}
	}
	t.Run("before the schema_version check", func(t *testing.T) {
		r := e.do(req{method: "POST", path: "/api/sync/push", token: e.tok("admin"), body: map[string]any{"device_id": "dev-admin", "schema_version": 0, "changes": many}})
		wantErr(t, r, 413, "too_large", "")
	})
	t.Run("before the device check", func(t *testing.T) {
		r := e.do(req{method: "POST", path: "/api/sync/push", token: e.tok("admin"), body: map[string]any{"device_id": "other", "schema_version": 1, "changes": many}})
		wantErr(t, r, 413, "too_large", "")
	})
	// CONTRACT.md "Hardening": before authentication only the declared
	// Content-Length is judged; the number of changes comes after it.
	t.Run("after authentication", func(t *testing.T) {
		r := e.do(req{method: "POST", path: "/api/sync/push", body: map[string]any{"device_id": "x", "schema_version": 1, "changes": many}})
		wantErr(t, r, 401, "unauthorized", "")
	})
}

// TestPushBodyChecks: invalid_json → 403 device → 426/400 schema_version.
func TestPushBodyChecks(t *testing.T) {
	e := newEnv(t)
	admin := e.tok("admin")
	tests := []struct {
		name   string
		body   string
		status int
		code   string
		field  string
	}{
		{"device_id not the session's", `{"device_id":"other","schema_version":1,"changes":[]}`, 403, "forbidden", ""},
		{"device_id missing", `{"schema_version":1,"changes":[]}`, 403, "forbidden", ""},
		{"invalid_json before device", `{"device_id":"other","schema_version":1}`, 400, "invalid_json", ""},
		{"device before schema_version", `{"device_id":"other","schema_version":0,"changes":[]}`, 403, "forbidden", ""},
		{"schema_version lower", `{"device_id":"dev-admin","schema_version":0,"changes":[]}`, 426, "client_too_old", ""},
		{"schema_version missing", `{"device_id":"dev-admin","changes":[]}`, 400, "invalid_value", "schema_version"},
		{"schema_version null", `{"device_id":"dev-admin","schema_version":null,"changes":[]}`, 400, "invalid_value", "schema_version"},
		{"schema_version a string", `{"device_id":"dev-admin","schema_version":"1","changes":[]}`, 400, "invalid_value", "schema_version"},
		{"schema_version a fraction", `{"device_id":"dev-admin","schema_version":1.5,"changes":[]}`, 400, "invalid_value", "schema_version"},
		{"schema_version a bool", `{"device_id":"dev-admin","schema_version":true,"changes":[]}`, 400, "invalid_value", "schema_version"},
		{"client_too_old answers before the changes are looked at", `{"device_id":"dev-admin","schema_version":0,"changes":[{"id":"x"}]}`, 426, "client_too_old", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			wantErr(t, e.do(req{method: "POST", path: "/api/sync/push", token: admin, body: tc.body}), tc.status, tc.code, tc.field)
		})
	}
	// A newer schema_version is accepted (lower is refused).
	if r := e.do(req{method: "POST", path: "/api/sync/push", token: admin, body: `{"device_id":"dev-admin","schema_version":2,"changes":[]}`}); r.status != 200 {
		t.Errorf("schema_version 2: %s", r)
	}
	// server_time is UTC with milliseconds, from the server's clock.
	r := e.do(req{method: "POST", path: "/api/sync/push", token: admin, body: `{"device_id":"dev-admin","schema_version":1,"changes":[]}`})
	if r.j["server_time"] != "2026-03-02T03:00:00.000Z" {
		t.Errorf("server_time %v", r.j["server_time"])
	}
	if res, ok := r.j["results"].([]any); !ok || len(res) != 0 {
		t.Errorf("results of an empty push: %s", r)
	}
}

// TestStatic: the PWA shell, SPA fallback, and never for /api.
func TestStatic(t *testing.T) {
	site := fstest.MapFS{
		"index.html":           {Data: []byte("<!doctype html><title>CLB</title>")},
		"sw.js":                {Data: []byte("self.x=1")},
		"manifest.webmanifest": {Data: []byte("{}")},
		"assets/app-1a2b.js":   {Data: []byte("console.log(1)")},
	}
	e := newEnv(t, withStatic(site))
	for _, p := range []string{"/", "/index.html", "/thanh-vien", "/clubs/abc/members"} {
		r := e.get(p, "")
		if r.status != 200 || !bytes.Contains(r.body, []byte("<title>CLB</title>")) {
			t.Errorf("%s: %s", p, r)
		}
		if cc := r.header.Get("Cache-Control"); !strings.Contains(cc, "no-cache") {
			t.Errorf("%s: Cache-Control %q, want no-cache", p, cc)
		}
	}
	r := e.get("/sw.js", "")
	if r.status != 200 || string(r.body) != "self.x=1" || !strings.Contains(r.header.Get("Cache-Control"), "no-cache") {
		t.Errorf("sw.js: %s %v", r, r.header)
	}
	r = e.get("/assets/app-1a2b.js", "")
	if r.status != 200 || string(r.body) != "console.log(1)" {
		t.Errorf("asset: %s", r)
	}
	// A missing file with an extension is 404, not the shell.
	r = e.get("/assets/missing.js", "")
	if r.status != 404 || bytes.Contains(r.body, []byte("<title>")) {
		t.Errorf("missing asset: %s", r)
	}
	// /api never falls back to index.html.
	for _, p := range []string{"/api", "/api/", "/api/thanh-vien", "/api/sync"} {
		r := e.get(p, "")
		if r.status != 404 || r.code() != "not_found" {
			t.Errorf("%s: %s", p, r)
		}
	}
}

// TestNoInputGives500 throws odd bodies, paths and queries at every endpoint.
func TestNoInputGives500(t *testing.T) {
	e := newEnv(t)
	admin := e.tok("admin")
	bodies := []string{"", "null", "0", `"x"`, "[]", "{}", `{"a":1e999}`, `{"changes":[{}]}`, `{"changes":[null]}`,
		`{"device_id":"dev-admin","schema_version":1,"changes":[{"id":null,"fields":null}]}`,
		`{"device_id":"dev-admin","schema_version":1e400,"changes":[]}`,
		`{"device_id":"dev-admin","schema_version":-9223372036854775809,"changes":[]}`,
		`{"device_id":"dev-admin","schema_version":1,"changes":[{"id":"` + id() + `","entity":"member","row_id":"` + id() + `","op":"upsert","hlc":"0000000000001-0000-a","fields":{"birth_year":1e400,"full_name":{"a":[1]},"club_id":[]}}]}`,
		`{"username":[],"password":{},"device_id":1}`, `{"username":"admin","password":"x","device_id":"` + strings.Repeat("a", 70) + `"}`,
		`{"refresh_token":123}`, `{"role":"x"}`, `{"role":"admin","commune_id":5}`, `{"role":"club_board","commune_id":"` + communeA + `","club_ids":[1,2]}`,
		`{"full_name":null,"club_ids":null,"disabled":"yes"}`, "\xff\xfe", `{"a":"\ud800"}`,
	}
	paths := []struct{ method, path string }{
		{"POST", "/api/sync/push"}, {"POST", "/api/auth/login"}, {"POST", "/api/auth/refresh"}, {"POST", "/api/auth/logout"},
		{"POST", "/api/users"}, {"PATCH", "/api/users/" + e.users["bcn1"].ID}, {"PATCH", "/api/users/x"}, {"DELETE", "/api/users/%00"},
	}
	for _, p := range paths {
		for _, b := range bodies {
			e.do(req{method: p.method, path: p.path, token: admin, body: b}) // do fails the test on a 5xx
		}
	}
	for _, q := range []string{
		"/api/sync/pull?limit=-5", "/api/sync/pull?limit=99999999999999999999", "/api/sync/pull?cursor=%00%ff", "/api/sync/pull?cursor=MXx4fDF8LTE",
		"/api/sync/pull?schema_version=abc", "/api/review?club_id=" + communeA, "/api/review?club_id=%ff",
		"/api/audit?entity=nope&row_id=x", "/api/audit?entity=member&row_id=" + strings.ToUpper(member1),
		"/api/indicators?from=2026-02-30&to=2026-03-01&commune_id=" + communeA, "/api/indicators?from=2026-01-01&to=2026-03-01&club_id=" + member1,
		"/api/reports?from=2026-01-01&to=2026-03-01&format=pdf", "/api/reports?from=0000-01-01&to=9999-12-31&format=html&commune_id=" + communeA,
		"/api/reports/" + id(), "/api/reports/x?format=xlsx", "/api/health-list?from=2026-01-01&to=2026-03-01",
	} {
		e.get(q, admin)
	}
}

// TestOddFieldValues sends every field of every entity with odd values, as a
// first upsert and as an update: the push answers 200 and each rejection
// carries one of the codes CONTRACT.md allows inside a push.
func TestOddFieldValues(t *testing.T) {
	e := newEnv(t)
	allowed := map[string]bool{"invalid_value": true, "missing_field": true, "unknown_entity": true, "unknown_field": true,
		"clock_ahead": true, "out_of_scope": true, "immutable": true, "not_found": true}
	odd := []any{nil, true, false, 0, -1, 1.5, 1e300, -1e300, "", " ", "x", "2026-02-30", "2026-01-01", strings.Repeat("x", 3000),
		"\u0000", []any{}, []any{"health", nil}, map[string]any{}, member1, club3, communeB, "+", "00000000-0000-0000-0000-000000000000"}
	existing := map[string]string{"commune": communeA, "village": villageA, "club": club1, "member": member1}
	var cs []ch
	for _, ent := range e.srv.Schema.Entities {
		for _, f := range ent.Fields {
			for _, v := range odd {
				cs = append(cs, upsert(ent.Name, id(), map[string]any{f.Name: v}, e.hlc(0, "a")))
				if row, ok := existing[ent.Name]; ok {
					cs = append(cs, upsert(ent.Name, row, map[string]any{f.Name: v}, e.hlc(0, "a")))
				}
			}
		}
	}
	for _, user := range []string{"admin", "canbo", "bcn1", "ytexa"} {
		for start := 0; start < len(cs); start += 1000 {
			end := min(start+1000, len(cs))
			batch := make([]ch, end-start)
			for i, c := range cs[start:end] {
				batch[i] = set(c, "id", id())
			}
			for i, r := range e.pushAs(user, batch...) {
				if r.Status == "rejected" && !allowed[r.Error.Code] {
					t.Errorf("%s: %v %v: code %s", user, batch[i]["entity"], batch[i]["fields"], r.Error.Code)
				}
			}
		}
	}
	if r := e.get("/api/review", e.tok("admin")); r.status != 200 {
		t.Errorf("review after odd values: %s", r)
	}
	for _, u := range []string{"admin", "canbo", "bcn1", "ytexa"} {
		e.pullAll(e.tok(u))
	}
	if r := e.get("/api/reports?format=html&from=1900-01-01&to=2100-12-31&commune_id="+communeA, e.tok("admin")); r.status != 200 {
		t.Errorf("report after odd values: %s", r)
	}
	if r := e.get("/api/indicators?from=1900-01-01&to=2100-12-31&commune_id="+communeA, e.tok("admin")); r.status != 200 {
		t.Errorf("indicators after odd values: %s", r)
	}
}

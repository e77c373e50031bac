package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"
	"gopkg.in/yaml.v3"

	"clb/server/api"
)

// spec is docs/openapi.yaml, read as plain maps.
type spec struct {
	doc   map[string]any
	paths map[string]any
}

func loadSpec(t *testing.T) *spec {
	t.Helper()
	b, err := os.ReadFile("../../docs/openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := yaml.Unmarshal(b, &doc); err != nil {
		t.Fatalf("docs/openapi.yaml: %v", err)
	}
	if doc["openapi"] != "3.1.0" {
		t.Fatalf("openapi version %v", doc["openapi"])
	}
	return &spec{doc: doc, paths: doc["paths"].(map[string]any)}
}

// template finds the documented path that a concrete path matches.
func (s *spec) template(path string) (string, bool) {
	if _, ok := s.paths[path]; ok { // a literal path wins over a template ("/api/reports/history" over "/api/reports/{id}")
		return path, true
	}
	segs := strings.Split(strings.Trim(path, "/"), "/")
	for tpl := range s.paths {
		ts := strings.Split(strings.Trim(tpl, "/"), "/")
		if len(ts) != len(segs) {
			continue
		}
		ok := true
		for i, p := range ts {
			if !strings.HasPrefix(p, "{") && p != segs[i] {
				ok = false
			}
		}
		if ok {
			return tpl, true
		}
	}
	return "", false
}

// deref follows a local $ref.
func (s *spec) deref(node map[string]any) map[string]any {
	for {
		ref, ok := node["$ref"].(string)
		if !ok {
			return node
		}
		var cur any = s.doc
		for _, p := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
			cur = cur.(map[string]any)[p]
		}
		node = cur.(map[string]any)
	}
}

// check validates v against a schema of the subset this file uses: type
// (one or a list), const, enum, required, properties (answers may hold no
// property the schema leaves out), items and pattern.
func (s *spec) check(schema map[string]any, v any, at string) []string {
	schema = s.deref(schema)
	var errs []string
	bad := func(f string, a ...any) { errs = append(errs, at+": "+fmt.Sprintf(f, a...)) }
	if c, ok := schema["const"]; ok && fmt.Sprint(c) != fmt.Sprint(v) {
		bad("%v is not %v", v, c)
	}
	if e, ok := schema["enum"].([]any); ok && !slices.ContainsFunc(e, func(x any) bool { return fmt.Sprint(x) == fmt.Sprint(v) }) {
		bad("%v is not one of %v", v, e)
	}
	if ty, ok := schema["type"]; ok {
		var types []string
		switch x := ty.(type) {
		case string:
			types = []string{x}
		case []any:
			for _, t := range x {
				types = append(types, t.(string))
			}
		}
		if !slices.Contains(types, jsonType(v)) && !(jsonType(v) == "integer" && slices.Contains(types, "number")) {
			bad("%s, want %v", jsonType(v), types)
			return errs
		}
	}
	switch x := v.(type) {
	case map[string]any:
		for _, r := range asList(schema["required"]) {
			if _, ok := x[r]; !ok {
				bad("lacks %q", r)
			}
		}
		props, _ := schema["properties"].(map[string]any)
		for k, val := range x {
			p, ok := props[k].(map[string]any)
			if !ok {
				if props != nil {
					bad("holds %q, which the schema does not name", k)
				}
				continue
			}
			errs = append(errs, s.check(p, val, at+"."+k)...)
		}
	case []any:
		if items, ok := schema["items"].(map[string]any); ok {
			for i, it := range x {
				errs = append(errs, s.check(items, it, at+"["+strconv.Itoa(i)+"]")...)
			}
		}
	case string:
		if p, ok := schema["pattern"].(string); ok && !regexp.MustCompile(p).MatchString(x) {
			bad("%q does not match %s", x, p)
		}
	}
	return errs
}

func asList(v any) []string {
	var out []string
	l, _ := v.([]any)
	for _, x := range l {
		out = append(out, x.(string))
	}
	return out
}

func jsonType(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
	case json.Number:
		if _, err := x.Int64(); err == nil {
			return "integer"
		}
		return "number"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

// conforms checks one real answer against the documented operation: the
// status is documented, the content type is one documented, and a JSON body
// has the documented shape.
func (s *spec) conforms(method, path string, r resp) []string {
	tpl, ok := s.template(strings.SplitN(path, "?", 2)[0])
	if !ok {
		return []string{"path " + path + " is not documented"}
	}
	op, ok := s.paths[tpl].(map[string]any)[strings.ToLower(method)].(map[string]any)
	if !ok {
		return []string{method + " " + tpl + " is not documented"}
	}
	at := fmt.Sprintf("%s %s → %d", method, tpl, r.status)
	ans, ok := op["responses"].(map[string]any)[strconv.Itoa(r.status)].(map[string]any)
	if !ok {
		return []string{at + ": status not documented"}
	}
	ans = s.deref(ans)
	content, _ := ans["content"].(map[string]any)
	if len(content) == 0 {
		if len(r.body) > 0 {
			return []string{at + ": documented without a body, answered " + string(r.body)}
		}
		return nil
	}
	mt, _, _ := mime.ParseMediaType(r.header.Get("Content-Type"))
	media, ok := content[mt].(map[string]any)
	if !ok {
		return []string{at + ": content type " + mt + " not documented"}
	}
	if mt != "application/json" {
		return nil
	}
	d := json.NewDecoder(bytes.NewReader(r.body))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return []string{at + ": " + err.Error()}
	}
	return s.check(media["schema"].(map[string]any), v, at)
}

// TestOpenAPI sends real requests to a running server, one or more for every
// documented operation, and checks each answer against docs/openapi.yaml.
func TestOpenAPI(t *testing.T) {
	s := loadSpec(t)
	e := newEnv(t)
	covered := map[string]bool{}
	callCT := func(method, path, token string, body any, ct string, want int) resp {
		t.Helper()
		r := e.do(req{method: method, path: path, token: token, body: body, ct: ct})
		if r.status != want {
			t.Errorf("%s %s: %s, want %d", method, path, r, want)
		}
		for _, msg := range s.conforms(method, path, r) {
			t.Error(msg)
		}
		if tpl, ok := s.template(strings.SplitN(path, "?", 2)[0]); ok {
			covered[method+" "+tpl] = true
		}
		return r
	}
	call := func(method, path, token string, body any, want int) resp {
		t.Helper()
		return callCT(method, path, token, body, "", want)
	}
	const post, get, patch, del = http.MethodPost, http.MethodGet, http.MethodPatch, http.MethodDelete
	officer, board, health, admin := e.tok("canbo"), e.tok("bcn1"), e.tok("ytexa"), e.tok("admin")

	call(get, "/api/healthz", "", nil, 200)

	// Auth.
	login := call(post, "/api/auth/login", "", map[string]any{"username": "canbo", "password": password, "device_id": "openapi-1"}, 200)
	call(post, "/api/auth/login", "", map[string]any{"username": "canbo", "password": "wrong-password", "device_id": "openapi-1"}, 401)
	call(post, "/api/auth/login", "", map[string]any{"username": "canbo", "password": password}, 400)
	refreshed := call(post, "/api/auth/refresh", "", map[string]any{"refresh_token": login.j["refresh_token"]}, 200)
	call(post, "/api/auth/refresh", "", map[string]any{"refresh_token": "nonsense"}, 401)
	call(post, "/api/auth/logout", refreshed.j["access_token"].(string), nil, 204)
	call(post, "/api/auth/logout", "", nil, 401)

	// Users.
	call(get, "/api/users", officer, nil, 200)
	call(get, "/api/users", board, nil, 403)
	call(get, "/api/users", "", nil, 401)
	nu := map[string]any{"username": "bcn-openapi", "password": "mat-khau-dai", "full_name": "Trần Văn C", "role": "club_board",
		"commune_id": communeA, "club_ids": []string{club1}}
	created := call(post, "/api/users", officer, nu, 201)
	call(post, "/api/users", officer, nu, 409)
	call(post, "/api/users", officer, map[string]any{"role": "club_board", "username": "x"}, 400)
	uid, _ := created.j["id"].(string)
	call(patch, "/api/users/"+uid, officer, map[string]any{"full_name": "Trần Văn D"}, 200)
	call(patch, "/api/users/"+id(), officer, map[string]any{"full_name": "Ai"}, 404)
	call(del, "/api/users/"+uid, officer, nil, 204)

	// Push and pull.
	m := id()
	ok := upsert("member", m, memberFields(club1), e.hlc(0, "openapi"))
	push := func(device string, version any, cs ...ch) map[string]any {
		if cs == nil {
			cs = []ch{}
		}
		return map[string]any{"device_id": device, "schema_version": version, "changes": cs}
	}
	reading := upsert("health_check", id(), healthFields(club1, m, "club"), e.hlc(0, "openapi"))
	call(post, "/api/sync/push", board, push("dev-bcn1", 1, ok, reading, upsert("nope", id(), map[string]any{}, e.hlc(0, "openapi"))), 200)
	call(post, "/api/sync/push", board, "{", 400)
	call(post, "/api/sync/push", board, push("another-device", 1), 403)
	call(post, "/api/sync/push", board, push("dev-bcn1", 0), 426)
	call(get, "/api/sync/pull?limit=2", board, nil, 200)
	call(get, "/api/sync/pull", health, nil, 200)
	call(get, "/api/sync/pull?cursor=garbage", board, nil, 409)
	call(get, "/api/sync/pull?limit=x", board, nil, 400)

	// Review, audit, indicators, health list.
	call(get, "/api/review", officer, nil, 200)
	call(get, "/api/review?club_id=x", officer, nil, 400)
	call(get, "/api/review?club_id="+club3, officer, nil, 403)
	call(get, "/api/audit?entity=member&row_id="+m, officer, nil, 200)
	call(get, "/api/audit?entity=member", officer, nil, 400)
	call(get, "/api/audit?entity=member&row_id="+id(), officer, nil, 404)
	call(get, "/api/indicators?from=2026-01-01&to=2026-06-30", officer, nil, 200)
	call(get, "/api/indicators?from=2026-01-01&to=2026-06-30", board, nil, 200)
	call(get, "/api/indicators?from=2026-01-01&to=2026-06-30&club_id="+club1, admin, nil, 200)
	call(get, "/api/indicators?from=2026-01-01&to=2026-06-30&club_id="+id(), admin, nil, 404)
	call(get, "/api/indicators?from=2026-13-01&to=2026-06-30", officer, nil, 400)
	call(get, "/api/indicators?from=2026-01-01&to=2026-06-30", health, nil, 403)
	if r := call(get, "/api/health-list?from=2026-01-01&to=2026-12-31", health, nil, 200); !strings.Contains(string(r.body), m) {
		t.Errorf("the health list lacks the member measured: %s", r)
	}
	call(get, "/api/health-list?from=2026-01-01&to=2026-12-31&commune_id="+communeB, health, nil, 403)

	// Reports.
	rep := call(get, "/api/reports?from=2026-01-01&to=2026-06-30&format=html", officer, nil, 200)
	call(get, "/api/reports?from=2026-01-01&to=2026-06-30", officer, nil, 400)
	call(get, "/api/reports/"+rep.header.Get("X-Report-Id"), officer, nil, 200)
	call(get, "/api/reports/"+id(), officer, nil, 404)
	call(get, "/api/reports?from=2026-01-01&to=2026-06-30&format=xlsx", board, nil, 403)
	call(post, "/api/reports", officer, map[string]any{"from": "2026-01-01", "to": "2026-06-30", "format": "html", "number": "3", "sections": map[string]string{"results": "Tốt."}}, 200)
	call(post, "/api/reports", officer, map[string]any{"from": "2026-01-01", "to": "2026-06-30", "format": "pdf"}, 400)
	call(get, "/api/reports/history", officer, nil, 200)
	call(get, "/api/reports/history", board, nil, 403)
	call(get, "/api/clubs/last-sync", officer, nil, 200)
	call(get, "/api/clubs/last-sync", board, nil, 403)

	// Every /api route of the server is documented.
	ec, isEcho := api.EchoOf(e.ts.Config.Handler)
	if !isEcho {
		t.Fatalf("the handler is %T, not echo's", e.ts.Config.Handler)
	}
	for _, r := range ec.Routes() {
		if !strings.HasPrefix(r.Path, "/api/") || strings.HasSuffix(r.Path, "*") || r.Method == http.MethodHead || r.Method == echo.RouteNotFound {
			continue
		}
		tpl := regexp.MustCompile(`:([a-z_]+)`).ReplaceAllString(r.Path, "{$1}")
		item, _ := s.paths[tpl].(map[string]any)
		if _, ok := item[strings.ToLower(r.Method)]; !ok {
			t.Errorf("the server answers %s %s, which docs/openapi.yaml does not document", r.Method, r.Path)
		}
	}
	// Imports.
	call(get, "/api/imports/template?kind=members", board, nil, 200)
	call(get, "/api/imports/template", board, nil, 400)
	call(get, "/api/imports/template?kind=members", health, nil, 403)
	book := memberBook(t, villager("Nguyễn Thị Nhập", 1950, "Không"), villager("", 1951, "Không"))
	prev := callCT(post, "/api/imports?kind=members&club_id="+club1, board, book, xlsxType, 200)
	callCT(post, "/api/imports?kind=members", board, book, xlsxType, 400)
	callCT(post, "/api/imports?kind=members&club_id="+club3, board, book, xlsxType, 403)
	importID, _ := prev.j["import_id"].(string)
	call(post, "/api/imports/"+importID+"/commit", board, nil, 200)
	call(post, "/api/imports/"+id()+"/commit", board, nil, 404)

	for tpl, item := range s.paths {
		for method := range item.(map[string]any) {
			if method == "parameters" {
				continue
			}
			if k := strings.ToUpper(method) + " " + tpl; !covered[k] {
				t.Errorf("%s is documented but no request of this test calls it", k)
			}
		}
	}
}

package api_test

// A hostile corpus: at least 10 000 generated bad requests against the
// running server. Every one must answer without a 5xx or a panic, and none
// may store anything.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"testing"

	"clb/server/store"
)

// hostileStrings are values an attacker tries in any string.
var hostileStrings = []string{
	"' OR '1'='1", "'; DROP TABLE rows; --", "\" OR 1=1 --", "1; DELETE FROM users", "admin'--", "%' AND 1=0 UNION SELECT password_hash FROM users --",
	"../../../../etc/passwd", "..%2f..%2f..%2fetc%2fpasswd", "/api/../api/users", "..\\..\\windows\\win.ini", "file:///etc/shadow",
	"\u0000", "a\u0000b", "\u200b\u200b\u200b", "Nguyễn\u202eVăn", "\ufeffLan", "Lan\uffff", "\ufdd0", "\U0010FFFF", "\u2028\u2029",
	"<script>alert(1)</script>", "{{7*7}}", "${jndi:ldap://x/a}", "%00", "%s%s%s%n", strings.Repeat("A", 5000), strings.Repeat("ế", 3000),
	"", " ", "null", "true", "0", "-1", "1e999", "NaN", "0190a000-0000-7000-8000-00000000000A", "00000000-0000-0000-0000-00000000000", "{00000000-0000-0000-0000-000000000000}",
}

// hostileKeys are keys an attacker adds or swaps in.
var hostileKeys = []string{"Changes", "CHANGES", "Device_ID", "Schema_Version", "ID", "Id", "Entity", "Row_ID", "OP", "Fields", "HLC",
	"Username", "PASSWORD", "Device_Id", "Refresh_Token", "role", "is_admin", "user_id", "__proto__", "constructor", "' OR 1=1 --", "", "\u0000", "changes\u200b"}

// hostileValues are JSON values of every type.
var hostileValues = []string{`null`, `true`, `false`, `0`, `-1`, `1.5`, `1e400`, `-9223372036854775809`, `18446744073709551616`, `""`, `[]`, `{}`,
	`[null]`, `[[[[]]]]`, `{"a":{"b":{}}}`, `"\u0000"`, `"\ud800"`, `"\udfff\ud800"`, `"` + strings.Repeat("x", 70000) + `"`}

type hostileReq struct {
	method, path, ct, token string
	body                    []byte
}

// corpus generates n bad requests from a fixed seed.
func corpus(e *env, n int) []hostileReq {
	rnd := rand.New(rand.NewPCG(7, 2026))
	admin, officer, board := e.tok("admin"), e.tok("canbo"), e.tok("bcn1")
	pick := func(list []string) string { return list[rnd.IntN(len(list))] }
	str := func() string { b, _ := json.Marshal(pick(hostileStrings)); return string(b) }
	val := func() string {
		if rnd.IntN(2) == 0 {
			return str()
		}
		return pick(hostileValues)
	}
	// change makes one change that the engine must reject (or the push must
	// refuse): each carries at least one breaking defect.
	change := func() string {
		kv := map[string]string{"id": `"` + id() + `"`, "entity": `"village"`, "row_id": `"` + id() + `"`, "op": `"upsert"`,
			"fields": `{"commune_id":"` + communeA + `","name":` + str() + `}`, "hlc": `"` + e.hlc(0, "x") + `"`}
		switch rnd.IntN(9) {
		case 0:
			kv["id"] = val()
		case 1:
			kv["entity"] = val()
		case 2:
			kv["row_id"] = val()
		case 3:
			kv["op"] = val()
		case 4:
			kv["hlc"] = val()
		case 5:
			kv["fields"] = pick([]string{`[]`, `"x"`, `1`, `{"Name":"x"}`, `{"commune_id":` + str() + `}`, `{"id":"x"}`, `{"deleted":true}`, `{"name":"\u200bX","commune_id":"` + communeA + `"}`})
		case 6:
			kv["fields"] = `{"commune_id":"` + communeB + `","name":"Thôn"}` // another commune: out of scope for the officer…
			kv["entity"] = `"villagE"`                                       // …and an unknown entity for everyone
		case 7:
			kv["hlc"] = `"` + e.hlc(0, "x") + `' OR 1=1"`
		case 8:
			kv["id"] = `"` + strings.ToUpper(id()) + `"`
		}
		var parts []string
		for _, k := range []string{"id", "entity", "row_id", "op", "fields", "hlc"} {
			parts = append(parts, fmt.Sprintf("%q:%s", k, kv[k]))
		}
		return "{" + strings.Join(parts, ",") + "}"
	}
	// breakBody applies one defect that makes any body refused as a whole.
	breakBody := func(b string, keys []string) string {
		switch rnd.IntN(10) {
		case 0: // an unknown or differently-cased key
			return strings.Replace(b, "{", fmt.Sprintf("{%q:%s,", pick(hostileKeys), val()), 1)
		case 1: // a duplicate key
			k := pick(keys)
			return strings.Replace(b, "{", fmt.Sprintf("{%q:%s,", k, val()), 1) + ""
		case 2: // nesting past 16
			d := 17 + rnd.IntN(200)
			return strings.Replace(b, "{", "{"+fmt.Sprintf("%q:", pick(keys))+strings.Repeat("[", d)+strings.Repeat("]", d)+",", 1)
		case 3: // invalid UTF-8
			i := rnd.IntN(len(b))
			return b[:i] + string([]byte{0xff, 0xfe, 0xc3}) + b[i:]
		case 4: // a raw NUL or control byte inside a string
			return strings.Replace(b, `":"`, "\":\"\x00\x01", 1)
		case 5: // truncated
			return b[:rnd.IntN(len(b))]
		case 6: // trailing data
			return b + pick([]string{"{}", " x", "\x00", "[]", ",", "\n\"a\""})
		case 7: // a key's value of the wrong type
			k := pick(keys)
			return strings.Replace(b, "{", fmt.Sprintf("{%q:%s,", k+pick([]string{"", " "}), pick([]string{`[]`, `{}`, `1`, `true`})), 1)
		case 8: // not an object
			return pick([]string{`[]`, `"x"`, `1`, `null`, ``, `[` + b + `]`})
		default: // comments, single quotes, NaN: not JSON
			return strings.Replace(b, "{", pick([]string{"{/*x*/", "{'a':1,", "{NaN:1,", "{\"a\":NaN,", "{\"a\":0x10,"}), 1)
		}
	}
	tokens := func() string {
		switch rnd.IntN(12) {
		case 0:
			return ""
		case 1:
			return pick([]string{"x", "' OR 1=1 --", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.", strings.Repeat("a", 9000), "Bearer " + admin})
		case 2:
			return officer
		case 3:
			return board
		}
		return admin
	}
	cts := []string{"application/json", "application/json; charset=utf-8"}
	badCTs := []string{"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json-patch+json",
		"application/xml", "", "application/json; charset=latin1; x=\"", "application/jsonx"}
	paths := []string{"/api/sync/pull", "/api/review", "/api/audit", "/api/indicators", "/api/reports", "/api/health-list", "/api/users", "/api/healthz"}
	params := []string{"cursor", "limit", "schema_version", "club_id", "commune_id", "from", "to", "format", "entity", "row_id"}
	userPaths := []string{"/api/users/" + e.users["bcn1"].ID, "/api/users/" + e.users["admin"].ID, "/api/users/..%2f..%2fadmin", "/api/users/%00",
		"/api/users/' OR 1=1 --", "/api/users/" + strings.ToUpper(e.users["bcn1"].ID)}
	var out []hostileReq
	for len(out) < n {
		q := hostileReq{method: "POST", ct: pick(cts), token: tokens()}
		if rnd.IntN(15) == 0 {
			q.ct = pick(badCTs)
		}
		switch rnd.IntN(10) {
		case 0, 1, 2: // push with every change broken, or the body broken
			var cs []string
			for k := 0; k < rnd.IntN(5); k++ {
				cs = append(cs, change())
			}
			q.path = "/api/sync/push"
			b := `{"device_id":"dev-admin","schema_version":1,"changes":[` + strings.Join(cs, ",") + `]}`
			if len(cs) == 0 || rnd.IntN(2) == 0 {
				b = breakBody(b, []string{"device_id", "schema_version", "changes"})
			}
			q.body = []byte(b)
		case 3: // login
			q.path = "/api/auth/login"
			q.token = ""
			b := fmt.Sprintf(`{"username":%s,"password":%s,"device_id":%s}`, str(), str(), str())
			if rnd.IntN(2) == 0 {
				b = breakBody(b, []string{"username", "password", "device_id"})
			}
			q.body = []byte(b)
		case 4: // refresh and logout
			q.path = pick([]string{"/api/auth/refresh", "/api/auth/logout"})
			if q.path == "/api/auth/logout" {
				q.token = pick([]string{"", "x", "' OR 1=1", "eyJhbGciOiJub25lIn0.e30."})
			}
			q.body = []byte(breakBody(fmt.Sprintf(`{"refresh_token":%s}`, str()), []string{"refresh_token"}))
		case 5: // create a user: always broken
			q.path = "/api/users"
			b := fmt.Sprintf(`{"username":%s,"password":"mat-khau-rat-dai-9","full_name":%s,"role":"health_worker","commune_id":"%s","club_ids":[]}`, str(), str(), communeA)
			q.body = []byte(breakBody(b, []string{"username", "password", "full_name", "role", "commune_id", "club_ids"}))
		case 6: // change a user: always broken
			q.method, q.path = "PATCH", pick(userPaths)
			q.body = []byte(breakBody(fmt.Sprintf(`{"full_name":%s,"disabled":false}`, str()), []string{"full_name", "password", "club_ids", "disabled"}))
		case 7: // queries
			q.method, q.body, q.ct = pick([]string{"GET", "HEAD"}), nil, ""
			var qs []string
			for k := 0; k < 1+rnd.IntN(4); k++ {
				v := pick(hostileStrings)
				if len(v) > 300 {
					v = v[:300]
				}
				// Raw spaces would not be HTTP at all: the bad encodings are %-ones.
				v = strings.ReplaceAll(v, " ", "+")
				enc := pick([]string{"%zz", "%", "%g0", v, "%25" + v, v + "%"})
				qs = append(qs, pick(params)+"="+enc)
			}
			q.path = pick(paths) + "?" + strings.Join(qs, "&")
		case 8: // path tricks and methods
			q.method = pick([]string{"GET", "PUT", "DELETE", "OPTIONS", "TRACE", "PATCH", "HEAD", "PROPFIND"})
			q.path = pick([]string{"/api/../api/users", "/api/sync/pull/../push", "/api/reports/..%2f..%2fetc%2fpasswd", "/api/reports/%2e%2e",
				"/api/users/" + id() + "/../../sync/push", "/api//users", "/api/sync%2fpush", "/api/sync/push%00", "/api/%ff", "/api/users/" + id() + "?x=%zz",
				"/api/audit?entity=member&row_id='+OR+1=1+--", "/api/review?club_id=" + urlQueryEscape(pick(hostileStrings)), "/api/indicators?from=2026-01-01&to=2026-02-01&club_id=../../x"})
			if q.method == "DELETE" && strings.HasPrefix(q.path, "/api/users/") {
				q.method = "PUT" // a well-formed DELETE of a user would do something
			}
			if rnd.IntN(2) == 0 {
				q.body = []byte(pick(hostileValues))
			}
		default: // sizes: a declared body over the limit
			q.path = pick([]string{"/api/auth/login", "/api/users", "/api/auth/refresh"})
			q.body = bytes.Repeat([]byte("{"), 64<<10+1+rnd.IntN(1000))
		}
		out = append(out, q)
	}
	return out
}

// snapshot is what the server holds that a request could change.
func snapshot(e *env) string {
	e.t.Helper()
	var b strings.Builder
	err := e.db.Write(e.ctx, func(tx *store.Tx) error {
		for _, q := range []string{
			`SELECT id, fields, stamps, deleted, seq FROM rows ORDER BY id`,
			`SELECT id, status FROM change_log ORDER BY id`,
			`SELECT id, full_name, password_hash, club_ids, disabled, scope_epoch FROM users ORDER BY id`,
			`SELECT id FROM reports ORDER BY id`,
		} {
			rows, err := tx.QueryContext(e.ctx, q)
			if err != nil {
				return fmt.Errorf("%s: %w", q, err)
			}
			cols, _ := rows.Columns()
			for rows.Next() {
				vals := make([]any, len(cols))
				ptrs := make([]any, len(cols))
				for i := range vals {
					ptrs[i] = &vals[i]
				}
				if err := rows.Scan(ptrs...); err != nil {
					rows.Close()
					return err
				}
				fmt.Fprintf(&b, "%v\n", vals)
			}
			rows.Close()
			b.WriteString("--\n")
		}
		return nil
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return b.String()
}

// TestHostileCorpus sends at least 10 000 generated bad requests: types,
// sizes, nesting, UTF-8, NUL, format characters, SQL fragments, path tricks,
// content types, duplicate and differently-cased keys. No 5xx, no panic,
// nothing stored, every push change rejected.
func TestHostileCorpus(t *testing.T) {
	e := newEnv(t)
	before := snapshot(e)
	reqs := corpus(e, 10100)
	var mu sync.Mutex
	statuses := map[int]int{}
	var wg sync.WaitGroup
	work := make(chan hostileReq)
	client := &http.Client{}
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for q := range work {
				r, err := http.NewRequest(q.method, e.ts.URL+q.path, bytes.NewReader(q.body))
				if err != nil {
					mu.Lock()
					statuses[-1]++ // not even a request Go will send
					mu.Unlock()
					continue
				}
				if q.body == nil {
					r.Body, r.ContentLength = nil, 0
				}
				if q.ct != "" {
					r.Header.Set("Content-Type", q.ct)
				}
				if q.token != "" {
					r.Header.Set("Authorization", "Bearer "+q.token)
				}
				res, err := client.Do(r)
				if err != nil {
					t.Errorf("%s %s: %v", q.method, q.path, err)
					continue
				}
				body, _ := io.ReadAll(res.Body)
				res.Body.Close()
				mu.Lock()
				statuses[res.StatusCode]++
				mu.Unlock()
				if res.StatusCode >= 500 {
					t.Errorf("%s %s %.200q: %d %s", q.method, q.path, q.body, res.StatusCode, body)
				}
				if q.path == "/api/sync/push" && res.StatusCode == 200 {
					var ans struct{ Results []struct{ Status string } }
					_ = json.Unmarshal(body, &ans)
					for _, x := range ans.Results {
						if x.Status != "rejected" {
							t.Errorf("push %.300s: a change %s", q.body, x.Status)
						}
					}
				}
				if res.StatusCode >= 400 && q.method != "HEAD" && strings.HasPrefix(q.path, "/api") {
					var er struct {
						Error struct{ Code, Message string }
					}
					if json.Unmarshal(body, &er) != nil || er.Error.Code == "" {
						t.Errorf("%s %s: error answer not JSON: %d %.200s", q.method, q.path, res.StatusCode, body)
					}
				}
			}
		}()
	}
	for _, q := range reqs {
		work <- q
	}
	close(work)
	wg.Wait()
	sent := 0
	for s, n := range statuses {
		if s > 0 {
			sent += n
		}
	}
	t.Logf("hostile requests sent: %d; answers by status: %v", sent, statuses)
	if sent < 10000 {
		t.Errorf("only %d requests reached the server", sent)
	}
	if after := snapshot(e); after != before {
		t.Errorf("the corpus changed stored data:\nbefore %.3000s\nafter  %.3000s", before, after)
	}
}

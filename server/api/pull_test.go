package api_test

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"
)

// pages pulls with limit from cursor until more is false, returning every
// page's rows in order and the last cursor.
func (e *env) pages(token, cursor string, limit int) ([]pulledRow, string) {
	e.t.Helper()
	var out []pulledRow
	for i := 0; ; i++ {
		a, r := e.pull(token, cursor, limit)
		if r.status != http.StatusOK {
			e.t.Fatalf("pull: %s", r)
		}
		if len(a.Rows) > limit {
			e.t.Fatalf("%d rows for limit %d", len(a.Rows), limit)
		}
		if len(a.Rows) == 0 && a.Cursor != cursor && cursor != "" {
			e.t.Errorf("empty page moved the cursor from %q to %q", cursor, a.Cursor)
		}
		out = append(out, a.Rows...)
		cursor = a.Cursor
		if !a.More {
			return out, cursor
		}
		if i > 10000 {
			e.t.Fatal("pull never ends")
		}
	}
}

// TestPullPagesOfOne: pages of one row miss and repeat nothing.
func TestPullPagesOfOne(t *testing.T) {
	e := newEnv(t)
	e.seedWorld()
	for _, user := range []string{"admin", "canbo", "bcn1", "ytexa"} {
		t.Run(user, func(t *testing.T) {
			tok := e.tok(user)
			big, rb := e.pull(tok, "", 1000)
			if rb.status != 200 || big.More {
				t.Fatalf("one big pull: %s", rb)
			}
			small, _ := e.pages(tok, "", 1)
			if len(small) != len(big.Rows) || len(small) == 0 {
				t.Fatalf("%d rows in pages of one, %d in one pull", len(small), len(big.Rows))
			}
			for i := range small {
				if !reflect.DeepEqual(small[i], big.Rows[i]) {
					t.Errorf("row %d: %+v vs %+v", i, small[i], big.Rows[i])
				}
				if i > 0 && small[i].Seq <= small[i-1].Seq {
					t.Errorf("seq not ascending at %d: %d after %d", i, small[i].Seq, small[i-1].Seq)
				}
			}
		})
	}
}

// TestPullCursorContinues: the cursor of the last page gives only what
// changed since; an empty answer keeps the cursor.
func TestPullCursorContinues(t *testing.T) {
	e := newEnv(t)
	tok := e.tok("bcn1")
	_, cur := e.pages(tok, "", 3)
	a, r := e.pull(tok, cur, 10)
	if r.status != 200 || len(a.Rows) != 0 || a.More || a.Cursor != cur {
		t.Fatalf("pull at the end: %s", r)
	}
	if a.ServerTime != "2026-03-02T03:00:00.000Z" {
		t.Errorf("server_time %q", a.ServerTime)
	}
	row := id()
	e.mustApply("bcn1", upsert("member", row, memberFields(club1), e.hlc(0, "a")))
	e.mustApply("bcn2", upsert("member", id(), memberFields(club2), e.hlc(0, "a"))) // not in bcn1's scope
	a, _ = e.pull(tok, cur, 10)
	if len(a.Rows) != 1 || a.Rows[0].RowID != row || a.More {
		t.Errorf("after one push: %+v", a)
	}
	// Explicit cursor 0 is everything.
	all, r := e.pull(tok, "0", 1000)
	if r.status != 200 || len(all.Rows) != 5 {
		t.Errorf("cursor=0: %d rows: %s", len(all.Rows), r)
	}
}

// TestPullUpdatesBetweenPages: a row updated while a client pages appears
// once per answer, in its latest state, and nothing is missed.
func TestPullUpdatesBetweenPages(t *testing.T) {
	e := newEnv(t)
	e.seedWorld()
	tok := e.tok("canbo")
	first, r := e.pull(tok, "", 1)
	if r.status != 200 || !first.More {
		t.Fatalf("first page: %s", r)
	}
	got := map[string]pulledRow{first.Rows[0].RowID: first.Rows[0]}
	a, _ := e.pull(tok, first.Cursor, 3)
	for _, row := range a.Rows {
		got[row.RowID] = row
	}
	// Update one row already pulled and one not yet pulled.
	pulled := first.Rows[0]
	e.mustApply("canbo", upsert("commune", communeA, map[string]any{"older_population": 1300}, e.hlc(time.Second, "a")))
	if pulled.RowID != communeA {
		t.Fatalf("first row is %s %s, want the commune", pulled.Entity, pulled.RowID)
	}
	e.mustApply("canbo", upsert("member", member2, map[string]any{"full_name": "Trần Thị Hai Mới"}, e.hlc(time.Second, "a")))
	rest, _ := e.pages(tok, a.Cursor, 1)
	seen := map[string]int{}
	for _, row := range rest {
		seen[row.RowID]++
		if seen[row.RowID] > 1 {
			t.Errorf("row %s %s came twice", row.Entity, row.RowID)
		}
		got[row.RowID] = row
	}
	if seen[communeA] != 1 || seen[member2] != 1 {
		t.Errorf("updated rows came %d and %d times, want once", seen[communeA], seen[member2])
	}
	// The union equals one fresh pull.
	want := e.pullAll(tok)
	if len(got) != len(want) {
		t.Errorf("%d rows by pages, %d in a fresh pull", len(got), len(want))
	}
	for k, w := range want {
		if !reflect.DeepEqual(got[k].Fields, w.Fields) || got[k].Seq != w.Seq {
			t.Errorf("row %s %s: paged %+v, fresh %+v", w.Entity, k, got[k], w)
		}
	}
	if want[member2].Fields["full_name"] != "Trần Thị Hai Mới" || want[communeA].Fields["older_population"] != 1300.0 {
		t.Errorf("latest state missing: %v %v", want[member2].Fields, want[communeA].Fields)
	}
}

// TestPullDeletedRows: a deleted row is {deleted: true, fields: {}} and
// comes again after its delete.
func TestPullDeletedRows(t *testing.T) {
	e := newEnv(t)
	tok := e.tok("bcn1")
	_, cur := e.pages(tok, "", 100)
	e.mustApply("bcn1", del("member", member1, e.hlc(0, "a")))
	a, r := e.pull(tok, cur, 100)
	if r.status != 200 || len(a.Rows) != 1 {
		t.Fatalf("%s", r)
	}
	row := a.Rows[0]
	if !row.Deleted || row.RowID != member1 || row.Entity != "member" || row.Fields == nil || len(row.Fields) != 0 {
		t.Errorf("deleted row %+v", row)
	}
}

func TestPullParameters(t *testing.T) {
	e := newEnv(t)
	tok := e.tok("admin")
	other := e.tok("canbo")
	_, cur := e.pages(tok, "", 4)
	_, otherCur := e.pages(other, "", 1000)
	raw := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
	tests := []struct {
		name, query string
		status      int
		code, field string
		rows        int // rows in a 200 answer
	}{
		{"defaults", "", 200, "", "", 10},
		{"limit 0 is clamped to 1", "?limit=0", 200, "", "", 1},
		{"limit -3 is clamped to 1", "?limit=-3", 200, "", "", 1},
		{"limit 5000 is clamped", "?limit=5000", 200, "", "", 10},
		{"limit not an integer", "?limit=abc", 400, "invalid_value", "limit", 0},
		{"limit a fraction", "?limit=1.5", 400, "invalid_value", "limit", 0},
		{"limit empty", "?limit=", 400, "invalid_value", "limit", 0},
		{"own cursor", "?cursor=" + urlQueryEscape(cur), 200, "", "", 0},
		{"garbage cursor", "?cursor=garbage!", 409, "reset_required", "", 0},
		{"base64 garbage cursor", "?cursor=" + raw("hello"), 409, "reset_required", "", 0},
		{"another user's cursor", "?cursor=" + urlQueryEscape(otherCur), 409, "reset_required", "", 0},
		// nothing after it yet: no rows, and the same cursor comes back
		{"a cursor beyond the server's seq", "?cursor=" + raw("1|"+e.users["admin"].ID+"|0|999999"), 200, "", "", 0},
		{"schema_version current", "?schema_version=1", 200, "", "", 10},
		{"schema_version lower", "?schema_version=0", 426, "client_too_old", "", 0},
		{"schema_version lower with a bad cursor", "?schema_version=0&cursor=garbage", 426, "client_too_old", "", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := e.get("/api/sync/pull"+tc.query, tok)
			if tc.code == "" {
				var a pullAnswer
				if r.status != tc.status || json.Unmarshal(r.body, &a) != nil {
					t.Fatalf("%s", r)
				}
				if len(a.Rows) != tc.rows || a.More != (tc.rows > 0 && tc.rows < 10) {
					t.Errorf("%d rows, more %v; want %d rows", len(a.Rows), a.More, tc.rows)
				}
				sent, _ := url.ParseQuery(strings.TrimPrefix(tc.query, "?"))
				if tc.rows == 0 && a.Cursor != sent.Get("cursor") {
					t.Errorf("cursor %q, want the request's %q", a.Cursor, sent.Get("cursor"))
				}
				return
			}
			wantErr(t, r, tc.status, tc.code, tc.field)
		})
	}
	a, _ := e.pull(tok, "", 0)
	if len(a.Rows) != 1 || !a.More {
		t.Errorf("limit 0: %d rows, more %v", len(a.Rows), a.More)
	}
	a, _ = e.pull(tok, "", 7)
	if len(a.Rows) != 7 || !a.More {
		t.Errorf("limit 7: %d rows", len(a.Rows))
	}
	a, _ = e.pull(tok, "", 10)
	if len(a.Rows) != 10 || a.More {
		t.Errorf("limit 10 over 10 rows: %d rows, more %v", len(a.Rows), a.More)
	}
}

// TestPullDefaultLimit: without limit, 500 rows.
func TestPullDefaultLimit(t *testing.T) {
	e := newEnv(t)
	var cs []ch
	for i := 0; i < 1000; i++ {
		cs = append(cs, upsert("member", id(), memberFields(club1), e.hlc(0, "a")))
	}
	e.mustApply("admin", cs...)
	tok := e.tok("admin")
	r := e.get("/api/sync/pull", tok)
	if rows, _ := r.j["rows"].([]any); len(rows) != 500 || r.j["more"] != true {
		t.Errorf("default limit: %d rows", len(rows))
	}
	r = e.get("/api/sync/pull?limit=1000", tok)
	if rows, _ := r.j["rows"].([]any); len(rows) != 1000 || r.j["more"] != true {
		t.Errorf("limit 1000: %d rows", len(rows))
	}
	r = e.get("/api/sync/pull?limit=1001", tok)
	if rows, _ := r.j["rows"].([]any); len(rows) != 1000 {
		t.Errorf("limit 1001 clamped to 1000: %d rows", len(rows))
	}
}

// TestPullResetWhenClubsChange: changing a board's club_ids makes its older
// cursors answer reset_required; a pull from 0 then gives the new scope.
func TestPullResetWhenClubsChange(t *testing.T) {
	e := newEnv(t)
	tok := e.tok("bcn1")
	_, cur := e.pages(tok, "", 1000)
	// The same club list again is no change.
	r := e.do(req{method: "PATCH", path: "/api/users/" + e.users["bcn1"].ID, token: e.tok("canbo"), body: map[string]any{"club_ids": []string{club1}}})
	if r.status != 200 {
		t.Fatalf("patch: %s", r)
	}
	if _, r := e.pull(tok, cur, 10); r.status != 200 {
		t.Errorf("same clubs: %s", r)
	}
	r = e.do(req{method: "PATCH", path: "/api/users/" + e.users["bcn1"].ID, token: e.tok("canbo"), body: map[string]any{"club_ids": []string{club1, club2}}})
	if r.status != 200 {
		t.Fatalf("patch: %s", r)
	}
	_, r = e.pull(tok, cur, 10)
	wantErr(t, r, 409, "reset_required", "")
	rows := e.pullAll(tok)
	if _, ok := rows[member2]; !ok {
		t.Error("the new club's member is not pulled from 0")
	}
	// The token issued before the change sees the new scope at once.
	wantResult(t, e.pushTok(tok, "dev-bcn1", upsert("member", id(), memberFields(club2), e.hlc(0, "a")))[0], "applied", "", "")
	_ = fmt.Sprint
}

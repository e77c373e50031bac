package api_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"testing"
	"time"

	"clb/schema"
	"clb/server/api"
)

// nextSchema makes the server one schema version ahead of the phones, as a
// release raising schema_version would: version 2, released on t0's day, in
// which the member field "phone" was called "so_dien_thoai" at version 1.
func nextSchema(s *api.Server) {
	next := *s.Schema
	next.Version = s.Schema.Version + 1
	next.Upgrades = []schema.Upgrade{{Version: next.Version, Released: t0.Format("2006-01-02"),
		Renamed: map[string]map[string]string{"member": {"so_dien_thoai": "phone"}}}}
	s.Schema = &next
}

// TestCompatWindow: for CompatWindow after a release, a push or pull at the
// previous schema_version is taken, mapped field by field; a field the new
// version does not know rejects that change alone; older versions, and the
// previous one after the window, answer 426 client_too_old.
func TestCompatWindow(t *testing.T) {
	e := newEnv(t, nextSchema)
	tok := e.tok("bcn1")
	push := func(version int, cs ...ch) resp {
		if cs == nil {
			cs = []ch{}
		}
		return e.do(req{method: http.MethodPost, path: "/api/sync/push", token: tok,
			body: map[string]any{"device_id": "dev-bcn1", "schema_version": version, "changes": cs}})
	}
	renamed, good, unknown := id(), id(), id()
	r := push(1,
		upsert("member", renamed, with(memberFields(club1), "so_dien_thoai", "0912345678"), e.hlc(0, "a")),
		upsert("member", unknown, with(memberFields(club1), "khong_con", "x"), e.hlc(0, "a")),
		upsert("member", good, memberFields(club1), e.hlc(0, "a")),
	)
	var ans struct {
		Results []result `json:"results"`
	}
	if r.status != 200 || json.Unmarshal(r.body, &ans) != nil || len(ans.Results) != 3 {
		t.Fatalf("push at the previous version: %s", r)
	}
	wantResult(t, ans.Results[0], "applied", "", "")
	wantResult(t, ans.Results[1], "rejected", "unknown_field", "khong_con")
	wantResult(t, ans.Results[2], "applied", "", "")

	// the current version pulls the new name; the previous one its old name
	pulled := func(version string) map[string]any {
		r := e.get("/api/sync/pull?limit=1000&schema_version="+url.QueryEscape(version), tok)
		var a pullAnswer
		if r.status != 200 || json.Unmarshal(r.body, &a) != nil {
			t.Fatalf("pull at %s: %s", version, r)
		}
		for _, row := range a.Rows {
			if row.RowID == renamed {
				return row.Fields
			}
		}
		t.Fatalf("pull at %s: no row %s", version, renamed)
		return nil
	}
	if f := pulled("2"); f["phone"] != "0912345678" || f["so_dien_thoai"] != nil {
		t.Errorf("pull at 2: %v", f)
	}
	if f := pulled("1"); f["so_dien_thoai"] != "0912345678" || f["phone"] != nil {
		t.Errorf("pull at 1: %v", f)
	}

	for _, tc := range []struct {
		name    string
		advance time.Duration
		version int
		status  int
	}{
		{"current version", 0, 2, 200},
		{"two versions behind", 0, 0, 426},
		{"previous version, last moment of the window", schema.CompatWindow - 3*time.Hour - time.Millisecond, 1, 200}, // t0 is 03:00
		{"previous version, window over", time.Millisecond, 1, 426},                                                   // exactly Released + CompatWindow
		{"current version after the window", 0, 2, 200},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e.clk.Advance(tc.advance)
			tok = e.session("bcn1", "dev-bcn1") // months later: a new login
			r := push(tc.version)
			if tc.status != 200 {
				wantErr(t, r, tc.status, "client_too_old", "")
			} else if r.status != 200 {
				t.Errorf("%s", r)
			}
			p := e.get("/api/sync/pull?schema_version="+itoa(int64(tc.version)), tok)
			if tc.status != 200 {
				wantErr(t, p, tc.status, "client_too_old", "")
			} else if p.status != 200 {
				t.Errorf("pull: %s", p)
			}
		})
	}
}

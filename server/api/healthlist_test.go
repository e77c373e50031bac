package api_test

import (
	"net/http"
	"testing"
)

// TestHealthListKeys: the health list answers lower-case keys, like every
// other answer (from, to, clubs; each club's club_id, name, measured, high,
// urgent).
func TestHealthListKeys(t *testing.T) {
	e := newEnv(t)
	m := id()
	e.mustApply("bcn1", upsert("member", m, memberFields(club1), e.hlc(0, "d")),
		upsert("health_check", id(), healthFields(club1, m, "club"), e.hlc(0, "d")))
	r := e.get("/api/health-list?from=2026-01-01&to=2026-12-31", e.tok("ytexa"))
	if r.status != http.StatusOK {
		t.Fatalf("health list: %v", r)
	}
	for _, k := range []string{"from", "to", "clubs"} {
		if _, ok := r.j[k]; !ok {
			t.Errorf("answer lacks %q: %v", k, r)
		}
	}
	if r.j["from"] != "2026-01-01" || r.j["to"] != "2026-12-31" {
		t.Errorf("period: %v", r)
	}
	clubs, _ := r.j["clubs"].([]any)
	if len(clubs) == 0 {
		t.Fatalf("no clubs: %v", r)
	}
	for _, k := range []string{"club_id", "name", "measured", "high", "urgent"} {
		if _, ok := clubs[0].(map[string]any)[k]; !ok {
			t.Errorf("club lacks %q: %v", k, clubs[0])
		}
	}
}

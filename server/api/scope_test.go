package api_test

import (
	"sort"
	"strings"
	"testing"
	"time"
)

// world holds one row of every entity per club, and commune-level rows, as
// "entity/place" → row id.
type world map[string]string

// seedWorld pushes, as admin, one row of every entity in each club and the
// commune-level rows of both communes.
func (e *env) seedWorld() world {
	e.t.Helper()
	w := world{
		"commune/A": communeA, "commune/B": communeB, "village/A": villageA, "village/B": villageB,
		"club/1": club1, "club/2": club2, "club/3": club3, "member/1": member1, "member/2": member2, "member/3": member3,
	}
	var cs []ch
	add := func(key, entity string, fields map[string]any) {
		row := id()
		if entity == "attendance" {
			row = attendanceID(fields["meeting_id"].(string), fields["member_id"].(string))
		}
		w[key] = row
		cs = append(cs, upsert(entity, row, fields, e.hlc(-time.Minute, "seed")))
	}
	clubs := map[string]struct{ club, commune, member string }{"1": {club1, communeA, member1}, "2": {club2, communeA, member2}, "3": {club3, communeB, member3}}
	for _, k := range []string{"1", "2", "3"} {
		c := clubs[k]
		add("club_assessment/"+k, "club_assessment", map[string]any{"club_id": c.club, "year": 2025, "meets_standard": true, "score": 80})
		meeting := id()
		cs = append(cs, upsert("meeting", meeting, map[string]any{"club_id": c.club, "held_on": "2026-01-15", "areas": []any{"health", "culture"}}, e.hlc(-time.Minute, "seed")))
		w["meeting/"+k] = meeting
		add("attendance/"+k, "attendance", map[string]any{"club_id": c.club, "meeting_id": meeting, "member_id": c.member, "present": true})
		add("training/"+k, "training", map[string]any{"commune_id": c.commune, "club_id": c.club, "member_id": c.member, "kind": "initial", "held_on": "2026-01-10"})
		add("outreach/"+k, "outreach", map[string]any{"commune_id": c.commune, "club_id": c.club, "held_on": "2026-01-10", "kind": "event", "title": "Ngày hội", "people_reached": 120})
		add("fund_entry/"+k, "fund_entry", map[string]any{"club_id": c.club, "fund": "income_generation", "entry_on": "2026-01-01", "kind": "opening_balance", "amount_vnd": 5000000})
		loan := id()
		cs = append(cs, upsert("loan", loan, loanFields(c.club, c.member), e.hlc(-time.Minute, "seed")))
		w["loan/"+k] = loan
		add("repayment/"+k, "repayment", map[string]any{"club_id": c.club, "loan_id": loan, "paid_on": "2026-01-01", "principal_vnd": 100000, "interest_vnd": 5000})
		add("health_check/"+k, "health_check", healthFields(c.club, c.member, "club"))
		add("home_visit/"+k, "home_visit", map[string]any{"club_id": c.club, "volunteer_id": c.member, "recipient_name": "Cụ Ông", "visited_on": "2026-01-05", "services": []any{"companionship"}})
	}
	for k, commune := range map[string]string{"A": communeA, "B": communeB} {
		add("target/"+k, "target", map[string]any{"commune_id": commune, "phase": "2026-2030", "indicator": "new_clubs", "value": 3})
		add("training/"+k, "training", map[string]any{"commune_id": commune, "kind": "officer_awareness", "held_on": "2026-01-10", "trainee_name": "Cán bộ xã"})
		add("outreach/"+k, "outreach", map[string]any{"commune_id": commune, "held_on": "2026-01-10", "kind": "media", "title": "Loa phát thanh", "people_reached": 900})
	}
	e.mustApply("admin", cs...)
	return w
}

// TestPullScope: each role pulls exactly the rows of CONTRACT.md's table.
func TestPullScope(t *testing.T) {
	e := newEnv(t)
	w := e.seedWorld()
	allClub := func(k string) []string {
		return []string{"club/" + k, "club_assessment/" + k, "member/" + k, "meeting/" + k, "attendance/" + k, "training/" + k, "outreach/" + k,
			"fund_entry/" + k, "loan/" + k, "repayment/" + k, "health_check/" + k, "home_visit/" + k}
	}
	communeRows := func(c string) []string {
		return []string{"commune/" + c, "village/" + c, "target/" + c, "training/" + c, "outreach/" + c}
	}
	cat := func(lists ...[]string) []string {
		var out []string
		for _, l := range lists {
			out = append(out, l...)
		}
		return out
	}
	tests := []struct {
		user string
		want []string
	}{
		{"admin", cat(communeRows("A"), communeRows("B"), allClub("1"), allClub("2"), allClub("3"))},
		{"canbo", cat(communeRows("A"), allClub("1"), allClub("2"))},
		{"canbob", cat(communeRows("B"), allClub("3"))},
		{"bcn1", cat([]string{"commune/A", "village/A", "target/A"}, allClub("1"))},
		{"bcn2", cat([]string{"commune/A", "village/A", "target/A"}, allClub("2"))},
		{"bcn3", cat([]string{"commune/B", "village/B", "target/B"}, allClub("3"))},
		{"ytexa", []string{"commune/A", "village/A", "club/1", "club/2", "member/1", "member/2", "health_check/1", "health_check/2"}},
	}
	byID := map[string]string{}
	for k, v := range w {
		byID[v] = k
	}
	for _, tc := range tests {
		t.Run(tc.user, func(t *testing.T) {
			rows := e.pullAll(e.tok(tc.user))
			var got []string
			for rid, r := range rows {
				k, ok := byID[rid]
				if !ok {
					t.Errorf("pulled an unknown row %s %s", r.Entity, rid)
					continue
				}
				if !strings.HasPrefix(k, r.Entity+"/") {
					t.Errorf("row %s pulled as entity %s", k, r.Entity)
				}
				got = append(got, k)
			}
			sort.Strings(got)
			want := append([]string(nil), tc.want...)
			sort.Strings(want)
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("pulled\n  %v\nwant\n  %v", got, want)
			}
		})
	}
}

// TestPullFields: every field the caller may see, null for empty, no id;
// a health worker's members carry only the listed fields.
func TestPullFields(t *testing.T) {
	e := newEnv(t)
	e.seedWorld()
	m := e.pullAll(e.tok("canbo"))[member1]
	want := []string{"club_id", "full_name", "sex", "birth_year", "joined_on", "left_on", "phone", "village_id", "poverty", "ethnic_minority",
		"disability", "board_role", "board_since", "loan_need", "livelihood_group", "home_care_volunteer", "consent_on"}
	if len(m.Fields) != len(want) {
		t.Errorf("officer's member fields %v", m.Fields)
	}
	for _, f := range want {
		if _, ok := m.Fields[f]; !ok {
			t.Errorf("officer's member lacks %s", f)
		}
	}
	if v, ok := m.Fields["left_on"]; !ok || v != nil {
		t.Errorf("empty optional left_on: %v %v", v, ok)
	}
	if _, ok := m.Fields["id"]; ok {
		t.Error("fields carry id")
	}
	if m.Fields["phone"] != "0912345678" || m.Fields["birth_year"] != 1955.0 || m.Fields["loan_need"] != true {
		t.Errorf("member values %v", m.Fields)
	}

	rows := e.pullAll(e.tok("ytexa"))
	hwWant := map[string]bool{"full_name": true, "sex": true, "birth_year": true, "club_id": true, "village_id": true, "joined_on": true, "left_on": true}
	for _, r := range rows {
		if r.Entity != "member" {
			continue
		}
		if len(r.Fields) != len(hwWant) {
			t.Errorf("health worker's member fields %v", r.Fields)
		}
		for f := range r.Fields {
			if !hwWant[f] {
				t.Errorf("health worker pulled member.%s", f)
			}
		}
	}
	for _, r := range rows {
		switch r.Entity {
		case "fund_entry", "loan", "repayment", "meeting", "attendance", "home_visit", "training", "outreach", "target", "club_assessment":
			t.Errorf("health worker pulled %s", r.Entity)
		}
		for f := range r.Fields {
			if strings.HasSuffix(f, "_vnd") || f == "loan_need" || f == "poverty" {
				t.Errorf("health worker pulled %s.%s", r.Entity, f)
			}
		}
	}
}

// TestPushScope: each role's writes against CONTRACT.md's table.
func TestPushScope(t *testing.T) {
	e := newEnv(t)
	w := e.seedWorld()
	h := func() string { return e.hlc(0, "p") }
	newClub := func(commune, village string) map[string]any {
		return map[string]any{"commune_id": commune, "village_id": village, "name": "CLB Mới", "founded_on": "2026-01-01"}
	}
	fund := func(club string) map[string]any {
		return map[string]any{"club_id": club, "fund": "activity", "entry_on": "2026-02-01", "kind": "contribution", "amount_vnd": 20000}
	}
	target := func(commune string) map[string]any {
		return map[string]any{"commune_id": commune, "phase": "2031-2035", "indicator": "standard_clubs", "value": 2}
	}
	outreach := func(commune, club string) map[string]any {
		m := map[string]any{"commune_id": commune, "held_on": "2026-02-01", "kind": "digital", "title": "Zalo", "people_reached": 40}
		if club != "" {
			m["club_id"] = club
		}
		return m
	}
	assessment := func(club string) map[string]any {
		return map[string]any{"club_id": club, "year": 2026, "meets_standard": false}
	}
	training := func(commune, club, member string) map[string]any {
		return map[string]any{"commune_id": commune, "club_id": club, "member_id": member, "kind": "refresher", "held_on": "2026-02-01"}
	}
	meeting := func(club string) map[string]any {
		return map[string]any{"club_id": club, "held_on": "2026-02-20", "areas": []any{"rights"}}
	}
	oos, ok := "out_of_scope", ""
	tests := []struct {
		user string
		c    ch
		code string
	}{
		// club_board: its clubs.
		{"bcn1", upsert("member", id(), memberFields(club1), h()), ok},
		{"bcn1", upsert("member", member1, map[string]any{"full_name": "Đổi tên"}, h()), ok},
		{"bcn1", upsert("member", id(), memberFields(club2), h()), oos},
		{"bcn1", upsert("member", id(), memberFields(club3), h()), oos},
		{"bcn1", upsert("member", member2, map[string]any{"full_name": "x"}, h()), oos},
		{"bcn1", upsert("meeting", id(), meeting(club1), h()), ok},
		{"bcn1", upsert("fund_entry", id(), fund(club1), h()), ok},
		{"bcn1", upsert("fund_entry", id(), fund(club2), h()), oos},
		{"bcn1", upsert("loan", id(), loanFields(club1, member1), h()), ok},
		{"bcn1", upsert("health_check", id(), healthFields(club1, member1, "club"), h()), ok},
		{"bcn1", upsert("training", id(), training(communeA, club1, member1), h()), ok},
		{"bcn1", upsert("training", id(), training(communeA, club2, member2), h()), oos},
		{"bcn1", upsert("training", id(), map[string]any{"commune_id": communeA, "kind": "officer_awareness", "held_on": "2026-02-01", "trainee_name": "x"}, h()), oos},
		{"bcn1", upsert("outreach", id(), outreach(communeA, club1), h()), oos},
		{"bcn1", upsert("club_assessment", id(), assessment(club1), h()), oos},
		{"bcn1", upsert("club_assessment", w["club_assessment/1"], map[string]any{"score": 90}, h()), oos},
		{"bcn1", upsert("target", id(), target(communeA), h()), oos},
		{"bcn1", upsert("village", id(), map[string]any{"commune_id": communeA, "name": "x"}, h()), oos},
		{"bcn1", upsert("club", club1, map[string]any{"name": "Tên mới"}, h()), oos},
		{"bcn1", upsert("commune", communeA, map[string]any{"name": "x"}, h()), oos},
		{"bcn1", del("member", member2, h()), oos},
		// health_worker: health checks of its commune only.
		{"ytexa", upsert("health_check", id(), healthFields(club1, member1, "health_station"), h()), ok},
		{"ytexa", upsert("health_check", id(), healthFields(club2, member2, "health_station"), h()), ok},
		{"ytexa", upsert("health_check", id(), healthFields(club3, member3, "health_station"), h()), oos},
		{"ytexa", upsert("member", id(), memberFields(club1), h()), oos},
		{"ytexa", upsert("member", member1, map[string]any{"full_name": "x"}, h()), oos},
		{"ytexa", upsert("meeting", id(), meeting(club1), h()), oos},
		{"ytexa", upsert("fund_entry", id(), fund(club1), h()), oos},
		{"ytexa", upsert("loan", id(), loanFields(club1, member1), h()), oos},
		{"ytexa", upsert("village", id(), map[string]any{"commune_id": communeA, "name": "x"}, h()), oos},
		// commune_officer: every row of its commune; its commune row update only.
		{"canbo", upsert("village", id(), map[string]any{"commune_id": communeA, "name": "Thôn Ba"}, h()), ok},
		{"canbo", upsert("village", id(), map[string]any{"commune_id": communeB, "name": "x"}, h()), oos},
		{"canbo", upsert("club", id(), newClub(communeA, villageA), h()), ok},
		{"canbo", upsert("club", id(), newClub(communeB, villageB), h()), oos},
		{"canbo", upsert("club", club1, map[string]any{"founding_decision": "QĐ 12"}, h()), ok},
		{"canbo", upsert("club", club3, map[string]any{"founding_decision": "QĐ 12"}, h()), oos},
		{"canbo", upsert("commune", communeA, map[string]any{"implementing_officers": 4}, h()), ok},
		{"canbo", upsert("commune", communeB, map[string]any{"implementing_officers": 4}, h()), oos},
		{"canbo", upsert("commune", id(), map[string]any{"name": "Xã Mới", "province": "Tỉnh"}, h()), oos},
		{"canbo", del("commune", communeA, h()), oos},
		{"canbo", upsert("member", member2, map[string]any{"phone": "0900000001"}, h()), ok},
		{"canbo", upsert("member", member3, map[string]any{"phone": "0900000001"}, h()), oos},
		{"canbo", upsert("member", id(), memberFields(club3), h()), oos},
		{"canbo", upsert("target", id(), target(communeA), h()), ok},
		{"canbo", upsert("target", id(), target(communeB), h()), oos},
		{"canbo", upsert("outreach", id(), outreach(communeA, ""), h()), ok},
		{"canbo", upsert("club_assessment", id(), assessment(club2), h()), ok},
		{"canbo", upsert("fund_entry", id(), fund(club2), h()), ok},
		{"canbo", upsert("health_check", id(), healthFields(club1, member1, "health_station"), h()), ok},
		{"canbo", upsert("loan", w["loan/3"], map[string]any{"voided_reason": "x"}, h()), oos},
		{"canbo", del("member", w["member/3"], h()), oos},
		// admin: everything.
		{"admin", upsert("commune", id(), map[string]any{"name": "Xã Ba", "province": "Tỉnh"}, h()), ok},
		{"admin", upsert("club", id(), newClub(communeB, villageB), h()), ok},
		{"admin", upsert("member", member3, map[string]any{"phone": "0900000002"}, h()), ok},
		{"admin", del("village", villageB, h()), ok},
	}
	for _, tc := range tests {
		t.Run(tc.user+" "+tc.c["op"].(string)+" "+tc.c["entity"].(string), func(t *testing.T) {
			res := e.pushAs(tc.user, tc.c)[0]
			if tc.code == "" {
				wantResult(t, res, "applied", "", "")
			} else {
				wantResult(t, res, "rejected", tc.code, "")
			}
		})
	}
	// A deleted club is still held: changes naming it are judged by scope.
	e.mustApply("canbo", del("club", club2, e.hlc(time.Minute, "p")))
	wantResult(t, e.pushAs("bcn2", upsert("member", id(), memberFields(club2), h()))[0], "applied", "", "")
	wantResult(t, e.pushAs("bcn1", upsert("member", id(), memberFields(club2), h()))[0], "rejected", "out_of_scope", "")
}

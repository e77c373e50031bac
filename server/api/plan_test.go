package api_test

// The plan's own management (ENTITIES.md): budget, supervision_visit,
// commendation (lww) and equipment (ledger), through the real push and pull.

import (
	"sort"
	"strings"
	"testing"
	"time"
)

func budgetFields(commune string) map[string]any {
	return map[string]any{"commune_id": commune, "year": 2026, "source": "state", "item": "equipment", "planned_vnd": 30000000}
}

func visitFields(club string) map[string]any {
	return map[string]any{"club_id": club, "visited_on": "2026-02-20", "visitor_name": "Trần Văn Bình",
		"findings": "Sinh hoạt đều, sổ quỹ ghi đầy đủ"}
}

func commendationFields(commune string) map[string]any {
	return map[string]any{"commune_id": commune, "awarded_on": "2026-02-25", "recipient_kind": "person",
		"recipient_name": "Bà Nguyễn Thị Lan", "level": "commune", "occasion": "yearly"}
}

func equipmentFields(club string) map[string]any {
	return map[string]any{"club_id": club, "given_on": "2026-02-10", "item": "bp_monitor", "quantity": 1, "source": "state"}
}

// setf returns a copy of f with the given keys set (a nil value removes the key).
func setf(f map[string]any, kv ...any) map[string]any {
	out := make(map[string]any, len(f))
	for k, v := range f {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == nil {
			delete(out, kv[i].(string))
		} else {
			out[kv[i].(string)] = kv[i+1]
		}
	}
	return out
}

// TestPlanValidRows: an officer records one row of each; the pull gives every
// field back, null for the empty optional ones.
func TestPlanValidRows(t *testing.T) {
	e := newEnv(t)
	b, v, c, q := id(), id(), id(), id()
	e.mustApply("canbo",
		upsert("budget", b, setf(budgetFields(communeA), "spent_vnd", 28500000), e.hlc(0, "dev-canbo")),
		upsert("supervision_visit", v, setf(visitFields(club1), "recommendations", "Lập nhóm tăng thu nhập", "follow_up_on", "2026-05-20"), e.hlc(0, "dev-canbo")),
		upsert("commendation", c, commendationFields(communeA), e.hlc(0, "dev-canbo")),
		upsert("equipment", q, setf(equipmentFields(club1), "value_vnd", 850000), e.hlc(0, "dev-canbo")),
	)
	rows := e.pullAll(e.tok("canbo"))
	want := map[string][]string{
		b: {"commune_id", "year", "source", "item", "planned_vnd", "spent_vnd", "note"},
		v: {"club_id", "visited_on", "visitor_name", "findings", "recommendations", "follow_up_on"},
		c: {"commune_id", "awarded_on", "recipient_kind", "club_id", "village_id", "member_id", "recipient_name", "level", "occasion", "reason"},
		q: {"club_id", "given_on", "item", "quantity", "value_vnd", "source", "note", "voided_reason"},
	}
	for rid, fields := range want {
		r, ok := rows[rid]
		if !ok {
			t.Fatalf("row %s not pulled", rid)
		}
		var got []string
		for k := range r.Fields {
			got = append(got, k)
		}
		sort.Strings(got)
		w := append([]string(nil), fields...)
		sort.Strings(w)
		if strings.Join(got, ",") != strings.Join(w, ",") {
			t.Errorf("%s fields %v, want %v", r.Entity, got, w)
		}
	}
	if f := rows[b].Fields; f["spent_vnd"] != 28500000.0 || f["planned_vnd"] != 30000000.0 || f["note"] != nil {
		t.Errorf("budget %v", f)
	}
	if f := rows[v].Fields; f["follow_up_on"] != "2026-05-20" || f["recommendations"] != "Lập nhóm tăng thu nhập" {
		t.Errorf("visit %v", f)
	}
	if f := rows[c].Fields; f["club_id"] != nil || f["recipient_name"] != "Bà Nguyễn Thị Lan" {
		t.Errorf("commendation %v", f)
	}
	if f := rows[q].Fields; f["voided_reason"] != nil || f["quantity"] != 1.0 || f["value_vnd"] != 850000.0 {
		t.Errorf("equipment %v", f)
	}
}

// TestPlanRules: each rule between fields and range, on both sides of its
// boundary, as an officer's push answers it.
func TestPlanRules(t *testing.T) {
	e := newEnv(t)
	unknownVillage := id()
	tests := []struct {
		name, entity string
		fields       map[string]any
		want         string // "applied" or "code field"
	}{
		{"budget year 2000", "budget", setf(budgetFields(communeA), "year", 2000), "applied"},
		{"budget year 1999", "budget", setf(budgetFields(communeA), "year", 1999), "invalid_value year"},
		{"budget year 2100", "budget", setf(budgetFields(communeA), "year", 2100), "applied"},
		{"budget year 2101", "budget", setf(budgetFields(communeA), "year", 2101), "invalid_value year"},
		{"budget planned 0", "budget", setf(budgetFields(communeA), "planned_vnd", 0), "applied"},
		{"budget planned -1", "budget", setf(budgetFields(communeA), "planned_vnd", -1), "invalid_value planned_vnd"},
		{"budget spent 0", "budget", setf(budgetFields(communeA), "spent_vnd", 0), "applied"},
		{"budget spent -1", "budget", setf(budgetFields(communeA), "spent_vnd", -1), "invalid_value spent_vnd"},
		{"budget spent 10^12", "budget", setf(budgetFields(communeA), "spent_vnd", 1000000000000), "applied"},
		{"budget spent 10^12+1", "budget", setf(budgetFields(communeA), "spent_vnd", 1000000000001), "invalid_value spent_vnd"},
		{"budget source", "budget", setf(budgetFields(communeA), "source", "elderly_fund"), "applied"},
		{"budget source unknown", "budget", setf(budgetFields(communeA), "source", "Social"), "invalid_value source"},
		{"budget item reviews", "budget", setf(budgetFields(communeA), "item", "reviews"), "applied"},
		{"budget item unknown", "budget", setf(budgetFields(communeA), "item", "travel"), "invalid_value item"},
		{"budget without year", "budget", setf(budgetFields(communeA), "year", nil), "missing_field year"},
		{"budget without commune", "budget", setf(budgetFields(communeA), "commune_id", nil), "missing_field commune_id"},

		{"visit follow-up same day", "supervision_visit", setf(visitFields(club1), "follow_up_on", "2026-02-20"), "applied"},
		{"visit follow-up day before", "supervision_visit", setf(visitFields(club1), "follow_up_on", "2026-02-19"), "invalid_value follow_up_on"},
		{"visit without findings", "supervision_visit", setf(visitFields(club1), "findings", nil), "missing_field findings"},
		{"visit findings blank", "supervision_visit", setf(visitFields(club1), "findings", " \t"), "invalid_value findings"},
		{"visit findings 2000", "supervision_visit", setf(visitFields(club1), "findings", strings.Repeat("ệ", 2000)), "applied"},
		{"visit findings 2001", "supervision_visit", setf(visitFields(club1), "findings", strings.Repeat("ệ", 2001)), "invalid_value findings"},
		{"visit recommendations 2001", "supervision_visit", setf(visitFields(club1), "recommendations", strings.Repeat("a", 2001)), "invalid_value recommendations"},
		{"visit visitor 200", "supervision_visit", setf(visitFields(club1), "visitor_name", strings.Repeat("a", 200)), "applied"},
		{"visit visitor 201", "supervision_visit", setf(visitFields(club1), "visitor_name", strings.Repeat("a", 201)), "invalid_value visitor_name"},
		{"visit without visitor", "supervision_visit", setf(visitFields(club1), "visitor_name", nil), "missing_field visitor_name"},
		{"visit without club", "supervision_visit", setf(visitFields(club1), "club_id", nil), "missing_field club_id"},
		{"visit unknown club", "supervision_visit", setf(visitFields(club1), "club_id", id()), "out_of_scope "},

		{"club commendation", "commendation", setf(commendationFields(communeA), "recipient_kind", "club", "recipient_name", nil, "club_id", club1), "applied"},
		{"club commendation without club_id", "commendation", setf(commendationFields(communeA), "recipient_kind", "club", "recipient_name", nil), "missing_field club_id"},
		{"village commendation", "commendation", setf(commendationFields(communeA), "recipient_kind", "village", "recipient_name", nil, "village_id", villageA), "applied"},
		{"village commendation, village not yet held", "commendation", setf(commendationFields(communeA), "recipient_kind", "village", "village_id", unknownVillage), "applied"},
		{"village commendation without village_id", "commendation", setf(commendationFields(communeA), "recipient_kind", "village", "recipient_name", nil), "missing_field village_id"},
		{"member commendation", "commendation", setf(commendationFields(communeA), "recipient_kind", "member", "recipient_name", nil, "member_id", member1, "club_id", club1), "applied"},
		{"member commendation without member_id", "commendation", setf(commendationFields(communeA), "recipient_kind", "member", "recipient_name", nil, "club_id", club1), "missing_field member_id"},
		{"member commendation without club_id", "commendation", setf(commendationFields(communeA), "recipient_kind", "member", "recipient_name", nil, "member_id", member1), "missing_field club_id"},
		{"person commendation", "commendation", commendationFields(communeA), "applied"},
		{"person commendation without name", "commendation", setf(commendationFields(communeA), "recipient_name", nil), "missing_field recipient_name"},
		{"organisation commendation", "commendation", setf(commendationFields(communeA), "recipient_kind", "organisation", "recipient_name", "Hội Phụ nữ xã"), "applied"},
		{"organisation commendation with empty name", "commendation", setf(commendationFields(communeA), "recipient_kind", "organisation", "recipient_name", ""), "missing_field recipient_name"},
		{"commendation without occasion", "commendation", setf(commendationFields(communeA), "occasion", nil), "applied"},
		{"commendation occasion final", "commendation", setf(commendationFields(communeA), "occasion", "final_2035"), "applied"},
		{"commendation occasion unknown", "commendation", setf(commendationFields(communeA), "occasion", "final"), "invalid_value occasion"},
		{"commendation level national", "commendation", setf(commendationFields(communeA), "level", "national"), "applied"},
		{"commendation level unknown", "commendation", setf(commendationFields(communeA), "level", "ward"), "invalid_value level"},
		{"commendation recipient kind unknown", "commendation", setf(commendationFields(communeA), "recipient_kind", "family"), "invalid_value recipient_kind"},
		{"commendation club of another commune", "commendation", setf(commendationFields(communeA), "recipient_kind", "club", "club_id", club3), "invalid_value club_id"},
		{"commendation village of another commune", "commendation", setf(commendationFields(communeA), "recipient_kind", "village", "village_id", villageB), "invalid_value village_id"},
		{"commendation without level", "commendation", setf(commendationFields(communeA), "level", nil), "missing_field level"},

		{"equipment quantity 1", "equipment", setf(equipmentFields(club1), "quantity", 1), "applied"},
		{"equipment quantity 0", "equipment", setf(equipmentFields(club1), "quantity", 0), "invalid_value quantity"},
		{"equipment quantity 1000", "equipment", setf(equipmentFields(club1), "quantity", 1000), "applied"},
		{"equipment quantity 1001", "equipment", setf(equipmentFields(club1), "quantity", 1001), "invalid_value quantity"},
		{"equipment quantity 2.5", "equipment", setf(equipmentFields(club1), "quantity", 2.5), "invalid_value quantity"},
		{"equipment value 0", "equipment", setf(equipmentFields(club1), "value_vnd", 0), "applied"},
		{"equipment value -1", "equipment", setf(equipmentFields(club1), "value_vnd", -1), "invalid_value value_vnd"},
		{"equipment source social", "equipment", setf(equipmentFields(club1), "source", "social"), "applied"},
		{"equipment source unknown", "equipment", setf(equipmentFields(club1), "source", "donor"), "invalid_value source"},
		{"equipment item unknown", "equipment", setf(equipmentFields(club1), "item", "radio"), "invalid_value item"},
		{"equipment without given_on", "equipment", setf(equipmentFields(club1), "given_on", nil), "missing_field given_on"},
		{"equipment given on 31 April", "equipment", setf(equipmentFields(club1), "given_on", "2026-04-31"), "invalid_value given_on"},
	}
	cs := make([]ch, len(tests))
	for i, tc := range tests {
		cs[i] = upsert(tc.entity, id(), tc.fields, e.hlc(0, "dev-canbo"))
	}
	// One push: a rejected change never blocks the good ones.
	res := e.pushAs("canbo", cs...)
	for i, tc := range tests {
		got := res[i].Status
		if res[i].Error != nil {
			got = res[i].Error.Code + " " + res[i].Error.Field
		}
		if got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
	// An admin is held to the same rules between fields.
	res = e.pushAs("admin",
		upsert("commendation", id(), setf(commendationFields(communeA), "recipient_kind", "club", "club_id", club3), e.hlc(0, "dev-admin")),
		upsert("commendation", id(), setf(commendationFields(communeB), "recipient_kind", "club", "club_id", club3), e.hlc(0, "dev-admin")),
		upsert("commendation", id(), setf(commendationFields(communeB), "recipient_kind", "village", "village_id", villageA), e.hlc(0, "dev-admin")),
		upsert("commendation", id(), setf(commendationFields(communeB), "recipient_kind", "village", "village_id", villageB), e.hlc(0, "dev-admin")),
	)
	for i, want := range []string{"rejected invalid_value club_id", "applied", "rejected invalid_value village_id", "applied"} {
		if got := strings.TrimSpace(res[i].String()); got != want {
			t.Errorf("admin commendation %d: %s, want %s", i, got, want)
		}
	}
}

// TestPlanFixedAndPartial: club_id and commune_id are fixed at creation; a
// later partial update that breaks follow_up_on ≥ visited_on is accepted and
// listed in review.
func TestPlanFixedAndPartial(t *testing.T) {
	e := newEnv(t)
	b, v, c, c2 := id(), id(), id(), id()
	e.mustApply("admin",
		upsert("budget", b, budgetFields(communeA), e.hlc(0, "dev-admin")),
		upsert("supervision_visit", v, setf(visitFields(club1), "follow_up_on", "2026-03-20"), e.hlc(0, "dev-admin")),
		upsert("commendation", c, commendationFields(communeA), e.hlc(0, "dev-admin")),
		upsert("commendation", c2, setf(commendationFields(communeA), "recipient_kind", "village", "village_id", villageA), e.hlc(0, "dev-admin")),
	)
	e.clk.Advance(time.Second)
	res := e.pushAs("admin",
		upsert("budget", b, map[string]any{"commune_id": communeB}, e.hlc(0, "dev-admin")),
		upsert("budget", b, map[string]any{"commune_id": communeA, "spent_vnd": 12000000}, e.hlc(0, "dev-admin")),
		upsert("supervision_visit", v, map[string]any{"club_id": club2}, e.hlc(0, "dev-admin")),
		upsert("commendation", c, map[string]any{"club_id": club1}, e.hlc(0, "dev-admin")),
		upsert("commendation", c, map[string]any{"commune_id": communeB}, e.hlc(0, "dev-admin")),
		upsert("commendation", c2, map[string]any{"village_id": id()}, e.hlc(0, "dev-admin")),
		upsert("supervision_visit", v, map[string]any{"visited_on": "2026-04-01"}, e.hlc(0, "dev-admin")),
		upsert("commendation", c, map[string]any{"recipient_kind": "village"}, e.hlc(0, "dev-admin")),
	)
	want := []string{"rejected immutable commune_id", "applied", "rejected immutable club_id", "rejected immutable club_id",
		"rejected immutable commune_id", "applied", "applied", "applied"}
	for i, w := range want {
		if got := strings.TrimSpace(res[i].String()); got != w {
			t.Errorf("change %d: %s, want %s", i, got, w)
		}
	}
	if !has(e.review("canbo", ""), "rule_broken", v) {
		t.Errorf("a visit whose follow-up is now before the visit is not in review: %+v", e.review("canbo", ""))
	}
	if !has(e.review("canbo", ""), "rule_broken", c) {
		t.Errorf("a village commendation without village_id is not in review: %+v", e.review("canbo", ""))
	}
	if has(e.review("canbo", ""), "rule_broken", c2) {
		t.Error("a complete commendation is listed as broken")
	}
	if has(e.review("bcn2", ""), "rule_broken", v) {
		t.Error("another club's board sees the visit in review")
	}
}

// TestPlanRoles: who may write each of the four (CONTRACT.md's table).
func TestPlanRoles(t *testing.T) {
	e := newEnv(t)
	// Rows that already exist, for updates and deletes.
	bA, bB, vA, vB, cA, qA := id(), id(), id(), id(), id(), id()
	e.mustApply("admin",
		upsert("budget", bA, budgetFields(communeA), e.hlc(-time.Minute, "dev-admin")),
		upsert("budget", bB, budgetFields(communeB), e.hlc(-time.Minute, "dev-admin")),
		upsert("supervision_visit", vA, visitFields(club1), e.hlc(-time.Minute, "dev-admin")),
		upsert("supervision_visit", vB, visitFields(club3), e.hlc(-time.Minute, "dev-admin")),
		upsert("commendation", cA, commendationFields(communeA), e.hlc(-time.Minute, "dev-admin")),
		upsert("equipment", qA, equipmentFields(club1), e.hlc(-time.Minute, "dev-admin")),
	)
	type attempt struct {
		name string
		c    func(dev string) ch
	}
	attempts := []attempt{
		{"new budget A", func(d string) ch { return upsert("budget", id(), budgetFields(communeA), e.hlc(0, d)) }},
		{"new budget B", func(d string) ch { return upsert("budget", id(), budgetFields(communeB), e.hlc(0, d)) }},
		{"update budget A", func(d string) ch {
			return upsert("budget", bA, map[string]any{"spent_vnd": 1000000}, e.hlc(0, d))
		}},
		{"update budget B", func(d string) ch {
			return upsert("budget", bB, map[string]any{"spent_vnd": 1000000}, e.hlc(0, d))
		}},
		{"new visit club1", func(d string) ch { return upsert("supervision_visit", id(), visitFields(club1), e.hlc(0, d)) }},
		{"new visit club3", func(d string) ch { return upsert("supervision_visit", id(), visitFields(club3), e.hlc(0, d)) }},
		{"update visit club1", func(d string) ch {
			return upsert("supervision_visit", vA, map[string]any{"recommendations": "Ghi sổ đều hơn"}, e.hlc(0, d))
		}},
		{"update visit club3", func(d string) ch {
			return upsert("supervision_visit", vB, map[string]any{"recommendations": "Ghi sổ đều hơn"}, e.hlc(0, d))
		}},
		{"new commendation A", func(d string) ch { return upsert("commendation", id(), commendationFields(communeA), e.hlc(0, d)) }},
		{"new commendation B", func(d string) ch { return upsert("commendation", id(), commendationFields(communeB), e.hlc(0, d)) }},
		{"update commendation A", func(d string) ch {
			return upsert("commendation", cA, map[string]any{"reason": "Gương mẫu"}, e.hlc(0, d))
		}},
		{"new equipment club1", func(d string) ch { return upsert("equipment", id(), equipmentFields(club1), e.hlc(0, d)) }},
		{"new equipment club3", func(d string) ch { return upsert("equipment", id(), equipmentFields(club3), e.hlc(0, d)) }},
		{"void equipment club1", func(d string) ch {
			return upsert("equipment", qA, map[string]any{"voided_reason": "Ghi nhầm " + d}, e.hlc(0, d))
		}},
	}
	const ok, oos = "applied", "rejected out_of_scope"
	tests := []struct {
		user string
		want []string // one per attempt
	}{
		{"bcn1", []string{oos, oos, oos, oos, oos, oos, oos, oos, oos, oos, oos, oos, oos, oos}},
		{"ytexa", []string{oos, oos, oos, oos, oos, oos, oos, oos, oos, oos, oos, oos, oos, oos}},
		{"canbob", []string{oos, ok, oos, ok, oos, ok, oos, ok, oos, ok, oos, oos, ok, oos}},
		{"canbo", []string{ok, oos, ok, oos, ok, oos, ok, oos, ok, oos, ok, ok, oos, ok}},
		{"admin", []string{ok, ok, ok, ok, ok, ok, ok, ok, ok, ok, ok, ok, ok, ok}},
	}
	for _, tc := range tests {
		e.clk.Advance(time.Second)
		cs := make([]ch, len(attempts))
		for i, a := range attempts {
			cs[i] = a.c("dev-" + tc.user)
		}
		res := e.pushAs(tc.user, cs...)
		for i, a := range attempts {
			if got := strings.TrimSpace(res[i].String()); got != tc.want[i] {
				t.Errorf("%s %s: %s, want %s", tc.user, a.name, got, tc.want[i])
			}
		}
	}
	// Deletes: lww rows by those who write them; a ledger row never.
	e.clk.Advance(time.Second)
	res := e.pushAs("bcn1", del("supervision_visit", vA, e.hlc(0, "dev-bcn1")))
	if strings.TrimSpace(res[0].String()) != oos {
		t.Errorf("board deletes a visit: %s", res[0])
	}
	res = e.pushAs("canbo", del("supervision_visit", vA, e.hlc(0, "dev-canbo")), del("budget", bA, e.hlc(0, "dev-canbo")),
		del("commendation", cA, e.hlc(0, "dev-canbo")), del("equipment", qA, e.hlc(0, "dev-canbo")), del("budget", bB, e.hlc(0, "dev-canbo")))
	for i, want := range []string{ok, ok, ok, "rejected immutable", oos} {
		if got := strings.TrimSpace(res[i].String()); got != want {
			t.Errorf("officer delete %d: %s, want %s", i, got, want)
		}
	}
}

// TestPlanPull: each role pulls exactly the rows of CONTRACT.md's table.
func TestPlanPull(t *testing.T) {
	e := newEnv(t)
	w := map[string]string{}
	var cs []ch
	add := func(key, entity string, fields map[string]any) {
		w[key] = id()
		cs = append(cs, upsert(entity, w[key], fields, e.hlc(0, "dev-admin")))
	}
	for k, c := range map[string]string{"A": communeA, "B": communeB} {
		add("budget/"+k, "budget", budgetFields(c))
		add("commendation/"+k, "commendation", commendationFields(c))
	}
	add("commendation/A-club2", "commendation", setf(commendationFields(communeA), "recipient_kind", "club", "club_id", club2))
	for k, c := range map[string]string{"1": club1, "2": club2, "3": club3} {
		add("supervision_visit/"+k, "supervision_visit", setf(visitFields(c), "recommendations", "Khuyến nghị "+k))
		add("equipment/"+k, "equipment", equipmentFields(c))
	}
	e.mustApply("admin", cs...)
	tests := []struct {
		user string
		want []string
	}{
		{"admin", []string{"budget/A", "budget/B", "commendation/A", "commendation/B", "commendation/A-club2",
			"supervision_visit/1", "supervision_visit/2", "supervision_visit/3", "equipment/1", "equipment/2", "equipment/3"}},
		{"canbo", []string{"budget/A", "commendation/A", "commendation/A-club2", "supervision_visit/1", "supervision_visit/2", "equipment/1", "equipment/2"}},
		{"canbob", []string{"budget/B", "commendation/B", "supervision_visit/3", "equipment/3"}},
		// A board: its clubs' visits and equipment, its commune's commendations, no budget.
		{"bcn1", []string{"commendation/A", "commendation/A-club2", "supervision_visit/1", "equipment/1"}},
		{"bcn2", []string{"commendation/A", "commendation/A-club2", "supervision_visit/2", "equipment/2"}},
		{"bcn3", []string{"commendation/B", "supervision_visit/3", "equipment/3"}},
		{"ytexa", nil},
	}
	byID := map[string]string{}
	for k, v := range w {
		byID[v] = k
	}
	for _, tc := range tests {
		t.Run(tc.user, func(t *testing.T) {
			var got []string
			for rid, r := range e.pullAll(e.tok(tc.user)) {
				if k, ok := byID[rid]; ok {
					got = append(got, k)
					if tc.user == "bcn1" && r.Entity == "supervision_visit" && r.Fields["recommendations"] != "Khuyến nghị 1" {
						t.Errorf("board's visit without its recommendations: %v", r.Fields)
					}
				}
			}
			sort.Strings(got)
			want := append([]string(nil), tc.want...)
			sort.Strings(want)
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("pulled\n  %v\nwant\n  %v", got, want)
			}
		})
	}
	// A later change shows up in the next pull from the board's cursor.
	a, _ := e.pull(e.tok("bcn1"), "", 1000)
	e.clk.Advance(time.Second)
	e.mustApply("canbo", upsert("supervision_visit", w["supervision_visit/1"], map[string]any{"follow_up_on": "2026-06-01"}, e.hlc(0, "dev-canbo")),
		upsert("budget", w["budget/A"], map[string]any{"spent_vnd": 5000000}, e.hlc(0, "dev-canbo")))
	next, r := e.pull(e.tok("bcn1"), a.Cursor, 1000)
	if r.status != 200 || len(next.Rows) != 1 || next.Rows[0].RowID != w["supervision_visit/1"] || next.Rows[0].Fields["follow_up_on"] != "2026-06-01" {
		t.Errorf("board's next pull %s", r)
	}
}

// TestEquipmentVoided: equipment is a ledger: written once, voided with a
// reason, never edited or deleted; the void reaches the board.
func TestEquipmentVoided(t *testing.T) {
	e := newEnv(t)
	q := id()
	first := upsert("equipment", q, setf(equipmentFields(club1), "value_vnd", 850000), e.hlc(0, "dev-canbo"))
	e.mustApply("canbo", first)
	e.clk.Advance(time.Second)
	again := setf(equipmentFields(club1), "value_vnd", 850000)
	res := e.pushAs("canbo",
		upsert("equipment", q, again, e.hlc(0, "dev-canbo")),                                                // identical: superseded
		upsert("equipment", q, map[string]any{"quantity": 2}, e.hlc(0, "dev-canbo")),                        // an edit
		upsert("equipment", q, map[string]any{"voided_reason": nil}, e.hlc(0, "dev-canbo")),                 // not voided yet: nothing to undo
		upsert("equipment", q, map[string]any{"voided_reason": "Ghi nhầm số lượng"}, e.hlc(0, "dev-canbo")), // the void
		upsert("equipment", q, map[string]any{"voided_reason": nil}, e.hlc(0, "dev-canbo")),                 // undo a void
		upsert("equipment", q, map[string]any{"voided_reason": "Cũ hơn"}, e.hlc(-time.Minute, "dev-canbo")), // an older void
		upsert("equipment", q, map[string]any{"voided_reason": "Cấp nhầm câu lạc bộ"}, e.hlc(time.Second, "dev-canbo")),
		del("equipment", q, e.hlc(0, "dev-canbo")),
	)
	want := []string{"superseded", "rejected immutable quantity", "superseded", "applied", "rejected immutable voided_reason",
		"superseded", "applied", "rejected immutable"}
	for i, w := range want {
		if got := strings.TrimSpace(res[i].String()); got != w {
			t.Errorf("change %d: %q, want %q", i, got, w)
		}
	}
	for _, user := range []string{"canbo", "bcn1"} {
		r, ok := e.pullAll(e.tok(user))[q]
		if !ok || r.Deleted || r.Fields["voided_reason"] != "Cấp nhầm câu lạc bộ" || r.Fields["quantity"] != 1.0 {
			t.Errorf("%s pulls the voided row as %+v", user, r)
		}
	}
}

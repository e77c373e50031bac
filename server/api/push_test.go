package api_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"
)

// with returns a copy of m with the changes applied (nil deletes a key).
func with(m map[string]any, kv ...any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	for i := 0; i < len(kv); i += 2 {
		k := kv[i].(string)
		if kv[i+1] == "<absent>" {
			delete(out, k)
		} else {
			out[k] = kv[i+1]
		}
	}
	return out
}

func set(c ch, kv ...any) ch {
	out := ch{}
	for k, v := range c {
		out[k] = v
	}
	for i := 0; i < len(kv); i += 2 {
		if kv[i+1] == "<absent>" {
			delete(out, kv[i].(string))
		} else {
			out[kv[i].(string)] = kv[i+1]
		}
	}
	return out
}

func wantResult(t *testing.T, got result, status, code, field string) {
	t.Helper()
	if got.Status != status {
		t.Errorf("status %s, want %s %s %s", got, status, code, field)
		return
	}
	if code == "" {
		return
	}
	if got.Error == nil || got.Error.Code != code || (field != "" && got.Error.Field != field) || got.Error.Message == "" {
		t.Errorf("got %s, want %s %s field %q", got, status, code, field)
	}
}

// TestPushCheckOrder: per change, the first failing check of CONTRACT.md's
// list (1..10) decides the code. Each case breaks two checks at once and
// expects the earlier one.
func TestPushCheckOrder(t *testing.T) {
	e := newEnv(t)
	h := func() string { return e.hlc(0, "phone") }
	loggedID := id()
	e.pushAs("bcn1", ch{"id": loggedID, "entity": "member", "row_id": id(), "op": "upsert", "fields": memberFields(club1), "hlc": h()})
	ahead := e.hlc(10*time.Minute+time.Millisecond, "phone")
	newMember := func() ch { return upsert("member", id(), memberFields(club1), h()) }

	tests := []struct {
		name, user          string
		c                   ch
		status, code, field string
	}{
		// 1. id
		{"1 id missing", "bcn1", set(newMember(), "id", "<absent>"), "rejected", "invalid_value", "id"},
		{"1 id not a UUID", "bcn1", set(newMember(), "id", "abc"), "rejected", "invalid_value", "id"},
		{"1 id upper-case", "bcn1", set(newMember(), "id", strings.ToUpper(id())), "rejected", "invalid_value", "id"},
		{"1 id without dashes", "bcn1", set(newMember(), "id", strings.ReplaceAll(id(), "-", "")), "rejected", "invalid_value", "id"},
		{"1 id a number", "bcn1", set(newMember(), "id", 5), "rejected", "invalid_value", "id"},
		{"1 before 2", "bcn1", set(newMember(), "id", "x", "entity", "nope"), "rejected", "invalid_value", "id"},
		// 2. entity
		{"2 entity unknown", "bcn1", set(newMember(), "entity", "nope"), "rejected", "unknown_entity", ""},
		{"2 entity case-sensitive", "bcn1", set(newMember(), "entity", "Member"), "rejected", "unknown_entity", ""},
		{"2 before 3", "bcn1", set(newMember(), "entity", "nope", "op", "x"), "rejected", "unknown_entity", ""},
		// 3. op, row_id
		{"3 op unknown", "bcn1", set(newMember(), "op", "insert"), "rejected", "invalid_value", "op"},
		{"3 op before row_id", "bcn1", set(newMember(), "op", "x", "row_id", "x"), "rejected", "invalid_value", "op"},
		{"3 row_id not a UUID", "bcn1", set(newMember(), "row_id", "x"), "rejected", "invalid_value", "row_id"},
		{"3 row_id upper-case", "bcn1", set(newMember(), "row_id", strings.ToUpper(id())), "rejected", "invalid_value", "row_id"},
		{"3 row_id held under another entity", "admin", upsert("village", club1, map[string]any{"name": "x"}, h()), "rejected", "invalid_value", "row_id"},
		{"3 row_id before hlc", "bcn1", set(newMember(), "row_id", "x", "hlc", "x"), "rejected", "invalid_value", "row_id"},
		// 4. hlc, clock_ahead
		{"4 hlc syntax", "bcn1", set(newMember(), "hlc", "2026-03-02T03:00:00Z"), "rejected", "invalid_value", "hlc"},
		{"4 hlc upper-case counter", "bcn1", set(newMember(), "hlc", "1772420400000-00AB-phone"), "rejected", "invalid_value", "hlc"},
		{"4 hlc 12 digits", "bcn1", set(newMember(), "hlc", "177242040000-0001-phone"), "rejected", "invalid_value", "hlc"},
		{"4 hlc device upper-case", "bcn1", set(newMember(), "hlc", "1772420400000-0001-Phone"), "rejected", "invalid_value", "hlc"},
		{"4 hlc device too long", "bcn1", set(newMember(), "hlc", "1772420400000-0001-"+strings.Repeat("a", 65)), "rejected", "invalid_value", "hlc"},
		{"4 hlc missing", "bcn1", set(newMember(), "hlc", "<absent>"), "rejected", "invalid_value", "hlc"},
		{"4 hlc before duplicate", "bcn1", set(newMember(), "id", loggedID, "hlc", "x"), "rejected", "invalid_value", "hlc"},
		{"4 clock_ahead", "bcn1", set(newMember(), "hlc", ahead), "rejected", "clock_ahead", ""},
		{"4 clock_ahead before duplicate", "bcn1", set(newMember(), "id", loggedID, "hlc", ahead), "rejected", "clock_ahead", ""},
		{"4 exactly 10 minutes ahead is fine", "bcn1", set(newMember(), "hlc", e.hlc(10*time.Minute, "phone")), "applied", "", ""},
		{"4 a clock far behind is fine", "bcn1", set(newMember(), "hlc", "0000000000001-0000-phone"), "applied", "", ""},
		// 5. duplicate
		{"5 duplicate", "bcn1", set(newMember(), "id", loggedID), "duplicate", "", ""},
		{"5 duplicate before fields", "bcn1", set(newMember(), "id", loggedID, "fields", "x"), "duplicate", "", ""},
		{"5 duplicate from another user, content not compared", "canbo", upsert("village", id(), map[string]any{"x": 1}, h()).with("id", loggedID), "duplicate", "", ""},
		// 6. fields
		{"6 fields not an object", "bcn1", set(newMember(), "fields", []any{}), "rejected", "invalid_value", "fields"},
		{"6 fields a string", "bcn1", set(newMember(), "fields", "x"), "rejected", "invalid_value", "fields"},
		{"6 fields missing", "bcn1", set(newMember(), "fields", "<absent>"), "rejected", "invalid_value", "fields"},
		{"6 fields null on upsert", "bcn1", set(newMember(), "fields", nil), "rejected", "invalid_value", "fields"},
		{"6 unknown field", "bcn1", upsert("member", id(), with(memberFields(club1), "nick", "x"), h()), "rejected", "unknown_field", "nick"},
		{"6 id is not a field", "bcn1", upsert("member", id(), with(memberFields(club1), "id", id()), h()), "rejected", "unknown_field", "id"},
		{"6 deleted is not a field", "bcn1", upsert("member", id(), with(memberFields(club1), "deleted", false), h()), "rejected", "unknown_field", "deleted"},
		{"6 unknown field before bad value", "bcn1", upsert("member", id(), with(memberFields(club1), "nick", "x", "sex", "x"), h()), "rejected", "unknown_field", "nick"},
		// 7. values, in entities.json order
		{"7 bad code", "bcn1", upsert("member", id(), with(memberFields(club1), "sex", "Female"), h()), "rejected", "invalid_value", "sex"},
		{"7 first failing field in entities.json order", "bcn1", upsert("member", id(), with(memberFields(club1), "birth_year", 1800, "sex", "x", "board_role", "x"), h()), "rejected", "invalid_value", "sex"},
		{"7 bad value before scope", "bcn1", upsert("member", id(), with(memberFields(club2), "birth_year", 1800), h()), "rejected", "invalid_value", "birth_year"},
		{"7 bad value before missing field", "bcn1", upsert("member", id(), map[string]any{"club_id": club1, "birth_year": "1950"}, h()), "rejected", "invalid_value", "birth_year"},
		// 8. scope
		{"8 out of scope", "bcn1", upsert("member", id(), memberFields(club2), h()), "rejected", "out_of_scope", ""},
		{"8 out of scope before missing field", "bcn1", upsert("member", id(), map[string]any{"club_id": club2}, h()), "rejected", "out_of_scope", ""},
		{"8 out of scope before immutable (existing row of another club)", "bcn1", upsert("member", member2, map[string]any{"club_id": club1}, h()), "rejected", "out_of_scope", ""},
		{"8 a carried club_id out of scope before immutable", "bcn1", upsert("member", member1, map[string]any{"club_id": club2}, h()), "rejected", "out_of_scope", ""},
		{"8 club_id of a club the server does not hold", "admin", upsert("member", id(), memberFields(id()), h()), "rejected", "out_of_scope", ""},
		{"8 delete of another club's row", "bcn1", del("member", member2, h()), "rejected", "out_of_scope", ""},
		// 9. immutable
		{"9 fixed field", "admin", upsert("member", member1, map[string]any{"club_id": club2}, h()), "rejected", "immutable", "club_id"},
		{"9 fixed field, same value is fine", "admin", upsert("member", member1, map[string]any{"club_id": club1, "phone": "0987654321"}, h()), "applied", "", ""},
		{"9 village_id of a club", "admin", upsert("club", club1, map[string]any{"village_id": villageB}, h()), "rejected", "immutable", "village_id"},
		{"9 commune_id of a village", "admin", upsert("village", villageA, map[string]any{"commune_id": communeB}, h()), "rejected", "immutable", "commune_id"},
		// 10. required fields, unknown rows
		{"10 first upsert without a required field", "bcn1", upsert("member", id(), with(memberFields(club1), "poverty", "<absent>"), h()), "rejected", "missing_field", "poverty"},
		{"10 first upsert without the field that places it", "bcn1", upsert("member", id(), with(memberFields(club1), "club_id", "<absent>"), h()), "rejected", "missing_field", "club_id"},
		{"10 null on a required field is invalid_value", "bcn1", upsert("member", id(), with(memberFields(club1), "poverty", nil), h()), "rejected", "invalid_value", "poverty"},
		{"10 delete of a row the server does not hold", "bcn1", del("member", id(), h()), "rejected", "not_found", ""},
		{"10 a later partial update needs no required field", "bcn1", upsert("member", member1, map[string]any{"phone": nil}, h()), "applied", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := e.pushAs(tc.user, tc.c)
			wantResult(t, res[0], tc.status, tc.code, tc.field)
		})
	}
}

func (c ch) with(kv ...any) ch { return set(c, kv...) }

// TestRejectedNotLogged: a rejected change may be sent again, fixed, under
// the same id.
func TestRejectedNotLogged(t *testing.T) {
	e := newEnv(t)
	c := upsert("member", id(), with(memberFields(club1), "birth_year", 1800), e.hlc(0, "p"))
	wantResult(t, e.pushAs("bcn1", c)[0], "rejected", "invalid_value", "birth_year")
	c["fields"] = memberFields(club1)
	wantResult(t, e.pushAs("bcn1", c)[0], "applied", "", "")
	wantResult(t, e.pushAs("bcn1", c)[0], "duplicate", "", "")
	// clock_ahead: re-stamped with the same id, then accepted.
	c2 := upsert("member", id(), memberFields(club1), e.hlc(time.Hour, "p"))
	wantResult(t, e.pushAs("bcn1", c2)[0], "rejected", "clock_ahead", "")
	c2["hlc"] = e.hlc(0, "p")
	wantResult(t, e.pushAs("bcn1", c2)[0], "applied", "", "")
}

// TestDuplicate: replayed changes, in another push, from another user, and
// within one push.
func TestDuplicate(t *testing.T) {
	e := newEnv(t)
	row := id()
	c := upsert("member", row, memberFields(club1), e.hlc(0, "p"))
	res := e.pushAs("bcn1", c, c)
	wantResult(t, res[0], "applied", "", "")
	wantResult(t, res[1], "duplicate", "", "")
	wantResult(t, e.pushAs("canbo", c)[0], "duplicate", "", "")
	// A duplicate does nothing even with other content.
	c2 := set(c, "fields", map[string]any{"full_name": "Khác"}, "hlc", e.hlc(time.Second, "p"))
	wantResult(t, e.pushAs("bcn1", c2)[0], "duplicate", "", "")
	if got := e.pullAll(e.tok("admin"))[row].Fields["full_name"]; got != "Phạm Thị Năm" {
		t.Errorf("full_name %v after a duplicate", got)
	}
	// A superseded change is logged too: its replay is a duplicate.
	old := upsert("member", row, map[string]any{"full_name": "Cũ"}, e.hlc(-time.Hour, "p"))
	wantResult(t, e.pushAs("bcn1", old)[0], "superseded", "", "")
	wantResult(t, e.pushAs("bcn1", old)[0], "duplicate", "", "")
}

// TestValues: ENTITIES.md's types.
func TestValues(t *testing.T) {
	e := newEnv(t)
	m := memberFields(club1)
	meeting := map[string]any{"club_id": club1, "held_on": "2026-01-15", "areas": []any{"health"}}
	tests := []struct {
		name, entity string
		fields       map[string]any
		code, field  string // code "" = applied
	}{
		{"integer 1.95e3", "member", with(m, "birth_year", 1.95e3), "", ""},
		{"integer as float literal", "member", with(m, "birth_year", json.RawMessage("1950.0")), "", ""},
		{"integer as exponent literal", "member", with(m, "birth_year", json.RawMessage("195e1")), "", ""},
		{"integer as a string", "member", with(m, "birth_year", "1950"), "invalid_value", "birth_year"},
		{"integer with a fraction", "member", with(m, "birth_year", 1950.5), "invalid_value", "birth_year"},
		{"birth_year this year (2026) ok", "member", with(m, "birth_year", 2026), "", ""},
		{"birth_year next year", "member", with(m, "birth_year", 2027), "invalid_value", "birth_year"},
		{"birth_year 1899", "member", with(m, "birth_year", 1899), "invalid_value", "birth_year"},
		{"bool as a string", "member", with(m, "loan_need", "true"), "invalid_value", "loan_need"},
		{"bool as 1", "member", with(m, "loan_need", 1), "invalid_value", "loan_need"},
		{"date not a calendar day", "member", with(m, "joined_on", "2025-02-29"), "invalid_value", "joined_on"},
		{"date leap day", "member", with(m, "joined_on", "2024-02-29"), "", ""},
		{"date form", "member", with(m, "joined_on", "2025-1-10"), "invalid_value", "joined_on"},
		{"date with time", "member", with(m, "joined_on", "2025-01-10T00:00:00Z"), "invalid_value", "joined_on"},
		{"date before 1900", "member", with(m, "joined_on", "1899-12-31", "left_on", nil), "invalid_value", "joined_on"},
		{"date after 2100", "member", with(m, "left_on", "2101-01-01"), "invalid_value", "left_on"},
		{"code case-sensitive", "member", with(m, "poverty", "Poor"), "invalid_value", "poverty"},
		{"text empty after trimming", "member", with(m, "full_name", " \t\u00a0 "), "invalid_value", "full_name"},
		{"text with NUL", "member", with(m, "full_name", "A\u0000B"), "invalid_value", "full_name"},
		{"text with a control character", "member", with(m, "full_name", "A\u0007B"), "invalid_value", "full_name"},
		{"name of 201 characters", "member", with(m, "full_name", strings.Repeat("ă", 201)), "invalid_value", "full_name"},
		{"name of 200 characters", "member", with(m, "full_name", strings.Repeat("ă", 200)), "", ""},
		{"note with tab and newline", "meeting", with(meeting, "note", "a\tb\nc"), "", ""},
		{"note of 2001 characters", "meeting", with(meeting, "note", strings.Repeat("x", 2001)), "invalid_value", "note"},
		{"phone letters", "member", with(m, "phone", "09123abc45"), "invalid_value", "phone"},
		{"phone 7 digits", "member", with(m, "phone", "0912345"), "invalid_value", "phone"},
		{"phone with +", "member", with(m, "phone", "+84912345678"), "", ""},
		{"phone 16 digits", "member", with(m, "phone", "1234567890123456"), "invalid_value", "phone"},
		{"ref not a UUID", "member", with(m, "village_id", "thon-1"), "invalid_value", "village_id"},
		{"null clears an optional field", "member", with(m, "phone", nil), "", ""},
		{"list with a repeat", "meeting", with(meeting, "areas", []any{"health", "health"}), "invalid_value", "areas"},
		{"areas empty", "meeting", with(meeting, "areas", []any{}), "invalid_value", "areas"},
		{"topics empty is fine", "meeting", with(meeting, "topics", []any{}), "", ""},
		{"list with an unknown code", "meeting", with(meeting, "areas", []any{"sports"}), "invalid_value", "areas"},
		{"list not a list", "meeting", with(meeting, "areas", "health"), "invalid_value", "areas"},
		{"money too big", "loan", with(loanFields(club1, member1), "principal_vnd", 1000000000001), "invalid_value", "principal_vnd"},
		{"principal 0", "loan", with(loanFields(club1, member1), "principal_vnd", 0), "invalid_value", "principal_vnd"},
		{"rate above 1.66", "loan", with(loanFields(club1, member1), "monthly_rate_pct", 1.67), "invalid_value", "monthly_rate_pct"},
		{"rate 0 allowed", "loan", with(loanFields(club1, member1), "monthly_rate_pct", 0), "", ""},
		{"term 61", "loan", with(loanFields(club1, member1), "term_months", 61), "invalid_value", "term_months"},
		{"systolic 281", "health_check", with(healthFields(club1, member1, "club"), "systolic", 281), "invalid_value", "systolic"},
		// Rules between fields on a first upsert.
		{"left_on before joined_on", "member", with(m, "left_on", "2025-01-09"), "invalid_value", "left_on"},
		{"left_on on joined_on", "member", with(m, "left_on", "2025-01-10"), "", ""},
		{"dissolved_on on founded_on", "club", map[string]any{"commune_id": communeA, "village_id": villageA, "name": "CLB", "founded_on": "2025-01-01", "dissolved_on": "2025-01-01"}, "invalid_value", "dissolved_on"},
		{"due_on on disbursed_on", "loan", with(loanFields(club1, member1), "due_on", "2025-07-01"), "invalid_value", "due_on"},
		{"diastolic equal to systolic", "health_check", with(healthFields(club1, member1, "club"), "diastolic", 130), "invalid_value", "diastolic"},
		{"repayment of nothing", "repayment", map[string]any{"club_id": club1, "loan_id": id(), "paid_on": "2026-01-01", "principal_vnd": 0, "interest_vnd": 0}, "invalid_value", ""},
		{"repayment of interest only", "repayment", map[string]any{"club_id": club1, "loan_id": id(), "paid_on": "2026-01-01", "principal_vnd": 0, "interest_vnd": 5000}, "", ""},
		{"share target above 1", "target", map[string]any{"commune_id": communeA, "phase": "2026-2030", "indicator": "fund_share", "value": 1.5}, "invalid_value", "value"},
		{"share target 0.8", "target", map[string]any{"commune_id": communeA, "phase": "2026-2030", "indicator": "fund_share", "value": 0.8}, "", ""},
		{"count target with a fraction", "target", map[string]any{"commune_id": communeA, "phase": "2026-2030", "indicator": "new_clubs", "value": 2.5}, "invalid_value", "value"},
		{"count target negative", "target", map[string]any{"commune_id": communeA, "phase": "2026-2030", "indicator": "new_clubs", "value": -1}, "invalid_value", "value"},
		{"training club of another commune", "training", map[string]any{"commune_id": communeA, "club_id": club3, "member_id": member3, "kind": "initial", "held_on": "2026-01-01"}, "invalid_value", "club_id"},
		{"outreach club of another commune", "outreach", map[string]any{"commune_id": communeA, "club_id": club3, "held_on": "2026-01-01", "kind": "event", "title": "T", "people_reached": 10}, "invalid_value", "club_id"},
		{"initial training without member_id", "training", map[string]any{"commune_id": communeA, "club_id": club1, "kind": "initial", "held_on": "2026-01-01"}, "missing_field", "member_id"},
		{"refresher training without club_id", "training", map[string]any{"commune_id": communeA, "member_id": member1, "kind": "refresher", "held_on": "2026-01-01"}, "missing_field", "club_id"},
		{"officer_awareness without trainee_name", "training", map[string]any{"commune_id": communeA, "kind": "officer_awareness", "held_on": "2026-01-01"}, "missing_field", "trainee_name"},
		{"officer_awareness with trainee_name", "training", map[string]any{"commune_id": communeA, "kind": "officer_awareness", "held_on": "2026-01-01", "trainee_name": "Cán bộ A"}, "", ""},
		{"home visit with both recipients", "home_visit", map[string]any{"club_id": club1, "volunteer_id": member1, "recipient_id": id(), "recipient_name": "Bà B", "visited_on": "2026-01-01", "services": []any{"housework"}}, "missing_field", ""},
		{"home visit with no recipient", "home_visit", map[string]any{"club_id": club1, "volunteer_id": member1, "visited_on": "2026-01-01", "services": []any{"housework"}}, "missing_field", ""},
		{"home visit with a recipient name", "home_visit", map[string]any{"club_id": club1, "volunteer_id": member1, "recipient_name": "Bà B", "visited_on": "2026-01-01", "services": []any{"housework"}}, "", ""},
		{"home visit without services", "home_visit", map[string]any{"club_id": club1, "volunteer_id": member1, "recipient_name": "Bà B", "visited_on": "2026-01-01", "services": []any{}}, "invalid_value", "services"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := e.pushAs("admin", upsert(tc.entity, id(), tc.fields, e.hlc(0, "p")))[0]
			if tc.code == "" {
				wantResult(t, res, "applied", "", "")
			} else {
				wantResult(t, res, "rejected", tc.code, tc.field)
			}
		})
	}
}

// TestTextNormalised: text is stored trimmed and NFC-normalised.
func TestTextNormalised(t *testing.T) {
	e := newEnv(t)
	row := id()
	decomposed := norm.NFD.String("Nguyễn Thị Hoà")
	e.mustApply("bcn1", upsert("member", row, with(memberFields(club1), "full_name", "  "+decomposed+"\u00a0\n"), e.hlc(0, "p")))
	got := e.pullAll(e.tok("admin"))[row].Fields["full_name"]
	if got != norm.NFC.String("Nguyễn Thị Hoà") {
		t.Errorf("full_name %q", got)
	}
}

func TestMeasuredBy(t *testing.T) {
	e := newEnv(t)
	hs := id()
	cl := id()
	wantResult(t, e.pushAs("bcn1", upsert("health_check", id(), healthFields(club1, member1, "health_station"), e.hlc(0, "p")))[0], "rejected", "invalid_value", "measured_by")
	wantResult(t, e.pushAs("ytexa", upsert("health_check", id(), healthFields(club1, member1, "club"), e.hlc(0, "p")))[0], "rejected", "invalid_value", "measured_by")
	e.mustApply("ytexa", upsert("health_check", hs, healthFields(club1, member1, "health_station"), e.hlc(0, "p")))
	e.mustApply("bcn1", upsert("health_check", cl, healthFields(club1, member1, "club"), e.hlc(0, "p")))
	void := func(row string) ch {
		return upsert("health_check", row, map[string]any{"voided_reason": "nhập nhầm"}, e.hlc(time.Second, "p"))
	}
	wantResult(t, e.pushAs("ytexa", void(cl))[0], "rejected", "out_of_scope", "")
	wantResult(t, e.pushAs("bcn1", void(hs))[0], "rejected", "out_of_scope", "")
	wantResult(t, e.pushAs("ytexa", void(hs))[0], "applied", "", "")
	wantResult(t, e.pushAs("bcn1", void(cl))[0], "applied", "", "")
	// An officer may void either kind.
	hs2 := id()
	e.mustApply("ytexa", upsert("health_check", hs2, healthFields(club1, member1, "health_station"), e.hlc(0, "p")))
	wantResult(t, e.pushAs("canbo", void(hs2))[0], "applied", "", "")
}

// TestLWW: per-field last writer wins.
func TestLWW(t *testing.T) {
	e := newEnv(t)
	admin := e.tok("admin")
	row := id()
	e.mustApply("bcn1", upsert("member", row, memberFields(club1), e.hlc(0, "a")))
	fields := func() map[string]any { return e.pullAll(admin)[row].Fields }

	newer := upsert("member", row, map[string]any{"full_name": "Mới"}, e.hlc(2*time.Second, "a"))
	older := upsert("member", row, map[string]any{"full_name": "Cũ", "phone": "0911111111"}, e.hlc(time.Second, "b"))
	wantResult(t, e.pushAs("bcn1", newer)[0], "applied", "", "")
	// The older write loses full_name but wins phone: applied.
	wantResult(t, e.pushAs("bcn1", older)[0], "applied", "", "")
	if f := fields(); f["full_name"] != "Mới" || f["phone"] != "0911111111" {
		t.Errorf("after newer+older: %v %v", f["full_name"], f["phone"])
	}
	// An older write of one field only: superseded, nothing changes.
	wantResult(t, e.pushAs("bcn1", upsert("member", row, map[string]any{"full_name": "Cũ hơn"}, e.hlc(1500*time.Millisecond, "c")))[0], "superseded", "", "")
	if f := fields(); f["full_name"] != "Mới" {
		t.Errorf("superseded write changed full_name to %v", f["full_name"])
	}
	// A newer write of an equal value is applied.
	wantResult(t, e.pushAs("bcn1", upsert("member", row, map[string]any{"full_name": "Mới"}, e.hlc(3*time.Second, "a")))[0], "applied", "", "")
	// fields {} on an existing row: superseded.
	wantResult(t, e.pushAs("bcn1", upsert("member", row, map[string]any{}, e.hlc(4*time.Second, "a")))[0], "superseded", "", "")
	// null clears an optional field (an LWW write).
	wantResult(t, e.pushAs("bcn1", upsert("member", row, map[string]any{"phone": nil}, e.hlc(5*time.Second, "a")))[0], "applied", "", "")
	if f := fields(); f["phone"] != nil {
		t.Errorf("phone %v after null", f["phone"])
	}
	// Of two devices in the same millisecond and counter, the greater device id wins.
	ms := e.clk.Now().Add(6 * time.Second).UnixMilli()
	a := upsert("member", row, map[string]any{"full_name": "Máy B"}, fmtHLC(ms, 1, "device-b"))
	b := upsert("member", row, map[string]any{"full_name": "Máy A"}, fmtHLC(ms, 1, "device-a"))
	wantResult(t, e.pushAs("bcn1", a)[0], "applied", "", "")
	wantResult(t, e.pushAs("bcn1", b)[0], "superseded", "", "")
	if f := fields(); f["full_name"] != "Máy B" {
		t.Errorf("full_name %v, want the greater device's", f["full_name"])
	}
}

// TestLWWEqualHLC: of two changes with equal HLCs, the greater change id
// wins, whatever the order of arrival.
func TestLWWEqualHLC(t *testing.T) {
	e := newEnv(t)
	admin := e.tok("admin")
	for _, order := range []string{"small first", "big first"} {
		t.Run(order, func(t *testing.T) {
			row := id()
			e.mustApply("bcn1", upsert("member", row, memberFields(club1), e.hlc(0, "a")))
			h := e.hlc(time.Second, "a")
			small := upsert("member", row, map[string]any{"full_name": "Nhỏ"}, h).with("id", "0190a000-0000-7000-8000-"+randHex12())
			big := upsert("member", row, map[string]any{"full_name": "Lớn"}, h).with("id", "ff90a000-0000-7000-8000-"+randHex12())
			first, second := small, big
			if order == "big first" {
				first, second = big, small
			}
			res := e.pushAs("bcn1", first, second)
			wantResult(t, res[0], "applied", "", "")
			if order == "small first" {
				wantResult(t, res[1], "applied", "", "")
			} else {
				wantResult(t, res[1], "superseded", "", "")
			}
			if got := e.pullAll(admin)[row].Fields["full_name"]; got != "Lớn" {
				t.Errorf("full_name %v, want the greater change id's", got)
			}
		})
	}
}

func randHex12() string { return strings.ReplaceAll(id(), "-", "")[:12] }

func fmtHLC(ms int64, counter int, device string) string {
	return strings.Join([]string{pad13(ms), hex4(counter), device}, "-")
}

func pad13(ms int64) string {
	s := strings.Repeat("0", 13) + itoa(ms)
	return s[len(s)-13:]
}

func hex4(n int) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[n>>12&15], digits[n>>8&15], digits[n>>4&15], digits[n&15]})
}

func itoa(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// TestLedger: written once, then only voided.
func TestLedger(t *testing.T) {
	e := newEnv(t)
	admin := e.tok("admin")
	row := id()
	lf := loanFields(club1, member1)
	create := upsert("loan", row, lf, e.hlc(0, "a"))
	e.mustApply("bcn1", create)
	fields := func() map[string]any { return e.pullAll(admin)[row].Fields }

	steps := []struct {
		name                string
		c                   ch
		status, code, field string
	}{
		{"a field changed", upsert("loan", row, map[string]any{"principal_vnd": 2000000}, e.hlc(time.Second, "a")), "rejected", "immutable", "principal_vnd"},
		{"a field changed with an older HLC", upsert("loan", row, map[string]any{"term_months": 6}, e.hlc(-time.Second, "a")), "rejected", "immutable", "term_months"},
		{"the create re-sent under a new id", set(create, "id", id()), "superseded", "", ""},
		{"identical values with a newer HLC", upsert("loan", row, map[string]any{"principal_vnd": 1000000}, e.hlc(time.Second, "a")), "superseded", "", ""},
		{"empty fields", upsert("loan", row, map[string]any{}, e.hlc(time.Second, "a")), "superseded", "", ""},
		{"a rule broken on a ledger change", upsert("loan", row, map[string]any{"due_on": "2025-06-01"}, e.hlc(time.Second, "a")), "rejected", "invalid_value", "due_on"},
		{"void", upsert("loan", row, map[string]any{"voided_reason": "nhập nhầm"}, e.hlc(10*time.Second, "a")), "applied", "", ""},
		{"an older void", upsert("loan", row, map[string]any{"voided_reason": "lý do cũ"}, e.hlc(5*time.Second, "b")), "superseded", "", ""},
		{"a newer void replaces the reason", upsert("loan", row, map[string]any{"voided_reason": "nhập nhầm số tiền"}, e.hlc(20*time.Second, "b")), "applied", "", ""},
		{"voided_reason null on a voided row", upsert("loan", row, map[string]any{"voided_reason": nil}, e.hlc(30*time.Second, "a")), "rejected", "immutable", "voided_reason"},
		{"a change of a field on a voided row", upsert("loan", row, map[string]any{"purpose": "crops"}, e.hlc(30*time.Second, "a")), "rejected", "immutable", "purpose"},
		{"delete", del("loan", row, e.hlc(40*time.Second, "a")), "rejected", "immutable", ""},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			wantResult(t, e.pushAs("bcn1", s.c)[0], s.status, s.code, s.field)
		})
	}
	f := fields()
	if f["voided_reason"] != "nhập nhầm số tiền" || f["principal_vnd"] != 1e6 || f["term_months"] != 12.0 || f["purpose"] != "livestock" {
		t.Errorf("loan after the steps: %v", f)
	}
	if e.pullAll(admin)[row].Deleted {
		t.Error("a ledger row was deleted")
	}
	// Every ledger entity refuses a delete.
	for entity, fl := range map[string]map[string]any{
		"fund_entry":   {"club_id": club1, "fund": "activity", "entry_on": "2026-01-01", "kind": "contribution", "amount_vnd": 50000},
		"repayment":    {"club_id": club1, "loan_id": row, "paid_on": "2026-01-01", "principal_vnd": 1000, "interest_vnd": 0},
		"health_check": healthFields(club1, member1, "club"),
		"home_visit":   {"club_id": club1, "volunteer_id": member1, "recipient_id": member1, "visited_on": "2026-01-01", "services": []any{"companionship"}},
	} {
		r := id()
		e.mustApply("bcn1", upsert(entity, r, fl, e.hlc(0, "a")))
		wantResult(t, e.pushAs("bcn1", del(entity, r, e.hlc(time.Second, "a")))[0], "rejected", "immutable", "")
	}
}

// TestLedgerVoidedOnCreate: a void before the create (by HLC) and an undo.
func TestLedgerVoidedNullWhenNotVoided(t *testing.T) {
	e := newEnv(t)
	row := id()
	e.mustApply("bcn1", upsert("fund_entry", row, map[string]any{"club_id": club1, "fund": "activity", "entry_on": "2026-01-01", "kind": "contribution", "amount_vnd": 50000}, e.hlc(0, "a")))
	// voided_reason null on a row that is not voided: identical, superseded.
	wantResult(t, e.pushAs("bcn1", upsert("fund_entry", row, map[string]any{"voided_reason": nil}, e.hlc(time.Second, "a")))[0], "superseded", "", "")
	// member_id from null to a value: immutable.
	wantResult(t, e.pushAs("bcn1", upsert("fund_entry", row, map[string]any{"member_id": member1}, e.hlc(time.Second, "a")))[0], "rejected", "immutable", "member_id")
}

// TestFixedAtCreation: CONTRACT.md's list of fields fixed at creation.
func TestFixedAtCreation(t *testing.T) {
	e := newEnv(t)
	h := func() string { return e.hlc(time.Second, "a") }
	meeting := id()
	att := attendanceID(meeting, member1)
	training := id()
	e.mustApply("admin",
		upsert("attendance", att, map[string]any{"club_id": club1, "meeting_id": meeting, "member_id": member1, "present": true}, e.hlc(0, "a")),
		upsert("training", training, map[string]any{"commune_id": communeA, "kind": "officer_awareness", "held_on": "2026-01-01", "trainee_name": "Cán bộ"}, e.hlc(0, "a")),
	)
	tests := []struct {
		name, entity, row, field string
		value                    any
	}{
		{"club_id of a member", "member", member1, "club_id", club2},
		{"commune_id of a club", "club", club1, "commune_id", communeB},
		{"village_id of a club", "club", club1, "village_id", id()},
		{"commune_id of a village", "village", villageA, "commune_id", communeB},
		{"meeting_id of an attendance", "attendance", att, "meeting_id", id()},
		{"member_id of an attendance", "attendance", att, "member_id", member2},
		{"club_id of an attendance", "attendance", att, "club_id", club2},
		{"club_id of a training, from null to a value", "training", training, "club_id", club1},
		{"commune_id of a training", "training", training, "commune_id", communeB},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			wantResult(t, e.pushAs("admin", upsert(tc.entity, tc.row, map[string]any{tc.field: tc.value}, h()))[0], "rejected", "immutable", tc.field)
		})
	}
	// A field not fixed may change: a training's member_id, present of an attendance.
	wantResult(t, e.pushAs("admin", upsert("attendance", att, map[string]any{"present": false, "meeting_id": meeting}, h()))[0], "applied", "", "")
	wantResult(t, e.pushAs("admin", upsert("training", training, map[string]any{"topic": "Kỹ năng"}, h()))[0], "applied", "", "")
}

// TestDeletesFinal: a delete is final.
func TestDeletesFinal(t *testing.T) {
	e := newEnv(t)
	admin := e.tok("admin")
	row := id()
	e.mustApply("bcn1", upsert("member", row, memberFields(club1), e.hlc(0, "a")))
	wantResult(t, e.pushAs("bcn1", del("member", row, e.hlc(time.Second, "a")))[0], "applied", "", "")
	got := e.pullAll(admin)[row]
	if !got.Deleted || len(got.Fields) != 0 || got.Fields == nil {
		t.Errorf("deleted row pulled as %+v", got)
	}
	// A delete of a deleted row: superseded.
	wantResult(t, e.pushAs("bcn1", del("member", row, e.hlc(2*time.Second, "a")))[0], "superseded", "", "")
	// An upsert after the delete, even newer: superseded, the row stays deleted.
	wantResult(t, e.pushAs("bcn1", upsert("member", row, map[string]any{"full_name": "Sống lại"}, e.hlc(time.Hour/10, "b")))[0], "superseded", "", "")
	wantResult(t, e.pushAs("bcn1", upsert("member", row, memberFields(club1), e.hlc(3*time.Second, "b")))[0], "superseded", "", "")
	if got := e.pullAll(admin)[row]; !got.Deleted {
		t.Errorf("deleted row came back: %+v", got)
	}
	// Delete with fields absent or null is a delete.
	r2 := id()
	e.mustApply("bcn1", upsert("member", r2, memberFields(club1), e.hlc(0, "a")))
	wantResult(t, e.pushAs("bcn1", del("member", r2, e.hlc(time.Second, "a")).with("fields", "<absent>"))[0], "applied", "", "")
}

// TestAttendanceID: CONTRACT.md's UUID v5 example.
func TestAttendanceID(t *testing.T) {
	e := newEnv(t)
	const meeting, member, want = "0190a3c4-5b6d-7e8f-9a0b-1c2d3e4f5a6b", "0190a3c4-5b6d-7e8f-9a0b-1c2d3e4f5a6c", "e1741437-00b6-52e5-bddd-411790cb20a3"
	f := map[string]any{"club_id": club1, "meeting_id": meeting, "member_id": member, "present": true}
	wantResult(t, e.pushAs("bcn1", upsert("attendance", id(), f, e.hlc(0, "a")))[0], "rejected", "invalid_value", "row_id")
	wantResult(t, e.pushAs("bcn1", upsert("attendance", attendanceID(member, meeting), f, e.hlc(0, "a")))[0], "rejected", "invalid_value", "row_id")
	wantResult(t, e.pushAs("bcn1", upsert("attendance", want, f, e.hlc(0, "a")))[0], "applied", "", "")
	if got := attendanceID(meeting, member); got != want {
		t.Fatalf("test helper: %s", got)
	}
}

// TestPushSeesEarlierChanges: changes of one push see those before them.
func TestPushSeesEarlierChanges(t *testing.T) {
	e := newEnv(t)
	club, village, member := id(), id(), id()
	res := e.pushAs("canbo",
		upsert("village", village, map[string]any{"commune_id": communeA, "name": "Thôn Mới"}, e.hlc(0, "a")),
		upsert("club", club, map[string]any{"commune_id": communeA, "village_id": village, "name": "CLB Mới", "founded_on": "2026-01-01"}, e.hlc(0, "a")),
		upsert("member", member, memberFields(club), e.hlc(0, "a")),
		upsert("member", member, map[string]any{"phone": "0900000000"}, e.hlc(time.Second, "a")),
		del("member", member, e.hlc(2*time.Second, "a")),
		del("member", member, e.hlc(3*time.Second, "a")),
	)
	for i, want := range []string{"applied", "applied", "applied", "applied", "applied", "superseded"} {
		wantResult(t, res[i], want, "", "")
	}
}

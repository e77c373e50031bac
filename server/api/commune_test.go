package api_test

import (
	"bytes"
	"encoding/json"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"clb/server/indicators"
)

type reviewItem struct {
	Kind       string  `json:"kind"`
	ClubID     *string `json:"club_id"`
	DetectedAt string  `json:"detected_at"`
	Message    string  `json:"message"`
	Rows       []struct {
		Entity string `json:"entity"`
		RowID  string `json:"row_id"`
	} `json:"rows"`
}

func (e *env) review(user, query string) []reviewItem {
	e.t.Helper()
	r := e.get("/api/review"+query, e.tok(user))
	if r.status != 200 {
		e.t.Fatalf("review as %s: %s", user, r)
	}
	var a struct {
		Items []reviewItem `json:"items"`
	}
	if err := json.Unmarshal(r.body, &a); err != nil || a.Items == nil {
		e.t.Fatalf("review answer %s", r)
	}
	return a.Items
}

// kinds maps kind → the set of row ids of its items.
func kinds(items []reviewItem) map[string][]string {
	out := map[string][]string{}
	for _, it := range items {
		var ids []string
		for _, r := range it.Rows {
			ids = append(ids, r.RowID)
		}
		sort.Strings(ids)
		out[it.Kind] = append(out[it.Kind], strings.Join(ids, ","))
	}
	return out
}

func has(items []reviewItem, kind string, rows ...string) bool {
	for _, it := range items {
		if it.Kind != kind {
			continue
		}
		found := 0
		for _, want := range rows {
			for _, r := range it.Rows {
				if r.RowID == want {
					found++
					break
				}
			}
		}
		if found == len(rows) {
			return true
		}
	}
	return false
}

// TestReview builds each kind of CONTRACT.md in club 1 and checks who sees it.
func TestReview(t *testing.T) {
	e := newEnv(t)
	if items := e.review("canbo", ""); len(items) != 0 {
		t.Fatalf("review of the seeded world: %+v", items)
	}
	h := func(d time.Duration, dev string) string { return e.hlc(d, dev) }
	left := id() // a member who left on 2025-06-01
	loan, rep1, rep2 := id(), id(), id()
	dangling, danglingHC := id(), id()
	meetA, meetB := id(), id()
	ruleRow := id()
	lateLoan, lateHC := id(), id()
	otherAtt := attendanceID(meetA, member2) // a club 2 member at a club 1 meeting
	e.mustApply("admin",
		upsert("member", left, with(memberFields(club1), "joined_on", "2025-01-01", "left_on", "2025-06-01"), h(0, "a")),
		upsert("loan", loan, with(loanFields(club1, member1), "principal_vnd", 1000000), h(0, "a")),
		upsert("repayment", rep1, map[string]any{"club_id": club1, "loan_id": loan, "paid_on": "2025-09-01", "principal_vnd": 600000, "interest_vnd": 0}, h(0, "a")),
		upsert("repayment", rep2, map[string]any{"club_id": club1, "loan_id": loan, "paid_on": "2025-10-01", "principal_vnd": 600000, "interest_vnd": 0}, h(0, "a")),
		upsert("loan", dangling, loanFields(club1, id()), h(0, "a")),
		upsert("health_check", danglingHC, healthFields(club1, id(), "club"), h(0, "a")),
		upsert("meeting", meetA, map[string]any{"club_id": club1, "held_on": "2026-02-10", "areas": []any{"health"}}, h(0, "a")),
		upsert("meeting", meetB, map[string]any{"club_id": club1, "held_on": "2026-02-10", "areas": []any{"culture"}}, h(0, "a")),
		upsert("member", ruleRow, with(memberFields(club1), "joined_on", "2025-03-01"), h(0, "a")),
		upsert("member", ruleRow, map[string]any{"left_on": "2025-02-01"}, h(time.Second, "a")), // partial update breaking left_on ≥ joined_on
		upsert("loan", lateLoan, with(loanFields(club1, left), "disbursed_on", "2025-07-01"), h(0, "a")),
		upsert("health_check", lateHC, with(healthFields(club1, left, "club"), "measured_on", "2025-08-01"), h(0, "a")),
		upsert("attendance", otherAtt, map[string]any{"club_id": club1, "meeting_id": meetA, "member_id": member2, "present": true}, h(0, "a")),
		// Two devices set one field 5 minutes apart.
		upsert("member", member1, map[string]any{"phone": "0911000001"}, h(0, "dev-x")),
		upsert("member", member1, map[string]any{"phone": "0911000002"}, h(5*time.Minute, "dev-y")),
	)
	// The same device editing twice is no conflict; two devices 11 minutes apart neither.
	e.mustApply("admin",
		upsert("member", member2, map[string]any{"phone": "0922000001"}, h(0, "dev-x")),
		upsert("member", member2, map[string]any{"phone": "0922000002"}, h(time.Second, "dev-x")),
		upsert("member", member3, map[string]any{"phone": "0933000001"}, h(-20*time.Minute, "dev-x")),
		upsert("member", member3, map[string]any{"phone": "0933000002"}, h(-9*time.Minute, "dev-y")),
	)

	officer := e.review("canbo", "")
	want := []struct {
		kind string
		rows []string
	}{
		{"repayment_exceeds_principal", []string{loan, rep1, rep2}},
		{"dangling_reference", []string{dangling}},
		{"dangling_reference", []string{danglingHC}},
		{"duplicate_meeting", []string{meetA, meetB}},
		{"rule_broken", []string{ruleRow}},
		{"concurrent_edit", []string{member1}},
		{"loan_member_inactive", []string{lateLoan, left}},
		{"reading_member_inactive", []string{lateHC, left}},
		{"attendance_other_club", []string{otherAtt}},
	}
	for _, w := range want {
		if !has(officer, w.kind, w.rows...) {
			t.Errorf("officer's review lacks %s of %v; got %v", w.kind, w.rows, kinds(officer))
		}
	}
	for _, it := range officer {
		if it.ClubID == nil || *it.ClubID != club1 || it.Message == "" || it.DetectedAt == "" || len(it.Rows) == 0 {
			t.Errorf("item %+v", it)
		}
		if it.Kind == "concurrent_edit" && !has([]reviewItem{it}, "concurrent_edit", member1) {
			t.Errorf("a concurrent edit of another row: %+v", it)
		}
	}
	for i := 1; i < len(officer); i++ {
		if officer[i].DetectedAt > officer[i-1].DetectedAt {
			t.Errorf("not newest first: %s after %s", officer[i].DetectedAt, officer[i-1].DetectedAt)
		}
	}
	if all := e.review("admin", ""); has(all, "concurrent_edit", member2) || has(all, "concurrent_edit", member3) || !has(all, "concurrent_edit", member1) {
		t.Error("a concurrent edit by one device, or 11 minutes apart")
	}

	// Scope: the board of club 1 sees them; the board of club 2 and commune B do not.
	if b := e.review("bcn1", ""); !has(b, "repayment_exceeds_principal", loan) || !has(b, "duplicate_meeting", meetA) {
		t.Errorf("board 1 review %v", kinds(b))
	}
	if b := e.review("bcn2", ""); has(b, "repayment_exceeds_principal", loan) || has(b, "duplicate_meeting", meetA) || has(b, "loan_member_inactive", lateLoan) {
		t.Errorf("board 2 sees club 1's items: %v", kinds(b))
	}
	if b := e.review("canbob", ""); len(b) != 0 {
		t.Errorf("officer of commune B sees %v", kinds(b))
	}
	if a := e.review("admin", ""); len(a) < len(want) {
		t.Errorf("admin sees %d items", len(a))
	}
	// Health workers: reading_member_inactive, and dangling/concurrent of health checks only.
	hw := e.review("ytexa", "")
	if !has(hw, "reading_member_inactive", lateHC) || !has(hw, "dangling_reference", danglingHC) {
		t.Errorf("health worker lacks reading items: %v", kinds(hw))
	}
	for _, it := range hw {
		switch it.Kind {
		case "reading_member_inactive":
		case "dangling_reference", "concurrent_edit":
			if it.Rows[0].Entity != "health_check" {
				t.Errorf("health worker sees %s of %s", it.Kind, it.Rows[0].Entity)
			}
		default:
			t.Errorf("health worker sees %s", it.Kind)
		}
	}
	// ?club_id filters; another commune's club is 403; not a club 404; not a UUID 400.
	if f := e.review("canbo", "?club_id="+club2); len(f) != 0 {
		t.Errorf("club 2 filter: %v", kinds(f))
	}
	if f := e.review("canbo", "?club_id="+club1); len(f) != len(officer) {
		t.Errorf("club 1 filter: %d of %d", len(f), len(officer))
	}
	wantErr(t, e.get("/api/review?club_id="+club3, e.tok("canbo")), 403, "forbidden", "")
	wantErr(t, e.get("/api/review?club_id="+club2, e.tok("bcn1")), 403, "forbidden", "")
	wantErr(t, e.get("/api/review?club_id="+id(), e.tok("canbo")), 404, "not_found", "")
	wantErr(t, e.get("/api/review?club_id=abc", e.tok("canbo")), 400, "invalid_value", "club_id")

	// Items disappear when the data no longer shows them.
	e.mustApply("admin",
		upsert("repayment", rep2, map[string]any{"voided_reason": "nhập trùng"}, h(time.Minute, "a")),
		del("meeting", meetB, h(time.Minute, "a")),
		upsert("member", ruleRow, map[string]any{"left_on": nil}, h(time.Minute, "a")),
		upsert("member", member1, map[string]any{"phone": "0911000003"}, h(6*time.Minute, "dev-y")),
	)
	after := e.review("canbo", "")
	for _, k := range []string{"repayment_exceeds_principal", "duplicate_meeting", "rule_broken", "concurrent_edit"} {
		if _, ok := kinds(after)[k]; ok {
			t.Errorf("%s stays after the fix: %v", k, kinds(after))
		}
	}
	if !has(after, "loan_member_inactive", lateLoan) {
		t.Error("an unrelated item went away")
	}
}

func TestAudit(t *testing.T) {
	e := newEnv(t)
	row := id()
	boardTok := e.session("bcn1", "phone-bcn")
	c1 := upsert("member", row, memberFields(club1), e.hlc(0, "tablet-9")) // made on another device
	c2 := upsert("member", row, map[string]any{"full_name": "Tên Mới"}, e.hlc(time.Second, "phone-bcn"))
	old := upsert("member", row, map[string]any{"full_name": "Cũ"}, e.hlc(-time.Minute, "phone-bcn"))
	bad := upsert("member", row, map[string]any{"sex": "x"}, e.hlc(time.Second, "phone-bcn"))
	for i, r := range e.pushTok(boardTok, "phone-bcn", c1, c2, old, bad) {
		if want := []string{"applied", "applied", "superseded", "rejected"}[i]; r.Status != want {
			t.Fatalf("change %d: %s", i, r)
		}
	}
	e.clk.Advance(time.Minute)
	c3 := upsert("member", row, map[string]any{"phone": "0900000009"}, e.hlc(0, "dev-canbo"))
	e.mustApply("canbo", c3)

	r := e.get("/api/audit?entity=member&row_id="+row, e.tok("canbo"))
	var a struct {
		Entries []struct {
			ChangeID       string          `json:"change_id"`
			Op             string          `json:"op"`
			Fields         json.RawMessage `json:"fields"`
			HLC            string          `json:"hlc"`
			Status         string          `json:"status"`
			UserID         string          `json:"user_id"`
			Username       string          `json:"username"`
			DeviceID       string          `json:"device_id"`
			OriginDeviceID string          `json:"origin_device_id"`
			ReceivedAt     string          `json:"received_at"`
		} `json:"entries"`
	}
	if r.status != 200 || json.Unmarshal(r.body, &a) != nil {
		t.Fatalf("audit: %s", r)
	}
	want := []struct {
		c                            ch
		status, user, device, origin string
		at                           string
	}{
		{c1, "applied", "bcn1", "phone-bcn", "tablet-9", "2026-03-02T03:00:00.000Z"},
		{c2, "applied", "bcn1", "phone-bcn", "phone-bcn", "2026-03-02T03:00:00.000Z"},
		{old, "superseded", "bcn1", "phone-bcn", "phone-bcn", "2026-03-02T03:00:00.000Z"},
		{c3, "applied", "canbo", "dev-canbo", "dev-canbo", "2026-03-02T03:01:00.000Z"},
	}
	if len(a.Entries) != len(want) {
		t.Fatalf("%d entries: %s", len(a.Entries), r)
	}
	for i, w := range want {
		g := a.Entries[i]
		if g.ChangeID != w.c["id"] || g.Status != w.status || g.Username != w.user || g.UserID != e.users[w.user].ID ||
			g.DeviceID != w.device || g.OriginDeviceID != w.origin || g.HLC != w.c["hlc"] || g.Op != "upsert" || g.ReceivedAt != w.at {
			t.Errorf("entry %d: %+v, want %s %s %s %s %s", i, g, w.c["id"], w.status, w.user, w.device, w.origin)
		}
		var f map[string]any
		if json.Unmarshal(g.Fields, &f) != nil || len(f) == 0 {
			t.Errorf("entry %d fields %s", i, g.Fields)
		}
	}
	// A delete is audited too.
	e.mustApply("canbo", del("member", row, e.hlc(time.Second, "dev-canbo")))
	r = e.get("/api/audit?entity=member&row_id="+row, e.tok("admin"))
	if entries, _ := r.j["entries"].([]any); len(entries) != 5 || entries[4].(map[string]any)["op"] != "delete" {
		t.Errorf("after delete: %s", r)
	}

	tests := []struct {
		name, user, query string
		status            int
		code, field       string
	}{
		{"officer of another commune", "canbob", "?entity=member&row_id=" + row, 404, "not_found", ""},
		{"wrong entity for the row", "canbo", "?entity=loan&row_id=" + row, 404, "not_found", ""},
		{"unknown row", "canbo", "?entity=member&row_id=" + id(), 404, "not_found", ""},
		{"unknown entity", "canbo", "?entity=nope&row_id=" + row, 404, "not_found", ""},
		{"board", "bcn1", "?entity=member&row_id=" + row, 403, "forbidden", ""},
		{"health worker", "ytexa", "?entity=member&row_id=" + member1, 403, "forbidden", ""},
		{"missing row_id", "canbo", "?entity=member", 400, "missing_field", "row_id"},
		{"missing entity", "canbo", "?row_id=" + row, 400, "missing_field", "entity"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			wantErr(t, e.get("/api/audit"+tc.query, e.tok(tc.user)), tc.status, tc.code, tc.field)
		})
	}
}

func TestIndicatorsAccess(t *testing.T) {
	e := newEnv(t)
	e.seedWorld()
	p := "/api/indicators?from=2026-01-01&to=2026-02-28"
	tests := []struct {
		name, user, query string
		status            int
		code, field       string
		commune           bool     // commune block present
		clubs             []string // club ids, in order
	}{
		{"board, no ids: its clubs", "bcn1", p, 200, "", "", false, []string{club1}},
		{"board names its club", "bcn1", p + "&club_id=" + club1, 200, "", "", false, []string{club1}},
		{"board names its commune", "bcn1", p + "&commune_id=" + communeA, 403, "forbidden", "", false, nil},
		{"board names another club", "bcn1", p + "&club_id=" + club2, 403, "forbidden", "", false, nil},
		{"officer, no ids: its commune", "canbo", p, 200, "", "", true, []string{club2, club1}}, // sorted by name: "CLB An Vui" < "CLB Bình An"
		{"officer names its commune", "canbo", p + "&commune_id=" + communeA, 200, "", "", true, []string{club2, club1}},
		{"officer names a club", "canbo", p + "&club_id=" + club1, 200, "", "", false, []string{club1}},
		{"officer names another commune", "canbo", p + "&commune_id=" + communeB, 403, "forbidden", "", false, nil},
		{"officer names a club of another commune", "canbo", p + "&club_id=" + club3, 403, "forbidden", "", false, nil},
		{"admin without ids", "admin", p, 400, "missing_field", "", false, nil},
		{"admin names commune B", "admin", p + "&commune_id=" + communeB, 200, "", "", true, []string{club3}},
		{"admin names a club", "admin", p + "&club_id=" + club3, 200, "", "", false, []string{club3}},
		{"admin: a club not in the commune", "admin", p + "&commune_id=" + communeA + "&club_id=" + club3, 200, "", "", false, []string{}},
		{"unknown commune", "admin", p + "&commune_id=" + id(), 404, "not_found", "", false, nil},
		{"unknown club", "admin", p + "&club_id=" + id(), 404, "not_found", "", false, nil},
		{"health worker", "ytexa", p, 403, "forbidden", "", false, nil},
		{"missing from", "canbo", "/api/indicators?to=2026-02-28", 400, "invalid_value", "from", false, nil},
		{"missing to", "canbo", "/api/indicators?from=2026-01-01", 400, "invalid_value", "to", false, nil},
		{"bad date", "canbo", "/api/indicators?from=2026-02-30&to=2026-03-01", 400, "invalid_value", "from", false, nil},
		{"bad form", "canbo", "/api/indicators?from=2026-1-1&to=2026-03-01", 400, "invalid_value", "from", false, nil},
		{"from after to", "canbo", "/api/indicators?from=2026-03-02&to=2026-03-01", 400, "invalid_value", "", false, nil},
		{"from equal to", "canbo", "/api/indicators?from=2026-03-01&to=2026-03-01", 200, "", "", true, []string{club2, club1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := e.get(tc.query, e.tok(tc.user))
			if tc.code != "" {
				wantErr(t, r, tc.status, tc.code, tc.field)
				return
			}
			if r.status != 200 {
				t.Fatalf("%s", r)
			}
			if c, ok := r.j["commune"]; !ok || (c != nil) != tc.commune {
				t.Errorf("commune %v, want present=%v", c, tc.commune)
			}
			if tc.commune && r.j["commune"].(map[string]any)["id"] == nil {
				t.Errorf("commune block %v", r.j["commune"])
			}
			list, ok := r.j["clubs"].([]any)
			if !ok {
				t.Fatalf("clubs %v", r.j["clubs"])
			}
			var got []string
			for _, c := range list {
				got = append(got, c.(map[string]any)["club_id"].(string))
			}
			if strings.Join(got, ",") != strings.Join(tc.clubs, ",") {
				t.Errorf("clubs %v, want %v", got, tc.clubs)
			}
		})
	}
}

// TestIndicatorsReflectPushes: the answer reflects every acknowledged push.
func TestIndicatorsReflectPushes(t *testing.T) {
	e := newEnv(t)
	// club1's figures: numerator and denominator (-1: none) per code
	type fig struct{ num, den int64 }
	get := func() map[string]fig {
		r := e.get("/api/indicators?from=2025-01-01&to=2026-12-31&club_id="+club1, e.tok("canbo"))
		var a indicators.Answer
		if r.status != 200 || json.Unmarshal(r.body, &a) != nil || len(a.Clubs) != 1 || a.Clubs[0].ClubID != club1 {
			t.Fatalf("%s", r)
		}
		read := func(l []indicators.Indicator) map[string]fig {
			m := map[string]fig{}
			for _, i := range l {
				f := fig{num: i.Numerator, den: -1}
				if i.Denominator != nil {
					f.den = *i.Denominator
				}
				m[i.Code] = f
			}
			return m
		}
		return read(a.Clubs[0].Indicators)
	}
	before := get()
	var cs []ch
	for i := 0; i < 5; i++ {
		// five older women, near poor
		cs = append(cs, upsert("member", id(), with(memberFields(club1), "birth_year", 1950+i), e.hlc(0, "a")))
	}
	e.mustApply("bcn1", cs...)
	after := get()
	for code, d := range map[string]fig{"members": {5, 0}, "women_share": {5, 5}, "older_share": {5, 5}, "poor_share": {5, 5}} {
		b, a := before[code], after[code]
		want := fig{b.num + d.num, b.den + d.den}
		if a != want {
			t.Errorf("%s: %+v before, %+v after five new members, want %+v", code, b, a, want)
		}
	}
}

var fileNameRE = regexp.MustCompile(`filename="?bao-cao-([a-z0-9-]+)-(\d{4}-\d{2}-\d{2})-(\d{4}-\d{2}-\d{2})\.(xlsx|html)"?`)

func TestReports(t *testing.T) {
	e := newEnv(t)
	e.seedWorld()
	officer := e.tok("canbo")
	types := map[string]string{
		"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		"html": "text/html; charset=utf-8",
	}
	for _, format := range []string{"xlsx", "html"} {
		t.Run(format, func(t *testing.T) {
			r := e.get("/api/reports?from=2026-01-01&to=2026-06-30&format="+format, officer)
			if r.status != 200 {
				t.Fatalf("%s", r)
			}
			if ct := r.header.Get("Content-Type"); !strings.EqualFold(strings.ReplaceAll(ct, " ", ""), strings.ReplaceAll(types[format], " ", "")) {
				t.Errorf("Content-Type %q", ct)
			}
			m := fileNameRE.FindStringSubmatch(r.header.Get("Content-Disposition"))
			if m == nil || m[2] != "2026-01-01" || m[3] != "2026-06-30" || m[4] != format {
				t.Errorf("Content-Disposition %q", r.header.Get("Content-Disposition"))
			} else if m[1] != "xa-hoa-an" {
				t.Logf("commune part of the file name: %q", m[1])
			}
			if format == "xlsx" && !bytes.HasPrefix(r.body, []byte("PK")) {
				t.Error("xlsx is not a zip")
			}
			if format == "html" && !bytes.Contains(r.body, []byte("Hòa An")) {
				t.Error("html report does not name the commune")
			}
			rid := r.header.Get("X-Report-Id")
			if rid == "" {
				t.Fatal("no X-Report-Id")
			}
			// Later data and a later clock do not change the kept report.
			e.clk.Advance(2 * time.Minute)
			e.mustApply("canbo", upsert("member", id(), memberFields(club1), e.hlc(0, "a")))
			again := e.get("/api/reports/"+rid+"?format="+format, officer)
			if again.status != 200 || !bytes.Equal(again.body, r.body) {
				t.Errorf("stored report differs (%d, %d vs %d bytes)", again.status, len(again.body), len(r.body))
			}
			if again.header.Get("Content-Type") != r.header.Get("Content-Type") || again.header.Get("Content-Disposition") != r.header.Get("Content-Disposition") {
				t.Errorf("stored report headers %v", again.header)
			}
			// Another commune's officer and a board may not have it.
			if x := e.get("/api/reports/"+rid+"?format="+format, e.tok("canbob")); x.status != 404 && x.status != 403 {
				t.Errorf("officer of commune B: %s", x)
			}
			wantErr(t, e.get("/api/reports/"+rid+"?format="+format, e.tok("bcn1")), 403, "forbidden", "")
			if x := e.get("/api/reports/"+rid+"?format="+format, e.tok("admin")); x.status != 200 || !bytes.Equal(x.body, r.body) {
				t.Errorf("admin: %d", x.status)
			}
		})
	}
	tests := []struct {
		name, user, query string
		status            int
		code, field       string
	}{
		{"format missing", "canbo", "?from=2026-01-01&to=2026-06-30", 400, "", "format"},
		{"format unknown", "canbo", "?from=2026-01-01&to=2026-06-30&format=pdf", 400, "invalid_value", "format"},
		{"bad dates", "canbo", "?from=2026-13-01&to=2026-06-30&format=html", 400, "invalid_value", "from"},
		{"from after to", "canbo", "?from=2026-07-01&to=2026-06-30&format=html", 400, "invalid_value", ""},
		{"another commune", "canbo", "?from=2026-01-01&to=2026-06-30&format=html&commune_id=" + communeB, 403, "forbidden", ""},
		{"admin without a commune", "admin", "?from=2026-01-01&to=2026-06-30&format=html", 400, "missing_field", "commune_id"},
		{"admin, unknown commune", "admin", "?from=2026-01-01&to=2026-06-30&format=html&commune_id=" + id(), 404, "not_found", ""},
		{"health worker", "ytexa", "?from=2026-01-01&to=2026-06-30&format=html", 403, "forbidden", ""},
		{"board", "bcn1", "?from=2026-01-01&to=2026-06-30&format=html", 403, "forbidden", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := e.get("/api/reports"+tc.query, e.tok(tc.user))
			if tc.code == "" {
				if r.status != tc.status || r.field() != tc.field {
					t.Errorf("got %s; want %d field %s", r, tc.status, tc.field)
				}
				return
			}
			wantErr(t, r, tc.status, tc.code, tc.field)
		})
	}
	wantErr(t, e.get("/api/reports/"+id()+"?format=html", officer), 404, "not_found", "")
	if r := e.get("/api/reports?from=2026-01-01&to=2026-06-30&format=xlsx&commune_id="+communeB, e.tok("admin")); r.status != 200 ||
		!strings.Contains(r.header.Get("Content-Disposition"), "-2026-01-01-2026-06-30.xlsx") {
		t.Errorf("admin report of commune B: %s %v", r, r.header)
	}
}

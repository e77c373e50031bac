package indicators

import (
	"encoding/json"
	"strings"
	"testing"
)

// e is one expected indicator: den -1 means a count (denominator null), tgt
// -1 means no target.
type e struct {
	code     string
	num, den int64
	tgt      float64
	status   string
}

const none = -1

func check(t *testing.T, where string, got []Indicator, want []e) {
	t.Helper()
	if len(got) != len(want) {
		var codes []string
		for _, g := range got {
			codes = append(codes, g.Code)
		}
		t.Fatalf("%s: %d indicators %v, want %d", where, len(got), codes, len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.Code != w.code {
			t.Errorf("%s[%d]: code %s, want %s", where, i, g.Code, w.code)
			continue
		}
		if g.Numerator != w.num {
			t.Errorf("%s %s: numerator %d, want %d", where, w.code, g.Numerator, w.num)
		}
		switch {
		case w.den == none && g.Denominator != nil:
			t.Errorf("%s %s: denominator %d, want null", where, w.code, *g.Denominator)
		case w.den != none && (g.Denominator == nil || *g.Denominator != w.den):
			t.Errorf("%s %s: denominator %v, want %d", where, w.code, fmtd(g.Denominator), w.den)
		}
		var wantValue *float64
		switch {
		case w.den == none:
			v := float64(w.num)
			wantValue = &v
		case w.den > 0:
			v := float64(w.num) / float64(w.den)
			wantValue = &v
		}
		if (wantValue == nil) != (g.Value == nil) || (wantValue != nil && *wantValue != *g.Value) {
			t.Errorf("%s %s: value %v, want %v", where, w.code, fmtp(g.Value), fmtp(wantValue))
		}
		if (w.tgt == none) != (g.Target == nil) || (g.Target != nil && *g.Target != w.tgt) {
			t.Errorf("%s %s: target %v, want %v", where, w.code, fmtp(g.Target), w.tgt)
		}
		if g.Status != w.status {
			t.Errorf("%s %s: status %s, want %s", where, w.code, g.Status, w.status)
		}
	}
}

func fmtd(p *int64) any {
	if p == nil {
		return "null"
	}
	return *p
}

func fmtp(p *float64) any {
	if p == nil {
		return "null"
	}
	return *p
}

func TestMainFixture(t *testing.T) {
	a, err := Compute(mainFixture(), Query{CommuneID: cm, From: "2026-01-01", To: "2026-06-30"})
	if err != nil {
		t.Fatal(err)
	}
	if a.Phase != "2026-2030" || a.From != "2026-01-01" || a.To != "2026-06-30" {
		t.Fatalf("header %+v", a)
	}
	if a.Commune == nil || a.Commune.ID != cm || a.Commune.Name != "Tam Tiến" {
		t.Fatalf("commune %+v", a.Commune)
	}
	check(t, "commune", a.Commune.Indicators, []e{
		{"new_clubs", 2, none, 1, "met"},            // B and D (dissolved since); target row 1
		{"new_clubs_total", 2, none, 3, "not_met"},  // B and D since 2026-01-01; default 3
		{"older_women_share", 3, 4, 0.5, "met"},     // a1 a3 b1 / a1 a2 a3 b1
		{"standard_clubs", 1, none, 1, "met"},       // A (2025 true)
		{"full_activity_share", 2, 3, 0.4, "met"},   // A, B (from March); target by HLC
		{"transformation_share", 2, 3, 0.5, "met"},  // A digital, B green
		{"board_trained_share", 2, 3, 1, "not_met"}, // a1, b1 of a1 a2 b1
		{"fund_share", 2, 3, 1, "not_met"},          // A 50 210 000, B 55 000 000, C 0
		{"fund_floor_vnd", 50_000_000, none, none, "info"},
		{"loan_access_share", 2, 2, 1, "met"}, // A 2/3 met, B 1/1 met, C no_data
		{"outreach_share", 30, 100, 0.3, "met"},
		{"officers_trained_share", 2, 4, 1, "not_met"},
		{"bp_checked_share", 3, 4, none, "info"}, // a1 a2 b1
		{"high_bp_share", 3, 4, none, "info"},    // a1 a4 b1 of a1 a2 a4 b1
		{"members", 8, none, none, "info"},       // A 5 (not a5, a6), B 2, C 1
		{"women_share", 5, 8, none, "info"},
		{"older_share", 4, 8, none, "info"},
		{"poor_share", 4, 8, none, "info"}, // a1 a2 a7 b2
		{"loans_outstanding_vnd", 15_000_000, none, none, "info"},
		{"par30_share", 5_000_000, 15_000_000, none, "info"},
		{"attendance_rate", 7, 41, none, "info"},                    // A 6/33, B 1/8
		{"resources_mobilised_vnd", 55_000_000, none, none, "info"}, // B's grant; A's donation is in July, its grant voided, D not in C
	})
	if len(a.Clubs) != 3 {
		t.Fatalf("%d clubs", len(a.Clubs))
	}
	for i, id := range []string{"A", "B", "C"} {
		if a.Clubs[i].ClubID != id {
			t.Fatalf("club %d is %s, want %s", i, a.Clubs[i].ClubID, id)
		}
	}
	check(t, "A", a.Clubs[0].Indicators, []e{
		{"older_women_share", 2, 3, 0.5, "met"},
		{"standard", 1, none, 1, "met"},
		{"full_activity_share", 1, 1, 0.4, "met"},
		{"transformation_share", 1, 1, 0.5, "met"},
		{"board_trained_share", 1, 2, 1, "not_met"},
		{"fund_size_vnd", 50_210_000, none, 50_000_000, "met"},
		{"loan_access_share", 2, 3, 0.6, "met"}, // a1 (L1 owed on 2025-12-31), a3 (livelihood group); a4's loan is voided
		{"bp_checked_share", 2, 3, none, "info"},
		{"high_bp_share", 2, 3, none, "info"},
		{"members", 5, none, none, "info"},
		{"women_share", 4, 5, none, "info"},
		{"older_share", 3, 5, none, "info"},
		{"poor_share", 3, 5, none, "info"},
		{"loans_outstanding_vnd", 11_000_000, none, none, "info"},
		{"par30_share", 5_000_000, 11_000_000, none, "info"},
		{"attendance_rate", 6, 33, none, "info"}, // days: 5 5 5 6 6 6 expected
		{"resources_mobilised_vnd", 0, none, none, "info"},
	})
	check(t, "B", a.Clubs[1].Indicators, []e{
		{"older_women_share", 1, 1, 0.5, "met"},
		{"standard", 0, none, 1, "not_met"},
		{"full_activity_share", 1, 1, 0.4, "met"},
		{"transformation_share", 1, 1, 0.5, "met"},
		{"board_trained_share", 1, 1, 1, "met"},
		{"fund_size_vnd", 55_000_000, none, 50_000_000, "met"},
		{"loan_access_share", 1, 1, 0.6, "met"},
		{"bp_checked_share", 1, 1, none, "info"},
		{"high_bp_share", 1, 1, none, "info"},
		{"members", 2, none, none, "info"},
		{"women_share", 1, 2, none, "info"},
		{"older_share", 1, 2, none, "info"},
		{"poor_share", 1, 2, none, "info"},
		{"loans_outstanding_vnd", 4_000_000, none, none, "info"},
		{"par30_share", 0, 4_000_000, none, "info"},
		{"attendance_rate", 1, 8, none, "info"},
		{"resources_mobilised_vnd", 55_000_000, none, none, "info"},
	})
	check(t, "C", a.Clubs[2].Indicators, []e{
		{"older_women_share", 0, 0, 0.5, "no_data"},
		{"standard", 0, none, 1, "not_met"},
		{"full_activity_share", 0, 1, 0.4, "not_met"},
		{"transformation_share", 0, 1, 0.5, "not_met"},
		{"board_trained_share", 0, 0, 1, "no_data"},
		{"fund_size_vnd", 0, none, 50_000_000, "not_met"},
		{"loan_access_share", 0, 0, 0.6, "no_data"},
		{"bp_checked_share", 0, 0, none, "no_data"},
		{"high_bp_share", 0, 0, none, "no_data"},
		{"members", 1, none, none, "info"},
		{"women_share", 0, 1, none, "info"},
		{"older_share", 0, 1, none, "info"},
		{"poor_share", 0, 1, none, "info"},
		{"loans_outstanding_vnd", 0, none, none, "info"},
		{"par30_share", 0, 0, none, "no_data"},
		{"attendance_rate", 0, 0, none, "no_data"},
		{"resources_mobilised_vnd", 0, none, none, "info"},
	})
}

func TestPhaseChosenByTo(t *testing.T) {
	rows := mainFixture()
	// to in 2030: first phase, the 2026-2030 target row applies.
	a, err := Compute(rows, Query{CommuneID: cm, From: "2030-01-01", To: "2030-12-31"})
	if err != nil {
		t.Fatal(err)
	}
	if a.Phase != "2026-2030" {
		t.Fatalf("phase %s", a.Phase)
	}
	in, _ := Get(a.Commune.Indicators, "new_clubs")
	if in.Numerator != 3 || *in.Target != 1 { // B, D, F (2026-07-10) founded since 2026-01-01
		t.Errorf("2030 new_clubs %+v", in)
	}
	// to in 2031: second phase, window from 2031-01-01, its own target row and defaults.
	a, err = Compute(rows, Query{CommuneID: cm, From: "2030-07-01", To: "2031-03-31"})
	if err != nil {
		t.Fatal(err)
	}
	if a.Phase != "2031-2035" {
		t.Fatalf("phase %s", a.Phase)
	}
	want := map[string]e{
		"new_clubs":              {"new_clubs", 0, none, 5, "not_met"},          // 2031-2035 target row
		"outreach_share":         {"outreach_share", 0, 100, 0.5, "not_met"},    // default of phase 2
		"full_activity_share":    {"full_activity_share", 0, 4, 0.8, "not_met"}, // 2026-2030 row does not apply; C = A B C F
		"officers_trained_share": {"officers_trained_share", 0, 4, 1, "not_met"},
	}
	for code, w := range want {
		in, _ := Get(a.Commune.Indicators, code)
		check(t, "2031", []Indicator{in}, []e{w})
	}
}

// board is a one-club fixture for the yearly refresher rule.
func boardFixture(trainings ...[2]string) []Row {
	f := &fixture{}
	f.add("commune", cm, M{"name": "X", "province": "Y"})
	f.add("club", "K", M{"commune_id": cm, "village_id": "v", "name": "K", "founded_on": "2020-01-01"})
	f.add("member", "k1", M{"club_id": "K", "full_name": "Chủ nhiệm", "sex": "female", "birth_year": 1955, "joined_on": "2020-01-01", "poverty": "none", "board_role": "chair", "board_since": "2024-06-01"})
	for i, tr := range trainings {
		f.add("training", "t"+string(rune('a'+i)), M{"commune_id": cm, "club_id": "K", "member_id": "k1", "kind": tr[0], "held_on": tr[1]})
	}
	return f.rows
}

func TestBoardTrainedPerYear(t *testing.T) {
	cases := []struct {
		name     string
		from, to string
		trs      [][2]string
		want     int64
	}{
		{"no refresher in 2026, to is 31 December", "2025-01-01", "2026-12-31",
			[][2]string{{"initial", "2024-07-01"}, {"refresher", "2025-08-01"}}, 0},
		{"refresher each year", "2025-01-01", "2026-12-31",
			[][2]string{{"initial", "2024-07-01"}, {"refresher", "2025-08-01"}, {"refresher", "2026-11-01"}}, 1},
		{"year of to not required before 31 December", "2025-01-01", "2026-12-30",
			[][2]string{{"initial", "2024-07-01"}, {"refresher", "2025-08-01"}}, 1},
		{"no refresher in 2025", "2025-01-01", "2026-12-31",
			[][2]string{{"initial", "2024-07-01"}, {"refresher", "2026-08-01"}}, 0},
		{"years before from are not required", "2026-01-01", "2026-12-31",
			[][2]string{{"initial", "2020-07-01"}, {"refresher", "2026-08-01"}}, 1},
		{"an initial in the year counts as its training", "2025-01-01", "2025-12-31",
			[][2]string{{"initial", "2025-03-01"}}, 1},
		{"no initial", "2025-01-01", "2025-12-31",
			[][2]string{{"refresher", "2025-03-01"}}, 0},
		{"initial after to", "2025-01-01", "2025-06-30",
			[][2]string{{"initial", "2025-07-01"}}, 0},
		{"years before board_since are not required", "2023-01-01", "2024-12-31",
			[][2]string{{"initial", "2024-07-01"}}, 1},
	}
	for _, c := range cases {
		a, err := Compute(boardFixture(c.trs...), Query{From: c.from, To: c.to})
		if err != nil {
			t.Fatal(err)
		}
		in, _ := Get(a.Commune.Indicators, "board_trained_share")
		if in.Numerator != c.want || *in.Denominator != 1 {
			t.Errorf("%s: %d/%d, want %d/1", c.name, in.Numerator, *in.Denominator, c.want)
		}
	}
}

func TestTargetRowsOverrideDefaults(t *testing.T) {
	rows := mainFixture()
	f := &fixture{rows: rows}
	f.add("target", "fl1", M{"commune_id": cm, "phase": "2026-2030", "indicator": "fund_floor_vnd", "value": 50_300_000})
	f.add("target", "lc1", M{"commune_id": cm, "phase": "2026-2030", "indicator": "loan_access_club_share", "value": 0.7})
	f.add("target", "lc2", M{"commune_id": cm, "phase": "2031-2035", "indicator": "loan_access_club_share", "value": 0.1})
	// Same HLC: the greater row id wins.
	f.add("target", "ow1", M{"commune_id": cm, "phase": "2026-2030", "indicator": "older_women_share", "value": 0.9})
	f.add("target", "ow2", M{"commune_id": cm, "phase": "2026-2030", "indicator": "older_women_share", "value": 0.7})
	a, err := Compute(f.rows, Query{CommuneID: cm, From: "2026-01-01", To: "2026-06-30"})
	if err != nil {
		t.Fatal(err)
	}
	for code, w := range map[string]e{
		"fund_floor_vnd":    {"fund_floor_vnd", 50_300_000, none, none, "info"},
		"fund_share":        {"fund_share", 1, 3, 1, "not_met"},        // A's 50 210 000 is now below
		"loan_access_share": {"loan_access_share", 1, 2, 1, "not_met"}, // A's 2/3 < 0.7
		"older_women_share": {"older_women_share", 3, 4, 0.7, "met"},
	} {
		in, _ := Get(a.Commune.Indicators, code)
		check(t, "commune", []Indicator{in}, []e{w})
	}
	in, _ := Get(a.Clubs[0].Indicators, "fund_size_vnd")
	check(t, "A", []Indicator{in}, []e{{"fund_size_vnd", 50_210_000, none, 50_300_000, "not_met"}})
	in, _ = Get(a.Clubs[0].Indicators, "loan_access_share")
	check(t, "A", []Indicator{in}, []e{{"loan_access_share", 2, 3, 0.7, "not_met"}})
}

func TestClubQuery(t *testing.T) {
	rows := mainFixture()
	a, err := Compute(rows, Query{ClubID: "B", From: "2026-01-01", To: "2026-06-30"})
	if err != nil {
		t.Fatal(err)
	}
	if a.Commune != nil || len(a.Clubs) != 1 || a.Clubs[0].ClubID != "B" || a.Clubs[0].Name != "CLB Bình Minh" {
		t.Fatalf("%+v", a)
	}
	// A dissolved club is not in C: no club.
	a, err = Compute(rows, Query{CommuneID: cm, ClubID: "D", From: "2026-01-01", To: "2026-06-30"})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(a)
	if !strings.Contains(string(b), `"commune":null,"clubs":[]`) {
		t.Fatalf("%s", b)
	}
	// Before its dissolution D is in C.
	a, _ = Compute(rows, Query{CommuneID: cm, ClubID: "D", From: "2026-01-01", To: "2026-04-30"})
	if len(a.Clubs) != 1 {
		t.Fatalf("D before dissolution: %+v", a.Clubs)
	}
}

func TestJSONShape(t *testing.T) {
	a, err := Compute(mainFixture(), Query{CommuneID: cm, From: "2026-01-01", To: "2026-06-30"})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, want := range []string{
		`{"from":"2026-01-01","to":"2026-06-30","phase":"2026-2030","commune":{"id":"commune-1","name":"Tam Tiến","indicators":[{"code":"new_clubs","value":2,"numerator":2,"denominator":null,"target":1,"status":"met"}`,
		`{"code":"fund_floor_vnd","value":50000000,"numerator":50000000,"denominator":null,"target":null,"status":"info"}`,
		`{"code":"older_women_share","value":null,"numerator":0,"denominator":0,"target":0.5,"status":"no_data"}`,
		`{"code":"outreach_share","value":0.3,"numerator":30,"denominator":100,"target":0.3,"status":"met"}`,
		`"clubs":[{"club_id":"A","name":"CLB An Bình","indicators":[`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("missing %s\nin %s", want, s)
		}
	}
}

func TestInvalidPeriod(t *testing.T) {
	for _, q := range []Query{{From: "2026-07-01", To: "2026-06-30"}, {From: "2026-02-30", To: "2026-06-30"}, {From: "", To: "2026-06-30"}, {From: "2026-1-01", To: "2026-06-30"}} {
		if _, err := Compute(nil, q); err == nil {
			t.Errorf("%+v: no error", q)
		}
	}
}

func TestNameKey(t *testing.T) {
	for _, c := range [][2]string{
		{"Nguyễn Văn An", "nguyễn văn an"},
		{"  NGUYỄN\u00a0 VĂN\nAN ", "nguyễn văn an"},
		{"Nguye\u0302\u0303n Va\u0306n An", "nguyễn văn an"},
		{" \t ", ""},
	} {
		if got := NameKey(c[0]); got != c[1] {
			t.Errorf("NameKey(%q) = %q, want %q", c[0], got, c[1])
		}
	}
}

package indicators

import "testing"

// TestPar30Boundary: a loan counts in par30_share from 31 days past due
// (INDICATORS.md: to − due_on ≥ 31), not at exactly 30. A case on each side.
func TestPar30Boundary(t *testing.T) {
	const to = "2026-06-30"
	f := &fixture{}
	f.add("commune", cm, M{"name": "Tam Tiến", "province": "Bắc Ninh"})
	f.add("club", "A", M{"commune_id": cm, "village_id": "v1", "name": "CLB An Bình", "founded_on": "2020-05-01"})
	f.add("member", "a1", M{"club_id": "A", "full_name": "Bà Một", "sex": "female", "birth_year": 1950, "joined_on": "2020-05-01", "poverty": "none", "board_role": "none"})
	loan := func(id, due string, principal int) {
		f.add("loan", id, M{"club_id": "A", "member_id": "a1", "disbursed_on": "2025-10-01", "principal_vnd": principal, "term_months": 6, "monthly_rate_pct": 0.5, "purpose": "livestock", "due_on": due})
	}
	loan("d30", "2026-05-31", 1_000_000)  // exactly 30 days past due on to: not PAR30
	loan("d31", "2026-05-30", 2_000_000)  // 31 days: PAR30
	loan("due", "2026-06-30", 4_000_000)  // due on to: not past due
	loan("late", "2026-07-30", 8_000_000) // due after to
	a, err := Compute(f.rows, Query{CommuneID: cm, From: "2026-01-01", To: to})
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range []struct {
		where string
		got   []Indicator
	}{{"commune", a.Commune.Indicators}, {"club A", a.Clubs[0].Indicators}} {
		var found bool
		for _, i := range b.got {
			if i.Code != "par30_share" {
				continue
			}
			found = true
			if i.Numerator != 2_000_000 || i.Denominator == nil || *i.Denominator != 15_000_000 {
				t.Errorf("%s par30_share %d / %v, want 2000000 / 15000000", b.where, i.Numerator, fmtd(i.Denominator))
			}
		}
		if !found {
			t.Errorf("%s: no par30_share", b.where)
		}
	}
}

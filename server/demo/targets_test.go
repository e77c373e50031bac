package demo

import (
	"encoding/json"
	"testing"

	"clb/server/indicators"
)

// TestTargetsFollowThePlan: the demo commune's target rows are the plan's
// section II.2 as INDICATORS.md reads it (its defaults), so that the report's
// annex and the data agree — the commune's loan access is 100 %, not 60 %.
func TestTargetsFollowThePlan(t *testing.T) {
	d := Generate(testNows[0], 1)
	seen := map[string]bool{}
	for _, c := range d.Changes {
		if c.Entity != "target" {
			continue
		}
		var f struct {
			Phase, Indicator string
			Value            float64
		}
		if err := json.Unmarshal(c.Fields, &f); err != nil {
			t.Fatal(err)
		}
		want, ok := indicators.DefaultTargets[f.Phase][f.Indicator]
		if !ok || f.Value != want {
			t.Errorf("%s %s: %v, the plan says %v", f.Phase, f.Indicator, f.Value, want)
		}
		seen[f.Phase+" "+f.Indicator] = true
	}
	for _, k := range []string{"2026-2030 new_clubs_total", "2026-2030 loan_access_share", "2026-2030 loan_access_club_share", "2031-2035 outreach_share"} {
		if !seen[k] {
			t.Errorf("no target row %s", k)
		}
	}
}

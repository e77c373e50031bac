package indicators

import (
	"encoding/json"
	"os"
	"reflect"
	"testing"
)

// goldenRules is testdata/rules.json, shared with the PWA's tests.
type goldenRules struct {
	MonthsDue []struct {
		Name, Start, To string
		Want            []string
	} `json:"months_due"`
	Judge []struct {
		Name, Code             string
		Numerator, Denominator int64
		Target                 *float64
		Status                 string
	} `json:"judge"`
}

func loadRules(t *testing.T) goldenRules {
	t.Helper()
	b, err := os.ReadFile("testdata/rules.json")
	if err != nil {
		t.Fatal(err)
	}
	var g goldenRules
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatal(err)
	}
	return g
}

func TestMonthsDueGolden(t *testing.T) {
	g := loadRules(t)
	if len(g.MonthsDue) == 0 {
		t.Fatal("no cases")
	}
	for _, c := range g.MonthsDue {
		got := MonthsDue(c.Start, c.To)
		if len(got) == 0 && len(c.Want) == 0 {
			continue
		}
		if !reflect.DeepEqual(got, c.Want) {
			t.Errorf("%s: MonthsDue(%s, %s) = %v, want %v", c.Name, c.Start, c.To, got, c.Want)
		}
	}
}

func TestJudgeGolden(t *testing.T) {
	for _, c := range loadRules(t).Judge {
		if got := share(c.Code, c.Numerator, c.Denominator, c.Target).Status; got != c.Status {
			t.Errorf("%s: %s, want %s", c.Name, got, c.Status)
		}
	}
}

// monthFixture is one club K (founded as given) with a meeting on each of
// days, all eight areas spread over them.
func monthFixture(founded string, days ...string) []Row {
	f := &fixture{}
	f.add("commune", cm, M{"name": "X", "province": "Y"})
	f.add("club", "K", M{"commune_id": cm, "village_id": "v", "name": "K", "founded_on": founded})
	for i, d := range days {
		f.add("meeting", "mt"+d, M{"club_id": "K", "held_on": d, "areas": []any{allAreas[i%8]}})
	}
	if len(days) < 8 && len(days) > 0 { // the last meeting covers the rest
		var rest []any
		for _, a := range allAreas[len(days)-1:] {
			rest = append(rest, a)
		}
		f.add("meeting", "mt-rest", M{"club_id": "K", "held_on": days[len(days)-1], "areas": rest})
	}
	return f.rows
}

// monthly returns the days of the 15th of each month from..to (YYYY-MM).
func monthly(from, to string) []string {
	var out []string
	for m := from; m <= to; {
		out = append(out, m+"-15")
		t, _ := parseDate(m + "-01")
		m = t.AddDate(0, 1, 0).Format("2006-01")
	}
	return out
}

func TestFullActivityMonthRule(t *testing.T) {
	cases := []struct {
		name, founded, from, to string
		days                    []string
		want                    int64
	}{
		{"1 December, met every month to November: December not yet held against it", "2020-01-01", "2026-01-01", "2026-12-01", monthly("2026-01", "2026-11"), 1},
		{"1 December, November missed", "2020-01-01", "2026-01-01", "2026-12-01", monthly("2026-01", "2026-10"), 0},
		{"30 November (month end): November is due and met", "2020-01-01", "2026-07-01", "2026-11-30", monthly("2026-07", "2026-11"), 1},
		{"30 November (month end): November missed", "2020-01-01", "2026-07-01", "2026-11-30", monthly("2026-07", "2026-10"), 0},
		{"29 November: November not due", "2020-01-01", "2026-07-01", "2026-11-29", monthly("2026-07", "2026-10"), 1},
		{"31 December: December missed", "2020-01-01", "2026-01-01", "2026-12-31", monthly("2026-01", "2026-11"), 0},
		{"phase so far (đến nay, 15 February 2027): January 2027 is due", "2020-01-01", "2026-01-01", "2027-02-15", monthly("2026-01", "2026-12"), 0},
		{"phase so far (đến nay, 15 February 2027): met to January", "2020-01-01", "2026-01-01", "2027-02-15", monthly("2026-01", "2027-01"), 1},
		{"founded this month, no month ended, eight areas covered", "2026-11-10", "2026-01-01", "2026-11-20", []string{"2026-11-12"}, 1},
		{"founded this month, no meeting: the areas are not covered", "2026-11-10", "2026-01-01", "2026-11-20", nil, 0},
	}
	for _, c := range cases {
		a, err := Compute(monthFixture(c.founded, c.days...), Query{From: c.from, To: c.to})
		if err != nil {
			t.Fatal(err)
		}
		in, _ := Get(a.Commune.Indicators, "full_activity_share")
		if in.Numerator != c.want || in.Denominator == nil || *in.Denominator != 1 {
			t.Errorf("%s: %d/%v, want %d/1", c.name, in.Numerator, fmtd(in.Denominator), c.want)
		}
		cin, _ := Get(a.Clubs[0].Indicators, "full_activity_share")
		if cin.Numerator != c.want {
			t.Errorf("%s: club %d, want %d", c.name, cin.Numerator, c.want)
		}
	}
}

func TestNewClubsTotal(t *testing.T) {
	rows := mainFixture() // founded: A 2020, B 2026-03-15, C 2010, D 2026 (dissolved), F 2026-07-10
	f := &fixture{rows: rows}
	f.add("club", "G", M{"commune_id": cm, "village_id": "v1", "name": "CLB Gò", "founded_on": "2031-02-01"})
	f.add("club", "H", M{"commune_id": cm, "village_id": "v1", "name": "CLB Hồ", "founded_on": "2027-01-01"}, deleted)
	f.add("target", "nt2", M{"commune_id": cm, "phase": "2031-2035", "indicator": "new_clubs_total", "value": 4})
	cases := []struct {
		name, from, to  string
		newClubs, total int64
		target          float64
		status          string
	}{
		{"before 2026's first new club", "2026-01-01", "2026-01-10", 0, 0, 3, "not_met"},
		{"mid-2026: B and D (dissolved since, still counted)", "2026-01-01", "2026-06-30", 2, 2, 3, "not_met"},
		{"end of phase 1: B, D, F", "2030-01-01", "2030-12-31", 3, 3, 3, "met"},
		{"phase 2 so far: new_clubs restarts, the total does not; the phase-2 row applies", "2031-01-01", "2031-01-31", 0, 3, 4, "not_met"},
		{"phase 2 with G", "2031-01-01", "2031-12-31", 1, 4, 4, "met"},
	}
	for _, c := range cases {
		a, err := Compute(f.rows, Query{CommuneID: cm, From: c.from, To: c.to})
		if err != nil {
			t.Fatal(err)
		}
		nc, _ := Get(a.Commune.Indicators, "new_clubs")
		if nc.Numerator != c.newClubs {
			t.Errorf("%s: new_clubs %d, want %d", c.name, nc.Numerator, c.newClubs)
		}
		in, _ := Get(a.Commune.Indicators, "new_clubs_total")
		check(t, c.name, []Indicator{in}, []e{{"new_clubs_total", c.total, none, c.target, c.status}})
	}
}

func TestResourcesMobilised(t *testing.T) {
	f := &fixture{}
	f.add("commune", cm, M{"name": "X", "province": "Y"})
	f.add("club", "K", M{"commune_id": cm, "village_id": "v", "name": "K", "founded_on": "2020-01-01"})
	f.add("club", "L", M{"commune_id": cm, "village_id": "v", "name": "L", "founded_on": "2020-01-01"})
	f.add("club", "Z", M{"commune_id": cm, "village_id": "v", "name": "Z", "founded_on": "2020-01-01", "dissolved_on": "2026-05-01"})
	fe := func(id, club, fund, on, kind string, amt int) M {
		return M{"club_id": club, "fund": fund, "entry_on": on, "kind": kind, "amount_vnd": amt}
	}
	add := func(id, club, fund, on, kind string, amt int, mods ...func(M) M) {
		fields := fe(id, club, fund, on, kind, amt)
		for _, m := range mods {
			fields = m(fields)
		}
		f.add("fund_entry", id, fields)
	}
	add("r1", "K", "income_generation", "2026-02-01", "donation", 1_000_000)
	add("r2", "K", "activity", "2026-03-01", "donation", 200_000) // either fund
	add("r3", "K", "income_generation", "2026-04-01", "grant", 10_000_000)
	add("r4", "K", "activity", "2026-06-30", "fundraising", 3_500_000) // last day included
	add("r5", "K", "income_generation", "2026-05-01", "contribution", 900_000)
	add("r6", "K", "income_generation", "2026-05-01", "opening_balance", 40_000_000)
	add("r7", "K", "income_generation", "2026-05-01", "expense", 700_000)
	add("r8", "K", "income_generation", "2025-12-31", "donation", 5_000_000) // before from
	add("r9", "K", "income_generation", "2026-07-01", "grant", 5_000_000)    // after to
	add("r10", "K", "income_generation", "2026-03-01", "grant", 8_000_000, voided)
	f.add("fund_entry", "r11", fe("r11", "K", "income_generation", "2026-03-01", "donation", 8_000_000), deleted)
	add("r12", "L", "activity", "2026-01-01", "fundraising", 2_000_000)    // first day included
	add("r13", "Z", "income_generation", "2026-02-01", "grant", 9_000_000) // Z is not in C on to
	a, err := Compute(f.rows, Query{From: "2026-01-01", To: "2026-06-30"})
	if err != nil {
		t.Fatal(err)
	}
	in, _ := Get(a.Commune.Indicators, "resources_mobilised_vnd")
	check(t, "commune", []Indicator{in}, []e{{"resources_mobilised_vnd", 16_700_000, none, none, "info"}})
	k, _ := Get(a.Clubs[0].Indicators, "resources_mobilised_vnd")
	check(t, "K", []Indicator{k}, []e{{"resources_mobilised_vnd", 14_700_000, none, none, "info"}})
	d, err := ComputeDetails(f.rows, Query{From: "2026-01-01", To: "2026-06-30"})
	if err != nil {
		t.Fatal(err)
	}
	if got := d.Total; got.DonationVND != 1_200_000 || got.GrantVND != 10_000_000 || got.FundraisingVND != 5_500_000 {
		t.Errorf("by kind %+v", got)
	}
	if d.Clubs[0].FundraisingVND != 3_500_000 || d.Clubs[1].FundraisingVND != 2_000_000 || d.Clubs[1].GrantVND != 0 {
		t.Errorf("clubs %+v %+v", d.Clubs[0], d.Clubs[1])
	}
}

package indicators

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"reflect"
	"testing"
	"time"
)

// randomRows builds a random commune: clubs founded, dissolved, deleted;
// members joining and leaving; meetings, attendance, readings, loans,
// repayments, fund entries, assessments, trainings, outreach and targets, a
// part of them deleted or voided.
func randomRows(r *rand.Rand) []Row {
	f := &fixture{}
	day := func(y0, y1 int) string {
		t := time.Date(y0, 1, 1, 0, 0, 0, 0, time.UTC)
		n := int(time.Date(y1, 12, 31, 0, 0, 0, 0, time.UTC).Sub(t).Hours() / 24)
		return t.AddDate(0, 0, r.Intn(n+1)).Format(time.DateOnly)
	}
	maybe := func(p float64) bool { return r.Float64() < p }
	opts := func() []func(*Row) {
		var o []func(*Row)
		if maybe(0.05) {
			o = append(o, deleted)
		}
		o = append(o, stamp("value", fmt.Sprintf("h%04d", r.Intn(20))), stamp("meets_standard", fmt.Sprintf("h%04d", r.Intn(20))))
		return o
	}
	void := func(m M) M {
		if maybe(0.08) {
			return voided(m)
		}
		return m
	}
	f.add("commune", cm, M{"name": "R", "province": "P", "older_population": r.Intn(200), "implementing_officers": r.Intn(6)})
	nClubs := 2 + r.Intn(5)
	var clubs, members, meetings, loans []string
	memberClub := map[string]string{}
	for i := 0; i < nClubs; i++ {
		id := fmt.Sprintf("c%d", i)
		fields := M{"commune_id": cm, "village_id": "v", "name": fmt.Sprintf("CLB %c", 'A'+r.Intn(4)), "founded_on": day(2024, 2026)}
		if maybe(0.2) {
			fields["dissolved_on"] = day(2026, 2027)
			if fields["dissolved_on"].(string) <= fields["founded_on"].(string) {
				delete(fields, "dissolved_on")
			}
		}
		if maybe(0.3) {
			fields["interest_fund"] = []string{"activity", "income_generation"}[r.Intn(2)]
		}
		f.add("club", id, fields, opts()...)
		clubs = append(clubs, id)
		for y := 2024; y <= 2027; y++ {
			if maybe(0.5) {
				f.add("club_assessment", fmt.Sprintf("as%d-%d", i, y), M{"club_id": id, "year": y, "meets_standard": maybe(0.6)}, opts()...)
			}
		}
		for j := 0; j < 3+r.Intn(10); j++ {
			mid := fmt.Sprintf("m%d-%d", i, j)
			fields := M{"club_id": id, "full_name": "X", "sex": []string{"female", "male"}[r.Intn(2)], "birth_year": 1940 + r.Intn(50),
				"joined_on": day(2024, 2026), "poverty": []string{"poor", "near_poor", "none"}[r.Intn(3)],
				"board_role": []string{"chair", "none", "none", "treasurer"}[r.Intn(4)], "loan_need": maybe(0.5), "livelihood_group": maybe(0.3)}
			if maybe(0.2) {
				fields["left_on"] = day(2026, 2027)
				if fields["left_on"].(string) < fields["joined_on"].(string) {
					delete(fields, "left_on")
				}
			}
			if maybe(0.5) {
				fields["board_since"] = day(2024, 2026)
			}
			f.add("member", mid, fields, opts()...)
			members = append(members, mid)
			memberClub[mid] = id
		}
		for j := 0; j < r.Intn(14); j++ {
			mid := fmt.Sprintf("mt%d-%d", i, j)
			areas := []string{}
			for _, a := range allAreas {
				if maybe(0.4) {
					areas = append(areas, a)
				}
			}
			topics := []string{}
			if maybe(0.2) {
				topics = append(topics, "green")
			}
			f.add("meeting", mid, M{"club_id": id, "held_on": day(2026, 2026), "areas": areas, "topics": topics}, opts()...)
			meetings = append(meetings, mid)
		}
	}
	pick := func(l []string) string { return l[r.Intn(len(l))] }
	for range 40 {
		mt, m := pick(meetings), pick(members)
		f.add("attendance", "at-"+mt+"-"+m, M{"club_id": memberClub[m], "meeting_id": mt, "member_id": m, "present": maybe(0.8)}, opts()...)
	}
	for i := range 40 {
		m := pick(members)
		f.add("health_check", fmt.Sprintf("hc%d", i), void(M{"club_id": memberClub[m], "member_id": m, "measured_on": day(2025, 2026), "systolic": 100 + r.Intn(100), "diastolic": 60 + r.Intn(60), "measured_by": "club"}), opts()...)
	}
	for i := range 15 {
		m := pick(members)
		id := fmt.Sprintf("L%d", i)
		d := day(2025, 2026)
		f.add("loan", id, void(M{"club_id": memberClub[m], "member_id": m, "disbursed_on": d, "principal_vnd": 1_000_000 * (1 + r.Intn(10)), "term_months": 6, "monthly_rate_pct": 0.5, "purpose": "other", "due_on": addDays(d, 30+r.Intn(300))}), opts()...)
		loans = append(loans, id)
	}
	for i := range 30 {
		l := pick(loans)
		f.add("repayment", fmt.Sprintf("R%d", i), void(M{"club_id": pick(clubs), "loan_id": l, "paid_on": day(2025, 2026), "principal_vnd": 500_000 * r.Intn(4), "interest_vnd": 10_000 * r.Intn(5)}), opts()...)
	}
	kinds := []string{"opening_balance", "contribution", "donation", "grant", "fundraising", "expense"}
	for i := range 30 {
		f.add("fund_entry", fmt.Sprintf("F%d", i), void(M{"club_id": pick(clubs), "fund": []string{"income_generation", "activity"}[r.Intn(2)], "entry_on": day(2025, 2026), "kind": pick(kinds), "amount_vnd": 1_000_000 * (1 + r.Intn(40))}), opts()...)
	}
	for i := range 20 {
		m := pick(members)
		f.add("training", fmt.Sprintf("T%d", i), M{"commune_id": cm, "club_id": memberClub[m], "member_id": m, "kind": []string{"initial", "refresher"}[r.Intn(2)], "held_on": day(2024, 2026)}, opts()...)
	}
	for i := range 5 {
		f.add("training", fmt.Sprintf("O%d", i), M{"commune_id": cm, "kind": "officer_awareness", "trainee_name": []string{"An", "an", "Bình", " BÌNH "}[r.Intn(4)], "held_on": day(2025, 2026)}, opts()...)
		f.add("outreach", fmt.Sprintf("OR%d", i), M{"commune_id": cm, "held_on": day(2025, 2026), "kind": "event", "title": "t", "people_reached": r.Intn(50)}, opts()...)
	}
	codes := []string{"fund_floor_vnd", "loan_access_club_share", "full_activity_share", "older_women_share"}
	for i := range 6 {
		c := pick(codes)
		v := r.Float64()
		if c == "fund_floor_vnd" {
			v = float64(1_000_000 * r.Intn(60))
		}
		f.add("target", fmt.Sprintf("TG%d", i), M{"commune_id": cm, "phase": "2026-2030", "indicator": c, "value": v}, opts()...)
	}
	r.Shuffle(len(f.rows), func(i, j int) { f.rows[i], f.rows[j] = f.rows[j], f.rows[i] })
	return f.rows
}

// TestClubsEqualFullComputation: the per-club computation (incremental path)
// gives the clubs part of the full computation, and the commune's sums agree
// with its clubs.
func TestClubsEqualFullComputation(t *testing.T) {
	r := rand.New(rand.NewSource(20260630))
	periods := [][2]string{{"2026-01-01", "2026-06-30"}, {"2026-07-01", "2026-12-31"}, {"2026-01-01", "2026-12-31"}, {"2025-03-15", "2026-04-10"}}
	for iter := range 200 {
		rows := randomRows(r)
		p := periods[iter%len(periods)]
		full, err := Compute(rows, Query{CommuneID: cm, From: p[0], To: p[1]})
		if err != nil {
			t.Fatal(err)
		}
		// Every club of the commune, in C or not.
		seen := 0
		for i := range rows {
			if rows[i].Entity != "club" {
				continue
			}
			id := rows[i].ID
			part, err := NewIndex(rows, rows[i].str("commune_id")).ClubPartial(id, p[0], p[1])
			if err != nil {
				t.Fatal(err)
			}
			var one *ClubBlock
			if part != nil {
				one = &part.Block
			}
			var inFull *ClubBlock
			for k := range full.Clubs {
				if full.Clubs[k].ClubID == id {
					inFull = &full.Clubs[k]
				}
			}
			if (one == nil) != (inFull == nil) {
				t.Fatalf("iter %d club %s: per-club %v, full %v", iter, id, one != nil, inFull != nil)
			}
			if one == nil {
				continue
			}
			seen++
			if !reflect.DeepEqual(*one, *inFull) {
				a, _ := json.Marshal(one)
				b, _ := json.Marshal(inFull)
				t.Fatalf("iter %d club %s:\n per-club %s\n full     %s", iter, id, a, b)
			}
			// The club query gives the same block.
			q, _ := Compute(rows, Query{ClubID: id, From: p[0], To: p[1]})
			if len(q.Clubs) != 1 || !reflect.DeepEqual(q.Clubs[0], *inFull) {
				t.Fatalf("iter %d club %s: club query differs", iter, id)
			}
		}
		if seen != len(full.Clubs) {
			t.Fatalf("iter %d: %d clubs in C, %d found per club", iter, len(full.Clubs), seen)
		}
		// Sums.
		for _, code := range []string{"members", "loans_outstanding_vnd", "women_share", "older_women_share", "board_trained_share", "attendance_rate", "par30_share", "high_bp_share"} {
			var num, den int64
			for _, c := range full.Clubs {
				in, _ := Get(c.Indicators, code)
				num += in.Numerator
				if in.Denominator != nil {
					den += *in.Denominator
				}
			}
			in, _ := Get(full.Commune.Indicators, code)
			if in.Numerator != num || (in.Denominator != nil && *in.Denominator != den) {
				t.Fatalf("iter %d %s: commune %d/%v, clubs %d/%d", iter, code, in.Numerator, fmtd(in.Denominator), num, den)
			}
		}
	}
}

package indicators

// The hand-computed fixture of the table tests. Each row says in a comment
// why it counts or not; the expected figures are in compute_test.go.

type M = map[string]any

type fixture struct{ rows []Row }

// add appends a row. ints become float64 and []string become []any, as JSON
// decoding gives them; every field gets the stamp "h0001" unless stamps
// override it.
func (f *fixture) add(entity, id string, fields M, opts ...func(*Row)) {
	r := Row{Entity: entity, ID: id, Fields: map[string]any{}, Stamps: map[string]string{}}
	for k, v := range fields {
		switch x := v.(type) {
		case int:
			v = float64(x)
		case []string:
			l := make([]any, len(x))
			for i, s := range x {
				l[i] = s
			}
			v = l
		}
		r.Fields[k] = v
		r.Stamps[k] = "h0001"
	}
	for _, o := range opts {
		o(&r)
	}
	f.rows = append(f.rows, r)
}

func deleted(r *Row) { r.Deleted = true }

func stamp(field, hlc string) func(*Row) {
	return func(r *Row) { r.Stamps[field] = hlc }
}

func voided(fields M) M {
	fields["voided_reason"] = "nhập nhầm"
	return fields
}

const (
	cm    = "commune-1"
	other = "commune-2"
)

// mainFixture: period 2026-01-01 … 2026-06-30 (phase 2026-2030).
func mainFixture() []Row {
	f := &fixture{}
	f.add("commune", cm, M{"name": "Tam Tiến", "province": "Bắc Ninh", "older_population": 100, "implementing_officers": 4})
	f.add("commune", other, M{"name": "Khác", "province": "Bắc Ninh"})

	// Clubs. C = {A, B, C}.
	f.add("club", "A", M{"commune_id": cm, "village_id": "v1", "name": "CLB An Bình", "founded_on": "2020-05-01"})
	f.add("club", "B", M{"commune_id": cm, "village_id": "v1", "name": "CLB Bình Minh", "founded_on": "2026-03-15", "interest_fund": "activity"}) // founded mid-period
	f.add("club", "C", M{"commune_id": cm, "village_id": "v1", "name": "CLB Cây Đa", "founded_on": "2010-01-01"})
	f.add("club", "D", M{"commune_id": cm, "village_id": "v1", "name": "CLB Đã giải thể", "founded_on": "2026-01-20", "dissolved_on": "2026-05-01"}) // new club, dissolved: not in C
	f.add("club", "E", M{"commune_id": cm, "village_id": "v1", "name": "CLB Xóa", "founded_on": "2026-02-01"}, deleted)                              // deleted
	f.add("club", "F", M{"commune_id": cm, "village_id": "v1", "name": "CLB Tương lai", "founded_on": "2026-07-10"})                                 // founded after to
	f.add("club", "G", M{"commune_id": other, "village_id": "v9", "name": "CLB Xã khác", "founded_on": "2026-02-01"})                                // other commune

	// Members of A. M(A, to) = a1 a2 a3 a4 a7.
	f.add("member", "a1", M{"club_id": "A", "full_name": "Bà Một", "sex": "female", "birth_year": 1950, "joined_on": "2020-05-01", "poverty": "poor", "board_role": "chair", "board_since": "2024-03-01", "loan_need": true})
	f.add("member", "a2", M{"club_id": "A", "full_name": "Ông Hai", "sex": "male", "birth_year": 1960, "joined_on": "2021-01-01", "poverty": "near_poor", "board_role": "treasurer"})
	f.add("member", "a3", M{"club_id": "A", "full_name": "Bà Ba", "sex": "female", "birth_year": 1966, "joined_on": "2020-05-01", "poverty": "none", "board_role": "none", "loan_need": true, "livelihood_group": true}) // exactly 60
	f.add("member", "a4", M{"club_id": "A", "full_name": "Chị Bốn", "sex": "female", "birth_year": 1990, "joined_on": "2020-05-01", "poverty": "none", "board_role": "none", "loan_need": true})
	f.add("member", "a5", M{"club_id": "A", "full_name": "Bà Năm", "sex": "female", "birth_year": 1955, "joined_on": "2020-05-01", "left_on": "2026-06-30", "poverty": "poor", "board_role": "none"}) // leaves on to
	f.add("member", "a6", M{"club_id": "A", "full_name": "Ông Sáu", "sex": "male", "birth_year": 1940, "joined_on": "2020-05-01", "poverty": "poor", "board_role": "none"}, deleted)
	f.add("member", "a7", M{"club_id": "A", "full_name": "Chị Bảy", "sex": "female", "birth_year": 1967, "joined_on": "2026-04-01", "poverty": "poor", "board_role": "none"}) // 59
	// Members of B.
	f.add("member", "b1", M{"club_id": "B", "full_name": "Bà Tám", "sex": "female", "birth_year": 1958, "joined_on": "2026-03-15", "poverty": "none", "board_role": "chair", "board_since": "2026-03-15"})
	f.add("member", "b2", M{"club_id": "B", "full_name": "Anh Chín", "sex": "male", "birth_year": 1970, "joined_on": "2026-03-15", "poverty": "poor", "board_role": "none", "loan_need": true})
	// C and D.
	f.add("member", "c1", M{"club_id": "C", "full_name": "Anh Mười", "sex": "male", "birth_year": 1980, "joined_on": "2010-01-01", "poverty": "none", "board_role": "none"})
	f.add("member", "d1", M{"club_id": "D", "full_name": "Bà D", "sex": "female", "birth_year": 1950, "joined_on": "2026-01-20", "poverty": "poor", "board_role": "chair", "loan_need": true})

	// Board trainings. Range of years is empty (to is not 31 December, so
	// 2026 is not required): an initial on or before to is enough.
	f.add("training", "tr1", M{"commune_id": cm, "club_id": "A", "member_id": "a1", "kind": "initial", "held_on": "2024-04-01"})
	f.add("training", "tr2", M{"commune_id": cm, "club_id": "A", "member_id": "a2", "kind": "refresher", "held_on": "2026-02-01"}) // no initial: a2 not trained
	f.add("training", "tr3", M{"commune_id": cm, "club_id": "A", "member_id": "b1", "kind": "initial", "held_on": "2026-03-20"})   // club_id is scope only
	f.add("training", "tr4", M{"commune_id": cm, "club_id": "A", "member_id": "a2", "kind": "initial", "held_on": "2026-07-01"})   // after to

	// Officer awareness: "Nguyễn Văn An" three ways (NFC, case/spaces, NFD) + "Trần Thị Bình" = 2 keys.
	f.add("training", "o1", M{"commune_id": cm, "kind": "officer_awareness", "trainee_name": "Nguyễn Văn An", "held_on": "2026-01-15"})
	f.add("training", "o2", M{"commune_id": cm, "kind": "officer_awareness", "trainee_name": "nguyễn  văn\tAN ", "held_on": "2026-02-15"})
	f.add("training", "o3", M{"commune_id": cm, "kind": "officer_awareness", "trainee_name": "Nguye\u0302\u0303n Va\u0306n An", "held_on": "2026-03-15"})
	f.add("training", "o4", M{"commune_id": cm, "club_id": "D", "kind": "officer_awareness", "trainee_name": "Trần Thị Bình", "held_on": "2026-03-01"})
	f.add("training", "o5", M{"commune_id": cm, "kind": "officer_awareness", "trainee_name": "Lê C", "held_on": "2025-12-01"}) // before phase
	f.add("training", "o6", M{"commune_id": cm, "kind": "officer_awareness", "trainee_name": "Phạm D", "held_on": "2026-03-01"}, deleted)

	// Outreach in the phase window: 20 + 10 = 30 of 100.
	f.add("outreach", "or1", M{"commune_id": cm, "club_id": "A", "held_on": "2026-02-01", "kind": "event", "title": "Ngày hội", "people_reached": 20})
	f.add("outreach", "or2", M{"commune_id": cm, "held_on": "2026-07-01", "kind": "media", "title": "Sau", "people_reached": 100})
	f.add("outreach", "or3", M{"commune_id": cm, "held_on": "2025-12-31", "kind": "media", "title": "Trước", "people_reached": 50})
	f.add("outreach", "or4", M{"commune_id": cm, "held_on": "2026-03-01", "kind": "media", "title": "Xóa", "people_reached": 30}, deleted)
	f.add("outreach", "or5", M{"commune_id": cm, "club_id": "D", "held_on": "2026-05-01", "kind": "digital", "title": "CLB giải thể", "people_reached": 10})

	// Targets.
	f.add("target", "tg1", M{"commune_id": cm, "phase": "2026-2030", "indicator": "new_clubs", "value": 1})
	f.add("target", "tg2", M{"commune_id": cm, "phase": "2031-2035", "indicator": "new_clubs", "value": 5})
	f.add("target", "tg3", M{"commune_id": cm, "phase": "2026-2030", "indicator": "full_activity_share", "value": 0.4}, stamp("value", "h0002"))
	f.add("target", "tg4", M{"commune_id": cm, "phase": "2026-2030", "indicator": "full_activity_share", "value": 0.9}, stamp("value", "h0001"))
	f.add("target", "tg5", M{"commune_id": cm, "phase": "2026-2030", "indicator": "full_activity_share", "value": 0.1}, stamp("value", "h0009"), deleted)
	f.add("target", "tg6", M{"commune_id": other, "phase": "2026-2030", "indicator": "fund_floor_vnd", "value": 1})

	// Assessments: A 2025 true (2026 none); B 2026 false wins by HLC; C only outside [2025, 2026].
	f.add("club_assessment", "as1", M{"club_id": "A", "year": 2025, "meets_standard": true})
	f.add("club_assessment", "as2", M{"club_id": "A", "year": 2024, "meets_standard": false})
	f.add("club_assessment", "as3", M{"club_id": "B", "year": 2026, "meets_standard": true}, stamp("meets_standard", "h0005"))
	f.add("club_assessment", "as4", M{"club_id": "B", "year": 2026, "meets_standard": false}, stamp("meets_standard", "h0007"))
	f.add("club_assessment", "as5", M{"club_id": "C", "year": 2027, "meets_standard": true})
	f.add("club_assessment", "as6", M{"club_id": "C", "year": 2024, "meets_standard": true})
	f.add("club_assessment", "as7", M{"club_id": "D", "year": 2026, "meets_standard": true})

	// Meetings of A: every month, all eight areas, digital in March.
	f.add("meeting", "mA1", M{"club_id": "A", "held_on": "2026-01-10", "areas": []string{"livelihoods", "health"}})
	f.add("meeting", "mA2", M{"club_id": "A", "held_on": "2026-02-15", "areas": []string{"home_care", "self_help"}})
	f.add("meeting", "mA2b", M{"club_id": "A", "held_on": "2026-02-15", "areas": []string{"rights"}})
	f.add("meeting", "mA3", M{"club_id": "A", "held_on": "2026-03-10", "areas": []string{"learning"}, "topics": []string{"digital"}})
	f.add("meeting", "mA4", M{"club_id": "A", "held_on": "2026-04-10", "areas": []string{"culture"}})
	f.add("meeting", "mA5", M{"club_id": "A", "held_on": "2026-05-10", "areas": []string{"resources"}})
	f.add("meeting", "mA6", M{"club_id": "A", "held_on": "2026-06-10", "areas": []string{"health"}})
	// B: March (founding month) to June, all areas, green in April.
	f.add("meeting", "mB1", M{"club_id": "B", "held_on": "2026-03-20", "areas": []string{"livelihoods", "health", "home_care", "self_help", "rights", "learning", "culture"}})
	f.add("meeting", "mB2", M{"club_id": "B", "held_on": "2026-04-20", "areas": []string{"resources"}, "topics": []string{"green"}})
	f.add("meeting", "mB3", M{"club_id": "B", "held_on": "2026-05-20", "areas": []string{"health"}})
	f.add("meeting", "mB4", M{"club_id": "B", "held_on": "2026-06-20", "areas": []string{"health"}})
	// C: a deleted meeting with a topic.
	f.add("meeting", "mC1", M{"club_id": "C", "held_on": "2026-01-05", "areas": []string{"health"}, "topics": []string{"startup_jobs"}}, deleted)

	// Attendance. A: Jan 10 present a1 a2 a3 (a4 absent, a7 not yet a member) = 3;
	// Feb 15 (two meetings, one day) a1 a2 a5 = 3. B: Mar 20 b1 = 1.
	att := func(id, meeting, member string, present bool, opts ...func(*Row)) {
		f.add("attendance", id, M{"club_id": "A", "meeting_id": meeting, "member_id": member, "present": present}, opts...)
	}
	att("at1", "mA1", "a1", true)
	att("at2", "mA1", "a2", true)
	att("at3", "mA1", "a3", true)
	att("at4", "mA1", "a4", false)
	att("at5", "mA1", "a7", true)
	att("at6", "mA2", "a1", true)
	att("at7", "mA2b", "a1", true)
	att("at8", "mA2b", "a2", true)
	att("at9", "mA2", "a5", true)
	att("at10", "mA2", "a3", true, deleted)
	att("at11", "mB1", "b1", true)
	att("at12", "mB1", "b2", false)

	// Health checks in the period.
	hc := func(id, club, member, on string, sys, dia int, opts ...func(*Row)) {
		fields := M{"club_id": club, "member_id": member, "measured_on": on, "systolic": sys, "diastolic": dia, "measured_by": "club"}
		f.add("health_check", id, fields, opts...)
	}
	hc("h1", "A", "a1", "2026-02-10", 150, 85)
	hc("h2", "A", "a1", "2026-05-10", 130, 80)
	hc("h3", "A", "a1", "2026-05-10", 145, 85) // latest day has one high reading: high
	hc("h4", "A", "a2", "2026-03-01", 185, 100)
	hc("h5", "A", "a2", "2026-06-01", 120, 80) // latest normal: not high
	hc("h6", "A", "a3", "2025-12-20", 160, 95) // before the period
	hc("h7", "A", "a4", "2026-04-01", 120, 95) // diastolic high
	f.add("health_check", "h8", voided(M{"club_id": "A", "member_id": "a7", "measured_on": "2026-04-05", "systolic": 170, "diastolic": 100, "measured_by": "club"}))
	hc("h9", "A", "b1", "2026-04-20", 190, 115)  // counts for b1 (club B) whatever its club_id
	hc("h10", "A", "a5", "2026-03-01", 200, 120) // a5 left on to

	// Loans and repayments.
	loan := func(id, club, member, disb string, principal int, due string, opts ...func(*Row)) {
		f.add("loan", id, M{"club_id": club, "member_id": member, "disbursed_on": disb, "principal_vnd": principal, "term_months": 6, "monthly_rate_pct": 0.5, "purpose": "livestock", "due_on": due}, opts...)
	}
	rep := func(id, club, l, on string, p, i int) M {
		return M{"club_id": club, "loan_id": l, "paid_on": on, "principal_vnd": p, "interest_vnd": i}
	}
	loan("L1", "A", "a1", "2025-10-01", 10_000_000, "2026-04-01") // 5 000 000 left, 90 days past due: PAR30
	f.add("repayment", "R1", rep("R1", "A", "L1", "2025-12-01", 2_000_000, 100_000))
	f.add("repayment", "R2", rep("R2", "A", "L1", "2026-03-01", 3_000_000, 150_000))
	f.add("repayment", "R3", voided(rep("R3", "A", "L1", "2026-04-01", 5_000_000, 50_000)))
	f.add("repayment", "R4", rep("R4", "A", "L1", "2026-07-05", 5_000_000, 0)) // after to
	f.add("loan", "L2", voided(M{"club_id": "A", "member_id": "a4", "disbursed_on": "2026-02-01", "principal_vnd": 8_000_000, "term_months": 6, "monthly_rate_pct": 0.5, "purpose": "trade", "due_on": "2026-08-01"}))
	f.add("repayment", "R5", rep("R5", "A", "L2", "2026-03-01", 1_000_000, 80_000)) // repayment of a voided loan
	loan("L3", "A", "a2", "2026-05-01", 6_000_000, "2026-06-15")                    // 15 days past due: overdue, not PAR30
	f.add("repayment", "R6", rep("R6", "A", "L3", "2026-06-10", 0, 60_000))
	loan("L4", "A", "a1", "2026-01-15", 9_000_000, "2026-03-01", deleted)
	loan("L5", "B", "b2", "2026-04-01", 5_000_000, "2026-10-01")
	f.add("repayment", "R7", rep("R7", "B", "L5", "2026-05-01", 1_000_000, 50_000)) // B's interest goes to the activity fund
	loan("LD", "D", "d1", "2026-01-25", 10_000_000, "2026-02-25")

	// Fund entries. A = 49 600 000 + 500 000 − 200 000 + interest 310 000 = 50 210 000.
	fe := func(id, club, fund, on, kind string, amount int) M {
		return M{"club_id": club, "fund": fund, "entry_on": on, "kind": kind, "amount_vnd": amount}
	}
	f.add("fund_entry", "f1", fe("f1", "A", "income_generation", "2025-01-01", "opening_balance", 49_600_000))
	f.add("fund_entry", "f2", fe("f2", "A", "income_generation", "2026-02-01", "contribution", 500_000))
	f.add("fund_entry", "f3", fe("f3", "A", "income_generation", "2026-03-01", "expense", 200_000))
	f.add("fund_entry", "f4", fe("f4", "A", "income_generation", "2026-07-01", "donation", 1_000_000))
	f.add("fund_entry", "f5", fe("f5", "A", "activity", "2026-02-01", "contribution", 300_000))
	f.add("fund_entry", "f6", voided(fe("f6", "A", "income_generation", "2026-02-01", "grant", 5_000_000)))
	f.add("fund_entry", "f7", fe("f7", "A", "income_generation", "2026-02-01", "donation", 7_000_000), deleted)
	f.add("fund_entry", "f8", fe("f8", "B", "income_generation", "2026-03-15", "grant", 55_000_000))
	f.add("fund_entry", "f9", fe("f9", "D", "income_generation", "2026-01-20", "grant", 80_000_000))
	return f.rows
}

package indicators

import "sort"

// Details are the per-club figures the reports show beside the indicators
// (composition, money, readings). They follow the same rules: clubs of C,
// members of M(c, to), live rows, loans of the club by club_id, readings
// counted for the member they name.
type Details struct {
	From, To string
	Clubs    []ClubDetails // C, sorted by name then id
	Total    ClubDetails   // sums over C (ClubID and Name empty)
}

// ClubDetails is one club's figures on to / over the period.
type ClubDetails struct {
	ClubID, Name string
	FoundedOn    string

	Members, Women, Older, OlderWomen, Poor, NearPoor int64

	FundVND           int64 // fund size on to
	LoansDisbursed    int64 // live loans disbursed in the period
	LoansDisbursedVND int64 // their principal
	LoansOutstanding  int64 // live loans with outstanding principal on to > 0
	OutstandingVND    int64
	OverdueLoans      int64 // due_on < to and outstanding on to > 0
	OverdueVND        int64
	PAR30VND          int64 // outstanding of loans past due by more than 30 days

	Readings      int64 // live health checks in the period of members in M(c, to)
	Measured      int64 // members in M(c, to) measured in the period
	OlderMeasured int64
	High          int64 // latest reading high (≥ 140/90)
	Urgent        int64 // latest reading urgent (≥ 180/110)

	// Resources mobilised in the period by kind (resources_mobilised_vnd is
	// their sum): fund entries of either fund.
	DonationVND, GrantVND, FundraisingVND int64
}

func (t *ClubDetails) add(c ClubDetails) {
	t.Members += c.Members
	t.Women += c.Women
	t.Older += c.Older
	t.OlderWomen += c.OlderWomen
	t.Poor += c.Poor
	t.NearPoor += c.NearPoor
	t.FundVND += c.FundVND
	t.LoansDisbursed += c.LoansDisbursed
	t.LoansDisbursedVND += c.LoansDisbursedVND
	t.LoansOutstanding += c.LoansOutstanding
	t.OutstandingVND += c.OutstandingVND
	t.OverdueLoans += c.OverdueLoans
	t.OverdueVND += c.OverdueVND
	t.PAR30VND += c.PAR30VND
	t.Readings += c.Readings
	t.Measured += c.Measured
	t.OlderMeasured += c.OlderMeasured
	t.High += c.High
	t.Urgent += c.Urgent
	t.DonationVND += c.DonationVND
	t.GrantVND += c.GrantVND
	t.FundraisingVND += c.FundraisingVND
}

// ComputeDetails computes the details of the commune's clubs of C for the
// period (q.ClubID, when set, keeps that club only).
func ComputeDetails(rows []Row, q Query) (*Details, error) {
	return NewIndex(rows, q.CommuneID).Details(q)
}

// Details: see ComputeDetails.
func (ix *Index) Details(q Query) (*Details, error) {
	if err := checkPeriod(q.From, q.To); err != nil {
		return nil, err
	}
	p := ix.period(q.From, q.To)
	d := &Details{From: q.From, To: q.To, Clubs: []ClubDetails{}}
	ty := year(q.To)
	for _, c := range p.clubs {
		if q.ClubID != "" && c.ID != q.ClubID {
			continue
		}
		cd := ClubDetails{ClubID: c.ID, Name: c.str("name"), FoundedOn: c.str("founded_on")}
		for _, m := range ix.activeMembers(c.ID, q.To) {
			cd.Members++
			female := m.str("sex") == "female"
			by, ok := m.num("birth_year")
			older := ok && ty-int(by) >= 60
			if female {
				cd.Women++
			}
			if older {
				cd.Older++
				if female {
					cd.OlderWomen++
				}
			}
			switch m.str("poverty") {
			case "poor":
				cd.Poor++
			case "near_poor":
				cd.NearPoor++
			}
			for _, h := range ix.checksByMember[m.ID] {
				if on := h.str("measured_on"); on >= q.From && on <= q.To {
					cd.Readings++
				}
			}
			if latest := p.latestReadings(m.ID); len(latest) > 0 {
				cd.Measured++
				if older {
					cd.OlderMeasured++
				}
				if anyHigh(latest, false) {
					cd.High++
				}
				if anyHigh(latest, true) {
					cd.Urgent++
				}
			}
		}
		cd.FundVND = ix.FundSize(c.ID, q.To)
		res := p.resources(c.ID)
		cd.DonationVND, cd.GrantVND, cd.FundraisingVND = res["donation"], res["grant"], res["fundraising"]
		for _, l := range ix.loansByClub[c.ID] {
			if dis := l.str("disbursed_on"); dis >= q.From && dis <= q.To {
				cd.LoansDisbursed++
				cd.LoansDisbursedVND += l.int64f("principal_vnd")
			}
			o := ix.outstanding(l, q.To)
			if o == 0 {
				continue
			}
			cd.LoansOutstanding++
			cd.OutstandingVND += o
			due := l.str("due_on")
			if due != "" && due < q.To {
				cd.OverdueLoans++
				cd.OverdueVND += o
			}
			if due != "" && daysBetween(due, q.To) >= 31 {
				cd.PAR30VND += o
			}
		}
		d.Clubs = append(d.Clubs, cd)
		d.Total.add(cd)
	}
	return d, nil
}

// Health is the health-station view: per club of C, the members of M(c, to)
// measured in the period with their latest reading, and those whose latest
// reading is high or urgent.
type Health struct {
	From  string       `json:"from"`
	To    string       `json:"to"`
	Clubs []HealthClub `json:"clubs"`
}

// HealthClub is one club's list.
type HealthClub struct {
	ClubID   string         `json:"club_id"`
	Name     string         `json:"name"`
	Measured []HealthMember `json:"measured"` // every member measured in the period
	High     []HealthMember `json:"high"`     // latest reading ≥ 140/90 (urgent ones included)
	Urgent   []HealthMember `json:"urgent"`   // latest reading ≥ 180/110
}

// HealthMember is a member and their latest reading in the period. When the
// latest day has several readings, Systolic/Diastolic are those of the
// highest reading (greatest systolic, then diastolic).
type HealthMember struct {
	MemberID   string `json:"member_id"`
	FullName   string `json:"full_name"`
	Sex        string `json:"sex"`
	BirthYear  int    `json:"birth_year"`
	Age        int    `json:"age"`
	MeasuredOn string `json:"measured_on"`
	Systolic   int    `json:"systolic"`
	Diastolic  int    `json:"diastolic"`
	Readings   int    `json:"readings"` // readings on that day
	High       bool   `json:"high"`
	Urgent     bool   `json:"urgent"`
}

// HealthList computes the health-station view for the period.
func HealthList(rows []Row, q Query) (*Health, error) {
	return NewIndex(rows, q.CommuneID).HealthList(q)
}

// HealthList: see the package function.
func (ix *Index) HealthList(q Query) (*Health, error) {
	if err := checkPeriod(q.From, q.To); err != nil {
		return nil, err
	}
	p := ix.period(q.From, q.To)
	h := &Health{From: q.From, To: q.To, Clubs: []HealthClub{}}
	for _, c := range p.clubs {
		if q.ClubID != "" && c.ID != q.ClubID {
			continue
		}
		hc := HealthClub{ClubID: c.ID, Name: c.str("name"), Measured: []HealthMember{}, High: []HealthMember{}, Urgent: []HealthMember{}}
		for _, m := range ix.activeMembers(c.ID, q.To) {
			latest := p.latestReadings(m.ID)
			if len(latest) == 0 {
				continue
			}
			by, _ := m.num("birth_year")
			hm := HealthMember{MemberID: m.ID, FullName: m.str("full_name"), Sex: m.str("sex"), BirthYear: int(by),
				Age: year(q.To) - int(by), MeasuredOn: latest[0].str("measured_on"), Readings: len(latest),
				High: anyHigh(latest, false), Urgent: anyHigh(latest, true)}
			for i, r := range latest {
				s, _ := r.num("systolic")
				d, _ := r.num("diastolic")
				if i == 0 || int(s) > hm.Systolic || (int(s) == hm.Systolic && int(d) > hm.Diastolic) {
					hm.Systolic, hm.Diastolic = int(s), int(d)
				}
			}
			hc.Measured = append(hc.Measured, hm)
			if hm.High {
				hc.High = append(hc.High, hm)
			}
			if hm.Urgent {
				hc.Urgent = append(hc.Urgent, hm)
			}
		}
		for _, l := range [][]HealthMember{hc.Measured, hc.High, hc.Urgent} {
			sort.SliceStable(l, func(i, j int) bool {
				if l[i].FullName != l[j].FullName {
					return l[i].FullName < l[j].FullName
				}
				return l[i].MemberID < l[j].MemberID
			})
		}
		h.Clubs = append(h.Clubs, hc)
	}
	return h, nil
}

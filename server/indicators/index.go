package indicators

import "sort"

// Index holds the live rows of one commune grouped for the computations. Build
// it once with NewIndex and compute many periods or clubs from it; it is not
// modified by the computations and may be shared between goroutines.
type Index struct {
	CommuneID string
	commune   *Row

	clubs          map[string]*Row   // live clubs of the commune
	members        map[string]*Row   // live members, by id
	membersByClub  map[string][]*Row // live members by club_id
	meetingsByClub map[string][]*Row
	attByMeeting   map[string][]*Row // live attendance by meeting_id
	assessByClub   map[string][]*Row
	boardTraining  map[string][]*Row // live initial/refresher trainings by member_id
	officerTrain   []*Row            // live officer_awareness trainings of the commune
	outreach       []*Row            // live outreach of the commune
	targets        []*Row            // live targets of the commune
	fundByClub     map[string][]*Row // live fund entries by club_id
	loans          map[string]*Row   // live loans by id
	loansByClub    map[string][]*Row // live loans by club_id
	loansByMember  map[string][]*Row // live loans by member_id
	repayByLoan    map[string][]*Row // live repayments of live loans, by loan_id
	checksByMember map[string][]*Row // live health checks by member_id
}

// NewIndex indexes rows for the commune communeID. When communeID is empty,
// the commune is the only live commune row (or the smallest id of several);
// with no commune row, the commune of the first club row by id.
//
// Reading: rows of entities that name a commune_id (club, training, outreach,
// target) count only when it is the commune's; rows placed through a club
// (member, meeting, money, readings…) count through that club or member, so
// a row of a club outside the commune is never reached.
func NewIndex(rows []Row, communeID string) *Index {
	if communeID == "" {
		communeID = guessCommune(rows)
	}
	ix := &Index{
		CommuneID:      communeID,
		clubs:          map[string]*Row{},
		members:        map[string]*Row{},
		membersByClub:  map[string][]*Row{},
		meetingsByClub: map[string][]*Row{},
		attByMeeting:   map[string][]*Row{},
		assessByClub:   map[string][]*Row{},
		boardTraining:  map[string][]*Row{},
		fundByClub:     map[string][]*Row{},
		loans:          map[string]*Row{},
		loansByClub:    map[string][]*Row{},
		loansByMember:  map[string][]*Row{},
		repayByLoan:    map[string][]*Row{},
		checksByMember: map[string][]*Row{},
	}
	var repays []*Row
	for i := range rows {
		r := &rows[i]
		if !r.live() {
			continue
		}
		ix.add(r, &repays)
	}
	// A repayment counts only if its loan is live too.
	for _, r := range repays {
		if _, ok := ix.loans[r.str("loan_id")]; ok {
			ix.repayByLoan[r.str("loan_id")] = append(ix.repayByLoan[r.str("loan_id")], r)
		}
	}
	return ix
}

// add indexes one live row (NewIndex and Update); repayments wait in repays
// until every loan is known.
func (ix *Index) add(r *Row, repays *[]*Row) {
	communeID := ix.CommuneID
	switch r.Entity {
	case "commune":
		if r.ID == communeID {
			ix.commune = r
		}
	case "club":
		if r.str("commune_id") == communeID {
			ix.clubs[r.ID] = r
		}
	case "member":
		ix.members[r.ID] = r
		ix.membersByClub[r.str("club_id")] = append(ix.membersByClub[r.str("club_id")], r)
	case "meeting":
		ix.meetingsByClub[r.str("club_id")] = append(ix.meetingsByClub[r.str("club_id")], r)
	case "attendance":
		ix.attByMeeting[r.str("meeting_id")] = append(ix.attByMeeting[r.str("meeting_id")], r)
	case "club_assessment":
		ix.assessByClub[r.str("club_id")] = append(ix.assessByClub[r.str("club_id")], r)
	case "training":
		if r.str("commune_id") != communeID {
			return
		}
		switch r.str("kind") {
		case "initial", "refresher":
			if m := r.str("member_id"); m != "" {
				ix.boardTraining[m] = append(ix.boardTraining[m], r)
			}
		case "officer_awareness":
			ix.officerTrain = append(ix.officerTrain, r)
		}
	case "outreach":
		if r.str("commune_id") == communeID {
			ix.outreach = append(ix.outreach, r)
		}
	case "target":
		if r.str("commune_id") == communeID {
			ix.targets = append(ix.targets, r)
		}
	case "fund_entry":
		ix.fundByClub[r.str("club_id")] = append(ix.fundByClub[r.str("club_id")], r)
	case "loan":
		ix.loans[r.ID] = r
		ix.loansByClub[r.str("club_id")] = append(ix.loansByClub[r.str("club_id")], r)
		ix.loansByMember[r.str("member_id")] = append(ix.loansByMember[r.str("member_id")], r)
	case "repayment":
		*repays = append(*repays, r)
	case "health_check":
		ix.checksByMember[r.str("member_id")] = append(ix.checksByMember[r.str("member_id")], r)
	}
}

func guessCommune(rows []Row) string {
	best := ""
	for i := range rows {
		r := &rows[i]
		if r.Entity == "commune" && !r.Deleted && (best == "" || r.ID < best) {
			best = r.ID
		}
	}
	if best != "" {
		return best
	}
	clubID := ""
	for i := range rows {
		r := &rows[i]
		if r.Entity == "club" && !r.Deleted && (clubID == "" || r.ID < clubID) {
			clubID, best = r.ID, r.str("commune_id")
		}
	}
	return best
}

// CommuneName is the commune's name ("" without a commune row).
func (ix *Index) CommuneName() string {
	if ix.commune == nil {
		return ""
	}
	return ix.commune.str("name")
}

// CommuneField returns a text field of the commune row (e.g. "province").
func (ix *Index) CommuneField(f string) string {
	if ix.commune == nil {
		return ""
	}
	return ix.commune.str(f)
}

// clubActive: founded_on ≤ d and (dissolved_on empty or dissolved_on > d).
func clubActive(c *Row, d string) bool {
	f := c.str("founded_on")
	if f == "" || f > d {
		return false
	}
	dis := c.str("dissolved_on")
	return dis == "" || dis > d
}

// memberActive: joined_on ≤ d and (left_on empty or left_on > d).
func memberActive(m *Row, d string) bool {
	j := m.str("joined_on")
	if j == "" || j > d {
		return false
	}
	l := m.str("left_on")
	return l == "" || l > d
}

// activeClubs returns C on d, sorted by name then id.
func (ix *Index) activeClubs(d string) []*Row {
	var out []*Row
	for _, c := range ix.clubs {
		if clubActive(c, d) {
			out = append(out, c)
		}
	}
	sortClubs(out)
	return out
}

func sortClubs(cs []*Row) {
	sort.Slice(cs, func(i, j int) bool {
		a, b := cs[i].str("name"), cs[j].str("name")
		if a != b {
			return a < b
		}
		return cs[i].ID < cs[j].ID
	})
}

// activeMembers returns M(c, d), sorted by id.
func (ix *Index) activeMembers(clubID, d string) []*Row {
	var out []*Row
	for _, m := range ix.membersByClub[clubID] {
		if memberActive(m, d) {
			out = append(out, m)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// outstanding principal of loan l on d.
func (ix *Index) outstanding(l *Row, d string) int64 {
	dis := l.str("disbursed_on")
	if dis == "" || dis > d {
		return 0
	}
	left := l.int64f("principal_vnd")
	for _, r := range ix.repayByLoan[l.ID] {
		if p := r.str("paid_on"); p != "" && p <= d {
			left -= r.int64f("principal_vnd")
		}
	}
	if left < 0 {
		return 0
	}
	return left
}

// Outstanding is the principal of loan loanID not yet repaid on d (0 for a
// loan that is not live, not yet disbursed, or repaid beyond its principal).
func (ix *Index) Outstanding(loanID, d string) int64 {
	if l := ix.loans[loanID]; l != nil {
		return ix.outstanding(l, d)
	}
	return 0
}

// CashInHand is club clubID's cash on d: its income-generation fund less the
// principal lent out and not yet repaid.
func (ix *Index) CashInHand(clubID, d string) int64 {
	cash := ix.FundSize(clubID, d)
	for _, l := range ix.loansByClub[clubID] {
		cash -= ix.outstanding(l, d)
	}
	return cash
}

// FundSize is the size of club clubID's income-generation fund on d.
func (ix *Index) FundSize(clubID, d string) int64 {
	var size int64
	for _, e := range ix.fundByClub[clubID] {
		if e.str("fund") != "income_generation" {
			continue
		}
		on := e.str("entry_on")
		if on == "" || on > d {
			continue
		}
		if e.str("kind") == "expense" {
			size -= e.int64f("amount_vnd")
		} else {
			size += e.int64f("amount_vnd")
		}
	}
	c := ix.clubs[clubID]
	if c != nil {
		if f := c.str("interest_fund"); f == "" || f == "income_generation" {
			for _, l := range ix.loansByClub[clubID] {
				for _, r := range ix.repayByLoan[l.ID] {
					if p := r.str("paid_on"); p != "" && p <= d {
						size += r.int64f("interest_vnd")
					}
				}
			}
		}
	}
	return size
}

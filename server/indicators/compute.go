package indicators

import (
	"errors"
	"fmt"
	"sort"
	"time"

	"clb/schema"
)

// Query names the period and what to compute. From and To are YYYY-MM-DD,
// both included. With ClubID set the answer has no commune block and only that
// club (or no club when it is not in C).
type Query struct {
	CommuneID string
	ClubID    string
	From, To  string
}

// Answer is INDICATORS.md's "Shape of the answer".
type Answer struct {
	From    string        `json:"from"`
	To      string        `json:"to"`
	Phase   string        `json:"phase"`
	Commune *CommuneBlock `json:"commune"`
	Clubs   []ClubBlock   `json:"clubs"`
}

// CommuneBlock is the commune's indicators.
type CommuneBlock struct {
	ID         string      `json:"id"`
	Name       string      `json:"name"`
	Indicators []Indicator `json:"indicators"`
}

// ClubBlock is one club's indicators.
type ClubBlock struct {
	ClubID     string      `json:"club_id"`
	Name       string      `json:"name"`
	Indicators []Indicator `json:"indicators"`
}

// Indicator is one figure. Value, Denominator and Target are nil where
// INDICATORS.md gives null.
type Indicator struct {
	Code        string   `json:"code"`
	Value       *float64 `json:"value"`
	Numerator   int64    `json:"numerator"`
	Denominator *int64   `json:"denominator"`
	Target      *float64 `json:"target"`
	Status      string   `json:"status"`
}

// Statuses.
const (
	StatusMet    = "met"
	StatusNotMet = "not_met"
	StatusNoData = "no_data"
	StatusInfo   = "info"
)

// Phases.
const (
	Phase1 = "2026-2030"
	Phase2 = "2031-2035"
)

// CommuneCodes are the commune indicators in INDICATORS.md's order.
var CommuneCodes = []string{
	"new_clubs", "new_clubs_total", "older_women_share", "standard_clubs", "full_activity_share",
	"transformation_share", "board_trained_share", "fund_share", "fund_floor_vnd",
	"loan_access_share", "outreach_share", "officers_trained_share", "bp_checked_share",
	"high_bp_share", "members", "women_share", "older_share", "poor_share",
	"loans_outstanding_vnd", "par30_share", "attendance_rate", "resources_mobilised_vnd",
}

// ClubCodes are the club indicators: the commune list without new_clubs,
// new_clubs_total, fund_floor_vnd, outreach_share and officers_trained_share, with `standard`
// in the place of standard_clubs and `fund_size_vnd` in the place of
// fund_share.
//
// Reading: "in their place" is read as "at their position in the list".
var ClubCodes = []string{
	"older_women_share", "standard", "full_activity_share", "transformation_share",
	"board_trained_share", "fund_size_vnd", "loan_access_share", "bp_checked_share",
	"high_bp_share", "members", "women_share", "older_share", "poor_share",
	"loans_outstanding_vnd", "par30_share", "attendance_rate", "resources_mobilised_vnd",
}

// DefaultTargets are the defaults of INDICATORS.md's table, by phase.
var DefaultTargets = map[string]map[string]float64{
	Phase1: {
		"new_clubs": 2, "new_clubs_total": 3, "older_women_share": 0.5, "standard_clubs": 1, "full_activity_share": 0.8,
		"transformation_share": 0.5, "board_trained_share": 1, "fund_share": 1,
		"fund_floor_vnd": 50_000_000, "loan_access_share": 1, "loan_access_club_share": 0.6,
		"outreach_share": 0.3, "officers_trained_share": 1,
	},
	Phase2: {
		"new_clubs": 1, "new_clubs_total": 3, "older_women_share": 0.5, "standard_clubs": 1, "full_activity_share": 0.8,
		"transformation_share": 0.5, "board_trained_share": 1, "fund_share": 1,
		"fund_floor_vnd": 50_000_000, "loan_access_share": 1, "loan_access_club_share": 0.6,
		"outreach_share": 0.5, "officers_trained_share": 1,
	},
}

// PhaseOf returns the phase of the reference day to and the phase start.
func PhaseOf(to string) (phase, start string) {
	if year(to) <= 2030 {
		return Phase1, "2026-01-01"
	}
	return Phase2, "2031-01-01"
}

// ErrInvalidPeriod is returned for a bad or reversed period.
var ErrInvalidPeriod = errors.New("indicators: invalid period")

func checkPeriod(from, to string) error {
	if !validDate(from) || !validDate(to) {
		return fmt.Errorf("%w: from=%q to=%q", ErrInvalidPeriod, from, to)
	}
	if from > to {
		return fmt.Errorf("%w: from %s after to %s", ErrInvalidPeriod, from, to)
	}
	return nil
}

// Compute computes the answer of GET /api/indicators from all rows of one
// commune.
func Compute(rows []Row, q Query) (*Answer, error) {
	cid := q.CommuneID
	if cid == "" && q.ClubID != "" {
		for i := range rows {
			if rows[i].Entity == "club" && rows[i].ID == q.ClubID && !rows[i].Deleted {
				cid = rows[i].str("commune_id")
			}
		}
	}
	return NewIndex(rows, cid).Compute(q)
}

// Compute is Compute on an index (q.CommuneID is ignored: the index's commune
// is used).
func (ix *Index) Compute(q Query) (*Answer, error) {
	if err := checkPeriod(q.From, q.To); err != nil {
		return nil, err
	}
	p := ix.period(q.From, q.To)
	a := &Answer{From: q.From, To: q.To, Phase: p.phase, Clubs: []ClubBlock{}}
	if q.ClubID != "" {
		for _, c := range p.clubs {
			if c.ID == q.ClubID {
				a.Clubs = append(a.Clubs, p.clubBlock(c, p.tally(c)))
			}
		}
		return a, nil
	}
	var sum communeTally
	for _, c := range p.clubs {
		t := p.tally(c)
		sum.add(t)
		a.Clubs = append(a.Clubs, p.clubBlock(c, t))
	}
	a.Commune = &CommuneBlock{ID: ix.CommuneID, Name: ix.CommuneName(), Indicators: p.communeIndicators(&sum)}
	return a, nil
}

// period is the context of one computation.
type period struct {
	ix               *Index
	from, to         string
	phase, phaseFrom string
	clubs            []*Row // C, sorted by name then id
}

func (ix *Index) period(from, to string) *period {
	ph, start := PhaseOf(to)
	return &period{ix: ix, from: from, to: to, phase: ph, phaseFrom: start, clubs: ix.activeClubs(to)}
}

// Target returns the target of code for the phase: the commune's live target
// row (greatest HLC of value, then greatest row id), else the default.
func (ix *Index) Target(phase, code string) (float64, bool) {
	var best *Row
	for _, t := range ix.targets {
		if t.str("phase") != phase || t.str("indicator") != code {
			continue
		}
		if _, ok := t.num("value"); !ok {
			continue
		}
		if best == nil || newer(t, best, "value") {
			best = t
		}
	}
	if best != nil {
		v, _ := best.num("value")
		return v, true
	}
	v, ok := DefaultTargets[phase][code]
	return v, ok
}

func (p *period) target(code string) *float64 {
	v, ok := p.ix.Target(p.phase, code)
	if !ok {
		return nil
	}
	return &v
}

// tally holds a club's counts; the commune's are their sums.
type tally struct {
	members, women, older, olderWomen, poor int64
	board, boardTrained                     int64
	olderChecked, measured, high            int64
	outstanding, par30                      int64
	attPresent, attExpected                 int64
	standard, fullActivity, transformation  bool
	fund                                    int64
	loanNeed, loanAccess                    int64
	resources                               int64 // resources mobilised in the period
}

// communeTally sums the clubs' tallies and keeps the per-club judgements the
// commune counts.
type communeTally struct {
	tally
	clubs, standard, fullActivity, transformation int64
	funds                                         []int64 // each club's fund size
	loanShares                                    [][2]int64
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

func (s *communeTally) add(t tally) {
	s.clubs++
	s.members += t.members
	s.women += t.women
	s.older += t.older
	s.olderWomen += t.olderWomen
	s.poor += t.poor
	s.board += t.board
	s.boardTrained += t.boardTrained
	s.olderChecked += t.olderChecked
	s.measured += t.measured
	s.high += t.high
	s.outstanding += t.outstanding
	s.par30 += t.par30
	s.attPresent += t.attPresent
	s.attExpected += t.attExpected
	s.standard += b2i(t.standard)
	s.fullActivity += b2i(t.fullActivity)
	s.transformation += b2i(t.transformation)
	s.loanNeed += t.loanNeed
	s.loanAccess += t.loanAccess
	s.resources += t.resources
	s.funds = append(s.funds, t.fund)
	s.loanShares = append(s.loanShares, [2]int64{t.loanAccess, t.loanNeed})
}

// allAreas are the areas a club of full activity covers in a period: every
// value a meeting's areas may take (schema/entities.json, meeting.areas).
var allAreas = func() []string {
	a, err := areasOf(schema.MustLoad())
	if err != nil {
		panic(err)
	}
	return a
}()

func areasOf(s *schema.Schema) ([]string, error) {
	if e, ok := s.Entity("meeting"); ok {
		if f, ok := e.Field("areas"); ok && len(f.Values) > 0 {
			return f.Values, nil
		}
	}
	return nil, errors.New("indicators: the schema has no values of meeting.areas")
}

// tally computes the counts of club c (a club of C).
func (p *period) tally(c *Row) tally {
	ix := p.ix
	var t tally
	ty := year(p.to)
	members := ix.activeMembers(c.ID, p.to)
	for _, m := range members {
		t.members++
		female := m.str("sex") == "female"
		by, hasBY := m.num("birth_year")
		older := hasBY && ty-int(by) >= 60
		if female {
			t.women++
		}
		if older {
			t.older++
			if female {
				t.olderWomen++
			}
		}
		if pv := m.str("poverty"); pv == "poor" || pv == "near_poor" {
			t.poor++
		}
		if role := m.str("board_role"); role != "" && role != "none" {
			t.board++
			if p.boardTrained(m) {
				t.boardTrained++
			}
		}
		if latest := p.latestReadings(m.ID); len(latest) > 0 {
			t.measured++
			if older {
				t.olderChecked++
			}
			if anyHigh(latest, false) {
				t.high++
			}
		}
		if m.boolean("loan_need") {
			t.loanNeed++
			if m.boolean("livelihood_group") || p.tookLoan(m.ID) {
				t.loanAccess++
			}
		}
	}
	// Money.
	for _, l := range ix.loansByClub[c.ID] {
		o := ix.outstanding(l, p.to)
		t.outstanding += o
		if due := l.str("due_on"); due != "" && daysBetween(due, p.to) >= 31 {
			t.par30 += o
		}
	}
	t.fund = ix.FundSize(c.ID, p.to)
	for _, n := range p.resources(c.ID) {
		t.resources += n
	}
	t.standard = p.meetsStandard(c.ID)
	t.fullActivity = p.fullActivity(c)
	t.transformation = p.transformation(c.ID)
	t.attPresent, t.attExpected = p.attendance(c.ID)
	return t
}

// boardTrained: a live initial training on or before to and, for each year Y
// from max(year(from), year(board_since, else joined_on)) to year(to) — the
// year of to only when to is 31 December — a live initial or refresher in Y
// on or before to.
func (p *period) boardTrained(m *Row) bool {
	trs := p.ix.boardTraining[m.ID]
	years := map[int]bool{}
	initial := false
	for _, tr := range trs {
		h := tr.str("held_on")
		if h == "" || h > p.to {
			continue
		}
		if tr.str("kind") == "initial" {
			initial = true
		}
		years[year(h)] = true
	}
	if !initial {
		return false
	}
	since := m.str("board_since")
	if since == "" {
		since = m.str("joined_on")
	}
	first := max(year(p.from), year(since))
	last := year(p.to)
	if p.to[5:] != "12-31" {
		last--
	}
	for y := first; y <= last; y++ {
		if !years[y] {
			return false
		}
	}
	return true
}

// latestReadings returns the member's live readings on their latest day of
// measurement in the period (nil when none).
func (p *period) latestReadings(memberID string) []*Row {
	var day string
	var out []*Row
	for _, h := range p.ix.checksByMember[memberID] {
		d := h.str("measured_on")
		if d < p.from || d > p.to {
			continue
		}
		switch {
		case d > day:
			day, out = d, []*Row{h}
		case d == day:
			out = append(out, h)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// High reports whether a reading is high (≥ 140 or ≥ 90).
func High(sys, dia float64) bool { return sys >= 140 || dia >= 90 }

// Urgent reports whether a reading is urgent (≥ 180 or ≥ 110).
func Urgent(sys, dia float64) bool { return sys >= 180 || dia >= 110 }

func anyHigh(rs []*Row, urgent bool) bool {
	for _, r := range rs {
		s, _ := r.num("systolic")
		d, _ := r.num("diastolic")
		if (!urgent && High(s, d)) || (urgent && Urgent(s, d)) {
			return true
		}
	}
	return false
}

// tookLoan: a live loan of the member with disbursed_on ≤ to whose
// outstanding principal on the day before from was > 0 or that was disbursed
// on or after from.
func (p *period) tookLoan(memberID string) bool {
	before := addDays(p.from, -1)
	for _, l := range p.ix.loansByMember[memberID] {
		d := l.str("disbursed_on")
		if d == "" || d > p.to {
			continue
		}
		if d >= p.from || p.ix.outstanding(l, before) > 0 {
			return true
		}
	}
	return false
}

// meetsStandard: among the club's live assessments with year(from) − 1 ≤ year
// ≤ year(to), the one of the greatest year (ties: greatest HLC of
// meets_standard, then greatest row id) has meets_standard true.
func (p *period) meetsStandard(clubID string) bool {
	lo, hi := year(p.from)-1, year(p.to)
	var best *Row
	bestYear := 0
	for _, a := range p.ix.assessByClub[clubID] {
		yf, ok := a.num("year")
		if !ok {
			continue
		}
		y := int(yf)
		if y < lo || y > hi {
			continue
		}
		if best == nil || y > bestYear || (y == bestYear && newer(a, best, "meets_standard")) {
			best, bestYear = a, y
		}
	}
	return best != nil && best.boolean("meets_standard")
}

// fullActivity: the club's live meetings with max(from, founded_on) ≤ held_on
// ≤ to (a) fall in every calendar month from the month of max(from,
// founded_on) to the last month that has ended by to (the month of to only
// when to is its last day; when no month qualifies (a) holds), and (b)
// together cover all eight areas.
func (p *period) fullActivity(c *Row) bool {
	start := maxDate(p.from, c.str("founded_on"))
	months := map[string]bool{}
	areas := map[string]bool{}
	for _, m := range p.ix.meetingsByClub[c.ID] {
		h := m.str("held_on")
		if h < start || h > p.to {
			continue
		}
		months[h[:7]] = true
		for _, a := range m.list("areas") {
			areas[a] = true
		}
	}
	for _, a := range allAreas {
		if !areas[a] {
			return false
		}
	}
	for _, mo := range MonthsDue(start, p.to) {
		if !months[mo] {
			return false
		}
	}
	return true
}

// MonthsDue lists, as YYYY-MM, the calendar months from the month of start to
// the last month that has ended by to: the month of to only when to is its
// last day. It is empty when start is after to or no month has ended.
func MonthsDue(start, to string) []string {
	s, ok1 := parseDate(start)
	t, ok2 := parseDate(to)
	if !ok1 || !ok2 || s.After(t) {
		return nil
	}
	last := t.AddDate(0, 0, 1) // the day after to: to ends its month when this is the 1st
	end := time.Date(last.Year(), last.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -1, 0)
	var out []string
	for m := time.Date(s.Year(), s.Month(), 1, 0, 0, 0, 0, time.UTC); !m.After(end); m = m.AddDate(0, 1, 0) {
		out = append(out, m.Format("2006-01"))
	}
	return out
}

// ResourceKinds are the fund-entry kinds that count as resources mobilised
// (the plan's V.3), in the order the reports list them.
var ResourceKinds = []string{"donation", "grant", "fundraising"}

// resources sums, by kind, the amount of the club's live fund entries (either
// fund) of a resource kind with entry_on in the period.
func (p *period) resources(clubID string) map[string]int64 {
	out := map[string]int64{}
	for _, e := range p.ix.fundByClub[clubID] {
		k := e.str("kind")
		if k != "donation" && k != "grant" && k != "fundraising" {
			continue
		}
		if d := e.str("entry_on"); d >= p.from && d <= p.to {
			out[k] += e.int64f("amount_vnd")
		}
	}
	return out
}

// transformation: a live meeting in the period whose topics include digital,
// green or startup_jobs.
func (p *period) transformation(clubID string) bool {
	for _, m := range p.ix.meetingsByClub[clubID] {
		h := m.str("held_on")
		if h < p.from || h > p.to {
			continue
		}
		for _, t := range m.list("topics") {
			if t == "digital" || t == "green" || t == "startup_jobs" {
				return true
			}
		}
	}
	return false
}

// attendance: over the club's meeting days in the period (its live meetings on
// one held_on are one meeting), the distinct members of M(c, held_on) marked
// present by a live attendance row of one of that day's meetings, and
// Σ |M(c, held_on)|.
func (p *period) attendance(clubID string) (present, expected int64) {
	days := map[string][]*Row{}
	for _, m := range p.ix.meetingsByClub[clubID] {
		h := m.str("held_on")
		if h < p.from || h > p.to {
			continue
		}
		days[h] = append(days[h], m)
	}
	for day, meetings := range days {
		active := map[string]bool{}
		for _, m := range p.ix.activeMembers(clubID, day) {
			active[m.ID] = true
		}
		expected += int64(len(active))
		seen := map[string]bool{}
		for _, m := range meetings {
			for _, a := range p.ix.attByMeeting[m.ID] {
				mid := a.str("member_id")
				if a.boolean("present") && active[mid] && !seen[mid] {
					seen[mid] = true
					present++
				}
			}
		}
	}
	return present, expected
}

// Indicator builders.

func share(code string, num, den int64, target *float64) Indicator {
	in := Indicator{Code: code, Numerator: num, Denominator: &den, Target: target}
	if den == 0 {
		in.Status = StatusNoData
		return in
	}
	v := float64(num) / float64(den)
	in.Value = &v
	in.Status = judge(v, target)
	return in
}

func count(code string, n int64, target *float64) Indicator {
	v := float64(n)
	return Indicator{Code: code, Value: &v, Numerator: n, Target: target, Status: judge(v, target)}
}

func judge(v float64, target *float64) string {
	switch {
	case target == nil:
		return StatusInfo
	case v >= *target:
		return StatusMet
	default:
		return StatusNotMet
	}
}

func (p *period) clubBlock(c *Row, t tally) ClubBlock {
	floor := p.target("fund_floor_vnd")
	one := 1.0
	ins := []Indicator{
		share("older_women_share", t.olderWomen, t.older, p.target("older_women_share")),
		count("standard", b2i(t.standard), &one),
		share("full_activity_share", b2i(t.fullActivity), 1, p.target("full_activity_share")),
		share("transformation_share", b2i(t.transformation), 1, p.target("transformation_share")),
		share("board_trained_share", t.boardTrained, t.board, p.target("board_trained_share")),
		count("fund_size_vnd", t.fund, floor),
		share("loan_access_share", t.loanAccess, t.loanNeed, p.target("loan_access_club_share")),
	}
	ins = append(ins, p.common(t)...)
	return ClubBlock{ClubID: c.ID, Name: c.str("name"), Indicators: ins}
}

// common are the indicators after loan_access_share, the same for clubs and
// the commune.
func (p *period) common(t tally) []Indicator {
	return []Indicator{
		share("bp_checked_share", t.olderChecked, t.older, nil),
		share("high_bp_share", t.high, t.measured, nil),
		count("members", t.members, nil),
		share("women_share", t.women, t.members, nil),
		share("older_share", t.older, t.members, nil),
		share("poor_share", t.poor, t.members, nil),
		count("loans_outstanding_vnd", t.outstanding, nil),
		share("par30_share", t.par30, t.outstanding, nil),
		share("attendance_rate", t.attPresent, t.attExpected, nil),
		count("resources_mobilised_vnd", t.resources, nil),
	}
}

func (p *period) communeIndicators(s *communeTally) []Indicator {
	ix := p.ix
	floorT := p.target("fund_floor_vnd")
	floor := 0.0
	if floorT != nil {
		floor = *floorT
	}
	var fundOK, loanMet, loanJudged int64
	for _, f := range s.funds {
		if float64(f) >= floor {
			fundOK++
		}
	}
	clubTarget := p.target("loan_access_club_share")
	for _, ls := range s.loanShares {
		switch share("loan_access_share", ls[0], ls[1], clubTarget).Status {
		case StatusMet:
			loanMet++
			loanJudged++
		case StatusNotMet:
			loanJudged++
		}
	}
	// New clubs: live clubs of the commune founded in the phase window.
	var newClubs int64
	for _, c := range ix.clubs {
		if f := c.str("founded_on"); f != "" && f >= p.phaseFrom && f <= p.to {
			newClubs++
		}
	}
	// New clubs since 2026 (the plan's "at least 03 by 2035").
	var newTotal int64
	for _, c := range ix.clubs {
		if f := c.str("founded_on"); f != "" && f >= "2026-01-01" && f <= p.to {
			newTotal++
		}
	}
	// Outreach over the phase window.
	var reached int64
	for _, o := range ix.outreach {
		if h := o.str("held_on"); h >= p.phaseFrom && h <= p.to {
			reached += o.int64f("people_reached")
		}
	}
	// Officers: distinct name keys over the phase window.
	keys := map[string]bool{}
	for _, tr := range ix.officerTrain {
		if h := tr.str("held_on"); h >= p.phaseFrom && h <= p.to {
			if k := NameKey(tr.str("trainee_name")); k != "" {
				keys[k] = true
			}
		}
	}
	var olderPop, officers int64
	if ix.commune != nil {
		olderPop = ix.commune.int64f("older_population")
		officers = ix.commune.int64f("implementing_officers")
	}
	floorIn := Indicator{Code: "fund_floor_vnd", Numerator: int64(floor), Status: StatusInfo}
	fv := floor
	floorIn.Value = &fv
	ins := []Indicator{
		count("new_clubs", newClubs, p.target("new_clubs")),
		count("new_clubs_total", newTotal, p.target("new_clubs_total")),
		share("older_women_share", s.olderWomen, s.older, p.target("older_women_share")),
		count("standard_clubs", s.standard, p.target("standard_clubs")),
		share("full_activity_share", s.fullActivity, s.clubs, p.target("full_activity_share")),
		share("transformation_share", s.transformation, s.clubs, p.target("transformation_share")),
		share("board_trained_share", s.boardTrained, s.board, p.target("board_trained_share")),
		share("fund_share", fundOK, s.clubs, p.target("fund_share")),
		floorIn,
		share("loan_access_share", loanMet, loanJudged, p.target("loan_access_share")),
		share("outreach_share", reached, olderPop, p.target("outreach_share")),
		share("officers_trained_share", int64(len(keys)), officers, p.target("officers_trained_share")),
	}
	return append(ins, p.common(s.tally)...)
}

// Get returns the indicator of code in ins.
func Get(ins []Indicator, code string) (Indicator, bool) {
	for _, in := range ins {
		if in.Code == code {
			return in, true
		}
	}
	return Indicator{}, false
}

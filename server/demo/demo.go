// Package demo invents a demo commune for `server serve --demo`: a commune with
// its villages, three Intergenerational Self-Help Clubs with a year of books
// (members, meetings and attendance, funds, loans, health checks, home visits,
// trainings, outreach, assessments, targets) and the demo users. The output is
// deterministic for a given (now, seed) and is a valid push by an admin: every
// row is an upsert change, placed after the rows it names.
package demo

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/google/uuid"

	changes "clb/sync"
)

// Password is the password of every demo user.
const Password = "demo-2026"

// Device is the device id carried in the HLC of every demo change.
const Device = "demo"

// User is a demo user to create before the changes are applied.
type User struct {
	Username  string
	Password  string
	FullName  string
	Role      string // admin, commune_officer, health_worker, club_board
	CommuneID *string
	ClubIDs   []string
}

// Data is the demo commune: its users and every row as an upsert change.
type Data struct {
	// Users: admin (admin), canbo (commune_officer), ytexa (health_worker),
	// bcn1, bcn2, bcn3 (club_board, one club each), all with Password.
	Users []User
	// Changes holds every row as an upsert, in an order valid for one push by
	// an admin (split into batches of at most 1000 as the contract requires).
	Changes []changes.Change
}

// vnZone is Asia/Ho_Chi_Minh (UTC+7 all year, no daylight saving).
var vnZone = time.FixedZone("ICT", 7*3600)

// attendanceNS is the URL namespace from which attendance ids derive.
var attendanceNS = uuid.NameSpaceURL

const dateFmt = "2006-01-02"

type member struct {
	id          string
	clubIdx     int
	name        string
	female      bool
	birthYear   int
	joined      time.Time
	left        *time.Time
	poverty     string
	boardRole   string
	boardSince  *time.Time
	loanNeed    bool
	livelihood  bool
	volunteer   bool
	recipient   bool // receives home visits
	tracked     bool // blood pressure taken at most meetings
	hyper       bool // readings around or above 140/90
	severe      bool // one reading at or above 180/110
	baseSys     int
	baseDia     int
	weight      float64
	height      int
	borrowed    bool
	onlyInitial bool // missed the latest yearly refresher
}

func (m *member) activeOn(d time.Time) bool {
	if d.Before(m.joined) {
		return false
	}
	return m.left == nil || !d.After(*m.left)
}

type club struct {
	id, name, villageID string
	founded             time.Time
	meetingDay          int
	members             []*member
	meetings            []time.Time
	meetingIDs          []string
	present             []map[string]bool // per meeting: member id → present
	rate                float64
	interestFund        string
	fundIn              []inflow // money into the income-generation fund
}

type inflow struct {
	on     time.Time
	amount int64
}

type gen struct {
	rng       *rand.Rand
	now       time.Time
	today     time.Time // civil date in Asia/Ho_Chi_Minh, as UTC midnight
	startMS   int64
	out       []changes.Change
	names     map[string]bool
	communeID string
	opt       Options // zero for the demo commune; see scale.go
}

// Generate invents the demo commune. now is the moment the demo is generated:
// no date lies after now's date in Asia/Ho_Chi_Minh and every HLC lies within
// the day before now.
func Generate(now time.Time, seed int64) Data {
	local := now.In(vnZone)
	g := &gen{
		rng:     newRand(seed),
		now:     now,
		today:   time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, time.UTC),
		startMS: now.UnixMilli() - 24*3600*1000,
		names:   map[string]bool{},
	}
	return g.run()
}

// ---- helpers ----

func newRand(seed int64) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(seed), 0x636c622d64656d6f)) // "clb-demo"
}

func (g *gen) newID() string {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], g.rng.Uint64())
	binary.BigEndian.PutUint64(b[8:], g.rng.Uint64())
	b[6] = (b[6] & 0x0f) | 0x40 // version 4
	b[8] = (b[8] & 0x3f) | 0x80 // RFC 9562 variant
	return uuid.UUID(b).String()
}

func (g *gen) emit(entity, rowID string, fields map[string]any) {
	raw, err := json.Marshal(fields)
	if err != nil {
		panic(fmt.Sprintf("demo: marshal %s: %v", entity, err))
	}
	ms := g.startMS + int64(len(g.out))
	if ms > g.now.UnixMilli() {
		ms = g.now.UnixMilli()
	}
	if ms < 0 {
		ms = 0
	}
	g.out = append(g.out, changes.Change{
		ID:     g.newID(),
		Entity: entity,
		RowID:  rowID,
		Op:     "upsert",
		Fields: raw,
		HLC:    fmt.Sprintf("%013d-%04x-%s", ms, 0, Device),
	})
}

func (g *gen) intn(n int) int { return g.rng.IntN(n) }

// between returns an integer in [lo, hi].
func (g *gen) between(lo, hi int) int { return lo + g.rng.IntN(hi-lo+1) }

func (g *gen) chance(p float64) bool { return g.rng.Float64() < p }

func pick[T any](g *gen, xs []T) T { return xs[g.rng.IntN(len(xs))] }

func day(t time.Time) string { return t.Format(dateFmt) }

func (g *gen) clamp(t time.Time) time.Time {
	if t.After(g.today) {
		return g.today
	}
	return t
}

// addDays and addMonths work on civil dates (UTC midnights).
func addDays(t time.Time, n int) time.Time { return t.AddDate(0, 0, n) }

// addMonths adds n months, keeping the day when the target month has it and
// otherwise taking that month's last day.
func addMonths(t time.Time, n int) time.Time {
	y, m, d := t.Date()
	first := time.Date(y, m+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	if d > last {
		d = last
	}
	return time.Date(first.Year(), first.Month(), d, 0, 0, 0, 0, time.UTC)
}

// dateIn returns a civil date between a and b (inclusive); a if b < a.
func (g *gen) dateIn(a, b time.Time) time.Time {
	if !b.After(a) {
		return a
	}
	n := int(b.Sub(a).Hours() / 24)
	return addDays(a, g.intn(n+1))
}

func round1(x float64) float64 { return math.Round(x*10) / 10 }

// roundTo rounds v to a multiple of unit (at least unit when v > 0).
func roundTo(v, unit int64) int64 {
	r := (v + unit/2) / unit * unit
	if r == 0 && v > 0 {
		r = unit
	}
	return r
}

// ---- names ----

var (
	familyNames  = []string{"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Lý", "Đinh", "Phan", "Trịnh", "Hà", "Lương", "Tạ", "Chu", "Kiều"}
	femaleMiddle = []string{"Thị", "Thị", "Thị", "Thị Thu", "Thị Ngọc", "Thị Minh", "Thị Kim", "Thị Hồng", "Thanh", "Ngọc"}
	maleMiddle   = []string{"Văn", "Văn", "Văn", "Đức", "Quang", "Minh", "Hữu", "Xuân", "Công", "Đình", "Ngọc"}
	femaleGiven  = []string{"Lan", "Hoa", "Hương", "Mai", "Nga", "Hằng", "Thủy", "Liên", "Huệ", "Cúc", "Đào", "Hạnh", "Loan", "Nhung", "Tuyết", "Xuân", "Yến", "Phượng", "Thơm", "Bích", "Dung", "Oanh", "Tâm", "Vân", "Sen", "Lụa", "Nhàn", "Thảo", "Quyên", "Hiền", "Chinh", "Ánh", "Gấm", "Thoa", "Ngân", "Trang", "Duyên", "Lý", "Mận", "Hồng"}
	maleGiven    = []string{"Hùng", "Dũng", "Tuấn", "Sơn", "Hải", "Thắng", "Bình", "Cường", "Long", "Toàn", "Tiến", "Khoa", "Phúc", "Lợi", "Thành", "Hòa", "Nam", "Quý", "Thịnh", "Vinh", "Chiến", "Khải", "Tám", "Bảy", "Lâm", "Trung", "Nghĩa", "Hiếu", "Đạt", "Kiên"}
)

func (g *gen) personName(female bool) string {
	for i := 0; ; i++ {
		var n string
		if female {
			n = pick(g, familyNames) + " " + pick(g, femaleMiddle) + " " + pick(g, femaleGiven)
		} else {
			n = pick(g, familyNames) + " " + pick(g, maleMiddle) + " " + pick(g, maleGiven)
		}
		if !g.names[n] || i > 50 {
			g.names[n] = true
			return n
		}
	}
}

// ---- the commune ----

func (g *gen) run() Data {
	g.communeID = g.newID()
	implementingOfficers := 6
	g.emit("commune", g.communeID, map[string]any{
		"name":                  g.communeName(),
		"province":              "Tỉnh Bắc Ninh",
		"older_population":      g.between(1650, 2150),
		"implementing_officers": implementingOfficers,
	})

	villageNames := []string{"Thôn Đông Hòa", "Thôn Trung Lập", "Thôn Phú Mỹ", "Thôn Lạc Sơn", "Thôn Bến Đò"}
	nVillages := g.villageCount()
	villages := make([]string, nVillages)
	for i := 0; i < nVillages; i++ {
		villages[i] = g.newID()
		f := map[string]any{"commune_id": g.communeID, "name": villageName(villageNames, i)}
		if i == 3 {
			f["hard_area"] = true
		} else {
			f["hard_area"] = false
		}
		g.emit("village", villages[i], f)
	}

	// Three clubs in three villages, founded about three years, two years and
	// fourteen months ago; each meets on a fixed day of the month.
	clubs := []*club{
		{name: "CLB Liên thế hệ tự giúp nhau thôn Đông Hòa", villageID: villages[0], founded: addDays(addMonths(g.today, -37), -g.intn(20)), meetingDay: 8, rate: 0.5, interestFund: "income_generation"},
		{name: "CLB Liên thế hệ tự giúp nhau thôn Phú Mỹ", villageID: villages[2], founded: addDays(addMonths(g.today, -26), -g.intn(20)), meetingDay: 15, rate: 0.3, interestFund: "activity"},
		{name: "CLB Liên thế hệ tự giúp nhau thôn Lạc Sơn", villageID: villages[3], founded: addDays(addMonths(g.today, -14), -g.intn(20)), meetingDay: 20, rate: 0},
	}
	if g.opt.Clubs > 0 {
		clubs = g.scaledClubs(clubs, villages)
	}
	for _, c := range clubs {
		c.id = g.newID()
		f := map[string]any{
			"commune_id": g.communeID,
			"village_id": c.villageID,
			"name":       c.name,
			"founded_on": day(c.founded),
			"founding_decision": fmt.Sprintf("Quyết định số %d/QĐ-UBND ngày %d/%d/%d của UBND xã Hòa An về việc thành lập câu lạc bộ",
				g.between(12, 180), c.founded.Day(), int(c.founded.Month()), c.founded.Year()),
		}
		if c.interestFund != "" {
			f["interest_fund"] = c.interestFund
		}
		g.emit("club", c.id, f)
	}

	// Commune-level rows: officers' awareness training, targets.
	g.officerTrainings(implementingOfficers - 1)
	g.targets()

	for i, c := range clubs {
		i %= 3 // a scaled commune repeats the three demo clubs' profiles
		g.members(i, c, villages)
		g.meetings(i, c)
		g.funds(i, c)
		g.loans(i, c)
		g.healthChecks(i, c)
		g.homeVisits(c)
		g.boardTrainings(i, c)
		g.assessment(i, c)
	}
	g.outreach(clubs)
	g.planManagement(clubs) // last, so that the rows before it stay as they were

	communeID := g.communeID
	users := []User{
		{Username: "admin", Password: Password, FullName: "Quản trị hệ thống", Role: "admin", ClubIDs: []string{}},
		{Username: "canbo", Password: Password, FullName: "Nguyễn Thị Thanh Hà", Role: "commune_officer", CommuneID: &communeID, ClubIDs: []string{}},
		{Username: "ytexa", Password: Password, FullName: "Trần Văn Phúc", Role: "health_worker", CommuneID: &communeID, ClubIDs: []string{}},
	}
	for i, c := range clubs {
		chair := c.members[0].name
		for _, m := range c.members {
			if m.boardRole == "chair" {
				chair = m.name
			}
		}
		users = append(users, User{
			Username:  fmt.Sprintf("bcn%d", i+1),
			Password:  Password,
			FullName:  chair,
			Role:      "club_board",
			CommuneID: &communeID,
			ClubIDs:   []string{c.id},
		})
	}
	return Data{Users: users, Changes: g.out}
}

func (g *gen) officerTrainings(n int) {
	trainees := []string{
		"Nguyễn Văn Hưng (Phó Chủ tịch UBND xã)",
		"Lê Thị Phương (công chức Văn hóa - Xã hội)",
		"Phạm Văn Thuận (Chủ tịch Hội Người cao tuổi xã)",
		"Đỗ Thị Hải Yến (Trạm Y tế xã)",
		"Vũ Minh Đức (Đoàn Thanh niên xã)",
		"Hoàng Thị Lệ (Hội Liên hiệp Phụ nữ xã)",
	}
	held := g.clamp(addDays(addMonths(g.today, -8), -g.intn(10)))
	for i := 0; i < n && i < len(trainees); i++ {
		g.emit("training", g.newID(), map[string]any{
			"commune_id":   g.communeID,
			"trainee_name": trainees[i],
			"kind":         "officer_awareness",
			"held_on":      day(held),
			"topic":        "Kế hoạch phát triển CLB Liên thế hệ tự giúp nhau giai đoạn 2026-2030",
		})
	}
}

func (g *gen) targets() {
	// The plan's section II.2, so that the annex and the data agree: phase
	// 2026-2030 (a), phase 2031-2035 (b) where the plan names a target.
	rows := []struct {
		phase, ind string
		v          any
	}{
		{"2026-2030", "new_clubs", 2},
		{"2026-2030", "new_clubs_total", 3},
		{"2026-2030", "older_women_share", 0.5},
		{"2026-2030", "standard_clubs", 1},
		{"2026-2030", "full_activity_share", 0.8},
		{"2026-2030", "transformation_share", 0.5},
		{"2026-2030", "board_trained_share", 1},
		{"2026-2030", "fund_share", 1},
		{"2026-2030", "fund_floor_vnd", 50000000},
		{"2026-2030", "loan_access_share", 1},
		{"2026-2030", "loan_access_club_share", 0.6},
		{"2026-2030", "outreach_share", 0.3},
		{"2026-2030", "officers_trained_share", 1},
		{"2031-2035", "new_clubs", 1},
		{"2031-2035", "new_clubs_total", 3},
		{"2031-2035", "older_women_share", 0.5},
		{"2031-2035", "standard_clubs", 1},
		{"2031-2035", "outreach_share", 0.5},
		{"2031-2035", "officers_trained_share", 1},
	}
	for _, r := range rows {
		g.emit("target", g.newID(), map[string]any{
			"commune_id": g.communeID,
			"phase":      r.phase,
			"indicator":  r.ind,
			"value":      r.v,
		})
	}
}

// ---- members ----

func (g *gen) members(ci int, c *club, villages []string) {
	n := g.memberCount()
	women := int(math.Round(float64(n) * (0.60 + 0.08*g.rng.Float64())))
	older := int(math.Round(float64(n) * (0.61 + 0.08*g.rng.Float64())))
	sexes, olds := g.memberMix(n, women, older)
	nLeft := g.between(1, 2)
	for i := 0; i < n; i++ {
		c.members = append(c.members, g.newMember(ci, i, n, nLeft, c, sexes[i], olds[i]))
	}
	g.pickHypertensive(c)
	g.pickVolunteers(c)
	pickRecipients(c)
	if ci < 2 {
		g.pickSevere(c)
	}
	for _, m := range c.members {
		g.emitMember(c, m, villages)
	}
}

// boardRoles: chair, vice chair (older), treasurer, secretary (younger, they
// keep the books), a board member in charge of home care.
var boardRoles = []string{"chair", "vice_chair", "treasurer", "secretary", "board_member"}

// memberMix says who of n members is a woman and who is older: the five
// board members first, then the rest shuffled to the club's shares.
func (g *gen) memberMix(n, women, older int) (sexes, olds []bool) {
	boardFemale := []bool{true, g.chance(0.5), true, true, false}
	boardOlder := []bool{true, true, false, false, true}
	sexes = make([]bool, n)
	olds = make([]bool, n)
	wLeft, oLeft := women, older
	for i := 0; i < 5; i++ {
		sexes[i], olds[i] = boardFemale[i], boardOlder[i]
		if sexes[i] {
			wLeft--
		}
		if olds[i] {
			oLeft--
		}
	}
	restS := make([]bool, n-5)
	restO := make([]bool, n-5)
	for i := 0; i < wLeft && i < len(restS); i++ {
		restS[i] = true
	}
	for i := 0; i < oLeft && i < len(restO); i++ {
		restO[i] = true
	}
	g.rng.Shuffle(len(restS), func(i, j int) { restS[i], restS[j] = restS[j], restS[i] })
	g.rng.Shuffle(len(restO), func(i, j int) { restO[i], restO[j] = restO[j], restO[i] })
	copy(sexes[5:], restS)
	copy(olds[5:], restO)
	return sexes, olds
}

// newMember invents member i of n (the first five are the board; the last
// nLeft left the club).
func (g *gen) newMember(ci, i, n, nLeft int, c *club, female, old bool) *member {
	thisYear := g.today.Year()
	m := &member{id: g.newID(), clubIdx: ci, female: female}
	m.name = g.personName(m.female)
	if old {
		m.birthYear = thisYear - g.between(60, 84)
	} else {
		m.birthYear = thisYear - g.between(28, 58)
	}
	// About two thirds are founding members; the rest joined since.
	if i < 5 || g.chance(0.65) {
		m.joined = c.founded
	} else {
		m.joined = g.dateIn(addDays(c.founded, 30), g.today)
	}
	if i >= 5 && i >= n-nLeft {
		// A couple left the club (moved away, or joined another club).
		from := addDays(m.joined, 60)
		if from.After(g.today) {
			from = m.joined
		}
		l := g.dateIn(from, g.today)
		m.left = &l
	}
	switch p := g.rng.Float64(); {
	case p < 0.10:
		m.poverty = "poor"
	case p < 0.25:
		m.poverty = "near_poor"
	default:
		m.poverty = "none"
	}
	m.boardRole = "none"
	if i < 5 {
		m.boardRole = boardRoles[i]
		bs := c.founded
		if i == 3 && ci != 2 {
			// The secretary was elected later (replacing one who moved away).
			bs = g.dateIn(addMonths(c.founded, 6), addMonths(c.founded, 12))
		}
		m.boardSince = &bs
	}
	age := thisYear - m.birthYear
	if m.left == nil {
		m.loanNeed = age < 70 && (g.chance(0.35) || (m.poverty != "none" && g.chance(0.6)))
		m.livelihood = m.loanNeed || g.chance(0.2)
		m.volunteer = i == 4 || (age < 72 && g.chance(0.15))
		m.tracked = age >= 50 && g.chance(0.85) || g.chance(0.3)
	}
	if m.female {
		m.weight = 42 + 18*g.rng.Float64()
		m.height = g.between(145, 158)
	} else {
		m.weight = 50 + 22*g.rng.Float64()
		m.height = g.between(155, 170)
	}
	return m
}

// pickHypertensive: about a fifth of the members aged 55 and over have high
// blood pressure; every member gets a usual reading.
func (g *gen) pickHypertensive(c *club) {
	thisYear := g.today.Year()
	var candidates []*member
	for _, m := range c.members {
		if thisYear-m.birthYear >= 55 {
			candidates = append(candidates, m)
		}
	}
	g.rng.Shuffle(len(candidates), func(i, j int) { candidates[i], candidates[j] = candidates[j], candidates[i] })
	for i := 0; i < len(candidates) && i < max(2, len(candidates)/5); i++ {
		candidates[i].hyper = true
	}
	for _, m := range c.members {
		if m.hyper {
			m.baseSys = g.between(138, 158)
			m.baseDia = g.between(86, 96)
		} else {
			m.baseSys = g.between(108, 132)
			m.baseDia = g.between(66, 82)
		}
	}
}

// pickVolunteers: at least five home-care volunteers.
func (g *gen) pickVolunteers(c *club) {
	thisYear := g.today.Year()
	vols := 0
	for _, m := range c.members {
		if m.volunteer {
			vols++
		}
	}
	for _, m := range c.members[5:] {
		if vols >= 6 {
			break
		}
		if !m.volunteer && m.left == nil && thisYear-m.birthYear < 72 {
			m.volunteer = true
			vols++
		}
	}
}

// pickRecipients: the two oldest ordinary members still in the club receive
// home visits.
func pickRecipients(c *club) {
	for k := 0; k < 2; k++ {
		var best *member
		for _, m := range c.members[5:] {
			if m.left == nil && !m.recipient && !m.volunteer && (best == nil || m.birthYear < best.birthYear) {
				best = m
			}
		}
		if best != nil {
			best.recipient = true
			best.tracked = true
		}
	}
}

// pickSevere: one hypertensive older member has a reading at or above
// 180/110 (in the first two clubs).
func (g *gen) pickSevere(c *club) {
	thisYear := g.today.Year()
	var severe *member
	for _, m := range c.members[5:] {
		if m.left == nil && m.joined.Equal(c.founded) && thisYear-m.birthYear >= 55 {
			if severe == nil || m.hyper && !severe.hyper {
				severe = m
			}
		}
	}
	if severe != nil {
		severe.severe, severe.tracked = true, true
		if !severe.hyper {
			severe.hyper = true
			severe.baseSys, severe.baseDia = g.between(140, 155), g.between(88, 95)
		}
	}
}

// emitMember writes the member's row.
func (g *gen) emitMember(c *club, m *member, villages []string) {
	thisYear := g.today.Year()
	f := map[string]any{
		"club_id":    c.id,
		"full_name":  m.name,
		"sex":        map[bool]string{true: "female", false: "male"}[m.female],
		"birth_year": m.birthYear,
		"joined_on":  day(m.joined),
		"poverty":    m.poverty,
		"board_role": m.boardRole,
		"village_id": c.villageID,
		"consent_on": day(m.joined),
	}
	if g.chance(0.15) {
		f["village_id"] = pick(g, villages)
	}
	if m.left != nil {
		f["left_on"] = day(*m.left)
	}
	if m.boardSince != nil {
		f["board_since"] = day(*m.boardSince)
	}
	if thisYear-m.birthYear < 75 && g.chance(0.55) || m.boardRole != "none" {
		f["phone"] = fmt.Sprintf("0%d%08d", pick(g, []int{9, 3, 8, 7}), g.intn(100000000))
	}
	if g.chance(0.04) {
		f["ethnic_minority"] = true
	}
	if m.recipient && g.chance(0.5) || g.chance(0.03) {
		f["disability"] = true
	}
	if m.loanNeed {
		f["loan_need"] = true
	}
	if m.livelihood {
		f["livelihood_group"] = true
	}
	if m.volunteer {
		f["home_care_volunteer"] = true
	}
	g.emit("member", m.id, f)
}

// ---- meetings and attendance ----

var allAreas = []string{"livelihoods", "health", "home_care", "self_help", "rights", "learning", "culture", "resources"}

var meetingNotes = []string{
	"Sinh hoạt định kỳ; đo huyết áp, cân nặng cho hội viên.",
	"Trao đổi kinh nghiệm chăn nuôi gà, lợn; thu hội phí.",
	"Thăm hỏi hội viên ốm; phổ biến chính sách bảo hiểm y tế.",
	"Hướng dẫn sử dụng điện thoại thông minh, cài ứng dụng VNeID.",
	"Tập dưỡng sinh, văn nghệ; bình xét cho vay quỹ tăng thu nhập.",
	"Phân loại rác tại nguồn, trồng rau sạch theo hướng hữu cơ.",
	"Tổ chức mừng thọ hội viên; giao lưu với CLB thôn bạn.",
	"Phổ biến Luật Người cao tuổi; tư vấn pháp luật miễn phí.",
}

func (g *gen) meetings(ci int, c *club) {
	for k := -(g.months() - 1); k <= 0; k++ {
		first := addMonths(time.Date(g.today.Year(), g.today.Month(), 1, 0, 0, 0, 0, time.UTC), k)
		d := time.Date(first.Year(), first.Month(), c.meetingDay, 0, 0, 0, 0, time.UTC)
		if d.After(g.today) || d.Before(c.founded) {
			continue
		}
		c.meetings = append(c.meetings, d)
	}
	// Which meetings covered fewer than the eight areas.
	reduced := map[int]bool{}
	for n := []int{1, 2, 4}[ci] + g.intn(2); len(reduced) < n && len(reduced) < len(c.meetings); {
		reduced[g.intn(len(c.meetings))] = true
	}
	for mi, d := range c.meetings {
		id := g.newID()
		c.meetingIDs = append(c.meetingIDs, id)
		areas := allAreas
		// Most months cover all eight areas; the newest club less often.
		if reduced[mi] {
			drop := map[int]bool{}
			for n := g.between(1, 3); len(drop) < n; {
				drop[1+g.intn(len(allAreas)-1)] = true // health (index 1) may go too, livelihoods stays
			}
			areas = nil
			for i, a := range allAreas {
				if !drop[i] {
					areas = append(areas, a)
				}
			}
		}
		topics := []string{}
		if ci < 2 {
			if g.chance([]float64{0.45, 0.3}[ci]) {
				topics = append(topics, "digital")
			}
			if g.chance(0.25) {
				topics = append(topics, "green")
			}
			if g.chance([]float64{0.2, 0.15}[ci]) {
				topics = append(topics, "startup_jobs")
			}
		}
		f := map[string]any{
			"club_id": c.id,
			"held_on": day(d),
			"areas":   areas,
			"topics":  topics,
		}
		if g.chance(0.7) {
			f["note"] = meetingNotes[(mi+ci)%len(meetingNotes)]
		}
		g.emit("meeting", id, f)

		present := map[string]bool{}
		for _, m := range c.members {
			if !m.activeOn(d) {
				continue
			}
			p := g.chance(0.86)
			if m.recipient {
				p = g.chance(0.3)
			}
			if m.boardRole == "chair" || m.boardRole == "treasurer" || (m.severe && mi == len(c.meetings)-3) {
				p = true
			}
			present[m.id] = p
			g.emit("attendance", uuid.NewSHA1(attendanceNS, []byte(id+"/"+m.id)).String(), map[string]any{
				"club_id":    c.id,
				"meeting_id": id,
				"member_id":  m.id,
				"present":    p,
			})
		}
		c.present = append(c.present, present)
	}
}

// ---- funds ----

func (g *gen) fundEntry(c *club, fund, kind string, on time.Time, amount int64, note, memberID string) {
	f := map[string]any{
		"club_id":    c.id,
		"fund":       fund,
		"entry_on":   day(on),
		"kind":       kind,
		"amount_vnd": amount,
	}
	if note != "" {
		f["note"] = note
	}
	if memberID != "" {
		f["member_id"] = memberID
	}
	g.emit("fund_entry", g.newID(), f)
}

func (g *gen) funds(ci int, c *club) {
	if len(c.meetings) == 0 {
		return
	}
	start := c.meetings[0]
	opening := int64(g.between(340, 440)) * 100000
	if ci == 2 {
		opening = int64(g.between(80, 120)) * 100000
	}
	g.fundEntry(c, "income_generation", "opening_balance", start, opening, "Số dư chuyển sang khi bắt đầu ghi sổ trên ứng dụng", "")
	c.fundIn = append(c.fundIn, inflow{start, opening})
	if ci == 2 && len(c.meetings) > 1 {
		// The new club receives the state's support for new clubs.
		g.fundEntry(c, "income_generation", "grant", c.meetings[1], 20000000, "Hỗ trợ thành lập CLB mới theo kế hoạch của UBND xã", "")
		c.fundIn = append(c.fundIn, inflow{c.meetings[1], 20000000})
	}
	activity := int64(g.between(20, 50)) * 100000
	g.fundEntry(c, "activity", "opening_balance", start, activity, "Số dư quỹ hoạt động chuyển sang", "")

	fee := []int64{5000, 3000, 2000}[ci]
	expenses := []struct {
		note   string
		amount int64
	}{
		{"Thăm hỏi hội viên ốm đau", 500000},
		{"Nước uống, hoa quả buổi sinh hoạt", 200000},
		{"Quà mừng thọ hội viên", 1000000},
		{"Mua máy đo huyết áp điện tử", 850000},
		{"Phúng viếng, thăm hỏi gia đình hội viên", 300000},
		{"In ấn sổ sách, văn phòng phẩm", 150000},
	}
	for mi, d := range c.meetings {
		paid := 0
		for _, p := range c.present[mi] {
			if p {
				paid++
			}
		}
		if paid > 0 {
			amt := int64(paid) * fee
			g.fundEntry(c, "activity", "contribution", d, amt, fmt.Sprintf("Thu hội phí tháng %d/%d", int(d.Month()), d.Year()), "")
			activity += amt
		}
		// Members' monthly saving into the income-generation fund.
		if ci < 2 && mi%3 == 2 {
			amt := int64(len(c.present[mi])) * 20000
			g.fundEntry(c, "income_generation", "contribution", d, amt, "Hội viên góp vốn quỹ tăng thu nhập (quý)", "")
			c.fundIn = append(c.fundIn, inflow{d, amt})
		}
		if g.chance(0.5) {
			e := pick(g, expenses)
			if e.amount < activity-200000 {
				g.fundEntry(c, "activity", "expense", d, e.amount, e.note, "")
				activity -= e.amount
			}
		}
		if mi == 4 {
			g.fundEntry(c, "activity", "donation", d, int64(g.between(10, 30))*100000, "Sổ Tấm lòng vàng: doanh nghiệp địa phương ủng hộ", "")
		}
		if mi == 7 && ci != 2 {
			var donor *member
			for _, m := range c.members {
				if m.activeOn(d) && m.boardRole == "none" && m.poverty == "none" {
					donor = m
					break
				}
			}
			if donor != nil {
				g.fundEntry(c, "income_generation", "donation", d, 2000000, "Sổ Tấm lòng vàng: con cháu hội viên ủng hộ", donor.id)
				c.fundIn = append(c.fundIn, inflow{d, 2000000})
			}
		}
		if mi == 9 && ci == 0 {
			g.fundEntry(c, "activity", "fundraising", d, 1500000, "Thu từ cho thuê bàn ghế, phông bạt", "")
		}
	}
}

// ---- loans and repayments ----

type loanPlan struct {
	id         string
	m          *member
	on         time.Time
	principal  int64
	term       int
	bullet     bool // interest monthly, principal at the end
	stopAfter  int  // overdue: repayments stop after this many (0 = no stop)
	repayments []repay
}

var purposes = []string{"livestock", "livestock", "crops", "trade", "crafts", "services"}

func (g *gen) loans(ci int, c *club) {
	if len(c.meetings) < 3 {
		return
	}
	borrowers, overdue := g.borrowers(ci, c)
	// Grant loans to about 70% of those who need one, at most ten.
	nLoans := min((len(borrowers)*7+9)/10, 10)
	cash := &fundCash{in: c.fundIn}
	var plans []*loanPlan
	for i := 0; i < nLoans; i++ {
		if p := g.planLoan(ci, c, borrowers[i], i, nLoans, overdue && i == 0, cash); p != nil {
			plans = append(plans, p)
		}
	}
	for _, p := range plans {
		g.emitLoan(c, p)
	}
}

// borrowers are the members who need a loan, shuffled; when the club's first
// loan is to become overdue (first two clubs), a founding member comes first.
func (g *gen) borrowers(ci int, c *club) (borrowers []*member, overdue bool) {
	for _, m := range c.members {
		if m.loanNeed && m.left == nil {
			borrowers = append(borrowers, m)
		}
	}
	g.rng.Shuffle(len(borrowers), func(i, j int) { borrowers[i], borrowers[j] = borrowers[j], borrowers[i] })
	// The first loan of each of the first two clubs becomes overdue: it goes
	// to a founding member at the first meeting, for six months.
	overdue = ci < 2 && len(c.meetings) >= 9
	if overdue {
		for i, m := range borrowers {
			if !m.joined.After(c.meetings[0]) {
				borrowers[0], borrowers[i] = borrowers[i], borrowers[0]
				break
			}
		}
		if len(borrowers) == 0 || borrowers[0].joined.After(c.meetings[0]) {
			overdue = false
		}
	}
	return borrowers, overdue
}

// fundCash is the income-generation fund's cash over time: what came in,
// and the money that loans moved out and back.
type fundCash struct {
	in    []inflow
	moves []inflow // out negative
}

// on is the cash on day d.
func (f *fundCash) on(d time.Time) int64 {
	var cash int64
	for _, l := range [][]inflow{f.in, f.moves} {
		for _, mv := range l {
			if !mv.on.After(d) {
				cash += mv.amount
			}
		}
	}
	return cash
}

// available is what may be lent on d: the least cash from d on.
func (f *fundCash) available(d time.Time) int64 {
	avail := f.on(d)
	for _, mv := range f.moves {
		if mv.on.After(d) {
			avail = min(avail, f.on(mv.on))
		}
	}
	return avail
}

// planLoan plans loan i of n to m (nil when the fund cannot lend enough), and
// records its money moving out and back.
func (g *gen) planLoan(ci int, c *club, m *member, i, n int, overdue bool, cash *fundCash) *loanPlan {
	// Spread disbursements across the year, never at the latest meeting.
	mi := (i * (len(c.meetings) - 1)) / n
	for mi < len(c.meetings)-1 && c.meetings[mi].Before(m.joined) {
		mi++
	}
	if mi >= len(c.meetings)-1 {
		return nil
	}
	p := &loanPlan{
		id:        g.newID(),
		m:         m,
		on:        c.meetings[mi],
		principal: int64(g.between(10, 20)) * 500000,
		term:      pick(g, []int{6, 6, 9, 12, 12}),
		bullet:    g.chance(0.25) && c.rate > 0,
	}
	if overdue {
		p.on, p.term, p.bullet, p.stopAfter = c.meetings[0], 6, false, 2+ci
	}
	// Lend only what the fund holds, now and at every later date.
	if avail := cash.available(p.on); p.principal > avail {
		p.principal = avail / 500000 * 500000
	}
	if p.principal < 5000000 {
		return nil
	}
	p.schedule(c)
	cash.moves = append(cash.moves, inflow{p.on, -p.principal})
	for _, r := range p.repayments {
		in := r.principal
		if c.interestFund != "activity" {
			in += r.interest
		}
		cash.moves = append(cash.moves, inflow{r.on, in})
	}
	return p
}

// emitLoan writes the loan and its repayments.
func (g *gen) emitLoan(c *club, p *loanPlan) {
	p.m.borrowed = true
	g.emit("loan", p.id, map[string]any{
		"club_id":          c.id,
		"member_id":        p.m.id,
		"disbursed_on":     day(p.on),
		"principal_vnd":    p.principal,
		"term_months":      p.term,
		"monthly_rate_pct": c.rate,
		"purpose":          pick(g, purposes),
		"due_on":           day(addMonths(p.on, p.term)),
	})
	for _, r := range p.repayments {
		g.emit("repayment", g.newID(), map[string]any{
			"club_id":       c.id,
			"loan_id":       p.id,
			"paid_on":       day(r.on),
			"principal_vnd": r.principal,
			"interest_vnd":  r.interest,
		})
	}
}

type repay struct {
	on                  time.Time
	principal, interest int64
}

// schedule plans the repayments made at the club's meetings after the
// disbursement, up to today: monthly instalments (or interest only and the
// principal at the end), stopping early for an overdue loan.
func (p *loanPlan) schedule(c *club) {
	due := addMonths(p.on, p.term)
	outstanding := p.principal
	inst := roundTo(p.principal/int64(p.term), 50000)
	k := 0
	for _, d := range c.meetings {
		if !d.After(p.on) || outstanding <= 0 {
			continue
		}
		k++
		if p.stopAfter > 0 && k > p.stopAfter {
			break
		}
		interest := int64(0)
		if c.rate > 0 {
			interest = roundTo(int64(math.Round(float64(outstanding)*c.rate/100)), 1000)
		}
		var principal int64
		switch {
		case k >= p.term || !d.Before(due):
			principal = outstanding
		case p.bullet:
			principal = 0
		default:
			principal = min(inst, outstanding)
		}
		if principal == 0 && interest == 0 {
			continue
		}
		p.repayments = append(p.repayments, repay{d, principal, interest})
		outstanding -= principal
	}
}

// ---- health ----

func (g *gen) reading(c *club, m *member, on time.Time, by string, sys, dia int, glucose bool, note string) {
	if dia >= sys-15 {
		dia = sys - 15
	}
	if dia < 30 {
		dia = 30
	}
	f := map[string]any{
		"club_id":     c.id,
		"member_id":   m.id,
		"measured_on": day(on),
		"systolic":    sys,
		"diastolic":   dia,
		"pulse":       g.between(62, 96),
		"weight_kg":   round1(m.weight + 1.2*(g.rng.Float64()-0.5)),
		"measured_by": by,
	}
	if by == "health_station" {
		f["height_cm"] = m.height
	}
	if glucose {
		f["glucose_mmol"] = round1(4.6 + 2.6*g.rng.Float64())
	}
	if note != "" {
		f["note"] = note
	}
	g.emit("health_check", g.newID(), f)
}

func (g *gen) healthChecks(ci int, c *club) {
	for mi, d := range c.meetings {
		for _, m := range c.members {
			if !m.tracked || !c.present[mi][m.id] {
				continue
			}
			sys := m.baseSys + g.between(-8, 8)
			dia := m.baseDia + g.between(-5, 5)
			note := ""
			if m.severe && mi == len(c.meetings)-3 {
				sys, dia = g.between(182, 192), g.between(110, 116)
				note = "Huyết áp rất cao: đề nghị đến Trạm Y tế xã ngay"
			} else if sys >= 140 || dia >= 90 {
				note = "Huyết áp cao: đề nghị đến Trạm Y tế xã khám"
			}
			g.reading(c, m, d, "club", sys, dia, false, note)
		}
	}
	// A screening day with the commune health station, and the follow-up of
	// the very high reading.
	if len(c.meetings) >= 5 {
		on := addDays(c.meetings[len(c.meetings)-5], 3+ci)
		n := 0
		for _, m := range c.members {
			if n >= 4 || !m.activeOn(on) || m.left != nil {
				continue
			}
			if m.hyper || m.recipient || m.boardRole == "chair" {
				g.reading(c, m, on, "health_station", m.baseSys+g.between(-6, 6), m.baseDia+g.between(-4, 4), true, "Khám sàng lọc định kỳ tại Trạm Y tế xã")
				n++
			}
		}
	}
	if len(c.meetings) >= 3 {
		for _, m := range c.members {
			if !m.severe {
				continue
			}
			on := g.clamp(addDays(c.meetings[len(c.meetings)-3], 4))
			if c.present[len(c.meetings)-3][m.id] {
				g.reading(c, m, on, "health_station", g.between(150, 165), g.between(92, 98), true, "Tái khám sau lần đo tại CLB; đã kê đơn điều trị tăng huyết áp")
			}
		}
	}
}

// ---- home visits ----

func (g *gen) homeVisits(c *club) {
	var vols, recips []*member
	for _, m := range c.members {
		if m.volunteer && m.left == nil {
			vols = append(vols, m)
		}
		if m.recipient {
			recips = append(recips, m)
		}
	}
	if len(vols) == 0 {
		return
	}
	servicesSets := [][]string{
		{"companionship"},
		{"companionship", "health_support"},
		{"housework", "companionship"},
		{"personal_care", "housework"},
		{"health_support"},
		{"companionship", "other"},
	}
	notes := []string{"", "", "Đo huyết áp, nhắc uống thuốc", "Dọn dẹp nhà cửa, nấu cơm", "Trò chuyện, đọc báo cho cụ nghe", ""}
	outsider := pick(g, []string{"Cụ bà Nguyễn Thị Tám (người cao tuổi neo đơn trong thôn)", "Cụ ông Lê Văn Tư (người cao tuổi sống một mình)", "Cụ bà Phạm Thị Gái (mẹ một hội viên, nằm liệt giường)"})
	// Every other week for the last six months.
	for w := 26; w >= 0; w -= 2 {
		base := addDays(g.today, -7*w-g.intn(3))
		for ri := 0; ri <= len(recips); ri++ {
			f := map[string]any{"club_id": c.id}
			if ri < len(recips) {
				r := recips[ri]
				if !r.activeOn(base) {
					continue
				}
				f["recipient_id"] = r.id
			} else {
				if w%4 != 0 {
					continue
				}
				f["recipient_name"] = outsider
			}
			v := vols[(w/2+ri)%len(vols)]
			if !v.activeOn(base) {
				continue
			}
			f["volunteer_id"] = v.id
			on := g.clamp(base)
			f["visited_on"] = day(on)
			si := g.intn(len(servicesSets))
			f["services"] = servicesSets[si]
			if notes[si] != "" {
				f["note"] = notes[si]
			}
			g.emit("home_visit", g.newID(), f)
		}
	}
}

// ---- trainings ----

func (g *gen) boardTrainings(ci int, c *club) {
	missed := ci == 1 // one board member of the second club missed the latest refresher
	for _, m := range c.members {
		if m.boardSince == nil {
			continue
		}
		initial := g.clamp(addDays(*m.boardSince, 20))
		g.emit("training", g.newID(), map[string]any{
			"commune_id": g.communeID,
			"club_id":    c.id,
			"member_id":  m.id,
			"kind":       "initial",
			"held_on":    day(initial),
			"topic":      "Tập huấn Ban Chủ nhiệm: quản lý CLB, sổ sách, quỹ tăng thu nhập",
		})
		// Yearly refreshers each April 10 after the initial training.
		var refreshers []time.Time
		for y := initial.Year(); y <= g.today.Year(); y++ {
			r := time.Date(y, time.April, 10, 0, 0, 0, 0, time.UTC)
			if r.After(addDays(initial, 90)) && !r.After(g.today) {
				refreshers = append(refreshers, r)
			}
		}
		if missed && m.boardRole == "board_member" && len(refreshers) > 0 {
			refreshers = refreshers[:len(refreshers)-1]
			m.onlyInitial = true
		}
		for _, r := range refreshers {
			g.emit("training", g.newID(), map[string]any{
				"commune_id": g.communeID,
				"club_id":    c.id,
				"member_id":  m.id,
				"kind":       "refresher",
				"held_on":    day(r),
				"topic":      fmt.Sprintf("Tập huấn bồi dưỡng Ban Chủ nhiệm năm %d: chuyển đổi số, chăm sóc tại nhà", r.Year()),
			})
		}
	}
}

// ---- assessments and outreach ----

func (g *gen) assessment(ci int, c *club) {
	year := g.today.Year() - 1
	if c.founded.Year() > year {
		return
	}
	scores := []float64{88, 81.5, 64}
	notes := []string{
		"Sinh hoạt đều hằng tháng, đủ 8 mảng hoạt động; quỹ tăng thu nhập trên 40 triệu đồng.",
		"Hoạt động tốt; cần nâng quỹ tăng thu nhập lên 50 triệu đồng.",
		"CLB mới thành lập; chưa đủ các mảng hoạt động, Ban Chủ nhiệm cần được tập huấn thêm.",
	}
	g.emit("club_assessment", g.newID(), map[string]any{
		"club_id":        c.id,
		"year":           year,
		"meets_standard": ci < 2,
		"score":          scores[ci],
		"note":           notes[ci],
	})
}

func (g *gen) outreach(clubs []*club) {
	rows := []struct {
		monthsAgo int
		kind      string
		title     string
		lo, hi    int
		club      int // -1: commune-wide
	}{
		{11, "media", "Phát thanh trên loa truyền thanh xã về mô hình CLB Liên thế hệ", 800, 1500, -1},
		{9, "event", "Lễ ra mắt và giao lưu văn nghệ các CLB Liên thế hệ", 150, 300, 0},
		{7, "digital", "Trang Zalo của CLB chia sẻ hoạt động chăm sóc tại nhà", 200, 450, 1},
		{5, "event", "Hưởng ứng Tháng hành động vì người cao tuổi Việt Nam", 250, 500, -1},
		{3, "media", "Bản tin xã: gương hội viên vay vốn phát triển chăn nuôi", 400, 900, 0},
		{1, "digital", "Video hướng dẫn người cao tuổi dùng điện thoại thông minh", 300, 700, 2},
	}
	for _, r := range rows {
		on := g.clamp(addDays(addMonths(g.today, -r.monthsAgo), -g.intn(5)))
		f := map[string]any{
			"commune_id":     g.communeID,
			"held_on":        day(on),
			"kind":           r.kind,
			"title":          r.title,
			"people_reached": g.between(r.lo, r.hi),
		}
		if r.club >= 0 {
			f["club_id"] = clubs[r.club%len(clubs)].id
		}
		g.emit("outreach", g.newID(), f)
	}
}

// ---- the plan's own management (plan.go of the report) ----

// planManagement writes the commune's budget for 2026 by source and item, the
// starting equipment of the newest club, two supervision visits (one whose
// follow-up date has passed) and one commendation. It draws nothing from the
// random source.
func (g *gen) planManagement(clubs []*club) {
	budget := []struct {
		source, item   string
		planned, spent int64
		note           string
	}{
		{"state", "communication", 8000000, 6500000, "Pa nô, tờ rơi, tin bài trên loa truyền thanh xã"},
		{"state", "training", 12000000, 12000000, "Tập huấn Ban Chủ nhiệm và tình nguyện viên"},
		{"state", "equipment", 30000000, 27850000, "Âm li, loa, bảng, máy đo huyết áp, cân, thước đo chiều cao cho CLB"},
		{"state", "reviews", 5000000, 0, "Sơ kết năm"},
		{"social", "initial_fund", 20000000, 20000000, "Doanh nghiệp và con em quê hương ủng hộ quỹ ban đầu"},
		{"elderly_fund", "exchange_visits", 10000000, 4200000, "Tham quan mô hình CLB xã bạn"},
	}
	for _, b := range budget {
		f := map[string]any{"commune_id": g.communeID, "year": 2026, "source": b.source, "item": b.item,
			"planned_vnd": b.planned, "note": b.note}
		if b.spent > 0 {
			f["spent_vnd"] = b.spent
		}
		g.emit("budget", g.newID(), f)
	}

	newest := clubs[len(clubs)-1]
	given := g.clamp(addDays(newest.founded, 12))
	equipment := []struct {
		item, source string
		quantity     int
		value        int64
	}{
		{"loudspeaker", "state", 1, 8500000},
		{"whiteboard", "state", 1, 1200000},
		{"bp_monitor", "state", 2, 1700000},
		{"scale", "state", 1, 650000},
		{"height_rod", "state", 1, 450000},
		{"books", "social", 10, 800000},
	}
	for _, e := range equipment {
		g.emit("equipment", g.newID(), map[string]any{"club_id": newest.id, "given_on": day(given), "item": e.item,
			"quantity": e.quantity, "value_vnd": e.value, "source": e.source})
	}

	first := g.clamp(addMonths(g.today, -5))
	g.emit("supervision_visit", g.newID(), map[string]any{
		"club_id": clubs[0].id, "visited_on": day(first), "visitor_name": "Phạm Văn Thuận (Chủ tịch Hội Người cao tuổi xã)",
		"findings":        "Sinh hoạt đều hằng tháng, đủ 8 mảng; sổ quỹ và sổ cho vay ghi chép đầy đủ. Một khoản vay quá hạn chưa được nhắc trả.",
		"recommendations": "Ban Chủ nhiệm gặp thành viên có khoản vay quá hạn để thống nhất kế hoạch trả nợ; báo cáo kết quả tại buổi sinh hoạt tới.",
		"follow_up_on":    day(g.clamp(addMonths(first, 2))),
	})
	second := g.clamp(addDays(g.today, -20))
	g.emit("supervision_visit", g.newID(), map[string]any{
		"club_id": newest.id, "visited_on": day(second), "visitor_name": "Lê Thị Phương (công chức Văn hóa - Xã hội)",
		"findings":        "Câu lạc bộ mới đã ổn định sinh hoạt; trang thiết bị được cấp đang sử dụng tốt. Số tình nguyện viên chăm sóc tại nhà còn ít.",
		"recommendations": "Vận động thêm tình nguyện viên chăm sóc tại nhà; đo huyết áp cho thành viên cao tuổi tại mỗi buổi sinh hoạt.",
		"follow_up_on":    day(addMonths(second, 3)),
	})

	awarded := g.clamp(time.Date(g.today.Year(), 1, 15, 0, 0, 0, 0, time.UTC))
	g.emit("commendation", g.newID(), map[string]any{
		"commune_id": g.communeID, "awarded_on": day(awarded), "recipient_kind": "club", "club_id": clubs[0].id,
		"level": "commune", "occasion": "yearly",
		"reason": fmt.Sprintf("Giấy khen của Chủ tịch UBND xã: câu lạc bộ tiêu biểu năm %d trong chăm sóc và phát huy vai trò người cao tuổi", awarded.Year()-1),
	})
}

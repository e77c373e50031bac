package reports

// The plan's own management in the report (plan sections VI–VII): the budget
// planned and spent by source and item for the years of the period, the
// equipment given to clubs, the supervision visits and the commendations of
// the period. The mid-term (2026–2030) and final (2026–2035) reviews list
// every commendation of their occasion, whenever it was awarded.

import (
	"bytes"
	_ "embed"
	"html/template"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"clb/server/indicators"
)

// Sheets of the plan's own management, after the indicator sheets.
const (
	SheetBudget        = "Kinh phí thực hiện"
	SheetEquipment     = "Trang thiết bị đã cấp"
	SheetSupervision   = "Kiểm tra, giám sát"
	SheetCommendations = "Khen thưởng"
)

// PlanSheets are the workbook's sheets of the plan's own management, in order.
var PlanSheets = []string{SheetBudget, SheetEquipment, SheetSupervision, SheetCommendations}

// Vietnamese names of the codes of ENTITIES.md.
var (
	budgetSources = []string{"state", "social", "elderly_fund", "other"}
	budgetItems   = []string{"communication", "training", "equipment", "initial_fund", "reviews", "exchange_visits", "other"}
	codeVi        = map[string]string{
		"source.state":                "Ngân sách nhà nước",
		"source.social":               "Xã hội hóa",
		"source.elderly_fund":         "Quỹ chăm sóc và phát huy vai trò người cao tuổi",
		"source.other":                "Nguồn khác",
		"item.communication":          "Truyền thông",
		"item.training":               "Tập huấn",
		"item.equipment":              "Mua sắm trang thiết bị",
		"item.initial_fund":           "Hỗ trợ quỹ ban đầu",
		"item.reviews":                "Sơ kết, tổng kết",
		"item.exchange_visits":        "Trao đổi, học tập kinh nghiệm",
		"item.other":                  "Khác",
		"equipment.loudspeaker":       "Âm li, loa đài",
		"equipment.whiteboard":        "Bảng trắng",
		"equipment.bp_monitor":        "Máy đo huyết áp",
		"equipment.scale":             "Cân sức khỏe",
		"equipment.height_rod":        "Thước đo chiều cao",
		"equipment.sports":            "Dụng cụ thể thao",
		"equipment.books":             "Sổ sách, sổ tay hướng dẫn",
		"equipment.other":             "Khác",
		"recipient_kind.club":         "Câu lạc bộ",
		"recipient_kind.village":      "Thôn",
		"recipient_kind.member":       "Thành viên câu lạc bộ",
		"recipient_kind.person":       "Cá nhân",
		"recipient_kind.organisation": "Tập thể, tổ chức",
		"level.commune":               "Cấp xã",
		"level.district":              "Cấp huyện",
		"level.province":              "Cấp tỉnh",
		"level.national":              "Cấp trung ương",
		"occasion.yearly":             "Hằng năm",
		"occasion.mid_term_2030":      "Sơ kết giai đoạn 2026 - 2030",
		"occasion.final_2035":         "Tổng kết giai đoạn 2026 - 2035",
		"occasion.other":              "Dịp khác",
	}
)

func codeLabel(kind, code string) string {
	if v, ok := codeVi[kind+"."+code]; ok {
		return v
	}
	return code
}

// BudgetLine is planned and spent money (whole đồng) of a source, or of an
// item within a source.
type BudgetLine struct {
	Code, Label    string
	Planned, Spent int64
	Items          []BudgetLine // a source's items
	SharePct       string       // "95,0%", "—" when nothing is planned
}

// BudgetYear is one year's budget by source and item.
type BudgetYear struct {
	Year    int
	Sources []BudgetLine
	Total   BudgetLine
}

// EquipmentLine is equipment given to a club.
type EquipmentLine struct {
	Club, GivenOn, Item, Source, Note string
	Quantity                          int64
	Value                             *int64
}

// VisitLine is one supervision visit.
type VisitLine struct {
	Club, VisitedOn, Visitor, Findings, Recommendations, FollowUpOn string
}

// CommendationLine is one commendation.
type CommendationLine struct {
	AwardedOn, Recipient, Kind, Level, Occasion, Reason string
}

// Plan is the plan's own management in a report period.
type Plan struct {
	Years          []BudgetYear // the years of the period that have budget lines
	YearsLabel     string       // "2026" or "2026 – 2030"
	Total          BudgetLine   // every year of the period
	Equipment      []EquipmentLine
	EquipmentValue int64
	Visits         []VisitLine
	ClubsVisited   int
	Clubs          int // clubs of the commune
	Commendations  []CommendationLine
	// Review names the review whose commendations are all listed ("" otherwise).
	Review string
}

func rowStr(r *indicators.Row, f string) string { s, _ := r.Fields[f].(string); return s }

func rowInt(r *indicators.Row, f string) (int64, bool) {
	switch v := r.Fields[f].(type) {
	case float64:
		return int64(math.Round(v)), true
	case int64:
		return v, true
	case int:
		return int64(v), true
	}
	return 0, false
}

func liveRow(r *indicators.Row) bool {
	return !r.Deleted && strings.TrimSpace(rowStr(r, "voided_reason")) == ""
}

// Reviews whose commendations the report lists whatever their day.
const (
	midTermOccasion = "mid_term_2030"
	finalOccasion   = "final_2035"
)

// reviewOccasions: a period from the start of the plan to the end of 2030
// (or later) is the mid-term review; to the end of 2035, the final review.
func reviewOccasions(from, to string) (occasions []string, name string) {
	if from > "2026-01-01" {
		return nil, ""
	}
	if to >= "2035-12-31" {
		return []string{midTermOccasion, finalOccasion}, "tổng kết giai đoạn 2026 - 2035"
	}
	if to >= "2030-12-31" {
		return []string{midTermOccasion}, "sơ kết giai đoạn 2026 - 2030"
	}
	return nil, ""
}

// planOf gathers the plan's own management of the commune for from…to from
// the commune's rows.
func planOf(rows []indicators.Row, communeID, from, to string) Plan {
	var p Plan
	names := map[string]string{}
	for i := range rows {
		r := &rows[i]
		switch r.Entity {
		case "club":
			names[r.ID] = rowStr(r, "name")
			if !r.Deleted && rowStr(r, "commune_id") == communeID && rowStr(r, "founded_on") <= to &&
				(rowStr(r, "dissolved_on") == "" || rowStr(r, "dissolved_on") > to) {
				p.Clubs++
			}
		case "village":
			names[r.ID] = rowStr(r, "name")
		case "member":
			names[r.ID] = rowStr(r, "full_name")
		}
	}
	club := func(id string) string {
		if n, ok := names[id]; ok && n != "" {
			return n
		}
		return "(chưa rõ)"
	}
	fy, _ := strconv.Atoi(from[:min(4, len(from))])
	ty, _ := strconv.Atoi(to[:min(4, len(to))])
	type key struct {
		year         int
		source, item string
	}
	sums := map[key][2]int64{}
	occasions, review := reviewOccasions(from, to)
	visited := map[string]bool{}
	for i := range rows {
		r := &rows[i]
		if !liveRow(r) {
			continue
		}
		switch r.Entity {
		case "budget":
			if rowStr(r, "commune_id") != communeID {
				continue
			}
			y, _ := rowInt(r, "year")
			if int(y) < fy || int(y) > ty {
				continue
			}
			planned, _ := rowInt(r, "planned_vnd")
			spent, _ := rowInt(r, "spent_vnd")
			k := key{int(y), rowStr(r, "source"), rowStr(r, "item")}
			s := sums[k]
			sums[k] = [2]int64{s[0] + planned, s[1] + spent}
		case "equipment":
			d := rowStr(r, "given_on")
			if d < from || d > to {
				continue
			}
			q, _ := rowInt(r, "quantity")
			line := EquipmentLine{Club: club(rowStr(r, "club_id")), GivenOn: d, Item: codeLabel("equipment", rowStr(r, "item")),
				Source: codeLabel("source", rowStr(r, "source")), Note: rowStr(r, "note"), Quantity: q}
			if v, ok := rowInt(r, "value_vnd"); ok {
				line.Value = &v
				p.EquipmentValue += v
			}
			p.Equipment = append(p.Equipment, line)
		case "supervision_visit":
			d := rowStr(r, "visited_on")
			if d < from || d > to {
				continue
			}
			visited[rowStr(r, "club_id")] = true
			p.Visits = append(p.Visits, VisitLine{Club: club(rowStr(r, "club_id")), VisitedOn: d, Visitor: rowStr(r, "visitor_name"),
				Findings: rowStr(r, "findings"), Recommendations: rowStr(r, "recommendations"), FollowUpOn: rowStr(r, "follow_up_on")})
		case "commendation":
			d := rowStr(r, "awarded_on")
			occ := rowStr(r, "occasion")
			inPeriod := d >= from && d <= to
			ofReview := occ != "" && contains(occasions, occ)
			if rowStr(r, "commune_id") != communeID || !inPeriod && !ofReview {
				continue
			}
			kind := rowStr(r, "recipient_kind")
			who := rowStr(r, "recipient_name")
			switch kind {
			case "club":
				who = club(rowStr(r, "club_id"))
			case "village":
				who = club(rowStr(r, "village_id"))
			case "member":
				who = club(rowStr(r, "member_id"))
				if c := rowStr(r, "club_id"); c != "" {
					who += " (" + club(c) + ")"
				}
			}
			line := CommendationLine{AwardedOn: d, Recipient: who, Kind: codeLabel("recipient_kind", kind), Level: codeLabel("level", rowStr(r, "level")),
				Reason: rowStr(r, "reason")}
			if occ != "" {
				line.Occasion = codeLabel("occasion", occ)
			}
			p.Commendations = append(p.Commendations, line)
		}
	}
	p.ClubsVisited = len(visited)
	p.Review = review
	for y := fy; y <= ty; y++ {
		by := BudgetYear{Year: y, Total: BudgetLine{Label: "Cộng năm " + strconv.Itoa(y)}}
		for _, s := range budgetSources {
			src := BudgetLine{Code: s, Label: codeLabel("source", s)}
			for _, it := range budgetItems {
				v, ok := sums[key{y, s, it}]
				if !ok {
					continue
				}
				src.Items = append(src.Items, finish(BudgetLine{Code: it, Label: codeLabel("item", it), Planned: v[0], Spent: v[1]}))
				src.Planned += v[0]
				src.Spent += v[1]
			}
			if len(src.Items) > 0 {
				by.Sources = append(by.Sources, finish(src))
				by.Total.Planned += src.Planned
				by.Total.Spent += src.Spent
			}
		}
		if len(by.Sources) > 0 {
			by.Total = finish(by.Total)
			p.Years = append(p.Years, by)
			p.Total.Planned += by.Total.Planned
			p.Total.Spent += by.Total.Spent
		}
	}
	p.Total.Label = "Tổng cộng"
	p.Total = finish(p.Total)
	p.YearsLabel = strconv.Itoa(fy)
	if ty != fy {
		p.YearsLabel += " – " + strconv.Itoa(ty)
	}
	sort.SliceStable(p.Equipment, func(i, j int) bool {
		a, b := p.Equipment[i], p.Equipment[j]
		return a.GivenOn < b.GivenOn || a.GivenOn == b.GivenOn && a.Club < b.Club
	})
	sort.SliceStable(p.Visits, func(i, j int) bool {
		a, b := p.Visits[i], p.Visits[j]
		return a.VisitedOn < b.VisitedOn || a.VisitedOn == b.VisitedOn && a.Club < b.Club
	})
	sort.SliceStable(p.Commendations, func(i, j int) bool {
		a, b := p.Commendations[i], p.Commendations[j]
		return a.AwardedOn < b.AwardedOn || a.AwardedOn == b.AwardedOn && a.Recipient < b.Recipient
	})
	return p
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func finish(b BudgetLine) BudgetLine {
	b.SharePct = "—"
	if b.Planned > 0 {
		b.SharePct = Percent(float64(b.Spent) / float64(b.Planned))
	}
	return b
}

//go:embed plan.html.tmpl
var planTemplate string

var planTmpl = template.Must(template.New("plan").Funcs(template.FuncMap{
	"date": DateVN,
	"int":  Int,
	"inc":  func(i int) int { return i + 1 },
	"opt": func(p *int64) string {
		if p == nil {
			return ""
		}
		return Int(*p)
	},
}).Parse(planTemplate))

// planHTML renders the four sections, numbered from the given Roman numerals.
func planHTML(p Plan, numerals [4]string) (template.HTML, error) {
	var buf bytes.Buffer
	err := planTmpl.Execute(&buf, struct {
		Plan
		N [4]string
	}{p, numerals})
	return template.HTML(buf.String()), err //nolint:gosec // rendered by html/template
}

// planSheets writes the four sheets of the plan's own management.
func planSheets(f *excelize.File, st *styles, d *data, sub string) error {
	p := d.plan
	// Kinh phí thực hiện
	s := &sheet{f: f, name: SheetBudget, st: st}
	s.start("KINH PHÍ THỰC HIỆN (năm "+p.YearsLabel+")", sub,
		[]string{"Năm", "Nguồn kinh phí", "Nội dung chi", "Dự toán (đồng)", "Đã chi (đồng)", "Tỷ lệ đã chi"},
		[]float64{8, 36, 32, 18, 18, 12}, 0, false)
	share := func(b BudgetLine, bold bool) cell {
		if v := ratio(b.Spent, b.Planned); v != nil {
			return cell{*v, st.num(fmtPercent, bold)}
		}
		return cell{nil, pick(bold, st.bold, st.text)}
	}
	for _, y := range p.Years {
		for _, src := range y.Sources {
			for _, it := range src.Items {
				s.line(cell{y.Year, st.text}, cell{src.Label, st.text}, cell{it.Label, st.text}, st.count(int64(it.Planned), false), st.count(int64(it.Spent), false), share(it, false))
			}
			s.line(cell{y.Year, st.bold}, cell{"Cộng " + src.Label, st.bold}, cell{nil, st.bold}, st.count(int64(src.Planned), true), st.count(int64(src.Spent), true), share(src, true))
		}
		s.line(cell{y.Year, st.bold}, cell{y.Total.Label, st.bold}, cell{nil, st.bold}, st.count(int64(y.Total.Planned), true), st.count(int64(y.Total.Spent), true), share(y.Total, true))
	}
	if len(p.Years) == 0 {
		s.line(cell{nil, st.text}, cell{"Chưa có số liệu kinh phí trong kỳ.", st.text})
	} else if len(p.Years) > 1 {
		s.line(cell{nil, st.bold}, cell{p.Total.Label, st.bold}, cell{nil, st.bold}, st.count(int64(p.Total.Planned), true), st.count(int64(p.Total.Spent), true), share(p.Total, true))
	}
	if s.err != nil {
		return s.err
	}
	// Trang thiết bị đã cấp
	s = &sheet{f: f, name: SheetEquipment, st: st}
	s.start("TRANG THIẾT BỊ ĐÃ CẤP", sub,
		[]string{"STT", "Câu lạc bộ", "Ngày cấp", "Thiết bị", "Số lượng", "Giá trị (đồng)", "Nguồn kinh phí", "Ghi chú"},
		[]float64{6, 30, 12, 30, 10, 16, 36, 30}, 2, false)
	for i, e := range p.Equipment {
		v := cell{nil, st.text}
		if e.Value != nil {
			v = st.count(*e.Value, false)
		}
		s.line(st.count(int64(i+1), false), cell{e.Club, st.text}, cell{DateVN(e.GivenOn), st.text}, cell{e.Item, st.text},
			st.count(int64(e.Quantity), false), v, cell{e.Source, st.text}, cell{e.Note, st.wrap})
	}
	s.line(cell{nil, st.bold}, cell{"Tổng giá trị", st.bold}, cell{nil, st.bold}, cell{nil, st.bold}, cell{nil, st.bold},
		st.count(int64(p.EquipmentValue), true), cell{nil, st.bold}, cell{nil, st.bold})
	if s.err != nil {
		return s.err
	}
	// Kiểm tra, giám sát
	s = &sheet{f: f, name: SheetSupervision, st: st}
	s.start("KIỂM TRA, GIÁM SÁT", sub,
		[]string{"STT", "Câu lạc bộ", "Ngày kiểm tra", "Người kiểm tra", "Nhận xét", "Kiến nghị", "Ngày kiểm tra lại"},
		[]float64{6, 26, 12, 22, 45, 45, 12}, 2, false)
	for i, v := range p.Visits {
		s.line(st.count(int64(i+1), false), cell{v.Club, st.text}, cell{DateVN(v.VisitedOn), st.text}, cell{v.Visitor, st.text},
			cell{v.Findings, st.wrap}, cell{v.Recommendations, st.wrap}, cell{DateVN(v.FollowUpOn), st.text})
	}
	s.line(cell{nil, st.bold}, cell{"Số câu lạc bộ được kiểm tra: " + Int(int64(p.ClubsVisited)) + "/" + Int(int64(p.Clubs)), st.bold})
	if s.err != nil {
		return s.err
	}
	// Khen thưởng
	s = &sheet{f: f, name: SheetCommendations, st: st}
	title := "KHEN THƯỞNG"
	if p.Review != "" {
		title += " (gồm mọi khen thưởng dịp " + p.Review + ")"
	}
	s.start(title, sub,
		[]string{"STT", "Ngày", "Được khen thưởng", "Đối tượng", "Cấp khen thưởng", "Dịp", "Thành tích"},
		[]float64{6, 12, 36, 22, 18, 30, 60}, 2, false)
	for i, c := range p.Commendations {
		s.line(st.count(int64(i+1), false), cell{DateVN(c.AwardedOn), st.text}, cell{c.Recipient, st.text}, cell{c.Kind, st.text},
			cell{c.Level, st.text}, cell{c.Occasion, st.text}, cell{c.Reason, st.wrap})
	}
	return s.err
}

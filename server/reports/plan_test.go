package reports

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"clb/server/indicators"
)

// planRows adds the plan's own management to the indicator fixture's commune
// (clubs A "CLB An Bình" and B "CLB Bình Minh" of commune-1).
func planRows() []indicators.Row {
	r := func(entity, id string, f map[string]any) indicators.Row {
		return indicators.Row{Entity: entity, ID: id, Fields: f}
	}
	budget := func(id string, year float64, source, item string, planned, spent any) indicators.Row {
		return r("budget", id, map[string]any{"commune_id": "commune-1", "year": year, "source": source, "item": item, "planned_vnd": planned, "spent_vnd": spent})
	}
	deleted := budget("b-del", 2026, "state", "training", 99000000.0, nil)
	deleted.Deleted = true
	return []indicators.Row{
		budget("b1", 2026, "state", "equipment", 30000000.0, 28500000.0),
		budget("b2", 2026, "state", "equipment", 5000000.0, nil),
		budget("b3", 2026, "social", "initial_fund", 20000000.0, 20000000.0),
		budget("b4", 2027, "state", "training", 7000000.0, nil), // another year
		budget("b5", 2026, "elderly_fund", "reviews", 0.0, nil),
		deleted,
		r("budget", "b-other", map[string]any{"commune_id": "commune-2", "year": 2026.0, "source": "state", "item": "training", "planned_vnd": 1000.0}),
		r("equipment", "e1", map[string]any{"club_id": "B", "given_on": "2026-04-01", "item": "bp_monitor", "quantity": 2.0, "value_vnd": 1700000.0, "source": "state"}),
		r("equipment", "e2", map[string]any{"club_id": "B", "given_on": "2026-04-01", "item": "whiteboard", "quantity": 1.0, "source": "social", "voided_reason": "Ghi nhầm"}),
		r("equipment", "e3", map[string]any{"club_id": "A", "given_on": "2025-12-31", "item": "books", "quantity": 10.0, "value_vnd": 500000.0, "source": "state"}),
		r("supervision_visit", "v1", map[string]any{"club_id": "A", "visited_on": "2026-05-20", "visitor_name": "Trần Văn Bình",
			"findings": "Sinh hoạt đều", "recommendations": "Lập nhóm tăng thu nhập", "follow_up_on": "2026-08-20"}),
		r("supervision_visit", "v2", map[string]any{"club_id": "B", "visited_on": "2026-07-01", "visitor_name": "Lê Thị Cúc", "findings": "Sau kỳ"}),
		r("commendation", "c1", map[string]any{"commune_id": "commune-1", "awarded_on": "2026-06-01", "recipient_kind": "club", "club_id": "A",
			"level": "district", "occasion": "yearly", "reason": "Tiêu biểu"}),
		r("commendation", "c2", map[string]any{"commune_id": "commune-1", "awarded_on": "2031-01-15", "recipient_kind": "person",
			"recipient_name": "Bà Hoàng Thị Mai", "level": "province", "occasion": "mid_term_2030"}),
		r("commendation", "c3", map[string]any{"commune_id": "commune-1", "awarded_on": "2036-01-10", "recipient_kind": "organisation",
			"recipient_name": "Hội Phụ nữ xã", "level": "national", "occasion": "final_2035"}),
		r("commendation", "c4", map[string]any{"commune_id": "commune-2", "awarded_on": "2026-06-01", "recipient_kind": "person",
			"recipient_name": "Xã khác", "level": "commune"}),
	}
}

func TestPlanOfPeriod(t *testing.T) {
	rows := append(loadRows(t), planRows()...)
	p := planOf(rows, "commune-1", "2026-01-01", "2026-06-30")
	if len(p.Years) != 1 || p.Years[0].Year != 2026 {
		t.Fatalf("years %+v", p.Years)
	}
	y := p.Years[0]
	var got []string
	for _, s := range y.Sources {
		got = append(got, s.Code+"="+Int(s.Planned)+"/"+Int(s.Spent)+" "+s.SharePct)
		for _, it := range s.Items {
			got = append(got, " "+it.Code+"="+Int(it.Planned)+"/"+Int(it.Spent))
		}
	}
	want := []string{"state=35.000.000/28.500.000 81,4%", " equipment=35.000.000/28.500.000",
		"social=20.000.000/20.000.000 100,0%", " initial_fund=20.000.000/20.000.000",
		"elderly_fund=0/0 —", " reviews=0/0"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("budget\n %v\nwant\n %v", got, want)
	}
	if y.Total.Planned != 55000000 || y.Total.Spent != 48500000 || p.Total.Planned != 55000000 {
		t.Errorf("totals %+v %+v", y.Total, p.Total)
	}
	if len(p.Equipment) != 1 || p.Equipment[0].Club != "CLB Bình Minh" || p.Equipment[0].Quantity != 2 || p.EquipmentValue != 1700000 {
		t.Errorf("equipment (voided and out-of-period left out) %+v", p.Equipment)
	}
	if len(p.Visits) != 1 || p.Visits[0].Club != "CLB An Bình" || p.Visits[0].Visitor != "Trần Văn Bình" || p.ClubsVisited != 1 {
		t.Errorf("visits %+v", p.Visits)
	}
	if len(p.Commendations) != 1 || p.Commendations[0].Recipient != "CLB An Bình" || p.Review != "" {
		t.Errorf("commendations %+v review %q", p.Commendations, p.Review)
	}

	// Two years: each with its lines.
	p = planOf(rows, "commune-1", "2026-07-01", "2027-06-30")
	if len(p.Years) != 2 || p.Years[1].Year != 2027 || p.Total.Planned != 62000000 || p.YearsLabel != "2026 – 2027" {
		t.Errorf("two years %+v total %+v", p.Years, p.Total)
	}
	// The mid-term review lists every mid-term commendation, even one awarded in 2031.
	p = planOf(rows, "commune-1", "2026-01-01", "2030-12-31")
	var who []string
	for _, c := range p.Commendations {
		who = append(who, c.Recipient)
	}
	if strings.Join(who, "|") != "CLB An Bình|Bà Hoàng Thị Mai" || p.Review == "" {
		t.Errorf("mid-term review lists %v (%q)", who, p.Review)
	}
	// The final review: both reviews' commendations.
	p = planOf(rows, "commune-1", "2026-01-01", "2035-12-31")
	if len(p.Commendations) != 3 || p.Commendations[2].Recipient != "Hội Phụ nữ xã" {
		t.Errorf("final review lists %+v", p.Commendations)
	}
	// A later period of 2031 does not list the mid-term ones it does not contain.
	p = planOf(rows, "commune-1", "2031-07-01", "2031-12-31")
	if len(p.Commendations) != 0 {
		t.Errorf("2031 H2 lists %+v", p.Commendations)
	}
}

func TestPlanInReports(t *testing.T) {
	rows := append(loadRows(t), planRows()...)
	a, err := indicators.Compute(rows, indicators.Query{CommuneID: "commune-1", From: "2026-01-01", To: "2026-06-30"})
	if err != nil {
		t.Fatal(err)
	}
	_, _, meta := fixture(t)
	h, err := HTML(a, rows, meta)
	if err != nil {
		t.Fatal(err)
	}
	html := string(h)
	for _, s := range []string{"V. Kinh phí thực hiện", "VI. Trang thiết bị đã cấp", "VII. Kiểm tra, giám sát", "VIII. Khen thưởng",
		"Ngân sách nhà nước", "Mua sắm trang thiết bị", "35.000.000", "28.500.000", "81,4%", "55.000.000", "48.500.000",
		"Máy đo huyết áp", "1.700.000", "01/04/2026", "20/05/2026", "Trần Văn Bình", "Sinh hoạt đều", "Lập nhóm tăng thu nhập",
		"CLB An Bình", "Cấp huyện", "Hằng năm"} {
		if !strings.Contains(html, s) {
			t.Errorf("HTML lacks %q", s)
		}
	}
	for _, s := range []string{"Ghi nhầm", "Lê Thị Cúc", "Bà Hoàng Thị Mai", "99.000.000"} {
		if strings.Contains(html, s) {
			t.Errorf("HTML shows %q from outside the period or a voided/deleted row", s)
		}
	}
	if i, j := strings.Index(html, "VIII. Khen thưởng"), strings.Index(html, `class="sign"`); i < 0 || j < i {
		t.Error("the plan's sections are not before the signatures")
	}

	b, err := XLSX(a, rows, meta)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// Kinh phí: state/equipment line, the state subtotal, … the year's total.
	first := []string{raw(t, f, SheetBudget, "A5"), raw(t, f, SheetBudget, "B5"), raw(t, f, SheetBudget, "C5"), raw(t, f, SheetBudget, "D5"), raw(t, f, SheetBudget, "E5")}
	if strings.Join(first, "|") != "2026|Ngân sách nhà nước|Mua sắm trang thiết bị|35000000|28500000" {
		t.Errorf("budget first line %v", first)
	}
	if got := num(t, f, SheetBudget, "F6"); got < 0.8142 || got > 0.8143 {
		t.Errorf("state share %v", got)
	}
	if raw(t, f, SheetBudget, "B11") != "Cộng năm 2026" || num(t, f, SheetBudget, "D11") != 55000000 || num(t, f, SheetBudget, "E11") != 48500000 {
		t.Errorf("year total %q %v", raw(t, f, SheetBudget, "B11"), raw(t, f, SheetBudget, "D11"))
	}
	if raw(t, f, SheetEquipment, "B5") != "CLB Bình Minh" || raw(t, f, SheetEquipment, "C5") != "01/04/2026" || num(t, f, SheetEquipment, "E5") != 2 || num(t, f, SheetEquipment, "F6") != 1700000 {
		t.Errorf("equipment sheet %q %q", raw(t, f, SheetEquipment, "B5"), raw(t, f, SheetEquipment, "F6"))
	}
	if raw(t, f, SheetSupervision, "B5") != "CLB An Bình" || raw(t, f, SheetSupervision, "D5") != "Trần Văn Bình" || raw(t, f, SheetSupervision, "E5") != "Sinh hoạt đều" {
		t.Errorf("supervision sheet %q", raw(t, f, SheetSupervision, "B5"))
	}
	if raw(t, f, SheetCommendations, "C5") != "CLB An Bình" || raw(t, f, SheetCommendations, "E5") != "Cấp huyện" || raw(t, f, SheetCommendations, "C6") != "" {
		t.Errorf("commendations sheet %q", raw(t, f, SheetCommendations, "C5"))
	}
}

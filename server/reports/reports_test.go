package reports

import (
	"bytes"
	"encoding/json"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"clb/server/indicators"
)

// loadRows reads the indicators package's hand-computed fixture.
func loadRows(t *testing.T) []indicators.Row {
	t.Helper()
	b, err := os.ReadFile("../indicators/testdata/commune.json")
	if err != nil {
		t.Fatal(err)
	}
	var file []struct {
		Entity  string            `json:"entity"`
		ID      string            `json:"id"`
		Fields  map[string]any    `json:"fields"`
		Stamps  map[string]string `json:"stamps"`
		Deleted bool              `json:"deleted"`
	}
	if err := json.Unmarshal(b, &file); err != nil {
		t.Fatal(err)
	}
	rows := make([]indicators.Row, len(file))
	for i, r := range file {
		rows[i] = indicators.Row(r)
	}
	return rows
}

func fixture(t *testing.T) (*indicators.Answer, []indicators.Row, Meta) {
	rows := loadRows(t)
	a, err := indicators.Compute(rows, indicators.Query{CommuneID: "commune-1", From: "2026-01-01", To: "2026-06-30"})
	if err != nil {
		t.Fatal(err)
	}
	loc := time.FixedZone("ICT", 7*3600)
	return a, rows, Meta{Province: "Bắc Ninh", Generated: time.Date(2026, 7, 3, 9, 30, 0, 0, loc), PreparedBy: "Nguyễn Thị Lập", Chair: "Trần Văn Chủ"}
}

func raw(t *testing.T, f *excelize.File, sheet, cell string) string {
	t.Helper()
	v, err := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func num(t *testing.T, f *excelize.File, sheet, cell string) float64 {
	t.Helper()
	s := raw(t, f, sheet, cell)
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("%s!%s = %q: not a number", sheet, cell, s)
	}
	return v
}

func TestXLSXHasTheAnswersNumbers(t *testing.T) {
	a, rows, meta := fixture(t)
	b, err := XLSX(a, rows, meta)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := append([]string{SheetCover, SheetSummary, SheetClubs, SheetMembers, SheetMoney, SheetResources, SheetHealth}, append(PlanSheets, SheetDefinitions)...)
	if got := f.GetSheetList(); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("sheets %v", got)
	}
	// Tổng hợp: one row per commune indicator, same numbers as the answer.
	for i, in := range a.Commune.Indicators {
		r := strconv.Itoa(HeaderRow + 1 + i)
		// Vietnamese label first, the code last.
		if vi, _ := indicators.Label(in.Code); raw(t, f, SheetSummary, "B"+r) != vi {
			t.Fatalf("row %s label %q, want %s", r, raw(t, f, SheetSummary, "B"+r), vi)
		}
		if got := raw(t, f, SheetSummary, "I"+r); got != in.Code {
			t.Fatalf("row %s code %q, want %s", r, got, in.Code)
		}
		if got := num(t, f, SheetSummary, "D"+r); got != float64(in.Numerator) {
			t.Errorf("%s numerator %v, want %d", in.Code, got, in.Numerator)
		}
		if in.Denominator != nil {
			if got := num(t, f, SheetSummary, "E"+r); got != float64(*in.Denominator) {
				t.Errorf("%s denominator %v, want %d", in.Code, got, *in.Denominator)
			}
		} else if got := raw(t, f, SheetSummary, "E"+r); got != "" {
			t.Errorf("%s denominator %q, want empty", in.Code, got)
		}
		if in.Value != nil {
			if got := num(t, f, SheetSummary, "F"+r); got != *in.Value {
				t.Errorf("%s value %v, want %v", in.Code, got, *in.Value)
			}
		}
		if in.Target != nil {
			if got := num(t, f, SheetSummary, "G"+r); got != *in.Target {
				t.Errorf("%s target %v, want %v", in.Code, got, *in.Target)
			}
		}
		if got := raw(t, f, SheetSummary, "H"+r); got != StatusLabel(in.Status) {
			t.Errorf("%s status %q", in.Code, got)
		}
	}
	// Câu lạc bộ: one column per club, rows in ClubCodes order.
	for i, c := range a.Clubs {
		col, _ := excelize.ColumnNumberToName(3 + i)
		if got := raw(t, f, SheetClubs, col+strconv.Itoa(HeaderRow)); got != c.Name {
			t.Fatalf("club column %s: %q, want %s", col, got, c.Name)
		}
		for j, code := range indicators.ClubCodes {
			in, _ := indicators.Get(c.Indicators, code)
			r := strconv.Itoa(HeaderRow + 1 + j)
			if in.Value == nil {
				if got := raw(t, f, SheetClubs, col+r); got != "" {
					t.Errorf("%s %s: %q, want empty", c.Name, code, got)
				}
				continue
			}
			if got := num(t, f, SheetClubs, col+r); got != *in.Value {
				t.Errorf("%s %s: %v, want %v", c.Name, code, got, *in.Value)
			}
		}
	}
	// Hand-computed figures (see ../indicators/fixture_test.go).
	checks := []struct {
		sheet, cell string
		want        float64
	}{
		{SheetMembers, "C5", 5}, {SheetMembers, "D5", 4}, {SheetMembers, "E5", 3}, {SheetMembers, "F5", 2},
		{SheetMembers, "G5", 2}, {SheetMembers, "H5", 1}, {SheetMembers, "I5", 3},
		{SheetMembers, "C8", 8}, {SheetMembers, "F8", 3}, // Toàn xã
		{SheetMoney, "C5", 50_210_000}, {SheetMoney, "E5", 1}, {SheetMoney, "F5", 6_000_000}, {SheetMoney, "H5", 11_000_000},
		{SheetMoney, "I5", 2}, {SheetMoney, "J5", 11_000_000}, {SheetMoney, "K5", 5_000_000},
		{SheetMoney, "C8", 105_210_000}, {SheetMoney, "H8", 15_000_000}, {SheetMoney, "L8", 1.0 / 3},
		{SheetHealth, "C5", 6}, {SheetHealth, "D5", 3}, {SheetHealth, "H5", 2}, {SheetHealth, "J6", 1},
		{SheetHealth, "D8", 4}, {SheetHealth, "H8", 3}, {SheetHealth, "I8", 0.75},
	}
	for _, c := range checks {
		if got := num(t, f, c.sheet, c.cell); got != c.want {
			t.Errorf("%s!%s = %v, want %v", c.sheet, c.cell, got, c.want)
		}
	}
	if got := raw(t, f, SheetMoney, "D5"); got != "Có" {
		t.Errorf("A reaches the floor: %q", got)
	}
	// Resources mobilised by kind: B's grant of 55 000 000.
	for _, c := range []struct {
		cell string
		want float64
	}{{"C6", 0}, {"D6", 55_000_000}, {"F6", 55_000_000}, {"D8", 55_000_000}, {"F8", 55_000_000}} {
		if got := num(t, f, SheetResources, c.cell); got != c.want {
			t.Errorf("%s!%s = %v, want %v", SheetResources, c.cell, got, c.want)
		}
	}
	// Money is formatted in đồng with dots, whatever the reader's locale;
	// shares as percentages.
	if got, _ := f.GetCellValue(SheetMoney, "C5"); got != "50.210.000 đ" {
		t.Errorf("money display %q", got)
	}
	if got, _ := f.GetCellValue(SheetMembers, "C8"); got != "8" {
		t.Errorf("count display %q", got)
	}
	if got, _ := f.GetCellValue(SheetHealth, "I8"); got != "75.0%" {
		t.Errorf("percent display %q", got)
	}
	// Frozen header.
	for _, s := range want[1:] {
		p, err := f.GetPanes(s)
		if err != nil || !p.Freeze || p.YSplit != HeaderRow {
			t.Errorf("%s panes %+v %v", s, p, err)
		}
	}
	// Definitions include the readings of the plan.
	rowsDef, _ := f.GetRows(SheetDefinitions)
	joined := ""
	for _, r := range rowsDef {
		joined += strings.Join(r, "|") + "\n"
	}
	for _, s := range []string{"older_women_share", "Quyết định 1648", "Cách hiểu Kế hoạch", "loan_access_club_share", "lượt"} {
		if !strings.Contains(joined, s) {
			t.Errorf("definitions lack %q", s)
		}
	}
	props, _ := f.GetDocProps()
	if props.Created != "2026-07-03T02:30:00Z" {
		t.Errorf("created %q", props.Created)
	}
}

func TestXLSXIsDeterministic(t *testing.T) {
	a, rows, meta := fixture(t)
	b1, err := XLSX(a, rows, meta)
	if err != nil {
		t.Fatal(err)
	}
	b2, _ := XLSX(a, rows, meta)
	if !bytes.Equal(b1, b2) {
		t.Fatal("two renderings differ")
	}
	h1, _ := HTML(a, rows, meta)
	h2, _ := HTML(a, rows, meta)
	if !bytes.Equal(h1, h2) {
		t.Fatal("two HTML renderings differ")
	}
}

func TestHTML(t *testing.T) {
	a, rows, meta := fixture(t)
	b, err := HTML(a, rows, meta)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, want := range []string{
		"@page { size: A4",
		"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
		"UBND XÃ TAM TIẾN", "HỘI NGƯỜI CAO TUỔI XÃ",
		"Tam Tiến, Bắc Ninh, ngày 03 tháng 07 năm 2026",
		"kỳ 6 tháng đầu năm 2026 (từ 01/01/2026 đến 30/06/2026), giai đoạn 2026-2030",
		"NGƯỜI LẬP BIỂU", "CHỦ TỊCH", "Nguyễn Thị Lập", "Trần Văn Chủ",
		"Tỷ lệ CLB sinh hoạt hằng tháng đủ 8 mảng",
		"50.210.000 đ", "15.000.000 đ", "105.210.000 đ", "50.000.000 đ",
		"66,7%", "75,0%", "17,1%", // full activity 2/3, older women 3/4, attendance 7/41
		"CLB An Bình", "CLB Bình Minh", "CLB Cây Đa",
		"Chưa đạt", "— : chưa có số liệu", `<td class="n no_data">—</td>`,
		"PHỤ LỤC", "Quyết định 1648",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	if strings.Contains(s, "CLB Đã giải thể") {
		t.Error("HTML lists a dissolved club")
	}
}

func TestFormatting(t *testing.T) {
	for _, c := range [][2]string{
		{Int(0), "0"}, {Int(999), "999"}, {Int(1000), "1.000"}, {Int(50210000), "50.210.000"}, {Int(-1234567), "-1.234.567"},
		{Percent(2.0 / 3), "66,7%"}, {Percent(1), "100,0%"},
		{PeriodLabel("2026-01-01", "2026-06-30"), "6 tháng đầu năm 2026"},
		{PeriodLabel("2026-07-01", "2026-12-31"), "6 tháng cuối năm 2026"},
		{PeriodLabel("2027-01-01", "2027-12-31"), "năm 2027"},
		{PeriodLabel("2026-01-01", "2030-12-31"), "giai đoạn 2026-2030"},
		{PeriodLabel("2026-02-01", "2026-05-31"), "từ ngày 01/02/2026 đến ngày 31/05/2026"},
		{PeriodLabel("2026-07-01", "2026-12-01"), "6 tháng cuối năm 2026 (đến ngày 01/12/2026)"},
		{PeriodLabel("2026-01-01", "2026-03-10"), "6 tháng đầu năm 2026 (đến ngày 10/03/2026)"},
		{PeriodLabel("2026-01-01", "2026-12-01"), "năm 2026 (đến ngày 01/12/2026)"},
		{PeriodLabel("2027-01-01", "2027-12-01"), "năm 2027 (đến ngày 01/12/2027)"},
		{PeriodLabel("2026-01-01", "2028-05-01"), "giai đoạn 2026-2030 (đến ngày 01/05/2028)"},
		{PeriodLabel("2026-01-01", "2035-12-31"), "giai đoạn 2026-2035"},
		{PeriodLabel("2026-01-01", "2032-05-01"), "giai đoạn 2026-2035 (đến ngày 01/05/2032)"},
		{PeriodLabel("2031-01-01", "2032-05-01"), "giai đoạn 2031-2035 (đến ngày 01/05/2032)"},
		{PeriodDates("2026-02-01", "2026-05-31"), ""},
		{PeriodDates("2026-07-01", "2026-12-01"), ""},
		{PeriodDates("2026-07-01", "2026-12-31"), " (từ 01/07/2026 đến 31/12/2026)"},
	} {
		if c[0] != c[1] {
			t.Errorf("%q, want %q", c[0], c[1])
		}
	}
}

func TestNeedsCommuneAnswer(t *testing.T) {
	rows := loadRows(t)
	a, _ := indicators.Compute(rows, indicators.Query{ClubID: "A", From: "2026-01-01", To: "2026-06-30"})
	if _, err := XLSX(a, rows, Meta{}); err == nil {
		t.Error("club answer accepted")
	}
}

// TestNamesNotDoubled: names stored with their unit ("Xã Hòa An", "Tỉnh
// Bắc Ninh") or without it read the same, never "XÃ XÃ" or "tỉnh Tỉnh".
func TestNamesNotDoubled(t *testing.T) {
	a, rows, meta := fixture(t)
	for _, names := range [][2]string{{"Xã Hòa An", "Tỉnh Bắc Ninh"}, {"Hòa An", "Bắc Ninh"}, {"  xã   Hòa An ", "tỉnh Bắc Ninh"}, {"XÃ HÒA AN", "TỈNH BẮC NINH"}} {
		m := meta
		m.CommuneName, m.Province = names[0], names[1]
		m.Number = "15"
		m.Sections = Sections{Results: "Kết quả tốt.", Proposals: "Đề nghị hỗ trợ."}
		h, err := HTML(a, rows, m)
		if err != nil {
			t.Fatal(err)
		}
		s := string(h)
		upper := strings.ToUpper(names[0]) != names[0]
		for _, want := range []string{"Số: 15/BC-HNCT", "Kết quả tốt.", "Đề nghị hỗ trợ.", "(Chưa nhập nội dung.)"} {
			if !strings.Contains(s, want) {
				t.Errorf("%v: HTML lacks %q", names, want)
			}
		}
		if upper {
			for _, want := range []string{"UBND XÃ HÒA AN", "Ủy ban nhân dân xã Hòa An, tỉnh Bắc Ninh", "Hòa An, Bắc Ninh, ngày 03 tháng 07 năm 2026"} {
				if !strings.Contains(s, want) {
					t.Errorf("%v: HTML lacks %q", names, want)
				}
			}
		}
		for _, bad := range []string{"XÃ XÃ", "xã Xã", "xã xã", "tỉnh Tỉnh", "tỉnh tỉnh", "Tỉnh Tỉnh"} {
			if strings.Contains(s, bad) {
				t.Errorf("%v: HTML has %q", names, bad)
			}
		}
		x, err := XLSX(a, rows, m)
		if err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenReader(bytes.NewReader(x))
		if err != nil {
			t.Fatal(err)
		}
		cover := sheetText(t, f, SheetCover)
		for _, want := range []string{"UBND XÃ HÒA AN", "Số: 15/BC-HNCT", "Kết quả tốt.", "Đề nghị hỗ trợ.", "I. KẾT QUẢ ĐẠT ĐƯỢC", "IV. PHƯƠNG HƯỚNG VÀ KIẾN NGHỊ"} {
			if upper && !strings.Contains(cover, want) {
				t.Errorf("%v: cover lacks %q", names, want)
			}
		}
		sub := raw(t, f, SheetSummary, "A2")
		if upper && !strings.HasPrefix(sub, "xã Hòa An, tỉnh Bắc Ninh — kỳ báo cáo") {
			t.Errorf("%v: subtitle %q", names, sub)
		}
		for _, bad := range []string{"xã Xã", "tỉnh Tỉnh", "XÃ XÃ"} {
			if strings.Contains(cover+sub, bad) {
				t.Errorf("%v: workbook has %q", names, bad)
			}
		}
		f.Close()
	}
}

func sheetText(t *testing.T, f *excelize.File, sheet string) string {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(strings.Join(r, "|"))
		b.WriteByte('\n')
	}
	return b.String()
}

func TestNumberLine(t *testing.T) {
	for _, c := range [][2]string{{"", "Số:        /BC-HNCT"}, {" 15 ", "Số: 15/BC-HNCT"}, {"07/BC-UBND", "Số: 07/BC-UBND"}} {
		if got := NumberLine(c[0]); got != c[1] {
			t.Errorf("NumberLine(%q) = %q, want %q", c[0], got, c[1])
		}
	}
}

// TestIntFormat: grouping dots are literal, so the figures do not follow
// the reader's locale.
func TestIntFormat(t *testing.T) {
	for _, c := range []struct {
		v      int64
		suffix string
		want   string
	}{
		{0, "", `0`}, {999, "", `0`}, {1000, "", `#\.##0`}, {999_999, "", `#\.##0`}, {1_000_000, "đ", `#\.###\.##0" đ"`},
		{50_210_000, "", `#\.###\.##0`}, {1_234_567_890, "", `#\.###\.###\.##0`}, {-5000, "", `#\.##0;\-#\.##0`},
	} {
		if got := intFormat(c.v, c.suffix); got != c.want {
			t.Errorf("intFormat(%d) = %s, want %s", c.v, got, c.want)
		}
	}
}

// TestXLSXPrintsOnA4: every sheet is set up for A4, one page wide, with the
// header rows printed on every page, and its columns at 100 % are not much
// wider than the page (so fitting does not shrink the text below 70 %).
func TestXLSXPrintsOnA4(t *testing.T) {
	a, rows, meta := fixture(t)
	b, err := XLSX(a, rows, meta)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	names := map[string]bool{}
	dn := f.GetDefinedName()
	for _, d := range dn {
		if d.Name == "_xlnm.Print_Titles" {
			names[d.Scope] = true
		}
	}
	for _, s := range f.GetSheetList() {
		w, pageMM := PrintWidth(t, f, s)
		if scale := pageMM / w; scale < 0.7 {
			t.Errorf("%s: %.0f mm of columns on %.0f mm of page (%.0f %%)", s, w, pageMM, scale*100)
		}
		if s != SheetCover && !names[s] {
			t.Errorf("%s: no print titles", s)
		}
	}
	// Vietnamese first: no sheet starts with a code in its first two columns.
	for _, s := range f.GetSheetList() {
		rs, _ := f.GetRows(s)
		for i, r := range rs {
			for j := 0; j < len(r) && j < 2; j++ {
				if strings.Contains(r[j], "_share") || strings.Contains(r[j], "_vnd") || strings.Contains(r[j], "new_clubs") {
					t.Errorf("%s row %d: a code %q where a reader looks first", s, i+1, r[j])
				}
			}
		}
	}
}

// PrintWidth returns the width of the sheet's columns in millimetres (Excel's
// rule: a column of w characters is 7w + 5 pixels at 96 dpi) and the width
// of its A4 page between the margins, checking the page set-up on the way.
func PrintWidth(t *testing.T, f *excelize.File, sheet string) (cols, page float64) {
	t.Helper()
	pl, err := f.GetPageLayout(sheet)
	if err != nil {
		t.Fatal(err)
	}
	if pl.Size == nil || *pl.Size != paperA4 || pl.FitToWidth == nil || *pl.FitToWidth != 1 || pl.FitToHeight == nil || *pl.FitToHeight != 0 || pl.Orientation == nil {
		t.Fatalf("%s: page layout %+v", sheet, pl)
	}
	props, err := f.GetSheetProps(sheet)
	if err != nil || props.FitToPage == nil || !*props.FitToPage {
		t.Fatalf("%s: not fit to page %+v %v", sheet, props, err)
	}
	m, err := f.GetPageMargins(sheet)
	if err != nil {
		t.Fatal(err)
	}
	page = 210.0
	if *pl.Orientation == "landscape" {
		page = 297
	}
	page -= (*m.Left + *m.Right) * 25.4
	dim, _ := f.GetSheetDimension(sheet)
	last := strings.Split(dim, ":")
	end := last[len(last)-1]
	col, _, err := excelize.CellNameToCoordinates(end)
	if err != nil {
		t.Fatal(err)
	}
	for c := 1; c <= col; c++ {
		name, _ := excelize.ColumnNumberToName(c)
		w, _ := f.GetColWidth(sheet, name)
		cols += (7*w + 5) * 25.4 / 96
	}
	return cols, page
}

func TestParagraphs(t *testing.T) {
	long := strings.Repeat("Câu lạc bộ sinh hoạt đều đặn. ", 700) // 21 000 characters, one line
	ps := paragraphs("Dòng một.\r\n\r\n  Dòng hai.  \n" + long)
	if ps[0] != "Dòng một." || ps[1] != "Dòng hai." || len(ps) < 4 {
		t.Fatalf("%d paragraphs: %q…", len(ps), ps[:2])
	}
	var words int
	for _, p := range ps[2:] {
		if n := len([]rune(p)); n > maxParaRunes || paraHeight(p) > 409 {
			t.Errorf("a paragraph of %d characters (%.0f pt)", n, paraHeight(p))
		}
		words += len(strings.Fields(p))
	}
	if words != len(strings.Fields(long)) {
		t.Errorf("%d words, want %d", words, len(strings.Fields(long)))
	}
}

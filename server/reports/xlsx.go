package reports

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"clb/server/indicators"
)

// Sheet names.
const (
	SheetSummary     = "Tổng hợp"
	SheetClubs       = "Câu lạc bộ"
	SheetMembers     = "Thành viên"
	SheetMoney       = "Quỹ và vay vốn"
	SheetHealth      = "Sức khỏe"
	SheetDefinitions = "Định nghĩa"
)

// HeaderRow is the row of the column headers on every sheet; rows above it
// carry the title, and the sheets are frozen below it.
const HeaderRow = 4

// Number formats.
const (
	fmtMoney   = `#,##0" đ"`
	fmtCount   = `#,##0`
	fmtPercent = `0.0%`
)

type styles struct {
	title, header, text, wrap, count, money, percent, bold, boldCount, boldMoney, boldPercent int
}

func newStyles(f *excelize.File) (*styles, error) {
	border := []excelize.Border{
		{Type: "left", Color: "999999", Style: 1}, {Type: "right", Color: "999999", Style: 1},
		{Type: "top", Color: "999999", Style: 1}, {Type: "bottom", Color: "999999", Style: 1},
	}
	mk := func(bold bool, numFmt string, extra func(*excelize.Style)) (int, error) {
		s := &excelize.Style{Border: border, Font: &excelize.Font{Family: "Times New Roman", Size: 11, Bold: bold},
			Alignment: &excelize.Alignment{Vertical: "center"}}
		if numFmt != "" {
			nf := numFmt
			s.CustomNumFmt = &nf
		}
		if extra != nil {
			extra(s)
		}
		return f.NewStyle(s)
	}
	var st styles
	var err error
	steps := []struct {
		dst    *int
		bold   bool
		numFmt string
		extra  func(*excelize.Style)
	}{
		{&st.title, true, "", func(s *excelize.Style) { s.Border = nil; s.Font.Size = 13 }},
		{&st.header, true, "", func(s *excelize.Style) {
			s.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}
			s.Alignment = &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}
		}},
		{&st.text, false, "", nil},
		{&st.wrap, false, "", func(s *excelize.Style) { s.Alignment = &excelize.Alignment{Vertical: "top", WrapText: true} }},
		{&st.count, false, fmtCount, nil},
		{&st.money, false, fmtMoney, nil},
		{&st.percent, false, fmtPercent, nil},
		{&st.bold, true, "", nil},
		{&st.boldCount, true, fmtCount, nil},
		{&st.boldMoney, true, fmtMoney, nil},
		{&st.boldPercent, true, fmtPercent, nil},
	}
	for _, s := range steps {
		if *s.dst, err = mk(s.bold, s.numFmt, s.extra); err != nil {
			return nil, err
		}
	}
	return &st, nil
}

// sheet writes one sheet row by row.
type sheet struct {
	f    *excelize.File
	name string
	st   *styles
	row  int
	err  error
}

func (s *sheet) set(col, row int, v any, style int) {
	if s.err != nil {
		return
	}
	cell, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		s.err = err
		return
	}
	switch x := v.(type) {
	case nil:
	case float64:
		// The shortest decimal that reads back as the same double (excelize
		// would cut it to Excel's 15 significant digits).
		str := strconv.FormatFloat(x, 'f', -1, 64)
		prec := 0
		if i := strings.IndexByte(str, '.'); i >= 0 {
			prec = len(str) - i - 1
		}
		if s.err = s.f.SetCellFloat(s.name, cell, x, prec, 64); s.err != nil {
			return
		}
	default:
		if s.err = s.f.SetCellValue(s.name, cell, v); s.err != nil {
			return
		}
	}
	s.err = s.f.SetCellStyle(s.name, cell, cell, style)
}

// cell is one value with its style.
type cell struct {
	v     any
	style int
}

func (s *sheet) line(cells ...cell) {
	s.row++
	for i, c := range cells {
		s.set(i+1, s.row, c.v, c.style)
	}
}

// start writes the title rows and the header row, freezes the panes below the
// header (and right of xFreeze columns) and sets the column widths.
func (s *sheet) start(title, subtitle string, headers []string, widths []float64, xFreeze int) {
	s.set(1, 1, title, s.st.title)
	s.set(1, 2, subtitle, s.st.title)
	for i, h := range headers {
		s.set(i+1, HeaderRow, h, s.st.header)
	}
	s.row = HeaderRow
	for i, w := range widths {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if s.err == nil {
			s.err = s.f.SetColWidth(s.name, col, col, w)
		}
	}
	if s.err == nil {
		s.err = s.f.SetRowHeight(s.name, HeaderRow, 45)
	}
	top, _ := excelize.CoordinatesToCellName(xFreeze+1, HeaderRow+1)
	if s.err == nil {
		pane := "bottomLeft"
		if xFreeze > 0 {
			pane = "bottomRight"
		}
		s.err = s.f.SetPanes(s.name, &excelize.Panes{Freeze: true, XSplit: xFreeze, YSplit: HeaderRow, TopLeftCell: top, ActivePane: pane})
	}
}

// valueCell is an indicator's value as a number with its format, or empty.
func (st *styles) valueCell(code string, v *float64, bold bool) cell {
	if v == nil {
		return cell{nil, pick(bold, st.bold, st.text)}
	}
	switch {
	case indicators.IsMoney(code):
		return cell{int64(*v), pick(bold, st.boldMoney, st.money)}
	case indicators.IsCount(code):
		return cell{int64(*v), pick(bold, st.boldCount, st.count)}
	}
	return cell{*v, pick(bold, st.boldPercent, st.percent)}
}

func pick(b bool, x, y int) int {
	if b {
		return x
	}
	return y
}

// XLSX renders the commune report as a workbook with the sheets "Tổng hợp",
// "Câu lạc bộ", "Thành viên", "Quỹ và vay vốn", "Sức khỏe", the four of the
// plan's own management (PlanSheets) and "Định nghĩa".
// a must be a commune answer (Compute without ClubID) and rows the rows it
// was computed from.
func XLSX(a *indicators.Answer, rows []indicators.Row, meta Meta) ([]byte, error) {
	d, err := prepare(a, rows, meta)
	if err != nil {
		return nil, err
	}
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return nil, err
	}
	if err := f.SetSheetName("Sheet1", SheetSummary); err != nil {
		return nil, err
	}
	sheets := append([]string{SheetClubs, SheetMembers, SheetMoney, SheetHealth}, PlanSheets...)
	for _, n := range append(sheets, SheetDefinitions) {
		if _, err := f.NewSheet(n); err != nil {
			return nil, err
		}
	}
	sub := fmt.Sprintf("Xã %s, tỉnh %s — kỳ báo cáo %s (%s – %s), giai đoạn %s",
		d.meta.CommuneName, d.meta.Province, PeriodLabel(a.From, a.To), DateVN(a.From), DateVN(a.To), a.Phase)
	for _, w := range []func(*excelize.File, *styles, *data, string) error{summarySheet, clubsSheet, membersSheet, moneySheet, healthSheet, planSheets, definitionsSheet} {
		if err := w(f, st, d, sub); err != nil {
			return nil, err
		}
	}
	f.SetActiveSheet(0)
	gen := d.meta.Generated.UTC().Format(time.RFC3339)
	if err := f.SetDocProps(&excelize.DocProperties{
		Title:          "Báo cáo kết quả thực hiện Kế hoạch nhân rộng CLB Liên thế hệ tự giúp nhau " + PeriodLabel(a.From, a.To),
		Subject:        "Xã " + d.meta.CommuneName,
		Creator:        "CLB Liên thế hệ",
		LastModifiedBy: "CLB Liên thế hệ",
		Created:        gen,
		Modified:       gen,
		Language:       "vi-VN",
	}); err != nil {
		return nil, err
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func summarySheet(f *excelize.File, st *styles, d *data, sub string) error {
	s := &sheet{f: f, name: SheetSummary, st: st}
	s.start("TỔNG HỢP CHỈ TIÊU CỦA XÃ", sub,
		[]string{"STT", "Mã chỉ tiêu", "Chỉ tiêu", "Tử số", "Mẫu số", "Kết quả", "Chỉ tiêu kế hoạch", "Đánh giá"},
		[]float64{6, 24, 55, 16, 16, 16, 16, 16}, 0)
	for i, in := range d.answer.Commune.Indicators {
		vi, _ := indicators.Label(in.Code)
		num := st.count
		if indicators.IsMoney(in.Code) || in.Code == "par30_share" {
			num = st.money
		}
		var den any
		if in.Denominator != nil {
			den = *in.Denominator
		}
		s.line(cell{i + 1, st.count}, cell{in.Code, st.text}, cell{vi, st.wrap},
			cell{in.Numerator, num}, cell{den, num},
			st.valueCell(in.Code, in.Value, true), st.valueCell(in.Code, in.Target, false),
			cell{StatusLabel(in.Status), st.text})
	}
	return s.err
}

func clubsSheet(f *excelize.File, st *styles, d *data, sub string) error {
	s := &sheet{f: f, name: SheetClubs, st: st}
	headers := []string{"STT", "Câu lạc bộ"}
	widths := []float64{6, 30}
	for _, code := range indicators.ClubCodes {
		vi, _ := indicators.Label(code)
		headers = append(headers, vi)
		widths = append(widths, 16)
	}
	headers = append(headers, "Số chỉ tiêu đạt", "Số chỉ tiêu chưa đạt")
	widths = append(widths, 12, 12)
	s.start("CHỈ TIÊU THEO CÂU LẠC BỘ", sub, headers, widths, 2)
	for i, c := range d.answer.Clubs {
		cells := []cell{{i + 1, st.count}, {c.Name, st.text}}
		var met, notMet int64
		for _, code := range indicators.ClubCodes {
			in, _ := indicators.Get(c.Indicators, code)
			cells = append(cells, st.valueCell(code, in.Value, false))
			switch in.Status {
			case indicators.StatusMet:
				met++
			case indicators.StatusNotMet:
				notMet++
			}
		}
		cells = append(cells, cell{met, st.count}, cell{notMet, st.count})
		s.line(cells...)
	}
	return s.err
}

func membersSheet(f *excelize.File, st *styles, d *data, sub string) error {
	s := &sheet{f: f, name: SheetMembers, st: st}
	s.start("THÀNH PHẦN THÀNH VIÊN (ngày "+DateVN(d.answer.To)+")", sub,
		[]string{"STT", "Câu lạc bộ", "Tổng số thành viên", "Nữ", "Từ 60 tuổi", "Nữ từ 60 tuổi", "Hộ nghèo", "Hộ cận nghèo",
			"Nghèo và cận nghèo", "Tỷ lệ nữ", "Tỷ lệ từ 60 tuổi", "Tỷ lệ nữ trong NCT", "Tỷ lệ nghèo, cận nghèo"},
		[]float64{6, 30, 12, 10, 10, 10, 10, 10, 12, 10, 10, 12, 12}, 2)
	row := func(stt any, name string, c indicators.ClubDetails, bold bool) {
		n := pick(bold, st.boldCount, st.count)
		p := pick(bold, st.boldPercent, st.percent)
		pc := func(v *float64) cell {
			if v == nil {
				return cell{nil, p}
			}
			return cell{*v, p}
		}
		s.line(cell{stt, st.count}, cell{name, pick(bold, st.bold, st.text)}, cell{c.Members, n}, cell{c.Women, n}, cell{c.Older, n},
			cell{c.OlderWomen, n}, cell{c.Poor, n}, cell{c.NearPoor, n}, cell{c.Poor + c.NearPoor, n},
			pc(ratio(c.Women, c.Members)), pc(ratio(c.Older, c.Members)), pc(ratio(c.OlderWomen, c.Older)),
			pc(ratio(c.Poor+c.NearPoor, c.Members)))
	}
	for i, c := range d.details.Clubs {
		row(i+1, c.Name, c, false)
	}
	row(nil, "Toàn xã", d.details.Total, true)
	return s.err
}

func moneySheet(f *excelize.File, st *styles, d *data, sub string) error {
	s := &sheet{f: f, name: SheetMoney, st: st}
	floor, _ := indicators.Get(d.answer.Commune.Indicators, "fund_floor_vnd")
	s.start("QUỸ TĂNG THU NHẬP VÀ CHO VAY (ngày "+DateVN(d.answer.To)+")", sub,
		[]string{"STT", "Câu lạc bộ", "Quỹ tăng thu nhập", "Đạt mức sàn " + Money(floor.Numerator), "Số khoản giải ngân trong kỳ",
			"Số tiền giải ngân trong kỳ", "Số khoản còn dư nợ", "Dư nợ", "Số khoản quá hạn", "Dư nợ quá hạn",
			"Dư nợ quá hạn trên 30 ngày", "Tỷ lệ dư nợ quá hạn trên 30 ngày"},
		[]float64{6, 30, 18, 14, 12, 18, 12, 18, 12, 18, 18, 14}, 2)
	row := func(stt any, name string, c indicators.ClubDetails, met any, bold bool) {
		n := pick(bold, st.boldCount, st.count)
		m := pick(bold, st.boldMoney, st.money)
		par := cell{nil, pick(bold, st.boldPercent, st.percent)}
		if v := ratio(c.PAR30VND, c.OutstandingVND); v != nil {
			par.v = *v
		}
		s.line(cell{stt, st.count}, cell{name, pick(bold, st.bold, st.text)}, cell{c.FundVND, m}, cell{met, st.text},
			cell{c.LoansDisbursed, n}, cell{c.LoansDisbursedVND, m}, cell{c.LoansOutstanding, n}, cell{c.OutstandingVND, m},
			cell{c.OverdueLoans, n}, cell{c.OverdueVND, m}, cell{c.PAR30VND, m}, par)
	}
	for i, c := range d.details.Clubs {
		met := "Không"
		if float64(c.FundVND) >= float64(floor.Numerator) {
			met = "Có"
		}
		row(i+1, c.Name, c, met, false)
	}
	row(nil, "Toàn xã", d.details.Total, nil, true)
	return s.err
}

func healthSheet(f *excelize.File, st *styles, d *data, sub string) error {
	s := &sheet{f: f, name: SheetHealth, st: st}
	s.start("ĐO HUYẾT ÁP TRONG KỲ", sub,
		[]string{"STT", "Câu lạc bộ", "Số lượt đo", "Số thành viên được đo", "Số thành viên từ 60 tuổi", "Số NCT được đo",
			"Tỷ lệ NCT được đo", "Huyết áp cao (≥ 140/90)", "Tỷ lệ huyết áp cao", "Cần chuyển Trạm Y tế (≥ 180/110)"},
		[]float64{6, 30, 12, 14, 14, 12, 12, 14, 12, 16}, 2)
	row := func(stt any, name string, c indicators.ClubDetails, bold bool) {
		n := pick(bold, st.boldCount, st.count)
		p := pick(bold, st.boldPercent, st.percent)
		pc := func(v *float64) cell {
			if v == nil {
				return cell{nil, p}
			}
			return cell{*v, p}
		}
		s.line(cell{stt, st.count}, cell{name, pick(bold, st.bold, st.text)}, cell{c.Readings, n}, cell{c.Measured, n},
			cell{c.Older, n}, cell{c.OlderMeasured, n}, pc(ratio(c.OlderMeasured, c.Older)), cell{c.High, n},
			pc(ratio(c.High, c.Measured)), cell{c.Urgent, n})
	}
	for i, c := range d.details.Clubs {
		row(i+1, c.Name, c, false)
	}
	row(nil, "Toàn xã", d.details.Total, true)
	return s.err
}

func definitionsSheet(f *excelize.File, st *styles, d *data, sub string) error {
	s := &sheet{f: f, name: SheetDefinitions, st: st}
	s.start("ĐỊNH NGHĨA CÁC CHỈ TIÊU VÀ CÁCH HIỂU KẾ HOẠCH", sub,
		[]string{"STT", "Mã chỉ tiêu", "Chỉ tiêu", "Định nghĩa"}, []float64{6, 24, 40, 110}, 0)
	for i, code := range DefinitionCodes() {
		vi, _ := indicators.Label(code)
		s.line(cell{i + 1, st.count}, cell{code, st.text}, cell{vi, st.wrap}, cell{indicators.Definition(code), st.wrap})
	}
	s.row++
	s.line(cell{nil, st.bold}, cell{nil, st.bold}, cell{"Cách hiểu Kế hoạch", st.bold}, cell{nil, st.bold})
	for i, r := range indicators.Readings {
		s.line(cell{i + 1, st.count}, cell{nil, st.text}, cell{nil, st.text}, cell{r, st.wrap})
	}
	return s.err
}

// DefinitionCodes are the codes the annex defines: the commune's, then the
// club-only ones.
func DefinitionCodes() []string {
	out := append([]string{}, indicators.CommuneCodes...)
	return append(out, "standard", "fund_size_vnd", "loan_access_club_share")
}

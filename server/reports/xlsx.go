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
	SheetCover       = "Báo cáo"
	SheetSummary     = "Tổng hợp"
	SheetClubs       = "Câu lạc bộ"
	SheetMembers     = "Thành viên"
	SheetMoney       = "Quỹ và vay vốn"
	SheetResources   = "Nguồn lực huy động"
	SheetHealth      = "Sức khỏe"
	SheetDefinitions = "Định nghĩa"
)

// HeaderRow is the row of the column headers on every table sheet; rows
// above it carry the title, the sheets are frozen below it and it is printed
// on every page.
const HeaderRow = 4

// Number formats. Grouping and date separators are literal characters, not
// the format's "," and "/" that a spreadsheet replaces with the reader's
// locale: the figures read "50.210.000" and "01/12/2026" wherever the file
// is opened. The integer format is chosen per value (intFormat). Percentages
// carry the Vietnamese locale ([$-42A]) for the decimal comma, which
// LibreOffice follows (Excel keeps its own decimal sign there).
const (
	fmtPercent = `[$-42A]0.0%`
	fmtDate    = `dd\/mm\/yyyy`
)

// intFormat is the format of the integer v with dots between groups of three
// digits ("1.234.567"), and suffix (e.g. ` đ`) after it.
func intFormat(v int64, suffix string) string {
	a := v
	if a < 0 {
		a = -a
	}
	pos := groupPattern(a)
	if suffix != "" {
		pos += `" ` + suffix + `"`
	}
	if v < 0 {
		return pos + `;\-` + pos
	}
	return pos
}

// groupPattern is "0", "#\.##0", "#\.###\.##0", … for a's number of digits.
func groupPattern(a int64) string {
	groups := 0
	for x := a; x >= 1000; x /= 1000 {
		groups++
	}
	if groups == 0 {
		return "0"
	}
	return "#" + strings.Repeat(`\.###`, groups-1) + `\.##0`
}

// Page set-up (A4, fit to the page width, as many pages down as needed).
const (
	paperA4     = 9
	marginSide  = 0.4 // inches
	marginTopBt = 0.6
)

type styles struct {
	f                                               *excelize.File
	title, subtitle, header, text, wrap, bold       int
	center, centerBold, italic, para, heading, date int
	nums                                            map[string]int // custom formats, plain and bold
	mk                                              func(bold bool, numFmt string, extra func(*excelize.Style)) (int, error)
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
	plain := func(size float64, bold, italic bool, h string) func(*excelize.Style) {
		return func(s *excelize.Style) {
			s.Border = nil
			s.Font.Size, s.Font.Italic = size, italic
			s.Alignment = &excelize.Alignment{Horizontal: h, Vertical: "top", WrapText: true}
		}
	}
	st := styles{f: f, nums: map[string]int{}}
	var err error
	steps := []struct {
		dst    *int
		bold   bool
		numFmt string
		extra  func(*excelize.Style)
	}{
		{&st.title, true, "", func(s *excelize.Style) { s.Border = nil; s.Font.Size = 13 }},
		{&st.subtitle, false, "", func(s *excelize.Style) { s.Border = nil; s.Font.Italic = true }},
		{&st.header, true, "", func(s *excelize.Style) {
			s.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}
			s.Alignment = &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}
		}},
		{&st.text, false, "", func(s *excelize.Style) { s.Alignment = &excelize.Alignment{Vertical: "center", WrapText: true} }},
		{&st.wrap, false, "", func(s *excelize.Style) { s.Alignment = &excelize.Alignment{Vertical: "top", WrapText: true} }},
		{&st.bold, true, "", func(s *excelize.Style) { s.Alignment = &excelize.Alignment{Vertical: "center", WrapText: true} }},
		{&st.center, false, "", plain(12, false, false, "center")},
		{&st.centerBold, true, "", plain(12, true, false, "center")},
		{&st.italic, false, "", plain(12, false, true, "center")},
		{&st.para, false, "", func(s *excelize.Style) {
			plain(12, false, false, "justify")(s)
		}},
		{&st.heading, true, "", plain(12, true, false, "left")},
		{&st.date, false, fmtDate, func(s *excelize.Style) {
			plain(12, false, false, "left")(s)
		}},
	}
	for _, s := range steps {
		if *s.dst, err = mk(s.bold, s.numFmt, s.extra); err != nil {
			return nil, err
		}
	}
	st.mk = mk
	return &st, nil
}

// num is the style of a number cell with format nf.
func (st *styles) num(nf string, bold bool) int {
	key := nf
	if bold {
		key = "b" + nf
	}
	if id, ok := st.nums[key]; ok {
		return id
	}
	id, err := st.mk(bold, nf, nil)
	if err != nil {
		id = st.text // a format excelize refuses: the number still reads
	}
	st.nums[key] = id
	return id
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

// cell is one value with its style; a number cell without a style gets the
// grouped integer format of its value (money when money is set).
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

// count and money are integer cells with the value's grouped format.
func (st *styles) count(v int64, bold bool) cell { return cell{v, st.num(intFormat(v, ""), bold)} }
func (st *styles) money(v int64, bold bool) cell { return cell{v, st.num(intFormat(v, "đ"), bold)} }
func (st *styles) percent(v *float64, bold bool) cell {
	if v == nil {
		return cell{nil, pick(bold, st.bold, st.text)}
	}
	return cell{*v, st.num(fmtPercent, bold)}
}

// open creates the sheet (renaming the workbook's first, empty sheet) and sets
// its page: A4 in the given orientation, fit to one page wide, margins, and
// the rows 1..printRows repeated on every printed page (0: none).
func (s *sheet) open(orientation string, printRows int) {
	if s.err != nil {
		return
	}
	if idx, _ := s.f.GetSheetIndex("Sheet1"); idx >= 0 {
		s.err = s.f.SetSheetName("Sheet1", s.name)
	} else {
		_, s.err = s.f.NewSheet(s.name)
	}
	if s.err != nil {
		return
	}
	size, one, zero, fit := paperA4, 1, 0, true
	if s.err = s.f.SetPageLayout(s.name, &excelize.PageLayoutOptions{Size: &size, Orientation: &orientation, FitToWidth: &one, FitToHeight: &zero}); s.err != nil {
		return
	}
	if s.err = s.f.SetSheetProps(s.name, &excelize.SheetPropsOptions{FitToPage: &fit}); s.err != nil {
		return
	}
	side, tb, hf := marginSide, marginTopBt, 0.3
	if s.err = s.f.SetPageMargins(s.name, &excelize.PageLayoutMarginsOptions{Left: &side, Right: &side, Top: &tb, Bottom: &tb, Header: &hf, Footer: &hf}); s.err != nil {
		return
	}
	if printRows > 0 {
		s.err = s.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: fmt.Sprintf("'%s'!$1:$%d", s.name, printRows), Scope: s.name})
	}
}

// start opens a table sheet (landscape unless portrait), writes the title
// rows and the header row, freezes the panes below the header (and right of
// xFreeze columns) and sets the column widths.
func (s *sheet) start(title, subtitle string, headers []string, widths []float64, xFreeze int, portrait bool) {
	o := "landscape"
	if portrait {
		o = "portrait"
	}
	s.open(o, HeaderRow)
	s.set(1, 1, title, s.st.title)
	s.set(1, 2, subtitle, s.st.subtitle)
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
		return st.money(int64(*v), bold)
	case indicators.IsCount(code):
		return st.count(int64(*v), bold)
	}
	return st.percent(v, bold)
}

func pick(b bool, x, y int) int {
	if b {
		return x
	}
	return y
}

// SheetWriter lets a registered Part write its own sheet with the report's
// styles and page set-up.
type SheetWriter struct{ st *styles }

// PartSheet is a sheet a Part writes.
type PartSheet struct{ s *sheet }

// Start creates the sheet (landscape A4, fit to width, header row printed on
// every page) with a title, the report's subtitle line and the headers.
func (w SheetWriter) Start(name, title, subtitle string, headers []string, widths []float64) *PartSheet {
	s := &sheet{f: w.st.f, name: name, st: w.st}
	s.start(title, subtitle, headers, widths, 0, false)
	return &PartSheet{s}
}

// Line writes one row: strings as wrapped text, int/int64 as grouped counts,
// VND as grouped đồng, *float64 as a percentage, Date (YYYY-MM-DD) as a
// dd/mm/yyyy date, nil as an empty cell.
func (p *PartSheet) Line(values ...any) {
	var cells []cell
	st := p.s.st
	for _, v := range values {
		switch x := v.(type) {
		case string:
			cells = append(cells, cell{x, st.text})
		case int:
			cells = append(cells, st.count(int64(x), false))
		case int64:
			cells = append(cells, st.count(x, false))
		case VND:
			cells = append(cells, st.money(int64(x), false))
		case *float64:
			cells = append(cells, st.percent(x, false))
		case Date:
			cells = append(cells, dateCell(st, string(x)))
		default:
			cells = append(cells, cell{nil, st.text})
		}
	}
	p.s.line(cells...)
}

// Err is the first error writing the sheet.
func (p *PartSheet) Err() error { return p.s.err }

// VND and Date mark PartSheet.Line values.
type (
	VND  int64
	Date string
)

func dateCell(st *styles, d string) cell {
	t, err := time.Parse(time.DateOnly, d)
	if err != nil {
		return cell{d, st.text}
	}
	return cell{t, st.date}
}

// XLSX renders the commune report as a workbook: the sheet "Báo cáo" (header,
// number and the officer's written sections), then "Tổng hợp", "Câu lạc bộ",
// "Thành viên", "Quỹ và vay vốn", "Nguồn lực huy động", "Sức khỏe", the
// four of the plan's own management (PlanSheets), the registered Parts'
// sheets, and "Định nghĩa". a must be a commune answer
// (Compute without ClubID) and rows the rows it was computed from.
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
	cp, pp := d.meta.Commune(), d.meta.ProvinceP()
	where := cp.Full()
	if pp.Name != "" {
		where += ", " + pp.Full()
	}
	sub := fmt.Sprintf("%s — kỳ báo cáo %s%s, giai đoạn %s", where, PeriodLabel(a.From, a.To), PeriodDates(a.From, a.To), a.Phase)
	for _, w := range []func(*excelize.File, *styles, *data, string) error{coverSheet, summarySheet, clubsSheet, membersSheet, moneySheet, resourcesSheet, healthSheet, planSheets} {
		if err := w(f, st, d, sub); err != nil {
			return nil, err
		}
	}
	for _, p := range Parts {
		if p.Sheet == nil {
			continue
		}
		if err := p.Sheet(f, SheetWriter{st}, rows, a); err != nil {
			return nil, fmt.Errorf("report part %s: %w", p.Name, err)
		}
	}
	if err := definitionsSheet(f, st, d, sub); err != nil {
		return nil, err
	}
	f.SetActiveSheet(0)
	gen := d.meta.Generated.UTC().Format(time.RFC3339)
	if err := f.SetDocProps(&excelize.DocProperties{
		Title:          "Báo cáo kết quả thực hiện Kế hoạch nhân rộng CLB Liên thế hệ tự giúp nhau " + PeriodLabel(a.From, a.To),
		Subject:        where,
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

// Cover sheet layout: two columns, each half of a portrait A4 line.
var coverWidths = []float64{46, 46}

const coverCharsPerLine = 95 // of 12 pt Times across both columns, kept low

// coverSheet writes the header as the commune's documents have it, the "Số"
// line, the title, the period (as dates) and the four written sections.
func coverSheet(f *excelize.File, st *styles, d *data, _ string) error {
	s := &sheet{f: f, name: SheetCover, st: st}
	s.open("portrait", 0)
	for i, w := range coverWidths {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if s.err == nil {
			s.err = f.SetColWidth(s.name, col, col, w)
		}
	}
	cp, pp := d.meta.Commune(), d.meta.ProvinceP()
	g := d.meta.Generated
	place := cp.Name
	if pp.Name != "" {
		place += ", " + pp.Name
	}
	s.line(cell{"UBND " + cp.Upper(), st.centerBold}, cell{"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", st.centerBold})
	s.line(cell{"HỘI NGƯỜI CAO TUỔI XÃ", st.centerBold}, cell{"Độc lập - Tự do - Hạnh phúc", st.centerBold})
	s.line(cell{NumberLine(d.meta.Number), st.center}, cell{fmt.Sprintf("%s, ngày %02d tháng %02d năm %d", place, g.Day(), int(g.Month()), g.Year()), st.italic})
	s.row++
	merged := func(v any, style int, height float64) {
		s.row++
		a, _ := excelize.CoordinatesToCellName(1, s.row)
		b, _ := excelize.CoordinatesToCellName(len(coverWidths), s.row)
		s.set(1, s.row, v, style)
		if s.err == nil {
			s.err = f.MergeCell(s.name, a, b)
		}
		if s.err == nil && height > 0 {
			s.err = f.SetRowHeight(s.name, s.row, height)
		}
	}
	merged("BÁO CÁO", st.centerBold, 0)
	merged("Kết quả thực hiện Kế hoạch nhân rộng Câu lạc bộ Liên thế hệ tự giúp nhau kỳ "+PeriodLabel(d.answer.From, d.answer.To)+", giai đoạn "+d.answer.Phase, st.centerBold, 34)
	s.row++
	s.line(cell{"Từ ngày", st.heading}, dateCell(st, d.answer.From))
	s.line(cell{"Đến ngày", st.heading}, dateCell(st, d.answer.To))
	s.line(cell{"Kính gửi", st.heading}, cell{"Ủy ban nhân dân " + cp.Full() + "; Phòng Văn hóa - Xã hội", st.para})
	s.line(cell{"Số câu lạc bộ đang hoạt động", st.heading}, st.count(int64(len(d.answer.Clubs)), false))
	s.line(cell{"Số thành viên", st.heading}, st.count(d.details.Total.Members, false))
	for _, sec := range []struct{ title, text, note string }{
		{"I. KẾT QUẢ ĐẠT ĐƯỢC", d.meta.Sections.Results, "Số liệu chi tiết ở các trang Tổng hợp, Câu lạc bộ, Thành viên, Quỹ và vay vốn, Nguồn lực huy động, Sức khỏe; định nghĩa ở trang Định nghĩa."},
		{"II. TỒN TẠI, HẠN CHẾ", d.meta.Sections.Shortcomings, ""},
		{"III. NGUYÊN NHÂN", d.meta.Sections.Causes, ""},
		{"IV. PHƯƠNG HƯỚNG VÀ KIẾN NGHỊ", d.meta.Sections.Proposals, ""},
	} {
		s.row++
		merged(sec.title, st.heading, 0)
		paras := paragraphs(sec.text)
		if len(paras) == 0 {
			merged("(Chưa nhập nội dung.)", st.italic, 0)
		}
		for _, p := range paras {
			merged(p, st.para, paraHeight(p))
		}
		if sec.note != "" {
			merged(sec.note, st.italic, paraHeight(sec.note))
		}
	}
	s.row++
	s.line(cell{"NGƯỜI LẬP BIỂU", st.centerBold}, cell{"TM. HỘI NGƯỜI CAO TUỔI XÃ - CHỦ TỊCH", st.centerBold})
	s.line(cell{"(Ký, ghi rõ họ tên)", st.italic}, cell{"(Ký, ghi rõ họ tên, đóng dấu)", st.italic})
	s.row += 3
	s.line(cell{d.meta.PreparedBy, st.centerBold}, cell{d.meta.Chair, st.centerBold})
	return s.err
}

// paragraphs splits written text into paragraphs (one per line, blank lines
// dropped), cutting very long ones at spaces so that each fits the tallest
// row a spreadsheet allows.
func paragraphs(text string) []string {
	var out []string
	for _, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		line = strings.TrimSpace(line)
		for line != "" {
			r := []rune(line)
			if len(r) <= maxParaRunes {
				out = append(out, line)
				break
			}
			cut := maxParaRunes
			for i := maxParaRunes; i > maxParaRunes/2; i-- {
				if r[i] == ' ' {
					cut = i
					break
				}
			}
			out = append(out, strings.TrimSpace(string(r[:cut])))
			line = strings.TrimSpace(string(r[cut:]))
		}
	}
	return out
}

// A row is at most 409 points high: 24 lines of 16 points.
const maxParaRunes = 24 * coverCharsPerLine

// paraHeight is the row height (points) that shows paragraph p in full.
func paraHeight(p string) float64 {
	lines := (len([]rune(p)) + coverCharsPerLine - 1) / coverCharsPerLine
	return float64(max(lines, 1))*16 + 4
}

func summarySheet(f *excelize.File, st *styles, d *data, sub string) error {
	s := &sheet{f: f, name: SheetSummary, st: st}
	s.start("TỔNG HỢP CHỈ TIÊU CỦA XÃ", sub,
		[]string{"STT", "Chỉ tiêu", "Đơn vị tính", "Tử số", "Mẫu số", "Kết quả", "Chỉ tiêu kế hoạch", "Đánh giá", "Mã chỉ tiêu"},
		[]float64{5, 40, 16, 13, 13, 12, 12, 11, 19}, 0, false)
	for i, in := range d.answer.Commune.Indicators {
		vi, _ := indicators.Label(in.Code)
		numCell := func(v int64) cell {
			if indicators.IsMoney(in.Code) || in.Code == "par30_share" {
				return st.money(v, false)
			}
			return st.count(v, false)
		}
		den := cell{nil, st.text}
		if in.Denominator != nil {
			den = numCell(*in.Denominator)
		}
		u := Units(in.Code)
		unit := u.Num
		if u.Den != "" && u.Den != u.Num {
			unit += " / " + u.Den
		}
		if indicators.IsMoney(in.Code) || in.Code == "par30_share" {
			unit = "đồng"
		}
		s.line(st.count(int64(i+1), false), cell{vi, st.wrap}, cell{unit, st.text},
			numCell(in.Numerator), den,
			st.valueCell(in.Code, in.Value, true), st.valueCell(in.Code, in.Target, false),
			cell{StatusLabel(in.Status), st.text}, cell{in.Code, st.text})
	}
	return s.err
}

// clubsSheet has one row per club indicator and one column per club, so that
// a commune's clubs fit the width of the page.
func clubsSheet(f *excelize.File, st *styles, d *data, sub string) error {
	s := &sheet{f: f, name: SheetClubs, st: st}
	headers := []string{"STT", "Chỉ tiêu"}
	widths := []float64{5, 40}
	for _, c := range d.answer.Clubs {
		headers = append(headers, c.Name)
		widths = append(widths, 15)
	}
	headers = append(headers, "Mã chỉ tiêu")
	widths = append(widths, 19)
	s.start("CHỈ TIÊU THEO CÂU LẠC BỘ", sub, headers, widths, 2, len(d.answer.Clubs) <= 4)
	for i, code := range indicators.ClubCodes {
		vi, _ := indicators.ClubLabel(code)
		cells := []cell{st.count(int64(i+1), false), {vi, st.wrap}}
		for _, c := range d.answer.Clubs {
			in, _ := indicators.Get(c.Indicators, code)
			cells = append(cells, st.valueCell(code, in.Value, false))
		}
		cells = append(cells, cell{code, st.text})
		s.line(cells...)
	}
	// How many of each club's indicators with a target are met.
	met := []cell{{nil, st.text}, {"Số chỉ tiêu đạt", st.bold}}
	notMet := []cell{{nil, st.text}, {"Số chỉ tiêu chưa đạt", st.bold}}
	for _, c := range d.answer.Clubs {
		var m, n int64
		for _, in := range c.Indicators {
			switch in.Status {
			case indicators.StatusMet:
				m++
			case indicators.StatusNotMet:
				n++
			}
		}
		met = append(met, st.count(m, true))
		notMet = append(notMet, st.count(n, true))
	}
	s.line(met...)
	s.line(notMet...)
	return s.err
}

func membersSheet(f *excelize.File, st *styles, d *data, sub string) error {
	s := &sheet{f: f, name: SheetMembers, st: st}
	s.start("THÀNH PHẦN THÀNH VIÊN (ngày "+DateVN(d.answer.To)+")", sub,
		[]string{"STT", "Câu lạc bộ", "Tổng số thành viên", "Nữ", "Từ 60 tuổi", "Nữ từ 60 tuổi", "Hộ nghèo", "Hộ cận nghèo",
			"Nghèo và cận nghèo", "Tỷ lệ nữ", "Tỷ lệ từ 60 tuổi", "Tỷ lệ nữ trong NCT", "Tỷ lệ nghèo, cận nghèo"},
		[]float64{5, 26, 11, 9, 9, 9, 9, 9, 10, 9, 9, 10, 10}, 2, false)
	row := func(stt any, name string, c indicators.ClubDetails, bold bool) {
		n := func(v int64) cell { return st.count(v, bold) }
		p := func(v *float64) cell { return st.percent(v, bold) }
		first := cell{nil, st.text}
		if i, ok := stt.(int); ok {
			first = st.count(int64(i), false)
		}
		s.line(first, cell{name, pick(bold, st.bold, st.text)}, n(c.Members), n(c.Women), n(c.Older),
			n(c.OlderWomen), n(c.Poor), n(c.NearPoor), n(c.Poor+c.NearPoor),
			p(ratio(c.Women, c.Members)), p(ratio(c.Older, c.Members)), p(ratio(c.OlderWomen, c.Older)),
			p(ratio(c.Poor+c.NearPoor, c.Members)))
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
		[]float64{5, 24, 15, 10, 10, 15, 9, 15, 9, 15, 15, 11}, 2, false)
	row := func(stt any, name string, c indicators.ClubDetails, met any, bold bool) {
		n := func(v int64) cell { return st.count(v, bold) }
		m := func(v int64) cell { return st.money(v, bold) }
		first := cell{nil, st.text}
		if i, ok := stt.(int); ok {
			first = st.count(int64(i), false)
		}
		s.line(first, cell{name, pick(bold, st.bold, st.text)}, m(c.FundVND), cell{met, st.text},
			n(c.LoansDisbursed), m(c.LoansDisbursedVND), n(c.LoansOutstanding), m(c.OutstandingVND),
			n(c.OverdueLoans), m(c.OverdueVND), m(c.PAR30VND), st.percent(ratio(c.PAR30VND, c.OutstandingVND), bold))
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

// resourcesSheet: resources mobilised in the period by kind (the plan's V.3).
func resourcesSheet(f *excelize.File, st *styles, d *data, sub string) error {
	s := &sheet{f: f, name: SheetResources, st: st}
	s.start("NGUỒN LỰC HUY ĐỘNG TRONG KỲ (ủng hộ, tài trợ, gây quỹ; cả hai quỹ)", sub,
		[]string{"STT", "Câu lạc bộ", "Ủng hộ", "Tài trợ, hỗ trợ", "Gây quỹ", "Tổng cộng"},
		[]float64{5, 30, 17, 17, 17, 18}, 2, true)
	row := func(first cell, name string, c indicators.ClubDetails, bold bool) {
		m := func(v int64) cell { return st.money(v, bold) }
		s.line(first, cell{name, pick(bold, st.bold, st.text)}, m(c.DonationVND), m(c.GrantVND), m(c.FundraisingVND),
			m(c.DonationVND+c.GrantVND+c.FundraisingVND))
	}
	for i, c := range d.details.Clubs {
		row(st.count(int64(i+1), false), c.Name, c, false)
	}
	row(cell{nil, st.text}, "Toàn xã", d.details.Total, true)
	return s.err
}

func healthSheet(f *excelize.File, st *styles, d *data, sub string) error {
	s := &sheet{f: f, name: SheetHealth, st: st}
	s.start("ĐO HUYẾT ÁP TRONG KỲ", sub,
		[]string{"STT", "Câu lạc bộ", "Số lượt đo", "Số thành viên được đo", "Số thành viên từ 60 tuổi", "Số NCT được đo",
			"Tỷ lệ NCT được đo", "Huyết áp cao (≥ 140/90)", "Tỷ lệ huyết áp cao", "Cần chuyển Trạm Y tế (≥ 180/110)"},
		[]float64{5, 26, 11, 12, 12, 11, 11, 12, 11, 14}, 2, false)
	row := func(stt any, name string, c indicators.ClubDetails, bold bool) {
		n := func(v int64) cell { return st.count(v, bold) }
		p := func(v *float64) cell { return st.percent(v, bold) }
		first := cell{nil, st.text}
		if i, ok := stt.(int); ok {
			first = st.count(int64(i), false)
		}
		s.line(first, cell{name, pick(bold, st.bold, st.text)}, n(c.Readings), n(c.Measured),
			n(c.Older), n(c.OlderMeasured), p(ratio(c.OlderMeasured, c.Older)), n(c.High),
			p(ratio(c.High, c.Measured)), n(c.Urgent))
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
		[]string{"STT", "Chỉ tiêu", "Định nghĩa", "Mã chỉ tiêu"}, []float64{5, 30, 80, 19}, 0, false)
	for i, code := range DefinitionCodes() {
		vi, _ := indicators.Label(code)
		if code == "loan_access_club_share" {
			vi, _ = indicators.ClubLabel("loan_access_share")
		}
		s.line(st.count(int64(i+1), false), cell{vi, st.wrap}, cell{indicators.Definition(code), st.wrap}, cell{code, st.text})
	}
	s.row++
	s.line(cell{nil, st.bold}, cell{"Cách hiểu Kế hoạch", st.bold}, cell{nil, st.bold}, cell{nil, st.bold})
	for i, r := range indicators.Readings {
		s.line(st.count(int64(i+1), false), cell{nil, st.text}, cell{r, st.wrap}, cell{nil, st.text})
	}
	return s.err
}

// DefinitionCodes are the codes the annex defines: the commune's, then the
// club-only ones.
func DefinitionCodes() []string {
	out := append([]string{}, indicators.CommuneCodes...)
	return append(out, "standard", "fund_size_vnd", "loan_access_club_share")
}

package imports

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/unicode/norm"

	"clb/server/fault"
)

const club = "0190a000-0000-7000-8000-000000000c01"

var update = flag.Bool("update", false, "rewrite testdata/odd.xlsx")

// book builds an XLSX whose first sheet holds rows of cell values
// (string, int, float64, time.Time or nil), row 1 first.
func book(t *testing.T, rows ...[]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		for j, v := range r {
			if v == nil {
				continue
			}
			ref, _ := excelize.CoordinatesToCellName(j+1, i+1)
			if err := f.SetCellValue("Sheet1", ref, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func header() []any {
	h := Headers()
	out := make([]any, len(h))
	for i, s := range h {
		out[i] = s
	}
	return out
}

// person is a full, valid data row in template order.
func person(name string, year int) []any {
	return []any{name, "Nữ", year, "15/03/2025", "Không", "", "0912345678", "Thôn Một", "", "Có", "", ""}
}

func villages() Villages {
	v := Villages{}
	v.Add("Thôn Một", "0190a000-0000-7000-8000-0000000001a1")
	v.Add("Đồng Xuân", "0190a000-0000-7000-8000-0000000001a2")
	return v
}

func parse(t *testing.T, data []byte) *Preview {
	t.Helper()
	p, err := ParseMembers(data, club, villages())
	if err != nil {
		t.Fatalf("ParseMembers: %v", err)
	}
	return p
}

func TestMemberRowIDAsContract(t *testing.T) {
	// UUID v5 (URL namespace) of member/<club>/<name key>/<year>, computed
	// independently (Python's uuid.uuid5).
	want := "0e2e6d38-fcbd-5e53-b9c3-952ac606255a"
	for _, name := range []string{"Nguyễn Thị Hoa", "  NGUYỄN   thị hoa ", norm.NFD.String("Nguyễn Thị Hoa")} {
		if got := MemberRowID(club, name, 1955); got != want {
			t.Errorf("MemberRowID(%q) = %s, want %s", name, got, want)
		}
	}
	if got := ChangeID("0190a000-0000-7000-8000-0000000000aa", 2); got != "d915af83-dfb2-5730-8862-cf19c87f3882" {
		t.Errorf("ChangeID = %s", got)
	}
}

func TestParseValidRow(t *testing.T) {
	p := parse(t, book(t, header(), person("Nguyễn Thị Hoa", 1955)))
	if len(p.Rows) != 1 {
		t.Fatalf("rows = %d", len(p.Rows))
	}
	r := p.Rows[0]
	if !r.Valid() || r.Line != 2 {
		t.Fatalf("row = %+v", r)
	}
	want := map[string]any{"club_id": club, "full_name": "Nguyễn Thị Hoa", "sex": "female", "birth_year": int64(1955),
		"joined_on": "2025-03-15", "poverty": "none", "board_role": "none", "phone": "0912345678",
		"village_id": "0190a000-0000-7000-8000-0000000001a1", "ethnic_minority": false, "disability": true,
		"loan_need": false, "home_care_volunteer": false}
	if fmt.Sprint(r.Fields) != fmt.Sprint(want) {
		t.Errorf("fields\n got %v\nwant %v", r.Fields, want)
	}
	if r.RowID == nil || *r.RowID != MemberRowID(club, "Nguyễn Thị Hoa", 1955) {
		t.Errorf("row_id = %v", r.RowID)
	}
}

// What real files hold: headers with spaces and another case in another
// order, extra columns, Excel date cells and text dates, numbers as text, a
// phone number Excel turned into a number, NFD names, trailing empty rows.
func TestParseTolerant(t *testing.T) {
	day := time.Date(2024, 11, 5, 0, 0, 0, 0, time.UTC)
	nfd := norm.NFD.String("Trần Văn Đức")
	data := book(t,
		[]any{"STT", "  HỌ VÀ TÊN ", "năm  sinh", "Giới Tính", "Ngày vào câu lạc bộ", "hoàn cảnh", "Số điện thoại", "Thôn", "Ghi chú"},
		[]any{1, nfd, "1948", "nam", day, "Hộ cận nghèo", 912345678, "đồng xuân", "x"},
		[]any{2, "Lê Thị Bảy", 1952.0, "Nữ", "5/1/2026", "hộ nghèo", "091 234 5679", "Thôn Đồng Xuân", nil},
		[]any{nil, nil, nil, nil, nil, nil, nil, nil, nil},
		[]any{nil, "   ", nil, nil, nil, nil, nil, nil, nil},
	)
	p := parse(t, data)
	if got := strings.Join(p.Ignored, "|"); got != "STT|Ghi chú" {
		t.Errorf("ignored = %q", got)
	}
	if len(p.Rows) != 2 {
		t.Fatalf("rows = %d: %+v", len(p.Rows), p.Rows)
	}
	a, b := p.Rows[0], p.Rows[1]
	for _, r := range p.Rows {
		if !r.Valid() {
			t.Errorf("line %d: %+v", r.Line, r.Errors)
		}
	}
	if a.Fields["full_name"] != "Trần Văn Đức" || !norm.NFC.IsNormalString(a.Fields["full_name"].(string)) {
		t.Errorf("name not NFC: %q", a.Fields["full_name"])
	}
	checks := []struct{ got, want any }{
		{a.Fields["sex"], "male"}, {a.Fields["birth_year"], int64(1948)}, {a.Fields["joined_on"], "2024-11-05"},
		{a.Fields["poverty"], "near_poor"}, {a.Fields["phone"], "0912345678"}, {a.Fields["board_role"], "none"},
		{a.Fields["village_id"], "0190a000-0000-7000-8000-0000000001a2"},
		{b.Fields["birth_year"], int64(1952)}, {b.Fields["joined_on"], "2026-01-05"}, {b.Fields["poverty"], "poor"},
		{b.Fields["phone"], "0912345679"}, {b.Fields["village_id"], "0190a000-0000-7000-8000-0000000001a2"},
		{*a.RowID, MemberRowID(club, "Trần Văn Đức", 1948)},
	}
	for i, c := range checks {
		if c.got != c.want {
			t.Errorf("check %d: got %v (%T), want %v", i, c.got, c.got, c.want)
		}
	}
	if _, ok := a.Fields["loan_need"]; ok {
		t.Errorf("a column not in the file must not be sent: %v", a.Fields)
	}
}

func TestParseRowErrors(t *testing.T) {
	rows := [][]any{header(),
		{"Phạm Thị Một", "Bà", 1950, "15/03/2025", "Không"},                          // line 2: sex
		{"Phạm Thị Hai", "Nữ", "năm mươi", "15/03/2025", "Không"},                    // 3: year
		{"Phạm Thị Ba", "Nữ", 1950, "31/02/2025", "Không"},                           // 4: date
		{"Phạm Thị Bốn", "Nữ", 1950, "15/03/2025", "Giàu"},                           // 5: poverty
		{"", "Nữ", 1950, "15/03/2025", "Không"},                                      // 6: name
		{"Phạm Thị Sáu", "Nữ", 1950, "15/03/2025", "Không", "Trưởng"},                // 7: board role
		{"Phạm Thị Bảy", "Nữ", 1950, "15/03/2025", "Không", "", "12ab"},              // 8: phone
		{"Phạm Thị Tám", "Nữ", 1950, "15/03/2025", "Không", "", "", "Thôn Chín"},     // 9: village
		{"Phạm Thị Chín", "Nữ", 1950, "15/03/2025", "Không", "", "", "", "Không rõ"}, // 10: flag
		{"Phạm  thị một", "Nữ", 1950, "1/1/2025", "Không"},                           // 11: same person as line 2? no: line 2 has an error but an id
	}
	p := parse(t, book(t, rows...))
	want := []struct {
		line        int
		field, code string
		inMsg       string
	}{
		{2, "sex", "invalid_value", "Dòng 2, cột “Giới tính”: “Bà”"},
		{3, "birth_year", "invalid_value", "Dòng 3, cột “Năm sinh”"},
		{4, "joined_on", "invalid_value", "Dòng 4, cột “Ngày vào câu lạc bộ”"},
		{5, "poverty", "invalid_value", "Hộ nghèo, Hộ cận nghèo, Không"},
		{6, "full_name", "missing_field", "Dòng 6, cột “Họ và tên”"},
		{7, "board_role", "invalid_value", "“Trưởng”"},
		{8, "phone", "invalid_value", "Dòng 8, cột “Số điện thoại”"},
		{9, "village_id", "invalid_value", "không có thôn “Thôn Chín”"},
		{10, "ethnic_minority", "invalid_value", "Dòng 10, cột “Dân tộc thiểu số”"},
		{11, "full_name", "duplicate_row", "dòng 2"},
	}
	if len(p.Rows) != len(want) {
		t.Fatalf("rows = %d", len(p.Rows))
	}
	for i, w := range want {
		r := p.Rows[i]
		if r.Line != w.line || len(r.Errors) != 1 {
			t.Errorf("line %d: errors %+v", r.Line, r.Errors)
			continue
		}
		e := r.Errors[0]
		if e.Field != w.field || e.Code != w.code || !strings.Contains(e.Message, w.inMsg) {
			t.Errorf("line %d: got %+v, want %s %s containing %q", r.Line, e, w.field, w.code, w.inMsg)
		}
	}
}

func TestParseBadFiles(t *testing.T) {
	full := func(n int) []byte {
		rows := [][]any{header()}
		for i := range n {
			rows = append(rows, person(fmt.Sprintf("Người %d", i), 1950))
		}
		return book(t, rows...)
	}
	withFormula := func() []byte {
		f := excelize.NewFile()
		for j, h := range Headers() {
			ref, _ := excelize.CoordinatesToCellName(j+1, 1)
			_ = f.SetCellStr("Sheet1", ref, h)
		}
		_ = f.SetCellStr("Sheet1", "A2", "Lò Văn Sáng")
		_ = f.SetCellStr("Sheet1", "B2", "Nam")
		_ = f.SetCellFormula("Sheet1", "C2", "2026-70")
		_ = f.SetCellStr("Sheet1", "D2", "01/01/2025")
		_ = f.SetCellStr("Sheet1", "E2", "Không")
		var buf bytes.Buffer
		_ = f.Write(&buf)
		return buf.Bytes()
	}
	noYear := header()
	noYear[2] = "Tuổi"
	cases := []struct {
		name     string
		data     []byte
		tooLarge bool
		field    string
		inMsg    string
	}{
		{"not xlsx", []byte("Họ và tên,Giới tính\nA,Nữ\n"), false, "file", "Không phải tệp Excel"},
		{"password", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 600)...), false, "file", "mật khẩu"},
		{"broken zip", []byte("PK\x03\x04 not really a zip"), false, "file", "Không đọc được"},
		{"empty sheet", book(t), false, "file", "trống"},
		{"header only", book(t, header()), false, "file", "không có dòng dữ liệu"},
		{"missing required column", book(t, noYear, person("Lò Thị Mai", 1950)), false, "Năm sinh", "Thiếu cột bắt buộc “Năm sinh”"},
		{"formula", withFormula(), false, "Năm sinh", "C2"},
		{"5 001 rows", full(MaxRows + 1), true, "file", "5000"},
		{"6 MiB", make([]byte, 6<<20), true, "file", "5 MB"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := ParseMembers(c.data, club, villages())
			fe, ok := err.(*fault.Error)
			if !ok {
				t.Fatalf("got %v, %v; want a fault", p, err)
			}
			wantField, wantCode := c.field, fault.InvalidValue
			if c.tooLarge {
				wantField, wantCode = "", fault.TooLarge
			}
			if fe.Code != wantCode || fe.Field != wantField || !strings.Contains(fe.Message, c.inMsg) {
				t.Errorf("got %+v; want too large %v, field %q, message with %q", fe, c.tooLarge, c.field, c.inMsg)
			}
		})
	}
	// The boundary: exactly 5 000 rows are read.
	if p := parse(t, full(MaxRows)); len(p.Rows) != MaxRows {
		t.Errorf("5000 rows read as %d", len(p.Rows))
	}
}

// testdata/odd.xlsx is a member list as communes keep them: a title above the
// table, STT and notes columns, NFD names, text dates, numeric phones.
func TestParseOddFile(t *testing.T) {
	path := filepath.Join("testdata", "odd.xlsx")
	if *update {
		writeOdd(t, path)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	p := parse(t, data)
	if len(p.Rows) != 3 || p.Rows[0].Line != 4 {
		t.Fatalf("rows: %+v", p.Rows)
	}
	for _, r := range p.Rows {
		if !r.Valid() {
			t.Errorf("line %d: %+v", r.Line, r.Errors)
		}
		if n := r.Fields["full_name"].(string); !norm.NFC.IsNormalString(n) {
			t.Errorf("line %d: name %q not NFC", r.Line, n)
		}
	}
	if got := p.Rows[1].Fields["phone"]; got != "0987654321" {
		t.Errorf("numeric phone = %v", got)
	}
	if got := p.Rows[2].Fields["joined_on"]; got != "2019-09-01" {
		t.Errorf("text date = %v", got)
	}
	if got := p.Rows[0].Fields["board_role"]; got != "chair" {
		t.Errorf("board role = %v", got)
	}
	if got := strings.Join(p.Ignored, "|"); got != "STT|Ghi chú" {
		t.Errorf("ignored = %q", got)
	}
}

func writeOdd(t *testing.T, path string) {
	f := excelize.NewFile()
	defer f.Close()
	s := "Sheet1"
	_ = f.SetCellStr(s, "A1", "DANH SÁCH HỘI VIÊN CÂU LẠC BỘ LIÊN THẾ HỆ THÔN MỘT")
	_ = f.SetCellStr(s, "A2", "")
	rows := [][]any{
		{"STT", "Họ và tên ", "Giới tính", "Năm sinh", "Ngày vào câu lạc bộ", "Hoàn cảnh", "Chức vụ", "Số điện thoại", "Ghi chú"},
		{1, norm.NFD.String("Hoàng Thị Lụa"), "Nữ", "1956", "01/09/2019", "Không", "Chủ nhiệm", "0912000111", ""},
		{2, norm.NFD.String("Vũ Đình Khải"), "Nam", 1949, "01/09/2019", "Hộ nghèo", "", 987654321, "ốm"},
		{3, norm.NFD.String("Đặng Thị Hương"), "nữ", 1961.0, "1/9/2019", "hộ cận nghèo", "uỷ viên", "", ""},
	}
	for i, r := range rows {
		for j, v := range r {
			ref, _ := excelize.CoordinatesToCellName(j+1, i+3)
			_ = f.SetCellValue(s, ref, v)
		}
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

func TestTemplate(t *testing.T) {
	b, err := Template()
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) != 2 || sheets[0] != "Thành viên" || sheets[1] != "Hướng dẫn" {
		t.Fatalf("sheets = %v", sheets)
	}
	rows, _ := f.GetRows(sheets[0])
	want := "Họ và tên|Giới tính|Năm sinh|Ngày vào câu lạc bộ|Hoàn cảnh|Chức vụ|Số điện thoại|Thôn|Dân tộc thiểu số|Khuyết tật|Có nhu cầu vay vốn|Tình nguyện viên chăm sóc tại nhà"
	if len(rows) != 1 || strings.Join(rows[0], "|") != want {
		t.Fatalf("header row = %v", rows)
	}
	dvs, err := f.GetDataValidations(sheets[0])
	if err != nil {
		t.Fatal(err)
	}
	lists := map[string]string{}
	for _, dv := range dvs {
		lists[strings.SplitN(dv.Sqref, ":", 2)[0]] = dv.Formula1
	}
	for col, has := range map[string]string{"B2": "Nữ,Nam", "E2": "Hộ nghèo,Hộ cận nghèo,Không", "F2": "Chủ nhiệm", "I2": "Có", "L2": "Có"} {
		if !strings.Contains(lists[col], has) {
			t.Errorf("drop-down at %s = %q, want it to hold %q", col, lists[col], has)
		}
	}
	help, _ := f.GetRows(sheets[1])
	if len(help) < len(memberColumns)+1 || help[1][0] != "Họ và tên" || help[1][1] != "Có" {
		t.Errorf("help sheet = %v", help)
	}
	// The template itself reads back as a header with no data.
	if _, err := ParseMembers(b, club, villages()); err == nil || !strings.Contains(err.Error(), "không có dòng dữ liệu") {
		t.Errorf("empty template parses as %v", err)
	}
}

package imports

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/xuri/excelize/v2"

	"clb/server/fault"
	changes "clb/sync"
)

// badFile is a file that cannot be read as a whole (nothing of it is kept):
// field is the header at fault, or "file".
func badFile(field, msg string) *fault.Error { return fault.Invalid(field, msg) }

// tooLarge is a file over MaxBytes or MaxRows.
func tooLarge(msg string) *fault.Error { return fault.New(fault.TooLarge, "%s", msg) }

// RowError is why one row cannot be imported as it stands.
type RowError struct {
	Field   string `json:"field"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Row is one data row of the file, mapped to a member change's fields.
type Row struct {
	Line   int            `json:"line"`   // the row's number in the sheet (the header is 1)
	RowID  *string        `json:"row_id"` // nil when name or birth year is missing
	Fields map[string]any `json:"fields"`
	Errors []RowError     `json:"errors"`
}

// Valid reports whether the row can be imported.
func (r *Row) Valid() bool { return len(r.Errors) == 0 }

// AddError records an error on the row, naming its line and column.
func (r *Row) AddError(field, code, msg string) {
	col := HeaderOf(field)
	where := fmt.Sprintf("Dòng %d", r.Line)
	if col != "" {
		where += fmt.Sprintf(", cột “%s”", col)
	}
	r.Errors = append(r.Errors, RowError{Field: field, Code: code, Message: where + ": " + msg})
}

// Preview is a read file: its rows and the columns that matched no header.
type Preview struct {
	Rows    []Row
	Ignored []string
}

// Villages maps village name keys (see NameKey) to ids, for the "Thôn" column.
type Villages map[string]string

// Add records a village by name.
func (v Villages) Add(name, id string) { v[key(name)] = id }

func (v Villages) find(name string) (string, bool) {
	k := key(name)
	if id, ok := v[k]; ok {
		return id, true
	}
	// "Thôn Đông" in the file for a village kept as "Đông", or the other way.
	if rest, ok := strings.CutPrefix(k, "thôn "); ok {
		id, ok := v[rest]
		return id, ok
	}
	id, ok := v["thôn "+k]
	return id, ok
}

var (
	zipMagic = []byte("PK\x03\x04")
	cfbMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1} // encrypted XLSX or old .xls
)

// ParseMembers reads the first sheet of an XLSX member list for the club. A
// file that cannot be read as a whole is a *fault.Error (too_large, or
// invalid_value naming the header at fault or "file").
func ParseMembers(data []byte, clubID string, villages Villages) (*Preview, error) {
	if len(data) > MaxBytes {
		return nil, tooLarge("Tệp lớn hơn 5 MB (file over 5 MiB)")
	}
	switch {
	case bytes.HasPrefix(data, cfbMagic):
		return nil, badFile("file", "Tệp có mật khẩu hoặc là tệp .xls cũ: hãy bỏ mật khẩu và lưu lại dạng .xlsx (password-protected or old .xls file)")
	case !bytes.HasPrefix(data, zipMagic):
		return nil, badFile("file", "Không phải tệp Excel .xlsx (not an XLSX file)")
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{RawCellValue: true, UnzipSizeLimit: 64 << 20})
	if err != nil {
		msg := "Không đọc được tệp Excel .xlsx (unreadable XLSX file)"
		if errors.Is(err, excelize.ErrWorkbookPassword) {
			msg = "Tệp có mật khẩu: hãy bỏ mật khẩu và lưu lại (password-protected file)"
		}
		return nil, badFile("file", msg)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, badFile("file", "Tệp không có trang tính nào (no sheet)")
	}
	sheet := sheets[0]
	cells, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, badFile("file", "Không đọc được trang tính đầu tiên (unreadable first sheet)")
	}
	head, cols, ignored, err := findHeader(cells)
	if err != nil {
		return nil, err
	}
	last := len(cells) // trailing empty rows are not data
	for last > head+1 && blank(cells[last-1]) {
		last--
	}
	if last-head-1 > MaxRows {
		return nil, tooLarge(fmt.Sprintf("Tệp có hơn %d dòng dữ liệu (more than %d rows)", MaxRows, MaxRows))
	}
	if err := noFormulas(f, sheet, cells[:last], cols); err != nil {
		return nil, err
	}
	dates := dateReader(f)
	p := &Preview{Ignored: ignored}
	for i := head + 1; i < last; i++ {
		if blank(cells[i]) {
			continue
		}
		p.Rows = append(p.Rows, mapRow(i+1, cells[i], cols, clubID, villages, dates))
	}
	if len(p.Rows) == 0 {
		return nil, badFile("file", "Trang tính không có dòng dữ liệu nào (no data rows)")
	}
	markDuplicates(p.Rows)
	return p, nil
}

// findHeader finds the header row (row 1, or the first of the first ten rows
// that holds "Họ và tên": files often carry a title above the table) and maps
// each template column to its cell index.
func findHeader(cells [][]string) (int, map[int]*column, []string, error) {
	if len(cells) == 0 || allBlank(cells) {
		return 0, nil, nil, badFile("file", "Trang tính đầu tiên trống (the first sheet is empty)")
	}
	head := 0
	for i := 0; i < len(cells) && i < 10; i++ {
		if indexOf(cells[i], memberColumns[0].Header) >= 0 {
			head = i
			break
		}
	}
	cols := map[int]*column{}
	var ignored []string
	for j, h := range cells[head] {
		if strings.TrimSpace(h) == "" {
			continue
		}
		c := columnFor(h)
		if c == nil || hasColumn(cols, c) {
			ignored = append(ignored, changes.NormalizeText(h))
			continue
		}
		cols[j] = c
	}
	for i := range memberColumns {
		c := &memberColumns[i]
		if c.Required && !hasColumn(cols, c) {
			return 0, nil, nil, badFile(c.Header, fmt.Sprintf("Thiếu cột bắt buộc “%s” ở dòng tiêu đề (missing required column)", c.Header))
		}
	}
	return head, cols, ignored, nil
}

func columnFor(header string) *column {
	k := key(header)
	for i := range memberColumns {
		if key(memberColumns[i].Header) == k {
			return &memberColumns[i]
		}
	}
	return nil
}

func hasColumn(cols map[int]*column, c *column) bool {
	for _, have := range cols {
		if have == c {
			return true
		}
	}
	return false
}

func indexOf(row []string, header string) int {
	for j, h := range row {
		if key(h) == key(header) {
			return j
		}
	}
	return -1
}

func blank(row []string) bool {
	for _, c := range row {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func allBlank(cells [][]string) bool {
	for _, r := range cells {
		if !blank(r) {
			return false
		}
	}
	return true
}

// noFormulas refuses a formula in a column that is read: its value is whatever
// the last program that saved the file computed, or nothing.
func noFormulas(f *excelize.File, sheet string, cells [][]string, cols map[int]*column) error {
	for i := range cells {
		for j, c := range cols {
			ref, _ := excelize.CoordinatesToCellName(j+1, i+1)
			if fx, _ := f.GetCellFormula(sheet, ref); fx != "" {
				return badFile(c.Header, fmt.Sprintf("Ô %s có công thức (=%s): hãy dán giá trị thay cho công thức (Paste Values) rồi lưu lại (formula cell)", ref, fx))
			}
		}
	}
	return nil
}

// dateReader turns an Excel serial day into a date, minding 1904 workbooks.
func dateReader(f *excelize.File) func(float64) (time.Time, error) {
	date1904 := false
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		date1904 = *props.Date1904
	}
	return func(serial float64) (time.Time, error) { return excelize.ExcelDateToTime(serial, date1904) }
}

// mapRow maps one data row to a member change's fields.
func mapRow(line int, cells []string, cols map[int]*column, clubID string, villages Villages, dates func(float64) (time.Time, error)) Row {
	r := Row{Line: line, Fields: map[string]any{"club_id": clubID}, Errors: []RowError{}}
	for j, c := range cols {
		text := ""
		if j < len(cells) {
			text = changes.NormalizeText(cells[j])
		}
		v, code, msg := c.value(text, villages, dates)
		if code != "" {
			r.AddError(c.Field, code, msg)
			continue
		}
		if v != nil {
			r.Fields[c.Field] = v
		}
	}
	for i := range memberColumns { // an optional code column left out of the file
		if c := &memberColumns[i]; c.Blank != "" && !hasColumn(cols, c) {
			r.Fields[c.Field] = c.Blank
		}
	}
	name, _ := r.Fields["full_name"].(string)
	if year, ok := r.Fields["birth_year"].(int64); ok && name != "" {
		id := MemberRowID(clubID, name, year)
		r.RowID = &id
	}
	sortErrors(r.Errors)
	return r
}

// sortErrors puts a row's errors in the template's column order.
func sortErrors(errs []RowError) {
	slices.SortStableFunc(errs, func(a, b RowError) int { return columnIndex(a.Field) - columnIndex(b.Field) })
}

var (
	dmyPattern   = regexp.MustCompile(`^([0-9]{1,2})[/.\-]([0-9]{1,2})[/.\-]([0-9]{4})$`)
	phoneStrip   = strings.NewReplacer(" ", "", ".", "", "-", "", "(", "", ")", "")
	phonePattern = regexp.MustCompile(`^\+?[0-9]{8,15}$`)
)

// value reads one cell; code and msg say why it cannot be read.
func (c *column) value(text string, villages Villages, dates func(float64) (time.Time, error)) (v any, code, msg string) {
	if text == "" {
		switch {
		case c.Required:
			return nil, changes.CodeMissingField, "ô trống, cần ghi (empty cell)"
		case c.Blank != "":
			return c.Blank, "", ""
		case c.Kind == kFlag:
			return false, "", ""
		}
		return nil, "", ""
	}
	switch c.Kind {
	case kText:
		return text, "", ""
	case kYear:
		n, err := strconv.ParseFloat(text, 64)
		if err != nil || n != math.Trunc(n) || n < 1900 || n > 2100 {
			return nil, changes.CodeInvalidValue, fmt.Sprintf("“%s” không phải năm sinh 4 chữ số (not a year)", text)
		}
		return int64(n), "", ""
	case kDate:
		return c.date(text, dates)
	case kCode, kFlag:
		if code, ok := c.match(text); ok {
			if c.Kind == kFlag {
				return code == "true", "", ""
			}
			return code, "", ""
		}
		if c.Kind == kFlag && key(text) == "không" {
			return false, "", ""
		}
		return nil, changes.CodeInvalidValue, fmt.Sprintf("“%s” không phải một trong: %s (not an allowed value)", text, c.labels())
	case kPhone:
		return phone(text)
	case kVillage:
		if id, ok := villages.find(text); ok {
			return id, "", ""
		}
		return nil, changes.CodeInvalidValue, fmt.Sprintf("không có thôn “%s” trong xã (unknown village)", text)
	}
	return nil, changes.CodeInvalidValue, "không đọc được (unreadable)"
}

func (c *column) labels() string {
	var out []string
	seen := map[string]bool{}
	for _, ch := range c.Choices {
		if !seen[ch.Code] {
			out = append(out, ch.Label)
			seen[ch.Code] = true
		}
	}
	if c.Kind == kFlag || c.Blank != "" {
		out = append(out, "để trống")
	}
	return strings.Join(out, ", ")
}

// date reads an Excel date cell (a serial day) or dd/mm/yyyy text.
func (c *column) date(text string, dates func(float64) (time.Time, error)) (any, string, string) {
	bad := fmt.Sprintf("“%s” không phải ngày dạng ngày/tháng/năm, ví dụ 15/03/2026 (not a dd/mm/yyyy date)", text)
	if serial, err := strconv.ParseFloat(text, 64); err == nil {
		t, err := dates(serial)
		if err != nil || serial < 1 {
			return nil, changes.CodeInvalidValue, bad
		}
		return okDate(t.Format(time.DateOnly), bad)
	}
	if m := dmyPattern.FindStringSubmatch(text); m != nil {
		d, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		return okDate(fmt.Sprintf("%s-%02d-%02d", m[3], mo, d), bad)
	}
	return okDate(text, bad) // YYYY-MM-DD as the contract writes dates
}

func okDate(iso, bad string) (any, string, string) {
	if _, ok := changes.ParseDate(iso); !ok {
		return nil, changes.CodeInvalidValue, bad
	}
	return iso, "", ""
}

// phone reads a phone number, given back the leading 0 that Excel drops when
// a number such as 0912345678 was typed into a number cell.
func phone(text string) (any, string, string) {
	p := phoneStrip.Replace(text)
	if n, err := strconv.ParseFloat(p, 64); err == nil && !strings.HasPrefix(p, "+") && !strings.HasPrefix(p, "0") && n == math.Trunc(n) && n > 0 {
		p = strconv.FormatFloat(n, 'f', 0, 64)
		if len(p) == 9 { // a Vietnamese number of 10 digits without its 0
			p = "0" + p
		}
	}
	if !phonePattern.MatchString(p) {
		return nil, changes.CodeInvalidValue, fmt.Sprintf("“%s” không phải số điện thoại 8–15 chữ số (not a phone number)", text)
	}
	return p, "", ""
}

// markDuplicates gives the second row with an id already in the file an error.
func markDuplicates(rows []Row) {
	first := map[string]int{}
	for i := range rows {
		r := &rows[i]
		if r.RowID == nil {
			continue
		}
		if line, ok := first[*r.RowID]; ok {
			r.AddError("full_name", "duplicate_row", fmt.Sprintf("trùng người ở dòng %d (cùng họ tên và năm sinh) (same person as line %d)", line, line))
			continue
		}
		first[*r.RowID] = r.Line
	}
}

var urlNS = uuid.MustParse("6ba7b811-9dad-11d1-80b4-00c04fd430c8")

// MemberRowID is the id of an imported member: UUID v5 (URL namespace) of
// member/<club_id>/<name key>/<birth_year>, so that importing the same people
// again updates them.
func MemberRowID(clubID, fullName string, birthYear int64) string {
	return uuid.NewSHA1(urlNS, fmt.Appendf(nil, "member/%s/%s/%d", clubID, key(fullName), birthYear)).String()
}

// ChangeID is the change id of an import's line, so that committing the same
// import twice is all duplicate.
func ChangeID(importID string, line int) string {
	return uuid.NewSHA1(urlNS, fmt.Appendf(nil, "import/%s/%d", importID, line)).String()
}

// Package imports reads a club's member list from the commune's Excel file
// (CONTRACT.md, "Import"): the template, the mapping of each row to a member
// change's fields, and the ids that make a second import update people
// instead of adding twins. It holds no HTTP and no SQL; the API layer runs
// the mapped rows through the sync engine.
package imports

import (
	"slices"
	"strings"

	"clb/server/indicators"
)

// Limits of one file (CONTRACT.md).
const (
	MaxBytes = 5 << 20
	MaxRows  = 5000
)

// ContentType is the XLSX media type, for the body of an import and the template.
const ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// kind says how a cell becomes a field value.
type kind int

const (
	kText kind = iota
	kYear
	kDate
	kCode
	kFlag
	kPhone
	kVillage
)

// choice is one allowed cell text and the code it stands for.
type choice struct {
	Label string
	Code  string
}

// column is one column of the members template, in the contract's order.
type column struct {
	Header   string
	Field    string
	Required bool
	Kind     kind
	Choices  []choice // kCode: the allowed texts; the first is what the template shows
	Blank    string   // kCode: the code of an empty cell ("" = the cell is required)
	Help     string   // how to fill it in, for the template's second sheet
}

var yes = []choice{{"Có", "true"}}

// memberColumns are the template's columns (CONTRACT.md, "Import").
var memberColumns = []column{
	{Header: "Họ và tên", Field: "full_name", Required: true, Kind: kText,
		Help: "Họ, tên đệm và tên, có dấu. Ví dụ: Nguyễn Thị Hoa."},
	{Header: "Giới tính", Field: "sex", Required: true, Kind: kCode,
		Choices: []choice{{"Nữ", "female"}, {"Nam", "male"}},
		Help:    "Chọn Nữ hoặc Nam."},
	{Header: "Năm sinh", Field: "birth_year", Required: true, Kind: kYear,
		Help: "Năm sinh đủ 4 chữ số. Ví dụ: 1955."},
	{Header: "Ngày vào câu lạc bộ", Field: "joined_on", Required: true, Kind: kDate,
		Help: "Ngày/tháng/năm, ví dụ 15/03/2026 (hoặc ô kiểu ngày của Excel)."},
	{Header: "Hoàn cảnh", Field: "poverty", Required: true, Kind: kCode,
		Choices: []choice{{"Hộ nghèo", "poor"}, {"Hộ cận nghèo", "near_poor"}, {"Không", "none"}},
		Help:    "Chọn Hộ nghèo, Hộ cận nghèo hoặc Không."},
	{Header: "Chức vụ", Field: "board_role", Kind: kCode, Blank: "none",
		Choices: []choice{{"Chủ nhiệm", "chair"}, {"Phó chủ nhiệm", "vice_chair"}, {"Thủ quỹ", "treasurer"},
			{"Thư ký", "secretary"}, {"Ủy viên", "board_member"}, {"Uỷ viên", "board_member"}},
		Help: "Chức vụ trong Ban Chủ nhiệm: Chủ nhiệm, Phó chủ nhiệm, Thủ quỹ, Thư ký, Ủy viên; để trống nếu là hội viên."},
	{Header: "Số điện thoại", Field: "phone", Kind: kPhone,
		Help: "Số điện thoại, 8–15 chữ số. Có thể để trống."},
	{Header: "Thôn", Field: "village_id", Kind: kVillage,
		Help: "Tên thôn nơi thành viên ở, đúng như tên thôn của xã trong ứng dụng. Có thể để trống."},
	{Header: "Dân tộc thiểu số", Field: "ethnic_minority", Kind: kFlag, Choices: yes,
		Help: "Ghi Có nếu là người dân tộc thiểu số; để trống nếu không."},
	{Header: "Khuyết tật", Field: "disability", Kind: kFlag, Choices: yes,
		Help: "Ghi Có nếu là người khuyết tật; để trống nếu không."},
	{Header: "Có nhu cầu vay vốn", Field: "loan_need", Kind: kFlag, Choices: yes,
		Help: "Ghi Có nếu có nhu cầu vay vốn; để trống nếu không."},
	{Header: "Tình nguyện viên chăm sóc tại nhà", Field: "home_care_volunteer", Kind: kFlag, Choices: yes,
		Help: "Ghi Có nếu là tình nguyện viên chăm sóc tại nhà; để trống nếu không."},
}

// Headers lists the template's headers in order.
func Headers() []string {
	out := make([]string, len(memberColumns))
	for i, c := range memberColumns {
		out[i] = c.Header
	}
	return out
}

// HeaderOf names the column a member field comes from ("" when none does).
func HeaderOf(field string) string {
	if i := columnIndex(field); i < len(memberColumns) {
		return memberColumns[i].Header
	}
	return ""
}

// columnIndex is the template position of a field's column (past the end when none).
func columnIndex(field string) int {
	if i := slices.IndexFunc(memberColumns, func(c column) bool { return c.Field == field }); i >= 0 {
		return i
	}
	return len(memberColumns)
}

// key compares headers and choices: trimmed, one space between words, no case.
func key(s string) string { return indicators.NameKey(s) }

// match finds the code of a choice ("" and false when none matches).
func (c *column) match(text string) (string, bool) {
	k := key(text)
	for _, ch := range c.Choices {
		if key(ch.Label) == k || strings.EqualFold(ch.Code, k) {
			return ch.Code, true
		}
	}
	return "", false
}

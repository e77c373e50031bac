package imports

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Sheet names of the template.
const (
	dataSheet = "Thành viên"
	helpSheet = "Hướng dẫn"
)

// Template is the members template: the headers in row 1 of the first sheet,
// drop-down lists on the coded columns, and a second sheet explaining each
// column and its allowed values.
func Template() ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", dataSheet); err != nil {
		return nil, fmt.Errorf("template: %w", err)
	}
	head, err := f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true, Size: 12},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "center"},
	})
	if err != nil {
		return nil, fmt.Errorf("template: %w", err)
	}
	// Text cells, so that Excel keeps a phone number's leading 0.
	text, err := f.NewStyle(&excelize.Style{NumFmt: 49})
	if err != nil {
		return nil, fmt.Errorf("template: %w", err)
	}
	last, _ := excelize.ColumnNumberToName(len(memberColumns))
	for i, c := range memberColumns {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetCellStr(dataSheet, col+"1", c.Header); err != nil {
			return nil, fmt.Errorf("template: %w", err)
		}
		width := 16.0
		switch c.Kind {
		case kText:
			width = 28
		case kFlag:
			width = 14
		}
		_ = f.SetColWidth(dataSheet, col, col, width)
		if err := dropList(f, c, col); err != nil {
			return nil, err
		}
		if c.Kind == kPhone {
			_ = f.SetColStyle(dataSheet, col, text)
		}
	}
	_ = f.SetCellStyle(dataSheet, "A1", last+"1", head)
	_ = f.SetRowHeight(dataSheet, 1, 45)
	_ = f.SetPanes(dataSheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
	if err := helpPage(f, head); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, fmt.Errorf("template: %w", err)
	}
	return buf.Bytes(), nil
}

// dropList adds the allowed values of a coded column as a drop-down list.
func dropList(f *excelize.File, c column, col string) error {
	if c.Kind != kCode && c.Kind != kFlag {
		return nil
	}
	var labels []string
	seen := map[string]bool{}
	for _, ch := range c.Choices {
		if !seen[ch.Code] {
			labels = append(labels, ch.Label)
			seen[ch.Code] = true
		}
	}
	dv := excelize.NewDataValidation(!c.Required)
	dv.Sqref = fmt.Sprintf("%s2:%s%d", col, col, MaxRows+1)
	if err := dv.SetDropList(labels); err != nil {
		return fmt.Errorf("template %s: %w", c.Header, err)
	}
	dv.SetError(excelize.DataValidationErrorStyleStop, c.Header, "Chọn một giá trị trong danh sách: "+strings.Join(labels, ", "))
	if err := f.AddDataValidation(dataSheet, dv); err != nil {
		return fmt.Errorf("template %s: %w", c.Header, err)
	}
	return nil
}

// helpPage writes the second sheet: one row per column.
func helpPage(f *excelize.File, head int) error {
	if _, err := f.NewSheet(helpSheet); err != nil {
		return fmt.Errorf("template: %w", err)
	}
	rows := [][]string{{"Cột", "Bắt buộc", "Cách ghi", "Giá trị cho phép"}}
	for _, c := range memberColumns {
		req := "Không"
		if c.Required {
			req = "Có"
		}
		allowed := ""
		if c.Kind == kCode || c.Kind == kFlag {
			allowed = c.labels()
		}
		rows = append(rows, []string{c.Header, req, c.Help, allowed})
	}
	rows = append(rows, []string{}, []string{"Lưu ý", "", "Mỗi dòng là một thành viên. Nhập lại cùng danh sách sẽ cập nhật thành viên (theo họ tên và năm sinh), không tạo trùng. Tối đa 5.000 dòng, tệp tối đa 5 MB. Không dùng công thức.", ""})
	for i, r := range rows {
		for j, v := range r {
			ref, _ := excelize.CoordinatesToCellName(j+1, i+1)
			if err := f.SetCellStr(helpSheet, ref, v); err != nil {
				return fmt.Errorf("template: %w", err)
			}
		}
	}
	wrap, _ := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	_ = f.SetColWidth(helpSheet, "A", "A", 30)
	_ = f.SetColWidth(helpSheet, "B", "B", 10)
	_ = f.SetColWidth(helpSheet, "C", "C", 60)
	_ = f.SetColWidth(helpSheet, "D", "D", 40)
	_ = f.SetCellStyle(helpSheet, "A2", fmt.Sprintf("D%d", len(rows)), wrap)
	_ = f.SetCellStyle(helpSheet, "A1", "D1", head)
	return nil
}

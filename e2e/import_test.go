package e2e

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// A board brings its existing club in: a 60-member Excel file, previewed and
// imported on the phone; after the sync the 60 are on the phone and on the
// server. Importing the same file again leaves 60.
func TestImportMembersFromExcel(t *testing.T) {
	srv := startServer(t)
	b := newBrowser(t)
	p := b.newTab(srv.URL)
	p.login("bcn1", "2468")
	p.syncAndWait()

	file := filepath.Join(t.TempDir(), "danh-sach.xlsx")
	f := excelize.NewFile()
	_ = f.SetSheetRow("Sheet1", "A1", &[]any{"STT", "Họ và tên", "Giới tính", "Năm sinh", "Ngày vào câu lạc bộ", "Hoàn cảnh", "Số điện thoại"})
	for i := 1; i <= 60; i++ {
		sex := "Nữ"
		if i%3 == 0 {
			sex = "Nam"
		}
		row := []any{i, fmt.Sprintf("Đinh Thị Nhập %02d", i), sex, 1940 + i%30, "01/03/2026", "Không", 912000000 + i}
		_ = f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+1), &row)
	}
	if err := f.SaveAs(file); err != nil {
		t.Fatal(err)
	}
	imported := func() int {
		n := 0
		for _, m := range p.idbRows("member") {
			if strings.HasPrefix(fmt.Sprint(m["full_name"]), "Đinh Thị Nhập ") {
				n++
			}
		}
		return n
	}

	for round := 1; round <= 2; round++ {
		p.click("Thành viên", "link")
		p.click("Nhập từ Excel", "link")
		p.waitAX("Tải mẫu Excel", "button")
		p.setFiles(`input[type=file]`, file)
		p.waitText("60 dòng hợp lệ")
		if round == 1 {
			p.screenshot("nhap-tu-excel")
		}
		p.click("Nhập 60 thành viên", "button")
		p.waitText("Đã nhập 60 thành viên")
		p.syncAndWait()
		if n := imported(); n != 60 {
			t.Fatalf("round %d: %d imported members on the phone, want 60", round, n)
		}
	}
	api := apiLogin(t, srv.URL, "bcn1")
	onServer := filterRows(api.rows(), "member", func(f map[string]any) bool {
		return strings.HasPrefix(fmt.Sprint(f["full_name"]), "Đinh Thị Nhập ")
	})
	if len(onServer) != 60 {
		t.Fatalf("server holds %d imported members, want 60", len(onServer))
	}
}

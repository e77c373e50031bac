package e2e

import (
	"testing"
)

// Commune officer screens: a village, an outreach event, a target, an
// officer training, made offline-first like everything else, and a board
// account (online).
func TestOfficerScreens(t *testing.T) {
	srv := startServer(t)
	p := newBrowser(t).newTab(srv.URL)
	p.login("canbo", "1357")
	p.syncAndWait()
	today := todayVN()

	p.click("Thôn", "link")
	p.click("Thêm", "button")
	p.fill("Tên", "Thôn Bến Đò")
	p.setChecked("Vùng khó khăn", true)
	p.click("Lưu", "button")
	p.waitText("Thôn Bến Đò")

	p.click("Trang chủ", "link")
	p.click("Truyền thông", "link")
	p.click("Thêm", "button")
	p.fill("Ngày thực hiện", today)
	p.fill("Loại", "Sự kiện")
	p.fill("Tiêu đề", "Ngày hội người cao tuổi")
	p.fill("Số người được tiếp cận", "350")
	p.click("Lưu", "button")
	p.waitText("Ngày hội người cao tuổi")

	p.click("Trang chủ", "link")
	p.click("Chỉ tiêu", "link")
	p.click("Thêm", "button")
	p.fill("Giai đoạn", "2026-2030")
	p.fill("Chỉ tiêu", "Tỷ lệ CLB sinh hoạt hằng tháng, đủ 8 mảng")
	p.fill("Giá trị (tỉ lệ 0–1 hoặc số)", "1,5")
	p.click("Lưu", "button")
	p.waitText("Giá trị không hợp lệ") // a share is 0–1: caught on the phone, as the server would
	p.fill("Giá trị (tỉ lệ 0–1 hoặc số)", "0,9")
	p.click("Lưu", "button")
	p.waitText("2026-2030 · Tỷ lệ CLB sinh hoạt hằng tháng, đủ 8 mảng · 0.9")

	p.click("Trang chủ", "link")
	p.click("Tập huấn cán bộ", "link")
	p.click("Thêm", "button")
	p.fill("Họ tên người được tập huấn", "Nguyễn Văn Cán Bộ")
	p.fill("Ngày tập huấn", today)
	p.click("Lưu", "button")
	p.waitText("Nguyễn Văn Cán Bộ")
	p.syncAndWait()

	p.click("Trang chủ", "link")
	p.click("Tài khoản", "link")
	p.click("Thêm tài khoản", "button")
	p.fill("Tên đăng nhập", "bcn9")
	p.fill("Mật khẩu", demoPassword)
	p.fill("Họ và tên", "Ban Chủ nhiệm Chín")
	var club string
	p.evalInto(`document.querySelector('fieldset label').textContent`, &club)
	p.setChecked(club, true)
	p.click("Lưu", "button")
	p.waitText("Ban Chủ nhiệm Chín (bcn9)")

	rows := apiLogin(t, srv.URL, "admin").rows()
	check := func(entity string, keep func(map[string]any) bool) {
		t.Helper()
		if n := len(filterRows(rows, entity, keep)); n != 1 {
			t.Errorf("%s: %d rows, want 1", entity, n)
		}
	}
	check("village", func(f map[string]any) bool { return f["name"] == "Thôn Bến Đò" && f["hard_area"] == true })
	check("outreach", func(f map[string]any) bool {
		return f["title"] == "Ngày hội người cao tuổi" && f["people_reached"] == 350.0 && f["kind"] == "event" && f["held_on"] == today
	})
	check("target", func(f map[string]any) bool { return f["indicator"] == "full_activity_share" && f["value"] == 0.9 })
	check("training", func(f map[string]any) bool {
		return f["trainee_name"] == "Nguyễn Văn Cán Bộ" && f["kind"] == "officer_awareness"
	})
	apiLogin(t, srv.URL, "bcn9") // the new board account logs in
}

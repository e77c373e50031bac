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
	p.click("Thêm mới", "button")
	p.fill("Tên", "Thôn Bến Đò")
	p.setChecked("Vùng khó khăn", true)
	p.click("Lưu", "button")
	p.waitText("Thôn Bến Đò")

	p.click("Trang chủ", "link")
	p.click("Truyền thông", "link")
	p.click("Thêm mới", "button")
	p.fill("Ngày thực hiện", today)
	p.fill("Loại", "Sự kiện")
	p.fill("Tiêu đề", "Ngày hội người cao tuổi")
	p.fill("Số người được tiếp cận", "350")
	p.click("Lưu", "button")
	p.waitText("Ngày hội người cao tuổi")

	p.click("Trang chủ", "link")
	p.click("Chỉ tiêu", "link")
	p.click("Thêm mới", "button")
	p.fill("Giai đoạn", "2026-2030")
	p.fill("Chỉ tiêu", "Tỷ lệ CLB sinh hoạt hằng tháng, đủ 8 mảng")
	// a share is typed as a percentage (stored as 0–1): just over 100 % is
	// caught on the phone, as the server would; 100 itself is accepted
	p.fill("Mức chỉ tiêu (%)", "100,5")
	p.click("Lưu", "button")
	p.waitText("Giá trị không hợp lệ")
	p.fill("Mức chỉ tiêu (%)", "90")
	p.click("Lưu", "button")
	p.waitText("2026-2030 · Tỷ lệ CLB sinh hoạt hằng tháng, đủ 8 mảng · 90 %")
	p.click("Thêm mới", "button")
	p.fill("Giai đoạn", "2031-2035")
	p.fill("Chỉ tiêu", "Tỷ lệ CLB có quỹ đạt mức sàn")
	p.fill("Mức chỉ tiêu (%)", "100")
	p.click("Lưu", "button")
	p.waitText("2031-2035 · Tỷ lệ CLB có quỹ đạt mức sàn · 100 %")
	p.clickText(".list.rows li button", "2026-2030 · Tỷ lệ CLB sinh hoạt hằng tháng, đủ 8 mảng · 90 %")
	p.waitJS(`[...document.querySelectorAll('input')].some(i => i.value === '90')`, "the saved share shown as 90")
	p.fill("Mức chỉ tiêu (%)", "62,5")
	p.screenshot("41-chi-tieu-phan-tram")
	p.click("Lưu", "button")
	p.waitText("2026-2030 · Tỷ lệ CLB sinh hoạt hằng tháng, đủ 8 mảng · 62,5 %")

	p.click("Trang chủ", "link")
	p.click("Tập huấn cán bộ", "link")
	p.click("Thêm mới", "button")
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
	// the demo's own targets: 2026-2030 full_activity_share 0.8, none for fund_share in 2031-2035
	check("target", func(f map[string]any) bool { return f["indicator"] == "full_activity_share" && f["value"] == 0.625 })
	check("target", func(f map[string]any) bool { return f["indicator"] == "full_activity_share" && f["value"] == 0.8 })
	check("target", func(f map[string]any) bool {
		return f["indicator"] == "fund_share" && f["phase"] == "2031-2035" && f["value"] == 1.0
	})
	check("training", func(f map[string]any) bool {
		return f["trainee_name"] == "Nguyễn Văn Cán Bộ" && f["kind"] == "officer_awareness"
	})
	apiLogin(t, srv.URL, "bcn9") // the new board account logs in
}

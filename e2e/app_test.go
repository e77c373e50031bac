package e2e

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// todayVN is "today" in Asia/Ho_Chi_Minh, as the app and the server take it.
func todayVN() string {
	return time.Now().In(time.FixedZone("ICT", 7*3600)).Format("2006-01-02")
}

func TestInstallable(t *testing.T) {
	srv := startServer(t)
	b := newBrowser(t)
	p := b.newTab(srv.URL)
	p.open("/")
	p.waitAX("Đăng nhập", "button")
	p.waitServiceWorker()
	p.screenshot("01-dang-nhap")
	res, err := chromedp.Call(p.ctx, page.GetInstallabilityErrors, cdp.Empty{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.InstallabilityErrors) > 0 {
		b, _ := json.Marshal(res.InstallabilityErrors)
		t.Fatalf("installability errors: %s", b)
	}
	// the manifest is Vietnamese, with a maskable icon
	var m struct {
		Name  string `json:"name"`
		Lang  string `json:"lang"`
		Icons []struct {
			Purpose string `json:"purpose"`
		} `json:"icons"`
	}
	p.evalInto(`fetch('/manifest.webmanifest').then(r => r.json())`, &m)
	maskable := false
	for _, i := range m.Icons {
		maskable = maskable || i.Purpose == "maskable"
	}
	if m.Lang != "vi" || !strings.Contains(m.Name, "Liên thế hệ") || !maskable {
		t.Fatalf("manifest: %+v", m)
	}
}

// The board's day at a village meeting with no network: first visit online,
// then offline (the server is down): reload, record a meeting with 10
// present, a contribution round, a loan, a repayment and a reading; back
// online the sync sends them and the server holds exactly them.
func TestOfflineBoardDay(t *testing.T) {
	srv := startServer(t)
	b := newBrowser(t)
	p := b.newTab(srv.URL)
	p.login("bcn1", "2468")
	p.syncAndWait()
	p.waitServiceWorker()
	p.screenshot("02-trang-chu")

	srv.stop() // no network from here on
	p.do(chromedp.Reload())
	p.unlock("2468")   // the app opened from the service worker's cache
	p.open("/members") // a deep link, offline: the app opens again, so the PIN again
	p.unlock("2468")
	p.waitAX("Thêm thành viên", "button")
	p.click("Trang chủ", "link")
	p.waitText("Quỹ tăng thu nhập")

	// members: the list, then a new member
	p.click("Thành viên", "link")
	p.waitAX("Thêm thành viên", "button")
	p.screenshot("03-thanh-vien")
	var names []string
	p.evalInto(`[...document.querySelectorAll('.list.rows li strong')].map(e => e.textContent)`, &names)
	if len(names) < 12 {
		t.Fatalf("want at least 12 members, got %v", names)
	}

	// a meeting with attendance of 10 members
	p.click("Sinh hoạt", "link")
	p.click("Thêm buổi sinh hoạt", "button")
	p.fill("Ngày sinh hoạt", todayVN())
	p.setChecked("Chăm sóc sức khỏe", true)
	p.setChecked("Văn hóa, văn nghệ, thăm hỏi, giao lưu", true)
	p.setChecked("Bình dân học vụ số, chuyển đổi số", true)
	var att []string
	p.evalInto(`[...document.querySelectorAll('.people .toggle label')].map(e => e.textContent)`, &att)
	if len(att) < 10 {
		t.Fatalf("attendance list too short: %v", att)
	}
	for _, n := range att[:10] {
		p.setChecked(n, true)
	}
	p.waitText(fmt.Sprintf("Có mặt: 10/%d", len(att)))
	p.fill("Ghi chú", "Buổi sinh hoạt thử (e2e)")
	p.screenshot("04-sinh-hoat")
	p.click("Lưu", "button")
	p.waitAX("Tất cả đã đóng", "button") // the meeting's next step: the fees; leaving it keeps the meeting

	// a contribution round: 5 members pay 20.000 đ to the activity fund
	p.click("Quỹ", "link")
	p.click("Thu quỹ tại buổi họp", "button")
	p.fill("Mỗi người đóng (đồng)", "21.000")
	for _, n := range att[:5] {
		p.setChecked(n, true)
	}
	p.waitText("Tổng thu: 105.000 đ")
	p.click("Lưu", "button")
	p.waitAX("Ghi thu / chi", "button")
	p.screenshot("05-quy")

	// a loan of 3.000.000 đ to the 11th member, then a repayment
	p.click("Vay vốn", "link")
	p.click("Cho vay mới", "button")
	p.fill("Thành viên", att[10])
	p.fill("Số tiền vay (đồng)", "3.070.000")
	p.fill("Mục đích vay", "Chăn nuôi")
	p.click("Lưu", "button")
	p.waitAX("Cho vay mới", "button")
	p.screenshot("06-vay-von")
	p.clickText(".list.rows li a", att[10], "3.070.000 đ")
	p.click("Ghi trả nợ", "button")
	p.fill("Tiền gốc (đồng)", "500000")
	p.fill("Tiền lãi (đồng)", "15000")
	p.click("Lưu", "button")
	p.waitText("Còn nợ")
	p.waitText("2.570.000 đ")

	// a reading: high blood pressure shows the plain message
	p.click("Sức khỏe", "link")
	p.clickText(".rowbtn", att[11])
	p.fill("Huyết áp tâm thu", "152")
	p.fill("Huyết áp tâm trương", "94")
	p.fill("Cân nặng (kg)", "55,5")
	p.fill("Chiều cao (cm)", "152")
	p.fill("Ghi chú", "e2e")
	p.waitText("nên đến Trạm Y tế xã")
	p.waitText("BMI: 24")
	p.screenshot("07-suc-khoe")
	p.click("Lưu", "button")
	p.waitText("chuyển sang người tiếp theo")

	// 1 meeting + attendance rows + 5 fund entries + loan + repayment + reading wait
	want := 1 + len(att) + 5 + 1 + 1 + 1
	p.waitStatus(fmt.Sprintf("%d thay đổi chờ gửi", want))
	p.click("Đồng bộ", "link")
	p.screenshot("08-dong-bo")
	p.do(chromedp.Reload()) // the outbox survives a reload
	p.unlock("2468")
	p.waitStatus(fmt.Sprintf("%d thay đổi chờ gửi", want))

	srv.start() // back online
	p.syncAndWait()

	api := apiLogin(t, srv.URL, "admin")
	rows := api.rows()
	today := todayVN()
	meetings := filterRows(rows, "meeting", func(f map[string]any) bool {
		return f["held_on"] == today && f["note"] == "Buổi sinh hoạt thử (e2e)"
	})
	if len(meetings) != 1 {
		t.Fatalf("meetings today: %d", len(meetings))
	}
	mid := meetings[0].RowID
	attRows := filterRows(rows, "attendance", func(f map[string]any) bool { return f["meeting_id"] == mid })
	present := filterRows(rows, "attendance", func(f map[string]any) bool { return f["meeting_id"] == mid && f["present"] == true })
	if len(attRows) != len(att) || len(present) != 10 {
		t.Fatalf("attendance: %d rows, %d present", len(attRows), len(present))
	}
	fund := filterRows(rows, "fund_entry", func(f map[string]any) bool {
		return f["entry_on"] == today && f["kind"] == "contribution" && f["amount_vnd"] == 21000.0
	})
	if len(fund) != 5 {
		t.Fatalf("contributions today: %d", len(fund))
	}
	loans := filterRows(rows, "loan", func(f map[string]any) bool { return f["disbursed_on"] == today && f["principal_vnd"] == 3070000.0 })
	if len(loans) != 1 {
		t.Fatalf("loans today: %d", len(loans))
	}
	reps := filterRows(rows, "repayment", func(f map[string]any) bool { return f["loan_id"] == loans[0].RowID })
	if len(reps) != 1 || reps[0].Fields["principal_vnd"] != 500000.0 || reps[0].Fields["interest_vnd"] != 15000.0 {
		t.Fatalf("repayments: %+v", reps)
	}
	checks := filterRows(rows, "health_check", func(f map[string]any) bool { return f["measured_on"] == today && f["note"] == "e2e" })
	if len(checks) != 1 || checks[0].Fields["systolic"] != 152.0 || checks[0].Fields["diastolic"] != 94.0 || checks[0].Fields["weight_kg"] != 55.5 || checks[0].Fields["measured_by"] != "club" {
		t.Fatalf("readings: %+v", checks)
	}
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

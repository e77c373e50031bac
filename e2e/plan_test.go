package e2e

import (
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// fitsPhone checks the open screen at 360 px: no sideways scrolling, no text
// under 14 px, tap targets of at least 48 px (as TestFitsSmallPhone does).
func fitsPhone(t *testing.T, p *tab, screen string) {
	t.Helper()
	p.waitJS(`document.querySelector('main h1') !== null`, "h1")
	var bad []string
	p.evalInto(`(() => {
		const w = document.documentElement.clientWidth, out = [];
		if (document.documentElement.scrollWidth > w) out.push('page wider than the screen: ' + document.documentElement.scrollWidth);
		for (const e of document.querySelectorAll('body *')) {
			const r = e.getBoundingClientRect();
			if (!r.width || !r.height) continue;
			if (e.closest('.scroll')) continue;
			if (r.right > w + 1) out.push('overflows: ' + e.tagName + '.' + e.className);
			const own = [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
			if (own && parseFloat(getComputedStyle(e).fontSize) < 14) out.push('text under 14px: ' + e.tagName + ' ' + e.textContent.slice(0, 30));
			const tap = e.matches('button, a, select, input:not([type=checkbox]):not([type=file]), textarea, .toggle, summary');
			if (tap && r.height < 47.5) out.push('target under 48px: ' + e.tagName + '.' + e.className + ' ' + e.textContent.trim().slice(0, 30) + ' ' + r.height);
		}
		return out;
	})()`, &bad)
	if len(bad) > 0 {
		t.Errorf("%s:\n  %s", screen, strings.Join(bad, "\n  "))
	}
}

// The plan's own management: offline, an officer records a budget line, a
// supervision visit and a commendation; after the sync the server holds them
// and the report shows them; the club's board sees the visit's
// recommendations on its home.
func TestPlanManagement(t *testing.T) {
	srv := startServer(t)
	br := newBrowser(t)
	p := br.newTab(srv.URL)
	p.login("canbo", "1357")
	p.syncAndWait()
	p.waitServiceWorker()
	today := todayVN()
	year := today[:4]
	y, _ := strconv.Atoi(year)
	yearF := float64(y)

	// The board of the newest demo club, and its club's name.
	board := apiLogin(t, srv.URL, "bcn3")
	var me struct {
		Rows []pulledRow `json:"rows"`
	}
	board.get("/api/sync/pull?limit=1000", &me)
	clubName := ""
	for _, r := range me.Rows {
		if r.Entity == "club" {
			clubName, _ = r.Fields["name"].(string)
		}
	}
	if clubName == "" {
		t.Fatal("bcn3 has no club")
	}

	srv.stop() // offline from here on
	p.do(chromedp.Reload())
	p.unlock("1357")

	// Kinh phí: the demo's 2026 budget, and a new line.
	p.click("Kinh phí", "link")
	p.waitText("Năm 2026")
	p.waitText("Ngân sách nhà nước")
	p.click("Thêm dòng kinh phí", "button")
	p.fill("Năm", year)
	p.fill("Nguồn kinh phí", "Xã hội hóa")
	p.fill("Nội dung chi", "Trao đổi, học tập kinh nghiệm")
	p.fill("Dự toán (đồng)", "7.340.000")
	p.fill("Đã chi (đồng)", "3.670.000")
	p.fill("Ghi chú", "Tham quan CLB huyện bạn (e2e)")
	p.click("Lưu", "button")
	p.waitAX("Thêm dòng kinh phí", "button")
	p.waitText("7.340.000")
	p.waitText("3.670.000")
	p.screenshot("20-kinh-phi")
	fitsPhone(t, p, "Kinh phí")

	// Kiểm tra, giám sát: a visit with a passed follow-up date is checked on
	// the phone first (follow-up before the visit), then saved.
	p.click("Trang chủ", "link")
	p.click("Kiểm tra, giám sát", "link")
	p.waitText("Phạm Văn Thuận") // the demo's visit whose follow-up has passed
	var first string
	p.evalInto(`document.querySelector('article.visit').textContent`, &first)
	if !strings.Contains(first, "Đã quá ngày kiểm tra lại") {
		t.Errorf("the first visit is not the one whose follow-up passed: %q", first)
	}
	p.click("Ghi lần kiểm tra", "button")
	p.fill("Câu lạc bộ", clubName)
	p.fill("Ngày kiểm tra", today)
	p.fill("Người kiểm tra", "Đinh Văn Kiểm (e2e)")
	p.fill("Nhận xét, kết quả kiểm tra", "Sổ sách ghi đủ; sinh hoạt đều.")
	p.fill("Kiến nghị", "Lập tổ tương trợ chăm sóc tại nhà ở xóm Bãi.")
	p.fill("Ngày kiểm tra lại", "2020-01-01")
	p.click("Lưu", "button")
	p.waitText("Giá trị không hợp lệ — Ngày kiểm tra lại")
	p.fill("Ngày kiểm tra lại", "2099-03-01")
	p.click("Lưu", "button")
	p.waitAX("Ghi lần kiểm tra", "button")
	p.waitText("Lập tổ tương trợ chăm sóc tại nhà ở xóm Bãi.")
	p.waitText("Kiểm tra lại: 01/03/2099")
	p.screenshot("21-kiem-tra-giam-sat")
	fitsPhone(t, p, "Kiểm tra, giám sát")

	// Khen thưởng: a person.
	p.click("Trang chủ", "link")
	p.click("Khen thưởng", "link")
	p.click("Thêm khen thưởng", "button")
	p.fill("Đối tượng khen thưởng", "Cá nhân")
	p.fill("Tên cá nhân / tổ chức", "Bà Triệu Thị Khen")
	p.fill("Ngày khen thưởng", today)
	p.fill("Cấp khen thưởng", "Cấp huyện")
	p.fill("Dịp khen thưởng", "Hằng năm")
	p.fill("Thành tích", "Tình nguyện viên chăm sóc tại nhà tiêu biểu")
	p.click("Lưu", "button")
	p.waitAX("Thêm khen thưởng", "button")
	p.waitText("Bà Triệu Thị Khen")
	p.waitText("Cấp huyện · Hằng năm")
	p.screenshot("22-khen-thuong")
	fitsPhone(t, p, "Khen thưởng")

	p.click("Trang chủ", "link")
	p.click("Trang thiết bị", "link")
	p.waitText("Máy đo huyết áp × 2")
	fitsPhone(t, p, "Trang thiết bị")

	p.waitStatus("3 thay đổi chờ gửi")
	srv.start()
	p.syncAndWait()

	officer := apiLogin(t, srv.URL, "canbo")
	rows := officer.rows()
	one := func(entity string, keep func(map[string]any) bool) {
		t.Helper()
		if n := len(filterRows(rows, entity, keep)); n != 1 {
			t.Errorf("%s: %d rows, want 1", entity, n)
		}
	}
	one("budget", func(f map[string]any) bool {
		return f["planned_vnd"] == 7340000.0 && f["spent_vnd"] == 3670000.0 && f["source"] == "social" && f["item"] == "exchange_visits" && f["year"] == yearF
	})
	one("supervision_visit", func(f map[string]any) bool {
		return f["visitor_name"] == "Đinh Văn Kiểm (e2e)" && f["follow_up_on"] == "2099-03-01" && f["visited_on"] == today
	})
	one("commendation", func(f map[string]any) bool {
		return f["recipient_name"] == "Bà Triệu Thị Khen" && f["recipient_kind"] == "person" && f["level"] == "district" && f["occasion"] == "yearly"
	})

	// The report of this year shows them.
	html := officer.raw("/api/reports?format=html&from=" + year + "-01-01&to=" + year + "-12-31")
	for _, s := range []string{"Kinh phí thực hiện", "7.340.000", "3.670.000", "Trao đổi, học tập kinh nghiệm",
		"Kiểm tra, giám sát", "Đinh Văn Kiểm (e2e)", "Sổ sách ghi đủ; sinh hoạt đều.", clubName,
		"Khen thưởng", "Bà Triệu Thị Khen", "Cấp huyện", "Trang thiết bị đã cấp"} {
		if !strings.Contains(html, s) {
			t.Errorf("the report lacks %q", s)
		}
	}
	if x := officer.raw("/api/reports?format=xlsx&from=" + year + "-01-01&to=" + year + "-12-31"); !strings.HasPrefix(x, "PK") {
		t.Error("xlsx report is not a workbook")
	}

	// The board of that club sees the recommendations and its equipment at home.
	q := newBrowser(t).newTab(srv.URL) // another phone
	q.login("bcn3", "2468")
	q.syncAndWait()
	q.click("Trang chủ", "link")
	q.waitText("Lần kiểm tra, giám sát gần nhất")
	q.waitText("Lập tổ tương trợ chăm sóc tại nhà ở xóm Bãi.")
	q.waitText("Máy đo huyết áp × 2")
	q.fullScreenshot("23-bcn-kiem-tra")
	fitsPhone(t, q, "Trang chủ (Ban Chủ nhiệm)")
	var links int
	q.evalInto(`[...document.querySelectorAll('a')].filter(a => ['Kinh phí','Khen thưởng'].includes(a.textContent.trim())).length`, &links)
	if links != 0 {
		t.Errorf("a board sees %d links to the officer's plan screens", links)
	}
}

// raw GETs a path and returns the body (200 only).
func (c *apiClient) raw(path string) string {
	c.t.Helper()
	req, _ := http.NewRequest("GET", c.base+path, nil)
	req.Header.Set("Authorization", "Bearer "+c.token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 {
		c.t.Fatalf("GET %s: %d %s", path, res.StatusCode, b)
	}
	return string(b)
}

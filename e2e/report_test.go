package e2e

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"clb/server/indicators"
	"clb/server/reports"
)

// postAPI sends a JSON body and returns the answer's body and headers.
func (c *apiClient) post(path string, body any) ([]byte, http.Header) {
	c.t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest("POST", c.base+path, bytes.NewReader(b))
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	out, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 {
		c.t.Fatalf("POST %s: %d %s", path, res.StatusCode, out)
	}
	return out, res.Header
}

var demoSections = map[string]string{
	"results":      "Các câu lạc bộ duy trì sinh hoạt hằng tháng; phối hợp tốt với Trạm Y tế xã trong đo huyết áp.",
	"shortcomings": "Quỹ tăng thu nhập của một số câu lạc bộ chưa đạt mức sàn.",
	"causes":       "Nguồn vận động xã hội hóa còn hạn chế.",
	"proposals":    "Đề nghị UBND xã hỗ trợ kinh phí mua máy đo huyết áp cho các câu lạc bộ mới.",
}

// TestCommuneReport: the demo commune's report as the commune sends it. The
// workbook and the printable page carry the header from the commune's name
// (stored as "Xã Hòa An"), the document number, the four written sections
// and the same numbers as GET /api/indicators; every sheet fits the width of
// an A4 page; the page printed to PDF by Chromium is A4 and nothing on it is
// wider than the page.
func TestCommuneReport(t *testing.T) {
	srv := startServer(t)
	c := apiLogin(t, srv.URL, "canbo")
	today := todayVN()
	from := today[:4] + "-01-01"
	if today[5:] >= "07-01" {
		from = today[:4] + "-07-01"
	}
	var ans indicators.Answer
	c.get("/api/indicators?from="+from+"&to="+today, &ans)
	if ans.Commune == nil || len(ans.Clubs) == 0 {
		t.Fatalf("indicators %+v", ans)
	}
	req := map[string]any{"from": from, "to": today, "number": "15", "sections": demoSections}

	// The workbook.
	req["format"] = "xlsx"
	x, _ := c.post("/api/reports", req)
	f, err := excelize.OpenReader(bytes.NewReader(x))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if first := f.GetSheetList()[0]; first != reports.SheetCover {
		t.Errorf("first sheet %q", first)
	}
	cover := ""
	rows, _ := f.GetRows(reports.SheetCover)
	for _, r := range rows {
		cover += strings.Join(r, "|") + "\n"
	}
	for _, want := range append([]string{"UBND XÃ HÒA AN", "Số: 15/BC-HNCT", "Ủy ban nhân dân xã Hòa An", "I. KẾT QUẢ ĐẠT ĐƯỢC", "II. TỒN TẠI, HẠN CHẾ", "III. NGUYÊN NHÂN", "IV. PHƯƠNG HƯỚNG VÀ KIẾN NGHỊ"}, values(demoSections)...) {
		if !strings.Contains(cover, want) {
			t.Errorf("cover sheet lacks %q", want)
		}
	}
	for _, bad := range []string{"XÃ XÃ", "xã Xã", "tỉnh Tỉnh"} {
		if strings.Contains(cover, bad) {
			t.Errorf("cover sheet has %q", bad)
		}
	}
	rawNum := func(sheet, cell string) float64 {
		v, err := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		n, err := strconv.ParseFloat(v, 64)
		if err != nil {
			t.Fatalf("%s!%s = %q", sheet, cell, v)
		}
		return n
	}
	for i, in := range ans.Commune.Indicators {
		r := strconv.Itoa(reports.HeaderRow + 1 + i)
		label, _ := f.GetCellValue(reports.SheetSummary, "B"+r)
		code, _ := f.GetCellValue(reports.SheetSummary, "I"+r)
		if vi, _ := indicators.Label(in.Code); label != vi || code != in.Code {
			t.Fatalf("Tổng hợp row %s: %q %q, want %s", r, label, code, in.Code)
		}
		if got := rawNum(reports.SheetSummary, "D"+r); got != float64(in.Numerator) {
			t.Errorf("%s numerator %v, API %d", in.Code, got, in.Numerator)
		}
		if in.Value != nil {
			if got := rawNum(reports.SheetSummary, "F"+r); got != *in.Value {
				t.Errorf("%s value %v, API %v", in.Code, got, *in.Value)
			}
		}
		if st, _ := f.GetCellValue(reports.SheetSummary, "H"+r); st != reports.StatusLabel(in.Status) {
			t.Errorf("%s status %q, API %s", in.Code, st, in.Status)
		}
	}
	for j, cb := range ans.Clubs {
		col, _ := excelize.ColumnNumberToName(3 + j)
		for i, code := range indicators.ClubCodes {
			in, _ := indicators.Get(cb.Indicators, code)
			if in.Value == nil {
				continue
			}
			if got := rawNum(reports.SheetClubs, col+strconv.Itoa(reports.HeaderRow+1+i)); got != *in.Value {
				t.Errorf("%s %s: %v, API %v", cb.Name, code, got, *in.Value)
			}
		}
	}
	// Every sheet: A4, one page wide, and not shrunk below 70 % to get there.
	for _, s := range f.GetSheetList() {
		pl, err := f.GetPageLayout(s)
		if err != nil || pl.Size == nil || *pl.Size != 9 || pl.FitToWidth == nil || *pl.FitToWidth != 1 || pl.FitToHeight == nil || *pl.FitToHeight != 0 {
			t.Errorf("%s: page layout %+v %v", s, pl, err)
			continue
		}
		m, _ := f.GetPageMargins(s)
		page := 210.0
		if pl.Orientation != nil && *pl.Orientation == "landscape" {
			page = 297
		}
		page -= (*m.Left + *m.Right) * 25.4
		dim, _ := f.GetSheetDimension(s)
		cols, _, _ := excelize.CellNameToCoordinates(dim[strings.LastIndex(dim, ":")+1:])
		width := 0.0
		for i := 1; i <= cols; i++ {
			name, _ := excelize.ColumnNumberToName(i)
			w, _ := f.GetColWidth(s, name)
			width += (7*w + 5) * 25.4 / 96
		}
		if page/width < 0.7 {
			t.Errorf("%s: %.0f mm of columns for %.0f mm of A4", s, width, page)
		}
	}

	// The printable page.
	req["format"] = "html"
	h, _ := c.post("/api/reports", req)
	html := string(h)
	for _, want := range append([]string{"UBND XÃ HÒA AN", "Số: 15/BC-HNCT", "Ủy ban nhân dân xã Hòa An", "II. TỒN TẠI, HẠN CHẾ", "lượt người"}, values(demoSections)...) {
		if !strings.Contains(html, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	for _, in := range ans.Commune.Indicators {
		vi, _ := indicators.Label(in.Code)
		row := regexp.MustCompile(`(?s)<td>` + regexp.QuoteMeta(vi) + `</td>.*?<b>([^<]*)</b>`).FindStringSubmatch(html)
		if row == nil || row[1] != reports.Value(in.Code, in.Value) {
			t.Errorf("HTML %s: %v, API %s", in.Code, row, reports.Value(in.Code, in.Value))
		}
	}
	// Sent reports are listed, newest first.
	var hist struct {
		Reports []struct{ Format, Number string } `json:"reports"`
	}
	c.get("/api/reports/history", &hist)
	if len(hist.Reports) != 2 || hist.Reports[0].Format != "html" || hist.Reports[1].Number != "15" {
		t.Errorf("history %+v", hist)
	}

	// Chromium prints it on A4.
	file := filepath.Join(t.TempDir(), "bao-cao.html")
	if err := os.WriteFile(file, h, 0o600); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t)
	p := b.newTab(srv.URL)
	// the width between the margins of @page (210 mm − 25 mm − 15 mm), in CSS pixels
	const contentPx = 170 * 96 / 25.4
	p.do(chromedp.EmulateViewport(642, 1000))
	if _, err := chromedp.Call(p.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	p.do(chromedp.Navigate("file://" + file))
	var wide int
	p.evalInto(`document.documentElement.scrollWidth`, &wide)
	if float64(wide) > contentPx+1 {
		t.Errorf("printed, the report is %d px wide; A4 holds %.0f px", wide, contentPx)
	}
	yes := true
	pdf, err := chromedp.Run(p.ctx, chromedp.PrintToPDF(func(pp *page.PrintToPDFParams) { pp.PreferCSSPageSize = &yes; pp.PrintBackground = &yes }))
	if err != nil {
		t.Fatal(err)
	}
	boxes := regexp.MustCompile(`/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]`).FindAllSubmatch(pdf, -1)
	if len(boxes) < 2 {
		t.Fatalf("PDF pages: %d", len(boxes))
	}
	for i, m := range boxes {
		w, _ := strconv.ParseFloat(string(m[1]), 64)
		hh, _ := strconv.ParseFloat(string(m[2]), 64)
		if w < 594 || w > 597 || hh < 841 || hh > 843 { // A4: 595.3 × 841.9 pt
			t.Errorf("PDF page %d is %.1f × %.1f pt, not A4", i+1, w, hh)
		}
	}
	t.Logf("the report prints as %d A4 pages", len(boxes))
	if os.Getenv("E2E_SCREENSHOTS") == "1" {
		// the first page: A4 at 96 dpi, as the screen shows it (with its margins)
		if _, err := chromedp.Call(p.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "screen"}); err != nil {
			t.Fatal(err)
		}
		p.do(chromedp.EmulateViewport(794, 1123))
		p.do(chromedp.Navigate("file://" + file))
		png, err := chromedp.Run(p.ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(repoRoot(t), "docs", "screenshots", "20-bao-cao-trang-1.png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func values(m map[string]string) []string {
	var out []string
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

// TestOfficerHomeAndReports: the officer's home shows each club's state and
// the villages without a club (hard areas first); the report is written and
// sent from the app and listed in "Báo cáo đã gửi", from where it downloads
// again.
func TestOfficerHomeAndReports(t *testing.T) {
	srv := startServer(t)
	br := newBrowser(t)
	downloads := br.allowDownloads()
	p := br.newTab(srv.URL)
	p.login("canbo", "1357")
	// a hard-area village without a club, made here
	p.click("Thôn", "link")
	p.click("Thêm mới", "button")
	p.fill("Tên", "Thôn Khe Lau")
	p.setChecked("Vùng khó khăn", true)
	p.click("Lưu", "button")
	p.waitText("Thôn Khe Lau")
	p.syncAndWait()
	p.click("Trang chủ", "link")
	p.waitText("Thôn chưa có câu lạc bộ")
	p.waitText("Sinh hoạt gần nhất")
	p.waitText("Máy của CLB gửi dữ liệu lần cuối")
	var first string
	p.evalInto(`(() => { const h = [...document.querySelectorAll('h2')].find(x => x.textContent === 'Thôn chưa có câu lạc bộ'); return h.nextElementSibling.matches('ul') ? h.nextElementSibling.querySelector('li').textContent : h.nextElementSibling.nextElementSibling.querySelector('li').textContent })()`, &first)
	if !strings.HasPrefix(first, "Thôn Khe Lau") {
		t.Errorf("first village without a club: %q", first)
	}
	var lines int
	p.evalInto(`document.querySelectorAll('.clubs-home li').length`, &lines)
	if lines != 3 {
		t.Errorf("%d club lines, want the demo's 3", lines)
	}

	p.click("Báo cáo", "link")
	p.waitText("Báo cáo đã gửi")
	p.waitText("Chưa có báo cáo nào.")
	p.fill("Số văn bản", "21")
	p.fill("Kết quả đạt được", "Ba câu lạc bộ sinh hoạt đều đặn.")
	p.fill("Phương hướng và kiến nghị", "Thành lập câu lạc bộ ở Thôn Khe Lau.")
	p.click("Lập báo cáo để in (HTML)", "button")
	h, err := os.ReadFile(waitFile(t, downloads, "bao-cao-*.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Số: 21/BC-HNCT", "Ba câu lạc bộ sinh hoạt đều đặn.", "Thành lập câu lạc bộ ở Thôn Khe Lau."} {
		if !strings.Contains(string(h), want) {
			t.Errorf("the report sent from the app lacks %q", want)
		}
	}
	p.waitText("Số 21 ·")
	p.screenshot("14-bao-cao")
	// the text stays on the phone until changed
	p.do(chromedp.Reload())
	p.unlock("1357")
	p.click("Báo cáo", "link")
	p.waitJS(`[...document.querySelectorAll('textarea')].some(x => x.value === 'Ba câu lạc bộ sinh hoạt đều đặn.')`, "the draft kept")
}

package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/google/uuid"
)

// Two browser profiles (two phones) of the same club edit offline; after
// both sync, both show the same.
func TestTwoPhonesSameClubConverge(t *testing.T) {
	srv := startServer(t)
	a := newBrowser(t).newTab(srv.URL)
	b := newBrowser(t).newTab(srv.URL)
	a.login("bcn1", "1111")
	a.syncAndWait()
	a.waitServiceWorker()
	b.login("bcn1", "2222")
	b.syncAndWait()
	b.waitServiceWorker()

	a.click("Thành viên", "link")
	var names []string
	a.waitJS(`document.querySelectorAll('.list.rows li strong').length > 3`, "member list")
	a.evalInto(`[...document.querySelectorAll('.list.rows li strong')].map(e => e.textContent)`, &names)
	target := names[2]

	srv.stop()
	edit := func(p *tab, phone, newName string) {
		p.click("Thành viên", "link")
		p.clickText(".list.rows li a", target)
		p.waitText("Hồ sơ thành viên")
		p.click("Sửa thông tin", "link")
		p.fill("Số điện thoại", phone)
		p.click("Lưu", "button")
		p.waitText("Hồ sơ thành viên")
		p.click("Thành viên", "link")
		p.waitAX("Thêm thành viên", "button")
		p.click("Thêm thành viên", "button")
		p.fill("Họ và tên", newName)
		p.fill("Năm sinh", "1958")
		p.fill("Giới tính", "Nữ")
		p.click("Lưu", "button")
		p.waitText(newName)
	}
	edit(a, "0911111111", "Lê Thị Ánh Hồng")
	time.Sleep(50 * time.Millisecond)
	edit(b, "0922222222", "Phạm Thị Bé")

	srv.start()
	a.syncAndWait()
	b.syncAndWait()
	a.syncAndWait()

	ma, mb := a.idbRows("member"), b.idbRows("member")
	if !reflect.DeepEqual(ma, mb) {
		t.Fatalf("phones differ: %d vs %d members", len(ma), len(mb))
	}
	var phone any
	n := 0
	for _, f := range ma {
		if f["full_name"] == target {
			phone = f["phone"]
		}
		if f["full_name"] == "Lê Thị Ánh Hồng" || f["full_name"] == "Phạm Thị Bé" {
			n++
		}
	}
	if phone != "0922222222" || n != 2 {
		t.Fatalf("phone %v (want the later edit), new members %d", phone, n)
	}
	// and the screens show the same list
	a.click("Trang chủ", "link")
	a.click("Thành viên", "link")
	b.click("Trang chủ", "link")
	b.click("Thành viên", "link")
	a.waitText("Phạm Thị Bé")
	b.waitText("Lê Thị Ánh Hồng")
	la := a.eval(`document.querySelector('.list.rows').innerText`)
	lb := b.eval(`document.querySelector('.list.rows').innerText`)
	if la != lb {
		t.Fatalf("member lists differ:\n%s\n---\n%s", la, lb)
	}
}

// The health station enters readings for members of two different clubs.
func TestHealthWorkerTwoClubs(t *testing.T) {
	srv := startServer(t)
	p := newBrowser(t).newTab(srv.URL)
	p.login("ytexa", "3579")
	p.syncAndWait()
	var clubs []string
	p.waitJS(`document.querySelectorAll('.clubpick option').length > 2`, "clubs in the picker")
	p.evalInto(`[...document.querySelectorAll('.clubpick option')].filter(o => o.value).map(o => o.textContent)`, &clubs)
	if len(clubs) < 2 {
		t.Fatalf("clubs: %v", clubs)
	}
	readings := func(club string, values [][2]string) []string {
		p.click("Trang chủ", "link")
		p.fill("Chọn câu lạc bộ", club)
		p.click("Sức khỏe", "link")
		p.waitJS(`document.querySelectorAll('.rowbtn').length > 2`, "members")
		var members []string
		p.evalInto(`[...document.querySelectorAll('.rowbtn strong')].map(e => e.textContent)`, &members)
		p.clickText(".rowbtn", members[0])
		for i, v := range values {
			p.waitJS(`(document.querySelector('.reading h2')||{}).textContent === `+jsString(members[i]), "reading form for "+members[i])
			p.fill("Huyết áp tâm thu", v[0])
			p.fill("Huyết áp tâm trương", v[1])
			p.fill("Ghi chú", "e2e trạm y tế")
			if i == 1 {
				p.waitText("cần khám và xử trí ngay")
				p.screenshot("09-y-te-nhap-nhanh")
			}
			p.click("Lưu", "button")
		}
		// after the last save the form moved on to the next member
		p.waitJS(`(document.querySelector('.reading h2')||{}).textContent === `+jsString(members[len(values)]), "next member")
		return members[:len(values)]
	}
	m1 := readings(clubs[0], [][2]string{{"165", "100"}, {"185", "115"}})
	m2 := readings(clubs[1], [][2]string{{"128", "82"}})
	p.syncAndWait()
	p.click("Trang chủ", "link")
	p.waitText(m1[1])
	p.screenshot("10-tram-y-te")

	rows := apiLogin(t, srv.URL, "admin").rows()
	today := todayVN()
	names := map[string]map[string]any{}
	for _, r := range filterRows(rows, "member", nil) {
		names[r.RowID] = r.Fields
	}
	got := map[string]string{}
	clubsSeen := map[any]bool{}
	for _, r := range filterRows(rows, "health_check", func(f map[string]any) bool {
		return f["measured_on"] == today && f["measured_by"] == "health_station" && f["note"] == "e2e trạm y tế"
	}) {
		m := names[r.Fields["member_id"].(string)]
		got[m["full_name"].(string)] = fmt.Sprintf("%v/%v", r.Fields["systolic"], r.Fields["diastolic"])
		clubsSeen[r.Fields["club_id"]] = true
		if r.Fields["club_id"] != m["club_id"] {
			t.Fatalf("reading club %v, member club %v", r.Fields["club_id"], m["club_id"])
		}
	}
	want := map[string]string{m1[0]: "165/100", m1[1]: "185/115", m2[0]: "128/82"}
	if !reflect.DeepEqual(got, want) || len(clubsSeen) != 2 {
		t.Fatalf("readings on the server %v, want %v (clubs %d)", got, want, len(clubsSeen))
	}
}

// A change that the server rejects lands in "Cần xem lại" while the others
// go through. The changes come in by a file exported from another phone,
// which also tests the export.
func TestRejectedChangeNeedsAttention(t *testing.T) {
	srv := startServer(t)
	br := newBrowser(t)
	downloads := br.allowDownloads()
	p := br.newTab(srv.URL)
	p.login("bcn1", "2468")
	p.syncAndWait()

	admin := apiLogin(t, srv.URL, "admin")
	var bcn1Club, otherClub string
	var me struct {
		Users []struct {
			Username string   `json:"username"`
			ClubIDs  []string `json:"club_ids"`
		} `json:"users"`
	}
	admin.get("/api/users", &me)
	for _, u := range me.Users {
		if u.Username == "bcn1" {
			bcn1Club = u.ClubIDs[0]
		}
	}
	for _, c := range filterRows(admin.rows(), "club", nil) {
		if c.RowID != bcn1Club {
			otherClub = c.RowID
		}
	}
	member := func(club, name string) map[string]any {
		return map[string]any{"club_id": club, "full_name": name, "sex": "male", "birth_year": 1990, "joined_on": "2026-01-10", "poverty": "none", "board_role": "none"}
	}
	hlc := fmt.Sprintf("%013d-0000-phone-khac", time.Now().UnixMilli())
	bad := map[string]any{"id": uuid.Must(uuid.NewV7()).String(), "entity": "member", "row_id": uuid.Must(uuid.NewV7()).String(), "op": "upsert", "fields": member(otherClub, "Người Câu Lạc Bộ Khác"), "hlc": hlc}
	good := map[string]any{"id": uuid.Must(uuid.NewV7()).String(), "entity": "member", "row_id": uuid.Must(uuid.NewV7()).String(), "op": "upsert", "fields": member(bcn1Club, "Hoàng Văn Đúng"), "hlc": hlc}
	file := filepath.Join(t.TempDir(), "thay-doi.json")
	body, _ := json.Marshal(map[string]any{"format": "clb-lien-the-he/changes", "version": 1, "changes": []any{bad, good}})
	if err := os.WriteFile(file, body, 0o644); err != nil {
		t.Fatal(err)
	}

	srv.stop() // import offline, export offline
	p.click("Đồng bộ", "link")
	p.waitJS(`!!document.querySelector("input[type=file]")`, "file input")
	p.setFiles("input[type=file]", file)
	p.waitText("Đã nhập 2 thay đổi.")
	p.waitStatus("2 thay đổi chờ gửi")
	p.click("Xuất dữ liệu chưa gửi", "button")
	exported, err := os.ReadFile(waitFile(t, downloads, "thay-doi-chua-gui-*.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(exported), "dữ liệu sức khỏe") || !strings.Contains(string(exported), bad["id"].(string)) || !strings.Contains(string(exported), good["id"].(string)) {
		t.Fatalf("export: %s", exported)
	}

	srv.start()
	p.click("Đồng bộ ngay", "button")
	p.waitStatus("1 thay đổi cần xem lại")
	p.waitStatus("0 thay đổi chờ gửi")
	p.click("1 thay đổi cần xem lại", "link")
	p.waitText("Tài khoản không có quyền ghi dữ liệu này")
	p.screenshot("11-can-xem-lai")

	rows := admin.rows()
	if len(filterRows(rows, "member", func(f map[string]any) bool { return f["full_name"] == "Hoàng Văn Đúng" })) != 1 {
		t.Fatal("the good change did not reach the server")
	}
	if len(filterRows(rows, "member", func(f map[string]any) bool { return f["full_name"] == "Người Câu Lạc Bộ Khác" })) != 0 {
		t.Fatal("the rejected change reached the server")
	}
	// discarded explicitly, after a confirmation
	p.click("Bỏ thay đổi", "button")
	p.waitText("Không có thay đổi nào cần xem lại.")
	p.waitJS(`!document.querySelector('[role=status]').textContent.includes('cần xem lại')`, "needs-attention count gone")
}

// The officer's dashboard for the demo commune, its report downloads, and
// the figures offline.
func TestOfficerDashboard(t *testing.T) {
	srv := startServer(t)
	br := newBrowser(t)
	downloads := br.allowDownloads()
	p := br.newTab(srv.URL)
	p.login("canbo", "1357")
	p.syncAndWait()
	p.waitServiceWorker()
	p.screenshot("12-can-bo-xa")
	p.click("Tổng quan", "link")
	p.waitJS(`document.querySelectorAll('.card.ind').length >= 10`, "indicator cards")
	p.waitJS(`document.querySelectorAll('.chart svg rect').length > 0`, "charts")
	p.waitText("Các câu lạc bộ theo chỉ tiêu")
	p.screenshot("13-tong-quan")
	p.fullScreenshot("13-tong-quan-ca-trang")
	checkDashboardFigures(t, p, apiLogin(t, srv.URL, "canbo"))
	var codes int
	p.evalInto(`document.querySelectorAll('.table.grid tbody tr').length`, &codes)
	if codes < 2 {
		t.Fatalf("clubs table rows: %d", codes)
	}
	p.click("Tải báo cáo Excel (XLSX)", "button")
	x, err := os.ReadFile(waitFile(t, downloads, "bao-cao-*.xlsx"))
	if err != nil || len(x) < 100 || string(x[:2]) != "PK" {
		t.Fatalf("xlsx download: %v (%d bytes)", err, len(x))
	}
	p.click("Tải báo cáo để in (HTML)", "button")
	h, err := os.ReadFile(waitFile(t, downloads, "bao-cao-*.html"))
	if err != nil || !strings.Contains(string(h), "<html") {
		t.Fatalf("html download: %v", err)
	}
	// a club's detail
	p.eval(`document.querySelector('.table.grid tbody tr button').click(), true`)
	p.waitText("Chi tiết câu lạc bộ")
	p.click("Quay lại", "button")

	srv.stop()
	p.do(chromedp.Reload())
	p.unlock("1357")
	p.click("Tổng quan", "link")
	p.waitText("Đang không có mạng: hiện số liệu đã tải lúc")
	p.waitJS(`document.querySelectorAll('.card.ind').length >= 10`, "indicator cards offline")
}

// checkDashboardFigures: the commune's cards of the dashboard's first view
// (the half-year under way, to today in Vietnam) show the server's figures:
// the member count and the women share's numerator and denominator.
func checkDashboardFigures(t *testing.T, p *tab, officer *apiClient) {
	t.Helper()
	vn := time.Now().In(time.FixedZone("ICT", 7*3600))
	from := fmt.Sprintf("%d-01-01", vn.Year())
	if vn.Month() >= time.July {
		from = fmt.Sprintf("%d-07-01", vn.Year())
	}
	var ans struct {
		Commune struct {
			Indicators []struct {
				Code        string `json:"code"`
				Numerator   int64  `json:"numerator"`
				Denominator *int64 `json:"denominator"`
			} `json:"indicators"`
		} `json:"commune"`
	}
	officer.get("/api/indicators?from="+from+"&to="+vn.Format("2006-01-02"), &ans)
	want := map[string]string{}
	for _, i := range ans.Commune.Indicators {
		switch i.Code {
		case "members":
			want["Số thành viên"] = fmt.Sprint(i.Numerator)
		case "women_share":
			if i.Denominator != nil {
				want["Tỷ lệ nữ"] = fmt.Sprintf("%d/%d", i.Numerator, *i.Denominator)
			}
		}
	}
	if len(want) != 2 || want["Số thành viên"] == "0" {
		t.Fatalf("server figures: %v", want)
	}
	// the big figure of a count; "n/d · Mục tiêu…" of a share; digits and "/" only
	var got map[string]string
	p.evalInto(`Object.fromEntries(Array.from(document.querySelector('.cards').querySelectorAll('.card.ind'), (c) => {
		const ps = c.querySelectorAll('p');
		const share = ps[1].textContent.includes('/');
		const text = share ? ps[1].textContent.split('·')[0] : ps[0].textContent;
		return [c.querySelector('h3').textContent.trim(), text.replace(/[^0-9/]/g, '')];
	}))`, &got)
	for label, w := range want {
		if got[label] != w {
			t.Errorf("dashboard card %q shows %q, the server says %q", label, got[label], w)
		}
	}
}

package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/google/uuid"
)

// push sends changes as this API user (its own device) and fails on any rejection.
func (c *apiClient) push(device string, changes []map[string]any) {
	c.t.Helper()
	body, _ := json.Marshal(map[string]any{"device_id": device, "schema_version": 1, "changes": changes})
	req, _ := http.NewRequest("POST", c.base+"/api/sync/push", strings.NewReader(string(body)))
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	var out struct {
		Results []struct {
			Status string          `json:"status"`
			Error  json.RawMessage `json:"error"`
		} `json:"results"`
	}
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil || res.StatusCode != 200 {
		c.t.Fatalf("push: %d %v", res.StatusCode, err)
	}
	for i, r := range out.Results {
		if r.Status == "rejected" {
			c.t.Fatalf("push: change %d rejected: %s", i, r.Error)
		}
	}
}

func change(entity, rowID string, fields map[string]any) map[string]any {
	return map[string]any{"id": uuid.Must(uuid.NewV7()).String(), "entity": entity, "row_id": rowID, "op": "upsert", "fields": fields,
		"hlc": fmt.Sprintf("%013d-0000-e2e-setup", time.Now().UnixMilli())}
}

// vnDate is a day n months from today (Vietnam time), as the app counts months.
func vnDate(months int) string {
	return time.Now().In(time.FixedZone("ICT", 7*3600)).AddDate(0, months, 0).Format("2006-01-02")
}

// dmy is "dd/mm/yyyy".
func dmy(iso string) string {
	d, _ := time.Parse("2006-01-02", iso)
	return d.Format("02/01/2006")
}

// boardClub is bcn1's club, with at least n active members, one of whom
// ("Võ Thị Nhàn") has a loan of 1.200.000 đ over 6 months at 0,5 %/month
// given a month ago: an instalment of 200.000 đ and 6.000 đ interest is due.
func boardClub(t *testing.T, srv *server, n int) (club, loanID string) {
	admin := apiLogin(t, srv.URL, "admin")
	var us struct {
		Users []struct {
			Username string   `json:"username"`
			ClubIDs  []string `json:"club_ids"`
		} `json:"users"`
	}
	admin.get("/api/users", &us)
	for _, u := range us.Users {
		if u.Username == "bcn1" {
			club = u.ClubIDs[0]
		}
	}
	today := todayVN()
	active := 0
	for _, m := range filterRows(admin.rows(), "member", func(f map[string]any) bool { return f["club_id"] == club }) {
		left, _ := m.Fields["left_on"].(string)
		if m.Fields["joined_on"].(string) <= today && (left == "" || left > today) {
			active++
		}
	}
	member := func(name string, female bool) (string, map[string]any) {
		sex := "male"
		if female {
			sex = "female"
		}
		id := uuid.Must(uuid.NewV7()).String()
		return id, change("member", id, map[string]any{"club_id": club, "full_name": name, "sex": sex, "birth_year": 1955, "joined_on": "2026-01-10", "poverty": "none", "board_role": "none", "phone": "0912345678"})
	}
	nhan, c := member("Võ Thị Nhàn", true)
	changes := []map[string]any{c}
	for i := active + 1; i < n; i++ {
		_, c := member(fmt.Sprintf("Hà Văn Thêm %02d", i), false)
		changes = append(changes, c)
	}
	disbursed := vnDate(-1)
	loanID = uuid.Must(uuid.NewV7()).String()
	changes = append(changes, change("loan", loanID, map[string]any{"club_id": club, "member_id": nhan, "disbursed_on": disbursed, "principal_vnd": 1200000,
		"term_months": 6, "monthly_rate_pct": 0.5, "purpose": "livestock", "due_on": vnDate(5)}))
	admin.push("e2e-checker-admin", changes)
	return club, loanID
}

// A 55-member meeting as a board runs it, offline: the day, all 8 areas,
// everyone present, the fees ticked from the attendance, one repayment of the
// instalment due, no new loan, the cash box — in at most 25 taps. Each step
// is one transaction: the count of waiting changes is right after each save
// and stays so after a reload; the server gets exactly those rows.
func TestMeetingSession(t *testing.T) {
	srv := startServer(t)
	_, loanID := boardClub(t, srv, 55)
	p := newBrowser(t).newTab(srv.URL)
	p.login("bcn1", "2468")
	p.syncAndWait()
	p.waitServiceWorker()
	srv.stop()
	today := todayVN()

	taps := 0
	tap := func(name, role string) { taps++; p.click(name, role) }
	fill := func(name, v string) { taps++; p.fill(name, v) }
	waiting := func(n int) {
		t.Helper()
		p.waitStatus(fmt.Sprintf("%d thay đổi chờ gửi", n))
		time.Sleep(300 * time.Millisecond)
		if s, _ := p.statusText(); !strings.Contains(s, fmt.Sprintf("%d thay đổi chờ gửi", n)) {
			t.Fatalf("the count of waiting changes moved after the save: %s", s)
		}
	}

	tap("Sinh hoạt", "link")
	tap("Thêm buổi sinh hoạt", "button")
	p.waitText(dmy(today)) // the chosen day written out beside the date field
	var day string
	p.evalInto(`document.querySelector('.dayname').textContent`, &day)
	if !strings.HasPrefix(day, "Thứ ") && !strings.HasPrefix(day, "Chủ nhật") || !strings.HasSuffix(day, ", "+dmy(today)) {
		t.Fatalf("day beside the date field: %q", day)
	}
	tap("Đủ 8 mảng", "button")
	var areas int
	p.evalInto(`[...document.querySelectorAll('fieldset')][0].querySelectorAll('input:checked').length`, &areas)
	if areas != 8 {
		t.Fatalf("Đủ 8 mảng ticked %d areas", areas)
	}
	tap("Tất cả có mặt", "button")
	var m int
	p.evalInto(`document.querySelectorAll('.people input').length`, &m)
	if m < 55 {
		t.Fatalf("attendance list of %d members, want at least 55", m)
	}
	p.waitText(fmt.Sprintf("Có mặt: %d/%d", m, m))
	p.setChecked("Võ Thị Nhàn", false)
	p.waitText(fmt.Sprintf("Có mặt: %d/%d", m-1, m))
	p.setChecked("Võ Thị Nhàn", true)
	taps += 2
	// "Lưu" stays on screen while the attendance list scrolls
	var onScreen bool
	p.evalInto(`(() => { document.querySelectorAll('.people .toggle')[25].scrollIntoView({block:'center'});
		const b = [...document.querySelectorAll('button')].find(b => b.textContent === 'Lưu'); const r = b.getBoundingClientRect();
		return r.top >= 0 && r.bottom <= window.innerHeight - 56; })()`, &onScreen)
	if !onScreen {
		t.Fatal(`"Lưu" scrolled off the screen`)
	}
	p.screenshot("30-buoi-sinh-hoat")
	tap("Lưu", "button")
	waiting(1 + m)

	// the fees, ticked from the attendance
	p.waitAX("Tất cả đã đóng", "button")
	p.waitText(fmt.Sprintf("%d/%d", m, m))
	fill("Quỹ", "Quỹ hoạt động")
	fill("Mỗi người đóng (đồng)", "5000")
	var shown string
	p.evalInto(`document.activeElement.value`, &shown)
	if shown != "5.000" {
		t.Fatalf("amount shows %q, want 5.000", shown)
	}
	p.waitText("Tổng thu: " + groupVN(5000*m) + " đ")
	p.screenshot("31-dong-gop")
	tap("Lưu", "button")
	waiting(1 + 2*m)

	// the repayment due: the instalment and its interest, not the whole loan
	p.waitText("Các khoản đến kỳ trả")
	p.waitJS(`[...document.querySelectorAll('.list.loans li')].some(li => li.textContent.includes('Võ Thị Nhàn') && li.textContent.includes('gốc 200.000 đ, lãi 6.000 đ'))`, "the instalment due")
	tap("Võ Thị Nhàn", "checkbox")
	p.screenshot("32-tra-no")
	tap("Lưu", "button")
	waiting(2 + 2*m)

	p.waitText("Cho vay trong buổi")
	tap("Tiếp", "button")
	p.waitText("Tiền mặt hiện có")
	p.waitText("Thu hội phí, đóng góp")
	p.screenshot("33-tien-mat")
	if taps > 25 {
		t.Fatalf("%d taps for the meeting, want at most 25", taps)
	}
	t.Logf("a %d-member meeting with fees and one repayment: %d taps", m, taps)

	// nothing climbs after a reload
	p.do(chromedp.Reload())
	p.unlock("2468")
	waiting(2 + 2*m)

	// a second meeting on the same day is flagged before saving
	p.click("Sinh hoạt", "link")
	p.click("Thêm buổi sinh hoạt", "button")
	p.waitText("Đã có buổi sinh hoạt ngày " + dmy(today))

	srv.start()
	p.syncAndWait()
	rows := apiLogin(t, srv.URL, "admin").rows()
	meetings := filterRows(rows, "meeting", func(f map[string]any) bool { return f["held_on"] == today && len(f["areas"].([]any)) == 8 })
	if len(meetings) != 1 {
		t.Fatalf("meetings today with 8 areas: %d", len(meetings))
	}
	present := filterRows(rows, "attendance", func(f map[string]any) bool { return f["meeting_id"] == meetings[0].RowID && f["present"] == true })
	fees := filterRows(rows, "fund_entry", func(f map[string]any) bool {
		return f["entry_on"] == today && f["kind"] == "contribution" && f["amount_vnd"] == 5000.0 && f["fund"] == "activity"
	})
	reps := filterRows(rows, "repayment", func(f map[string]any) bool { return f["loan_id"] == loanID })
	if len(present) != m || len(fees) != m || len(reps) != 1 || reps[0].Fields["principal_vnd"] != 200000.0 || reps[0].Fields["interest_vnd"] != 6000.0 || reps[0].Fields["paid_on"] != today {
		t.Fatalf("server: %d present, %d fees, repayments %+v", len(present), len(fees), reps)
	}
}

func groupVN(n int) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// vnDays is a day n days from today (Vietnam time).
func vnDays(n int) string {
	return time.Now().In(time.FixedZone("ICT", 7*3600)).AddDate(0, 0, n).Format("2006-01-02")
}

// Blood pressure at the meeting, Simple-style: with "Chưa đo" on, the first
// member is opened, then after each "Lưu" the next member's name is on
// screen with the focus in "Huyết áp tâm thu": 8 readings, at most 3 taps
// each after the first. Search finds a member typed without diacritics;
// "Huyết áp cao" shows the high ones.
func TestQuickReadings(t *testing.T) {
	srv := startServer(t)
	p := newBrowser(t).newTab(srv.URL)
	p.login("bcn1", "2468")
	p.syncAndWait()
	p.navTo("Sức khỏe")
	p.click("Chưa đo", "button")
	p.waitJS(`document.querySelectorAll('.rowbtn').length > 8`, "members not measured this month")
	var names []string
	p.evalInto(`[...document.querySelectorAll('.rowbtn strong')].map(e => e.textContent)`, &names)
	values := [][2]string{{"128", "82"}, {"150", "95"}, {"118", "76"}, {"185", "112"}, {"132", "84"}, {"141", "88"}, {"122", "80"}, {"138", "91"}}
	p.clickText(".rowbtn", names[0])
	for i, v := range values {
		taps := 0
		if i == 0 {
			p.fill("Huyết áp tâm thu", v[0])
		} else {
			// the next member is on screen and the focus waits in "Huyết áp tâm thu"
			p.waitJS(`(document.querySelector('.reading h2')||{}).textContent === `+jsString(names[i]), "reading form for "+names[i])
			var ok bool
			p.evalInto(`(() => { const h = document.querySelector('.reading h2').getBoundingClientRect(); const a = document.activeElement;
				const lab = a && a.id && document.querySelector('label[for="' + a.id + '"]');
				return h.top >= 0 && h.bottom <= window.innerHeight - 60 && !!lab && lab.textContent === 'Huyết áp tâm thu'; })()`, &ok)
			if !ok {
				t.Fatalf("reading %d: the name of %s is not on screen or the focus is not in Huyết áp tâm thu", i+1, names[i])
			}
			p.eval(`(() => { const a = document.activeElement; a.value = ` + jsString(v[0]) + `; a.dispatchEvent(new Event('input', {bubbles:true})); return true; })()`)
		}
		p.fill("Huyết áp tâm trương", v[1])
		taps++
		if i == 3 {
			p.waitText("cần đến Trạm Y tế xã ngay") // the board refers very high readings to the health station
			p.screenshot("34-do-huyet-ap")
		}
		p.click("Lưu", "button")
		taps++
		if i > 0 && taps > 3 {
			t.Fatalf("reading %d took %d taps", i+1, taps)
		}
	}
	p.waitJS(`(document.querySelector('.reading h2')||{}).textContent === `+jsString(names[len(values)]), "the ninth member")
	// "Chưa đo" hides those measured now
	p.click("Đóng", "button")
	for _, n := range names[:len(values)] {
		p.waitJS(`![...document.querySelectorAll('.rowbtn strong')].some(e => e.textContent === `+jsString(n)+`)`, n+" gone from Chưa đo")
	}
	p.click("Chưa đo", "button")
	p.click("Huyết áp cao", "button")
	p.waitJS(`[...document.querySelectorAll('.rowbtn strong')].some(e => e.textContent === `+jsString(names[3])+`)`, "a high reading under Huyết áp cao")
	var shown []string
	p.evalInto(`[...document.querySelectorAll('.rowbtn strong')].map(e => e.textContent)`, &shown)
	for _, n := range shown {
		if n == names[0] || n == names[2] {
			t.Fatalf("%s (normal reading) shown under Huyết áp cao", n)
		}
	}
	p.click("Huyết áp cao", "button")
	// search without diacritics
	parts := strings.Fields(names[5])
	p.fill("Tìm thành viên", foldVN(parts[len(parts)-1]))
	p.waitJS(`[...document.querySelectorAll('.rowbtn strong')].some(e => e.textContent === `+jsString(names[5])+`)`, "search")
	var n int
	p.evalInto(`document.querySelectorAll('.rowbtn').length`, &n)
	if n > 10 {
		t.Fatalf("search left %d members", n)
	}
	p.syncAndWait()
	rows := apiLogin(t, srv.URL, "admin").rows()
	today := todayVN()
	got := len(filterRows(rows, "health_check", func(f map[string]any) bool { return f["measured_on"] == today && f["measured_by"] == "club" }))
	if got != len(values) {
		t.Fatalf("%d readings today on the server, want %d", got, len(values))
	}
}

func foldVN(s string) string {
	r := strings.NewReplacer("đ", "d", "Đ", "D")
	var b strings.Builder
	for _, c := range r.Replace(strings.ToLower(s)) {
		switch {
		case strings.ContainsRune("àáảãạăằắẳẵặâầấẩẫậ", c):
			c = 'a'
		case strings.ContainsRune("èéẻẽẹêềếểễệ", c):
			c = 'e'
		case strings.ContainsRune("ìíỉĩị", c):
			c = 'i'
		case strings.ContainsRune("òóỏõọôồốổỗộơờớởỡợ", c):
			c = 'o'
		case strings.ContainsRune("ùúủũụưừứửữự", c):
			c = 'u'
		case strings.ContainsRune("ỳýỷỹỵ", c):
			c = 'y'
		}
		b.WriteRune(c)
	}
	return b.String()
}

// The health station's "Cần theo dõi": a high latest reading 31 days old is
// listed, one 30 days old is not yet; urgent ones first; a later normal
// reading takes a member off; the advice speaks to the station itself.
func TestFollowUpList(t *testing.T) {
	srv := startServer(t)
	club, _ := boardClub(t, srv, 0)
	admin := apiLogin(t, srv.URL, "admin")
	var changes []map[string]any
	reading := func(member, on string, sys, dia int) {
		changes = append(changes, change("health_check", uuid.Must(uuid.NewV7()).String(), map[string]any{"club_id": club, "member_id": member, "measured_on": on, "systolic": sys, "diastolic": dia, "measured_by": "club"}))
	}
	people := map[string]string{}
	for _, n := range []string{"Lò Văn Ba Mốt", "Lò Thị Ba Mươi", "Lò Văn Gấp", "Lò Thị Đã Đo Lại"} {
		id := uuid.Must(uuid.NewV7()).String()
		people[n] = id
		changes = append(changes, change("member", id, map[string]any{"club_id": club, "full_name": n, "sex": "female", "birth_year": 1950, "joined_on": "2026-01-10", "poverty": "none", "board_role": "none", "phone": "0987654321"}))
	}
	reading(people["Lò Văn Ba Mốt"], vnDays(-31), 150, 95)
	reading(people["Lò Thị Ba Mươi"], vnDays(-30), 150, 95)
	reading(people["Lò Văn Gấp"], vnDays(-31), 185, 112)
	reading(people["Lò Thị Đã Đo Lại"], vnDays(-60), 160, 100)
	reading(people["Lò Thị Đã Đo Lại"], vnDays(-20), 125, 80)
	admin.push("e2e-checker-admin", changes)

	p := newBrowser(t).newTab(srv.URL)
	p.login("ytexa", "3579")
	p.firstSync()
	p.waitText("Cần theo dõi")
	p.waitText("Lò Văn Ba Mốt")
	var list []string
	p.evalInto(`[...document.querySelectorAll('.follow li strong')].map(e => e.textContent)`, &list)
	pos := map[string]int{}
	for i, n := range list {
		pos[n] = i + 1
	}
	if pos["Lò Văn Ba Mốt"] == 0 || pos["Lò Văn Gấp"] == 0 || pos["Lò Thị Ba Mươi"] != 0 || pos["Lò Thị Đã Đo Lại"] != 0 {
		t.Fatalf("Cần theo dõi: %v", list)
	}
	for n, i := range pos {
		if i < pos["Lò Văn Gấp"] && n != "Lò Văn Gấp" {
			// every urgent one comes before the high ones
			var urgent bool
			p.evalInto(`[...document.querySelectorAll('.follow li')][`+fmt.Sprint(i-1)+`].classList.contains('urgent')`, &urgent)
			if !urgent {
				t.Fatalf("%s (not urgent) above an urgent member: %v", n, list)
			}
		}
	}
	p.waitText("đo ngày " + dmy(vnDays(-31)) + ", đã 31 ngày")
	p.screenshot("35-can-theo-doi")

	// the advice speaks to the station: it is not sent to itself
	p.fill("Chọn câu lạc bộ", clubName(t, admin, club))
	p.navTo("Sức khỏe")
	p.fill("Tìm thành viên", "Lo Van Gap")
	p.clickText(".rowbtn", "Lò Văn Gấp")
	p.fill("Huyết áp tâm thu", "190")
	p.fill("Huyết áp tâm trương", "115")
	p.waitText("cần khám và xử trí ngay")
	var txt string
	p.evalInto(`document.querySelector('.bpmsg').textContent`, &txt)
	if strings.Contains(txt, "đến Trạm Y tế") {
		t.Fatalf("the health station is told to go to the health station: %q", txt)
	}

	// the club's board sees the same list for its own club on "Sức khỏe",
	// with the 30-day boundary on both sides, and is told to send them to
	// the health station
	b := newBrowser(t).newTab(srv.URL)
	b.login("bcn1", "2468")
	b.syncAndWait()
	b.navTo("Sức khỏe")
	b.waitJS(`/^Cần theo dõi \(\d+\)$/.test((document.querySelector('.follow summary')||{}).textContent)`, "the folded list")
	b.clickText(".follow summary")
	b.waitText("Lò Văn Ba Mốt")
	var blist []string
	b.evalInto(`[...document.querySelectorAll('.follow li strong')].map(e => e.textContent)`, &blist)
	at := func(n string) int { return slices.Index(blist, n) }
	if at("Lò Văn Ba Mốt") < 0 || at("Lò Văn Gấp") < 0 || at("Lò Thị Ba Mươi") >= 0 || at("Lò Thị Đã Đo Lại") >= 0 {
		t.Fatalf("board's Cần theo dõi: %v", blist)
	}
	var firstUrgent bool
	b.evalInto(`document.querySelector('.follow li').classList.contains('urgent')`, &firstUrgent)
	if !firstUrgent {
		t.Fatalf("board's Cần theo dõi: an urgent member is not first: %v", blist)
	}
	var note, tel string
	b.evalInto(`document.querySelector('.follow p').textContent`, &note)
	if !strings.Contains(note, "đến Trạm Y tế xã") {
		t.Fatalf("the board is not told to send them to the health station: %q", note)
	}
	b.evalInto(`[...document.querySelectorAll('.follow li')].find(l => l.textContent.includes('Lò Văn Ba Mốt')).querySelector('a[href^="tel:"]').getAttribute('href')`, &tel)
	if tel != "tel:0987654321" {
		t.Fatalf("no phone beside the member: %q", tel)
	}
	b.checkScreen("board's Sức khỏe with Cần theo dõi")
	b.screenshot("40-can-theo-doi-ban-chu-nhiem")
}

func clubName(t *testing.T, admin *apiClient, club string) string {
	for _, c := range filterRows(admin.rows(), "club", nil) {
		if c.RowID == club {
			return c.Fields["name"].(string)
		}
	}
	t.Fatalf("no club %s", club)
	return ""
}

// The fund screen: "Tiền mặt hiện có", a tab per fund with the balance after
// each line, a fee round as one line opened to see who paid, voiding behind a
// row menu, amounts grouped as typed; a loan's repayment pre-filled with the
// instalment due and its interest; the member page; members by given name.
func TestFundLoansProfile(t *testing.T) {
	srv := startServer(t)
	boardClub(t, srv, 0)
	p := newBrowser(t).newTab(srv.URL)
	p.login("bcn1", "2468")
	p.syncAndWait()
	cash := func() int {
		var s string
		p.waitText("Tiền mặt hiện có")
		p.evalInto(`document.querySelector('.card.cash .big').textContent`, &s)
		var n int
		fmt.Sscan(strings.NewReplacer(".", "", " đ", "").Replace(s), &n)
		return n
	}
	p.click("Quỹ", "link")
	before := cash()
	p.screenshot("36-quy")

	// an expense, the amount grouped with dots as it is typed
	p.click("Ghi thu / chi", "button")
	p.fill("Loại", "Chi")
	p.fill("Quỹ", "Quỹ hoạt động")
	p.fill("Số tiền (đồng)", "1500000")
	var shown string
	p.evalInto(`document.activeElement.value`, &shown)
	if shown != "1.500.000" {
		t.Fatalf("amount shows %q, want 1.500.000", shown)
	}
	p.fill("Số tiền (đồng)", "50000")
	p.fill("Ghi chú", "Thăm ốm")
	p.click("Lưu", "button")
	if got := cash(); got != before-50000 {
		t.Fatalf("cash after a 50.000 đ expense: %d, want %d", got, before-50000)
	}

	// a fee round of three: one line in the activity fund's book
	p.click("Thu quỹ tại buổi họp", "button")
	p.fill("Quỹ", "Quỹ hoạt động")
	p.fill("Mỗi người đóng (đồng)", "2.500")
	var people []string
	p.evalInto(`[...document.querySelectorAll('.people .toggle label')].slice(0, 3).map(e => e.textContent)`, &people)
	for _, n := range people {
		p.setChecked(n, true)
	}
	p.waitText("Tổng thu: 7.500 đ")
	p.click("Lưu", "button")
	if got := cash(); got != before-50000+7500 {
		t.Fatalf("cash after the round: %d", got)
	}
	p.click("Quỹ hoạt động", "tab")
	p.waitText("Thu hội phí: 3 người × 2.500 đ")
	var lines int
	p.evalInto(`[...document.querySelectorAll('.ledger > li')].filter(li => li.textContent.includes('2.500 đ') && li.textContent.includes('Thu hội phí')).length`, &lines)
	if lines != 1 {
		t.Fatalf("the fee round takes %d lines", lines)
	}
	p.clickText(".ledger summary", "3 người × 2.500 đ")
	for _, n := range people {
		p.waitJS(`[...document.querySelectorAll('.ledger details[open] li')].some(li => li.textContent.includes(`+jsString(n)+`))`, n+" in the round")
	}
	var voidButtons int
	p.evalInto(`[...document.querySelectorAll('button')].filter(b => b.textContent === 'Hủy bút toán').length`, &voidButtons)
	if voidButtons != 0 {
		t.Fatalf("%d void buttons in plain view (they go behind the row menu)", voidButtons)
	}
	p.screenshot("37-quy-dot-thu")
	p.eval(`[...document.querySelectorAll('.ledger details[open] button.menu')][0].click(), true`)
	p.click("Hủy bút toán", "button")
	p.fill("Lý do hủy", "Ghi nhầm người")
	p.click("Hủy bút toán", "button")
	p.waitText("Thu hội phí: 2 người × 2.500 đ")
	if got := cash(); got != before-50000+5000 {
		t.Fatalf("cash after voiding one fee: %d", got)
	}
	// the balance after the newest line is the fund's balance on its tab
	var tabBal, lineBal string
	p.evalInto(`document.querySelector('[role=tab][aria-selected=true] strong').textContent`, &tabBal)
	p.evalInto(`document.querySelector('.ledger > li').textContent.match(/Còn lại: ([\d.]+ đ)/)[1]`, &lineBal)
	if tabBal != lineBal {
		t.Fatalf("balance on the tab %s, after the newest line %s", tabBal, lineBal)
	}

	// the loan: the instalment due and its interest, not the whole balance
	p.navTo("Vay vốn")
	p.clickText(".list.rows li a", "Võ Thị Nhàn", "1.200.000 đ")
	p.waitText("6 tháng · 0,5 %/tháng")
	p.click("Ghi trả nợ", "button")
	var gotP, gotI string
	p.evalInto(`(() => { const v = l => document.getElementById([...document.querySelectorAll('label')].find(x => x.textContent === l).htmlFor).value; return v('Tiền gốc (đồng)'); })()`, &gotP)
	p.evalInto(`(() => { const v = l => document.getElementById([...document.querySelectorAll('label')].find(x => x.textContent === l).htmlFor).value; return v('Tiền lãi (đồng)'); })()`, &gotI)
	if gotP != "200.000" || gotI != "6.000" {
		t.Fatalf("repayment pre-filled with %s + %s, want 200.000 + 6.000", gotP, gotI)
	}
	p.screenshot("38-tra-no")

	// the member page, and members by given name
	p.click("Thành viên", "link")
	var ordered bool
	p.waitJS(`document.querySelectorAll('.list.rows li strong').length > 10`, "members")
	p.evalInto(`(() => { const c = new Intl.Collator('vi'); const given = s => s.trim().split(/\s+/).pop();
		const ns = [...document.querySelectorAll('.list.rows li strong')].map(e => e.textContent);
		return ns.every((n, i) => i === 0 || c.compare(given(ns[i-1]), given(n)) <= 0); })()`, &ordered)
	if !ordered {
		t.Fatal("members are not sorted by given name")
	}
	p.clickText(".list.rows li a", "Võ Thị Nhàn")
	p.waitText("Hồ sơ thành viên")
	p.waitText("1.200.000 đ")
	p.waitAX("Sửa thông tin", "link")
	p.screenshot("39-ho-so-thanh-vien")
}

package e2e

import (
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
)

// memberIDs finds the server's rows of members by full name.
func memberIDs(rows []pulledRow, name string) []string {
	var ids []string
	for _, r := range filterRows(rows, "member", func(f map[string]any) bool { return f["full_name"] == name }) {
		ids = append(ids, r.RowID)
	}
	return ids
}

// acceptedOnce checks (as the officer) that the server logged exactly one accepted change of
// the row: a change sent twice is answered "duplicate", not applied again.
func acceptedOnce(t *testing.T, c *apiClient, entity, rowID string) {
	t.Helper()
	var audit struct {
		Entries []struct {
			ChangeID string `json:"change_id"`
		} `json:"entries"`
	}
	c.get("/api/audit?entity="+entity+"&row_id="+rowID, &audit)
	if len(audit.Entries) != 1 {
		t.Fatalf("%s %s: %d accepted changes, want 1: %+v", entity, rowID, len(audit.Entries), audit.Entries)
	}
}

// TestPageClosedMidSync: a fee round saved offline; online again, the
// server commits the push and the page is closed before its answer arrives.
// The outbox still holds every change (nothing is lost); the next sync sends
// them again, the server answers "duplicate", and each payment is in the
// server's books exactly once.
func TestPageClosedMidSync(t *testing.T) {
	srv := startServer(t)
	br := newBrowser(t)
	p := br.newTab(srv.URL)
	p.login("bcn1", "2468")
	p.syncAndWait()
	p.waitServiceWorker()

	srv.stop()
	p.click("Quỹ", "link")
	p.click("Thu quỹ tại buổi họp", "button")
	p.fill("Mỗi người đóng (đồng)", "3.100")
	p.fill("Quỹ", "Quỹ tăng thu nhập")
	p.click("Tất cả đã đóng", "button")
	var n int
	p.evalInto(`document.querySelectorAll('.people input:checked').length`, &n)
	p.click("Lưu", "button")
	p.waitAX("Ghi thu / chi", "button")
	p.waitStatus(fmt.Sprintf("%d thay đổi chờ gửi", n))

	// Hold the push's answer at the browser: the server has answered, the
	// page never hears it.
	if _, err := chromedp.Call(p.ctx, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{
		{URLPattern: "*/api/sync/push*", RequestStage: fetch.RequestStageResponse},
	}}); err != nil {
		t.Fatal(err)
	}
	held := make(chan int64, 1)
	go func() {
		for ev, err := range chromedp.Events(p.ctx, fetch.RequestPaused) {
			if err != nil {
				return
			}
			select {
			case held <- ev.ResponseStatusCode:
			default:
			}
		}
	}()
	srv.start()
	p.eval(`[...document.querySelectorAll('button')].find(b => b.textContent.includes('Đồng bộ ngay')).click(), true`)
	select {
	case code := <-held:
		if code != 200 {
			t.Fatalf("push answered %d", code)
		}
	case <-time.After(patience * 30 * time.Second):
		t.Fatal("no push reached the server")
	}
	// The page is closed with the answer in flight. The browser closes it
	// while this session still holds the answer: a plain cancel would detach
	// first, which releases the held answer to the page.
	id := chromedp.FromContext(p.ctx).Target.TargetID
	if _, err := chromedp.CallBrowser(p.ctx, target.CloseTarget, target.CloseTargetParams{TargetID: id}); err != nil {
		t.Fatal(err)
	}
	p.cancel()

	entries := func() []pulledRow {
		return filterRows(apiLogin(t, srv.URL, "admin").rows(), "fund_entry", func(f map[string]any) bool {
			return f["amount_vnd"] == 3100.0 && f["fund"] == "income_generation"
		})
	}
	if got := len(entries()); got != n {
		t.Fatalf("the server holds %d payments after the cut push, want %d", got, n)
	}

	srv.stop() // the phone reopens the app offline: nothing is sent yet
	q := br.newTab(srv.URL)
	q.open("/")
	q.unlock("2468")
	q.waitStatus(fmt.Sprintf("%d thay đổi chờ gửi", n)) // kept, since no answer came
	srv.start()
	q.syncAndWait()

	after := entries()
	if len(after) != n {
		t.Fatalf("the server holds %d payments after the retry, want exactly %d", len(after), n)
	}
	officer := apiLogin(t, srv.URL, "canbo") // the audit trail is the officer's
	paid := map[any]bool{}
	for _, e := range after {
		if paid[e.Fields["member_id"]] {
			t.Fatalf("member %v paid twice", e.Fields["member_id"])
		}
		paid[e.Fields["member_id"]] = true
		acceptedOnce(t, officer, "fund_entry", e.RowID)
	}
}

// TestTwoTabsOneSync: the same phone has the app open in two tabs, with
// changes made offline; both press "Đồng bộ ngay" at once. Every change
// reaches the server exactly once and both tabs end with nothing waiting.
func TestTwoTabsOneSync(t *testing.T) {
	srv := startServer(t)
	b := newBrowser(t)
	a := b.newTab(srv.URL)
	a.login("bcn1", "2468")
	a.syncAndWait()
	a.waitServiceWorker()

	srv.stop()
	names := []string{"Ngô Thị Một", "Ngô Thị Hai", "Ngô Thị Ba", "Ngô Thị Bốn"}
	for _, n := range names {
		a.addMember(n, "1957")
	}
	a.waitStatus(fmt.Sprintf("%d thay đổi chờ gửi", len(names)))
	c := b.newTab(srv.URL)
	c.open("/")
	c.unlock("2468")
	c.waitStatus(fmt.Sprintf("%d thay đổi chờ gửi", len(names))) // one outbox for the phone

	srv.start()
	press := `[...document.querySelectorAll('button')].find(b => b.textContent.includes('Đồng bộ ngay')).click(), true`
	a.eval(press)
	c.eval(press)
	done := `(() => { const s = document.querySelector('[role=status]'); return !!s && s.textContent.includes('0 thay đổi chờ gửi') && !s.textContent.includes('Đang đồng bộ'); })()`
	a.waitJS(done, "tab 1: nothing waiting")
	c.waitJS(done, "tab 2: nothing waiting")

	checker := apiLogin(t, srv.URL, "bcn1")
	rows := checker.rows()
	officer := apiLogin(t, srv.URL, "canbo") // the audit trail is the officer's
	for _, n := range names {
		ids := memberIDs(rows, n)
		if len(ids) != 1 {
			t.Fatalf("the server holds %d members named %s, want 1", len(ids), n)
		}
		acceptedOnce(t, officer, "member", ids[0])
	}
	for i, p := range []*tab{a, c} {
		p.syncAndWait() // each tab pulls what the other sent
		m := p.idbRows("member")
		for _, n := range names {
			if got := len(filterByName(m, n)); got != 1 {
				t.Fatalf("tab %d holds %d members named %s, want 1", i+1, got, n)
			}
		}
	}
}

func filterByName(rows map[string]map[string]any, name string) []string {
	var ids []string
	for id, f := range rows {
		if f["full_name"] == name {
			ids = append(ids, id)
		}
	}
	return ids
}

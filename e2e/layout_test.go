package e2e

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// checkScreen checks the screen on show: it fits a 360 px wide phone with no
// sideways scrolling, no text under 14 px, body text of 18 px, tap targets
// of at least 48 px, and the header (with the sync status) and the tab bar
// together take at most 148 px (20 % of 740), with the header on top and the
// tab bar at the bottom of the screen even after scrolling.
func (p *tab) checkScreen(screen string) {
	p.t.Helper()
	p.waitJS(`document.querySelector('main h1') !== null`, "h1")
	p.waitJS(`document.querySelector('main').innerText.length > 40`, "content")
	var bad []string
	p.evalInto(`(() => {
		const w = document.documentElement.clientWidth, out = [];
		if (document.documentElement.scrollWidth > w) out.push('page wider than the screen: ' + document.documentElement.scrollWidth);
		if (parseFloat(getComputedStyle(document.body).fontSize) < 18) out.push('body text under 18px');
		for (const e of document.querySelectorAll('body *')) {
			const r = e.getBoundingClientRect();
			if (!r.width || !r.height) continue;
			if (e.closest('.scroll')) continue; // the clubs × indicators table scrolls on purpose
			if (r.right > w + 1) out.push('overflows: ' + e.tagName + '.' + e.className);
			const own = [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
			if (own && parseFloat(getComputedStyle(e).fontSize) < 14) out.push('text under 14px: ' + e.tagName + ' ' + e.textContent.slice(0, 30));
			const tap = e.matches('button, a, select, input:not([type=checkbox]):not([type=file]), textarea, .toggle, summary');
			if (tap && r.height < 47.5) out.push('target under 48px: ' + e.tagName + '.' + e.className + ' ' + e.textContent.trim().slice(0, 30) + ' ' + r.height);
		}
		// the 20 % rule, at the top of the page and scrolled down
		const head = document.querySelector('header.top'), nav = document.querySelector('nav.tabs');
		if (!head || !nav) { out.push('no header or no tab bar'); return out; }
		const measure = (where) => {
			const h = head.getBoundingClientRect(), n = nav.getBoundingClientRect();
			if (h.height + n.height > 148) out.push(where + ': header ' + h.height + ' + tab bar ' + n.height + ' > 148 px');
			if (Math.abs(h.top) > 1) out.push(where + ': header not on top (' + h.top + ')');
			if (Math.abs(n.bottom - window.innerHeight) > 1) out.push(where + ': tab bar not at the bottom (' + n.bottom + ')');
			if (!head.querySelector('[role=status]')) out.push(where + ': no sync status in the header');
		};
		measure('top');
		// the header's texts are whole (not cut, not under the button), even
		// with a long count of waiting changes: the count's own text node is
		// set to "123 thay đổi chờ gửi" for the measure, then put back
		const count = head.querySelector('[role=status] .count'), was = count && count.firstChild && count.firstChild.data;
		if (!count || was === undefined) out.push('no count of waiting changes in the header');
		else {
			count.firstChild.data = was.replace(/^\d+/, '123');
			if (!/^123 /.test(count.textContent)) out.push('count does not start with the number: ' + was);
			const boxes = [...head.querySelectorAll('button, select, a, .clubname')];
			for (const e of head.querySelectorAll('[role=status] > *, .clubname, button')) {
				// a long club name may end in "…" (its full name is on its home)
				const ell = getComputedStyle(e).textOverflow === 'ellipsis';
				if (!ell && e.scrollWidth > e.clientWidth + 1) out.push('header text cut: ' + e.textContent + ' (' + e.scrollWidth + ' > ' + e.clientWidth + ')');
				const rg = document.createRange(); rg.selectNodeContents(e);
				const t = ell ? e.getBoundingClientRect() : rg.getBoundingClientRect();
				if (t.left < -1 || t.right > w + 1 || t.top < -1) out.push('header text outside the screen: ' + e.textContent);
				for (const o of boxes) {
					if (o === e || o.contains(e) || e.contains(o)) continue;
					const b = o.getBoundingClientRect();
					if (t.right > b.left + 1 && t.left < b.right - 1 && t.bottom > b.top + 1 && t.top < b.bottom - 1) out.push('header text under ' + o.tagName + ': ' + e.textContent);
				}
			}
			const h = head.getBoundingClientRect(), n = nav.getBoundingClientRect();
			if (h.height + n.height > 148) out.push('with 123 waiting: header ' + h.height + ' + tab bar ' + n.height + ' > 148 px');
			count.firstChild.data = was;
		}
		window.scrollTo(0, document.documentElement.scrollHeight);
		measure('scrolled');
		window.scrollTo(0, 0);
		// every date on screen reads dd/mm/yyyy; each date field has the chosen day written out beside it
		const iso = document.querySelector('main').innerText.match(/\b\d{4}-\d{2}-\d{2}\b/);
		if (iso) out.push('a date not as dd/mm/yyyy: ' + iso[0]);
		for (const d of document.querySelectorAll('main input[type=date]')) {
			if (!d.value) continue;
			const [y, m, dd] = d.value.split('-'), w = d.closest('.field') && d.closest('.field').querySelector('.dayname');
			if (!w || !w.textContent.endsWith(', ' + dd + '/' + m + '/' + y)) out.push('date field without its day written out: ' + d.value + ' ' + (w ? w.textContent : ''));
		}
		const items = nav.querySelectorAll('a, button');
		if (items.length > 5) out.push('tab bar has ' + items.length + ' items');
		return out;
	})()`, &bad)
	if len(bad) > 0 {
		p.t.Errorf("%s:\n  %s", screen, strings.Join(bad, "\n  "))
	}
}

// navTo opens a screen of the main navigation by its name, through "Thêm"
// when it is not in the tab bar.
func (p *tab) navTo(name string) {
	p.t.Helper()
	p.openMoreFor(name)
	p.click(name, "link")
}

// openMoreFor opens "Thêm" when the link is only in its (closed) panel.
func (p *tab) openMoreFor(name string) {
	p.t.Helper()
	var hidden bool
	p.evalInto(`(() => { const is = a => a.textContent.trim() === `+jsString(name)+`;
		return [...document.querySelectorAll('.morepanel[hidden] a')].some(is) && ![...document.querySelectorAll('a')].some(a => is(a) && !a.closest('[hidden]')); })()`, &hidden)
	if hidden {
		p.call(p.waitAX("Thêm", "button"), `function(){ this.click(); }`)
		p.waitJS(`!document.querySelector('.morepanel[hidden]')`, "the Thêm panel")
	}
}

// firstSync waits (longer than syncAndWait) for the first pull of a whole
// commune, which takes a while on a busy machine, then syncs once more.
func (p *tab) firstSync() {
	p.t.Helper()
	deadline := time.Now().Add(90 * time.Second)
	for {
		s, _ := p.statusText()
		if strings.Contains(s, "Đồng bộ lần cuối") && !strings.Contains(s, "Đang đồng bộ") {
			break
		}
		if time.Now().After(deadline) {
			p.fatalf("the first sync did not finish: %s", s)
		}
		time.Sleep(300 * time.Millisecond)
	}
	p.syncAndWait()
}

// Every main screen of a club board fits a small phone and keeps the header rule.
func TestFitsSmallPhone(t *testing.T) {
	srv := startServer(t)
	p := newBrowser(t).newTab(srv.URL)
	p.login("bcn1", "2468")
	p.syncAndWait()
	for _, l := range []string{"Trang chủ", "Thành viên", "Sinh hoạt", "Quỹ", "Vay vốn", "Sức khỏe", "Đồng bộ", "Thăm tại nhà", "Tập huấn", "Tổng quan"} {
		p.navTo(l)
		p.checkScreen(l)
	}
	p.navTo("Sinh hoạt")
	p.click("Thêm buổi sinh hoạt", "button")
	p.checkScreen("Thêm buổi sinh hoạt")
	p.navTo("Thành viên")
	p.click("Thêm thành viên", "button")
	p.checkScreen("Thêm thành viên")
	p.navTo("Sức khỏe")
	p.clickText(".rowbtn")
	p.waitAX("Huyết áp tâm thu", "")
	p.checkScreen("Ghi số đo")
	p.navTo("Vay vốn")
	p.click("Cho vay mới", "button")
	p.checkScreen("Cho vay mới")
	p.navTo("Quỹ")
	p.click("Ghi thu / chi", "button")
	p.checkScreen("Ghi thu / chi")
	p.click("Hủy", "button")
	p.click("Thu quỹ tại buổi họp", "button")
	p.checkScreen("Thu quỹ tại buổi họp")
	p.navTo("Thành viên")
	p.clickText(".list.rows li a")
	p.waitText("Hồ sơ thành viên")
	p.checkScreen("Hồ sơ thành viên")
	p.click("Sửa thông tin", "link")
	p.checkScreen("Sửa thông tin")
	p.navTo("Vay vốn")
	p.clickText(".list.rows li a")
	p.checkScreen("Khoản vay")
	// a meeting and each step of its session
	p.navTo("Sinh hoạt")
	p.clickText(".list.rows li a")
	p.checkScreen("Buổi sinh hoạt")
	for _, step := range []string{"2. Đóng góp", "3. Trả nợ", "4. Cho vay", "5. Tiền mặt"} {
		p.click(step, "link")
		p.waitJS(`(document.querySelector('.steps a[aria-current=step]')||{}).textContent === `+jsString(step), step)
		p.checkScreen(step)
	}
}

// The tab bar holds at most five places; officers see the club's tabs only
// once they chose a club; the health station its own few.
func TestTabBarByRole(t *testing.T) {
	srv := startServer(t)
	b := newBrowser(t)
	tabs := func(p *tab) string {
		var s []string
		p.evalInto(`[...document.querySelectorAll('nav.tabs a, nav.tabs button')].map(e => e.textContent.trim())`, &s)
		return strings.Join(s, ",")
	}
	o := b.newTab(srv.URL)
	o.login("canbo", "1357")
	o.firstSync()
	if got, want := tabs(o), "Trang chủ,Tổng quan,Báo cáo,Đồng bộ,Thêm"; got != want {
		t.Fatalf("officer, no club: tabs %s, want %s", got, want)
	}
	o.checkScreen("officer home")
	for _, l := range []string{"Tổng quan", "Báo cáo", "Đồng bộ"} {
		o.navTo(l)
		o.checkScreen("officer " + l)
	}
	var club string
	o.evalInto(`[...document.querySelectorAll('.clubpick option')].filter(x => x.value)[0].textContent`, &club)
	o.fill("Chọn câu lạc bộ", club)
	o.waitJS(`[...document.querySelectorAll('nav.tabs a')].some(a => a.textContent === 'Thành viên')`, "club tabs")
	if got, want := tabs(o), "Trang chủ,Thành viên,Sinh hoạt,Quỹ,Thêm"; got != want {
		t.Fatalf("officer with a club: tabs %s, want %s", got, want)
	}
	// behind "Thêm": the club's other screens and the commune's lists (one registry, nav.ts)
	o.call(o.waitAX("Thêm", "button"), `function(){ this.click(); }`)
	o.waitJS(`!document.querySelector('.morepanel[hidden]')`, "the Thêm panel")
	var more []string
	o.evalInto(`[...document.querySelectorAll('.morepanel a')].map(a => a.textContent.trim())`, &more)
	for _, want := range []string{"Vay vốn", "Sức khỏe", "Thôn", "Chỉ tiêu", "Tài khoản", "Kinh phí", "Khen thưởng"} {
		if !slices.Contains(more, want) {
			t.Fatalf("officer with a club: %q not behind Thêm: %v", want, more)
		}
	}
	o.screenshot("42-them-can-bo")
	o.call(o.waitAX("Thêm", "button"), `function(){ this.click(); }`)
	for _, l := range []string{"Trang chủ", "Thành viên", "Sinh hoạt", "Quỹ", "Vay vốn", "Sức khỏe", "Đồng bộ", "Tổng quan", "Báo cáo"} {
		o.navTo(l)
		o.checkScreen("officer with a club: " + l)
	}

	h := newBrowser(t).newTab(srv.URL)
	h.login("ytexa", "3579")
	h.firstSync()
	h.checkScreen("health station home")
	var hclub string
	h.evalInto(`[...document.querySelectorAll('.clubpick option')].filter(x => x.value)[0].textContent`, &hclub)
	h.fill("Chọn câu lạc bộ", hclub)
	h.waitJS(`[...document.querySelectorAll('nav.tabs a')].some(a => a.textContent === 'Sức khỏe')`, "health tab")
	if got, want := tabs(h), "Trang chủ,Sức khỏe,Đồng bộ,Thêm"; got != want {
		t.Fatalf("health station tabs: %s, want %s", got, want)
	}
	for i, l := range []string{"Sức khỏe", "Đồng bộ"} {
		h.navTo(l)
		h.checkScreen(fmt.Sprintf("health station %d %s", i, l))
	}
}

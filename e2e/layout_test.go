package e2e

import (
	"strings"
	"testing"
)

// Every main screen fits a 360 px wide phone with no sideways scrolling, no
// text under 14 px, body text of 18 px, and tap targets of at least 48 px.
func TestFitsSmallPhone(t *testing.T) {
	srv := startServer(t)
	p := newBrowser(t).newTab(srv.URL)
	p.login("bcn1", "2468")
	p.syncAndWait()
	check := func(screen string) {
		t.Helper()
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
			return out;
		})()`, &bad)
		if len(bad) > 0 {
			t.Errorf("%s:\n  %s", screen, strings.Join(bad, "\n  "))
		}
	}
	for _, l := range []string{"Trang chủ", "Thành viên", "Sinh hoạt", "Quỹ", "Vay vốn", "Sức khỏe", "Đồng bộ"} {
		p.click(l, "link")
		check(l)
	}
	p.click("Sinh hoạt", "link")
	p.click("Thêm buổi sinh hoạt", "button")
	check("Thêm buổi sinh hoạt")
	p.click("Thành viên", "link")
	p.click("Thêm thành viên", "button")
	check("Thêm thành viên")
	p.click("Sức khỏe", "link")
	p.clickText(".rowbtn")
	p.waitAX("Huyết áp tâm thu", "")
	check("Ghi số đo")
}

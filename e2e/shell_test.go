package e2e

import (
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// The static shell (pwa/index.html): the header and a landing text are in
// the HTML itself, painted before any script runs (the CSP allows no inline
// script), and the app replaces them when it mounts.
func TestStaticShell(t *testing.T) {
	srv := startServer(t)
	res, err := http.Get(srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	html := string(body)
	app := html[strings.Index(html, `<div id="app">`):]
	for _, want := range []string{`<header class="top">`, "CLB Liên thế hệ", "Đang mở sổ sách…"} {
		if !strings.Contains(app, want) {
			t.Errorf("index.html: no %q in #app", want)
		}
	}
	for _, tag := range regexp.MustCompile(`<script[^>]*>`).FindAllString(html, -1) {
		if !strings.Contains(tag, " src=") {
			t.Errorf("index.html has an inline script: %s", tag)
		}
	}

	b := newBrowser(t)
	// without scripts: the shell alone, styled (the green header)
	p := b.newTab(srv.URL)
	if _, err := chromedp.Call(p.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	p.open("/")
	var shell struct {
		Text   string  `json:"text"`
		Height float64 `json:"height"`
		Bg     string  `json:"bg"`
	}
	p.evalInto(`(() => { const h = document.querySelector('#app header.top'); return { text: document.body.innerText,
		height: h ? h.getBoundingClientRect().height : 0, bg: h ? getComputedStyle(h).backgroundColor : '' }; })()`, &shell)
	if !strings.Contains(shell.Text, "Đang mở sổ sách…") || shell.Height < 48 || shell.Bg != "rgb(11, 93, 59)" {
		t.Fatalf("the shell without scripts: %+v", shell)
	}
	p.cancel()

	// with them: the app takes its place, one header, the shell's text gone
	q := b.newTab(srv.URL)
	q.open("/")
	q.waitAX("Đăng nhập", "button")
	// as tall as the shell's header: nothing moves when the app mounts
	var h float64
	q.evalInto(`document.querySelector('header.top').getBoundingClientRect().height`, &h)
	if h < shell.Height-1 || h > shell.Height+1 {
		q.fatalf("header %.1f px in the app, %.1f px in the shell", h, shell.Height)
	}
	if n := q.eval(`document.querySelectorAll('header.top').length`); n != "1" {
		q.fatalf("%s headers after the app mounted", n)
	}
	if q.eval(`document.body.innerText.includes('Đang mở sổ sách')`) != "false" {
		q.fatalf("the shell stays after the app mounted")
	}
}

package e2e

import (
	"fmt"
	"os"
	"sort"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/profiler"
	"github.com/chromedp/chromedp"
)

func BenchmarkZZCold(b *testing.B) {
	s := startServer(b)
	br := newBrowser(b)
	p := br.newTab(s.URL)
	p.login("bcn1", "1234")
	p.waitServiceWorker()
	p.waitJS(pullDone, "the first pull")
	s.stop()
	chromedp.Call(p.ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: coldMarks})
	p.throttle(6)
	p.open("/")
	p.waitJS(`!!window.__pinAt`, "pin")
	chromedp.Call(p.ctx, profiler.Enable, cdp.Empty{})
	chromedp.Call(p.ctx, profiler.SetSamplingInterval, profiler.SetSamplingIntervalParams{Interval: 200})
	chromedp.Call(p.ctx, profiler.Start, cdp.Empty{})
	p.open("/")
	p.waitJS(`!!window.__pinAt`, "pin")
	p.fill("Mã PIN", "1234")
	p.click("Mở khóa", "button")
	p.waitJS(`!!window.__homeAt`, "home")
	res, _ := chromedp.Call(p.ctx, profiler.Stop, cdp.Empty{})
	var m struct{ Pin, Unlock, Home, FCP float64 }
	p.evalInto(`({Pin: __pinAt, Unlock: __unlockAt, Home: __homeAt, FCP: (performance.getEntriesByName('first-contentful-paint')[0] || {startTime: 0}).startTime})`, &m)
	fmt.Fprintf(os.Stderr, "%+v total %.0f\n", m, m.Pin+m.Home-m.Unlock)
	prof := res.Profile
	counts := map[int64]int{}
	for _, s := range prof.Samples {
		counts[s]++
	}
	dt := float64(prof.EndTime-prof.StartTime) / 1000 / float64(len(prof.Samples))
	self := map[string]float64{}
	for _, n := range prof.Nodes {
		self[fmt.Sprintf("%s %s:%d", n.CallFrame.FunctionName, n.CallFrame.URL, n.CallFrame.LineNumber)] += float64(counts[n.ID]) * dt
	}
	type kv struct {
		k string
		v float64
	}
	var l []kv
	for k, v := range self {
		l = append(l, kv{k, v})
	}
	sort.Slice(l, func(i, j int) bool { return l[i].v > l[j].v })
	for i := 0; i < 25 && i < len(l); i++ {
		fmt.Fprintf(os.Stderr, "%8.1f ms  %s\n", l[i].v, l[i].k)
	}
}

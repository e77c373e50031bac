package main

import (
	"fmt"
	"strconv"
)

// getter answers one metric of one benchmark (false when it did not run).
type getter func(bench, metric string) (float64, bool)

// pwaRows are the PWA's figures (e2e/bench_pwa_test.go): the first pull of
// an old club stored in IndexedDB, beside IndexedDB's own rate in the same
// page, and the offline cold start, each at Chrome's CPU slowdowns.
func pwaRows(get getter) []row {
	var rows []row
	for _, cpu := range []struct {
		rate, before string
		goal         float64
	}{{"1", "29.1", 5}, {"6", "> 180", 30}} {
		b := "BenchmarkPWAFirstPull/cpu=" + cpu.rate
		s, ok := get(b, "s/pull")
		if !ok {
			continue
		}
		n, _ := get(b, "rows")
		rate, _ := get(b, "rows/s")
		raw, _ := get(b, "idb-raw-rows/s")
		ref := cpu.before + " before¹"
		rows = append(rows,
			row{fmt.Sprintf("PWA first pull stored, %s rows, %s× CPU (s)", group(strconv.Itoa(int(n))), cpu.rate), num(s), ref, "", fmt.Sprintf("≤ %g", cpu.goal), yes(s <= cpu.goal)},
			row{fmt.Sprintf("PWA first pull, %s× CPU (rows/s)", cpu.rate), num(rate), num(raw) + " IndexedDB raw rows/s", ratio(rate, raw), "near raw", ""},
		)
	}
	for _, cpu := range []struct{ rate, before string }{{"4", "776"}, {"6", "1 232"}} {
		b := "BenchmarkPWAColdStart/cpu=" + cpu.rate
		ms, ok := get(b, "ms/start")
		if !ok {
			continue
		}
		fcp, _ := get(b, "fcp-ms")
		goal, met := "", ""
		if cpu.rate == "6" {
			goal, met = "≤ 1 000", yes(ms <= 1000)
		}
		rows = append(rows,
			row{fmt.Sprintf("PWA offline cold start, reload → PIN → club home, %s× CPU (ms)", cpu.rate), num(ms), cpu.before + " before¹", "", goal, met},
			row{fmt.Sprintf("PWA offline reload, first contentful paint, %s× CPU (ms)", cpu.rate), num(fcp), "", "", "", ""},
		)
	}
	return rows
}

package main

import (
	"strings"
	"testing"
)

// TestTable: benchmark lines become rows with their ratio and verdict; other
// lines are ignored.
func TestTable(t *testing.T) {
	in := `goos: linux
BenchmarkMergeVsRaw-2   	      20	 287217448 ns/op	     13394 B/change	        94.49 allocs/change	      2468 push-changes/s	         0.6000 ratio	      6264 raw-rows/s
BenchmarkFirstPull-2   	       3	9424640446 ns/op	         6.398 plain-MB	     19680 rows	         1.5 s/pull	         3.5 wire-MB
BenchmarkProvince/scale=10x-2         	       1	2000000000 ns/op	        70.00 RSS-MB	         1.500 full-cpu-s	         2.000 full-s	    436711 rows	         0.01500 start-s
PASS
`
	res, err := parse(strings.NewReader(in), nil)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	print(&b, build(res))
	out := b.String()
	for _, want := range []string{
		"| Merge throughput, new rows in pushes of 500 (changes/s) | 2468 | 6264 raw SQLite rows/s | 0.60× | ≥ 0.5× | yes |",
		"| First pull, 70 members, 19 680 rows (s) | 1.50 |",
		"| First pull on the wire, gzip (MB) | 3.50 | 6.40 plain | 0.55× | ≤ 3 | **no** |",
		"| 10x data (436 711 rows): full indicator recompute (s) | 2.00 |  |  | ≤ 5 at 100× | yes |",
		"| 10x data (436 711 rows): full indicator recompute, CPU time (s) | 1.50 | 2.00 s elapsed | 0.75× |  |  |",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "phones") {
		t.Errorf("a row for a benchmark that did not run:\n%s", out)
	}
}

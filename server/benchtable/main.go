// Command benchtable reads `go test -bench` output on standard input (the
// benchmarks of `task bench`), passes it through to standard error as it
// comes, and prints one table: each figure beside its reference, the ratio
// and the goal (docs/PERFORMANCE.md explains them).
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"
)

// results maps "Benchmark/sub" (without the -N suffix) to its metrics.
type results map[string]map[string]float64

var benchLine = regexp.MustCompile(`^(Benchmark\S+?)(?:-\d+)?\s+\d+\s+(.*)$`)

func parse(r io.Reader, echo io.Writer) (results, error) {
	res := results{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if echo != nil {
			fmt.Fprintln(echo, line)
		}
		m := benchLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		f := strings.Fields(m[2])
		metrics := map[string]float64{}
		for i := 0; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				continue
			}
			metrics[f[i+1]] = v
		}
		res[m[1]] = metrics
	}
	return res, sc.Err()
}

// row is one line of the table.
type row struct {
	figure    string
	value     string
	reference string
	ratio     string
	goal      string
	met       string
}

func num(v float64) string {
	switch {
	case v == 0:
		return "0"
	case v < 0.1:
		return strconv.FormatFloat(v, 'f', 3, 64)
	case v >= 100:
		return group(strconv.FormatFloat(v, 'f', 0, 64))
	case v >= 10:
		return strconv.FormatFloat(v, 'f', 1, 64)
	default:
		return strconv.FormatFloat(v, 'f', 2, 64)
	}
}

// group writes thousands with thin spaces, as the docs do.
func group(s string) string {
	if len(s) <= 4 {
		return s
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(" ")
		}
		b.WriteRune(c)
	}
	return b.String()
}

func yes(ok bool) string {
	if ok {
		return "yes"
	}
	return "**no**"
}

func build(res results) []row {
	var rows []row
	get := func(bench, metric string) (float64, bool) {
		m, ok := res[bench]
		if !ok {
			return 0, false
		}
		v, ok := m[metric]
		return v, ok
	}
	if push, ok := get("BenchmarkMergeVsRaw", "push-changes/s"); ok {
		raw, _ := get("BenchmarkMergeVsRaw", "raw-rows/s")
		ratio, _ := get("BenchmarkMergeVsRaw", "ratio")
		rows = append(rows, row{"Merge throughput, new rows in pushes of 500 (changes/s)", num(push), num(raw) + " raw SQLite rows/s",
			num(ratio) + "×", "≥ 0.5×", yes(ratio >= 0.5)})
		a, _ := get("BenchmarkMergeVsRaw", "allocs/change")
		by, _ := get("BenchmarkMergeVsRaw", "B/change")
		rows = append(rows, row{"Allocations per merged change", num(a), "479 before", num(a/479) + "×", "fewer", yes(a < 479)})
		rows = append(rows, row{"Bytes allocated per merged change", num(by), "29 740 before", num(by/29740) + "×", "fewer", yes(by < 29740)})
	}
	if p99, ok := get("BenchmarkPhones", "push-p99-ms"); ok {
		phones, _ := get("BenchmarkPhones", "phones")
		p50, _ := get("BenchmarkPhones", "push-p50-ms")
		pull99, _ := get("BenchmarkPhones", "pull-p99-ms")
		errs, _ := get("BenchmarkPhones", "errors")
		rss, _ := get("BenchmarkPhones", "RSS-MB")
		cps, _ := get("BenchmarkPhones", "changes/s")
		n := fmt.Sprintf("%.0f phones, 0.2 s pauses", phones)
		rows = append(rows,
			row{n + ": push p50 (ms)", num(p50), "631 before¹", num(p50/631) + "×", "", ""},
			row{n + ": push p99 (ms)", num(p99), "3 800 before¹", num(p99/3800) + "×", "≤ 500", yes(p99 <= 500)},
			row{n + ": pull p99 (ms)", num(pull99), "", "", "≤ 500", yes(pull99 <= 500)},
			row{n + ": errors", num(errs), "", "", "0", yes(errs == 0)},
			row{n + ": changes/s served", num(cps), "~4 000 offered", num(cps/4000) + "×", "", ""},
			row{n + ": peak RSS of the server, phones in a process of their own (MB)", num(rss), "", "", "≤ 150", yes(rss <= 150)},
		)
		if cpu, ok := get("BenchmarkPhones", "server-CPU-ms/push+pull"); ok {
			cores, _ := get("BenchmarkPhones", "server-cores")
			rows = append(rows,
				row{n + ": server CPU per push and its pull (ms)", num(cpu), "", "", "", ""},
				row{n + ": cores the server got (of 2)", num(cores), "", "", "", ""},
			)
		}
	}
	if s, ok := get("BenchmarkFirstPull", "s/pull"); ok {
		wire, _ := get("BenchmarkFirstPull", "wire-MB")
		plain, _ := get("BenchmarkFirstPull", "plain-MB")
		n, _ := get("BenchmarkFirstPull", "rows")
		rows = append(rows,
			row{fmt.Sprintf("First pull, 70 members, %s rows (s)", group(strconv.Itoa(int(n)))), num(s), "0.49 before¹", num(s/0.49) + "×", "≤ 2", yes(s <= 2)},
			row{"First pull on the wire, gzip (MB)", num(wire), num(plain) + " plain", num(wire/plain) + "×", "≤ 3", yes(wire <= 3)},
		)
	}
	one, ok1 := get("BenchmarkIndicators/clubs=1", "ms/push+answer")
	thirty, ok30 := get("BenchmarkIndicators/clubs=30", "ms/push+answer")
	if ok1 && ok30 {
		rows = append(rows,
			row{"One-change push + fresh indicators, 1-club commune (ms)", num(one), "3.5 before¹", num(one/3.5) + "×", "", ""},
			row{"One-change push + fresh indicators, 30-club commune (ms)", num(thirty), num(one) + " at 1 club", num(thirty/one) + "×", "≤ 20, nearly flat", yes(thirty <= 20)},
		)
	}
	for _, scale := range []string{"1x", "10x", "100x"} {
		b := "BenchmarkProvince/scale=" + scale
		full, ok := get(b, "full-s")
		if !ok {
			continue
		}
		start, _ := get(b, "start-s")
		mem, _ := get(b, "RSS-MB")
		rowsN, _ := get(b, "rows")
		what := fmt.Sprintf("%s data (%s rows)", scale, group(strconv.Itoa(int(rowsN))))
		rows = append(rows, row{what + ": full indicator recompute (s)", num(full), "", "", "≤ 5 at 100×", yes(full <= 5)})
		if cpu, ok := get(b, "full-cpu-s"); ok {
			rows = append(rows, row{what + ": full indicator recompute, CPU time (s)", num(cpu), num(full) + " s elapsed", ratio(cpu, full), "", ""})
		}
		rows = append(rows,
			row{what + ": server start (s)", num(start), "", "", "≤ 5 at 100×", yes(start <= 5)},
			row{what + ": memory after recompute, RSS (MB)", num(mem), "", "", "≤ 500 at 100×", yes(mem <= 500)},
		)
	}
	if pg, ok := get("BenchmarkPush/postgres/batch=500", "changes/s"); ok {
		lite, _ := get("BenchmarkPush/sqlite/batch=500", "changes/s")
		rows = append(rows, row{"Merge throughput on PostgreSQL, new rows in pushes of 500 (changes/s)", num(pg), num(lite) + " on SQLite",
			ratio(pg, lite), "", ""})
	}
	if p99, ok := get("BenchmarkPhonesTwoServers", "push-p99-ms"); ok {
		phones, _ := get("BenchmarkPhonesTwoServers", "phones")
		p50, _ := get("BenchmarkPhonesTwoServers", "push-p50-ms")
		pull99, _ := get("BenchmarkPhonesTwoServers", "pull-p99-ms")
		errs, _ := get("BenchmarkPhonesTwoServers", "errors")
		cps, _ := get("BenchmarkPhonesTwoServers", "changes/s")
		one, _ := get("BenchmarkPhones", "push-p99-ms")
		n := fmt.Sprintf("%.0f phones over two servers on PostgreSQL", phones)
		rows = append(rows,
			row{n + ": push p50 (ms)", num(p50), "", "", "", ""},
			row{n + ": push p99 (ms)", num(p99), num(one) + " one server on SQLite", ratio(p99, one), "≤ 500", yes(p99 <= 500)},
			row{n + ": pull p99 (ms)", num(pull99), "", "", "≤ 500", yes(pull99 <= 500)},
			row{n + ": errors", num(errs), "", "", "0", yes(errs == 0)},
			row{n + ": changes/s served", num(cps), "~4 000 offered", num(cps/4000) + "×", "", ""},
		)
	}
	rows = append(rows, pwaRows(get)...)
	return rows
}

// ratio is a/b as the table writes it ("" without a reference).
func ratio(a, b float64) string {
	if b == 0 {
		return ""
	}
	return num(a/b) + "×"
}

func print(w io.Writer, rows []row) {
	fmt.Fprintln(w, "| Figure | Measured | Reference | Ratio | Goal | Met |")
	fmt.Fprintln(w, "| --- | ---: | ---: | ---: | --- | --- |")
	for _, r := range rows {
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s |\n", r.figure, r.value, r.reference, r.ratio, r.goal, r.met)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "¹ measured before this work on a quieter machine (the issue's figures); compare with care.")
}

func main() {
	res, err := parse(os.Stdin, os.Stderr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchtable:", err)
		os.Exit(1)
	}
	rows := build(res)
	if len(rows) == 0 {
		fmt.Fprintln(os.Stderr, "benchtable: no benchmark results on standard input")
		os.Exit(1)
	}
	fmt.Println()
	print(os.Stdout, rows)
}

package loadtest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/google/uuid"

	"clb/schema"
	"clb/server/demo"
	"clb/server/figures"
	"clb/server/indicators"
	"clb/server/push"
	"clb/server/store"
	changes "clb/sync"
)

var seedAdmin = changes.Actor{UserID: "seed", Username: "seed", Role: changes.RoleAdmin, DeviceID: demo.Device}

// seedCommunes fills db with n communes of the given shape through the push
// service and returns the communes' ids and, per club, its members.
func seedCommunes(b *testing.B, db *store.DB, svc *push.Service, n int, opt demo.Options) (communes []string, members map[string][]string) {
	ctx := context.Background()
	now := time.Now()
	for c := 0; c < n; c++ {
		opt.Index = c + 1
		d := demo.GenerateScaled(now, int64(c+1), opt)
		communes = append(communes, d.Changes[0].RowID)
		for i := 0; i < len(d.Changes); i += push.MaxChanges {
			if _, err := svc.Apply(ctx, seedAdmin, d.Changes[i:min(i+push.MaxChanges, len(d.Changes))]); err != nil {
				b.Fatal(err)
			}
		}
	}
	rows, err := db.CommuneRows(ctx, communes[0])
	if err != nil {
		b.Fatal(err)
	}
	members = map[string][]string{}
	for _, r := range rows {
		if r.Entity == "member" && !r.Deleted {
			members[r.ClubID] = append(members[r.ClubID], r.ID)
		}
	}
	return communes, members
}

func thisYear() (from, to string) {
	today := time.Now().UTC().Add(7 * time.Hour)
	return fmt.Sprintf("%d-01-01", today.Year()), today.Format("2006-01-02")
}

// BenchmarkIndicators: in a commune of 1 and of 30 clubs (50 members, a
// year of books each), one push of one blood-pressure reading through the
// push service (which tells the indicators, as the server does) followed by
// a fresh indicators answer for the year so far: the figure a commune
// officer's screen waits for after a board's sync.
func BenchmarkIndicators(b *testing.B) {
	for _, k := range []int{1, 30} {
		b.Run(fmt.Sprintf("clubs=%d", k), func(b *testing.B) {
			ctx := context.Background()
			db, err := store.Open(ctx, b.TempDir())
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			f := figures.New(db)
			svc := &push.Service{Store: db, Engine: changes.New(schema.MustLoad()), Indicators: f}
			communes, members := seedCommunes(b, db, svc, 1, demo.Options{Clubs: k, Years: 1, Members: 50})
			from, to := thisYear()
			q := indicators.Query{CommuneID: communes[0], From: from, To: to}
			if _, err := f.Answer(ctx, q); err != nil {
				b.Fatal(err)
			}
			var club string
			for c := range members {
				club = c
				break
			}
			n := 0
			b.ResetTimer()
			t0 := time.Now()
			for i := 0; i < b.N; i++ {
				n++
				ch := changes.Change{ID: uuid.NewString(), Entity: "health_check", RowID: uuid.NewString(), Op: "upsert",
					HLC:    fmt.Sprintf("%013d-%04x-bench", time.Now().UnixMilli(), n%65536),
					Fields: fmt.Appendf(nil, `{"club_id":%q,"member_id":%q,"measured_on":%q,"systolic":135,"diastolic":85,"measured_by":"club"}`, club, members[club][n%len(members[club])], to)}
				out, err := svc.Apply(ctx, seedAdmin, []changes.Change{ch})
				if err != nil || out[0].Status != changes.Applied {
					b.Fatalf("%v %+v", err, out)
				}
				if _, err := f.Answer(ctx, q); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(time.Since(t0).Microseconds())/1000/float64(b.N), "ms/push+answer")
		})
	}
}

// BenchmarkProvince: PROVINCE_SCALES (default "1,10") × one commune of 10
// clubs × 50 members × 5 years of books (100 is the province of the goal:
// 100 communes). For each scale: the full indicator recompute of every
// commune for the year so far (figures.Full, communes on GOMAXPROCS
// goroutines; elapsed and CPU seconds), the server's start on that database
// (open and migrate, first read) and the RSS after the recompute. With
// PROVINCE_DIR set, the seeded databases are kept there and reused.
func BenchmarkProvince(b *testing.B) {
	scales := []int{1, 10}
	if s := os.Getenv("PROVINCE_SCALES"); s != "" {
		scales = nil
		for _, p := range splitComma(s) {
			var n int
			if _, err := fmt.Sscan(p, &n); err == nil && n > 0 {
				scales = append(scales, n)
			}
		}
	}
	for _, scale := range scales {
		b.Run(fmt.Sprintf("scale=%dx", scale), func(b *testing.B) {
			ctx := context.Background()
			dir, communes := provinceDir(b, scale)
			db, err := store.Open(ctx, dir)
			if err != nil {
				b.Fatal(err)
			}
			if communes == nil {
				svc := &push.Service{Store: db, Engine: changes.New(schema.MustLoad())}
				communes, _ = seedCommunes(b, db, svc, scale, demo.Options{Clubs: 10, Years: 5, Members: 50})
				if keep := os.Getenv("PROVINCE_DIR"); keep != "" {
					_ = os.WriteFile(filepath.Join(dir, "communes.txt"), []byte(strings.Join(communes, "\n")), 0o644)
				}
			}
			rows, err := db.LastSeq(ctx)
			if err != nil {
				b.Fatal(err)
			}
			db.Close()
			from, to := thisYear()
			var full, fullCPU, start time.Duration
			var rss int64
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				t0 := time.Now()
				db, err := store.Open(ctx, dir)
				if err != nil {
					b.Fatal(err)
				}
				if err := db.Ping(ctx); err != nil {
					b.Fatal(err)
				}
				start += time.Since(t0)
				f := figures.New(db)
				t0 = time.Now()
				cpu0 := cpuTime()
				// The communes on as many goroutines as cores, as a server
				// answering officers of several communes at once.
				var next atomic.Int64
				var wg sync.WaitGroup
				errs := make(chan error, runtime.GOMAXPROCS(0))
				for range runtime.GOMAXPROCS(0) {
					wg.Add(1)
					go func() {
						defer wg.Done()
						for k := int(next.Add(1)) - 1; k < len(communes); k = int(next.Add(1)) - 1 {
							if _, err := f.Full(ctx, indicators.Query{CommuneID: communes[k], From: from, To: to}); err != nil {
								errs <- err
								return
							}
						}
					}()
				}
				wg.Wait()
				close(errs)
				if err := <-errs; err != nil {
					b.Fatal(err)
				}
				full += time.Since(t0)
				fullCPU += cpuTime() - cpu0
				rss = max(rss, rssBytes())
				db.Close()
			}
			b.ReportMetric(float64(rows), "rows")
			b.ReportMetric(full.Seconds()/float64(b.N), "full-s")
			b.ReportMetric(fullCPU.Seconds()/float64(b.N), "full-cpu-s")
			b.ReportMetric(start.Seconds()/float64(b.N), "start-s")
			b.ReportMetric(float64(rss)/(1<<20), "RSS-MB")
		})
	}
}

// provinceDir is where the scale's database lives: a fresh directory, or with
// PROVINCE_DIR set, DIR/scale=N kept between runs (seeding 100× takes long);
// communes is nil when the database is still to be seeded.
func provinceDir(b *testing.B, scale int) (string, []string) {
	keep := os.Getenv("PROVINCE_DIR")
	if keep == "" {
		return b.TempDir(), nil
	}
	dir := filepath.Join(keep, fmt.Sprintf("scale=%d", scale))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.Fatal(err)
	}
	if s, err := os.ReadFile(filepath.Join(dir, "communes.txt")); err == nil {
		return dir, strings.Split(string(s), "\n")
	}
	return dir, nil
}

// cpuTime is the CPU time (user and system) the process has used so far: on
// a shared machine, the part of a wall time that was this process's own work.
func cpuTime() time.Duration {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		return 0
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}

func splitComma(s string) []string {
	var out []string
	for len(s) > 0 {
		i := 0
		for i < len(s) && s[i] != ',' {
			i++
		}
		out = append(out, s[:i])
		if i < len(s) {
			i++
		}
		s = s[i:]
	}
	return out
}

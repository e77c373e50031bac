package loadtest

import (
	"os"
	"testing"
	"time"

	"clb/server/store/storetest"
)

// BenchmarkPhonesTwoServers is BenchmarkPhones (the same phones, pushes,
// pulls and settings) with the phones split over two servers on one
// PostgreSQL database (CLB_TEST_DATABASE_URL; skipped without it): each
// server has its own connection pools and indicators cache, as two
// processes would. Run with -benchtime 1x.
func BenchmarkPhonesTwoServers(b *testing.B) {
	if os.Getenv(storetest.EnvURL) == "" {
		b.Skipf("no PostgreSQL: set %s", storetest.EnvURL)
	}
	nPhones := envInt("LOAD_PHONES", 200)
	pause := time.Duration(envInt("LOAD_PAUSE_MS", 200)) * time.Millisecond
	dur := time.Duration(envInt("LOAD_SECONDS", 20)) * time.Second
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		url, drop, err := storetest.CreateDatabase("")
		if err != nil {
			b.Fatal(err)
		}
		bases, phones, stop := setup(b, nPhones, storetest.Place{Dir: b.TempDir(), URL: url}, 2)
		b.StartTimer()
		run(b, bases, phones, pause, dur)
		b.StopTimer()
		stop()
		drop()
	}
}

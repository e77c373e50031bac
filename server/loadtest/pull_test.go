package loadtest

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/google/uuid"

	"clb/schema"
	"clb/server/api"
	"clb/server/auth"
	"clb/server/demo"
	"clb/server/figures"
	"clb/server/push"
	"clb/server/store"
	changes "clb/sync"
)

// countingReader counts the bytes that crossed the wire.
type countingReader struct {
	r io.Reader
	n *int64
}

func (c countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	*c.n += int64(n)
	return n, err
}

// BenchmarkFirstPull: the first login of a new phone in an old club — one
// club of 70 members with about 20 000 rows of history (PULL_YEARS of books,
// default 17) pulled from cursor 0 in pages of 1000, as the PWA does, over
// loopback with gzip. Reports the rows, the seconds, the bytes on the wire and
// the bytes without compression.
func BenchmarkFirstPull(b *testing.B) {
	ctx := context.Background()
	dir := b.TempDir()
	db, err := store.Open(ctx, dir)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	keys, err := auth.LoadOrCreateKey(dir)
	if err != nil {
		b.Fatal(err)
	}
	sch := schema.MustLoad()
	eng := changes.New(sch)
	svc := &push.Service{Store: db, Engine: eng}
	admin := changes.Actor{UserID: "seed", Username: "seed", Role: changes.RoleAdmin, DeviceID: demo.Device}
	now := time.Now()
	d := demo.GenerateScaled(now, 1, demo.Options{Index: 1, Clubs: 1, Years: envInt("PULL_YEARS", 17), Members: 70})
	for i := 0; i < len(d.Changes); i += push.MaxChanges {
		if _, err := svc.Apply(ctx, admin, d.Changes[i:min(i+push.MaxChanges, len(d.Changes))]); err != nil {
			b.Fatal(err)
		}
	}
	board := d.Users[len(d.Users)-1]
	u := &store.User{ID: uuid.NewString(), Username: "board", FullName: "Ban chủ nhiệm", Role: changes.RoleClubBoard,
		CommuneID: board.CommuneID, ClubIDs: board.ClubIDs, PasswordHash: "-"}
	if err := db.CreateUser(ctx, u); err != nil {
		b.Fatal(err)
	}
	sid := uuid.NewString()
	if err := db.CreateSession(ctx, sid, u.ID, "phone", "", "-", now.UnixMilli()); err != nil {
		b.Fatal(err)
	}
	token, err := keys.Issue(u.ID, sid, 0, now)
	if err != nil {
		b.Fatal(err)
	}
	srv := &api.Server{DB: db, Schema: sch, Engine: eng, Keys: keys, Figures: figures.New(db),
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	var rows int
	var wire, plain int64
	var elapsed time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rows, wire, plain = 0, 0, 0
		t0 := time.Now()
		cursor := "0"
		for more := true; more; {
			req, _ := http.NewRequest(http.MethodGet, ts.URL+"/api/sync/pull?limit=1000&cursor="+cursor, nil)
			req.Header.Set("Authorization", "Bearer "+token)
			req.Header.Set("Accept-Encoding", "gzip, deflate, br")
			res, err := client.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			var body io.Reader = countingReader{res.Body, &wire}
			if res.Header.Get("Content-Encoding") == "gzip" {
				if body, err = gzip.NewReader(body); err != nil {
					b.Fatal(err)
				}
			}
			var a struct {
				Rows   []json.RawMessage `json:"rows"`
				Cursor string            `json:"cursor"`
				More   bool              `json:"more"`
			}
			if err := json.NewDecoder(countingReader{body, &plain}).Decode(&a); err != nil || res.StatusCode != 200 {
				b.Fatalf("pull: %d %v", res.StatusCode, err)
			}
			res.Body.Close()
			rows += len(a.Rows)
			cursor, more = a.Cursor, a.More
		}
		elapsed += time.Since(t0)
	}
	b.ReportMetric(float64(rows), "rows")
	b.ReportMetric(elapsed.Seconds()/float64(b.N), "s/pull")
	b.ReportMetric(float64(wire)/1e6, "wire-MB")
	b.ReportMetric(float64(plain)/1e6, "plain-MB")
	if os.Getenv("PULL_VERBOSE") != "" {
		fmt.Fprintf(os.Stderr, "%d rows, %d changes seeded\n", rows, len(d.Changes))
	}
}

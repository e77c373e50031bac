package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"

	"clb/server/store"
)

// TestSeed: seed fills the database through the engine with the asked number
// of communes and clubs, creates the first commune's users, prints what it
// wrote; a second run adds communes without failing on taken usernames.
func TestSeed(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	var out bytes.Buffer
	if err := run(ctx, []string{"seed", "--data", dir, "--communes", "2", "--clubs", "4", "--years", "2", "--members", "10"}, nil, &out, log); err != nil {
		t.Fatalf("seed: %v\n%s", err, out.String())
	}
	for _, want := range []string{"bcn4\tdemo-2026\tclub_board", "seeded 2 communes × 4 clubs × 2 years (10 members per club)", "changes/s"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	db, err := store.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := db.CommuneRows(ctx, "")
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	members := map[string]int{}
	for _, r := range rows {
		count[r.Entity]++
		if r.Entity == "member" {
			members[r.ClubID]++
		}
	}
	if count["commune"] != 2 || count["club"] != 8 || len(members) != 8 {
		t.Fatalf("communes %d, clubs %d, clubs with members %d", count["commune"], count["club"], len(members))
	}
	for club, n := range members {
		if n != 10 {
			t.Errorf("club %s has %d members", club, n)
		}
	}
	// Two years of monthly meetings in each club (the current month may not have come yet).
	if count["meeting"] < 8*23 || count["meeting"] > 8*24 {
		t.Errorf("%d meetings for 8 clubs over two years", count["meeting"])
	}

	out.Reset()
	if err := run(ctx, []string{"seed", "--data", dir, "--communes", "1", "--clubs", "1", "--years", "1", "--seed", "7"}, nil, &out, log); err != nil {
		t.Fatalf("second seed: %v", err)
	}
	if strings.Contains(out.String(), "demo-2026") {
		t.Errorf("second seed created users again:\n%s", out.String())
	}
	for _, bad := range [][]string{{"--communes", "0"}, {"--clubs", "0"}, {"--years", "0"}, {"--members", "-1"}} {
		if err := run(ctx, append([]string{"seed", "--data", dir}, bad...), nil, io.Discard, log); err == nil {
			t.Errorf("seed %v: no error", bad)
		}
	}
}

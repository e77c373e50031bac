package store_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"clb/server/store"
	"clb/server/store/storetest"
)

// Every test here runs on SQLite, then on PostgreSQL (see storetest).
func TestMain(m *testing.M) { storetest.Main(m) }

// TestReopen: migrations are recorded and not applied twice; the database
// keeps its writes across a reopen.
func TestReopen(t *testing.T) {
	ctx := context.Background()
	place := storetest.NewPlace(t)
	db, err := place.Open(ctx)
	if err != nil {
		t.Fatal(err)
	}
	u := &store.User{ID: "u1", Username: "canbo", FullName: "Cán bộ", Role: "admin", PasswordHash: "x", ClubIDs: []string{}}
	if err := db.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateUser(ctx, &store.User{ID: "u2", Username: "canbo", FullName: "B", Role: "admin", PasswordHash: "x"}); err != store.ErrConflict {
		t.Fatalf("taken username: %v, want ErrConflict", err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db, err = place.Open(ctx)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer db.Close()
	got, err := db.UserByName(ctx, "canbo")
	if err != nil || got.ID != "u1" || got.FullName != "Cán bộ" {
		t.Fatalf("after reopen: %+v %v", got, err)
	}
	if storetest.Postgres() {
		return
	}
	if fi, err := os.Stat(filepath.Join(place.Dir, "clb.db")); err != nil || fi.Size() == 0 {
		t.Fatalf("database file: %v", err)
	}
}

// TestRefreshRotation: the compare-and-swap rotation, the one grace, and
// reuse revoking the session.
func TestRefreshRotation(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	if err := db.CreateUser(ctx, &store.User{ID: "u1", Username: "bcn1", FullName: "B", Role: "admin", PasswordHash: "x"}); err != nil {
		t.Fatal(err)
	}
	const grace, maxAge = 10_000, 30 * 24 * 3600 * 1000
	if err := db.CreateSession(ctx, "s1", "u1", "phone", "", "h0", 1000); err != nil {
		t.Fatal(err)
	}
	s, err := db.RotateRefresh(ctx, "h0", "h1", 2000, grace, maxAge)
	if err != nil || s.ID != "s1" || s.Gen != 1 {
		t.Fatalf("rotate: %+v %v", s, err)
	}
	// The old token within the grace: once, and the pair h1 is replaced.
	s, err = db.RotateRefresh(ctx, "h0", "h2", 5000, grace, maxAge)
	if err != nil || s.MinGen != s.Gen {
		t.Fatalf("grace: %+v %v", s, err)
	}
	if _, err := db.RotateRefresh(ctx, "h1", "h3", 6000, grace, maxAge); err != store.ErrRefreshUnknown && err != store.ErrRefreshReused {
		t.Fatalf("the pair before the grace still works: %v", err)
	}
	// A second presentation of h0 is a reuse: the session is revoked.
	if _, err := db.RotateRefresh(ctx, "h0", "h4", 7000, grace, maxAge); err != store.ErrRefreshReused {
		t.Fatalf("reuse: %v", err)
	}
	if s, _ := db.SessionByID(ctx, "s1"); !s.Revoked {
		t.Fatal("session not revoked after reuse")
	}
	if _, err := db.RotateRefresh(ctx, "h2", "h5", 8000, grace, maxAge); err == nil {
		t.Fatal("a revoked session refreshed")
	}
}

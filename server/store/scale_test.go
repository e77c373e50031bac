package store_test

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"clb/schema"
	"clb/server/store"
	"clb/server/store/storetest"
	changes "clb/sync"
	"clb/sync/access"
)

// Several servers on one database: each test opens the place twice, as two
// server processes would, and runs on both stores (SQLite's two handles on
// one file serialize on the file lock; PostgreSQL's on the writer lock).

type world struct {
	eng                    *changes.Engine
	admin                  changes.Actor
	commune, village, club string
	n                      atomic.Int64
	ms                     int64
}

func newWorld(t *testing.T, db *store.DB) *world {
	t.Helper()
	w := &world{eng: changes.New(schema.MustLoad()), admin: changes.Actor{UserID: "a", Username: "a", Role: changes.RoleAdmin, DeviceID: "t"},
		commune: uuid.NewString(), village: uuid.NewString(), club: uuid.NewString(), ms: time.Now().Add(-time.Hour).UnixMilli()}
	w.push(t, db,
		w.change("commune", w.commune, map[string]any{"name": "Xã", "province": "Tỉnh"}),
		w.change("village", w.village, map[string]any{"commune_id": w.commune, "name": "Thôn"}),
		w.change("club", w.club, map[string]any{"commune_id": w.commune, "village_id": w.village, "name": "CLB", "founded_on": "2024-01-01"}))
	return w
}

func (w *world) change(entity, row string, f map[string]any) changes.Change {
	n := w.n.Add(1)
	raw, _ := json.Marshal(f)
	return changes.Change{ID: uuid.NewString(), Entity: entity, RowID: row, Op: "upsert", Fields: raw,
		HLC: fmt.Sprintf("%013d-%04x-dev", w.ms+n/65536, n%65536)}
}

func (w *world) member(name string) map[string]any {
	return map[string]any{"club_id": w.club, "full_name": name, "sex": "female", "birth_year": 1955,
		"joined_on": "2024-03-01", "poverty": "none", "board_role": "none"}
}

func (w *world) push(t *testing.T, db *store.DB, cs ...changes.Change) []changes.Outcome {
	t.Helper()
	out, err := db.Push(context.Background(), w.eng, w.admin, cs)
	if err != nil {
		t.Errorf("push: %v", err)
		return nil
	}
	return out
}

// twoServers opens one fresh place twice.
func twoServers(t *testing.T) (*store.DB, *store.DB) {
	t.Helper()
	p := storetest.NewPlace(t)
	ctx := context.Background()
	a, err := p.Open(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	b, err := p.Open(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return a, b
}

// TestSeqOneOrderAcrossServers: pushes on two servers at once and a puller
// reading during them: the pulled seqs never go back, and the puller ends
// with every row (a pull never passes a row that a slower transaction
// commits later).
func TestSeqOneOrderAcrossServers(t *testing.T) {
	a, b := twoServers(t)
	w := newWorld(t, a)
	const perServer, batch = 8, 25
	var want sync.Map
	var wg sync.WaitGroup
	for _, db := range []*store.DB{a, b, a, b} {
		wg.Go(func() {
			for range perServer {
				cs := make([]changes.Change, batch)
				for i := range cs {
					cs[i] = w.change("member", uuid.NewString(), w.member("Hoa"))
				}
				for i, o := range w.push(t, db, cs...) {
					if o.Status != changes.Applied {
						t.Errorf("%+v", o.Result)
					}
					want.Store(cs[i].RowID, true)
				}
			}
		})
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	got := map[string]bool{}
	var after int64
	pull := func(db *store.DB) {
		rows, _, err := db.Pull(context.Background(), access.Scope{All: true}, after, 7)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			if r.Seq <= after {
				t.Fatalf("pulled seq %d after %d", r.Seq, after)
			}
			after = r.Seq
			got[r.ID] = true
		}
	}
	for finished := false; !finished; {
		select {
		case <-done:
			finished = true
		default:
		}
		pull(a)
		pull(b)
	}
	for range 1000 { // drain
		before := after
		pull(b)
		if after == before {
			break
		}
	}
	n := 0
	want.Range(func(k, _ any) bool {
		n++
		if !got[k.(string)] {
			t.Errorf("row %s acknowledged but never pulled", k)
		}
		return true
	})
	if n != 4*perServer*batch {
		t.Fatalf("%d rows acknowledged, want %d", n, 4*perServer*batch)
	}
}

// TestConcurrentEditsOfOneRowAcrossServers: two servers merging changes of
// different fields of one row at the same moment keep both (the engine's
// read-merge-write never works on a stale row), and one change pushed to
// both at once is applied once and answered as a duplicate by the other.
func TestConcurrentEditsOfOneRowAcrossServers(t *testing.T) {
	a, b := twoServers(t)
	w := newWorld(t, a)
	for round := range 10 {
		row := uuid.NewString()
		w.push(t, a, w.change("member", row, w.member("Hoa")))
		phone := w.change("member", row, map[string]any{"phone": fmt.Sprintf("09123456%02d", round)})
		name := w.change("member", row, map[string]any{"full_name": fmt.Sprintf("Lan %d", round)})
		var wg sync.WaitGroup
		outs := make([][]changes.Outcome, 4)
		wg.Go(func() { outs[0] = w.push(t, a, phone) })
		wg.Go(func() { outs[1] = w.push(t, b, name) })
		wg.Go(func() { outs[2] = w.push(t, b, phone) }) // the same change, to the other server
		wg.Go(func() { outs[3] = w.push(t, a, name) })
		wg.Wait()
		if t.Failed() {
			return
		}
		var applied, dup int
		for _, o := range outs {
			switch o[0].Status {
			case changes.Applied:
				applied++
			case changes.Duplicate:
				dup++
			default:
				t.Fatalf("round %d: %+v", round, o[0].Result)
			}
		}
		if applied != 2 || dup != 2 {
			t.Fatalf("round %d: %d applied, %d duplicates; want 2 and 2", round, applied, dup)
		}
		got, err := b.Row(context.Background(), row)
		if err != nil {
			t.Fatal(err)
		}
		if got.Fields["phone"] != fmt.Sprintf("09123456%02d", round) || got.Fields["full_name"] != fmt.Sprintf("Lan %d", round) {
			t.Fatalf("round %d: a concurrent edit was lost: %v", round, got.Fields)
		}
	}
}

// TestMigrationsOnceUnderLock: servers that start together on an empty
// database all open it, and each migration is applied once.
func TestMigrationsOnceUnderLock(t *testing.T) {
	p := storetest.NewPlace(t)
	const n = 5
	dbs := make([]*store.DB, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { dbs[i], errs[i] = p.Open(context.Background()) })
	}
	wg.Wait()
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("server %d: %v", i, errs[i])
		}
		defer dbs[i].Close()
	}
	versions, err := dbs[0].MigrationVersions(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, v := range versions {
		if seen[v] {
			t.Fatalf("migration %s recorded twice", v)
		}
		seen[v] = true
	}
	if !seen["0001_init"] {
		t.Fatalf("migrations recorded: %v", versions)
	}
}

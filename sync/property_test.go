package changes_test

import (
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"testing"

	changes "clb/sync"
)

// randomChanges makes a set of changes with concurrent edits from several
// devices (equal HLCs included), deletes, voids and ledger re-sends. The
// first `prefix` changes create the commune and clubs.
func randomChanges(r *rand.Rand) (prefix []changes.Change, rows [][]changes.Change) {
	id := func() string {
		return fmt.Sprintf("%08x-%04x-4%03x-8%03x-%012x", r.Uint32(), r.IntN(1<<16), r.IntN(1<<12), r.IntN(1<<12), r.Int64N(1<<48))
	}
	devices := []string{"phone-a", "phone-b", "phone-c"}
	stamp := func() string {
		// Few distinct times so that equal HLCs happen.
		return hlc(nowMS-int64(r.IntN(5))*1000, r.IntN(2), devices[r.IntN(len(devices))])
	}
	mk := func(entity, row string, f []byte) changes.Change {
		return changes.Change{ID: id(), Entity: entity, RowID: row, Op: "upsert", Fields: f, HLC: stamp()}
	}
	prefix = []changes.Change{
		mk("commune", communeA, obj("name", "Xã A", "province", "P")),
		mk("club", clubA, obj("commune_id", communeA, "village_id", villageA, "name", "CLB A", "founded_on", "2024-01-01")),
	}
	names := []string{"An", "Bình", "Chi", "Dũng"}
	for range 3 + r.IntN(4) {
		row := id()
		cs := []changes.Change{mk("member", row, obj("club_id", clubA, "full_name", "Lan", "sex", "female", "birth_year", 1950,
			"joined_on", "2024-01-01", "poverty", "none", "board_role", "none"))}
		for range r.IntN(6) {
			switch r.IntN(5) {
			case 0:
				cs = append(cs, changes.Change{ID: id(), Entity: "member", RowID: row, Op: "delete", HLC: stamp()})
			case 1:
				cs = append(cs, mk("member", row, obj("phone", fmt.Sprintf("09%08d", r.IntN(1e8)))))
			default:
				cs = append(cs, mk("member", row, obj("full_name", names[r.IntN(len(names))], "poverty", []string{"poor", "none"}[r.IntN(2)])))
			}
		}
		rows = append(rows, cs)
	}
	for range 2 + r.IntN(3) {
		row := id()
		loan := obj("club_id", clubA, "member_id", memberA, "disbursed_on", "2026-01-15", "principal_vnd", 5000000,
			"term_months", 12, "monthly_rate_pct", 0.5, "purpose", "trade", "due_on", "2027-01-15")
		cs := []changes.Change{mk("loan", row, loan)}
		for range r.IntN(4) {
			if r.IntN(3) == 0 {
				cs = append(cs, mk("loan", row, loan)) // re-sent under a new id
			} else {
				cs = append(cs, mk("loan", row, obj("voided_reason", []string{"nhầm", "sai số"}[r.IntN(2)])))
			}
		}
		rows = append(rows, cs)
	}
	return prefix, rows
}

// order interleaves the rows' changes at random, each row's creating change
// first (CONTRACT.md's convergence condition).
func order(r *rand.Rand, prefix []changes.Change, rows [][]changes.Change) []changes.Change {
	out := append([]changes.Change{}, prefix...)
	queues := make([][]changes.Change, len(rows))
	for i, cs := range rows {
		rest := append([]changes.Change{}, cs[1:]...)
		r.Shuffle(len(rest), func(a, b int) { rest[a], rest[b] = rest[b], rest[a] })
		queues[i] = append([]changes.Change{cs[0]}, rest...)
	}
	for {
		var open []int
		for i, q := range queues {
			if len(q) > 0 {
				open = append(open, i)
			}
		}
		if len(open) == 0 {
			return out
		}
		i := open[r.IntN(len(open))]
		out = append(out, queues[i][0])
		queues[i] = queues[i][1:]
	}
}

func TestConvergence(t *testing.T) {
	for seed := range uint64(200) {
		r := rand.New(rand.NewPCG(seed, 7))
		prefix, rows := randomChanges(r)
		var want map[string]string
		for trial := range 6 {
			cs := order(r, prefix, rows)
			e, st := newEngine(), newMem()
			// Split into random batches, as phones push them.
			for len(cs) > 0 {
				n := 1 + r.IntN(len(cs))
				out, err := e.Apply(context.Background(), st, admin, cs[:n])
				if err != nil {
					t.Fatal(err)
				}
				for i, o := range out {
					if o.Status == changes.Rejected {
						t.Fatalf("seed %d: change %+v rejected: %+v", seed, cs[i], o.Error)
					}
				}
				cs = cs[n:]
			}
			got := st.state()
			if trial == 0 {
				want = got
				continue
			}
			if !maps.Equal(got, want) {
				t.Fatalf("seed %d trial %d: stores differ\n got %v\nwant %v", seed, trial, got, want)
			}
		}
	}
}

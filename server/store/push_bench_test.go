package store_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"

	"clb/schema"
	"clb/server/store/storetest"
	changes "clb/sync"
)

// BenchmarkPush measures pushes of new member rows through the engine into
// the store — SQLite (synchronous=FULL), and PostgreSQL in the second pass
// when CLB_TEST_DATABASE_URL is set (see storetest) — side by side for
// several batch sizes: one transaction per push, so larger batches pay the
// commit once.
func BenchmarkPush(b *testing.B) {
	for _, batch := range []int{1, 100, 500} {
		b.Run(fmt.Sprintf("%s/batch=%d", storetest.Name(), batch), func(b *testing.B) {
			ctx := context.Background()
			db := storetest.Open(b)
			eng := changes.New(schema.MustLoad())
			admin := changes.Actor{UserID: "b", Username: "b", Role: changes.RoleAdmin, DeviceID: "bench"}
			commune, village, club := uuid.NewString(), uuid.NewString(), uuid.NewString()
			ms := time.Now().Add(-time.Hour).UnixMilli()
			n := 0
			mk := func(entity, row string, f map[string]any) changes.Change {
				n++
				raw, _ := json.Marshal(f)
				return changes.Change{ID: uuid.NewString(), Entity: entity, RowID: row, Op: "upsert", Fields: raw, HLC: fmt.Sprintf("%013d-%04x-bench", ms+int64(n/65536), n%65536)}
			}
			if _, err := db.Push(ctx, eng, admin, []changes.Change{
				mk("commune", commune, map[string]any{"name": "Xã", "province": "Tỉnh"}),
				mk("village", village, map[string]any{"commune_id": commune, "name": "Thôn"}),
				mk("club", club, map[string]any{"commune_id": commune, "village_id": village, "name": "CLB", "founded_on": "2024-01-01"}),
			}); err != nil {
				b.Fatal(err)
			}
			cs := make([]changes.Change, batch)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				for j := range cs {
					cs[j] = mk("member", uuid.NewString(), map[string]any{"club_id": club, "full_name": "Nguyễn Thị Hoa", "sex": "female",
						"birth_year": 1955, "joined_on": "2024-03-01", "poverty": "none", "board_role": "none"})
				}
				b.StartTimer()
				out, err := db.Push(ctx, eng, admin, cs)
				if err != nil || out[0].Status != changes.Applied {
					b.Fatalf("%v %+v", err, out[0])
				}
			}
			b.ReportMetric(float64(b.N*batch)/b.Elapsed().Seconds(), "changes/s")
		})
	}
}

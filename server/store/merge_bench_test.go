package store

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"clb/schema"
	changes "clb/sync"
)

// mergeBatch is the push size of BenchmarkMergeVsRaw: half the contract's
// maximum, what a phone sends after a meeting's worth of work offline.
const mergeBatch = 500

// BenchmarkMergeVsRaw measures, side by side in one run and on the same disk,
// new member rows merged through the sync engine (db.Push) and the same rows
// inserted raw: prepared multi-row INSERTs of ready-made JSON into the same
// two tables (rows and change_log, with their indexes), in one transaction
// per batch. Both databases are WAL with synchronous=FULL. Metrics:
// push-changes/s, raw-rows/s, ratio (push / raw), and the push side's
// allocations and bytes per change.
func BenchmarkMergeVsRaw(b *testing.B) {
	ctx := context.Background()
	pushDB, err := Open(ctx, b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer pushDB.Close()
	rawDB, err := Open(ctx, b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer rawDB.Close()
	eng := changes.New(schema.MustLoad())
	admin := changes.Actor{UserID: "b", Username: "b", Role: changes.RoleAdmin, DeviceID: "bench"}
	commune, village, club := uuid.NewString(), uuid.NewString(), uuid.NewString()
	ms := time.Now().Add(-time.Hour).UnixMilli()
	n := 0
	mk := func(entity, row string, f map[string]any) changes.Change {
		n++
		raw, _ := json.Marshal(f)
		return changes.Change{ID: uuid.NewString(), Entity: entity, RowID: row, Op: "upsert", Fields: raw,
			HLC: fmt.Sprintf("%013d-%04x-bench", ms+int64(n/65536), n%65536)}
	}
	if _, err := pushDB.Push(ctx, eng, admin, []changes.Change{
		mk("commune", commune, map[string]any{"name": "Xã", "province": "Tỉnh"}),
		mk("village", village, map[string]any{"commune_id": commune, "name": "Thôn"}),
		mk("club", club, map[string]any{"commune_id": commune, "village_id": village, "name": "CLB", "founded_on": "2024-01-01"}),
	}); err != nil {
		b.Fatal(err)
	}
	member := func() changes.Change {
		return mk("member", uuid.NewString(), map[string]any{"club_id": club, "full_name": "Nguyễn Thị Hoa", "sex": "female",
			"birth_year": 1955, "joined_on": "2024-03-01", "poverty": "none", "board_role": "none", "phone": "0912345678",
			"village_id": village, "ethnic_minority": false, "disability": false, "loan_need": true, "home_care_volunteer": false})
	}
	cs := make([]changes.Change, mergeBatch)
	var pushTime, rawTime time.Duration
	var allocs, bytes uint64
	seq := int64(0)
	var ms0, ms1 runtime.MemStats
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		for j := range cs {
			cs[j] = member()
		}
		raws := rawRows(cs, club, commune, &seq)
		runtime.ReadMemStats(&ms0)
		b.StartTimer()

		t0 := time.Now()
		out, err := pushDB.Push(ctx, eng, admin, cs)
		pushTime += time.Since(t0)
		b.StopTimer()
		runtime.ReadMemStats(&ms1)
		allocs += ms1.Mallocs - ms0.Mallocs
		bytes += ms1.TotalAlloc - ms0.TotalAlloc
		if err != nil || out[0].Status != changes.Applied {
			b.Fatalf("%v %+v", err, out[0])
		}
		b.StartTimer()

		t0 = time.Now()
		if err := rawInsert(ctx, rawDB, raws); err != nil {
			b.Fatal(err)
		}
		rawTime += time.Since(t0)
	}
	total := float64(b.N * mergeBatch)
	b.ReportMetric(total/pushTime.Seconds(), "push-changes/s")
	b.ReportMetric(total/rawTime.Seconds(), "raw-rows/s")
	b.ReportMetric(rawTime.Seconds()/pushTime.Seconds(), "ratio")
	b.ReportMetric(float64(allocs)/total, "allocs/change")
	b.ReportMetric(float64(bytes)/total, "B/change")
}

// rawRow is one row and its log entry, encoded as the store keeps them.
type rawRow struct {
	id, entity, commune, club, fields, stamps, logFields, changeID, hlc string
	seq                                                                 int64
}

func rawRows(cs []changes.Change, club, commune string, seq *int64) []rawRow {
	out := make([]rawRow, len(cs))
	for i, c := range cs {
		var f map[string]any
		_ = json.Unmarshal(c.Fields, &f)
		stamps := map[string][2]string{}
		for k := range f {
			stamps[k] = [2]string{c.HLC, c.ID}
		}
		fb, _ := json.Marshal(f)
		sb, _ := json.Marshal(stamps)
		*seq++
		out[i] = rawRow{id: c.RowID, entity: c.Entity, commune: commune, club: club, fields: string(fb), stamps: string(sb),
			logFields: string(fb), changeID: c.ID, hlc: c.HLC, seq: *seq}
	}
	return out
}

// rawInsert writes the rows with prepared multi-row INSERTs of 50 rows each,
// in one IMMEDIATE transaction: what SQLite itself can do with these rows.
func rawInsert(ctx context.Context, db *DB, rows []rawRow) error {
	const per = 50
	rowsQ := "INSERT INTO rows(id, entity, commune_id, club_id, fields, stamps, deleted, seq, updated_at, updated_by) VALUES " +
		strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, ?, ?, 0, ?, ?, ?),", per), ",")
	logQ := "INSERT INTO change_log(id, entity, row_id, op, fields, hlc, status, user_id, username, device_id, origin_device_id, received_at) VALUES " +
		strings.TrimSuffix(strings.Repeat("(?, ?, ?, 'upsert', ?, ?, 'applied', 'b', 'b', 'bench', 'bench', ?),", per), ",")
	at := FormatTime(time.Now())
	return db.Write(ctx, func(tx *Tx) error {
		rs, err := tx.PrepareContext(ctx, rowsQ)
		if err != nil {
			return err
		}
		ls, err := tx.PrepareContext(ctx, logQ)
		if err != nil {
			return err
		}
		args := make([]any, 0, per*9)
		for i := 0; i+per <= len(rows); i += per {
			args = args[:0]
			for _, r := range rows[i : i+per] {
				args = append(args, r.id, r.entity, r.commune, r.club, r.fields, r.stamps, r.seq, at, "b")
			}
			if _, err := rs.ExecContext(ctx, args...); err != nil {
				return err
			}
			args = args[:0]
			for _, r := range rows[i : i+per] {
				args = append(args, r.changeID, r.entity, r.id, r.logFields, r.hlc, at)
			}
			if _, err := ls.ExecContext(ctx, args...); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, `UPDATE meta SET value = ? WHERE key = 'seq'`, fmt.Sprint(rows[len(rows)-1].seq))
		return err
	})
}

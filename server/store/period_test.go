package store_test

import (
	"context"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"clb/schema"
	"clb/server/demo"
	"clb/server/store"
	"clb/server/store/storetest"
	changes "clb/sync"
)

// TestPeriodRows: on a seeded commune of a few years, PeriodRows gives the
// commune's rows in seq order, with readings only of the period (its first
// and last day in, the days around out) and attendance only of the
// period's meetings, and stamps only for the entities asked; every other
// commune's rows stay out.
func TestPeriodRows(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	eng := changes.New(schema.MustLoad())
	admin := changes.Actor{UserID: "a", Username: "a", Role: changes.RoleAdmin, DeviceID: demo.Device}
	now := time.Date(2026, 9, 15, 3, 0, 0, 0, time.UTC)
	var communes []string
	for i := 1; i <= 2; i++ {
		d := demo.GenerateScaled(now, int64(i), demo.Options{Index: i, Clubs: 2, Years: 2, Members: 8})
		communes = append(communes, d.Changes[0].RowID)
		for k := 0; k < len(d.Changes); k += 1000 {
			if _, err := db.Push(ctx, eng, admin, d.Changes[k:min(k+1000, len(d.Changes))]); err != nil {
				t.Fatal(err)
			}
		}
	}
	cm := communes[0]
	all, err := db.CommuneRows(ctx, cm)
	if err != nil {
		t.Fatal(err)
	}
	str := func(r *changes.Row, f string) string { s, _ := r.Fields[f].(string); return s }
	held := map[string]string{}
	var readingDays []string
	for _, r := range all {
		switch r.Entity {
		case "meeting":
			held[r.ID] = str(r, "held_on")
		case "health_check":
			readingDays = append(readingDays, str(r, "measured_on"))
		}
	}
	slices.Sort(readingDays)
	if len(readingDays) < 10 || len(held) < 10 {
		t.Fatalf("seed too small: %d readings, %d meetings", len(readingDays), len(held))
	}
	// A period from one reading's day to another's, so that both ends hold
	// readings.
	from, to := readingDays[len(readingDays)/3], readingDays[2*len(readingDays)/3]
	windows := []store.Window{
		{Entity: "health_check", Date: "measured_on"},
		{Entity: "attendance", Via: "meeting_id", Of: "meeting", OfDate: "held_on"},
	}
	in := func(d string) bool { return d >= from && d <= to }
	var want []string
	for _, r := range all {
		switch r.Entity {
		case "health_check":
			if !in(str(r, "measured_on")) {
				continue
			}
		case "attendance":
			if !in(held[str(r, "meeting_id")]) {
				continue
			}
		}
		want = append(want, r.ID)
	}
	got, err := db.PeriodRows(ctx, cm, from, to, windows, []string{"target", "club_assessment"})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	byID := map[string]*changes.Row{}
	for _, r := range all {
		byID[r.ID] = r
	}
	sawFrom, sawTo := false, false
	for i, r := range got {
		ids = append(ids, r.ID)
		if i > 0 && got[i-1].Seq >= r.Seq {
			t.Fatalf("not in seq order at %d", i)
		}
		old := byID[r.ID]
		if old == nil {
			t.Fatalf("row %s of another commune", r.ID)
		}
		var f map[string]any
		if err := json.Unmarshal([]byte(r.Fields), &f); err != nil || len(f) != len(old.Fields) || r.Entity != old.Entity || r.Deleted != old.Deleted {
			t.Fatalf("row %s: %s %v, stored %+v", r.ID, r.Fields, err, old)
		}
		if stamped := r.Entity == "target" || r.Entity == "club_assessment"; stamped != (r.Stamps != "") {
			t.Fatalf("%s row with stamps %q", r.Entity, r.Stamps)
		}
		if r.Entity == "health_check" {
			sawFrom = sawFrom || str(old, "measured_on") == from
			sawTo = sawTo || str(old, "measured_on") == to
		}
	}
	if !slices.Equal(ids, want) {
		t.Fatalf("%s [%s, %s]: %d rows, want %d", storetest.Name(), from, to, len(ids), len(want))
	}
	if !sawFrom || !sawTo {
		t.Fatalf("the readings of the first (%v) and last (%v) day are missing", sawFrom, sawTo)
	}
	if len(want) == len(all) {
		t.Fatal("nothing left out: the period covers every reading")
	}
	for _, bad := range [][]store.Window{{{Entity: "x'y", Date: "d"}}, {{Entity: "meeting", Date: "held_on; DROP"}}, {{Entity: "attendance"}}} {
		if _, err := db.PeriodRows(ctx, cm, from, to, bad, nil); err == nil {
			t.Fatalf("window %+v taken", bad)
		}
	}
}

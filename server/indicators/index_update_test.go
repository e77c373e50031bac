package indicators

import (
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"clb/server/demo"
)

func demoRows(t *testing.T) []Row {
	t.Helper()
	d := demo.Generate(time.Date(2026, 3, 2, 3, 0, 0, 0, time.UTC), 1)
	rows := make([]Row, len(d.Changes))
	for i, c := range d.Changes {
		var f map[string]any
		if err := json.Unmarshal(c.Fields, &f); err != nil {
			t.Fatal(err)
		}
		rows[i] = Row{Entity: c.Entity, ID: c.RowID, Fields: f}
	}
	return rows
}

// TestIndexUpdate: an index updated with a push's rows equals the index
// rebuilt over the rows after that push (old versions gone, new versions at
// the end), for random pushes of new rows, edits, voids and deletes; the
// index it started from is left as it was; rows that need a rebuild say so.
func TestIndexUpdate(t *testing.T) {
	all := demoRows(t)
	communeID := all[0].ID
	r := rand.New(rand.NewPCG(1, 2))
	for round := 0; round < 200; round++ {
		// The snapshot: every row but a random tail of new rows.
		cut := len(all) - r.IntN(40)
		rows := append([]Row(nil), all[:cut]...)
		ix := NewIndex(rows, communeID)
		before := NewIndex(rows, communeID)
		var changed []Row
		var olds []*Row
		for _, nr := range all[cut:] {
			changed, olds = append(changed, nr), append(olds, nil)
		}
		// Edits of existing rows.
		for range r.IntN(6) {
			i := r.IntN(len(rows))
			old := &rows[i]
			nr := Row{Entity: old.Entity, ID: old.ID, Fields: map[string]any{}}
			for k, v := range old.Fields {
				nr.Fields[k] = v
			}
			switch r.IntN(3) {
			case 0:
				nr.Deleted = true
			case 1:
				nr.Fields["voided_reason"] = "nhầm"
			case 2:
				nr.Fields["left_on"] = "2026-01-01"
			}
			dup := false
			for _, c := range changed {
				dup = dup || c.ID == nr.ID
			}
			if !dup {
				changed, olds = append(changed, nr), append(olds, old)
			}
		}
		// The rows after the push, as figures keeps them.
		ids := map[string]bool{}
		for _, c := range changed {
			ids[c.ID] = true
		}
		var after []Row
		for _, x := range rows {
			if !ids[x.ID] {
				after = append(after, x)
			}
		}
		after = append(after, changed...)
		want := NewIndex(after, communeID)
		news := make([]*Row, len(changed))
		for i := range changed {
			news[i] = &after[len(after)-len(changed)+i]
		}
		got, ok := ix.Update(olds, news)
		rebuild := false
		for i, c := range changed {
			rebuild = rebuild || fullRebuild[c.Entity] || olds[i] != nil && fullRebuild[olds[i].Entity]
		}
		if ok == rebuild {
			t.Fatalf("round %d: Update ok=%v for a push that needs a rebuild: %v", round, ok, rebuild)
		}
		if !ok {
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("round %d: updated index differs from the rebuilt one", round)
		}
		if !reflect.DeepEqual(ix, before) {
			t.Fatalf("round %d: Update changed the index it started from", round)
		}
	}
}

package api_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"clb/schema"
	"clb/sync/access"
)

// TestPullFieldsAsStored: every pulled row carries exactly the fields its
// role may see, each with the stored value — whether the server sent the
// stored object as it is (every field visible) or rebuilt it (a health
// worker's narrower view, a row stored before a field existed).
func TestPullFieldsAsStored(t *testing.T) {
	e := newEnv(t)
	e.seedWorld()
	sch := schema.MustLoad()
	for _, user := range []string{"admin", "canbo", "bcn1", "ytexa"} {
		a, r := e.pull(e.tok(user), "", 1000)
		if r.status != 200 || len(a.Rows) == 0 {
			t.Fatalf("%s: %s", user, r)
		}
		u := e.users[user]
		actor := access.Actor{Role: u.Role, ClubIDs: u.ClubIDs}
		for _, pr := range a.Rows {
			if pr.Deleted {
				continue
			}
			ent, _ := sch.Entity(pr.Entity)
			stored, err := e.db.Row(e.ctx, pr.RowID)
			if err != nil || stored == nil {
				t.Fatalf("row %s: %v", pr.RowID, err)
			}
			want := map[string]any{}
			for _, f := range ent.Fields {
				if access.Visible(actor, ent, f.Name) {
					want[f.Name] = stored.Fields[f.Name]
				}
			}
			wb, _ := json.Marshal(want)
			var wantJSON map[string]any
			_ = json.Unmarshal(wb, &wantJSON)
			if !reflect.DeepEqual(pr.Fields, wantJSON) {
				t.Errorf("%s pulled %s %s: %v, want %v", user, pr.Entity, pr.RowID, pr.Fields, wantJSON)
			}
		}
	}
}

package figures

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"sync"
	"testing"

	"clb/server/indicators"
)

// TestReachFromSchema: which clubs a row reaches follows the refs of
// schema/entities.json, two refs deep; a target or an unknown entity reaches
// every club.
func TestReachFromSchema(t *testing.T) {
	rows := map[string]*indicators.Row{
		"m1": {Entity: "member", ID: "m1", Fields: map[string]any{"club_id": "K1", "village_id": "v1"}},
		"l1": {Entity: "loan", ID: "l1", Fields: map[string]any{"club_id": "K2", "member_id": "m1"}},
		"g1": {Entity: "meeting", ID: "g1", Fields: map[string]any{"club_id": "K3"}},
		"v1": {Entity: "village", ID: "v1", Fields: map[string]any{"commune_id": "c1"}},
	}
	look := func(id string) *indicators.Row { return rows[id] }
	row := func(entity string, f map[string]any) *indicators.Row {
		return &indicators.Row{Entity: entity, ID: "x", Fields: f}
	}
	tests := []struct {
		name string
		r    *indicators.Row
		want []string
		all  bool
	}{
		{"a club reaches itself", &indicators.Row{Entity: "club", ID: "K9", Fields: map[string]any{"commune_id": "c1"}}, []string{"K9"}, false},
		{"a repayment: its club, its loan's, the loan's member's", row("repayment", map[string]any{"club_id": "K4", "loan_id": "l1"}), []string{"K1", "K2", "K4"}, false},
		{"attendance: its meeting's and member's clubs", row("attendance", map[string]any{"meeting_id": "g1", "member_id": "m1"}), []string{"K1", "K3"}, false},
		{"a supervision visit: its club (read from the schema)", row("supervision_visit", map[string]any{"club_id": "K5"}), []string{"K5"}, false},
		{"a home visit: its club and its members' clubs", row("home_visit", map[string]any{"club_id": "K6", "recipient_id": "m1"}), []string{"K1", "K6"}, false},
		{"a village: none", row("village", map[string]any{"commune_id": "c1"}), nil, false},
		{"outreach without a club: none", row("outreach", map[string]any{"commune_id": "c1"}), nil, false},
		{"a target: every club", row("target", map[string]any{"commune_id": "c1"}), nil, true},
		{"an entity the schema does not know: every club", row("gadget", map[string]any{"club_id": "K7"}), nil, true},
		{"a ref to a row not known: nothing through it", row("loan", map[string]any{"club_id": "K8", "member_id": "nobody"}), []string{"K8"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clubs := map[string]bool{}
			all := reach(tt.r, look, clubs)
			if got := slices.Sorted(maps.Keys(clubs)); all != tt.all || (!all && !slices.Equal(got, tt.want)) {
				t.Fatalf("reach = %v, %v; want %v, %v", got, all, tt.want, tt.all)
			}
		})
	}
}

// TestTouchedReopensGivenClubs: the clubs Touched is given are recomputed
// with those the written rows reach (here none: a commune row), in every
// cached period; a club of another commune is ignored.
func TestTouchedReopensGivenClubs(t *testing.T) {
	w := newWorld(t, 4)
	cm := w.loadDemo(5)
	f := New(w.db)
	var mu sync.Mutex
	count := map[string]int{}
	f.recomputed = func(_, club, _, _ string) {
		mu.Lock()
		count[club]++
		mu.Unlock()
	}
	for _, p := range periods[:2] {
		if _, err := f.Answer(w.ctx, indicators.Query{CommuneID: cm, From: p[0], To: p[1]}); err != nil {
			t.Fatal(err)
		}
	}
	club := w.ids["club"][1]
	count = map[string]int{}
	communes, _ := w.push(w.change("commune", cm, "upsert", map[string]any{"older_population": 1234}))
	f.Touched(w.ctx, communes, map[string]bool{club: true, "a-club-elsewhere": true})
	if !reflect.DeepEqual(count, map[string]int{club: 2}) {
		t.Fatalf("recomputed %v, want %s in both periods", count, club)
	}
	check(t, f, cm, "after the commune row")
}

// TestStaleVersionsDropped: a small commune whose rows are written again and
// again keeps answering as the full recomputation, and its snapshot drops
// the stale versions once they are half of it (it does not grow with the
// writes).
func TestStaleVersionsDropped(t *testing.T) {
	w := newWorld(t, 6)
	cm, village, club, member := w.id(), w.id(), w.id(), w.id()
	w.push(w.change("commune", cm, "upsert", map[string]any{"name": "Xã Nhỏ", "province": "Tỉnh"}),
		w.change("village", village, "upsert", map[string]any{"commune_id": cm, "name": "Thôn"}),
		w.change("club", club, "upsert", map[string]any{"commune_id": cm, "village_id": village, "name": "CLB", "founded_on": "2024-01-01"}),
		w.change("member", member, "upsert", map[string]any{"club_id": club, "full_name": "Bà Lan", "sex": "female", "birth_year": 1950,
			"joined_on": "2024-02-01", "poverty": "none", "board_role": "none"}))
	f := New(w.db)
	check(t, f, cm, "start")
	grew := 0
	for i := range 12 {
		communes, clubs := w.push(w.change("member", member, "upsert", map[string]any{"birth_year": 1940 + i}))
		f.Touched(w.ctx, communes, clubs)
		check(t, f, cm, fmt.Sprintf("write %d", i))
		c := f.get(cm, false)
		if c.stale*2 > len(c.rows) || len(c.rows) > 8 {
			t.Fatalf("write %d: %d rows kept, %d stale", i, len(c.rows), c.stale)
		}
		if c.stale > 0 {
			grew++
		}
	}
	if grew == 0 {
		t.Fatal("no stale version was ever kept: the test does not reach the compaction")
	}
}

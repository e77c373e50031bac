package indicators

import (
	"encoding/json"
	"math/rand"
	"reflect"
	"testing"
)

// TestAssembleEqualsCompute: an answer put together from per-club partials
// equals the full computation, for the commune and for a club query.
func TestAssembleEqualsCompute(t *testing.T) {
	r := rand.New(rand.NewSource(20261129))
	periods := [][2]string{{"2026-01-01", "2026-06-30"}, {"2026-07-01", "2026-12-31"}, {"2026-01-01", "2026-12-31"}, {"2025-03-15", "2026-04-10"}, {"2031-01-01", "2031-12-31"}}
	for iter := range 200 {
		rows := randomRows(r)
		p := periods[iter%len(periods)]
		ix := NewIndex(rows, cm)
		part := func(id string) (*ClubPartial, error) { return ix.ClubPartial(id, p[0], p[1]) }
		q := Query{CommuneID: cm, From: p[0], To: p[1]}
		full, err := ix.Compute(q)
		if err != nil {
			t.Fatal(err)
		}
		got, err := ix.Assemble(q, part)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, full) {
			a, _ := json.Marshal(got)
			b, _ := json.Marshal(full)
			t.Fatalf("iter %d:\n assembled %s\n full      %s", iter, a, b)
		}
		for _, id := range ix.ClubIDs() {
			q := Query{CommuneID: cm, ClubID: id, From: p[0], To: p[1]}
			full, _ := ix.Compute(q)
			got, err := ix.Assemble(q, part)
			if err != nil || !reflect.DeepEqual(got, full) {
				t.Fatalf("iter %d club %s: assembled %+v (%v), full %+v", iter, id, got, err, full)
			}
		}
	}
	if _, err := NewIndex(nil, cm).Assemble(Query{From: "2026-02-01", To: "2026-01-01"}, nil); err == nil {
		t.Fatal("reversed period accepted")
	}
}

package figures

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"testing"

	"clb/schema"
	"clb/server/demo"
	"clb/server/indicators"
	"clb/server/store"
	changes "clb/sync"
)

// TestDecodeFields: the quick path gives what encoding/json gives (numbers as
// float64), and what it does not read goes the slow way with the same result.
func TestDecodeFields(t *testing.T) {
	for _, s := range []string{
		`{}`,
		` { "a" : "x" , "b":1, "c":-2.5e3, "d":true, "e":false, "f":null, "g":["x","y"], "h":[] } `,
		`{"a":"Nguyễn Thị Hoa","n":0,"m":1234567890123}`,
		`{"a":"tab\there","b":"quote \"x\"","c":"\u00e1"}`, // escapes: slow path
		`{"a":{"b":1},"c":[1,2]}`,                          // nested, numbers in a list: slow path
		`{"a":1,"a":2}`,                                    // the last wins, as encoding/json
		`{"a":0.1,"b":1E2,"c":-0}`,
	} {
		var want map[string]any
		if err := json.Unmarshal([]byte(s), &want); err != nil {
			t.Fatal(err)
		}
		got, err := decodeFields(s)
		if err != nil {
			t.Fatalf("%s: %v", s, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%s:\n got  %#v\n want %#v", s, got, want)
		}
	}
	for _, s := range []string{``, `[]`, `{"a":}`, `{"a":01}`, `{"a":1.}`, `{"a":"x"`, `{"a":"x"}x`, `null`, `{"a":tru}`} {
		if m, err := decodeFields(s); err == nil {
			t.Errorf("%q: no error, %v", s, m)
		}
	}
}

// TestFullEqualsSlowOnSeededCommune: on a commune seeded as `server seed`
// does (several years of books), Full — the period's readings and attendance
// only, the quick decoding, stamps of assessments and targets only — gives
// what indicators.Compute gives over every row decoded the old way, for
// periods of every kind.
func TestFullEqualsSlowOnSeededCommune(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	eng := changes.New(schema.MustLoad())
	d := demo.GenerateScaled(now, 3, demo.Options{Index: 1, Clubs: 3, Years: 3, Members: 12})
	for i := 0; i < len(d.Changes); i += 1000 {
		if _, err := db.Push(ctx, eng, admin, d.Changes[i:min(i+1000, len(d.Changes))]); err != nil {
			t.Fatal(err)
		}
	}
	cm := d.Changes[0].RowID
	f := New(db)
	rows, err := f.fullRows(ctx, cm)
	if err != nil {
		t.Fatal(err)
	}
	ps := append([][2]string{{"2024-01-01", "2026-09-15"}, {"2020-01-01", "2030-12-31"}}, periods...)
	for y := now.Year() - 3; y <= now.Year(); y++ {
		ps = append(ps, [2]string{fmt.Sprintf("%d-01-01", y), fmt.Sprintf("%d-12-31", y)})
	}
	checked := 0
	for _, p := range ps {
		q := indicators.Query{CommuneID: cm, From: p[0], To: p[1]}
		want, err := indicators.Compute(rows, q)
		if err != nil {
			t.Fatal(err)
		}
		got, err := f.Full(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			a, _ := json.Marshal(got)
			b, _ := json.Marshal(want)
			t.Fatalf("%v: Full differs from the slow computation:\n got  %s\n want %s", p, a, b)
		}
		if len(want.Clubs) > 0 {
			checked++
		}
	}
	if checked < len(ps)/2 {
		t.Fatalf("only %d of %d periods had clubs: the seed is off", checked, len(ps))
	}
	if _, err := f.Full(ctx, indicators.Query{CommuneID: cm, From: "2026-02-01", To: "2026-01-01"}); err == nil {
		t.Fatal("a period ending before it starts: no error")
	}
}

package changes_test

import (
	"context"
	"encoding/json"
	"os"
	"testing"

	changes "clb/sync"
)

// FuzzPush feeds arbitrary push bodies through the decoder and the engine:
// nothing may panic, every change gets exactly one answer, and an answer is
// one of the contract's statuses and codes.
func FuzzPush(f *testing.F) {
	b, err := os.ReadFile("testdata/validation.json")
	if err != nil {
		f.Fatal(err)
	}
	var doc struct {
		Cases []struct {
			Entity string          `json:"entity"`
			Fields json.RawMessage `json:"fields"`
		} `json:"cases"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		f.Fatal(err)
	}
	for _, c := range doc.Cases {
		body, _ := json.Marshal(map[string]any{"device_id": "d", "schema_version": 1, "changes": []any{
			map[string]any{"id": "0190a3c4-5b6d-7e8f-9a0b-1c2d3e4f5a6b", "entity": c.Entity, "row_id": "0190a3c4-5b6d-7e8f-9a0b-1c2d3e4f5a6c",
				"op": "upsert", "fields": c.Fields, "hlc": hlc(nowMS, 0, "d")}}})
		f.Add(body)
	}
	f.Add([]byte(`{"changes":[{"id":1,"fields":{"a":{"b":[1,2,{"c":null}]}}}]}`))
	f.Add([]byte(`{"changes":[],"changes":[]}`))
	f.Add([]byte("{\"changes\":[{\"entity\":\"member\",\"fields\":{\"full_name\":\"\xff\"}}]}"))
	codes := map[string]bool{}
	for _, c := range []string{changes.CodeInvalidValue, changes.CodeMissingField, changes.CodeUnknownEntity, changes.CodeUnknownField,
		changes.CodeClockAhead, changes.CodeOutOfScope, changes.CodeImmutable, changes.CodeNotFound} {
		codes[c] = true
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		p, err := changes.DecodePush(body)
		if err != nil {
			return
		}
		e, st := world(t)
		for _, a := range []changes.Actor{admin, board} {
			out, err := e.Apply(context.Background(), st, a, p.Changes)
			if err != nil {
				t.Fatal(err)
			}
			if len(out) != len(p.Changes) {
				t.Fatalf("%d answers for %d changes", len(out), len(p.Changes))
			}
			for _, o := range out {
				switch o.Status {
				case changes.Applied, changes.Superseded, changes.Duplicate:
				case changes.Rejected:
					if o.Error == nil || !codes[o.Error.Code] {
						t.Fatalf("bad rejection %+v", o.Error)
					}
				default:
					t.Fatalf("bad status %q", o.Status)
				}
			}
		}
	})
}

func TestCheckJSON(t *testing.T) {
	deep := ""
	for range 17 {
		deep += "["
	}
	for range 17 {
		deep += "]"
	}
	tests := []struct {
		body string
		want error
	}{
		{`{"a":1}`, nil},
		{`{"a":1,"a":2}`, changes.ErrDuplicate},
		{`{"a":{"b":1,"b":1}}`, changes.ErrDuplicate},
		{`{"a":1} x`, changes.ErrTrailing},
		{`{"a":1}{}`, changes.ErrTrailing},
		{deep, changes.ErrDeep},
		{deep[1 : len(deep)-1], nil},
		{"{\"a\":\"\xff\"}", changes.ErrUTF8},
		{`{"a":}`, changes.ErrSyntax},
		{``, changes.ErrSyntax},
	}
	for _, tt := range tests {
		if got := changes.CheckJSON([]byte(tt.body)); got != tt.want {
			t.Errorf("CheckJSON(%q) = %v, want %v", tt.body, got, tt.want)
		}
	}
}

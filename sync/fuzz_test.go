package changes_test

import (
	"context"
	"encoding/json"
	"os"
	"testing"

	changes "clb/sync"
)

// FuzzApply feeds arbitrary changes through the engine (the body's decoding
// is fuzzed in server/wire): nothing may panic, every change gets exactly
// one answer, and an answer is one of the contract's statuses and codes.
func FuzzApply(f *testing.F) {
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
	const id, rowID = "0190a3c4-5b6d-7e8f-9a0b-1c2d3e4f5a6b", "0190a3c4-5b6d-7e8f-9a0b-1c2d3e4f5a6c"
	for _, c := range doc.Cases {
		f.Add(id, c.Entity, rowID, "upsert", []byte(c.Fields), hlc(nowMS, 0, "d"))
	}
	f.Add("1", "member", "", "delete", []byte(`{"a":{"b":[1,2,{"c":null}]}}`), "")
	f.Add(id, "member", rowID, "upsert", []byte("{\"full_name\":\"\xff\"}"), hlc(nowMS, 0, "d"))
	codes := map[string]bool{}
	for _, c := range []string{changes.CodeInvalidValue, changes.CodeMissingField, changes.CodeUnknownEntity, changes.CodeUnknownField,
		changes.CodeClockAhead, changes.CodeOutOfScope, changes.CodeImmutable, changes.CodeNotFound} {
		codes[c] = true
	}
	f.Fuzz(func(t *testing.T, id, entity, rowID, op string, fields []byte, stamp string) {
		cs := []changes.Change{
			{ID: id, Entity: entity, RowID: rowID, Op: op, Fields: fields, HLC: stamp},
			{ID: id, Entity: entity, RowID: rowID, Op: op, Fields: fields, HLC: stamp}, // the same change twice
		}
		e, st := world(t)
		for _, a := range []changes.Actor{admin, board} {
			out, err := e.Apply(context.Background(), st, a, cs)
			if err != nil {
				t.Fatal(err)
			}
			if len(out) != len(cs) {
				t.Fatalf("%d answers for %d changes", len(out), len(cs))
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

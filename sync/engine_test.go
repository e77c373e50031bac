package changes_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"clb/schema"
	changes "clb/sync"
)

var (
	sch   = schema.MustLoad()
	now   = time.Date(2026, 6, 1, 3, 0, 0, 0, time.UTC)
	nowMS = now.UnixMilli()
)

const (
	communeA = "11111111-1111-4111-8111-111111111111"
	villageA = "22222222-2222-4222-8222-222222222222"
	clubA    = "33333333-3333-4333-8333-333333333333"
	memberA  = "44444444-4444-4444-8444-444444444444"
	clubA2   = "55555555-5555-4555-8555-555555555555"
	communeB = "66666666-6666-4666-8666-666666666666"
	clubB    = "77777777-7777-4777-8777-777777777777"
)

var (
	admin   = changes.Actor{UserID: "u-admin", Role: changes.RoleAdmin, DeviceID: "dev-admin"}
	officer = changes.Actor{UserID: "u-off", Role: changes.RoleOfficer, CommuneID: communeA, DeviceID: "dev-off"}
	board   = changes.Actor{UserID: "u-board", Role: changes.RoleClubBoard, CommuneID: communeA, ClubIDs: []string{clubA}, DeviceID: "dev-board"}
	health  = changes.Actor{UserID: "u-hw", Role: changes.RoleHealthWorker, CommuneID: communeA, DeviceID: "dev-hw"}
)

func newEngine() *changes.Engine {
	e := changes.New(sch)
	e.Now = func() time.Time { return now }
	return e
}

var counter int

// ch builds an upsert with a fresh change id and an HLC n ms before now.
func ch(entity, rowID string, fields json.RawMessage, ago int64) changes.Change {
	counter++
	return changes.Change{ID: uuid.NewString(), Entity: entity, RowID: rowID, Op: "upsert", Fields: fields,
		HLC: hlc(nowMS-ago, counter%65536, "dev")}
}

// world is two communes: A with a village, clubs A and A2 and a member of A;
// B with club B.
func world(t *testing.T) (*changes.Engine, *memStore) {
	t.Helper()
	e, st := newEngine(), newMem()
	cs := []changes.Change{
		ch("commune", communeA, obj("name", "Xã A", "province", "Tỉnh B"), 100000),
		ch("village", villageA, obj("commune_id", communeA, "name", "Thôn 1"), 100000),
		ch("club", clubA, obj("commune_id", communeA, "village_id", villageA, "name", "CLB A", "founded_on", "2024-01-01"), 100000),
		ch("club", clubA2, obj("commune_id", communeA, "village_id", villageA, "name", "CLB A2", "founded_on", "2024-01-01"), 100000),
		ch("member", memberA, obj("club_id", clubA, "full_name", "Nguyễn Văn A", "sex", "male", "birth_year", 1950,
			"joined_on", "2024-01-01", "poverty", "none", "board_role", "none"), 100000),
		ch("commune", communeB, obj("name", "Xã B", "province", "Tỉnh B"), 100000),
		ch("club", clubB, obj("commune_id", communeB, "village_id", villageA, "name", "CLB B", "founded_on", "2024-01-01"), 100000),
	}
	for i, o := range apply(t, e, st, admin, cs...) {
		if o.Status != changes.Applied {
			t.Fatalf("world change %d: %+v", i, o)
		}
	}
	return e, st
}

func apply(t *testing.T, e *changes.Engine, st changes.Store, a changes.Actor, cs ...changes.Change) []changes.Outcome {
	t.Helper()
	out, err := e.Apply(context.Background(), st, a, cs)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func verdict(o changes.Outcome) string {
	if o.Error != nil {
		return o.Status + ":" + o.Error.Code + ":" + o.Error.Field
	}
	return o.Status
}

// TestValidationGolden runs the validation verdicts shared with the PWA.
func TestValidationGolden(t *testing.T) {
	var doc struct {
		Cases []struct {
			Name   string          `json:"name"`
			Entity string          `json:"entity"`
			Fields json.RawMessage `json:"fields"`
			Want   json.RawMessage `json:"want"`
		} `json:"cases"`
	}
	b, err := os.ReadFile("testdata/validation.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	for _, c := range doc.Cases {
		t.Run(c.Name, func(t *testing.T) {
			e, st := world(t)
			want := changes.Applied
			if string(c.Want) != `"ok"` {
				var w struct{ Code, Field string }
				_ = json.Unmarshal(c.Want, &w)
				want = changes.Rejected + ":" + w.Code + ":" + w.Field
			}
			o := apply(t, e, st, admin, ch(c.Entity, uuid.NewString(), c.Fields, 0))[0]
			if got := verdict(o); got != want {
				t.Fatalf("got %s, want %s (%v)", got, want, o.Error)
			}
		})
	}
}

func TestHLCGolden(t *testing.T) {
	var doc struct {
		Cases []struct {
			HA, IA, HB, IB string
			AWins          bool `json:"a_wins"`
		} `json:"cases"`
		Syntax []struct {
			HLC string `json:"hlc"`
			OK  bool   `json:"ok"`
		} `json:"syntax"`
	}
	b, err := os.ReadFile("testdata/hlc.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	var raw struct {
		Cases []map[string]any `json:"cases"`
	}
	_ = json.Unmarshal(b, &raw)
	for i, c := range raw.Cases {
		a := changes.Stamp{HLC: c["hlc_a"].(string), ChangeID: c["id_a"].(string)}
		bb := changes.Stamp{HLC: c["hlc_b"].(string), ChangeID: c["id_b"].(string)}
		if got := a.After(bb); got != c["a_wins"].(bool) {
			t.Errorf("case %d: a wins = %v, want %v", i, got, c["a_wins"])
		}
	}
	for _, s := range doc.Syntax {
		_, err := changes.ParseHLC(s.HLC)
		if (err == nil) != s.OK {
			t.Errorf("ParseHLC(%q) ok = %v, want %v", s.HLC, err == nil, s.OK)
		}
	}
}

// TestOrderOfChecks: the first failing check decides the code.
func TestOrderOfChecks(t *testing.T) {
	e, st := world(t)
	good := ch("member", uuid.NewString(), obj("club_id", clubA, "full_name", "B", "sex", "female", "birth_year", 1960,
		"joined_on", "2024-01-01", "poverty", "none", "board_role", "none"), 0)
	logged := ch("meeting", uuid.NewString(), obj("club_id", clubA, "held_on", "2026-05-01", "areas", []string{"health"}), 0)
	apply(t, e, st, admin, logged)
	with := func(f func(c *changes.Change)) changes.Change {
		c := good
		c.ID, c.RowID = uuid.NewString(), uuid.NewString()
		f(&c)
		return c
	}
	tests := []struct {
		name  string
		actor changes.Actor
		c     changes.Change
		want  string
	}{
		{"bad id beats everything", admin, with(func(c *changes.Change) { c.ID = "X"; c.Entity = "nope"; c.HLC = "bad" }), "rejected:invalid_value:id"},
		{"upper-case id", admin, with(func(c *changes.Change) { c.ID = "AAAAAAAA-1111-4111-8111-111111111111" }), "rejected:invalid_value:id"},
		{"unknown entity before op", admin, with(func(c *changes.Change) { c.Entity = "nope"; c.Op = "x" }), "rejected:unknown_entity:"},
		{"op before row_id", admin, with(func(c *changes.Change) { c.Op = "merge"; c.RowID = "x" }), "rejected:invalid_value:op"},
		{"row_id", admin, with(func(c *changes.Change) { c.RowID = "x"; c.HLC = "bad" }), "rejected:invalid_value:row_id"},
		{"row_id of another entity", admin, with(func(c *changes.Change) { c.RowID = clubA }), "rejected:invalid_value:row_id"},
		{"hlc syntax", admin, with(func(c *changes.Change) { c.HLC = "123" }), "rejected:invalid_value:hlc"},
		{"clock ahead 11 min", admin, with(func(c *changes.Change) { c.HLC = hlc(nowMS+11*60000, 0, "d") }), "rejected:clock_ahead:hlc"},
		{"9 min ahead is fine", admin, with(func(c *changes.Change) { c.HLC = hlc(nowMS+9*60000, 0, "d") }), "applied"},
		{"duplicate before fields", admin, with(func(c *changes.Change) { c.ID = logged.ID; c.Fields = json.RawMessage(`5`) }), "duplicate"},
		{"fields not object", admin, with(func(c *changes.Change) { c.Fields = json.RawMessage(`[1]`) }), "rejected:invalid_value:fields"},
		{"unknown field id", admin, with(func(c *changes.Change) { c.Fields = obj("id", "x", "full_name", 5) }), "rejected:unknown_field:id"},
		{"unknown field deleted", admin, with(func(c *changes.Change) { c.Fields = obj("deleted", true) }), "rejected:unknown_field:deleted"},
		{"value before scope", board, with(func(c *changes.Change) { c.Fields = obj("club_id", clubB, "birth_year", "x") }), "rejected:invalid_value:birth_year"},
		{"first failing field in schema order", admin, with(func(c *changes.Change) { c.Fields = obj("board_role", "x", "full_name", "") }), "rejected:invalid_value:full_name"},
		{"scope before missing", board, with(func(c *changes.Change) { c.Fields = obj("club_id", clubA2) }), "rejected:out_of_scope:"},
		{"missing field", admin, with(func(c *changes.Change) { c.Fields = obj("club_id", clubA, "full_name", "B") }), "rejected:missing_field:sex"},
		{"missing club_id", board, with(func(c *changes.Change) { c.Fields = obj("full_name", "B") }), "rejected:missing_field:club_id"},
		{"delete unknown row", admin, with(func(c *changes.Change) { c.Op = "delete"; c.Fields = nil }), "rejected:not_found:"},
		{"unknown club", admin, with(func(c *changes.Change) { c.Fields = obj("club_id", uuid.NewString()) }), "rejected:out_of_scope:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := verdict(apply(t, e, st, tt.actor, tt.c)[0]); got != tt.want {
				t.Fatalf("got %s, want %s", got, tt.want)
			}
		})
	}
}

// TestScope: each role's writes, per CONTRACT.md's table.
func TestScope(t *testing.T) {
	member := func(club string) json.RawMessage {
		return obj("club_id", club, "full_name", "C", "sex", "female", "birth_year", 1960, "joined_on", "2024-01-01", "poverty", "none", "board_role", "none")
	}
	reading := func(by string) json.RawMessage {
		return obj("club_id", clubA, "member_id", memberA, "measured_on", "2026-05-01", "systolic", 150, "diastolic", 95, "measured_by", by)
	}
	tests := []struct {
		name   string
		actor  changes.Actor
		entity string
		rowID  string
		fields json.RawMessage
		want   string
	}{
		{"board writes member of its club", board, "member", "", member(clubA), "applied"},
		{"board cannot write member of other club", board, "member", "", member(clubA2), "rejected:out_of_scope:"},
		{"board cannot write other commune", board, "member", "", member(clubB), "rejected:out_of_scope:"},
		{"board cannot update club", board, "club", clubA, obj("name", "X"), "rejected:out_of_scope:"},
		{"board cannot write target", board, "target", "", obj("commune_id", communeA, "phase", "2026-2030", "indicator", "new_clubs", "value", 2), "rejected:out_of_scope:"},
		{"board writes training of its club", board, "training", "", obj("commune_id", communeA, "club_id", clubA, "member_id", memberA, "kind", "initial", "held_on", "2026-01-01"), "applied"},
		{"board cannot write commune training", board, "training", "", obj("commune_id", communeA, "trainee_name", "Ông X", "kind", "officer_awareness", "held_on", "2026-01-01"), "rejected:out_of_scope:"},
		{"board cannot write outreach", board, "outreach", "", obj("commune_id", communeA, "club_id", clubA, "held_on", "2026-01-01", "kind", "event", "title", "T", "people_reached", 5), "rejected:out_of_scope:"},
		{"board reading by club", board, "health_check", "", reading("club"), "applied"},
		{"board reading by station", board, "health_check", "", reading("health_station"), "rejected:invalid_value:measured_by"},
		{"health worker reading", health, "health_check", "", reading("health_station"), "applied"},
		{"health worker club reading", health, "health_check", "", reading("club"), "rejected:invalid_value:measured_by"},
		{"health worker cannot write member", health, "member", "", member(clubA), "rejected:out_of_scope:"},
		{"health worker other commune", health, "health_check", "", obj("club_id", clubB, "member_id", memberA, "measured_on", "2026-05-01", "systolic", 150, "diastolic", 95, "measured_by", "health_station"), "rejected:out_of_scope:"},
		{"officer writes club", officer, "club", "", obj("commune_id", communeA, "village_id", villageA, "name", "Mới", "founded_on", "2026-01-01"), "applied"},
		{"officer cannot write other commune's club", officer, "club", "", obj("commune_id", communeB, "village_id", villageA, "name", "Mới", "founded_on", "2026-01-01"), "rejected:out_of_scope:"},
		{"officer updates own commune", officer, "commune", communeA, obj("older_population", 1200), "applied"},
		{"officer cannot create commune", officer, "commune", "", obj("name", "X", "province", "Y"), "rejected:out_of_scope:"},
		{"officer cannot update other commune", officer, "commune", communeB, obj("name", "X"), "rejected:out_of_scope:"},
		{"officer training of other commune's club", officer, "training", "", obj("commune_id", communeA, "club_id", clubB, "member_id", memberA, "kind", "initial", "held_on", "2026-01-01"), "rejected:invalid_value:club_id"},
		{"officer training naming other commune", officer, "training", "", obj("commune_id", communeB, "club_id", clubB, "member_id", memberA, "kind", "initial", "held_on", "2026-01-01"), "rejected:out_of_scope:"},
		{"admin training club not in commune", admin, "training", "", obj("commune_id", communeA, "club_id", clubB, "member_id", memberA, "kind", "initial", "held_on", "2026-01-01"), "rejected:invalid_value:club_id"},
		{"admin writes anything", admin, "member", "", member(clubB), "applied"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, st := world(t)
			id := tt.rowID
			if id == "" {
				id = uuid.NewString()
			}
			if got := verdict(apply(t, e, st, tt.actor, ch(tt.entity, id, tt.fields, 0))[0]); got != tt.want {
				t.Fatalf("got %s, want %s", got, tt.want)
			}
		})
	}
	t.Run("officer cannot delete own commune", func(t *testing.T) {
		e, st := world(t)
		c := ch("commune", communeA, nil, 0)
		c.Op = "delete"
		if got := verdict(apply(t, e, st, officer, c)[0]); got != "rejected:out_of_scope:" {
			t.Fatal(got)
		}
	})
	t.Run("voids by role", func(t *testing.T) {
		e, st := world(t)
		club, station := uuid.NewString(), uuid.NewString()
		apply(t, e, st, board, ch("health_check", club, reading("club"), 10))
		apply(t, e, st, health, ch("health_check", station, reading("health_station"), 10))
		for _, c := range []struct {
			a    changes.Actor
			row  string
			want string
		}{{health, club, "rejected:out_of_scope:"}, {board, station, "rejected:out_of_scope:"}, {health, station, "applied"}, {board, club, "applied"}} {
			if got := verdict(apply(t, e, st, c.a, ch("health_check", c.row, obj("voided_reason", "nhầm"), 0))[0]); got != c.want {
				t.Errorf("%s voiding %s: got %s, want %s", c.a.Role, c.row, got, c.want)
			}
		}
	})
}

// TestMerge: LWW per field, ledger rows, fixed fields, deletes.
func TestMerge(t *testing.T) {
	e, st := world(t)
	at := func(ms int64, dev string, id string, entity, row string, f json.RawMessage) changes.Change {
		return changes.Change{ID: id, Entity: entity, RowID: row, Op: "upsert", Fields: f, HLC: hlc(ms, 0, dev)}
	}
	id := func(n int) string { return fmt.Sprintf("00000000-0000-4000-8000-%012d", n) }
	steps := []struct {
		name string
		c    changes.Change
		want string
	}{
		{"newer phone wins", at(nowMS-5000, "b", id(1), "member", memberA, obj("full_name", "Tên mới")), "applied"},
		{"older write superseded", at(nowMS-6000, "a", id(2), "member", memberA, obj("full_name", "Tên cũ")), "superseded"},
		{"older write of another field applies", at(nowMS-6000, "a", id(3), "member", memberA, obj("phone", "0912345678")), "applied"},
		{"equal value newer still applied", at(nowMS-4000, "a", id(4), "member", memberA, obj("full_name", "Tên mới")), "applied"},
		{"empty fields superseded", at(nowMS-1000, "a", id(5), "member", memberA, obj()), "superseded"},
		{"equal hlc, smaller id loses", at(nowMS-4000, "a", id(0), "member", memberA, obj("full_name", "Thua")), "superseded"},
		{"equal hlc, greater id wins", at(nowMS-4000, "a", id(9), "member", memberA, obj("full_name", "Thắng")), "applied"},
		{"fixed club_id", at(nowMS-1000, "a", id(10), "member", memberA, obj("club_id", clubA2)), "rejected:immutable:club_id"},
		{"fixed club_id same value ok", at(nowMS-900, "a", id(11), "member", memberA, obj("club_id", clubA)), "applied"},
		{"loan created", at(nowMS-800, "a", id(12), "loan", id(100), obj("club_id", clubA, "member_id", memberA, "disbursed_on", "2026-01-15",
			"principal_vnd", 5000000, "term_months", 12, "monthly_rate_pct", 0.5, "purpose", "trade", "due_on", "2027-01-15")), "applied"},
		{"loan re-sent identical", at(nowMS-700, "a", id(13), "loan", id(100), obj("club_id", clubA, "member_id", memberA, "disbursed_on", "2026-01-15",
			"principal_vnd", 5e6, "term_months", 12, "monthly_rate_pct", 0.5, "purpose", "trade", "due_on", "2027-01-15")), "superseded"},
		{"loan amount changed", at(nowMS-600, "a", id(14), "loan", id(100), obj("principal_vnd", 6000000)), "rejected:immutable:principal_vnd"},
		{"unvoid of unvoided is no-op", at(nowMS-600, "a", id(15), "loan", id(100), obj("voided_reason", nil)), "superseded"},
		{"void applied", at(nowMS-500, "a", id(16), "loan", id(100), obj("voided_reason", "Nhập nhầm")), "applied"},
		{"older void superseded", at(nowMS-550, "b", id(17), "loan", id(100), obj("voided_reason", "Khác")), "superseded"},
		{"newer void replaces reason", at(nowMS-400, "b", id(18), "loan", id(100), obj("voided_reason", "Sai số tiền")), "applied"},
		{"void never undone", at(nowMS-300, "a", id(19), "loan", id(100), obj("voided_reason", nil)), "rejected:immutable:voided_reason"},
		{"ledger delete", changes.Change{ID: id(20), Entity: "loan", RowID: id(100), Op: "delete", HLC: hlc(nowMS-200, 0, "a")}, "rejected:immutable:"},
		{"delete member", changes.Change{ID: id(21), Entity: "member", RowID: memberA, Op: "delete", HLC: hlc(nowMS-7000, 0, "a")}, "applied"},
		{"upsert after delete superseded", at(nowMS-100, "a", id(22), "member", memberA, obj("full_name", "Sống lại")), "superseded"},
		{"second delete superseded", changes.Change{ID: id(23), Entity: "member", RowID: memberA, Op: "delete", HLC: hlc(nowMS-100, 0, "a")}, "superseded"},
		{"replay is duplicate", at(nowMS-100, "a", id(1), "member", memberA, obj("full_name", "x")), "duplicate"},
	}
	for _, s := range steps {
		if got := verdict(apply(t, e, st, admin, s.c)[0]); got != s.want {
			t.Fatalf("%s: got %s, want %s", s.name, got, s.want)
		}
	}
	loan, _ := st.Row(context.Background(), id(100))
	if loan.Fields["voided_reason"] != "Sai số tiền" || fmt.Sprint(loan.Fields["principal_vnd"]) != "5000000" {
		t.Fatalf("loan = %v", loan.Fields)
	}
}

func TestAttendanceID(t *testing.T) {
	got := changes.AttendanceID("0190a3c4-5b6d-7e8f-9a0b-1c2d3e4f5a6b", "0190a3c4-5b6d-7e8f-9a0b-1c2d3e4f5a6c")
	if got != "e1741437-00b6-52e5-bddd-411790cb20a3" {
		t.Fatalf("got %s", got)
	}
	e, st := world(t)
	meeting := uuid.NewString()
	f := obj("club_id", clubA, "meeting_id", meeting, "member_id", memberA, "present", true)
	if v := verdict(apply(t, e, st, board, ch("attendance", uuid.NewString(), f, 0))[0]); v != "rejected:invalid_value:row_id" {
		t.Fatal(v)
	}
	if v := verdict(apply(t, e, st, board, ch("attendance", changes.AttendanceID(meeting, memberA), f, 0))[0]); v != "applied" {
		t.Fatal(v)
	}
}

func TestTextNormalised(t *testing.T) {
	e, st := world(t)
	id := uuid.NewString()
	// "Hòa" in NFD with spaces around: stored NFC and trimmed.
	apply(t, e, st, admin, ch("member", id, obj("club_id", clubA, "full_name", " \tHo\u0300a\u00a0", "sex", "female", "birth_year", 1960,
		"joined_on", "2024-01-01", "poverty", "none", "board_role", "none"), 0))
	r, _ := st.Row(context.Background(), id)
	if r.Fields["full_name"] != "Hòa" {
		t.Fatalf("got %q", r.Fields["full_name"])
	}
}

func TestConcurrentEditRecorded(t *testing.T) {
	e, st := world(t)
	apply(t, e, st, admin,
		changes.Change{ID: uuid.NewString(), Entity: "member", RowID: memberA, Op: "upsert", Fields: obj("phone", "0911111111"), HLC: hlc(nowMS-60000, 0, "phone-a")},
		changes.Change{ID: uuid.NewString(), Entity: "member", RowID: memberA, Op: "upsert", Fields: obj("phone", "0922222222"), HLC: hlc(nowMS-30000, 0, "phone-b")},
		// Same device later: not a conflict.
		changes.Change{ID: uuid.NewString(), Entity: "member", RowID: memberA, Op: "upsert", Fields: obj("full_name", "X"), HLC: hlc(nowMS-20000, 0, "phone-b")},
		changes.Change{ID: uuid.NewString(), Entity: "member", RowID: memberA, Op: "upsert", Fields: obj("full_name", "Y"), HLC: hlc(nowMS-10000, 0, "phone-b")},
	)
	phone := 0
	for _, c := range st.conflicts {
		if c.Field == "phone" {
			phone++
		}
		if strings.HasSuffix(c.HLCA, "phone-b") && strings.HasSuffix(c.HLCB, "phone-b") {
			t.Errorf("one device's own edits recorded as a conflict: %+v", c)
		}
	}
	if phone != 1 {
		t.Fatalf("conflicts = %+v", st.conflicts)
	}
}

package changes

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"time"

	"clb/schema"
	"clb/sync/access"
)

// Roles, as package access names them (the engine's callers name them here
// too).
const (
	RoleAdmin        = access.RoleAdmin
	RoleOfficer      = access.RoleOfficer
	RoleHealthWorker = access.RoleHealthWorker
	RoleClubBoard    = access.RoleClubBoard
)

const (
	MaxClockAhead      = 10 * time.Minute
	ConcurrentWindow   = 10 * time.Minute
	opUpsert, opDelete = "upsert", "delete"
)

// Actor is who pushes: the user and the device of the session. Package access
// decides what it may write.
type Actor = access.Actor

// Row is a synced row as the store keeps it.
type Row struct {
	ID        string
	Entity    string
	CommuneID string // places the row in scope; fixed at creation
	ClubID    string
	Fields    map[string]any
	Stamps    map[string]Stamp
	Deleted   bool
	UpdatedAt string // server time of the latest write; set by the store
}

// LogEntry is an accepted change, kept for idempotency and audit.
type LogEntry struct {
	Change         Change
	Fields         map[string]any // the normalised fields
	Status         string
	OriginDeviceID string
}

// Conflict is two devices setting one field of one row to different values
// within ConcurrentWindow.
type Conflict struct {
	RowID, Field, HLCA, HLCB string
}

// Store is what the engine needs from storage, inside one transaction: every
// read sees the writes made before it.
type Store interface {
	Logged(ctx context.Context, changeID string) (bool, error)
	Row(ctx context.Context, id string) (*Row, error) // nil, nil when absent
	PutRow(ctx context.Context, r *Row) error         // also gives it the next server seq
	Log(ctx context.Context, e LogEntry) error
	RecordConflict(ctx context.Context, c Conflict) error
}

// Engine applies pushed changes.
type Engine struct {
	Schema *schema.Schema
	Now    func() time.Time
}

// New returns an engine over the schema.
func New(s *schema.Schema) *Engine { return &Engine{Schema: s, Now: time.Now} }

// Outcome is a result plus what it touched, for the indicators.
type Outcome struct {
	Result
	Row *Row // the row written (applied only)
}

// Apply processes the changes in order against st and answers each. An error
// is returned only for storage faults: the caller then rolls back everything.
func (e *Engine) Apply(ctx context.Context, st Store, a Actor, cs []Change) ([]Outcome, error) {
	out := make([]Outcome, len(cs))
	now := e.Now()
	if err := preload(ctx, st, cs); err != nil {
		return nil, err
	}
	for i := range cs {
		o, err := e.apply(ctx, st, a, &cs[i], now)
		if err != nil {
			return nil, fmt.Errorf("change %d: %w", i, err)
		}
		o.ID = cs[i].ID
		out[i] = o
	}
	return out, nil
}

// reject builds a rejection.
func reject(code, field, msg string) Outcome {
	return Outcome{Result: Result{Status: Rejected, Error: &Error{Code: code, Field: field, Message: msg}}}
}

// rejected is reject for the checks that answer *Outcome.
func rejected(code, field, msg string) *Outcome {
	o := reject(code, field, msg)
	return &o
}

// Codes of rejected changes.
const (
	CodeInvalidValue  = "invalid_value"
	CodeMissingField  = "missing_field"
	CodeUnknownEntity = "unknown_entity"
	CodeUnknownField  = "unknown_field"
	CodeClockAhead    = "clock_ahead"
	CodeOutOfScope    = "out_of_scope"
	CodeImmutable     = "immutable"
	CodeNotFound      = "not_found"
)

// apply answers one change: validate (steps 1–7), scope (8), then write
// (9–10 and the merge, merge.go).
func (e *Engine) apply(ctx context.Context, st Store, a Actor, c *Change, now time.Time) (Outcome, error) {
	v, o, err := e.validate(ctx, st, a, c, now)
	if err != nil || o != nil {
		return deref(o), err
	}
	// 8. scope
	place, o, err := e.checkScope(ctx, st, a, v.ent, c, v.row, v.fields)
	if err != nil || o != nil {
		return deref(o), err
	}
	return e.write(ctx, st, c, v, place)
}

// checked is a change that passed steps 1–7.
type checked struct {
	ent    *schema.Entity
	row    *Row // the stored row; nil when the change creates it
	hlc    HLC
	fields map[string]any // normalised
}

// validate is steps 1–7 of CONTRACT.md, and the rules between fields.
func (e *Engine) validate(ctx context.Context, st Store, a Actor, c *Change, now time.Time) (*checked, *Outcome, error) {
	ent, o := checkHead(e.Schema, c)
	if o != nil {
		return nil, o, nil
	}
	row, err := st.Row(ctx, c.RowID)
	if err != nil {
		return nil, nil, err
	}
	if row != nil && row.Entity != c.Entity {
		return nil, rejected(CodeInvalidValue, "row_id", "Mã dòng đã dùng cho loại dữ liệu khác (row_id belongs to another entity)"), nil
	}
	// 4. hlc
	h, err := ParseHLC(c.HLC)
	if err != nil {
		return nil, rejected(CodeInvalidValue, "hlc", "Đồng hồ thay đổi sai định dạng (bad hlc)"), nil
	}
	if h.Wall().Sub(now) > MaxClockAhead {
		return nil, rejected(CodeClockAhead, "hlc", "Đồng hồ điện thoại chạy nhanh hơn máy chủ quá 10 phút (device clock is ahead of the server)"), nil
	}
	// 5. duplicate
	if dup, err := st.Logged(ctx, c.ID); err != nil {
		return nil, nil, err
	} else if dup {
		return nil, &Outcome{Result: Result{Status: Duplicate}}, nil
	}
	// 6. fields object, unknown fields; 7. values
	fields, o := normalizeFields(ent, c, now)
	if o != nil {
		return nil, o, nil
	}
	if c.Op == opUpsert {
		if o := e.checkMeasuredBy(a, ent, fields); o != nil {
			return nil, o, nil
		}
		if row == nil || ent.Ledger() {
			if o, err := e.checkRules(ctx, st, ent, c, row, fields); err != nil || o != nil {
				return nil, o, err
			}
		}
	}
	return &checked{ent: ent, row: row, hlc: h, fields: fields}, nil, nil
}

// checkHead is steps 1–3: the change's id, entity, op and row id.
func checkHead(s *schema.Schema, c *Change) (*schema.Entity, *Outcome) {
	if !IsUUID(c.ID) {
		return nil, rejected(CodeInvalidValue, "id", "Mã thay đổi không phải UUID (change id is not a UUID)")
	}
	ent, ok := s.Entity(c.Entity)
	if !ok {
		return nil, rejected(CodeUnknownEntity, "", fmt.Sprintf("Loại dữ liệu không rõ %q (unknown entity)", c.Entity))
	}
	if c.Op != opUpsert && c.Op != opDelete {
		return nil, rejected(CodeInvalidValue, "op", "op phải là upsert hoặc delete (op must be upsert or delete)")
	}
	if !IsUUID(c.RowID) {
		return nil, rejected(CodeInvalidValue, "row_id", "Mã dòng không phải UUID (row_id is not a UUID)")
	}
	return ent, nil
}

// normalizeFields is steps 6 and 7: fields is an object of known fields,
// each value valid; it returns the normalised values.
func normalizeFields(ent *schema.Entity, c *Change, now time.Time) (map[string]any, *Outcome) {
	rawFields, o := decodeFields(ent, c)
	if o != nil {
		return nil, o
	}
	fields := make(map[string]any, len(rawFields))
	for i := range ent.Fields {
		f := &ent.Fields[i]
		raw, ok := rawFields[f.Name]
		if !ok {
			continue
		}
		v, err := normalizeValue(f, raw, localYear(now))
		if err != nil {
			return nil, rejected(CodeInvalidValue, f.Name, "Giá trị không hợp lệ: "+err.Error())
		}
		fields[f.Name] = v
	}
	return fields, nil
}

// write is steps 9 and 10, then the merge: a delete, a new row, or an
// update merged field by field (merge.go).
func (e *Engine) write(ctx context.Context, st Store, c *Change, v *checked, place *access.Place) (Outcome, error) {
	row := v.row
	logIt := func(status string) (Outcome, error) {
		err := st.Log(ctx, LogEntry{Change: *c, Fields: v.fields, Status: status, OriginDeviceID: v.hlc.Device})
		return Outcome{Result: Result{Status: status}}, err
	}
	if row != nil && row.Deleted {
		return logIt(Superseded) // a delete is final
	}
	// 9. immutable
	if row != nil {
		if o := checkImmutable(v.ent, c, row, v.fields); o != nil {
			return *o, nil
		}
	}
	// 10. required fields, unknown rows
	if c.Op == opDelete {
		if row == nil {
			return reject(CodeNotFound, "", "Không có dòng này trên máy chủ (no such row)"), nil
		}
		row.Deleted = true
		return writeRow(ctx, st, row, logIt)
	}
	if row == nil {
		if o := checkRequired(v.ent, v.fields); o != nil {
			return *o, nil
		}
		if place == nil {
			// A row that nothing places in the sender's scope (a club board's
			// commune-level training, say).
			return reject(CodeOutOfScope, "", "Ngoài phạm vi của tài khoản (outside your scope)"), nil
		}
		return writeRow(ctx, st, newRow(c, v, *place), logIt)
	}
	return e.mergeUpdate(ctx, st, c, v, logIt)
}

func deref(o *Outcome) Outcome {
	if o == nil {
		return Outcome{}
	}
	return *o
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// localYear is the year in Asia/Ho_Chi_Minh (UTC+7, no daylight saving).
func localYear(now time.Time) int { return now.In(vnZone).Year() }

var vnZone = time.FixedZone("ICT", 7*3600)

// normalizeStored turns a value read back from JSON into the form that
// normalizeValue produces, so that Canonical compares like with like.
func normalizeStored(v any) any {
	if n, ok := v.(json.Number); ok {
		if i, err := n.Int64(); err == nil {
			return i
		}
		f, _ := n.Float64()
		return f
	}
	return v
}

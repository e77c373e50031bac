package changes

// The checks of a change, in CONTRACT.md's order (steps 6, 7, 9 and 10; step 8,
// scope, is in scope.go), and the rules between fields of entities.json.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/google/uuid"

	"clb/schema"
	"clb/sync/access"
)

// decodeFields checks that fields is an object of known fields.
func decodeFields(ent *schema.Entity, c *Change) (map[string]json.RawMessage, *Outcome) {
	raw := bytes.TrimSpace(c.Fields)
	if c.Op == opDelete && (len(raw) == 0 || string(raw) == "null") {
		return map[string]json.RawMessage{}, nil
	}
	m, fast := map[string]json.RawMessage(nil), false
	if len(raw) > 0 && raw[0] == '{' && json.Valid(raw) {
		m, fast = splitObject(raw)
	}
	if !fast && (len(raw) == 0 || raw[0] != '{' || json.Unmarshal(raw, &m) != nil) {
		o := reject(CodeInvalidValue, "fields", "fields phải là một đối tượng (fields must be an object)")
		return nil, &o
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if _, ok := ent.Field(k); !ok {
			o := reject(CodeUnknownField, k, fmt.Sprintf("Trường không có trong %s: %q (unknown field)", ent.Name, k))
			return nil, &o
		}
	}
	return m, nil
}

// checkMeasuredBy: a club board records club readings, a health worker
// health-station readings.
func (e *Engine) checkMeasuredBy(a Actor, ent *schema.Entity, fields map[string]any) *Outcome {
	if ent.Name != "health_check" {
		return nil
	}
	v, ok := fields["measured_by"]
	if !ok {
		return nil
	}
	if !access.MayRecordReading(a, v) {
		o := reject(CodeInvalidValue, "measured_by", "Người đo không đúng với vai trò (measured_by does not match your role)")
		return &o
	}
	return nil
}

// merged is the row's values as they would be after the change.
func merged(row *Row, fields map[string]any) map[string]any {
	m := make(map[string]any, len(fields))
	if row != nil && !row.Deleted {
		for k, v := range row.Fields {
			m[k] = normalizeStored(v)
		}
	}
	for k, v := range fields {
		m[k] = v
	}
	return m
}

// checkRules applies entities.json's rules that answer invalid_value; the
// rules that answer missing_field wait for step 10 (checkRequired).
func (e *Engine) checkRules(ctx context.Context, st Store, ent *schema.Entity, c *Change, row *Row, fields map[string]any) (*Outcome, error) {
	m := merged(row, fields)
	bad := func(field, msg string) (*Outcome, error) {
		o := reject(CodeInvalidValue, field, msg)
		return &o, nil
	}
	for _, r := range ent.Rules {
		switch r.Kind {
		case "compare":
			if ok, known := Compare(m[r.Field], r.Op, m[r.Other]); known && !ok {
				return bad(r.Field, fmt.Sprintf("%s phải %s %s (%s must be %s %s)", r.Field, r.Op, r.Other, r.Field, r.Op, r.Other))
			}
		case "any_positive":
			all, pos := true, false
			for _, f := range r.Fields {
				n, ok := asFloat(m[f])
				if !ok {
					all = false
				} else if n > 0 {
					pos = true
				}
			}
			if all && !pos {
				return bad(r.Field, "Cần ít nhất một số tiền lớn hơn 0 (at least one amount must be > 0)")
			}
		case "target_value":
			code, _ := m["indicator"].(string)
			v, ok := asFloat(m[r.Field])
			if code == "" || !ok {
				continue
			}
			if isShareCode(code) {
				if v > 1 {
					return bad(r.Field, "Tỷ lệ phải từ 0 đến 1 (a share is 0–1)")
				}
			} else if v != float64(int64(v)) {
				return bad(r.Field, "Chỉ tiêu này là số nguyên không âm (must be a non-negative integer)")
			}
		case "club_in_commune", "village_in_commune":
			// A held club or village of another commune; one the server does
			// not hold yet is a reference like any other (review lists it).
			refID, _ := m[r.Field].(string)
			communeID, _ := m["commune_id"].(string)
			if refID == "" || communeID == "" {
				continue
			}
			ref, err := st.Row(ctx, refID)
			if err != nil {
				return nil, err
			}
			kind := "club"
			if r.Kind == "village_in_commune" {
				kind = "village"
			}
			if ref != nil && ref.Entity == kind && ref.CommuneID != communeID {
				return bad(r.Field, "Câu lạc bộ hoặc thôn không thuộc xã này (the "+kind+" is not in this commune)")
			}
		case "derived_id":
			if row != nil {
				continue
			}
			parts := make([]string, 0, len(r.From))
			for _, f := range r.From {
				s, _ := m[f].(string)
				parts = append(parts, s)
			}
			if len(parts) == 2 && parts[0] != "" && parts[1] != "" {
				want := AttendanceID(parts[0], parts[1])
				if c.RowID != want {
					return bad("row_id", "Mã điểm danh phải là UUID v5 của <meeting_id>/<member_id> (attendance id must be derived)")
				}
			}
		}
	}
	return nil, nil
}

// AttendanceID is the id of a member's attendance at a meeting.
func AttendanceID(meetingID, memberID string) string {
	ns := uuid.MustParse("6ba7b811-9dad-11d1-80b4-00c04fd430c8")
	return uuid.NewSHA1(ns, []byte(meetingID+"/"+memberID)).String()
}

func isShareCode(code string) bool {
	return len(code) > 6 && code[len(code)-6:] == "_share"
}

func asFloat(v any) (float64, bool) {
	switch n := v.(type) {
	case int64:
		return float64(n), true
	case float64:
		return n, true
	case json.Number:
		f, err := n.Float64()
		return f, err == nil
	}
	return 0, false
}

// Compare evaluates a op b for two dates or two numbers; known is false when
// either side is empty.
func Compare(a any, op string, b any) (ok, known bool) {
	var cmp int
	if as, isStr := a.(string); isStr {
		bs, isStr := b.(string)
		if !isStr {
			return false, false
		}
		switch {
		case as < bs:
			cmp = -1
		case as > bs:
			cmp = 1
		}
	} else {
		x, ok1 := asFloat(a)
		y, ok2 := asFloat(b)
		if !ok1 || !ok2 {
			return false, false
		}
		switch {
		case x < y:
			cmp = -1
		case x > y:
			cmp = 1
		}
	}
	switch op {
	case ">":
		return cmp > 0, true
	case ">=":
		return cmp >= 0, true
	case "<":
		return cmp < 0, true
	case "<=":
		return cmp <= 0, true
	}
	return false, false
}

// checkImmutable: ledger rows are written once; fields fixed at creation stay.
func checkImmutable(ent *schema.Entity, c *Change, row *Row, fields map[string]any) *Outcome {
	imm := func(field, msg string) *Outcome {
		o := reject(CodeImmutable, field, msg)
		return &o
	}
	if c.Op == opDelete {
		if ent.Ledger() {
			return imm("", "Sổ sách không xóa được, chỉ hủy với lý do (ledger rows cannot be deleted, only voided)")
		}
		return nil
	}
	for i := range ent.Fields {
		f := &ent.Fields[i]
		v, ok := fields[f.Name]
		if !ok {
			continue
		}
		same := sameValue(v, row.Fields[f.Name])
		if ent.Ledger() {
			if f.Name == "voided_reason" {
				if v == nil && row.Fields[f.Name] != nil {
					return imm(f.Name, "Không thể bỏ hủy (a void cannot be undone)")
				}
				continue
			}
			if !same {
				return imm(f.Name, "Sổ sách chỉ ghi một lần; hãy hủy và ghi lại (ledger rows are written once: void and re-enter)")
			}
			continue
		}
		if f.Fixed && !same {
			return imm(f.Name, "Trường này cố định từ lúc tạo (this field is fixed at creation)")
		}
	}
	return nil
}

// checkRequired: a row's first upsert carries every required field and the
// fields its rules require.
func checkRequired(ent *schema.Entity, fields map[string]any) *Outcome {
	missing := func(field string) *Outcome {
		o := reject(CodeMissingField, field, fmt.Sprintf("Thiếu trường bắt buộc %q (missing required field)", field))
		return &o
	}
	for i := range ent.Fields {
		f := &ent.Fields[i]
		if f.Required && fields[f.Name] == nil {
			return missing(f.Name)
		}
	}
	for _, r := range ent.Rules {
		switch r.Kind {
		case "required_when":
			v, _ := fields[r.When.Field].(string)
			if slices.Contains(r.When.In, v) && fields[r.Field] == nil {
				return missing(r.Field)
			}
		case "exactly_one":
			n := 0
			for _, f := range r.Fields {
				if fields[f] != nil {
					n++
				}
			}
			if n != 1 {
				return missing(r.Field)
			}
		}
	}
	return nil
}

// noteConflict records two devices writing different values to one field
// close in time.
func (e *Engine) noteConflict(ctx context.Context, st Store, rowID, field string, prev Stamp, hlc string, h HLC) error {
	if prev.HLC == "" {
		return nil
	}
	p, err := ParseHLC(prev.HLC)
	if err != nil || p.Device == h.Device {
		return nil
	}
	d := h.WallMS - p.WallMS
	if d < 0 {
		d = -d
	}
	if time.Duration(d)*time.Millisecond > ConcurrentWindow {
		return nil
	}
	a, b := prev.HLC, hlc
	if a > b {
		a, b = b, a
	}
	return st.RecordConflict(ctx, Conflict{RowID: rowID, Field: field, HLCA: a, HLCB: b})
}

// Package review finds what phones could not know when they wrote: a
// repayment beyond the loan, a reference to a row nobody synced, two meetings
// on one day, a concurrent edit. The changes were accepted; these items are
// computed from the data and go away when the data no longer shows them.
package review

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"

	"clb/schema"
	"clb/server/store"
	changes "clb/sync"
)

// Item is one thing to review.
type Item struct {
	Kind       string   `json:"kind"`
	ClubID     *string  `json:"club_id"`
	DetectedAt string   `json:"detected_at"`
	Message    string   `json:"message"`
	Rows       []RowRef `json:"rows"`
}

// RowRef names a row.
type RowRef struct {
	Entity string `json:"entity"`
	RowID  string `json:"row_id"`
}

// Kinds.
const (
	RepaymentExceeds   = "repayment_exceeds_principal"
	LoanMemberInactive = "loan_member_inactive"
	ReadingInactive    = "reading_member_inactive"
	AttendanceOther    = "attendance_other_club"
	Dangling           = "dangling_reference"
	DuplicateMeeting   = "duplicate_meeting"
	RuleBroken         = "rule_broken"
	ConcurrentEdit     = "concurrent_edit"
)

// AboutReadings reports whether the item is about a health reading: the only
// items a health worker sees (package access decides).
func (it Item) AboutReadings() bool {
	switch it.Kind {
	case ReadingInactive:
		return true
	case Dangling, ConcurrentEdit:
		return len(it.Rows) > 0 && it.Rows[0].Entity == "health_check"
	}
	return false
}

type finder struct {
	s     *schema.Schema
	byID  map[string]*changes.Row
	items []Item
}

func str(r *changes.Row, f string) string { s, _ := r.Fields[f].(string); return s }

func num(r *changes.Row, f string) int64 {
	switch v := r.Fields[f].(type) {
	case json.Number:
		i, _ := v.Int64()
		return i
	case int64:
		return v
	case float64:
		return int64(v)
	}
	return 0
}

// live: not deleted and, for ledger rows, not voided.
func live(r *changes.Row) bool {
	return r != nil && !r.Deleted && r.Fields["voided_reason"] == nil
}

func (f *finder) add(kind string, msg string, rows ...*changes.Row) {
	it := Item{Kind: kind, Message: msg}
	for _, r := range rows {
		if r == nil {
			continue
		}
		if it.ClubID == nil && r.ClubID != "" {
			id := r.ClubID
			it.ClubID = &id
		}
		it.DetectedAt = max(it.DetectedAt, r.UpdatedAt)
		it.Rows = append(it.Rows, RowRef{r.Entity, r.ID})
	}
	f.items = append(f.items, it)
}

// activeOn: joined_on ≤ d and (left_on empty or left_on > d).
func activeOn(m *changes.Row, d string) bool {
	return live(m) && str(m, "joined_on") <= d && (str(m, "left_on") == "" || str(m, "left_on") > d)
}

// Find computes the items over rows (every row of the scope, deleted ones
// included) and the recorded conflicts, newest first.
func Find(s *schema.Schema, rows []*changes.Row, conflicts []store.Conflict) []Item {
	f := &finder{s: s, byID: make(map[string]*changes.Row, len(rows))}
	for _, r := range rows {
		f.byID[r.ID] = r
	}
	repaid := map[string]int64{}
	repayments := map[string][]*changes.Row{}
	meetingsByDay := map[string][]*changes.Row{}
	for _, r := range rows {
		if !live(r) {
			continue
		}
		f.dangling(r)
		f.rules(r)
		switch r.Entity {
		case "repayment":
			repaid[str(r, "loan_id")] += num(r, "principal_vnd")
			repayments[str(r, "loan_id")] = append(repayments[str(r, "loan_id")], r)
		case "loan":
			if m := f.byID[str(r, "member_id")]; m != nil && m.Entity == "member" && !activeOn(m, str(r, "disbursed_on")) {
				f.add(LoanMemberInactive, "Khoản vay cho thành viên không còn sinh hoạt vào ngày giải ngân (loan to a member not active on the day)", r, m)
			}
		case "health_check":
			if m := f.byID[str(r, "member_id")]; m != nil && m.Entity == "member" && !activeOn(m, str(r, "measured_on")) {
				f.add(ReadingInactive, "Kết quả đo của thành viên không còn sinh hoạt vào ngày đo (reading of a member not active on the day)", r, m)
			}
		case "attendance":
			m, mt := f.byID[str(r, "member_id")], f.byID[str(r, "meeting_id")]
			if (m != nil && m.Entity == "member" && m.ClubID != r.ClubID) || (mt != nil && mt.Entity == "meeting" && mt.ClubID != r.ClubID) {
				f.add(AttendanceOther, "Điểm danh thành viên hoặc buổi họp của câu lạc bộ khác (attendance across clubs)", r, m, mt)
			}
		case "meeting":
			key := r.ClubID + "|" + str(r, "held_on")
			meetingsByDay[key] = append(meetingsByDay[key], r)
		}
	}
	for loanID, sum := range repaid {
		loan := f.byID[loanID]
		if loan == nil || !live(loan) || loan.Entity != "loan" || sum <= num(loan, "principal_vnd") {
			continue
		}
		rs := append([]*changes.Row{loan}, repayments[loanID]...)
		f.add(RepaymentExceeds, fmt.Sprintf("Tiền gốc đã trả %d đ vượt số vay %d đ (repaid principal exceeds the loan)", sum, num(loan, "principal_vnd")), rs...)
	}
	for _, ms := range meetingsByDay {
		if len(ms) > 1 {
			f.add(DuplicateMeeting, "Hai buổi sinh hoạt cùng một ngày (two meetings on one day)", ms...)
		}
	}
	for _, c := range conflicts {
		r := f.byID[c.RowID]
		if r == nil || r.Deleted {
			continue
		}
		cur := r.Stamps[c.Field].HLC
		if cur != c.HLCA && cur != c.HLCB {
			continue // a later write settled it
		}
		f.add(ConcurrentEdit, fmt.Sprintf("Hai máy sửa trường %q gần như cùng lúc (two devices edited %q at about the same time)", c.Field, c.Field), r)
		f.items[len(f.items)-1].DetectedAt = max(c.DetectedAt, f.items[len(f.items)-1].DetectedAt)
	}
	slices.SortStableFunc(f.items, func(a, b Item) int {
		if c := cmp.Compare(b.DetectedAt, a.DetectedAt); c != 0 {
			return c
		}
		return cmp.Compare(a.Kind+a.Rows[0].RowID, b.Kind+b.Rows[0].RowID)
	})
	return f.items
}

// dangling: a reference to a row the server does not hold.
func (f *finder) dangling(r *changes.Row) {
	ent, ok := f.s.Entity(r.Entity)
	if !ok {
		return
	}
	for _, fd := range ent.Fields {
		if fd.Type != "ref" || fd.Name == "club_id" || fd.Name == "commune_id" {
			continue
		}
		id := str(r, fd.Name)
		if id == "" {
			continue
		}
		if t := f.byID[id]; t == nil || t.Entity != fd.Ref {
			f.add(Dangling, fmt.Sprintf("%s trỏ tới dòng chưa có trên máy chủ (%s names a row the server does not hold)", fd.Name, fd.Name), r)
			return
		}
	}
}

// rules: a partial update of an lww row that broke a rule between fields.
func (f *finder) rules(r *changes.Row) {
	ent, ok := f.s.Entity(r.Entity)
	if !ok || ent.Ledger() {
		return
	}
	for _, rule := range ent.Rules {
		switch rule.Kind {
		case "compare":
			if ok, known := changes.Compare(r.Fields[rule.Field], rule.Op, r.Fields[rule.Other]); known && !ok {
				f.add(RuleBroken, fmt.Sprintf("%s phải %s %s (%s must be %s %s)", rule.Field, rule.Op, rule.Other, rule.Field, rule.Op, rule.Other), r)
			}
		case "required_when":
			// e.g. a commendation changed to recipient_kind "village" without a village_id.
			if v, _ := r.Fields[rule.When.Field].(string); slices.Contains(rule.When.In, v) && r.Fields[rule.Field] == nil {
				f.add(RuleBroken, fmt.Sprintf("Thiếu %s khi %s là %s (%s is required when %s is %s)", rule.Field, rule.When.Field, v, rule.Field, rule.When.Field, v), r)
			}
		}
	}
}

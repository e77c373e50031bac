package changes

import (
	"context"

	"clb/sync/access"
)

// The merge of CONTRACT.md: lww entities keep the HLC of each field and take
// a field only from a newer change; ledger entities are written once and can
// only be voided.

// newRow is the row a change creates at its place, every field stamped with
// the change.
func newRow(c *Change, v *checked, p access.Place) *Row {
	row := &Row{ID: c.RowID, Entity: c.Entity, CommuneID: p.CommuneID, ClubID: p.ClubID,
		Fields: map[string]any{}, Stamps: map[string]Stamp{}}
	for i := range v.ent.Fields {
		row.Fields[v.ent.Fields[i].Name] = nil
	}
	stamp := Stamp{HLC: c.HLC, ChangeID: c.ID}
	for k, val := range v.fields {
		row.Fields[k] = val
		row.Stamps[k] = stamp
	}
	return row
}

// mergeUpdate merges an update into the stored row field by field, noting
// concurrent edits: applied when a field was taken, superseded otherwise.
func (e *Engine) mergeUpdate(ctx context.Context, st Store, c *Change, v *checked, logIt func(string) (Outcome, error)) (Outcome, error) {
	row := v.row
	stamp := Stamp{HLC: c.HLC, ChangeID: c.ID}
	won, restamped := false, false
	for _, k := range sortedKeys(v.fields) {
		val := v.fields[k]
		same := sameValue(val, row.Fields[k])
		if !same {
			if err := e.noteConflict(ctx, st, row.ID, k, row.Stamps[k], c.HLC, v.hlc); err != nil {
				return Outcome{}, err
			}
		}
		var w, r bool
		if v.ent.Ledger() {
			w, r = mergeLedgerField(row, k, val, stamp, same)
		} else {
			w = mergeLWWField(row, k, val, stamp)
		}
		won, restamped = won || w, restamped || r
	}
	if !won {
		if restamped {
			if err := st.PutRow(ctx, row); err != nil {
				return Outcome{}, err
			}
		}
		return logIt(Superseded)
	}
	return writeRow(ctx, st, row, logIt)
}

// mergeLWWField takes the value when the change is newer than the field's
// stamp.
func mergeLWWField(row *Row, k string, val any, stamp Stamp) (won bool) {
	if stamp.After(row.Stamps[k]) {
		row.Fields[k], row.Stamps[k] = val, stamp
		return true
	}
	return false
}

// mergeLedgerField: only voided_reason can differ here (checkImmutable). A
// void always beats "not voided"; two voids are LWW. A newer void with the
// same reason answers superseded but keeps its stamp, or the order of arrival
// would decide between reasons.
func mergeLedgerField(row *Row, k string, val any, stamp Stamp, same bool) (won, restamped bool) {
	if k != "voided_reason" || val == nil {
		return false, false
	}
	prev := row.Stamps[k]
	switch {
	case row.Fields[k] == nil:
		row.Fields[k], row.Stamps[k] = val, stamp
		return true, false
	case stamp.After(prev) && same:
		row.Stamps[k] = stamp
		return false, true
	case stamp.After(prev):
		row.Fields[k], row.Stamps[k] = val, stamp
		return true, false
	}
	return false, false
}

// writeRow stores the row and logs the change as applied.
func writeRow(ctx context.Context, st Store, row *Row, logIt func(string) (Outcome, error)) (Outcome, error) {
	if err := st.PutRow(ctx, row); err != nil {
		return Outcome{}, err
	}
	o, err := logIt(Applied)
	o.Row = row
	return o, err
}

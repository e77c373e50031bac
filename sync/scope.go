package changes

import (
	"context"

	"clb/schema"
	"clb/sync/access"
)

// outOfScope rejects a change that package access does not allow.
func outOfScope(msg string) *Outcome {
	o := reject(CodeOutOfScope, "", "Ngoài phạm vi của tài khoản: "+msg)
	return &o
}

// checkScope is step 8: the sender's role and scope, as package access
// decides them. For a new row it also returns where the row goes (nil when
// the fields that place it are missing, which step 10 reports).
func (e *Engine) checkScope(ctx context.Context, st Store, a Actor, ent *schema.Entity, c *Change, row *Row, fields map[string]any) (*access.Place, *Outcome, error) {
	if !access.CanWrite(a, ent, row != nil && c.Op == opUpsert) {
		return nil, outOfScope("vai trò này không được ghi " + ent.Name + " (your role may not write this entity)"), nil
	}
	club, o, err := namedPlaces(ctx, st, a, ent, fields)
	if err != nil || o != nil {
		return nil, o, err
	}
	if row != nil {
		p := access.Place{CommuneID: row.CommuneID, ClubID: row.ClubID}
		if !access.InScope(a, ent, p) {
			return nil, outOfScope("dòng thuộc nơi khác (the row is outside your scope)"), nil
		}
		if ent.Name == "health_check" && fields["voided_reason"] != nil && !access.MayVoidReading(a, row.Fields["measured_by"]) {
			return nil, outOfScope("chỉ hủy được kết quả đo của mình (you may void only your own kind of readings)"), nil
		}
		return &p, nil, nil
	}
	if c.Op == opDelete {
		return nil, nil, nil // not_found at step 10
	}
	communeID, _ := fields["commune_id"].(string)
	p := access.NewPlace(a, ent, c.RowID, communeID, club)
	if p != nil && !access.InScope(a, ent, *p) {
		return nil, outOfScope("dòng thuộc nơi khác (the row is outside your scope)"), nil
	}
	return p, nil, nil
}

// namedPlaces checks that a club_id or commune_id the change carries names a
// held row the actor may use, and returns the club's place (nil when the
// change names no club).
func namedPlaces(ctx context.Context, st Store, a Actor, ent *schema.Entity, fields map[string]any) (*access.Place, *Outcome, error) {
	var club *access.Place
	if id, ok := fields["club_id"].(string); ok && ent.Scope != "club_self" {
		r, err := st.Row(ctx, id)
		if err != nil {
			return nil, nil, err
		}
		if r == nil || r.Entity != "club" {
			return nil, outOfScope("câu lạc bộ không có trên máy chủ (unknown club)"), nil
		}
		club = &access.Place{CommuneID: r.CommuneID, ClubID: r.ID}
		if !access.MayUseClub(a, *club) {
			return nil, outOfScope("câu lạc bộ khác (another club)"), nil
		}
	}
	if id, ok := fields["commune_id"].(string); ok {
		r, err := st.Row(ctx, id)
		if err != nil {
			return nil, nil, err
		}
		if r == nil || r.Entity != "commune" {
			return nil, outOfScope("xã không có trên máy chủ (unknown commune)"), nil
		}
		if !access.MayUseCommune(a, id) {
			return nil, outOfScope("xã khác (another commune)"), nil
		}
	}
	return club, nil, nil
}

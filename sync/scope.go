package changes

import (
	"context"
	"strings"

	"clb/schema"
)

// place is where a row sits in scope: its commune and, for club rows, its club.
type place struct{ commune, club string }

// CanRead reports whether the actor may read rows of the entity at this place
// (CONTRACT.md's table of roles and scope).
func CanRead(a Actor, ent *schema.Entity, communeID, clubID string) bool {
	if a.Role == RoleAdmin {
		return true
	}
	if !strings.Contains(ent.Access[a.Role], "r") {
		return false
	}
	return inScope(a, ent, place{communeID, clubID})
}

// CanWrite reports whether the actor may write rows of ent placed at
// communeID/clubID (creating them included).
func CanWrite(a Actor, ent *schema.Entity, communeID, clubID string) bool {
	if a.Role == RoleAdmin {
		return true
	}
	if !strings.Contains(ent.Access[a.Role], "w") {
		return false
	}
	return inScope(a, ent, place{communeID, clubID})
}

// inScope: is a row at p within the actor's commune or clubs?
func inScope(a Actor, ent *schema.Entity, p place) bool {
	switch a.Role {
	case RoleAdmin:
		return true
	case RoleClubBoard:
		switch ent.Scope {
		case "commune", "commune_self":
			return p.commune != "" && p.commune == a.CommuneID
		}
		return p.club != "" && a.HasClub(p.club)
	}
	return p.commune != "" && p.commune == a.CommuneID
}

// checkScope is step 8: the sender's role and scope. For a new row it also
// returns where the row goes (nil when the fields that place it are missing,
// which step 10 reports).
func (e *Engine) checkScope(ctx context.Context, st Store, a Actor, ent *schema.Entity, c *Change, row *Row, fields map[string]any) (*place, *Outcome, error) {
	oos := func(msg string) (*place, *Outcome, error) {
		o := reject(CodeOutOfScope, "", "Ngoài phạm vi của tài khoản: "+msg)
		return nil, &o, nil
	}
	if a.Role != RoleAdmin {
		acc := ent.Access[a.Role]
		update := row != nil && c.Op == opUpsert
		if !strings.Contains(acc, "w") && !(update && strings.Contains(acc, "u")) {
			return oos("vai trò này không được ghi " + ent.Name + " (your role may not write this entity)")
		}
	}
	// A club_id or commune_id the change carries must name a held row in scope.
	var club *Row
	if id, ok := fields["club_id"].(string); ok && ent.Scope != "club_self" {
		r, err := st.Row(ctx, id)
		if err != nil {
			return nil, nil, err
		}
		if r == nil || r.Entity != "club" {
			return oos("câu lạc bộ không có trên máy chủ (unknown club)")
		}
		if a.Role == RoleClubBoard && !a.HasClub(id) || a.Role != RoleClubBoard && a.Role != RoleAdmin && r.CommuneID != a.CommuneID {
			return oos("câu lạc bộ khác (another club)")
		}
		club = r
	}
	if id, ok := fields["commune_id"].(string); ok {
		r, err := st.Row(ctx, id)
		if err != nil {
			return nil, nil, err
		}
		if r == nil || r.Entity != "commune" {
			return oos("xã không có trên máy chủ (unknown commune)")
		}
		if a.Role != RoleAdmin && id != a.CommuneID {
			return oos("xã khác (another commune)")
		}
	}
	if row != nil {
		if !inScope(a, ent, place{row.CommuneID, row.ClubID}) {
			return oos("dòng thuộc nơi khác (the row is outside your scope)")
		}
		if ent.Name == "health_check" && fields["voided_reason"] != nil {
			by := row.Fields["measured_by"]
			if a.Role == RoleHealthWorker && by != "health_station" || a.Role == RoleClubBoard && by != "club" {
				return oos("chỉ hủy được kết quả đo của mình (you may void only your own kind of readings)")
			}
		}
		return &place{row.CommuneID, row.ClubID}, nil, nil
	}
	if c.Op == opDelete {
		return nil, nil, nil // not_found at step 10
	}
	var p *place
	communeID, _ := fields["commune_id"].(string)
	switch ent.Scope {
	case "commune_self":
		p = &place{commune: c.RowID}
	case "commune":
		if communeID != "" {
			p = &place{commune: communeID}
		}
	case "club_self":
		if communeID != "" {
			p = &place{commune: communeID, club: c.RowID}
		}
	case "club":
		if club != nil {
			p = &place{commune: club.CommuneID, club: club.ID}
		}
	case "commune_club":
		if communeID != "" {
			p = &place{commune: communeID}
			if club != nil {
				p.club = club.ID
			}
			if a.Role == RoleClubBoard && p.club == "" {
				p = nil // not a row of its clubs; step 10 says which field is missing
			}
		}
	}
	if p != nil && !inScope(a, ent, *p) {
		return oos("dòng thuộc nơi khác (the row is outside your scope)")
	}
	return p, nil, nil
}

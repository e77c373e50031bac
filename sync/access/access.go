// Package access decides who may read or write what: CONTRACT.md's table of
// roles and scope, with each entity's access, scope and visible fields read
// from schema/entities.json. It is the one place for these rules: the sync
// engine asks it before every write, the pull before sending a row, and
// review, audit, indicators, reports and user management before answering.
// The store only turns a Scope into SQL. It holds no HTTP and no SQL.
package access

import (
	"slices"
	"strings"

	"clb/schema"
)

// Roles.
const (
	RoleAdmin        = "admin"
	RoleOfficer      = "commune_officer"
	RoleHealthWorker = "health_worker"
	RoleClubBoard    = "club_board"
)

// Roles lists every role.
var Roles = []string{RoleAdmin, RoleOfficer, RoleHealthWorker, RoleClubBoard}

// Who may call which endpoint (CONTRACT.md "Endpoints by role"); push, pull
// and review are open to every role, each answer then kept to the caller's
// scope by the functions below.
var (
	ManagesUsers    = []string{RoleAdmin, RoleOfficer} // GET/POST /users, PATCH/DELETE /users/:id
	ReadsAudit      = []string{RoleAdmin, RoleOfficer}
	ReadsReports    = []string{RoleAdmin, RoleOfficer}
	ReadsIndicators = []string{RoleAdmin, RoleOfficer, RoleClubBoard}
	ReadsHealthList = []string{RoleAdmin, RoleOfficer, RoleHealthWorker}
	Imports         = []string{RoleAdmin, RoleOfficer, RoleClubBoard} // GET /imports/template, POST /imports, POST /imports/:id/commit
)

// Actor is who reads or writes: the user and the device of the session.
type Actor struct {
	UserID    string
	Username  string
	Role      string
	CommuneID string   // empty for admins
	ClubIDs   []string // club boards only
	DeviceID  string
}

// HasClub reports whether a club board holds the club.
func (a Actor) HasClub(id string) bool { return slices.Contains(a.ClubIDs, id) }

// Place is where a row sits: its commune and, for club rows, its club. It is
// fixed when the row is created.
type Place struct{ CommuneID, ClubID string }

// InScope reports whether a row of the entity at p is within the actor's
// commune or clubs (a club board reads commune-level entities by commune).
func InScope(a Actor, ent *schema.Entity, p Place) bool {
	switch a.Role {
	case RoleAdmin:
		return true
	case RoleClubBoard:
		if byCommune(a, ent) {
			return p.CommuneID != "" && p.CommuneID == a.CommuneID
		}
		return p.ClubID != "" && a.HasClub(p.ClubID)
	}
	return p.CommuneID != "" && p.CommuneID == a.CommuneID
}

// byCommune: the actor reads this entity by commune rather than by club.
func byCommune(a Actor, ent *schema.Entity) bool {
	return a.Role != RoleClubBoard || ent.Scope == "commune" || ent.Scope == "commune_self"
}

// CanRead reports whether the actor may read a row of the entity at p.
func CanRead(a Actor, ent *schema.Entity, p Place) bool {
	if a.Role == RoleAdmin {
		return true
	}
	return strings.Contains(ent.Access[a.Role], "r") && InScope(a, ent, p)
}

// CanWrite reports whether the actor's role may write the entity at all:
// "w" creates and updates, "u" only updates an existing row. Where the row
// sits is InScope's question.
func CanWrite(a Actor, ent *schema.Entity, update bool) bool {
	if a.Role == RoleAdmin {
		return true
	}
	acc := ent.Access[a.Role]
	return strings.Contains(acc, "w") || update && strings.Contains(acc, "u")
}

// Visible reports whether the actor may read this field of the entity (a
// health worker reads a member's name, sex, birth year, club, village and
// dates, nothing else).
func Visible(a Actor, ent *schema.Entity, field string) bool {
	v := ent.Visible[a.Role]
	return v == nil || slices.Contains(v, field)
}

// MayUseClub reports whether the actor may name this club (a club_id in a
// change or a query): a club board its own clubs, others the clubs of their
// commune.
func MayUseClub(a Actor, club Place) bool {
	switch a.Role {
	case RoleAdmin:
		return true
	case RoleClubBoard:
		return a.HasClub(club.ClubID)
	}
	return club.CommuneID == a.CommuneID
}

// MayUseCommune reports whether the actor may name this commune in a change.
func MayUseCommune(a Actor, communeID string) bool {
	return a.Role == RoleAdmin || communeID == a.CommuneID
}

// MayQueryCommune reports whether the actor may ask for a commune's figures
// (indicators, reports, the health list); club boards ask by club.
func MayQueryCommune(a Actor, communeID string) bool {
	return a.Role == RoleAdmin || a.Role != RoleClubBoard && communeID == a.CommuneID
}

// MayReadReport reports whether the actor may fetch a stored report of the
// commune.
func MayReadReport(a Actor, communeID string) bool { return MayUseCommune(a, communeID) }

// MayRecordReading: a club board records club readings, a health worker
// health-station readings.
func MayRecordReading(a Actor, measuredBy any) bool {
	return !(a.Role == RoleClubBoard && measuredBy == "health_station" || a.Role == RoleHealthWorker && measuredBy == "club")
}

// MayVoidReading: a club board voids only club readings, a health worker only
// the health station's.
func MayVoidReading(a Actor, measuredBy any) bool {
	return !(a.Role == RoleHealthWorker && measuredBy != "health_station" || a.Role == RoleClubBoard && measuredBy != "club")
}

// NewPlace is where a new row of the entity goes, from the fields that place
// it: its own id (a commune or club row), commune_id, or the club (nil when
// the change names none) that club_id named. It is nil when those fields are
// missing, or when a club board writes a commune-level row of a commune_club
// entity (not a row of its clubs).
func NewPlace(a Actor, ent *schema.Entity, rowID, communeID string, club *Place) *Place {
	switch ent.Scope {
	case "commune_self":
		return &Place{CommuneID: rowID}
	case "commune":
		if communeID != "" {
			return &Place{CommuneID: communeID}
		}
	case "club_self":
		if communeID != "" {
			return &Place{CommuneID: communeID, ClubID: rowID}
		}
	case "club":
		if club != nil {
			return &Place{CommuneID: club.CommuneID, ClubID: club.ClubID}
		}
	case "commune_club":
		if communeID == "" {
			return nil
		}
		p := &Place{CommuneID: communeID}
		if club != nil {
			p.ClubID = club.ClubID
		}
		if a.Role == RoleClubBoard && p.ClubID == "" {
			return nil
		}
		return p
	}
	return nil
}

// Ref is a row an answer names: its entity (nil when the row or its entity
// is unknown) and where it sits.
type Ref struct {
	Entity *schema.Entity
	Place  Place
}

// MayReview reports whether the actor sees an item of review naming these
// rows: it must read every one of them; a health worker sees only items
// about readings, of its commune.
func MayReview(a Actor, aboutReadings bool, rows []Ref) bool {
	if a.Role == RoleHealthWorker {
		return aboutReadings && len(rows) > 0 && rows[0].Entity != nil && rows[0].Place.CommuneID == a.CommuneID
	}
	for _, r := range rows {
		if r.Entity == nil || !CanRead(a, r.Entity, r.Place) {
			return false
		}
	}
	return true
}

// MayManageUser reports whether the actor may create, change or disable an
// account of the role in the commune: admins every account, an officer the
// club boards and health workers of its commune.
func MayManageUser(a Actor, role string, communeID *string) bool {
	if a.Role == RoleAdmin {
		return true
	}
	if a.Role != RoleOfficer || role != RoleClubBoard && role != RoleHealthWorker {
		return false
	}
	return communeID != nil && a.CommuneID != "" && *communeID == a.CommuneID
}

// UsersCommune is the commune whose accounts the actor lists ("" for all).
func UsersCommune(a Actor) string {
	if a.Role == RoleAdmin {
		return ""
	}
	return a.CommuneID
}

// Scope is what an actor reads, for a pull: every row (All), or the rows of
// the ByCommune entities in CommuneID and of the ByClub entities in ClubIDs.
// The zero Scope reads nothing.
type Scope struct {
	All       bool
	CommuneID string
	ByCommune []string
	ByClub    []string
	ClubIDs   []string
}

// ReadScope is the actor's Scope from the schema's access table.
func ReadScope(s *schema.Schema, a Actor) Scope {
	if a.Role == RoleAdmin {
		return Scope{All: true}
	}
	sc := Scope{CommuneID: a.CommuneID, ClubIDs: a.ClubIDs}
	for _, e := range s.Entities {
		if !strings.Contains(e.Access[a.Role], "r") {
			continue
		}
		if byCommune(a, e) {
			sc.ByCommune = append(sc.ByCommune, e.Name)
		} else {
			sc.ByClub = append(sc.ByClub, e.Name)
		}
	}
	return sc
}

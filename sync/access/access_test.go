package access_test

import (
	"slices"
	"testing"

	"clb/schema"
	"clb/sync/access"
)

const (
	home, away   = "commune-home", "commune-away"
	mine, theirs = "club-mine", "club-theirs"
)

var (
	admin   = access.Actor{Role: access.RoleAdmin}
	officer = access.Actor{Role: access.RoleOfficer, CommuneID: home}
	health  = access.Actor{Role: access.RoleHealthWorker, CommuneID: home}
	board   = access.Actor{Role: access.RoleClubBoard, CommuneID: home, ClubIDs: []string{mine}}
)

func entity(t *testing.T, name string) *schema.Entity {
	t.Helper()
	e, ok := schema.MustLoad().Entity(name)
	if !ok {
		t.Fatalf("no entity %s", name)
	}
	return e
}

func TestCanRead(t *testing.T) {
	atMine := access.Place{CommuneID: home, ClubID: mine}
	atTheirs := access.Place{CommuneID: home, ClubID: theirs}
	atAway := access.Place{CommuneID: away, ClubID: "club-away"}
	tests := []struct {
		name   string
		a      access.Actor
		entity string
		p      access.Place
		want   bool
	}{
		{"admin reads another commune", admin, "loan", atAway, true},
		{"officer reads a club of its commune", officer, "loan", atTheirs, true},
		{"officer not another commune", officer, "loan", atAway, false},
		{"board reads its club", board, "loan", atMine, true},
		{"board not another club of its commune", board, "loan", atTheirs, false},
		{"board reads its commune's targets", board, "target", access.Place{CommuneID: home}, true},
		{"board not another commune's targets", board, "target", access.Place{CommuneID: away}, false},
		{"health worker reads members", health, "member", atTheirs, true},
		{"health worker not loans", health, "loan", atTheirs, false},
		{"health worker not another commune", health, "health_check", atAway, false},
		{"board not a commune-level training", board, "training", access.Place{CommuneID: home}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := access.CanRead(tt.a, entity(t, tt.entity), tt.p); got != tt.want {
				t.Errorf("CanRead = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestCanWrite(t *testing.T) {
	tests := []struct {
		a      access.Actor
		entity string
		update bool
		want   bool
	}{
		{officer, "commune", true, true},
		{officer, "commune", false, false}, // "ru": update only
		{board, "target", true, false},
		{board, "loan", false, true},
		{health, "health_check", false, true},
		{health, "member", true, false},
		{admin, "commune", false, true},
	}
	for _, tt := range tests {
		if got := access.CanWrite(tt.a, entity(t, tt.entity), tt.update); got != tt.want {
			t.Errorf("CanWrite(%s, %s, update %v) = %v, want %v", tt.a.Role, tt.entity, tt.update, got, tt.want)
		}
	}
}

func TestVisible(t *testing.T) {
	m := entity(t, "member")
	if !access.Visible(health, m, "full_name") || access.Visible(health, m, "phone") {
		t.Error("a health worker reads a member's name, not the phone")
	}
	if !access.Visible(officer, m, "phone") || !access.Visible(board, m, "phone") {
		t.Error("officers and boards read every field")
	}
}

func TestMayUseClubAndCommune(t *testing.T) {
	theirClub := access.Place{CommuneID: home, ClubID: theirs}
	awayClub := access.Place{CommuneID: away, ClubID: "club-away"}
	switch {
	case !access.MayUseClub(board, access.Place{CommuneID: home, ClubID: mine}):
		t.Error("board may name its club")
	case access.MayUseClub(board, theirClub):
		t.Error("board may not name another club of its commune")
	case !access.MayUseClub(officer, theirClub) || access.MayUseClub(officer, awayClub):
		t.Error("officer names the clubs of its commune only")
	case !access.MayUseClub(admin, awayClub):
		t.Error("admin names every club")
	case !access.MayUseCommune(board, home) || access.MayUseCommune(board, away):
		t.Error("board names its commune only in a change")
	case access.MayQueryCommune(board, home):
		t.Error("a board asks for figures by club, not by commune")
	case !access.MayQueryCommune(officer, home) || access.MayQueryCommune(officer, away) || !access.MayQueryCommune(admin, away):
		t.Error("officer asks for its commune, admin for any")
	}
}

func TestReadings(t *testing.T) {
	if access.MayRecordReading(board, "health_station") || !access.MayRecordReading(board, "club") {
		t.Error("a board records club readings")
	}
	if access.MayRecordReading(health, "club") || !access.MayRecordReading(health, "health_station") {
		t.Error("a health worker records health-station readings")
	}
	if access.MayVoidReading(health, "club") || !access.MayVoidReading(health, "health_station") ||
		access.MayVoidReading(board, "health_station") || !access.MayVoidReading(board, "club") || !access.MayVoidReading(officer, "club") {
		t.Error("each voids its own kind of readings; an officer any")
	}
}

func TestNewPlace(t *testing.T) {
	club := &access.Place{CommuneID: home, ClubID: mine}
	tests := []struct {
		name, entity, communeID string
		a                       access.Actor
		club                    *access.Place
		want                    *access.Place
	}{
		{"a commune sits in itself", "commune", "", admin, nil, &access.Place{CommuneID: "row"}},
		{"a village in its commune", "village", home, officer, nil, &access.Place{CommuneID: home}},
		{"a village without commune_id", "village", "", officer, nil, nil},
		{"a club in itself", "club", home, officer, nil, &access.Place{CommuneID: home, ClubID: "row"}},
		{"a loan in its club", "loan", "", board, club, club},
		{"a loan without club", "loan", "", board, nil, nil},
		{"an officer's commune training", "training", home, officer, nil, &access.Place{CommuneID: home}},
		{"a board's club training", "training", home, board, club, club},
		{"a board's commune training", "training", home, board, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := access.NewPlace(tt.a, entity(t, tt.entity), "row", tt.communeID, tt.club)
			if (got == nil) != (tt.want == nil) || got != nil && *got != *tt.want {
				t.Errorf("NewPlace = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestMayManageUser(t *testing.T) {
	h, a := home, away
	tests := []struct {
		a       access.Actor
		role    string
		commune *string
		want    bool
	}{
		{admin, access.RoleOfficer, &a, true},
		{officer, access.RoleClubBoard, &h, true},
		{officer, access.RoleHealthWorker, &h, true},
		{officer, access.RoleClubBoard, &a, false},
		{officer, access.RoleOfficer, &h, false},
		{officer, access.RoleClubBoard, nil, false},
		{board, access.RoleClubBoard, &h, false},
	}
	for _, tt := range tests {
		if got := access.MayManageUser(tt.a, tt.role, tt.commune); got != tt.want {
			t.Errorf("MayManageUser(%s, %s) = %v, want %v", tt.a.Role, tt.role, got, tt.want)
		}
	}
	if access.UsersCommune(admin) != "" || access.UsersCommune(officer) != home {
		t.Error("admins list every account, officers their commune's")
	}
}

func TestMayReview(t *testing.T) {
	loan, hc := entity(t, "loan"), entity(t, "health_check")
	mineRef := access.Ref{Entity: loan, Place: access.Place{CommuneID: home, ClubID: mine}}
	theirsRef := access.Ref{Entity: loan, Place: access.Place{CommuneID: home, ClubID: theirs}}
	reading := access.Ref{Entity: hc, Place: access.Place{CommuneID: home, ClubID: theirs}}
	switch {
	case !access.MayReview(board, false, []access.Ref{mineRef}):
		t.Error("a board sees items of its club")
	case access.MayReview(board, false, []access.Ref{mineRef, theirsRef}):
		t.Error("a board does not see an item naming another club's row")
	case access.MayReview(officer, false, []access.Ref{mineRef, {}}):
		t.Error("an item naming an unknown row is hidden")
	case !access.MayReview(health, true, []access.Ref{reading}):
		t.Error("a health worker sees items about readings of its commune")
	case access.MayReview(health, false, []access.Ref{theirsRef}):
		t.Error("a health worker sees nothing else")
	case access.MayReview(health, true, []access.Ref{{Entity: hc, Place: access.Place{CommuneID: away}}}):
		t.Error("nor readings of another commune")
	}
}

func TestReadScope(t *testing.T) {
	s := schema.MustLoad()
	if sc := access.ReadScope(s, admin); !sc.All {
		t.Error("admin reads all")
	}
	sc := access.ReadScope(s, board)
	if sc.All || sc.CommuneID != home || !slices.Equal(sc.ClubIDs, []string{mine}) {
		t.Fatalf("board scope %+v", sc)
	}
	if !slices.Contains(sc.ByCommune, "target") || !slices.Contains(sc.ByClub, "loan") || slices.Contains(sc.ByCommune, "loan") {
		t.Errorf("board reads targets by commune, loans by club: %+v", sc)
	}
	hs := access.ReadScope(s, health)
	if slices.Contains(hs.ByCommune, "loan") || !slices.Contains(hs.ByCommune, "member") || len(hs.ByClub) != 0 {
		t.Errorf("health worker reads members, not loans, by commune: %+v", hs)
	}
	if (access.Scope{}).All {
		t.Error("the zero Scope reads nothing")
	}
}

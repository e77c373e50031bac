// Package users holds the rules of accounts (CONTRACT.md "Users"): user
// names, passwords, full names, and the commune and clubs each role needs.
// The HTTP API, the command line and the demo create and change accounts
// through it; who may manage which account is package access's question.
package users

import (
	"context"
	"errors"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"

	"clb/server/auth"
	"clb/server/fault"
	"clb/server/store"
	changes "clb/sync"
	"clb/sync/access"
)

var usernamePattern = regexp.MustCompile(`^[a-z0-9._-]{3,64}$`)

// ValidUsername reports whether name (trimmed, lower-case) can be a
// username: a login naming anything else cannot succeed and is not looked up.
func ValidUsername(name string) bool { return usernamePattern.MatchString(name) }

// Input is what creating a user needs.
type Input struct {
	Username  string
	Password  string
	FullName  string
	Role      string
	CommuneID *string
	ClubIDs   []string
}

// New checks the input against CONTRACT.md and the stored communes and
// clubs, and returns the user to insert.
func New(ctx context.Context, db *store.DB, in Input) (*store.User, error) {
	name, full, err := check(in)
	if err != nil {
		return nil, err
	}
	u := &store.User{ID: uuid.NewString(), Username: name, FullName: full, Role: in.Role, ClubIDs: []string{}}
	if err := CheckPlace(ctx, db, in.Role, in.CommuneID, in.ClubIDs); err != nil {
		return nil, err
	}
	u.CommuneID = in.CommuneID
	if in.Role == access.RoleClubBoard {
		u.ClubIDs = in.ClubIDs
	}
	if u.PasswordHash, err = auth.HashPassword(in.Password); err != nil {
		return nil, err
	}
	return u, nil
}

// Check is what New checks without the store: the user name, password, full
// name and role, and that the role has a commune (not an admin) and clubs (a
// club board) or none.
func Check(in Input) error {
	if _, _, err := check(in); err != nil {
		return err
	}
	if err := checkPlaceKnown(in.Role, in.CommuneID); err != nil {
		return err
	}
	return checkClubsKnown(in.Role, in.ClubIDs)
}

// check gives the normalised user name and full name.
func check(in Input) (name, full string, err error) {
	name = strings.ToLower(strings.TrimSpace(in.Username))
	if !usernamePattern.MatchString(name) {
		return "", "", fault.Invalid("username", "Tên đăng nhập: 3–64 ký tự a-z, 0-9, . _ - (3–64 of a-z, 0-9, . _ -)")
	}
	if err := CheckPassword(name, in.Password); err != nil {
		return "", "", err
	}
	if full, err = FullName(in.FullName); err != nil {
		return "", "", err
	}
	if !slices.Contains(access.Roles, in.Role) {
		return "", "", fault.Invalid("role", "Vai trò không hợp lệ (unknown role)")
	}
	return name, full, nil
}

// Create checks the input and stores the user (conflict when the user name
// is taken).
func Create(ctx context.Context, db *store.DB, in Input) (*store.User, error) {
	u, err := New(ctx, db, in)
	if err != nil {
		return nil, err
	}
	if err := db.CreateUser(ctx, u); err != nil {
		if errors.Is(err, store.ErrConflict) {
			return nil, fault.New(fault.Conflict, "Tên đăng nhập đã có người dùng (username taken)")
		}
		return nil, err
	}
	return u, nil
}

// CheckPassword applies the password policy of server/auth/password.go to
// the password of the account username.
func CheckPassword(username, p string) error {
	if err := auth.CheckPolicy(username, p); err != nil {
		return fault.Invalid("password", err.Error())
	}
	return nil
}

// FullName normalises a full name (NFC, trimmed) and checks it: 1–200
// characters without control or format characters or noncharacters.
func FullName(s string) (string, error) {
	if _, bad := changes.BadTextRune(s); bad {
		return "", fault.Invalid("full_name", "Họ tên chứa ký tự không được phép (contains a control, format or noncharacter)")
	}
	full := changes.NormalizeText(s)
	if full == "" || utf8.RuneCountInString(full) > 200 {
		return "", fault.Invalid("full_name", "Họ tên 1–200 ký tự (full name of 1–200 characters)")
	}
	return full, nil
}

// CheckPlace: admins have no commune; others need a held commune; a club
// board needs clubs of that commune, others none.
func CheckPlace(ctx context.Context, db *store.DB, role string, communeID *string, clubIDs []string) error {
	if err := checkPlaceKnown(role, communeID); err != nil {
		return err
	}
	if role != access.RoleAdmin {
		r, err := db.Row(ctx, *communeID)
		if err != nil {
			return err
		}
		if !changes.IsUUID(*communeID) || r == nil || r.Entity != "commune" {
			return fault.Invalid("commune_id", "Không có xã này (unknown commune)")
		}
	}
	if err := checkClubsKnown(role, clubIDs); err != nil || role != access.RoleClubBoard {
		return err
	}
	seen := map[string]bool{}
	for _, id := range clubIDs {
		r, err := db.Row(ctx, id)
		if err != nil {
			return err
		}
		if seen[id] || !changes.IsUUID(id) || r == nil || r.Entity != "club" || r.CommuneID != *communeID {
			return fault.Invalid("club_ids", "Câu lạc bộ không thuộc xã (a club not of the commune)")
		}
		seen[id] = true
	}
	return nil
}

// checkPlaceKnown: an admin has no commune, every other role one.
func checkPlaceKnown(role string, communeID *string) error {
	switch {
	case role == access.RoleAdmin && communeID != nil:
		return fault.Invalid("commune_id", "Quản trị viên không thuộc xã nào (admins have commune_id null)")
	case role != access.RoleAdmin && communeID == nil:
		return fault.Missing("commune_id")
	}
	return nil
}

// checkClubsKnown: a club board has clubs, every other role none.
func checkClubsKnown(role string, clubIDs []string) error {
	switch {
	case role != access.RoleClubBoard && len(clubIDs) > 0:
		return fault.Invalid("club_ids", "Chỉ Ban Chủ nhiệm có câu lạc bộ (only club boards have clubs)")
	case role == access.RoleClubBoard && len(clubIDs) == 0:
		return fault.Invalid("club_ids", "Ban Chủ nhiệm cần ít nhất một câu lạc bộ (a club board needs a club)")
	}
	return nil
}

// Change is a change to an account; nil members stay as they are.
type Change struct {
	FullName *string
	Password *string
	ClubIDs  *[]string
	Disabled *bool
}

// Apply checks the change and applies it to u; it reports whether the clubs
// of a club board changed (its phones then pull again from the start).
func Apply(ctx context.Context, db *store.DB, u *store.User, ch Change) (clubsChanged bool, err error) {
	if ch.FullName != nil {
		if u.FullName, err = FullName(*ch.FullName); err != nil {
			return false, err
		}
	}
	if ch.Password != nil {
		if err := CheckPassword(u.Username, *ch.Password); err != nil {
			return false, err
		}
		if u.PasswordHash, err = auth.HashPassword(*ch.Password); err != nil {
			return false, err
		}
	}
	if ch.ClubIDs != nil {
		if err := CheckPlace(ctx, db, u.Role, u.CommuneID, *ch.ClubIDs); err != nil {
			return false, err
		}
		if u.Role == access.RoleClubBoard {
			clubsChanged = !sameSet(u.ClubIDs, *ch.ClubIDs)
			u.ClubIDs = *ch.ClubIDs
		}
	}
	if ch.Disabled != nil {
		u.Disabled = *ch.Disabled
	}
	return clubsChanged, nil
}

func sameSet(a, b []string) bool {
	x, y := slices.Clone(a), slices.Clone(b)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(x, y)
}

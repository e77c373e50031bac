package api

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"clb/server/auth"
	"clb/server/store"
	changes "clb/sync"
)

var usernamePattern = regexp.MustCompile(`^[a-z0-9._-]{3,64}$`)

var roles = []string{changes.RoleAdmin, changes.RoleOfficer, changes.RoleHealthWorker, changes.RoleClubBoard}

// UserInput is what creating a user needs; the command line uses it too.
type UserInput struct {
	Username  string
	Password  string
	FullName  string
	Role      string
	CommuneID *string
	ClubIDs   []string
}

// NewUser checks the input against CONTRACT.md and the stored communes and
// clubs, and returns the user to insert.
func NewUser(ctx context.Context, db *store.DB, in UserInput) (*store.User, error) {
	name := strings.ToLower(strings.TrimSpace(in.Username))
	if !usernamePattern.MatchString(name) {
		return nil, badValue("username", "Tên đăng nhập: 3–64 ký tự a-z, 0-9, . _ - (3–64 of a-z, 0-9, . _ -)")
	}
	if err := checkPassword(name, in.Password); err != nil {
		return nil, err
	}
	full, err := checkFullName(in.FullName)
	if err != nil {
		return nil, err
	}
	if !slices.Contains(roles, in.Role) {
		return nil, badValue("role", "Vai trò không hợp lệ (unknown role)")
	}
	u := &store.User{ID: uuid.NewString(), Username: name, FullName: full, Role: in.Role, ClubIDs: []string{}}
	if err := checkPlace(ctx, db, in.Role, in.CommuneID, in.ClubIDs); err != nil {
		return nil, err
	}
	u.CommuneID = in.CommuneID
	if in.Role == changes.RoleClubBoard {
		u.ClubIDs = in.ClubIDs
	}
	hash, err := auth.HashPassword(in.Password)
	if err != nil {
		return nil, err
	}
	u.PasswordHash = hash
	return u, nil
}

// checkPassword applies the password policy (server/auth/password.go).
func checkPassword(username, p string) error {
	if err := auth.CheckPolicy(username, p); err != nil {
		return badValue("password", err.Error())
	}
	return nil
}

// checkFullName: 1–200 characters of text without control or format
// characters or noncharacters, trimmed and NFC.
func checkFullName(s string) (string, error) {
	if _, bad := changes.BadTextRune(s); bad {
		return "", badValue("full_name", "Họ tên chứa ký tự không được phép (contains a control, format or noncharacter)")
	}
	full := changes.NormalizeText(s)
	if full == "" || utf8.RuneCountInString(full) > 200 {
		return "", badValue("full_name", "Họ tên 1–200 ký tự (full name of 1–200 characters)")
	}
	return full, nil
}

// checkPlace: admins have no commune; others need a held commune; a club
// board needs clubs of that commune, others none.
func checkPlace(ctx context.Context, db *store.DB, role string, communeID *string, clubIDs []string) error {
	if role == changes.RoleAdmin {
		if communeID != nil {
			return badValue("commune_id", "Quản trị viên không thuộc xã nào (admins have commune_id null)")
		}
	} else {
		if communeID == nil {
			return missing("commune_id")
		}
		r, err := db.Row(ctx, *communeID)
		if err != nil {
			return err
		}
		if !changes.IsUUID(*communeID) || r == nil || r.Entity != "commune" {
			return badValue("commune_id", "Không có xã này (unknown commune)")
		}
	}
	if role != changes.RoleClubBoard {
		if len(clubIDs) > 0 {
			return badValue("club_ids", "Chỉ Ban Chủ nhiệm có câu lạc bộ (only club boards have clubs)")
		}
		return nil
	}
	if len(clubIDs) == 0 {
		return badValue("club_ids", "Ban Chủ nhiệm cần ít nhất một câu lạc bộ (a club board needs a club)")
	}
	seen := map[string]bool{}
	for _, id := range clubIDs {
		r, err := db.Row(ctx, id)
		if err != nil {
			return err
		}
		if seen[id] || !changes.IsUUID(id) || r == nil || r.Entity != "club" || r.CommuneID != *communeID {
			return badValue("club_ids", "Câu lạc bộ không thuộc xã (a club not of the commune)")
		}
		seen[id] = true
	}
	return nil
}

// mayManage: admins manage everyone; an officer manages the boards and health
// workers of its commune.
func mayManage(k *Caller, role string, communeID *string) bool {
	if k.User.Role == changes.RoleAdmin {
		return true
	}
	if role != changes.RoleClubBoard && role != changes.RoleHealthWorker {
		return false
	}
	return communeID != nil && k.User.CommuneID != nil && *communeID == *k.User.CommuneID
}

func (s *Server) createUser(c echo.Context) error {
	var in struct {
		Username  *string          `json:"username"`
		Password  *string          `json:"password"`
		FullName  *string          `json:"full_name"`
		Role      *string          `json:"role"`
		CommuneID *json.RawMessage `json:"commune_id"`
		ClubIDs   []string         `json:"club_ids"`
	}
	unknown, err := decodeBody(c, &in)
	if err != nil {
		return err
	}
	k := caller(c)
	if in.Role == nil {
		return missing("role")
	}
	var commune *string
	if in.CommuneID != nil && string(*in.CommuneID) != "null" {
		var s string
		if json.Unmarshal(*in.CommuneID, &s) != nil {
			return badValue("commune_id", "commune_id phải là chuỗi UUID (must be a UUID string)")
		}
		commune = &s
	}
	if k.User.Role == changes.RoleOfficer {
		// The role asked for is checked before the other fields.
		if !mayManage(k, *in.Role, k.User.CommuneID) || (commune != nil && *commune != *k.User.CommuneID) {
			return errForbidden
		}
	}
	if unknown != "" {
		return unknownField(unknown)
	}
	switch {
	case in.Username == nil:
		return missing("username")
	case in.Password == nil:
		return missing("password")
	case in.FullName == nil:
		return missing("full_name")
	}
	u, err := NewUser(c.Request().Context(), s.DB, UserInput{Username: *in.Username, Password: *in.Password, FullName: *in.FullName,
		Role: *in.Role, CommuneID: commune, ClubIDs: in.ClubIDs})
	if err != nil {
		return err
	}
	if err := s.DB.CreateUser(c.Request().Context(), u); errors.Is(err, store.ErrConflict) {
		return errf(http.StatusConflict, "conflict", "Tên đăng nhập đã có người dùng (username taken)")
	} else if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, u)
}

func (s *Server) listUsers(c echo.Context) error {
	k := caller(c)
	commune := ""
	if k.User.Role != changes.RoleAdmin {
		commune = *k.User.CommuneID
	}
	users, err := s.DB.Users(c.Request().Context(), commune)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"users": users})
}

// target loads the user named in the path and checks the caller may manage it.
func (s *Server) target(c echo.Context) (*store.User, error) {
	id := c.Param("id")
	if !changes.IsUUID(id) {
		return nil, errNotFound
	}
	u, err := s.DB.UserByID(c.Request().Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errNotFound
	}
	if err != nil {
		return nil, err
	}
	if !mayManage(caller(c), u.Role, u.CommuneID) {
		return nil, errForbidden
	}
	return u, nil
}

func (s *Server) patchUser(c echo.Context) error {
	var in struct {
		FullName *string   `json:"full_name"`
		Password *string   `json:"password"`
		ClubIDs  *[]string `json:"club_ids"`
		Disabled *bool     `json:"disabled"`
	}
	unknown, err := decodeBody(c, &in)
	if err != nil {
		return err
	}
	u, err := s.target(c)
	if err != nil {
		return err
	}
	if unknown != "" {
		return unknownField(unknown)
	}
	if in.Disabled != nil && *in.Disabled && u.ID == caller(c).User.ID {
		return errForbidden
	}
	ctx := c.Request().Context()
	if in.FullName != nil {
		full, err := checkFullName(*in.FullName)
		if err != nil {
			return err
		}
		u.FullName = full
	}
	if in.Password != nil {
		if err := checkPassword(u.Username, *in.Password); err != nil {
			return err
		}
		if u.PasswordHash, err = auth.HashPassword(*in.Password); err != nil {
			return err
		}
	}
	clubsChanged := false
	if in.ClubIDs != nil {
		if err := checkPlace(ctx, s.DB, u.Role, u.CommuneID, *in.ClubIDs); err != nil {
			return err
		}
		if u.Role == changes.RoleClubBoard {
			clubsChanged = !sameSet(u.ClubIDs, *in.ClubIDs)
			u.ClubIDs = *in.ClubIDs
		}
	}
	if in.Disabled != nil {
		u.Disabled = *in.Disabled
	}
	if err := s.DB.UpdateUser(ctx, u, clubsChanged); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, u)
}

func sameSet(a, b []string) bool {
	x, y := slices.Clone(a), slices.Clone(b)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(x, y)
}

func (s *Server) deleteUser(c echo.Context) error {
	u, err := s.target(c)
	if err != nil {
		return err
	}
	if u.ID == caller(c).User.ID {
		return errForbidden
	}
	u.Disabled = true
	if err := s.DB.UpdateUser(c.Request().Context(), u, false); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// unknownField answers a key that a user body does not define (a user
// PATCH cannot change the role, for one).
func unknownField(key string) error {
	return badValue(key, "Trường không được phép (field not allowed): "+key)
}

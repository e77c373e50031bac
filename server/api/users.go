package api

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"clb/server/store"
	"clb/server/users"
	changes "clb/sync"
	"clb/sync/access"
)

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
		if !access.MayManageUser(k.Actor(), *in.Role, k.User.CommuneID) || (commune != nil && *commune != *k.User.CommuneID) {
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
	u, err := users.Create(c.Request().Context(), s.DB, users.Input{Username: *in.Username, Password: *in.Password, FullName: *in.FullName,
		Role: *in.Role, CommuneID: commune, ClubIDs: in.ClubIDs})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, u)
}

func (s *Server) listUsers(c echo.Context) error {
	k := caller(c)
	list, err := s.DB.Users(c.Request().Context(), access.UsersCommune(k.Actor()))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"users": list})
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
	if !access.MayManageUser(caller(c).Actor(), u.Role, u.CommuneID) {
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
	clubsChanged, err := users.Apply(ctx, s.DB, u, users.Change{FullName: in.FullName, Password: in.Password, ClubIDs: in.ClubIDs, Disabled: in.Disabled})
	if err != nil {
		return err
	}
	if err := s.DB.UpdateUser(ctx, u, clubsChanged); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, u)
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

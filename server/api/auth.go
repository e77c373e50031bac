package api

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"math"
	"net/http"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"clb/server/auth"
	"clb/server/fault"
	"clb/server/store"
	"clb/server/users"
	changes "clb/sync"
)

// Rate limits of failed logins (CONTRACT.md).
const (
	failWindow      = 15 * time.Minute
	failsPerUser    = 5
	failsPerAddress = 20
	refreshGrace    = 10 * time.Second
	// refreshMaxAge bounds an offline session: 30 days after the last refresh.
	refreshMaxAge = 30 * 24 * time.Hour
)

type loginUser struct {
	ID        string   `json:"id"`
	Username  string   `json:"username"`
	FullName  string   `json:"full_name"`
	Role      string   `json:"role"`
	CommuneID *string  `json:"commune_id"`
	ClubIDs   []string `json:"club_ids"`
}

type tokenAnswer struct {
	AccessToken  string    `json:"access_token"`
	RefreshToken string    `json:"refresh_token"`
	ExpiresIn    int       `json:"expires_in"`
	User         loginUser `json:"user"`
}

func (s *Server) answerTokens(c echo.Context, u *store.User, sessionID string, gen int64, refresh string) error {
	access, err := s.Keys.Issue(u.ID, sessionID, gen, s.Now())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, tokenAnswer{AccessToken: access, RefreshToken: refresh, ExpiresIn: int(auth.AccessTTL.Seconds()),
		User: loginUser{ID: u.ID, Username: u.Username, FullName: u.FullName, Role: u.Role, CommuneID: u.CommuneID, ClubIDs: u.ClubIDs}})
}

func (s *Server) login(c echo.Context) error {
	var in struct {
		Username   *string `json:"username"`
		Password   *string `json:"password"`
		DeviceID   *string `json:"device_id"`
		DeviceName *string `json:"device_name"`
	}
	if err := decodeStrict(c, &in); err != nil {
		return err
	}
	switch {
	case in.Username == nil:
		return missing("username")
	case in.Password == nil:
		return missing("password")
	case in.DeviceID == nil:
		return missing("device_id")
	}
	if err := checkDeviceID(*in.DeviceID); err != nil {
		return err
	}
	if in.DeviceName != nil {
		if _, bad := changes.BadTextRune(*in.DeviceName); bad || len(*in.DeviceName) > 1000 {
			return badValue("device_name", "device_name: tối đa 1000 byte, không có ký tự điều khiển (at most 1000 bytes, no control or format character)")
		}
	}
	ctx := c.Request().Context()
	name := strings.ToLower(strings.TrimSpace(*in.Username))
	now := s.Now()
	since := now.Add(-failWindow).UnixMilli()
	valid := users.ValidUsername(name)
	userKey := "u:" + name
	if !valid {
		// Not a username (NUL, any length): counted under its hash, never
		// looked up, so that no odd byte reaches the database.
		h := sha256.Sum256([]byte(name))
		userKey = "u:#" + hex.EncodeToString(h[:8])
	}
	// The attempt is counted (as a failure) before the password check, in
	// one write: simultaneous guesses cannot all pass a count taken before
	// any of them is recorded.
	att, err := s.DB.TakeLoginAttempt(ctx, now.UnixMilli(), since,
		store.LoginLimit{Key: userKey, Max: failsPerUser}, store.LoginLimit{Key: "a:" + c.RealIP(), Max: failsPerAddress})
	if err != nil {
		return err
	}
	if att.Blocked {
		wait := int(math.Ceil(time.UnixMilli(att.Oldest).Add(failWindow).Sub(now).Seconds()))
		return &fault.Error{Code: fault.RateLimited, RetryAfter: max(wait, 1),
			Message: "Đăng nhập sai quá nhiều lần, hãy thử lại sau (too many failed logins, try later)"}
	}
	var u *store.User
	if valid {
		u, err = s.DB.UserByName(ctx, name)
	} else {
		err = store.ErrNotFound
	}
	if errors.Is(err, store.ErrNotFound) {
		u = nil
		auth.CheckNoUser(*in.Password)
	} else if err != nil {
		return err
	}
	if u == nil || !auth.CheckPassword(u.PasswordHash, *in.Password) {
		// The attempt stays recorded as a failure.
		s.observer().LoginFailed()
		return errf(fault.Unauthorized, "Sai tên đăng nhập hoặc mật khẩu (wrong username or password)")
	}
	if u.Disabled {
		// The right password: not a failed login, but no session.
		if err := s.DB.ForgiveLoginAttempt(ctx, att, ""); err != nil {
			return err
		}
		return errDisabled
	}
	if err := s.DB.ForgiveLoginAttempt(ctx, att, userKey); err != nil {
		return err
	}
	refresh, hash, err := auth.NewRefreshToken()
	if err != nil {
		return err
	}
	sid := uuid.NewString()
	deviceName := ""
	if in.DeviceName != nil {
		deviceName = changes.NormalizeText(*in.DeviceName)
	}
	if err := s.DB.CreateSession(ctx, sid, u.ID, *in.DeviceID, deviceName, hash, now.UnixMilli()); err != nil {
		return err
	}
	return s.answerTokens(c, u, sid, 0, refresh)
}

// checkDeviceID: a short printable identifier of the phone.
func checkDeviceID(id string) error {
	if strings.TrimSpace(id) == "" || len(id) > 200 || strings.IndexFunc(id, unicode.IsControl) >= 0 {
		return badValue("device_id", "device_id: 1–200 ký tự, không có ký tự điều khiển (1–200 printable characters)")
	}
	return nil
}

func (s *Server) refresh(c echo.Context) error {
	var in struct {
		RefreshToken *string `json:"refresh_token"`
	}
	if err := decodeStrict(c, &in); err != nil {
		return err
	}
	if in.RefreshToken == nil {
		return missing("refresh_token")
	}
	ctx := c.Request().Context()
	presented := auth.HashToken(*in.RefreshToken)
	if owner, err := s.DB.RefreshOwner(ctx, presented); err != nil {
		return err
	} else if owner != nil && owner.Disabled {
		return errDisabled
	}
	refresh, hash, err := auth.NewRefreshToken()
	if err != nil {
		return err
	}
	sess, err := s.DB.RotateRefresh(ctx, presented, hash, s.Now().UnixMilli(), refreshGrace.Milliseconds(), refreshMaxAge.Milliseconds())
	if errors.Is(err, store.ErrRefreshUnknown) || errors.Is(err, store.ErrRefreshReused) {
		return errUnauthorized
	}
	if err != nil {
		return err
	}
	u, err := s.DB.UserByID(ctx, sess.UserID)
	if err != nil {
		return err
	}
	if u.Disabled {
		return errDisabled
	}
	return s.answerTokens(c, u, sess.ID, sess.Gen, refresh)
}

func (s *Server) logout(c echo.Context) error {
	if err := s.DB.RevokeSession(c.Request().Context(), caller(c).SessionID); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// Caller is the authenticated user of a request.
type Caller struct {
	User      *store.User
	SessionID string
	DeviceID  string
}

// Actor is the caller as the sync engine sees it.
func (k *Caller) Actor() changes.Actor {
	a := changes.Actor{UserID: k.User.ID, Username: k.User.Username, Role: k.User.Role, ClubIDs: k.User.ClubIDs, DeviceID: k.DeviceID}
	if k.User.CommuneID != nil {
		a.CommuneID = *k.User.CommuneID
	}
	return a
}

func caller(c echo.Context) *Caller {
	k, _ := c.Get("caller").(*Caller)
	return k
}

// authed checks the bearer token, its live session and enabled user, then
// the endpoint's roles (none listed: every role).
func (s *Server) authed(roles ...string) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			h := c.Request().Header.Get("Authorization")
			token, ok := strings.CutPrefix(h, "Bearer ")
			if !ok {
				return errUnauthorized
			}
			claims, err := s.Keys.Parse(strings.TrimSpace(token), s.Now())
			if err != nil {
				return errUnauthorized
			}
			ctx := c.Request().Context()
			sess, err := s.DB.SessionByID(ctx, claims.SessionID)
			if errors.Is(err, store.ErrNotFound) {
				return errUnauthorized
			}
			if err != nil {
				return err
			}
			if sess.UserID != claims.Subject {
				return errUnauthorized
			}
			u, err := s.DB.UserByID(ctx, sess.UserID)
			if errors.Is(err, store.ErrNotFound) {
				return errUnauthorized
			}
			if err != nil {
				return err
			}
			// A disabled user's phones hear account_disabled (disabling also
			// revoked the sessions) so that they drop the pulled data.
			if u.Disabled {
				return errDisabled
			}
			if sess.Revoked || claims.Gen < sess.MinGen {
				return errUnauthorized
			}
			if len(roles) > 0 && !slices.Contains(roles, u.Role) {
				return errForbidden
			}
			if err := checkQuery(c); err != nil {
				return err
			}
			c.Set("caller", &Caller{User: u, SessionID: sess.ID, DeviceID: sess.DeviceID})
			return next(c)
		}
	}
}

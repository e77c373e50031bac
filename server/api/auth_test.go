package api_test

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

type tokens struct {
	AccessToken  string `json:"access_token"`
	RefreshToken string `json:"refresh_token"`
	ExpiresIn    int    `json:"expires_in"`
	User         struct {
		ID        string   `json:"id"`
		Username  string   `json:"username"`
		FullName  string   `json:"full_name"`
		Role      string   `json:"role"`
		CommuneID *string  `json:"commune_id"`
		ClubIDs   []string `json:"club_ids"`
	} `json:"user"`
}

func (e *env) loginRaw(username, pw, device string) resp {
	e.t.Helper()
	return e.do(req{method: "POST", path: "/api/auth/login", body: map[string]any{"username": username, "password": pw, "device_id": device}})
}

func (e *env) login(username, device string) tokens {
	e.t.Helper()
	r := e.loginRaw(username, password, device)
	if r.status != 200 {
		e.t.Fatalf("login %s: %s", username, r)
	}
	var tk tokens
	if err := json.Unmarshal(r.body, &tk); err != nil {
		e.t.Fatal(err)
	}
	return tk
}

func (e *env) refresh(token string) resp {
	e.t.Helper()
	return e.do(req{method: "POST", path: "/api/auth/refresh", body: map[string]any{"refresh_token": token}})
}

func decodeTokens(t *testing.T, r resp) tokens {
	t.Helper()
	if r.status != 200 {
		t.Fatalf("want 200 tokens, got %s", r)
	}
	var tk tokens
	if err := json.Unmarshal(r.body, &tk); err != nil {
		t.Fatal(err)
	}
	if tk.AccessToken == "" || tk.RefreshToken == "" || tk.ExpiresIn != 900 {
		t.Fatalf("token answer %s", r.body)
	}
	return tk
}

// live reports whether an access token is accepted (pull answers 200).
func (e *env) live(access string) resp {
	e.t.Helper()
	return e.get("/api/sync/pull?limit=1", access)
}

func TestLoginShape(t *testing.T) {
	e := newEnv(t)
	r := e.loginRaw("admin", password, "phone-a")
	tk := decodeTokens(t, r)
	var raw map[string]map[string]any
	json.Unmarshal(r.body, &raw)
	if v, ok := raw["user"]["commune_id"]; !ok || v != nil {
		t.Errorf("admin commune_id: %v (present %v), want null", v, ok)
	}
	if tk.User.Role != "admin" || tk.User.Username != "admin" || tk.User.ID != e.users["admin"].ID || tk.User.FullName != "Người admin" {
		t.Errorf("user %+v", tk.User)
	}
	if tk.User.ClubIDs == nil || len(tk.User.ClubIDs) != 0 {
		t.Errorf("admin club_ids %v, want []", tk.User.ClubIDs)
	}
	if _, ok := raw["user"]["password_hash"]; ok {
		t.Error("login answer carries a hash")
	}
	if len(raw["user"]) != 6 {
		t.Errorf("user has fields %v, want id, username, full_name, role, commune_id, club_ids", raw["user"])
	}
	if r := e.live(tk.AccessToken); r.status != 200 {
		t.Errorf("fresh access token: %s", r)
	}

	b := decodeTokens(t, e.loginRaw("  BCN1 ", password, "phone-b"))
	if b.User.Role != "club_board" || b.User.CommuneID == nil || *b.User.CommuneID != communeA || len(b.User.ClubIDs) != 1 || b.User.ClubIDs[0] != club1 {
		t.Errorf("board user %+v", b.User)
	}
	o := decodeTokens(t, e.loginRaw("canbo", password, "phone-c"))
	if o.User.Role != "commune_officer" || *o.User.CommuneID != communeA || o.User.ClubIDs == nil || len(o.User.ClubIDs) != 0 {
		t.Errorf("officer user %+v", o.User)
	}
}

func TestLoginFailures(t *testing.T) {
	e := newEnv(t)
	bad := e.loginRaw("admin", "wrong-password", "d1")
	unknown := e.loginRaw("nobody", password, "d1")
	wantErr(t, bad, 401, "unauthorized", "")
	wantErr(t, unknown, 401, "unauthorized", "")
	if bad.j["error"].(map[string]any)["message"] != unknown.j["error"].(map[string]any)["message"] {
		t.Errorf("unknown user and wrong password differ: %s / %s", bad, unknown)
	}
	wantErr(t, e.loginRaw("admin", password, ""), 400, "invalid_value", "device_id")

	// A disabled user: account_disabled with the right password.
	if r := e.do(req{method: "DELETE", path: "/api/users/" + e.users["bcn2"].ID, token: e.tok("admin")}); r.status != 204 {
		t.Fatalf("disable: %s", r)
	}
	wantErr(t, e.loginRaw("bcn2", password, "d1"), 401, "account_disabled", "")
}

func TestLoginRateLimitPerUsername(t *testing.T) {
	e := newEnv(t)
	for i := 1; i <= 5; i++ {
		wantErr(t, e.loginRaw("canbo", "wrong-password", "d"), 401, "unauthorized", "")
	}
	// The 6th, even with the right password, is 429 with Retry-After.
	r := e.loginRaw("canbo", password, "d")
	wantErr(t, r, 429, "rate_limited", "")
	ra, err := strconv.Atoi(r.header.Get("Retry-After"))
	if err != nil || ra < 1 || ra > 15*60+1 {
		t.Errorf("Retry-After %q", r.header.Get("Retry-After"))
	}
	// Another username from the same address is not limited.
	if r := e.loginRaw("ytexa", password, "d"); r.status != 200 {
		t.Errorf("another user: %s", r)
	}
	// Still limited 14 minutes later; free after the window.
	e.clk.Advance(14 * time.Minute)
	wantErr(t, e.loginRaw("canbo", password, "d"), 429, "rate_limited", "")
	e.clk.Advance(time.Minute + time.Second)
	if r := e.loginRaw("canbo", password, "d"); r.status != 200 {
		t.Errorf("after the window: %s", r)
	}
}

func TestLoginSuccessClearsUsernameCount(t *testing.T) {
	e := newEnv(t)
	for i := 0; i < 4; i++ {
		wantErr(t, e.loginRaw("canbo", "wrong-password", "d"), 401, "unauthorized", "")
	}
	e.login("canbo", "d")
	for i := 0; i < 5; i++ {
		wantErr(t, e.loginRaw("canbo", "wrong-password", "d"), 401, "unauthorized", "")
	}
	wantErr(t, e.loginRaw("canbo", "wrong-password", "d"), 429, "rate_limited", "")
}

func TestLoginRateLimitPerAddress(t *testing.T) {
	e := newEnv(t)
	// 20 failures from this address, at most 4 per username.
	for i := 0; i < 20; i++ {
		wantErr(t, e.loginRaw(fmt.Sprintf("nobody%d", i%5), "wrong-password", "d"), 401, "unauthorized", "")
	}
	r := e.loginRaw("admin", password, "d")
	wantErr(t, r, 429, "rate_limited", "")
	if r.header.Get("Retry-After") == "" {
		t.Error("no Retry-After")
	}
	e.clk.Advance(15*time.Minute + time.Second)
	if r := e.loginRaw("admin", password, "d"); r.status != 200 {
		t.Errorf("after the window: %s", r)
	}
}

func TestAccessTokenExpiry(t *testing.T) {
	e := newEnv(t)
	tk := e.login("admin", "d")
	e.clk.Advance(14 * time.Minute)
	if r := e.live(tk.AccessToken); r.status != 200 {
		t.Fatalf("within 15 minutes: %s", r)
	}
	e.clk.Advance(time.Minute + time.Second)
	wantErr(t, e.live(tk.AccessToken), 401, "unauthorized", "")
	// The refresh token still gives a new pair.
	tk2 := decodeTokens(t, e.refresh(tk.RefreshToken))
	if r := e.live(tk2.AccessToken); r.status != 200 {
		t.Errorf("refreshed: %s", r)
	}
}

func TestRefreshRotation(t *testing.T) {
	e := newEnv(t)
	t0 := e.login("bcn1", "phone-1")
	t1 := decodeTokens(t, e.refresh(t0.RefreshToken))
	if t1.RefreshToken == t0.RefreshToken || t1.User.Username != "bcn1" || t1.User.ClubIDs[0] != club1 {
		t.Fatalf("rotation answer %+v", t1)
	}
	if r := e.live(t1.AccessToken); r.status != 200 {
		t.Fatalf("new access token: %s", r)
	}
	// The next rotation from the new token.
	e.clk.Advance(20 * time.Second)
	t2 := decodeTokens(t, e.refresh(t1.RefreshToken))
	if r := e.live(t2.AccessToken); r.status != 200 {
		t.Fatalf("second rotation: %s", r)
	}
	// The token rotated away 20 s ago is a reuse: 401, and the session is revoked.
	wantErr(t, e.refresh(t0.RefreshToken), 401, "unauthorized", "")
	wantErr(t, e.live(t2.AccessToken), 401, "unauthorized", "")
	wantErr(t, e.refresh(t2.RefreshToken), 401, "unauthorized", "")
}

func TestRefreshGrace(t *testing.T) {
	e := newEnv(t)
	t0 := e.login("bcn1", "phone-1")
	t1 := decodeTokens(t, e.refresh(t0.RefreshToken))
	// The phone lost that answer and presents t0 again, 9 s later.
	e.clk.Advance(9 * time.Second)
	t2 := decodeTokens(t, e.refresh(t0.RefreshToken))
	if t2.RefreshToken == t1.RefreshToken {
		t.Fatal("grace answer repeats the lost pair")
	}
	// The pair issued before (t1) is invalid; the new pair works.
	wantErr(t, e.live(t1.AccessToken), 401, "unauthorized", "")
	wantErr(t, e.refresh(t1.RefreshToken), 401, "unauthorized", "")
	if r := e.live(t2.AccessToken); r.status != 200 {
		t.Fatalf("grace pair access: %s", r)
	}
	t3 := decodeTokens(t, e.refresh(t2.RefreshToken))
	if r := e.live(t3.AccessToken); r.status != 200 {
		t.Fatalf("after grace, rotation goes on: %s", r)
	}
}

func TestRefreshGraceOnlyOnce(t *testing.T) {
	e := newEnv(t)
	t0 := e.login("bcn1", "phone-1")
	decodeTokens(t, e.refresh(t0.RefreshToken))
	e.clk.Advance(2 * time.Second)
	t2 := decodeTokens(t, e.refresh(t0.RefreshToken))
	e.clk.Advance(2 * time.Second)
	// A second presentation of the rotated-away token is a reuse.
	wantErr(t, e.refresh(t0.RefreshToken), 401, "unauthorized", "")
	wantErr(t, e.live(t2.AccessToken), 401, "unauthorized", "")
	wantErr(t, e.refresh(t2.RefreshToken), 401, "unauthorized", "")
}

func TestRefreshAfterGraceIsReuse(t *testing.T) {
	e := newEnv(t)
	t0 := e.login("bcn1", "phone-1")
	t1 := decodeTokens(t, e.refresh(t0.RefreshToken))
	e.clk.Advance(10*time.Second + time.Millisecond)
	wantErr(t, e.refresh(t0.RefreshToken), 401, "unauthorized", "")
	// The session is revoked: the live pair stops too.
	wantErr(t, e.live(t1.AccessToken), 401, "unauthorized", "")
	wantErr(t, e.refresh(t1.RefreshToken), 401, "unauthorized", "")
	// A new login works.
	t3 := e.login("bcn1", "phone-1")
	if r := e.live(t3.AccessToken); r.status != 200 {
		t.Errorf("new login: %s", r)
	}
}

func TestRefreshUnknownToken(t *testing.T) {
	e := newEnv(t)
	wantErr(t, e.refresh("not-a-token"), 401, "unauthorized", "")
	wantErr(t, e.do(req{method: "POST", path: "/api/auth/refresh", body: `{"refresh_token":5}`}), 400, "invalid_json", "")
}

func TestLogout(t *testing.T) {
	e := newEnv(t)
	tk := e.login("canbo", "phone-1")
	other := e.login("canbo", "phone-2")
	r := e.do(req{method: "POST", path: "/api/auth/logout", token: tk.AccessToken})
	if r.status != http.StatusNoContent || len(r.body) != 0 {
		t.Fatalf("logout: %s", r)
	}
	wantErr(t, e.live(tk.AccessToken), 401, "unauthorized", "")
	wantErr(t, e.refresh(tk.RefreshToken), 401, "unauthorized", "")
	wantErr(t, e.do(req{method: "POST", path: "/api/auth/logout", token: tk.AccessToken}), 401, "unauthorized", "")
	// The other device's session lives on.
	if r := e.live(other.AccessToken); r.status != 200 {
		t.Errorf("other device: %s", r)
	}
	wantErr(t, e.do(req{method: "POST", path: "/api/auth/logout"}), 401, "unauthorized", "")
}

func TestNewLoginReplacesDeviceSession(t *testing.T) {
	e := newEnv(t)
	a := e.login("canbo", "phone-1")
	b := e.login("canbo", "phone-1")
	wantErr(t, e.live(a.AccessToken), 401, "unauthorized", "")
	wantErr(t, e.refresh(a.RefreshToken), 401, "unauthorized", "")
	if r := e.live(b.AccessToken); r.status != 200 {
		t.Errorf("new session: %s", r)
	}
}

// TestDisabledUserDevice: DELETE /api/users/:id; the user's phone is refused
// with account_disabled on its next request.
func TestDisabledUserDevice(t *testing.T) {
	e := newEnv(t)
	tk := e.login("bcn1", "phone-1")
	if r := e.do(req{method: "DELETE", path: "/api/users/" + e.users["bcn1"].ID, token: e.tok("canbo")}); r.status != 204 {
		t.Fatalf("disable: %s", r)
	}
	t.Run("access token", func(t *testing.T) {
		wantErr(t, e.live(tk.AccessToken), 401, "account_disabled", "")
		wantErr(t, e.do(req{method: "POST", path: "/api/sync/push", token: tk.AccessToken,
			body: `{"device_id":"phone-1","schema_version":1,"changes":[]}`}), 401, "account_disabled", "")
	})
	t.Run("refresh token", func(t *testing.T) {
		wantErr(t, e.refresh(tk.RefreshToken), 401, "account_disabled", "")
	})
	t.Run("enabled again: a fresh login works", func(t *testing.T) {
		r := e.do(req{method: "PATCH", path: "/api/users/" + e.users["bcn1"].ID, token: e.tok("canbo"), body: `{"disabled":false}`})
		if r.status != 200 || r.j["disabled"] != false {
			t.Fatalf("enable: %s", r)
		}
		if r := e.live(e.login("bcn1", "phone-1").AccessToken); r.status != 200 {
			t.Errorf("after enabling: %s", r)
		}
	})
}

// TestDisabledWhileSessionLive: a user disabled directly in the store (no
// session revoked) is refused with account_disabled.
func TestDisabledWhileSessionLive(t *testing.T) {
	e := newEnv(t)
	tk := e.login("ytexa", "phone-1")
	u := e.users["ytexa"]
	u.Disabled = true
	// UpdateUser also revokes the sessions; the answer must still say why.
	if err := e.db.UpdateUser(e.ctx, u, false); err != nil {
		t.Fatal(err)
	}
	wantErr(t, e.live(tk.AccessToken), 401, "account_disabled", "")
}

// TestLoginRateLimitIgnoresForwardedFor: the address is the connection's;
// a client cannot escape the limit by inventing X-Forwarded-For headers.
func TestLoginRateLimitIgnoresForwardedFor(t *testing.T) {
	e := newEnv(t)
	for i := 0; i < 20; i++ {
		r := e.do(req{method: "POST", path: "/api/auth/login", header: map[string]string{"X-Forwarded-For": fmt.Sprintf("10.0.0.%d", i), "X-Real-IP": fmt.Sprintf("10.1.0.%d", i)},
			body: map[string]any{"username": fmt.Sprintf("nobody%d", i%5), "password": "wrong-password", "device_id": "d"}})
		wantErr(t, r, 401, "unauthorized", "")
	}
	r := e.do(req{method: "POST", path: "/api/auth/login", header: map[string]string{"X-Forwarded-For": "10.9.9.9"},
		body: map[string]any{"username": "admin", "password": password, "device_id": "d"}})
	wantErr(t, r, 429, "rate_limited", "")
}

// TestForgedTokens: tokens not signed with the server's key, or with alg
// none, are 401.
func TestForgedTokens(t *testing.T) {
	e := newEnv(t)
	good := e.login("admin", "d")
	parts := strings.Split(good.AccessToken, ".")
	if len(parts) != 3 {
		t.Fatalf("access token %q", good.AccessToken)
	}
	none := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none","typ":"JWT"}`)) + "." + parts[1] + "."
	tampered := parts[0] + "." + parts[1] + "." + strings.Map(func(r rune) rune {
		if r == 'A' {
			return 'B'
		}
		return 'A'
	}, parts[2])
	for name, tok := range map[string]string{"alg none": none, "bad signature": tampered, "refresh token as access": good.RefreshToken} {
		t.Run(name, func(t *testing.T) { wantErr(t, e.live(tok), 401, "unauthorized", "") })
	}
}

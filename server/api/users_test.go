package api_test

import (
	"strings"
	"testing"
)

func newUserBody(username, role string, commune any, clubs []string) map[string]any {
	if clubs == nil {
		clubs = []string{}
	}
	return map[string]any{"username": username, "password": "mat-khau-moi", "full_name": "Người Mới", "role": role, "commune_id": commune, "club_ids": clubs}
}

func TestCreateUser(t *testing.T) {
	e := newEnv(t)
	admin, officer := e.tok("admin"), e.tok("canbo")
	tests := []struct {
		name, token string
		body        any
		status      int
		code, field string
	}{
		// Admins manage every user.
		{"admin creates an officer", admin, newUserBody("canbo2", "commune_officer", communeB, nil), 201, "", ""},
		{"admin creates an admin", admin, newUserBody("admin2", "admin", nil, nil), 201, "", ""},
		{"admin creates a board of commune B", admin, newUserBody("bcn9", "club_board", communeB, []string{club3}), 201, "", ""},
		{"admin with a commune", admin, newUserBody("admin3", "admin", communeA, nil), 400, "invalid_value", "commune_id"},
		{"officer role without commune", admin, newUserBody("canbo3", "commune_officer", nil, nil), 400, "", "commune_id"},
		{"unknown commune", admin, newUserBody("canbo4", "commune_officer", id(), nil), 400, "invalid_value", "commune_id"},
		{"unknown role", admin, newUserBody("x123", "superuser", communeA, nil), 400, "invalid_value", "role"},
		// Officers: boards and health workers of their commune only; the role first.
		{"officer creates a board", officer, newUserBody("bcn10", "club_board", communeA, []string{club1, club2}), 201, "", ""},
		{"officer creates a health worker", officer, newUserBody("ytexa2", "health_worker", communeA, nil), 201, "", ""},
		{"officer creates an officer", officer, newUserBody("canbo5", "commune_officer", communeA, nil), 403, "forbidden", ""},
		{"officer creates an admin", officer, newUserBody("admin4", "admin", nil, nil), 403, "forbidden", ""},
		{"role checked before other fields", officer, map[string]any{"role": "admin", "username": "X", "password": "1"}, 403, "forbidden", ""},
		{"officer: board of another commune", officer, newUserBody("bcn11", "club_board", communeB, []string{club3}), 403, "forbidden", ""},
		{"officer: health worker of another commune", officer, newUserBody("ytexa3", "health_worker", communeB, nil), 403, "forbidden", ""},
		// Clubs.
		{"board without clubs", officer, newUserBody("bcn12", "club_board", communeA, nil), 400, "invalid_value", "club_ids"},
		{"board with a club of another commune", admin, newUserBody("bcn13", "club_board", communeA, []string{club1, club3}), 400, "invalid_value", "club_ids"},
		{"board with an unknown club", admin, newUserBody("bcn14", "club_board", communeA, []string{id()}), 400, "invalid_value", "club_ids"},
		{"board with a member id as club", admin, newUserBody("bcn15", "club_board", communeA, []string{member1}), 400, "invalid_value", "club_ids"},
		{"health worker with clubs", admin, newUserBody("ytexa4", "health_worker", communeA, []string{club1}), 400, "invalid_value", "club_ids"},
		// Usernames and passwords.
		{"username too short", admin, newUserBody("ab", "health_worker", communeA, nil), 400, "invalid_value", "username"},
		{"username 64 characters", admin, newUserBody(strings.Repeat("a", 64), "health_worker", communeA, nil), 201, "", ""},
		{"username 65 characters", admin, newUserBody(strings.Repeat("b", 65), "health_worker", communeA, nil), 400, "invalid_value", "username"},
		{"username with a space", admin, newUserBody("nguyen van", "health_worker", communeA, nil), 400, "invalid_value", "username"},
		{"username with a Vietnamese letter", admin, newUserBody("người", "health_worker", communeA, nil), 400, "invalid_value", "username"},
		{"username with . _ -", admin, newUserBody("y.te_xa-2", "health_worker", communeA, nil), 201, "", ""},
		{"username taken", admin, newUserBody("canbo", "health_worker", communeA, nil), 409, "conflict", ""},
		{"username taken, other case and spaces", admin, newUserBody("  CanBo ", "health_worker", communeA, nil), 409, "conflict", ""},
		{"password of 7", admin, with(newUserBody("ytexa5", "health_worker", communeA, nil), "password", "1234567"), 400, "invalid_value", "password"},
		{"password of 8", admin, with(newUserBody("ytexa6", "health_worker", communeA, nil), "password", "abcd-xyz"), 201, "", ""},
		{"missing username", admin, with(newUserBody("x", "health_worker", communeA, nil), "username", "<absent>"), 400, "missing_field", "username"},
		{"missing password", admin, with(newUserBody("ytexa7", "health_worker", communeA, nil), "password", "<absent>"), 400, "missing_field", "password"},
		{"missing role", admin, with(newUserBody("ytexa8", "health_worker", communeA, nil), "role", "<absent>"), 400, "missing_field", "role"},
		{"bad JSON", admin, `{"username":`, 400, "invalid_json", ""},
		// Other roles.
		{"board", e.tok("bcn1"), newUserBody("bcn16", "club_board", communeA, []string{club1}), 403, "forbidden", ""},
		{"health worker", e.tok("ytexa"), newUserBody("ytexa9", "health_worker", communeA, nil), 403, "forbidden", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := e.do(req{method: "POST", path: "/api/users", token: tc.token, body: tc.body})
			if tc.status != 201 {
				if tc.code == "" {
					if r.status != tc.status || r.field() != tc.field {
						t.Errorf("got %s; want %d field %s", r, tc.status, tc.field)
					}
					return
				}
				wantErr(t, r, tc.status, tc.code, tc.field)
				return
			}
			if r.status != 201 {
				t.Fatalf("got %s; want 201", r)
			}
			b := tc.body.(map[string]any)
			want := strings.ToLower(strings.TrimSpace(b["username"].(string)))
			if r.j["username"] != want || r.j["role"] != b["role"] || r.j["disabled"] != false || r.j["full_name"] != "Người Mới" {
				t.Errorf("user %s", r)
			}
			for _, k := range []string{"id", "username", "full_name", "role", "commune_id", "club_ids", "disabled"} {
				if _, ok := r.j[k]; !ok {
					t.Errorf("user lacks %s", k)
				}
			}
			if len(r.j) != 7 {
				t.Errorf("user has extra keys: %s", r)
			}
			if strings.Contains(string(r.body), "hash") || strings.Contains(string(r.body), "mat-khau") {
				t.Errorf("answer carries the password or hash: %s", r)
			}
			// The new user can log in.
			pw := b["password"].(string)
			if lr := e.do(req{method: "POST", path: "/api/auth/login", body: map[string]any{"username": want, "password": pw, "device_id": "d1"}}); lr.status != 200 {
				t.Errorf("login as the new user: %s", lr)
			}
		})
	}
}

func TestCreateUserTrimsUsername(t *testing.T) {
	e := newEnv(t)
	r := e.do(req{method: "POST", path: "/api/users", token: e.tok("admin"), body: newUserBody("  YTe.Xa9 ", "health_worker", communeA, nil)})
	if r.status != 201 || r.j["username"] != "yte.xa9" {
		t.Fatalf("%s", r)
	}
	if r.j["commune_id"] != communeA || len(r.j["club_ids"].([]any)) != 0 {
		t.Errorf("%s", r)
	}
}

func TestListUsers(t *testing.T) {
	e := newEnv(t)
	if r := e.do(req{method: "DELETE", path: "/api/users/" + e.users["bcn2"].ID, token: e.tok("admin")}); r.status != 204 {
		t.Fatal(r)
	}
	names := func(r resp) map[string]map[string]any {
		out := map[string]map[string]any{}
		list, ok := r.j["users"].([]any)
		if r.status != 200 || !ok {
			t.Fatalf("list: %s", r)
		}
		for _, u := range list {
			m := u.(map[string]any)
			out[m["username"].(string)] = m
			if _, ok := m["password_hash"]; ok || strings.Contains(string(r.body), "$2") {
				t.Error("list carries a hash")
			}
		}
		return out
	}
	all := names(e.get("/api/users", e.tok("admin")))
	if len(all) != len(seedUsers) {
		t.Errorf("admin lists %d users", len(all))
	}
	if all["bcn2"]["disabled"] != true {
		t.Errorf("disabled user %v", all["bcn2"])
	}
	if all["admin"]["commune_id"] != nil {
		t.Errorf("admin commune_id %v", all["admin"]["commune_id"])
	}
	mine := names(e.get("/api/users", e.tok("canbo")))
	for _, n := range []string{"canbo", "ytexa", "bcn1", "bcn2"} {
		if _, ok := mine[n]; !ok {
			t.Errorf("officer does not list %s", n)
		}
	}
	for _, n := range []string{"admin", "canbob", "bcn3"} {
		if _, ok := mine[n]; ok {
			t.Errorf("officer lists %s of another commune", n)
		}
	}
}

func TestPatchAndDeleteUser(t *testing.T) {
	e := newEnv(t)
	admin, officer := e.tok("admin"), e.tok("canbo")
	ytTok := e.tok("ytexa")
	u := func(name string) string { return "/api/users/" + e.users[name].ID }
	tests := []struct {
		name, method, path, token string
		body                      any
		status                    int
		code, field               string
	}{
		{"officer renames its board", "PATCH", u("bcn1"), officer, map[string]any{"full_name": "  Ban Một  "}, 200, "", ""},
		{"officer patches a board of another commune", "PATCH", u("bcn3"), officer, map[string]any{"full_name": "x"}, 403, "forbidden", ""},
		{"officer patches another officer", "PATCH", u("canbob"), officer, map[string]any{"full_name": "x"}, 403, "forbidden", ""},
		{"officer patches an admin", "PATCH", u("admin"), officer, map[string]any{"full_name": "x"}, 403, "forbidden", ""},
		{"officer patches itself", "PATCH", u("canbo"), officer, map[string]any{"full_name": "x"}, 403, "forbidden", ""},
		{"officer gives a board a club of another commune", "PATCH", u("bcn1"), officer, map[string]any{"club_ids": []string{club3}}, 400, "invalid_value", "club_ids"},
		{"officer empties a board's clubs", "PATCH", u("bcn1"), officer, map[string]any{"club_ids": []string{}}, 400, "invalid_value", "club_ids"},
		{"short password", "PATCH", u("bcn1"), officer, map[string]any{"password": "short"}, 400, "invalid_value", "password"},
		{"empty full name", "PATCH", u("bcn1"), officer, map[string]any{"full_name": "  "}, 400, "invalid_value", "full_name"},
		{"unknown id", "PATCH", "/api/users/" + id(), admin, map[string]any{"full_name": "x"}, 404, "not_found", ""},
		{"admin disables itself", "PATCH", u("admin"), admin, map[string]any{"disabled": true}, 403, "forbidden", ""},
		{"admin deletes itself", "DELETE", u("admin"), admin, nil, 403, "forbidden", ""},
		{"officer deletes an officer", "DELETE", u("canbob"), officer, nil, 403, "forbidden", ""},
		{"officer deletes a board of another commune", "DELETE", u("bcn3"), officer, nil, 403, "forbidden", ""},
		{"delete unknown id", "DELETE", "/api/users/" + id(), admin, nil, 404, "not_found", ""},
		{"delete a non-UUID id", "DELETE", "/api/users/abc", admin, nil, 404, "not_found", ""},
		{"officer deletes its health worker", "DELETE", u("ytexa"), officer, nil, 204, "", ""},
		{"delete is idempotent", "DELETE", u("ytexa"), officer, nil, 204, "", ""},
		{"admin deletes an officer", "DELETE", u("canbob"), admin, nil, 204, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := e.do(req{method: tc.method, path: tc.path, token: tc.token, body: tc.body})
			if tc.code != "" {
				wantErr(t, r, tc.status, tc.code, tc.field)
			} else if r.status != tc.status {
				t.Errorf("got %s; want %d", r, tc.status)
			}
		})
	}
	// The rename was trimmed; a disabled user is listed as disabled.
	list := e.get("/api/users", admin)
	for _, x := range list.j["users"].([]any) {
		m := x.(map[string]any)
		switch m["username"] {
		case "bcn1":
			if m["full_name"] != "Ban Một" || m["disabled"] != false {
				t.Errorf("bcn1 %v", m)
			}
		case "ytexa", "canbob":
			if m["disabled"] != true {
				t.Errorf("%v not disabled", m)
			}
		}
	}
	// PATCH answers the user; a new password works, the old does not.
	r := e.do(req{method: "PATCH", path: u("bcn2"), token: admin, body: map[string]any{"password": "mat-khau-moi-2", "club_ids": []string{club1, club2}}})
	if r.status != 200 || r.j["username"] != "bcn2" || len(r.j["club_ids"].([]any)) != 2 || strings.Contains(string(r.body), "$2") {
		t.Fatalf("patch: %s", r)
	}
	if lr := e.do(req{method: "POST", path: "/api/auth/login", body: map[string]any{"username": "bcn2", "password": "mat-khau-moi-2", "device_id": "d"}}); lr.status != 200 {
		t.Errorf("new password: %s", lr)
	}
	wantErr(t, e.do(req{method: "POST", path: "/api/auth/login", body: map[string]any{"username": "bcn2", "password": password, "device_id": "d"}}), 401, "unauthorized", "")
	// Deleting revokes sessions: the disabled user's token answers account_disabled.
	wantErr(t, e.live(ytTok), 401, "account_disabled", "")
}

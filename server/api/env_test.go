package api_test

// The contract test suite builds a real server for each test: a real SQLite
// file in t.TempDir() (or, in the suite's second run, a fresh PostgreSQL
// database: see storetest), the real signing key, the real schema and
// engine, and the echo handler behind httptest. Time is injected (srv.Now,
// eng.Now, db.Now all read one test clock), so nothing here sleeps.
//
// Seeding (communes, villages, clubs, members, users) costs seven bcrypt
// hashes; it is done once per store into a template whose database is
// copied for each test.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"clb/schema"
	"clb/server/api"
	"clb/server/auth"
	"clb/server/figures"
	"clb/server/store"
	"clb/server/store/storetest"
	"clb/server/users"
	changes "clb/sync"
)

// Every test here runs on SQLite, then on PostgreSQL (see storetest).
func TestMain(m *testing.M) { storetest.Main(m) }

// Fixed ids of the seeded world.
const (
	communeA = "0190a000-0000-7000-8000-00000000000a"
	communeB = "0190a000-0000-7000-8000-00000000000b"
	villageA = "0190a000-0000-7000-8000-0000000001a1"
	villageB = "0190a000-0000-7000-8000-0000000001b1"
	club1    = "0190a000-0000-7000-8000-000000000c01" // commune A
	club2    = "0190a000-0000-7000-8000-000000000c02" // commune A
	club3    = "0190a000-0000-7000-8000-000000000c03" // commune B
	member1  = "0190a000-0000-7000-8000-000000000e01" // club 1
	member2  = "0190a000-0000-7000-8000-000000000e02" // club 2
	member3  = "0190a000-0000-7000-8000-000000000e03" // club 3

	password = "mat-khau-2026"
)

// The seeded users: username → role, commune, clubs.
var seedUsers = []struct {
	name, role, commune string
	clubs               []string
}{
	{"admin", changes.RoleAdmin, "", nil},
	{"canbo", changes.RoleOfficer, communeA, nil},
	{"canbob", changes.RoleOfficer, communeB, nil},
	{"ytexa", changes.RoleHealthWorker, communeA, nil},
	{"bcn1", changes.RoleClubBoard, communeA, []string{club1}},
	{"bcn2", changes.RoleClubBoard, communeA, []string{club2}},
	{"bcn3", changes.RoleClubBoard, communeB, []string{club3}},
}

// t0 is the test clock's start; seeded changes carry HLCs an hour before it.
var t0 = time.Date(2026, 3, 2, 3, 0, 0, 0, time.UTC)

// clock is the injected time.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

type env struct {
	t     *testing.T
	ctx   context.Context
	dir   string
	db    *store.DB
	eng   *changes.Engine
	srv   *api.Server
	ts    *httptest.Server
	clk   *clock
	users map[string]*store.User // by username
	hlcN  int                    // counter for fresh HLCs
	toks  map[string]string      // by username
}

// The seeded template of each store, built once.
var (
	templateMu sync.Mutex
	templates  = map[string]storetest.Place{}
)

func template() (storetest.Place, error) {
	templateMu.Lock()
	defer templateMu.Unlock()
	if p, ok := templates[storetest.Name()]; ok {
		return p, nil
	}
	p, err := storetest.Template(buildTemplate)
	if err != nil {
		return p, err
	}
	templates[storetest.Name()] = p
	return p, nil
}

// buildTemplate seeds a database once; each test copies it.
func buildTemplate(place storetest.Place) error {
	ctx := context.Background()
	db, err := place.Open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	clk := &clock{t: t0}
	db.Now = clk.Now
	sch := schema.MustLoad()
	eng := changes.New(sch)
	eng.Now = clk.Now
	seedHLC := func(i int) string { return fmt.Sprintf("%013d-%04x-seed", t0.Add(-time.Hour).UnixMilli(), i) }
	n := 0
	c := func(entity, row string, fields map[string]any) changes.Change {
		n++
		b, _ := json.Marshal(fields)
		return changes.Change{ID: uuid.NewString(), Entity: entity, RowID: row, Op: "upsert", Fields: b, HLC: seedHLC(n)}
	}
	member := func(club, name string) map[string]any {
		return map[string]any{"club_id": club, "full_name": name, "sex": "female", "birth_year": 1955,
			"joined_on": "2025-01-10", "poverty": "none", "board_role": "none", "phone": "0912345678", "loan_need": true}
	}
	cs := []changes.Change{
		c("commune", communeA, map[string]any{"name": "Xã Hòa An", "province": "Tỉnh Bình Định", "older_population": 1200}),
		c("commune", communeB, map[string]any{"name": "Xã Phú Lộc", "province": "Tỉnh Huế"}),
		c("village", villageA, map[string]any{"commune_id": communeA, "name": "Thôn Một"}),
		c("village", villageB, map[string]any{"commune_id": communeB, "name": "Thôn Hai"}),
		c("club", club1, map[string]any{"commune_id": communeA, "village_id": villageA, "name": "CLB Bình An", "founded_on": "2024-05-01"}),
		c("club", club2, map[string]any{"commune_id": communeA, "village_id": villageA, "name": "CLB An Vui", "founded_on": "2024-06-01"}),
		c("club", club3, map[string]any{"commune_id": communeB, "village_id": villageB, "name": "CLB Phú Lộc", "founded_on": "2024-07-01"}),
		c("member", member1, member(club1, "Nguyễn Thị Một")),
		c("member", member2, member(club2, "Trần Thị Hai")),
		c("member", member3, member(club3, "Lê Thị Ba")),
	}
	out, err := db.Push(ctx, eng, changes.Actor{UserID: "seed", Username: "seed", Role: changes.RoleAdmin, DeviceID: "seed"}, cs)
	if err != nil {
		return err
	}
	for i, o := range out {
		if o.Status != changes.Applied {
			return fmt.Errorf("seed change %d: %+v", i, o.Result)
		}
	}
	for _, su := range seedUsers {
		var commune *string
		if su.commune != "" {
			commune = &su.commune
		}
		u, err := users.New(ctx, db, users.Input{Username: su.name, Password: password, FullName: "Người " + su.name,
			Role: su.role, CommuneID: commune, ClubIDs: su.clubs})
		if err != nil {
			return fmt.Errorf("seed user %s: %w", su.name, err)
		}
		if err := db.CreateUser(ctx, u); err != nil {
			return err
		}
	}
	return nil
}

type option func(*api.Server)

func withStatic(f fs.FS) option { return func(s *api.Server) { s.Static = f } }

// newEnv builds a real server on a copy of the seeded database.
func newEnv(t *testing.T, opts ...option) *env {
	t.Helper()
	t.Parallel()
	tpl, err := template()
	if err != nil {
		t.Fatalf("template: %v", err)
	}
	place := storetest.Copy(t, tpl)
	dir := place.Dir
	ctx := context.Background()
	db, err := place.Open(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	keys, err := auth.LoadOrCreateKey(dir)
	if err != nil {
		t.Fatal(err)
	}
	clk := &clock{t: t0}
	db.Now = clk.Now
	sch := schema.MustLoad()
	eng := changes.New(sch)
	eng.Now = clk.Now
	srv := &api.Server{DB: db, Schema: sch, Engine: eng, Keys: keys, Figures: figures.New(db), Now: clk.Now,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	for _, o := range opts {
		o(srv)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	e := &env{t: t, ctx: ctx, dir: dir, db: db, eng: eng, srv: srv, ts: ts, clk: clk, users: map[string]*store.User{}, toks: map[string]string{}}
	for _, su := range seedUsers {
		u, err := db.UserByName(ctx, su.name)
		if err != nil {
			t.Fatal(err)
		}
		e.users[su.name] = u
	}
	return e
}

// session opens a session for a seeded user on a device without the HTTP
// login (which costs a bcrypt check): the same store and key calls that the
// login handler makes. Auth tests use the real login.
func (e *env) session(username, device string) string {
	e.t.Helper()
	u := e.users[username]
	sid := uuid.NewString()
	_, hash, err := auth.NewRefreshToken()
	if err != nil {
		e.t.Fatal(err)
	}
	if err := e.db.CreateSession(e.ctx, sid, u.ID, device, "", hash, e.clk.Now().UnixMilli()); err != nil {
		e.t.Fatal(err)
	}
	tok, err := e.srv.Keys.Issue(u.ID, sid, 0, e.clk.Now())
	if err != nil {
		e.t.Fatal(err)
	}
	return tok
}

// tok is the session of username on the device "dev-<username>", opened on
// first use and kept (a new session on the same device would replace it).
func (e *env) tok(username string) string {
	if t, ok := e.toks[username]; ok {
		return t
	}
	t := e.session(username, "dev-"+username)
	e.toks[username] = t
	return t
}

// resp is an HTTP answer.
type resp struct {
	status int
	header http.Header
	body   []byte
	j      map[string]any
}

func (r resp) code() string {
	if m, ok := r.j["error"].(map[string]any); ok {
		s, _ := m["code"].(string)
		return s
	}
	return ""
}

func (r resp) field() string {
	if m, ok := r.j["error"].(map[string]any); ok {
		s, _ := m["field"].(string)
		return s
	}
	return ""
}

func (r resp) String() string {
	b := r.body
	if len(b) > 400 {
		b = b[:400]
	}
	return fmt.Sprintf("%d %s", r.status, b)
}

// req is one request; body is sent as is when it is a string or []byte,
// marshalled otherwise; ct defaults to application/json when there is a body.
type req struct {
	method, path, token string
	body                any
	ct                  string
	header              map[string]string
}

func (e *env) do(q req) resp {
	e.t.Helper()
	var rd io.Reader
	hasBody := true
	switch b := q.body.(type) {
	case nil:
		hasBody = false
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			e.t.Fatal(err)
		}
		rd = bytes.NewReader(raw)
	}
	method := q.method
	if method == "" {
		method = http.MethodGet
	}
	r, err := http.NewRequest(method, e.ts.URL+q.path, rd)
	if err != nil {
		e.t.Fatal(err)
	}
	if hasBody {
		ct := q.ct
		if ct == "" {
			ct = "application/json"
		}
		if ct != "none" {
			r.Header.Set("Content-Type", ct)
		}
	}
	if q.token != "" {
		r.Header.Set("Authorization", "Bearer "+q.token)
	}
	for k, v := range q.header {
		r.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(r)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	out := resp{status: res.StatusCode, header: res.Header, body: body}
	if strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		if err := json.Unmarshal(body, &out.j); err != nil {
			e.t.Fatalf("%s %s: answer is not a JSON object: %v: %s", method, q.path, err, body)
		}
	}
	if res.StatusCode >= 500 && res.StatusCode != http.StatusServiceUnavailable {
		e.t.Errorf("%s %s answered %s", method, q.path, out)
	}
	return out
}

func (e *env) get(path, token string) resp { return e.do(req{path: path, token: token}) }

// wantErr checks an error answer's status, code and (when given) field.
func wantErr(t *testing.T, r resp, status int, code, field string) {
	t.Helper()
	if r.status != status || r.code() != code || (field != "" && r.field() != field) {
		t.Errorf("got %s; want %d %s field %q", r, status, code, field)
	}
	if r.status >= 400 {
		if _, ok := r.j["error"].(map[string]any)["message"].(string); !ok {
			t.Errorf("error without a message: %s", r)
		}
	}
}

// hlc makes an HLC at the test clock plus off.
func (e *env) hlc(off time.Duration, device string) string {
	e.hlcN++
	return fmt.Sprintf("%013d-%04x-%s", e.clk.Now().Add(off).UnixMilli(), e.hlcN%0x10000, device)
}

// ch is a change with a fresh id.
type ch map[string]any

func upsert(entity, row string, fields map[string]any, hlc string) ch {
	return ch{"id": uuid.NewString(), "entity": entity, "row_id": row, "op": "upsert", "fields": fields, "hlc": hlc}
}

func del(entity, row, hlc string) ch {
	return ch{"id": uuid.NewString(), "entity": entity, "row_id": row, "op": "delete", "fields": map[string]any{}, "hlc": hlc}
}

// result is one push result.
type result struct {
	ID     string `json:"id"`
	Status string `json:"status"`
	Error  *struct {
		Code    string `json:"code"`
		Field   string `json:"field"`
		Message string `json:"message"`
	} `json:"error"`
}

func (r result) String() string {
	if r.Error != nil {
		return r.Status + " " + r.Error.Code + " " + r.Error.Field
	}
	return r.Status
}

// pushAs pushes changes as the user on its "dev-<user>" session.
func (e *env) pushAs(username string, cs ...ch) []result {
	e.t.Helper()
	return e.pushTok(e.tok(username), "dev-"+username, cs...)
}

func (e *env) pushTok(token, device string, cs ...ch) []result {
	e.t.Helper()
	if cs == nil {
		cs = []ch{}
	}
	r := e.do(req{method: http.MethodPost, path: "/api/sync/push", token: token,
		body: map[string]any{"device_id": device, "schema_version": 1, "changes": cs}})
	if r.status != http.StatusOK {
		e.t.Fatalf("push: %s", r)
	}
	var ans struct {
		Results    []result `json:"results"`
		ServerTime string   `json:"server_time"`
	}
	if err := json.Unmarshal(r.body, &ans); err != nil {
		e.t.Fatal(err)
	}
	if len(ans.Results) != len(cs) {
		e.t.Fatalf("push: %d results for %d changes", len(ans.Results), len(cs))
	}
	for i, res := range ans.Results {
		if res.ID != cs[i]["id"] {
			if s, ok := cs[i]["id"].(string); ok {
				e.t.Errorf("results[%d].id = %q, want %q", i, res.ID, s)
			}
		}
		if (res.Status == "rejected") != (res.Error != nil) {
			e.t.Errorf("results[%d] = %+v: error present iff rejected", i, res)
		}
	}
	return ans.Results
}

// mustApply pushes as admin and requires every change applied.
func (e *env) mustApply(username string, cs ...ch) {
	e.t.Helper()
	for i, r := range e.pushAs(username, cs...) {
		if r.Status != "applied" {
			e.t.Fatalf("seed change %d (%v %v): %s", i, cs[i]["entity"], cs[i]["row_id"], r)
		}
	}
}

// pulledRow is one pulled row.
type pulledRow struct {
	Entity  string         `json:"entity"`
	RowID   string         `json:"row_id"`
	Fields  map[string]any `json:"fields"`
	Deleted bool           `json:"deleted"`
	Seq     int64          `json:"seq"`
}

type pullAnswer struct {
	Rows       []pulledRow `json:"rows"`
	Cursor     string      `json:"cursor"`
	More       bool        `json:"more"`
	ServerTime string      `json:"server_time"`
}

func (e *env) pull(token, cursor string, limit int) (pullAnswer, resp) {
	e.t.Helper()
	path := "/api/sync/pull?limit=" + fmt.Sprint(limit)
	if cursor != "" {
		path += "&cursor=" + urlQueryEscape(cursor)
	}
	r := e.get(path, token)
	var a pullAnswer
	if r.status == http.StatusOK {
		if err := json.Unmarshal(r.body, &a); err != nil {
			e.t.Fatal(err)
		}
	}
	return a, r
}

// pullAll follows pages from cursor 0 and returns every row by id.
func (e *env) pullAll(token string) map[string]pulledRow {
	e.t.Helper()
	out := map[string]pulledRow{}
	cursor := ""
	for i := 0; ; i++ {
		a, r := e.pull(token, cursor, 1000)
		if r.status != http.StatusOK {
			e.t.Fatalf("pull: %s", r)
		}
		for _, row := range a.Rows {
			out[row.RowID] = row
		}
		cursor = a.Cursor
		if !a.More {
			return out
		}
		if i > 100 {
			e.t.Fatal("pull never ends")
		}
	}
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }

func id() string { return uuid.NewString() }

// memberFields is a complete first upsert of a member.
func memberFields(club string) map[string]any {
	return map[string]any{"club_id": club, "full_name": "Phạm Thị Năm", "sex": "female", "birth_year": 1950,
		"joined_on": "2025-01-10", "poverty": "near_poor", "board_role": "none"}
}

func loanFields(club, member string) map[string]any {
	return map[string]any{"club_id": club, "member_id": member, "disbursed_on": "2025-07-01", "principal_vnd": 1000000,
		"term_months": 12, "monthly_rate_pct": 0.5, "purpose": "livestock", "due_on": "2026-07-01"}
}

func healthFields(club, member, by string) map[string]any {
	return map[string]any{"club_id": club, "member_id": member, "measured_on": "2026-02-01", "systolic": 130,
		"diastolic": 85, "measured_by": by}
}

// attendanceID is CONTRACT.md's UUID v5 (URL namespace) of "<meeting>/<member>".
func attendanceID(meeting, member string) string {
	return uuid.NewSHA1(uuid.NameSpaceURL, []byte(meeting+"/"+member)).String()
}

package api

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"clb/schema"
	"clb/server/fault"
	"clb/server/push"
	"clb/server/store"
	"clb/server/wire"
	changes "clb/sync"
	"clb/sync/access"
)

type pushAnswer struct {
	Results    []changes.Result `json:"results"`
	ServerTime string           `json:"server_time"`
}

func (s *Server) push(c echo.Context) error {
	if err := requireJSON(c); err != nil {
		return err
	}
	body, err := readBody(c)
	if err != nil {
		return err
	}
	in, err := wire.DecodePush(body)
	if err != nil {
		return invalidJSON(err.Error())
	}
	cs := in.Changes
	if len(cs) > push.MaxChanges {
		return errTooLarge // size comes before the other checks of the body
	}
	k := caller(c)
	if !in.HasDevice || in.DeviceID != k.DeviceID {
		return errForbidden
	}
	if len(in.SchemaVersion) == 0 || string(in.SchemaVersion) == "null" {
		return badValue("schema_version", "Thiếu schema_version (missing schema_version)")
	}
	v, err := strconv.ParseInt(string(in.SchemaVersion), 10, 64)
	if err != nil {
		f, ferr := strconv.ParseFloat(string(in.SchemaVersion), 64)
		if ferr != nil || in.SchemaVersion[0] == '"' || f != float64(int64(f)) {
			return badValue("schema_version", "schema_version phải là số nguyên (must be an integer)")
		}
		v = int64(f)
	}
	up, ok := s.Schema.Accepts(v, s.Now())
	if !ok {
		return errTooOld
	}
	for i := range cs {
		cs[i].Fields = up.MapFields(cs[i].Entity, cs[i].Fields)
	}
	ctx := c.Request().Context()
	out, err := s.pushes().Apply(ctx, k.Actor(), cs)
	if err != nil {
		s.Log.ErrorContext(ctx, "push failed", "err", err)
		return errUnavailable // nothing was acknowledged
	}
	rs := push.Results(out)
	s.observer().Pushed(rs)
	return c.JSON(http.StatusOK, pushAnswer{Results: rs, ServerTime: store.FormatTime(s.Now())})
}

type pulledRow struct {
	Entity  string          `json:"entity"`
	RowID   string          `json:"row_id"`
	Fields  json.RawMessage `json:"fields"`
	Deleted bool            `json:"deleted"`
	Seq     int64           `json:"seq"`
}

// cursor is opaque to clients: the user, the scope epoch and the last seq.
type cursor struct {
	User  string
	Epoch int64
	Seq   int64
}

func (cu cursor) String() string {
	return base64.RawURLEncoding.EncodeToString(fmt.Appendf(nil, "1|%s|%d|%d", cu.User, cu.Epoch, cu.Seq))
}

func parseCursor(s string) (cursor, bool) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return cursor{}, false
	}
	p := strings.Split(string(b), "|")
	if len(p) != 4 || p[0] != "1" {
		return cursor{}, false
	}
	e, err1 := strconv.ParseInt(p[2], 10, 64)
	q, err2 := strconv.ParseInt(p[3], 10, 64)
	if err1 != nil || err2 != nil || q < 0 {
		return cursor{}, false
	}
	return cursor{User: p[1], Epoch: e, Seq: q}, true
}

var errReset = errf(fault.ResetRequired, "Cần tải lại toàn bộ dữ liệu (pull again from the start)")

func (s *Server) pull(c echo.Context) error {
	k := caller(c)
	q := c.QueryParams()
	var old *schema.Upgrade // a phone at the previous schema version, in its window
	if sv := q.Get("schema_version"); q.Has("schema_version") {
		v, err := strconv.ParseInt(sv, 10, 64)
		if err != nil {
			return badValue("schema_version", "schema_version phải là số nguyên (must be an integer)")
		}
		u, ok := s.Schema.Accepts(v, s.Now())
		if !ok {
			return errTooOld
		}
		old = u
	}
	limit := 500
	if q.Has("limit") {
		n, err := strconv.Atoi(q.Get("limit"))
		if err != nil {
			return badValue("limit", "limit phải là số nguyên (must be an integer)")
		}
		limit = min(max(n, 1), 1000)
	}
	cur := cursor{User: k.User.ID, Epoch: k.User.ScopeEpoch}
	if raw := q.Get("cursor"); raw != "" && raw != "0" {
		pc, ok := parseCursor(raw)
		if !ok || pc.User != k.User.ID || pc.Epoch != k.User.ScopeEpoch {
			return errReset
		}
		cur.Seq = pc.Seq
	}
	a := k.Actor()
	rows, more, err := s.DB.Pull(c.Request().Context(), access.ReadScope(s.Schema, a), cur.Seq, limit)
	if err != nil {
		return err
	}
	out := make([]pulledRow, 0, len(rows))
	for _, r := range rows {
		ent, ok := s.Schema.Entity(r.Entity)
		if !ok {
			continue
		}
		cur.Seq = r.Seq
		pr := pulledRow{Entity: r.Entity, RowID: r.ID, Deleted: r.Deleted, Seq: r.Seq, Fields: json.RawMessage("{}")}
		if !r.Deleted {
			if pr.Fields, err = visibleFields(a, ent, &r); err != nil {
				return err
			}
		}
		pr.Fields = old.UnmapFields(pr.Entity, pr.Fields)
		out = append(out, pr)
	}
	next := cur.String()
	if len(out) == 0 {
		// No rows: the request's own cursor comes back unchanged.
		if next = q.Get("cursor"); next == "" {
			next = "0"
		}
	}
	return c.JSON(http.StatusOK, map[string]any{"rows": out, "cursor": next, "more": more, "server_time": store.FormatTime(s.Now())})
}

// visibleFields is the JSON of the fields of r that a may see, every field of
// the entity present (null when empty). A row whose stored object already is
// exactly that — every field visible to the role, no field missing or extra:
// nearly every row — is sent as stored, without decoding it.
func visibleFields(a changes.Actor, ent *schema.Entity, r *store.PulledRow) (json.RawMessage, error) {
	if ent.Visible[a.Role] == nil {
		n := 0
		exact := changes.ObjectKeys(r.Raw, func(k string) bool {
			n++
			_, ok := ent.Field(k)
			return ok
		})
		if exact && n == len(ent.Fields) {
			return json.RawMessage(r.Raw), nil
		}
	}
	stored, err := r.Fields()
	if err != nil {
		return nil, err
	}
	fields := make(map[string]any, len(ent.Fields))
	for _, f := range ent.Fields {
		if access.Visible(a, ent, f.Name) {
			fields[f.Name] = stored[f.Name]
		}
	}
	b, err := json.Marshal(fields)
	if err != nil {
		return nil, fmt.Errorf("encode fields of %s: %w", r.ID, err)
	}
	return b, nil
}

package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"clb/server/imports"
	"clb/server/push"
	"clb/server/store"
	changes "clb/sync"
	"clb/sync/access"
)

// importTTL is how long a previewed import waits for its commit.
const importTTL = 24 * time.Hour

func (s *Server) importTemplate(c echo.Context) error {
	if err := importKind(c); err != nil {
		return err
	}
	b, err := imports.Template()
	if err != nil {
		return err
	}
	c.Response().Header().Set("Content-Disposition", `attachment; filename="mau-nhap-thanh-vien.xlsx"`)
	return c.Blob(http.StatusOK, imports.ContentType, b)
}

func importKind(c echo.Context) error {
	q := c.QueryParams()
	if !q.Has("kind") {
		return missing("kind")
	}
	if q.Get("kind") != "members" {
		return badValue("kind", "kind chỉ có thể là members (kind must be members)")
	}
	return nil
}

type importAnswer struct {
	ImportID string        `json:"import_id"`
	Rows     []imports.Row `json:"rows"`
	Valid    int           `json:"valid"`
	Invalid  int           `json:"invalid"`
	Ignored  []string      `json:"ignored_columns"`
}

// previewImport reads the file, checks every row as a push would (in a
// transaction that is rolled back) and keeps the result for the commit.
func (s *Server) previewImport(c echo.Context) error {
	if err := importKind(c); err != nil {
		return err
	}
	clubID := c.QueryParam("club_id")
	if clubID == "" {
		return missing("club_id")
	}
	if !changes.IsUUID(clubID) {
		return badValue("club_id", "club_id không phải UUID (not a UUID)")
	}
	if ct := c.Request().Header.Get("Content-Type"); !sameMediaType(ct, imports.ContentType) {
		return invalidJSON("cần Content-Type " + imports.ContentType + " (send the XLSX file)")
	}
	ctx := c.Request().Context()
	a := caller(c).Actor()
	villages, clubErr := s.importClub(ctx, a, clubID)
	body, err := readBody(c) // read only now, after authentication (413 past the limit)
	if err != nil {
		return err
	}
	p, err := imports.ParseMembers(body, clubID, villages)
	if err != nil {
		return err // a bad file is 400 or 413 before an unknown or forbidden club
	}
	if clubErr != nil {
		return clubErr
	}
	if err := s.checkRows(ctx, a, p.Rows); err != nil {
		return err
	}
	ans := importAnswer{ImportID: newID(), Rows: p.Rows, Ignored: p.Ignored}
	if ans.Ignored == nil {
		ans.Ignored = []string{}
	}
	for i := range p.Rows {
		if p.Rows[i].Valid() {
			ans.Valid++
		} else {
			ans.Invalid++
		}
	}
	rows, err := json.Marshal(p.Rows)
	if err != nil {
		return fmt.Errorf("encode import: %w", err)
	}
	now := s.Now()
	pending := &store.PendingImport{ID: ans.ImportID, UserID: a.UserID, ClubID: clubID, Kind: "members", Rows: rows}
	if err := s.DB.SaveImport(ctx, pending, now.UnixMilli(), now.Add(importTTL).UnixMilli()); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, ans)
}

// importClub finds the club and the villages of its commune; an unknown club
// is 404 and one the caller may not write members of is 403.
func (s *Server) importClub(ctx context.Context, a changes.Actor, clubID string) (imports.Villages, error) {
	club, err := s.DB.Row(ctx, clubID)
	if err != nil {
		return nil, err
	}
	if club == nil || club.Entity != "club" || club.Deleted {
		return nil, errNotFound
	}
	member, _ := s.Schema.Entity("member")
	if !access.CanWrite(a, member, false) || !access.MayUseClub(a, access.Place{CommuneID: club.CommuneID, ClubID: club.ID}) {
		return nil, errForbidden
	}
	rows, err := s.DB.CommuneEntityRows(ctx, club.CommuneID, "village")
	if err != nil {
		return nil, err
	}
	villages := imports.Villages{}
	for _, r := range rows {
		if name, ok := r.Fields["name"].(string); ok {
			villages.Add(name, r.ID)
		}
	}
	return villages, nil
}

// checkRows runs the readable rows through the sync engine without keeping
// anything, and adds what it rejects to each row's errors.
func (s *Server) checkRows(ctx context.Context, a changes.Actor, rows []imports.Row) error {
	var cs []changes.Change
	var at []int
	now := s.Now().UnixMilli()
	for i := range rows {
		if !rows[i].Valid() {
			continue
		}
		ch, err := importChange(newID(), &rows[i], now, "preview")
		if err != nil {
			return err
		}
		cs, at = append(cs, ch), append(at, i)
	}
	if len(cs) == 0 {
		return nil
	}
	out, err := s.DB.DryRun(ctx, s.Engine, a, cs)
	if err != nil {
		return err
	}
	for j, o := range out {
		if o.Status == changes.Rejected && o.Error != nil {
			rows[at[j]].AddError(o.Error.Field, o.Error.Code, o.Error.Message)
		}
	}
	return nil
}

// importChange is a row as a member upsert, stamped now by a device named for the import.
func importChange(id string, r *imports.Row, nowMS int64, device string) (changes.Change, error) {
	fields, err := json.Marshal(r.Fields)
	if err != nil {
		return changes.Change{}, fmt.Errorf("encode row %d: %w", r.Line, err)
	}
	rowID := ""
	if r.RowID != nil {
		rowID = *r.RowID
	}
	return changes.Change{ID: id, Entity: "member", RowID: rowID, Op: "upsert", Fields: fields,
		HLC: fmt.Sprintf("%013d-%04x-%s", nowMS, r.Line&0xffff, device)}, nil
}

// commitImport pushes the valid rows of the caller's pending import.
func (s *Server) commitImport(c echo.Context) error {
	ctx := c.Request().Context()
	a := caller(c).Actor()
	id := c.Param("id")
	if !changes.IsUUID(id) {
		return errNotFound
	}
	p, err := s.DB.Import(ctx, id, s.Now().UnixMilli())
	if errors.Is(err, store.ErrNotFound) || (err == nil && p.UserID != a.UserID) {
		return errNotFound // someone else's import is not revealed
	}
	if err != nil {
		return err
	}
	var rows []imports.Row
	if err := json.Unmarshal(p.Rows, &rows); err != nil {
		return fmt.Errorf("decode import %s: %w", id, err)
	}
	now := s.Now().UnixMilli()
	cs := make([]changes.Change, 0, len(rows))
	for i := range rows {
		if !rows[i].Valid() {
			continue
		}
		ch, err := importChange(imports.ChangeID(id, rows[i].Line), &rows[i], now, "imp-"+id)
		if err != nil {
			return err
		}
		cs = append(cs, ch)
	}
	out, err := s.pushes().Apply(ctx, a, cs)
	if err != nil {
		s.Log.ErrorContext(ctx, "import commit failed", "err", err)
		return errUnavailable // nothing was acknowledged
	}
	return c.JSON(http.StatusOK, pushAnswer{Results: push.Results(out), ServerTime: store.FormatTime(s.Now())})
}

func newID() string { return uuid.Must(uuid.NewV7()).String() }

package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"clb/server/indicators"
	"clb/server/review"
	changes "clb/sync"
	"clb/sync/access"
)

func (s *Server) review(c echo.Context) error {
	k := caller(c)
	a := k.Actor()
	ctx := c.Request().Context()
	club := c.QueryParam("club_id")
	if c.QueryParams().Has("club_id") {
		if !changes.IsUUID(club) {
			return badValue("club_id", "club_id không phải UUID (not a UUID)")
		}
		r, err := s.DB.Row(ctx, club)
		if err != nil {
			return err
		}
		if r == nil || r.Entity != "club" {
			return errNotFound
		}
		ent, _ := s.Schema.Entity("club")
		if !access.CanRead(a, ent, access.Place{CommuneID: r.CommuneID, ClubID: r.ID}) {
			return errForbidden
		}
	}
	rows, err := s.DB.CommuneRows(ctx, a.CommuneID)
	if err != nil {
		return err
	}
	conflicts, err := s.DB.Conflicts(ctx, a.CommuneID)
	if err != nil {
		return err
	}
	byID := make(map[string]*changes.Row, len(rows))
	for _, r := range rows {
		byID[r.ID] = r
	}
	items := []review.Item{}
	for _, it := range review.Find(s.Schema, rows, conflicts) {
		if club != "" && (it.ClubID == nil || *it.ClubID != club) {
			continue
		}
		if s.mayReview(a, it, byID) {
			items = append(items, it)
		}
	}
	return c.JSON(http.StatusOK, map[string]any{"items": items})
}

// mayReview asks package access whether the caller sees the item, given the
// rows it names.
func (s *Server) mayReview(a access.Actor, it review.Item, byID map[string]*changes.Row) bool {
	refs := make([]access.Ref, len(it.Rows))
	for i, ref := range it.Rows {
		if r := byID[ref.RowID]; r != nil {
			ent, _ := s.Schema.Entity(ref.Entity)
			refs[i] = access.Ref{Entity: ent, Place: access.Place{CommuneID: r.CommuneID, ClubID: r.ClubID}}
		}
	}
	return access.MayReview(a, it.AboutReadings(), refs)
}

func (s *Server) audit(c echo.Context) error {
	a := caller(c).Actor()
	entity, rowID := c.QueryParam("entity"), c.QueryParam("row_id")
	if entity == "" {
		return missing("entity")
	}
	if rowID == "" {
		return missing("row_id")
	}
	ent, ok := s.Schema.Entity(entity)
	if !ok || !changes.IsUUID(rowID) {
		return errNotFound
	}
	ctx := c.Request().Context()
	r, err := s.DB.Row(ctx, rowID)
	if err != nil {
		return err
	}
	// Outside scope or unknown are both 404: the answer does not reveal a row.
	if r == nil || r.Entity != entity || !access.CanRead(a, ent, access.Place{CommuneID: r.CommuneID, ClubID: r.ClubID}) {
		return errNotFound
	}
	entries, err := s.DB.Audit(ctx, entity, rowID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"entries": entries})
}

// period reads and checks from and to.
func period(c echo.Context) (string, string, error) {
	from, to := c.QueryParam("from"), c.QueryParam("to")
	if _, ok := changes.ParseDate(from); !ok {
		return "", "", badValue("from", "from cần dạng YYYY-MM-DD (from must be a YYYY-MM-DD date)")
	}
	if _, ok := changes.ParseDate(to); !ok {
		return "", "", badValue("to", "to cần dạng YYYY-MM-DD (to must be a YYYY-MM-DD date)")
	}
	if from > to {
		return "", "", badValue("from", "from phải trước to (from must not be after to)")
	}
	return from, to, nil
}

// scopeQuery resolves commune_id and club_id of an indicators-like request.
func (s *Server) scopeQuery(c echo.Context, allowClub bool) (indicators.Query, error) {
	return s.scopeOf(c, c.QueryParam("commune_id"), c.QueryParam("club_id"), allowClub)
}

// scopeCommune resolves a commune named in a body (POST /api/reports) as
// scopeQuery resolves commune_id.
func (s *Server) scopeCommune(c echo.Context, communeID string) (indicators.Query, error) {
	return s.scopeOf(c, communeID, "", false)
}

func (s *Server) scopeOf(c echo.Context, communeID, clubID string, allowClub bool) (indicators.Query, error) {
	a := caller(c).Actor()
	q := indicators.Query{CommuneID: communeID, ClubID: clubID}
	ctx := c.Request().Context()
	lookup := func(id, field, entity string) (*changes.Row, error) {
		if !changes.IsUUID(id) {
			return nil, badValue(field, field+" không phải UUID (not a UUID)")
		}
		r, err := s.DB.Row(ctx, id)
		if err != nil {
			return nil, err
		}
		if r == nil || r.Entity != entity {
			return nil, errNotFound
		}
		return r, nil
	}
	if q.CommuneID != "" {
		r, err := lookup(q.CommuneID, "commune_id", "commune")
		if err != nil {
			return q, err
		}
		if !access.MayQueryCommune(a, r.ID) {
			return q, errForbidden
		}
	}
	if q.ClubID != "" && allowClub {
		r, err := lookup(q.ClubID, "club_id", "club")
		if err != nil {
			return q, err
		}
		if !access.MayUseClub(a, access.Place{CommuneID: r.CommuneID, ClubID: r.ID}) {
			return q, errForbidden
		}
		if q.CommuneID == "" {
			q.CommuneID = r.CommuneID
		}
		return q, nil
	}
	if q.CommuneID == "" {
		switch a.Role {
		case changes.RoleAdmin:
			return q, missing("commune_id")
		default:
			q.CommuneID = a.CommuneID
		}
	}
	return q, nil
}

func (s *Server) indicators(c echo.Context) error {
	from, to, err := period(c)
	if err != nil {
		return err
	}
	a := caller(c).Actor()
	if a.Role == changes.RoleClubBoard && c.QueryParam("commune_id") == "" && c.QueryParam("club_id") == "" {
		// A board's own clubs, without the commune block.
		ans, err := s.Figures.Answer(c.Request().Context(), indicators.Query{CommuneID: a.CommuneID, From: from, To: to})
		if err != nil {
			return err
		}
		out := *ans
		out.Commune = nil
		out.Clubs = []indicators.ClubBlock{}
		for _, b := range ans.Clubs {
			if a.HasClub(b.ClubID) {
				out.Clubs = append(out.Clubs, b)
			}
		}
		return c.JSON(http.StatusOK, out)
	}
	q, err := s.scopeQuery(c, true)
	if err != nil {
		return err
	}
	q.From, q.To = from, to
	ans, err := s.Figures.Answer(c.Request().Context(), q)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, ans)
}

func (s *Server) healthList(c echo.Context) error {
	from, to, err := period(c)
	if err != nil {
		return err
	}
	q, err := s.scopeQuery(c, false)
	if err != nil {
		return err
	}
	q.From, q.To = from, to
	rows, err := s.Figures.Rows(c.Request().Context(), q.CommuneID)
	if err != nil {
		return err
	}
	h, err := indicators.HealthList(rows, q)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, h)
}

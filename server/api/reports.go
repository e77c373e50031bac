package api

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"unicode"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"
	"golang.org/x/text/unicode/norm"

	"clb/server/indicators"
	"clb/server/reports"
	"clb/server/store"
	changes "clb/sync"
	"clb/sync/access"
)

var contentTypes = map[string]string{
	"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	"html": "text/html; charset=utf-8",
}

func reportFormat(c echo.Context) (string, error) {
	if !c.QueryParams().Has("format") {
		return "", missing("format")
	}
	f := c.QueryParam("format")
	if _, ok := contentTypes[f]; !ok {
		return "", badValue("format", "format là xlsx hoặc html (format is xlsx or html)")
	}
	return f, nil
}

func (s *Server) report(c echo.Context) error {
	from, to, err := period(c)
	if err != nil {
		return err
	}
	format, err := reportFormat(c)
	if err != nil {
		return err
	}
	q, err := s.scopeQuery(c, false)
	if err != nil {
		return err
	}
	q.From, q.To = from, to
	ctx := c.Request().Context()
	rows, err := s.Figures.Rows(ctx, q.CommuneID)
	if err != nil {
		return err
	}
	ans, err := indicators.Compute(rows, q)
	if err != nil {
		return err
	}
	commune, err := s.DB.Row(ctx, q.CommuneID)
	if err != nil {
		return err
	}
	name, _ := commune.Fields["name"].(string)
	province, _ := commune.Fields["province"].(string)
	meta := reports.Meta{CommuneName: name, Province: province, From: from, To: to, Generated: s.Now(), PreparedBy: caller(c).User.FullName}
	var body []byte
	if format == "xlsx" {
		body, err = reports.XLSX(ans, rows, meta)
	} else {
		body, err = reports.HTML(ans, rows, meta)
	}
	if err != nil {
		return fmt.Errorf("render report: %w", err)
	}
	r := &store.Report{ID: uuid.NewString(), CommuneID: q.CommuneID, From: from, To: to, Format: format,
		ContentType: contentTypes[format], FileName: fmt.Sprintf("bao-cao-%s-%s-%s.%s", slug(name), from, to, format), Content: body}
	if err := s.DB.SaveReport(ctx, r, caller(c).User.ID); err != nil {
		return err
	}
	return sendReport(c, r)
}

func sendReport(c echo.Context, r *store.Report) error {
	h := c.Response().Header()
	h.Set("X-Report-Id", r.ID)
	h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"`, r.FileName))
	h.Set("Cache-Control", "no-store")
	return c.Blob(http.StatusOK, r.ContentType, r.Content)
}

func (s *Server) storedReport(c echo.Context) error {
	id := c.Param("id")
	if !changes.IsUUID(id) {
		return errNotFound
	}
	r, err := s.DB.ReportByID(c.Request().Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		return errNotFound
	}
	if err != nil {
		return err
	}
	a := caller(c).Actor()
	if !access.MayReadReport(a, r.CommuneID) {
		return errNotFound
	}
	if f := c.QueryParam("format"); f != "" && f != r.Format {
		if _, ok := contentTypes[f]; !ok {
			return badValue("format", "format là xlsx hoặc html (format is xlsx or html)")
		}
		return errNotFound
	}
	return sendReport(c, r)
}

// slug makes an ASCII file-name part of a Vietnamese name: "Xã Hòa An" → "xa-hoa-an".
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFD.String(s) {
		switch {
		case r == 'đ' || r == 'Đ':
			r = 'd'
		case unicode.Is(unicode.Mn, r):
			continue
		}
		r = unicode.ToLower(r)
		if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	out := strings.TrimSuffix(b.String(), "-")
	if out == "" {
		return "xa"
	}
	return out
}

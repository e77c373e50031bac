package api

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"unicode"
	"unicode/utf8"

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
	return s.makeReport(c, q, format, "", reports.Sections{})
}

// reportRequest is the body of POST /api/reports.
type reportRequest struct {
	From      *string           `json:"from"`
	To        *string           `json:"to"`
	Format    *string           `json:"format"`
	CommuneID *string           `json:"commune_id"`
	Number    *string           `json:"number"`
	Sections  *reports.Sections `json:"sections"`
}

// maxReportNumber is the longest document number ("12/BC-HNCT"), in characters.
const maxReportNumber = 50

// postReport generates the report with the officer's number and written
// sections (CONTRACT.md, POST /api/reports).
func (s *Server) postReport(c echo.Context) error {
	var in reportRequest
	if err := decodeStrict(c, &in); err != nil {
		return err
	}
	for _, f := range []struct {
		name string
		v    *string
	}{{"from", in.From}, {"to", in.To}, {"format", in.Format}} {
		if f.v == nil {
			return missing(f.name)
		}
	}
	from, to := *in.From, *in.To
	if _, ok := changes.ParseDate(from); !ok {
		return badValue("from", "from cần dạng YYYY-MM-DD (from must be a YYYY-MM-DD date)")
	}
	if _, ok := changes.ParseDate(to); !ok {
		return badValue("to", "to cần dạng YYYY-MM-DD (to must be a YYYY-MM-DD date)")
	}
	if from > to {
		return badValue("from", "from phải trước to (from must not be after to)")
	}
	format := *in.Format
	if _, ok := contentTypes[format]; !ok {
		return badValue("format", "format là xlsx hoặc html (format is xlsx or html)")
	}
	number := ""
	if in.Number != nil {
		number = strings.TrimSpace(norm.NFC.String(*in.Number))
		if err := checkText("number", number, maxReportNumber, false); err != nil {
			return err
		}
	}
	var sec reports.Sections
	if in.Sections != nil {
		for _, f := range []struct {
			name string
			v    *string
		}{{"sections.results", &in.Sections.Results}, {"sections.shortcomings", &in.Sections.Shortcomings},
			{"sections.causes", &in.Sections.Causes}, {"sections.proposals", &in.Sections.Proposals}} {
			*f.v = norm.NFC.String(*f.v)
			if err := checkText(f.name, *f.v, reports.MaxSectionChars, true); err != nil {
				return err
			}
		}
		sec = *in.Sections
	}
	communeID := ""
	if in.CommuneID != nil {
		communeID = *in.CommuneID
	}
	q, err := s.scopeCommune(c, communeID)
	if err != nil {
		return err
	}
	q.From, q.To = from, to
	return s.makeReport(c, q, format, number, sec)
}

// checkText: at most max characters, no control characters but (when
// multiline) line breaks and tabs.
func checkText(field, v string, max int, multiline bool) error {
	if !utf8.ValidString(v) {
		return badValue(field, field+" không phải UTF-8 (not UTF-8)")
	}
	if n := utf8.RuneCountInString(v); n > max {
		return badValue(field, fmt.Sprintf("%s dài quá %d ký tự (longer than %d characters)", field, max, max))
	}
	for _, r := range v {
		if multiline && (r == '\n' || r == '\r' || r == '\t') {
			continue
		}
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || (unicode.Is(unicode.Cf, r) && r != '\u200d') {
			return badValue(field, field+" có ký tự điều khiển (control character)")
		}
	}
	return nil
}

// makeReport renders, keeps and sends the report of q.
func (s *Server) makeReport(c echo.Context, q indicators.Query, format, number string, sec reports.Sections) error {
	from, to := q.From, q.To
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
	meta := reports.Meta{CommuneName: name, Province: province, From: from, To: to, Generated: s.Now(), PreparedBy: caller(c).User.FullName,
		Number: number, Sections: sec}
	var body []byte
	if format == "xlsx" {
		body, err = reports.XLSX(ans, rows, meta)
	} else {
		body, err = reports.HTML(ans, rows, meta)
	}
	if err != nil {
		return fmt.Errorf("render report: %w", err)
	}
	id, err := uuid.NewV7()
	if err != nil {
		return fmt.Errorf("report id: %w", err)
	}
	r := &store.Report{ID: id.String(), CommuneID: q.CommuneID, From: from, To: to, Format: format, Number: number,
		ContentType: contentTypes[format], FileName: fmt.Sprintf("bao-cao-%s-%s-%s.%s", slug(name), from, to, format), Content: body}
	if err := s.DB.SaveReport(ctx, r, caller(c).User.ID); err != nil {
		return err
	}
	return sendReport(c, r)
}

// reportHistory lists the kept reports of the caller's commune (an admin:
// of commune_id, or of every commune), newest first.
func (s *Server) reportHistory(c echo.Context) error {
	a := caller(c).Actor()
	communeID := c.QueryParam("commune_id")
	if communeID != "" || a.Role != changes.RoleAdmin {
		q, err := s.scopeCommune(c, communeID)
		if err != nil {
			return err
		}
		communeID = q.CommuneID
	}
	list, err := s.DB.ReportHistory(c.Request().Context(), communeID)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, map[string]any{"reports": list})
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

// clubSyncs answers GET /api/clubs/last-sync[?commune_id]: per club of the
// commune, when its board's phones last sent a change (docs/API-EXTRA.md).
func (s *Server) clubSyncs(c echo.Context) error {
	q, err := s.scopeQuery(c, false)
	if err != nil {
		return err
	}
	list, err := s.DB.ClubSyncs(c.Request().Context(), q.CommuneID)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, map[string]any{"clubs": list})
}

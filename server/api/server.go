package api

import (
	"io/fs"
	"log/slog"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"clb/schema"
	"clb/server/auth"
	"clb/server/figures"
	"clb/server/imports"
	"clb/server/push"
	"clb/server/store"
	changes "clb/sync"
)

// Server holds what the handlers need.
type Server struct {
	DB      *store.DB
	Schema  *schema.Schema
	Engine  *changes.Engine
	Keys    *auth.Keys
	Log     *slog.Logger
	Now     func() time.Time
	Figures *figures.Figures
	// Static is the built PWA; nil serves no app.
	Static fs.FS
	// Observer is told of each request, push and failed login (metrics);
	// it may be nil.
	Observer Observer
}

// pushes is the push service over the server's store, engine and figures.
func (s *Server) pushes() *push.Service {
	svc := &push.Service{Store: s.DB, Engine: s.Engine}
	if s.Figures != nil {
		svc.Indicators = s.Figures
	}
	return svc
}

func init() {
	// Go's table lacks the web manifest; browsers want its own type.
	_ = mime.AddExtensionType(".webmanifest", "application/manifest+json")
}

// Handler builds the echo router.
func (s *Server) Handler() http.Handler {
	if s.Now == nil {
		s.Now = time.Now
	}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	// The login rate limit counts by the connection's address: a header
	// from the client must not choose it.
	e.IPExtractor = echo.ExtractIPDirect()
	e.HTTPErrorHandler = errorHandler(s.Log)
	e.Use(s.observe, recoverJSON(s.Log), securityHeaders, compressAnswers)

	g := e.Group("/api")
	small := limitBody(maxOtherBytes)
	g.GET("/healthz", s.healthz)
	g.POST("/auth/login", s.login, small)
	g.POST("/auth/refresh", s.refresh, small)
	g.POST("/auth/logout", s.logout, small, s.authed())

	g.POST("/users", s.createUser, small, s.authed(changes.RoleAdmin, changes.RoleOfficer))
	g.GET("/users", s.listUsers, s.authed(changes.RoleAdmin, changes.RoleOfficer))
	g.PATCH("/users/:id", s.patchUser, small, s.authed(changes.RoleAdmin, changes.RoleOfficer))
	g.DELETE("/users/:id", s.deleteUser, small, s.authed(changes.RoleAdmin, changes.RoleOfficer))

	g.POST("/sync/push", s.push, limitBody(maxPushBytes), limitChanges, s.authed())
	g.GET("/sync/pull", s.pull, s.authed())
	g.GET("/review", s.review, s.authed())
	g.GET("/audit", s.audit, s.authed(changes.RoleAdmin, changes.RoleOfficer))
	g.GET("/indicators", s.indicators, s.authed(changes.RoleAdmin, changes.RoleOfficer, changes.RoleClubBoard))
	g.GET("/reports", s.report, s.authed(changes.RoleAdmin, changes.RoleOfficer))
	g.POST("/reports", s.postReport, limitBody(maxReportBytes), s.authed(changes.RoleAdmin, changes.RoleOfficer))
	g.GET("/reports/history", s.reportHistory, s.authed(changes.RoleAdmin, changes.RoleOfficer))
	g.GET("/clubs/last-sync", s.clubSyncs, s.authed(changes.RoleAdmin, changes.RoleOfficer))
	g.GET("/reports/:id", s.storedReport, s.authed(changes.RoleAdmin, changes.RoleOfficer))
	importers := s.authed(changes.RoleAdmin, changes.RoleOfficer, changes.RoleClubBoard)
	g.GET("/imports/template", s.importTemplate, importers)
	g.POST("/imports", s.previewImport, limitBody(imports.MaxBytes), importers)
	g.POST("/imports/:id/commit", s.commitImport, small, importers)
	g.GET("/health-list", s.healthList, s.authed(changes.RoleAdmin, changes.RoleOfficer, changes.RoleHealthWorker))
	g.Any("/*", notFoundOr405(e))
	e.Any("/api", notFoundOr405(e))

	// Metrics are served on their own address (serve --metrics-addr) only.
	e.Any("/metrics", func(echo.Context) error { return errNotFound })

	if s.Static != nil {
		e.GET("/*", s.static)
		e.HEAD("/*", s.static)
	}
	return e
}

// recoverJSON turns a panic into a logged 500 with the JSON shape.
func recoverJSON(log *slog.Logger) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) (err error) {
			defer func() {
				if r := recover(); r != nil {
					log.Error("panic", "path", c.Path(), "panic", r)
					err = errInternal
				}
			}()
			return next(c)
		}
	}
}

func (s *Server) healthz(c echo.Context) error {
	if err := s.DB.Ping(c.Request().Context()); err != nil {
		return errUnavailable
	}
	return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
}

// static serves the PWA: hashed assets immutable, the shell and the service
// worker never cached, and index.html for app paths without an extension.
func (s *Server) static(c echo.Context) error {
	p := strings.TrimPrefix(path.Clean("/"+c.Param("*")), "/")
	if p == "" {
		p = "index.html"
	}
	f, err := fs.Stat(s.Static, p)
	if err != nil || f.IsDir() {
		if path.Ext(p) != "" {
			return echo.NewHTTPError(http.StatusNotFound)
		}
		p = "index.html"
	}
	h := c.Response().Header()
	switch {
	case strings.HasPrefix(p, "assets/"):
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	default:
		h.Set("Cache-Control", "no-cache")
	}
	if p == "sw.js" {
		h.Set("Service-Worker-Allowed", "/")
	}
	http.ServeFileFS(c.Response(), c.Request(), s.Static, p)
	return nil
}

// notFoundOr405 answers an unrouted /api request: 405 when the path exists
// with another method, else 404 (never the PWA's index.html).
func notFoundOr405(e *echo.Echo) echo.HandlerFunc {
	return func(c echo.Context) error {
		segs := strings.Split(strings.Trim(c.Request().URL.Path, "/"), "/")
		for _, r := range e.Routes() {
			if strings.HasSuffix(r.Path, "*") || r.Path == "/api" || r.Method == echo.RouteNotFound {
				continue
			}
			if matchRoute(strings.Split(strings.Trim(r.Path, "/"), "/"), segs) {
				return errNotAllowed
			}
		}
		return errNotFound
	}
}

func matchRoute(pattern, segs []string) bool {
	if len(pattern) != len(segs) {
		return false
	}
	for i, p := range pattern {
		if !strings.HasPrefix(p, ":") && p != segs[i] {
			return false
		}
	}
	return true
}

// securityHeaders: no sniffing, no framing, no referrer to other sites.
func securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		return next(c)
	}
}

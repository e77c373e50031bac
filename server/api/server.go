package api

import (
	"io/fs"
	"log/slog"
	"mime"
	"net/http"
	"path"
	"slices"
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
	"clb/sync/access"
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
	g.GET("/healthz", s.healthz, strictQuery)
	g.POST("/auth/login", s.login, small, strictQuery)
	g.POST("/auth/refresh", s.refresh, small, strictQuery)
	g.POST("/auth/logout", s.logout, small, s.authed())

	g.POST("/users", s.createUser, small, s.authed(access.ManagesUsers...))
	g.GET("/users", s.listUsers, s.authed(access.ManagesUsers...))
	g.PATCH("/users/:id", s.patchUser, small, s.authed(access.ManagesUsers...))
	g.DELETE("/users/:id", s.deleteUser, small, s.authed(access.ManagesUsers...))

	g.POST("/sync/push", s.push, limitBody(maxPushBytes), s.authed())
	g.GET("/sync/pull", s.pull, s.authed())
	g.GET("/review", s.review, s.authed())
	g.GET("/audit", s.audit, s.authed(access.ReadsAudit...))
	g.GET("/indicators", s.indicators, s.authed(access.ReadsIndicators...))
	g.GET("/reports", s.report, s.authed(access.ReadsReports...))
	g.POST("/reports", s.postReport, limitBody(maxReportBytes), s.authed(access.ReadsReports...))
	g.GET("/reports/history", s.reportHistory, s.authed(access.ReadsReports...))
	g.GET("/clubs/last-sync", s.clubSyncs, s.authed(access.ReadsReports...))
	g.GET("/reports/:id", s.storedReport, s.authed(access.ReadsReports...))
	importers := s.authed(access.Imports...)
	g.GET("/imports/template", s.importTemplate, importers)
	g.POST("/imports", s.previewImport, limitBody(imports.MaxBytes), importers)
	g.POST("/imports/:id/commit", s.commitImport, small, importers)
	g.GET("/health-list", s.healthList, s.authed(access.ReadsHealthList...))
	g.Any("/*", notFoundOr405(e))
	e.Any("/api", notFoundOr405(e))

	// Metrics are served on their own address (serve --metrics-addr) only.
	e.Any("/metrics", func(echo.Context) error { return errNotFound })

	if s.Static != nil {
		e.GET("/*", s.static)
	}
	return headAsGet{e}
}

// headAsGet answers HEAD wherever GET is answered: the request is routed
// and handled as a GET, and the HTTP server, which knows the request was a
// HEAD, sends no body.
type headAsGet struct{ h http.Handler }

func (h headAsGet) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodHead {
		g := *r
		g.Method = http.MethodGet
		r = &g
	}
	h.h.ServeHTTP(w, r)
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

// notFoundOr405 answers an unrouted /api request: 405 with Allow when the
// path exists with another method, else 404 (never the PWA's index.html).
func notFoundOr405(e *echo.Echo) echo.HandlerFunc {
	return func(c echo.Context) error {
		segs := strings.Split(strings.Trim(c.Request().URL.Path, "/"), "/")
		var allow []string
		for _, r := range e.Routes() {
			if strings.HasSuffix(r.Path, "*") || r.Path == "/api" || r.Method == echo.RouteNotFound {
				continue
			}
			if matchRoute(strings.Split(strings.Trim(r.Path, "/"), "/"), segs) && !slices.Contains(allow, r.Method) {
				allow = append(allow, r.Method)
				if r.Method == http.MethodGet && !slices.Contains(allow, http.MethodHead) {
					allow = append(allow, http.MethodHead)
				}
			}
		}
		if len(allow) == 0 {
			return errNotFound
		}
		slices.Sort(allow)
		c.Response().Header().Set("Allow", strings.Join(allow, ", "))
		return errNotAllowed
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

// contentSecurityPolicy: scripts only from the app's own files (no inline
// script, no eval), no plugins, no <base>, never inside a frame.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; worker-src 'self'; manifest-src 'self'; " +
	"form-action 'self'; frame-ancestors 'none'; object-src 'none'; base-uri 'none'"

// securityHeaders: no sniffing, no framing, no referrer to other sites, a
// CSP on every answer (HTML ones need it; others do no harm with it), and
// no caching of any /api answer (they carry personal data and tokens).
func securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		if p := c.Request().URL.Path; p == "/api" || strings.HasPrefix(p, "/api/") {
			h.Set("Cache-Control", "no-store")
		}
		return next(c)
	}
}

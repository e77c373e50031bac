package api

import (
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"time"

	"github.com/labstack/echo/v4"

	changes "clb/sync"
)

// Observer is told what the server does, for its metrics (package metrics);
// Server.Observer may be nil.
type Observer interface {
	// Request: one answered request, by route pattern.
	Request(method, route string, status int, d time.Duration)
	// Pushed: the answers of one committed push.
	Pushed(rs []changes.Result)
	// LoginFailed: a wrong password or an unknown user.
	LoginFailed()
}

type noObserver struct{}

func (noObserver) Request(string, string, int, time.Duration) {}
func (noObserver) Pushed([]changes.Result)                    {}
func (noObserver) LoginFailed()                               {}

func (s *Server) observer() Observer {
	if s.Observer == nil {
		return noObserver{}
	}
	return s.Observer
}

// observe logs one line per request — its id (also sent as X-Request-Id),
// method, route, path, status, duration and size — and tells the observer.
// It never logs a query string, a header or a body: no token, password or
// member field reaches the log.
func (s *Server) observe(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		var b [8]byte
		_, _ = rand.Read(b[:])
		id := hex.EncodeToString(b[:])
		c.Response().Header().Set("X-Request-Id", id)
		if err := next(c); err != nil {
			c.Error(err) // the answer is written now, so its status is known
		}
		d := time.Since(start)
		req, res := c.Request(), c.Response()
		route := c.Path()
		s.observer().Request(req.Method, route, res.Status, d)
		if s.Log == nil {
			return nil
		}
		s.Log.LogAttrs(req.Context(), slog.LevelInfo, "request",
			slog.String("id", id), slog.String("method", req.Method), slog.String("route", route),
			slog.String("path", req.URL.Path), slog.Int("status", res.Status),
			slog.Float64("duration_ms", float64(d.Microseconds())/1000), slog.Int64("bytes", res.Size))
		return nil
	}
}

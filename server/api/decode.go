package api

import (
	"bytes"
	"encoding/json"
	"io"
	"mime"

	"github.com/labstack/echo/v4"

	"clb/server/push"
	changes "clb/sync"
)

// Body limits.
const (
	maxPushBytes  = 4 << 20
	maxOtherBytes = 64 << 10
	// POST /api/reports: four sections of 20 000 characters, each at most
	// 6 bytes as JSON (\uXXXX).
	maxReportBytes = 4*20000*6 + 64<<10
)

// limitBody reads the whole body before anything else runs (CONTRACT.md: the
// size check comes before authentication), answering 413 past the limit.
func limitBody(limit int64) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			r := c.Request()
			if r.ContentLength > limit {
				return errTooLarge
			}
			b, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
			if err != nil {
				return invalidJSON("không đọc được (unreadable body)")
			}
			if int64(len(b)) > limit {
				return errTooLarge
			}
			c.Set("body", b)
			r.Body = io.NopCloser(bytes.NewReader(b))
			return next(c)
		}
	}
}

// decodeStrict checks the body is strict JSON (UTF-8, no duplicate keys, no
// deeper than 16, no trailing data) of content type application/json, then
// decodes it into v.
func decodeStrict(c echo.Context, v any) error {
	if err := requireJSON(c); err != nil {
		return err
	}
	b, _ := c.Get("body").([]byte)
	if err := changes.CheckJSON(b); err != nil {
		return invalidJSON(err.Error())
	}
	if err := json.Unmarshal(b, v); err != nil {
		return invalidJSON("sai kiểu dữ liệu (wrong shape)")
	}
	return nil
}

// requireJSON checks the content type.
func requireJSON(c echo.Context) error {
	if !sameMediaType(c.Request().Header.Get("Content-Type"), "application/json") {
		return invalidJSON("cần Content-Type application/json")
	}
	return nil
}

// sameMediaType reports whether a Content-Type header names the media type.
func sameMediaType(header, want string) bool {
	mt, _, err := mime.ParseMediaType(header)
	return err == nil && mt == want
}

// limitChanges answers 413 for a push of more than push.MaxChanges changes before
// authentication, like any other size limit.
func limitChanges(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		b, _ := c.Get("body").([]byte)
		var in struct {
			Changes []json.RawMessage `json:"changes"`
		}
		if json.Unmarshal(b, &in) == nil && len(in.Changes) > push.MaxChanges {
			return errTooLarge
		}
		return next(c)
	}
}

package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"unicode/utf8"

	"github.com/labstack/echo/v4"
)

// Body limits.
const (
	maxPushBytes  = 4 << 20
	maxOtherBytes = 64 << 10
	maxDepth      = 16
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
	ct := c.Request().Header.Get("Content-Type")
	if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != "application/json" {
		return invalidJSON("cần Content-Type application/json")
	}
	b, _ := c.Get("body").([]byte)
	if err := checkJSON(b); err != nil {
		return invalidJSON(err.Error())
	}
	if err := json.Unmarshal(b, v); err != nil {
		return invalidJSON("sai kiểu dữ liệu (wrong shape)")
	}
	return nil
}

var (
	errUTF8      = errors.New("không phải UTF-8 (invalid UTF-8)")
	errDuplicate = errors.New("khóa bị lặp (duplicate key)")
	errDeep      = errors.New("lồng quá sâu (nested deeper than 16)")
	errTrailing  = errors.New("dữ liệu thừa sau JSON (trailing data)")
	errSyntax    = errors.New("cú pháp JSON sai (syntax error)")
)

// checkJSON walks the tokens of b once.
func checkJSON(b []byte) error {
	if !utf8.Valid(b) {
		return errUTF8
	}
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	if err := walk(d, 0); err != nil {
		return err
	}
	if _, err := d.Token(); err != io.EOF {
		return errTrailing
	}
	return nil
}

func walk(d *json.Decoder, depth int) error {
	t, err := d.Token()
	if err != nil {
		return errSyntax
	}
	delim, ok := t.(json.Delim)
	if !ok {
		return nil
	}
	if depth+1 > maxDepth {
		return errDeep
	}
	switch delim {
	case '{':
		seen := map[string]bool{}
		for d.More() {
			k, err := d.Token()
			if err != nil {
				return errSyntax
			}
			key, _ := k.(string)
			if seen[key] {
				return errDuplicate
			}
			seen[key] = true
			if err := walk(d, depth+1); err != nil {
				return err
			}
		}
	case '[':
		for d.More() {
			if err := walk(d, depth+1); err != nil {
				return err
			}
		}
	}
	if _, err := d.Token(); err != nil {
		return errSyntax
	}
	return nil
}

// noBody accepts an empty body (or {}) for endpoints that take none.
func noContent(c echo.Context) error { return c.NoContent(http.StatusNoContent) }

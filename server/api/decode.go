package api

import (
	"bytes"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"clb/server/wire"
)

// Body limits.
const (
	maxPushBytes  = 4 << 20
	maxOtherBytes = 64 << 10
	// POST /api/reports: four sections of 20 000 characters, each at most
	// 6 bytes as JSON (\uXXXX).
	maxReportBytes = 4*20000*6 + 64<<10
)

// limitBody judges a request's size before authentication from its declared
// Content-Length only (413 past the limit): the body itself is read later,
// by the handler, so that nothing of an unauthenticated request is held in
// memory. The limit is kept for readBody, which enforces it on the bytes.
func limitBody(limit int64) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if c.Request().ContentLength > limit {
				return errTooLarge
			}
			c.Set("bodyLimit", limit)
			return next(c)
		}
	}
}

// readBody reads the request body once, at most the route's limit (413
// beyond it: a body without a declared length is judged here, after
// authentication).
func readBody(c echo.Context) ([]byte, error) {
	if b, ok := c.Get("body").([]byte); ok {
		return b, nil
	}
	limit, ok := c.Get("bodyLimit").(int64)
	if !ok {
		limit = maxOtherBytes
	}
	r := c.Request()
	b, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, errTooLarge
		}
		return nil, invalidJSON("không đọc được (unreadable body)")
	}
	if int64(len(b)) > limit {
		return nil, errTooLarge
	}
	c.Set("body", b)
	r.Body = io.NopCloser(bytes.NewReader(b))
	return b, nil
}

// decodeStrict is the one decoding of a JSON request body: content type
// application/json, then wire.DecodeObject (UTF-8, no duplicate keys, no
// deeper than 16, no trailing data, keys matched exactly); a key that v does
// not define is 400 invalid_json.
func decodeStrict(c echo.Context, v any) error {
	unknown, err := decodeBody(c, v)
	if err != nil {
		return err
	}
	if unknown != "" {
		return invalidJSON("khóa không được định nghĩa (unknown key) " + unknown)
	}
	return nil
}

// decodeBody is decodeStrict that gives back the first key v does not define
// instead of failing on it, for bodies whose answer to such a key comes
// after other checks (users: invalid_value after the role check).
func decodeBody(c echo.Context, v any) (unknown string, err error) {
	if err := requireJSON(c); err != nil {
		return "", err
	}
	b, err := readBody(c)
	if err != nil {
		return "", err
	}
	err = wire.DecodeObject(b, v)
	var uk *wire.UnknownKeyError
	if errors.As(err, &uk) {
		return uk.Key, nil
	}
	if err != nil {
		return "", invalidJSON(err.Error())
	}
	return "", nil
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

// checkQuery: a query string that is not valid percent-encoding is 400
// invalid_value naming the parameter (echo would silently drop it).
func checkQuery(c echo.Context) error {
	raw := c.Request().URL.RawQuery
	if raw == "" {
		return nil
	}
	if _, err := url.ParseQuery(raw); err == nil {
		return nil
	}
	for _, part := range strings.Split(raw, "&") {
		k, v, _ := strings.Cut(part, "=")
		key, kerr := url.QueryUnescape(k)
		_, verr := url.QueryUnescape(v)
		if kerr != nil || verr != nil || strings.Contains(part, ";") {
			if kerr != nil {
				key = k
			}
			return badValue(key, "Tham số không đúng mã hóa URL (query parameter is not valid percent-encoding)")
		}
	}
	return badValue("", "Tham số không đúng mã hóa URL (query string is not valid percent-encoding)")
}

// strictQuery is checkQuery as a middleware, for routes without a token.
func strictQuery(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if err := checkQuery(c); err != nil {
			return err
		}
		return next(c)
	}
}

// Package api is the HTTP layer: echo routes, JSON decoding, auth middleware
// and the one place where errors become HTTP statuses. Handlers stay thin; the
// work is in sync/, store/, auth/ and indicators/.
package api

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"clb/server/store"
)

// Error is an API error with a CONTRACT.md code.
type Error struct {
	Status     int
	Code       string
	Message    string
	Field      string
	RetryAfter int // seconds, for rate_limited
}

func (e *Error) Error() string {
	if e.Field != "" {
		return e.Code + " (" + e.Field + "): " + e.Message
	}
	return e.Code + ": " + e.Message
}

func errf(status int, code, format string, a ...any) *Error {
	return &Error{Status: status, Code: code, Message: fmt.Sprintf(format, a...)}
}

func badValue(field, msg string) *Error {
	return &Error{Status: http.StatusBadRequest, Code: "invalid_value", Field: field, Message: msg}
}

func missing(field string) *Error {
	return &Error{Status: http.StatusBadRequest, Code: "missing_field", Field: field, Message: "Thiếu " + field + " (missing " + field + ")"}
}

var (
	errUnauthorized = errf(http.StatusUnauthorized, "unauthorized", "Cần đăng nhập lại (sign in again)")
	errDisabled     = errf(http.StatusUnauthorized, "account_disabled", "Tài khoản đã bị khóa (the account is disabled)")
	errForbidden    = errf(http.StatusForbidden, "forbidden", "Không có quyền (not allowed)")
	errNotFound     = errf(http.StatusNotFound, "not_found", "Không tìm thấy (not found)")
	errTooLarge     = errf(http.StatusRequestEntityTooLarge, "too_large", "Dữ liệu gửi lên quá lớn (request too large)")
	errTooOld       = errf(http.StatusUpgradeRequired, "client_too_old", "Cần cập nhật ứng dụng (update the app)")
	errUnavailable  = errf(http.StatusServiceUnavailable, "unavailable", "Máy chủ tạm thời không ghi được dữ liệu (the server cannot write now)")
)

func invalidJSON(msg string) *Error {
	return errf(http.StatusBadRequest, "invalid_json", "Dữ liệu không đúng JSON: %s", msg)
}

// errorHandler maps every error to the JSON shape. Only internal faults are
// logged, and their details never reach the client.
func errorHandler(log *slog.Logger) echo.HTTPErrorHandler {
	return func(err error, c echo.Context) {
		if c.Response().Committed {
			return
		}
		var e *Error
		var he *echo.HTTPError
		switch {
		case errors.As(err, &e):
		case errors.Is(err, store.ErrUnavailable):
			log.ErrorContext(c.Request().Context(), "database unavailable", "path", c.Path(), "err", err)
			e = errUnavailable
		case errors.As(err, &he):
			switch he.Code {
			case http.StatusNotFound:
				e = errNotFound
			case http.StatusMethodNotAllowed:
				e = errf(http.StatusMethodNotAllowed, "method_not_allowed", "Phương thức không được hỗ trợ (method not allowed)")
			case http.StatusRequestEntityTooLarge:
				e = errTooLarge
			case http.StatusUnsupportedMediaType, http.StatusBadRequest:
				e = invalidJSON(fmt.Sprint(he.Message))
			default:
				e = errf(he.Code, "internal", "%s", http.StatusText(he.Code))
			}
		default:
			log.ErrorContext(c.Request().Context(), "request failed", "method", c.Request().Method, "path", c.Path(), "err", err)
			e = errf(http.StatusInternalServerError, "internal", "Lỗi máy chủ (internal error)")
		}
		if e.RetryAfter > 0 {
			c.Response().Header().Set("Retry-After", strconv.Itoa(e.RetryAfter))
		}
		body := map[string]any{"code": e.Code, "message": e.Message}
		if e.Field != "" {
			body["field"] = e.Field
		}
		if c.Request().Method == http.MethodHead {
			_ = c.NoContent(e.Status)
			return
		}
		_ = c.JSON(e.Status, map[string]any{"error": body})
	}
}

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

	"clb/server/fault"
	"clb/server/store"
)

// statuses is the one table from a domain error's code to its HTTP status.
var statuses = map[string]int{
	fault.InvalidJSON:      http.StatusBadRequest,
	fault.InvalidValue:     http.StatusBadRequest,
	fault.MissingField:     http.StatusBadRequest,
	fault.Unauthorized:     http.StatusUnauthorized,
	fault.AccountDisabled:  http.StatusUnauthorized,
	fault.Forbidden:        http.StatusForbidden,
	fault.NotFound:         http.StatusNotFound,
	fault.MethodNotAllowed: http.StatusMethodNotAllowed,
	fault.Conflict:         http.StatusConflict,
	fault.ResetRequired:    http.StatusConflict,
	fault.TooLarge:         http.StatusRequestEntityTooLarge,
	fault.ClientTooOld:     http.StatusUpgradeRequired,
	fault.RateLimited:      http.StatusTooManyRequests,
	fault.Internal:         http.StatusInternalServerError,
	fault.Unavailable:      http.StatusServiceUnavailable,
}

// status is the HTTP status of a code (500 for a code the table lacks).
func status(code string) int {
	if s, ok := statuses[code]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// Short names for the errors handlers return most.
var (
	errf     = fault.New
	badValue = fault.Invalid
	missing  = fault.Missing

	errUnauthorized = fault.New(fault.Unauthorized, "Cần đăng nhập lại (sign in again)")
	errDisabled     = fault.New(fault.AccountDisabled, "Tài khoản đã bị khóa (the account is disabled)")
	errForbidden    = fault.New(fault.Forbidden, "Không có quyền (not allowed)")
	errNotFound     = fault.New(fault.NotFound, "Không tìm thấy (not found)")
	errNotAllowed   = fault.New(fault.MethodNotAllowed, "Phương thức không được hỗ trợ (method not allowed)")
	errTooLarge     = fault.New(fault.TooLarge, "Dữ liệu gửi lên quá lớn (request too large)")
	errTooOld       = fault.New(fault.ClientTooOld, "Cần cập nhật ứng dụng (update the app)")
	errUnavailable  = fault.New(fault.Unavailable, "Máy chủ tạm thời không ghi được dữ liệu (the server cannot write now)")
	errInternal     = fault.New(fault.Internal, "Lỗi máy chủ (internal error)")
)

func invalidJSON(msg string) *fault.Error {
	return fault.New(fault.InvalidJSON, "Dữ liệu không đúng JSON: %s", msg)
}

// errorHandler maps every error to the JSON shape. Only internal faults are
// logged, and their details never reach the client.
func errorHandler(log *slog.Logger) echo.HTTPErrorHandler {
	return func(err error, c echo.Context) {
		if c.Response().Committed {
			return
		}
		var e *fault.Error
		var he *echo.HTTPError
		code := 0 // the status, when not the table's
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
				e = errNotAllowed
			case http.StatusRequestEntityTooLarge:
				e = errTooLarge
			case http.StatusUnsupportedMediaType, http.StatusBadRequest:
				e = invalidJSON(fmt.Sprint(he.Message))
			default:
				e, code = fault.New(fault.Internal, "%s", http.StatusText(he.Code)), he.Code
			}
		default:
			log.ErrorContext(c.Request().Context(), "request failed", "method", c.Request().Method, "path", c.Path(), "err", err)
			e = errInternal
		}
		if code == 0 {
			code = status(e.Code)
		}
		if e.RetryAfter > 0 {
			c.Response().Header().Set("Retry-After", strconv.Itoa(e.RetryAfter))
		}
		body := map[string]any{"code": e.Code, "message": e.Message}
		if e.Field != "" {
			body["field"] = e.Field
		}
		if c.Request().Method == http.MethodHead {
			_ = c.NoContent(code)
			return
		}
		_ = c.JSON(code, map[string]any{"error": body})
	}
}

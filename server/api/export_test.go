package api

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// EchoOf gives tests the echo router under the server's handler, for its
// route table.
func EchoOf(h http.Handler) (*echo.Echo, bool) {
	if w, ok := h.(headAsGet); ok {
		h = w.h
	}
	e, ok := h.(*echo.Echo)
	return e, ok
}

// Package fault is the one error type of the server's domain: an error with
// a code of CONTRACT.md, a message for people (Vietnamese first) and, for a
// bad value, the field. The domain (users, push, the command line) returns
// it; package api maps each code to an HTTP status in one table; the command
// line prints it.
package fault

import "fmt"

// Codes of CONTRACT.md.
const (
	InvalidJSON      = "invalid_json"
	InvalidValue     = "invalid_value"
	MissingField     = "missing_field"
	Unauthorized     = "unauthorized"
	AccountDisabled  = "account_disabled"
	Forbidden        = "forbidden"
	NotFound         = "not_found"
	MethodNotAllowed = "method_not_allowed"
	Conflict         = "conflict"
	ResetRequired    = "reset_required"
	TooLarge         = "too_large"
	ClientTooOld     = "client_too_old"
	RateLimited      = "rate_limited"
	Internal         = "internal"
	Unavailable      = "unavailable"
)

// Error is a domain error with a code.
type Error struct {
	Code       string
	Message    string
	Field      string // the field a bad value is in, if any
	RetryAfter int    // seconds, for rate_limited
}

func (e *Error) Error() string {
	if e.Field != "" {
		return e.Code + " (" + e.Field + "): " + e.Message
	}
	return e.Code + ": " + e.Message
}

// New returns an error with the code and a formatted message.
func New(code, format string, a ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, a...)}
}

// Invalid is a bad value in field.
func Invalid(field, msg string) *Error {
	return &Error{Code: InvalidValue, Field: field, Message: msg}
}

// Missing is a required field that is absent.
func Missing(field string) *Error {
	return &Error{Code: MissingField, Field: field, Message: "Thiếu " + field + " (missing " + field + ")"}
}

package auth

import (
	_ "embed"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MinPasswordLen is the fewest characters a password may have.
const MinPasswordLen = 8

// maxPasswordBytes bounds the work of hashing a password.
const maxPasswordBytes = 1024

//go:embed common-passwords.txt
var commonText string

// common holds the refused passwords, lower-case.
var common = func() map[string]bool {
	m := map[string]bool{}
	for _, line := range strings.Split(commonText, "\n") {
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, "#") {
			m[strings.ToLower(line)] = true
		}
	}
	return m
}()

// PasswordError says why a password is refused, in Vietnamese and English.
type PasswordError struct{ Reason string }

func (e *PasswordError) Error() string { return e.Reason }

// CheckPolicy applies the password rules of CONTRACT.md "Hardening" for the
// account username: at least 8 characters, not only white space, not the
// username (in any case), not a common password (compared without case).
// The API and `server user add` both call it.
func CheckPolicy(username, password string) error {
	switch {
	case utf8.RuneCountInString(password) < MinPasswordLen:
		return &PasswordError{fmt.Sprintf("Mật khẩu cần ít nhất %d ký tự (at least %d characters)", MinPasswordLen, MinPasswordLen)}
	case len(password) > maxPasswordBytes:
		return &PasswordError{fmt.Sprintf("Mật khẩu dài quá %d byte (longer than %d bytes)", maxPasswordBytes, maxPasswordBytes)}
	case strings.TrimFunc(password, unicode.IsSpace) == "":
		return &PasswordError{"Mật khẩu không được chỉ có khoảng trắng (may not be only white space)"}
	case strings.EqualFold(strings.TrimSpace(password), strings.TrimSpace(username)):
		return &PasswordError{"Mật khẩu không được trùng tên đăng nhập (may not be the username)"}
	case common[strings.ToLower(password)]:
		return &PasswordError{"Mật khẩu quá phổ biến, dễ đoán (a common password, easy to guess)"}
	}
	return nil
}

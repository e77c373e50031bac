package auth

import (
	"strings"
	"testing"
)

func TestCheckPolicy(t *testing.T) {
	tests := []struct {
		user, pw string
		ok       bool
	}{
		{"canbo", "Mk-2026-xa", true},
		{"canbo", "abcdefg", false},                                      // 7 characters
		{"canbo", "abcdefgX", true},                                      // 8
		{"canbo", "mậtkhẩu", false},                                      // 7 runes, more bytes
		{"canbo", "mậtkhẩu!", true},                                      // 8 runes
		{"canbo", "        ", false},                                     // eight spaces
		{"canbo", "\u3000\u3000\u3000\u3000\u2003\u2003\u00a0\t", false}, // Unicode white space only
		{"nguyenvana", "NguyenVanA", false},                              // the username, other case
		{"nguyenvana", "nguyenvana1", true},
		{"canbo", "12345678", false},
		{"canbo", "PASSWORD", false}, // common, other case
		{"canbo", "MatKhau123", false},
		{"canbo", "password", false},
		{"canbo", strings.Repeat("x", 1025), false},
	}
	for _, tc := range tests {
		err := CheckPolicy(tc.user, tc.pw)
		if (err == nil) != tc.ok {
			t.Errorf("CheckPolicy(%q, %q) = %v, want ok %v", tc.user, tc.pw, err, tc.ok)
		}
	}
	if len(common) < 100 {
		t.Errorf("the common list has %d passwords, want at least 100", len(common))
	}
	for pw := range common {
		if CheckPolicy("someone", pw) == nil {
			t.Errorf("common password %q accepted", pw)
		}
	}
}

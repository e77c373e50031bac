package auth

import (
	"strings"
	"testing"
	"time"
)

// FuzzParseToken: Parse never panics, accepts only tokens signed with this
// key (HS256, with an expiry, naming a session and a user), and any token it
// accepts after a one-byte change of the signature it must have accepted
// before: a forged or mangled token is refused.
func FuzzParseToken(f *testing.F) {
	k := &Keys{secret: []byte(strings.Repeat("k", 64))}
	other := &Keys{secret: []byte(strings.Repeat("o", 64))}
	now := time.Date(2026, 3, 2, 3, 0, 0, 0, time.UTC)
	good, _ := k.Issue("user-1", "sess-1", 3, now)
	forged, _ := other.Issue("user-1", "sess-1", 3, now)
	for _, s := range []string{good, forged, "", "a.b.c", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4Iiwic2lkIjoieSJ9.",
		good + "x", strings.Replace(good, ".", "..", 1), "eyJhbGciOiJIUzI1NiJ9.e30." + strings.Split(good, ".")[2]} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, tok string) {
		c, err := k.Parse(tok, now)
		if err != nil {
			return
		}
		if c.SessionID == "" || c.Subject == "" || c.ExpiresAt == nil || !c.ExpiresAt.After(now) {
			t.Fatalf("accepted %q with claims %+v", tok, c)
		}
		if _, err := other.Parse(tok, now); err == nil {
			t.Fatalf("a token accepted under two keys: %q", tok)
		}
	})
}

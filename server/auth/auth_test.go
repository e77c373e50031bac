package auth

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

func TestKeyFile(t *testing.T) {
	dir := t.TempDir()
	k1, err := LoadOrCreateKey(dir)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(filepath.Join(dir, "jwt.key"))
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("key mode %v, want 0600", fi.Mode().Perm())
	}
	k2, err := LoadOrCreateKey(dir)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	tok, err := k1.Issue("u", "s", 3, now)
	if err != nil {
		t.Fatal(err)
	}
	c, err := k2.Parse(tok, now)
	if err != nil || c.Subject != "u" || c.SessionID != "s" || c.Gen != 3 {
		t.Fatalf("reloaded key: %v %+v", err, c)
	}
	other, _ := LoadOrCreateKey(t.TempDir())
	if _, err := other.Parse(tok, now); err == nil {
		t.Fatal("a token signed with another key was accepted")
	}
}

func TestParseRejects(t *testing.T) {
	k, _ := LoadOrCreateKey(t.TempDir())
	now := time.Now()
	good, _ := k.Issue("u", "s", 0, now)
	claims := Claims{SessionID: "s", RegisteredClaims: jwt.RegisteredClaims{Subject: "u", ExpiresAt: jwt.NewNumericDate(now.Add(time.Minute))}}
	hs512, _ := jwt.NewWithClaims(jwt.SigningMethodHS512, claims).SignedString(k.secret)
	none, _ := jwt.NewWithClaims(jwt.SigningMethodNone, claims).SignedString(jwt.UnsafeAllowNoneSignatureType)
	noExp := Claims{SessionID: "s", RegisteredClaims: jwt.RegisteredClaims{Subject: "u"}}
	noExpTok, _ := jwt.NewWithClaims(jwt.SigningMethodHS256, noExp).SignedString(k.secret)
	noSession := Claims{RegisteredClaims: jwt.RegisteredClaims{Subject: "u", ExpiresAt: jwt.NewNumericDate(now.Add(time.Minute))}}
	noSessionTok, _ := jwt.NewWithClaims(jwt.SigningMethodHS256, noSession).SignedString(k.secret)
	tests := map[string]struct {
		tok string
		at  time.Time
	}{
		"expired":      {good, now.Add(AccessTTL + time.Second)},
		"HS512":        {hs512, now},
		"alg none":     {none, now},
		"no expiry":    {noExpTok, now},
		"no session":   {noSessionTok, now},
		"garbage":      {"abc.def.ghi", now},
		"tampered sig": {good[:len(good)-2] + "xx", now},
	}
	for name, tt := range tests {
		if _, err := k.Parse(tt.tok, tt.at); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, err := k.Parse(good, now.Add(AccessTTL-time.Second)); err != nil {
		t.Fatalf("valid token refused: %v", err)
	}
}

func TestPasswords(t *testing.T) {
	long := "correct horse battery staple correct horse battery staple correct horse battery"
	for _, p := range []string{"demo-2026", long} {
		h, err := HashPassword(p)
		if err != nil {
			t.Fatal(err)
		}
		if !CheckPassword(h, p) || CheckPassword(h, p+"x") {
			t.Fatalf("check of %q wrong", p)
		}
	}
	// Passwords past bcrypt's 72 bytes still count in full.
	h, _ := HashPassword(long)
	if CheckPassword(h, long[:72]) {
		t.Fatal("a 72-byte prefix matched a longer password")
	}
}

// Package auth issues and checks tokens: short-lived HS256 access tokens that
// name their session, opaque refresh tokens stored as SHA-256 hashes, and
// bcrypt password hashes.
package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"golang.org/x/crypto/bcrypt"
)

// AccessTTL is the lifetime of an access token.
const AccessTTL = 15 * time.Minute

// Keys signs and checks access tokens.
type Keys struct {
	secret []byte
}

// LoadOrCreateKey reads the signing key from dir/jwt.key, creating it with
// mode 0600 on first start. The key is never in the repository.
func LoadOrCreateKey(dir string) (*Keys, error) {
	path := filepath.Join(dir, "jwt.key")
	b, err := os.ReadFile(path)
	if err == nil && len(b) >= 32 {
		return &Keys{secret: b}, nil
	}
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("read key: %w", err)
	}
	b = make([]byte, 64)
	if _, err := rand.Read(b); err != nil {
		return nil, fmt.Errorf("generate key: %w", err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create data folder: %w", err)
	}
	// Written whole to a temporary file, then linked in place: a crash never
	// leaves a half key, and of servers starting together on one new data
	// folder (one PostgreSQL database) the first key linked is everyone's.
	tmp, err := os.CreateTemp(dir, "jwt.key.*.tmp") // mode 0600
	if err != nil {
		return nil, fmt.Errorf("write key: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return nil, fmt.Errorf("write key: %w", err)
	}
	if err := errors.Join(tmp.Sync(), tmp.Close()); err != nil {
		return nil, fmt.Errorf("write key: %w", err)
	}
	if err := os.Link(tmp.Name(), path); err != nil {
		if errors.Is(err, os.ErrExist) {
			if b, err := os.ReadFile(path); err == nil && len(b) >= 32 {
				return &Keys{secret: b}, nil
			}
			return nil, fmt.Errorf("key %s: unreadable or shorter than 32 bytes", path)
		}
		return nil, fmt.Errorf("write key: %w", err)
	}
	return &Keys{secret: b}, nil
}

// Claims of an access token.
type Claims struct {
	SessionID string `json:"sid"`
	Gen       int64  `json:"gen"`
	jwt.RegisteredClaims
}

// Issue signs an access token for a session.
func (k *Keys) Issue(userID, sessionID string, gen int64, now time.Time) (string, error) {
	c := Claims{SessionID: sessionID, Gen: gen, RegisteredClaims: jwt.RegisteredClaims{
		Subject:   userID,
		IssuedAt:  jwt.NewNumericDate(now),
		ExpiresAt: jwt.NewNumericDate(now.Add(AccessTTL)),
	}}
	s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString(k.secret)
	if err != nil {
		return "", fmt.Errorf("sign: %w", err)
	}
	return s, nil
}

// Parse checks an access token: HS256 only, expiry required.
func (k *Keys) Parse(token string, now time.Time) (*Claims, error) {
	var c Claims
	_, err := jwt.ParseWithClaims(token, &c, func(*jwt.Token) (any, error) { return k.secret, nil },
		jwt.WithValidMethods([]string{"HS256"}), jwt.WithExpirationRequired(), jwt.WithTimeFunc(func() time.Time { return now }))
	if err != nil {
		return nil, fmt.Errorf("access token: %w", err)
	}
	if c.SessionID == "" || c.Subject == "" {
		return nil, errors.New("access token: no session")
	}
	return &c, nil
}

// NewRefreshToken returns an opaque token and its hash.
func NewRefreshToken() (token, hash string, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", "", fmt.Errorf("refresh token: %w", err)
	}
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, HashToken(token), nil
}

// HashToken is how refresh tokens are stored.
func HashToken(t string) string {
	h := sha256.Sum256([]byte(t))
	return hex.EncodeToString(h[:])
}

// HashPassword hashes with bcrypt.
func HashPassword(p string) (string, error) {
	if len(p) > 72 {
		// bcrypt reads 72 bytes; pre-hash longer passphrases so all of it counts.
		h := sha256.Sum256([]byte(p))
		p = base64.StdEncoding.EncodeToString(h[:])
	}
	b, err := bcrypt.GenerateFromPassword([]byte(p), bcrypt.DefaultCost)
	if err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	return string(b), nil
}

// CheckPassword compares a password with its hash.
func CheckPassword(hash, p string) bool {
	if len(p) > 72 {
		h := sha256.Sum256([]byte(p))
		p = base64.StdEncoding.EncodeToString(h[:])
	}
	return bcrypt.CompareHashAndPassword([]byte(hash), []byte(p)) == nil
}

// dummyHash makes a login for an unknown user cost as much as a real one.
var dummyHash, _ = HashPassword("dummy-password-for-timing")

// CheckNoUser spends the time of a password check.
func CheckNoUser(p string) { CheckPassword(dummyHash, p) }

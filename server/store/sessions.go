package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// Session is a (user, device) login.
type Session struct {
	ID          string
	UserID      string
	DeviceID    string
	Gen         int64
	MinGen      int64
	Revoked     bool
	RefreshedAt int64 // unix ms
}

// CreateSession replaces the user's session on the device with a new one.
func (db *DB) CreateSession(ctx context.Context, id, userID, deviceID, deviceName, refreshHash string, nowMS int64) error {
	return db.Write(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ? AND device_id = ?`, userID, deviceID); err != nil {
			return fmt.Errorf("replace session: %w", err)
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO sessions(id, user_id, device_id, device_name, refresh_hash, refreshed_at, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, id, userID, deviceID, deviceName, refreshHash, nowMS, db.stamp())
		if err != nil {
			return fmt.Errorf("create session: %w", err)
		}
		return nil
	})
}

// SessionByID reads a session; a replaced one is ErrNotFound.
func (db *DB) SessionByID(ctx context.Context, id string) (*Session, error) {
	var s Session
	err := db.r.QueryRowContext(ctx, `SELECT id, user_id, device_id, gen, min_gen, revoked, refreshed_at FROM sessions WHERE id = ?`, id).
		Scan(&s.ID, &s.UserID, &s.DeviceID, &s.Gen, &s.MinGen, &s.Revoked, &s.RefreshedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("read session: %w", err)
	}
	return &s, nil
}

// RevokeSession ends a session.
func (db *DB) RevokeSession(ctx context.Context, id string) error {
	return db.Write(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE sessions SET revoked = 1 WHERE id = ?`, id)
		return err
	})
}

// Rotation outcomes.
var (
	ErrRefreshUnknown = errors.New("refresh token unknown or expired")
	ErrRefreshReused  = errors.New("refresh token reused: session revoked")
)

// RotateRefresh swaps the presented refresh token (by hash) for a new one and
// returns the session with its new pair number. A token rotated away at most
// graceMS ago may be presented once more (a phone that lost the answer): the
// pair issued after it is then invalidated. Any other reuse revokes the
// session.
func (db *DB) RotateRefresh(ctx context.Context, presented, next string, nowMS, graceMS, maxAgeMS int64) (*Session, error) {
	var out *Session
	var reuse bool
	err := db.Write(ctx, func(tx *Tx) error {
		var s Session
		err := tx.QueryRowContext(ctx, `SELECT id, user_id, device_id, gen, min_gen, revoked, refreshed_at FROM sessions WHERE refresh_hash = ?`, presented).
			Scan(&s.ID, &s.UserID, &s.DeviceID, &s.Gen, &s.MinGen, &s.Revoked, &s.RefreshedAt)
		switch {
		case err == nil:
			if s.Revoked || nowMS-s.RefreshedAt > maxAgeMS {
				return ErrRefreshUnknown
			}
			// Compare-and-swap: a concurrent rotation makes this one a replay.
			res, err := tx.ExecContext(ctx, `UPDATE sessions SET prev_hash = refresh_hash, refresh_hash = ?, rotated_at = ?, prev_used = 0,
				refreshed_at = ?, gen = gen + 1 WHERE id = ? AND refresh_hash = ? AND revoked = 0`, next, nowMS, nowMS, s.ID, presented)
			if err != nil {
				return fmt.Errorf("rotate: %w", err)
			}
			if n, _ := res.RowsAffected(); n != 1 {
				return ErrRefreshUnknown
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO refresh_used(hash, session_id) VALUES (?, ?) ON CONFLICT DO NOTHING`, presented, s.ID); err != nil {
				return fmt.Errorf("remember used token: %w", err)
			}
			s.Gen++
			s.RefreshedAt = nowMS
			out = &s
			return nil
		case !errors.Is(err, sql.ErrNoRows):
			return fmt.Errorf("find session: %w", err)
		}
		// Not the current token: the grace case, or a reuse.
		var rotatedAt int64
		var prevUsed bool
		err = tx.QueryRowContext(ctx, `SELECT id, user_id, device_id, gen, min_gen, revoked, refreshed_at, rotated_at, prev_used FROM sessions WHERE prev_hash = ?`, presented).
			Scan(&s.ID, &s.UserID, &s.DeviceID, &s.Gen, &s.MinGen, &s.Revoked, &s.RefreshedAt, &rotatedAt, &prevUsed)
		if err == nil && !s.Revoked && !prevUsed && nowMS-rotatedAt <= graceMS {
			if _, err := tx.ExecContext(ctx, `UPDATE sessions SET refresh_hash = ?, prev_used = 1, refreshed_at = ?, gen = gen + 1, min_gen = gen + 1 WHERE id = ?`,
				next, nowMS, s.ID); err != nil {
				return fmt.Errorf("grace rotate: %w", err)
			}
			s.Gen++
			s.MinGen = s.Gen
			s.RefreshedAt = nowMS
			out = &s
			return nil
		}
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("find session: %w", err)
		}
		var sid string
		if err == nil {
			sid = s.ID
		} else if err := tx.QueryRowContext(ctx, `SELECT session_id FROM refresh_used WHERE hash = ?`, presented).Scan(&sid); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return ErrRefreshUnknown
			}
			return fmt.Errorf("find used token: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE sessions SET revoked = 1 WHERE id = ?`, sid); err != nil {
			return fmt.Errorf("revoke on reuse: %w", err)
		}
		reuse = true
		return nil // commit the revocation
	})
	if err != nil {
		return nil, err
	}
	if reuse {
		return nil, ErrRefreshReused
	}
	return out, nil
}

// LoginFailures counts failures for key since sinceMS and gives the oldest.
func (db *DB) LoginFailures(ctx context.Context, key string, sinceMS int64) (n int, oldest int64, err error) {
	var o sql.NullInt64
	err = db.r.QueryRowContext(ctx, `SELECT count(*), min(at) FROM login_failures WHERE key = ? AND at > ?`, key, sinceMS).Scan(&n, &o)
	if err != nil {
		return 0, 0, fmt.Errorf("count login failures: %w", err)
	}
	return n, o.Int64, nil
}

// AddLoginFailure records a failed login for each key and forgets old ones.
func (db *DB) AddLoginFailure(ctx context.Context, nowMS, forgetBeforeMS int64, keys ...string) error {
	return db.Write(ctx, func(tx *Tx) error {
		for _, k := range keys {
			if _, err := tx.ExecContext(ctx, `INSERT INTO login_failures(key, at) VALUES (?, ?)`, k, nowMS); err != nil {
				return fmt.Errorf("record login failure: %w", err)
			}
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM login_failures WHERE at <= ?`, forgetBeforeMS)
		return err
	})
}

// ClearLoginFailures forgets the failures of a key.
func (db *DB) ClearLoginFailures(ctx context.Context, key string) error {
	return db.Write(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM login_failures WHERE key = ?`, key)
		return err
	})
}

// RefreshOwner finds the user of a refresh token, current, rotated away or
// used (nil when unknown).
func (db *DB) RefreshOwner(ctx context.Context, hash string) (*User, error) {
	u, err := scanUser(db.r.QueryRowContext(ctx, `SELECT `+userCols+` FROM users WHERE id = (
		SELECT user_id FROM sessions WHERE refresh_hash = ? OR prev_hash = ?
		UNION ALL SELECT s.user_id FROM refresh_used r JOIN sessions s ON s.id = r.session_id WHERE r.hash = ? LIMIT 1)`, hash, hash, hash))
	if errors.Is(err, ErrNotFound) {
		return nil, nil
	}
	return u, err
}

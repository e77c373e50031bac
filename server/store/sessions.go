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
	return db.Write(ctx, func(tx *Tx) error { return revoke(ctx, tx, "id", id) })
}

// revoke is the one place that ends sessions: one session (by "id") or every
// session of a user (by "user_id"). Its access tokens answer 401 at once and
// its refresh token stops working.
func revoke(ctx context.Context, tx *Tx, by, value string) error {
	q := `UPDATE sessions SET revoked = 1 WHERE id = ?`
	if by == "user_id" {
		q = `UPDATE sessions SET revoked = 1 WHERE user_id = ?`
	}
	if _, err := tx.ExecContext(ctx, q, value); err != nil {
		return fmt.Errorf("revoke sessions: %w", err)
	}
	return nil
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
		if err := revoke(ctx, tx, "id", sid); err != nil {
			return err
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

// LoginLimit is a failed-login limit: at most Max failures of Key.
type LoginLimit struct {
	Key string
	Max int
}

// LoginAttempt is a login allowed to check a password: it was recorded as a
// failure of each key beforehand, to be forgiven when the password is right.
type LoginAttempt struct {
	keys []string
	at   int64
	// Blocked: a limit was reached; Oldest is the oldest failure of that key
	// (unix ms), for Retry-After. Nothing was recorded.
	Blocked bool
	Oldest  int64
}

// TakeLoginAttempt counts, in one write transaction, the failures of each
// key since sinceMS; when every count is under its limit it records this
// attempt as a failure of every key before the password is checked. Writes
// run one at a time (the single writer; on PostgreSQL the writer lock every
// server shares), so of any number of simultaneous attempts at most Max
// reach the password check.
func (db *DB) TakeLoginAttempt(ctx context.Context, nowMS, sinceMS int64, limits ...LoginLimit) (*LoginAttempt, error) {
	out := &LoginAttempt{at: nowMS}
	err := db.Write(ctx, func(tx *Tx) error {
		out.keys = nil
		if _, err := tx.ExecContext(ctx, `DELETE FROM login_failures WHERE at <= ?`, sinceMS); err != nil {
			return fmt.Errorf("forget old login failures: %w", err)
		}
		for _, l := range limits {
			var n int
			var oldest sql.NullInt64
			if err := tx.QueryRowContext(ctx, `SELECT count(*), min(at) FROM login_failures WHERE key = ? AND at > ?`, l.Key, sinceMS).Scan(&n, &oldest); err != nil {
				return fmt.Errorf("count login failures: %w", err)
			}
			if n >= l.Max {
				out.Blocked, out.Oldest = true, oldest.Int64
				return nil
			}
		}
		for _, l := range limits {
			if _, err := tx.ExecContext(ctx, `INSERT INTO login_failures(key, at) VALUES (?, ?)`, l.Key, nowMS); err != nil {
				return fmt.Errorf("record login attempt: %w", err)
			}
			out.keys = append(out.keys, l.Key)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ForgiveLoginAttempt withdraws an attempt whose password was right, and
// clears every failure of clearKey (a successful login clears the
// username's count).
func (db *DB) ForgiveLoginAttempt(ctx context.Context, a *LoginAttempt, clearKey string) error {
	return db.Write(ctx, func(tx *Tx) error {
		// A row's own id: SQLite's rowid, PostgreSQL's ctid.
		ref := "rowid"
		if tx.d.postgres {
			ref = "ctid"
		}
		for _, k := range a.keys {
			// One of the rows this attempt recorded (another attempt of the
			// same key in the same millisecond is indistinguishable from it).
			q := `DELETE FROM login_failures WHERE ` + ref + ` IN (SELECT ` + ref + ` FROM login_failures WHERE key = ? AND at = ? LIMIT 1)`
			if _, err := tx.ExecContext(ctx, q, k, a.at); err != nil {
				return fmt.Errorf("forgive login attempt: %w", err)
			}
		}
		if clearKey == "" {
			return nil
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM login_failures WHERE key = ?`, clearKey)
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

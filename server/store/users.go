package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
)

// User is an account. PasswordHash never leaves the server.
type User struct {
	ID           string   `json:"id"`
	Username     string   `json:"username"`
	FullName     string   `json:"full_name"`
	Role         string   `json:"role"`
	CommuneID    *string  `json:"commune_id"`
	ClubIDs      []string `json:"club_ids"`
	Disabled     bool     `json:"disabled"`
	PasswordHash string   `json:"-"`
	ScopeEpoch   int64    `json:"-"`
}

const userCols = `id, username, password_hash, full_name, role, commune_id, club_ids, disabled, scope_epoch`

func scanUser(s scanner) (*User, error) {
	var u User
	var clubs string
	var commune sql.NullString
	err := s.Scan(&u.ID, &u.Username, &u.PasswordHash, &u.FullName, &u.Role, &commune, &clubs, &u.Disabled, &u.ScopeEpoch)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("read user: %w", err)
	}
	if commune.Valid {
		u.CommuneID = &commune.String
	}
	if err := json.Unmarshal([]byte(clubs), &u.ClubIDs); err != nil {
		return nil, fmt.Errorf("decode club_ids: %w", err)
	}
	if u.ClubIDs == nil {
		u.ClubIDs = []string{}
	}
	return &u, nil
}

// UserByID reads a user.
func (db *DB) UserByID(ctx context.Context, id string) (*User, error) {
	return scanUser(db.r.QueryRowContext(ctx, `SELECT `+userCols+` FROM users WHERE id = ?`, id))
}

// UserByName reads a user by (lower-case) username.
func (db *DB) UserByName(ctx context.Context, name string) (*User, error) {
	return scanUser(db.r.QueryRowContext(ctx, `SELECT `+userCols+` FROM users WHERE username = ?`, name))
}

// Users lists users, of one commune when communeID is not empty.
func (db *DB) Users(ctx context.Context, communeID string) ([]*User, error) {
	q := `SELECT ` + userCols + ` FROM users`
	var args []any
	if communeID != "" {
		q += ` WHERE commune_id = ?`
		args = append(args, communeID)
	}
	rows, err := db.r.QueryContext(ctx, q+` ORDER BY username`, args...)
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	defer rows.Close()
	out := []*User{}
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

func clubsJSON(ids []string) string {
	if ids == nil {
		ids = []string{}
	}
	b, _ := json.Marshal(ids)
	return string(b)
}

// CreateUser inserts a user; a taken username is ErrConflict.
func (db *DB) CreateUser(ctx context.Context, u *User) error {
	err := db.Write(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO users(id, username, password_hash, full_name, role, commune_id, club_ids, disabled, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, u.ID, u.Username, u.PasswordHash, u.FullName, u.Role, u.CommuneID, clubsJSON(u.ClubIDs), u.Disabled, db.stamp())
		return err
	})
	if db.d.isUnique(err) {
		return ErrConflict
	}
	if err != nil {
		return fmt.Errorf("create user: %w", err)
	}
	return nil
}

// UpdateUser writes a user's changeable fields. A change of clubs bumps the
// scope epoch so that older pull cursors answer reset_required; disabling the
// user or changing its password revokes every session.
func (db *DB) UpdateUser(ctx context.Context, u *User, clubsChanged bool) error {
	return db.Write(ctx, func(tx *Tx) error {
		bump := 0
		if clubsChanged {
			bump = 1
		}
		var oldHash string
		if err := tx.QueryRowContext(ctx, `SELECT password_hash FROM users WHERE id = ?`, u.ID).Scan(&oldHash); err != nil {
			return fmt.Errorf("read user: %w", err)
		}
		_, err := tx.ExecContext(ctx, `UPDATE users SET full_name = ?, password_hash = ?, club_ids = ?, disabled = ?, scope_epoch = scope_epoch + ? WHERE id = ?`,
			u.FullName, u.PasswordHash, clubsJSON(u.ClubIDs), u.Disabled, bump, u.ID)
		if err != nil {
			return fmt.Errorf("update user: %w", err)
		}
		if u.Disabled || oldHash != u.PasswordHash {
			return revoke(ctx, tx, "user_id", u.ID)
		}
		return nil
	})
}

// Report is a generated report, kept as it was sent.
type Report struct {
	ID, CommuneID, From, To, Format, ContentType, FileName string
	Number                                                 string // the officer's document number, "" when none
	Content                                                []byte
}

// SaveReport keeps a generated report.
func (db *DB) SaveReport(ctx context.Context, r *Report, by string) error {
	return db.Write(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO reports(id, commune_id, period_from, period_to, format, content_type, file_name, content, created_by, created_at, number)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, r.ID, r.CommuneID, r.From, r.To, r.Format, r.ContentType, r.FileName, r.Content, by, db.stamp(), r.Number)
		if err != nil {
			return fmt.Errorf("save report: %w", err)
		}
		return nil
	})
}

// ReportByID reads a kept report.
func (db *DB) ReportByID(ctx context.Context, id string) (*Report, error) {
	var r Report
	err := db.r.QueryRowContext(ctx, `SELECT id, commune_id, period_from, period_to, format, content_type, file_name, content, number FROM reports WHERE id = ?`, id).
		Scan(&r.ID, &r.CommuneID, &r.From, &r.To, &r.Format, &r.ContentType, &r.FileName, &r.Content, &r.Number)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("read report: %w", err)
	}
	return &r, nil
}

// ReportEntry is one line of a commune's report history.
type ReportEntry struct {
	ID        string `json:"id"`
	CommuneID string `json:"-"`
	From      string `json:"from"`
	To        string `json:"to"`
	Format    string `json:"format"`
	FileName  string `json:"file_name"`
	Number    string `json:"number"`
	CreatedBy string `json:"created_by"`
	CreatedAt string `json:"created_at"`
}

// ReportHistory lists the reports kept for a commune (every commune when
// communeID is ""), newest first (ties: greater id first).
func (db *DB) ReportHistory(ctx context.Context, communeID string) ([]ReportEntry, error) {
	q := `SELECT id, commune_id, period_from, period_to, format, file_name, number, created_by, created_at FROM reports`
	var args []any
	if communeID != "" {
		q += ` WHERE commune_id = ?`
		args = append(args, communeID)
	}
	rs, err := db.r.QueryContext(ctx, q+` ORDER BY created_at DESC, id DESC`, args...)
	if err != nil {
		return nil, fmt.Errorf("report history: %w", err)
	}
	defer rs.Close()
	out := []ReportEntry{}
	for rs.Next() {
		var e ReportEntry
		if err := rs.Scan(&e.ID, &e.CommuneID, &e.From, &e.To, &e.Format, &e.FileName, &e.Number, &e.CreatedBy, &e.CreatedAt); err != nil {
			return nil, fmt.Errorf("report history: %w", err)
		}
		out = append(out, e)
	}
	return out, rs.Err()
}

// ClubSync is when the server last received a change from a club's board for
// that club's rows.
type ClubSync struct {
	ClubID     string `json:"club_id"`
	LastSyncAt string `json:"last_sync_at"` // RFC 3339, UTC
}

// ClubSyncs lists, for the commune's clubs whose boards have sent changes,
// the latest time one of them reached the server (the officer's home shows
// which clubs' phones have gone quiet). Clubs without any are left out.
func (db *DB) ClubSyncs(ctx context.Context, communeID string) ([]ClubSync, error) {
	rs, err := db.r.QueryContext(ctx, `SELECT r.club_id, MAX(l.received_at) FROM change_log l
		JOIN rows r ON r.id = l.row_id JOIN users u ON u.id = l.user_id
		WHERE r.commune_id = ? AND r.club_id <> '' AND u.role = 'club_board'
		GROUP BY r.club_id ORDER BY r.club_id`, communeID)
	if err != nil {
		return nil, fmt.Errorf("club syncs: %w", err)
	}
	defer rs.Close()
	out := []ClubSync{}
	for rs.Next() {
		var c ClubSync
		if err := rs.Scan(&c.ClubID, &c.LastSyncAt); err != nil {
			return nil, fmt.Errorf("club syncs: %w", err)
		}
		out = append(out, c)
	}
	return out, rs.Err()
}

package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	changes "clb/sync"
)

// PendingImport is a previewed import waiting for its owner's commit.
type PendingImport struct {
	ID, UserID, ClubID, Kind string
	Rows                     []byte // JSON, as the importer wrote it
}

// SaveImport keeps a previewed import until expiresMS and forgets expired ones.
func (db *DB) SaveImport(ctx context.Context, p *PendingImport, nowMS, expiresMS int64) error {
	return db.Write(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM imports WHERE expires_ms <= ?`, nowMS); err != nil {
			return fmt.Errorf("forget expired imports: %w", err)
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO imports(id, user_id, club_id, kind, rows, created_at, expires_ms) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			p.ID, p.UserID, p.ClubID, p.Kind, string(p.Rows), db.stamp(), expiresMS)
		if err != nil {
			return fmt.Errorf("save import: %w", err)
		}
		return nil
	})
}

// Import returns a live pending import (ErrNotFound when unknown or expired).
func (db *DB) Import(ctx context.Context, id string, nowMS int64) (*PendingImport, error) {
	var p PendingImport
	var rows string
	err := db.r.QueryRowContext(ctx, `SELECT id, user_id, club_id, kind, rows FROM imports WHERE id = ? AND expires_ms > ?`, id, nowMS).
		Scan(&p.ID, &p.UserID, &p.ClubID, &p.Kind, &rows)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("read import: %w", err)
	}
	p.Rows = []byte(rows)
	return &p, nil
}

// errDryRun rolls a dry run back.
var errDryRun = errors.New("dry run")

// DryRun answers the changes exactly as Push would, then rolls everything
// back: an import's preview is checked by the same rules as a push.
func (db *DB) DryRun(ctx context.Context, eng *changes.Engine, a changes.Actor, cs []changes.Change) ([]changes.Outcome, error) {
	var out []changes.Outcome
	err := db.Write(ctx, func(tx *Tx) error {
		var err error
		if out, err = applyInTx(ctx, tx, eng, a, cs, db.stamp(), map[string]*Stmt{}); err != nil {
			return err
		}
		return errDryRun
	})
	if !errors.Is(err, errDryRun) {
		return nil, fmt.Errorf("dry run: %w", err)
	}
	return out, nil
}

// CommuneEntityRows returns a commune's live rows of one entity (the
// villages an import names), read through the (commune_id, entity) index
// rather than the whole commune.
func (db *DB) CommuneEntityRows(ctx context.Context, communeID, entity string) ([]*changes.Row, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT id, entity, commune_id, club_id, fields, stamps, deleted, updated_at
		FROM rows WHERE commune_id = ? AND entity = ? AND deleted = 0 ORDER BY seq`, communeID, entity)
	if err != nil {
		return nil, fmt.Errorf("%s rows: %w", entity, err)
	}
	return scanRows(rows)
}

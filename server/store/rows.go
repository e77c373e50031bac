package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	changes "clb/sync"
	"clb/sync/access"
)

// Push runs the sync engine over one push in one transaction, together with
// the pushes waiting at the same moment (group commit, group.go). The answer
// is returned only after the commit, so an acknowledged change survives a
// crash.
func (db *DB) Push(ctx context.Context, eng *changes.Engine, a changes.Actor, cs []changes.Change) ([]changes.Outcome, error) {
	out, err := db.group.push(ctx, eng, a, cs)
	if err != nil {
		return nil, fmt.Errorf("push: %w", err)
	}
	return out, nil
}

// applyInTx runs the engine over one push inside tx and writes what it
// decided.
func applyInTx(ctx context.Context, tx *Tx, eng *changes.Engine, a changes.Actor, cs []changes.Change, at string, stmts map[string]*Stmt) ([]changes.Outcome, error) {
	t := newSyncTx(tx, a, at, stmts)
	out, err := eng.Apply(ctx, t, a, cs)
	if err != nil {
		return nil, err
	}
	if err := t.flush(ctx); err != nil {
		return nil, err
	}
	return out, nil
}

type scanner interface{ Scan(...any) error }

func scanRow(s scanner) (*changes.Row, error) {
	var r changes.Row
	var fields, stamps string
	err := s.Scan(&r.ID, &r.Entity, &r.CommuneID, &r.ClubID, &fields, &stamps, &r.Deleted, &r.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read row: %w", err)
	}
	if r.Fields, err = decodeFields(fields); err != nil {
		return nil, err
	}
	if r.Stamps, err = changes.ParseStamps(stamps); err != nil {
		return nil, fmt.Errorf("decode stamps of %s: %w", r.ID, err)
	}
	return &r, nil
}

// decodeFields keeps numbers as json.Number so integers stay exact.
func decodeFields(s string) (map[string]any, error) {
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	var m map[string]any
	if err := d.Decode(&m); err != nil {
		return nil, fmt.Errorf("decode fields: %w", err)
	}
	return m, nil
}

// PulledRow is a row as a pull sends it.
type PulledRow struct {
	Entity    string
	ID        string
	CommuneID string
	ClubID    string
	Raw       string // the stored JSON object of the fields; Fields decodes it
	Deleted   bool
	Seq       int64
}

// Fields decodes the row's fields (numbers as json.Number, exact).
func (r *PulledRow) Fields() (map[string]any, error) { return decodeFields(r.Raw) }

// Pull returns up to limit rows with seq > after, in seq order, and whether
// more remain. Each club of the scope is read on its own, in seq order by
// the (club_id, seq) index and cut at limit+1, and merged with the commune's
// rows of the ByCommune entities (few for a club's board): a page costs its
// rows, not a sort of every row of the club after the cursor (a first pull of
// an old club read its whole history once per page).
func (db *DB) Pull(ctx context.Context, s access.Scope, after int64, limit int) ([]PulledRow, bool, error) {
	const cols = `id, entity, commune_id, club_id, fields, deleted, seq`
	var parts []string
	var args []any
	in := func(list []string) string {
		for _, v := range list {
			args = append(args, v)
		}
		return strings.TrimSuffix(strings.Repeat("?,", len(list)), ",")
	}
	part := func(where string) {
		parts = append(parts, `SELECT `+cols+` FROM rows WHERE `+where+` AND seq > ?`)
		args = append(args, after)
	}
	switch {
	case s.All:
		part(`1 = 1`) // the seq index
	default:
		if len(s.ByCommune) > 0 {
			args = append(args, s.CommuneID)
			part(`commune_id = ? AND entity IN (` + in(s.ByCommune) + `)`)
		}
		if len(s.ByClub) > 0 {
			seen := map[string]bool{}
			for _, club := range s.ClubIDs {
				if seen[club] {
					continue
				}
				seen[club] = true
				args = append(args, club)
				part(`club_id = ? AND entity IN (` + in(s.ByClub) + `)`)
			}
		}
	}
	if len(parts) == 0 {
		return nil, false, nil
	}
	q := parts[0] + ` ORDER BY seq LIMIT ?`
	if len(parts) > 1 {
		// Each part cut at limit+1 in its own order, then merged.
		q = ``
		for i, p := range parts {
			if i > 0 {
				q += ` UNION ALL `
			}
			q += fmt.Sprintf(`SELECT * FROM (%s ORDER BY seq LIMIT %d) AS p%d`, p, limit+1, i)
		}
		q += ` ORDER BY seq LIMIT ?`
	}
	args = append(args, limit+1)
	rows, err := db.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, false, fmt.Errorf("pull: %w", err)
	}
	defer rows.Close()
	var out []PulledRow
	for rows.Next() {
		var r PulledRow
		if err := rows.Scan(&r.ID, &r.Entity, &r.CommuneID, &r.ClubID, &r.Raw, &r.Deleted, &r.Seq); err != nil {
			return nil, false, fmt.Errorf("pull scan: %w", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, false, fmt.Errorf("pull: %w", err)
	}
	more := len(out) > limit
	if more {
		out = out[:limit]
	}
	return out, more, nil
}

// Row reads one row (nil when absent).
func (db *DB) Row(ctx context.Context, id string) (*changes.Row, error) {
	return scanRow(db.r.QueryRowContext(ctx, `SELECT id, entity, commune_id, club_id, fields, stamps, deleted, updated_at FROM rows WHERE id = ?`, id))
}

// CommuneRows returns every row of a commune (deleted ones included), and
// the commune row itself; every row of every commune when communeID is "".
func (db *DB) CommuneRows(ctx context.Context, communeID string) ([]*changes.Row, error) {
	q := `SELECT id, entity, commune_id, club_id, fields, stamps, deleted, updated_at FROM rows`
	var args []any
	if communeID != "" {
		q += ` WHERE commune_id = ?`
		args = append(args, communeID)
	}
	rows, err := db.r.QueryContext(ctx, q+` ORDER BY seq`, args...)
	if err != nil {
		return nil, fmt.Errorf("commune rows: %w", err)
	}
	return scanRows(rows)
}

// scanRows reads every row of a query and closes it.
func scanRows(rows *sql.Rows) ([]*changes.Row, error) {
	defer rows.Close()
	var out []*changes.Row
	for rows.Next() {
		r, err := scanRow(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// AuditEntry is one accepted change of a row.
type AuditEntry struct {
	ChangeID       string          `json:"change_id"`
	Op             string          `json:"op"`
	Fields         json.RawMessage `json:"fields"`
	HLC            string          `json:"hlc"`
	Status         string          `json:"status"`
	UserID         string          `json:"user_id"`
	Username       string          `json:"username"`
	DeviceID       string          `json:"device_id"`
	OriginDeviceID string          `json:"origin_device_id"`
	ReceivedAt     string          `json:"received_at"`
}

// Audit lists the accepted changes of a row, oldest first.
func (db *DB) Audit(ctx context.Context, entity, rowID string) ([]AuditEntry, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT id, op, fields, hlc, status, user_id, username, device_id, origin_device_id, received_at
		FROM change_log WHERE row_id = ? AND entity = ? ORDER BY `+db.d.insertOrder(), rowID, entity)
	if err != nil {
		return nil, fmt.Errorf("audit: %w", err)
	}
	defer rows.Close()
	out := []AuditEntry{}
	for rows.Next() {
		var e AuditEntry
		var fields string
		if err := rows.Scan(&e.ChangeID, &e.Op, &fields, &e.HLC, &e.Status, &e.UserID, &e.Username, &e.DeviceID, &e.OriginDeviceID, &e.ReceivedAt); err != nil {
			return nil, fmt.Errorf("audit scan: %w", err)
		}
		e.Fields = json.RawMessage(bytes.Clone([]byte(fields)))
		out = append(out, e)
	}
	return out, rows.Err()
}

// Conflict is a recorded concurrent edit.
type Conflict struct {
	RowID, Field, HLCA, HLCB, DetectedAt string
}

// Conflicts lists the recorded concurrent edits of the given rows' commune
// ("" for all).
func (db *DB) Conflicts(ctx context.Context, communeID string) ([]Conflict, error) {
	q := `SELECT c.row_id, c.field, c.hlc_a, c.hlc_b, c.detected_at FROM conflicts c JOIN rows r ON r.id = c.row_id`
	var args []any
	if communeID != "" {
		q += ` WHERE r.commune_id = ?`
		args = append(args, communeID)
	}
	rows, err := db.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("conflicts: %w", err)
	}
	defer rows.Close()
	var out []Conflict
	for rows.Next() {
		var c Conflict
		if err := rows.Scan(&c.RowID, &c.Field, &c.HLCA, &c.HLCB, &c.DetectedAt); err != nil {
			return nil, fmt.Errorf("conflicts: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

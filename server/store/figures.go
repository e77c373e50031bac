package store

import (
	"context"
	"database/sql"
	"fmt"

	changes "clb/sync"
)

// Reads for package figures, which keeps each commune's rows in memory and
// brings them up to date from the rows written since.

// LastSeq returns the server's latest seq: the seq of the latest row write in
// any commune. While it has not moved, no row has changed. One row read.
func (db *DB) LastSeq(ctx context.Context) (int64, error) {
	var seq int64
	err := db.r.QueryRowContext(ctx, `SELECT CAST(value AS BIGINT) FROM meta WHERE key = 'seq'`).Scan(&seq)
	if err != nil {
		return 0, fmt.Errorf("last seq: %w", err)
	}
	return seq, nil
}

// RowsSince returns the rows of the commune (deleted ones included, as
// CommuneRows) whose latest write has a seq > after, in seq order, and the
// server's latest seq as of the same read. Both come from one read
// transaction, so every write of the commune with a seq ≤ that last seq is in
// this answer or an earlier one: the next call passes it as after. after = 0
// reads the whole commune.
func (db *DB) RowsSince(ctx context.Context, communeID string, after int64) ([]*changes.Row, int64, error) {
	tx, err := db.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, 0, fmt.Errorf("rows since: begin: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	var last int64
	// The first read fixes the transaction's snapshot.
	if err := tx.QueryRowContext(ctx, `SELECT CAST(value AS BIGINT) FROM meta WHERE key = 'seq'`).Scan(&last); err != nil {
		return nil, 0, fmt.Errorf("rows since: last seq: %w", err)
	}
	if last <= after {
		return nil, last, nil
	}
	q := `SELECT id, entity, commune_id, club_id, fields, stamps, deleted, updated_at FROM rows WHERE commune_id = ? ORDER BY seq`
	args := []any{communeID}
	if after > 0 {
		// Few rows changed since: walk the seq index from after.
		q = `SELECT id, entity, commune_id, club_id, fields, stamps, deleted, updated_at FROM rows` + db.d.indexedBy("rows_seq") + `
			WHERE seq > ? AND commune_id = ? ORDER BY seq`
		args = []any{after, communeID}
	}
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("rows since: %w", err)
	}
	defer rows.Close()
	var out []*changes.Row
	for rows.Next() {
		r, err := scanRow(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("rows since: %w", err)
	}
	return out, last, nil
}

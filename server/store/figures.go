package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

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

// Window limits the rows of one entity that PeriodRows reads to those dated
// within the period: the row's own date field (Date), or, with Via set, the
// date field of the row its Via field names (the row of entity Of), e.g. an
// attendance row through its meeting's held_on. Rows of an entity with a
// window whose date is not a text in [from, to] are left out.
type Window struct {
	Entity string // the entity limited, e.g. "health_check"
	Date   string // its date field; empty when Via is set
	Via    string // a ref field of Entity, e.g. "meeting_id"
	Of     string // the entity Via names, e.g. "meeting"
	OfDate string // that entity's date field, e.g. "held_on"
}

// fieldName is what PeriodRows accepts as a field or entity name in its SQL.
func fieldName(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if (c < 'a' || c > 'z') && c != '_' {
			return false
		}
	}
	return true
}

// jsonText is the SQL of the text value of a top-level field of the fields
// column (NULL when absent): the expression of the indexes of migration
// 0007, so that the planner uses them.
func (d *dialect) jsonText(field string) string {
	if d.postgres {
		return `(((fields::jsonb) ->> '` + field + `') COLLATE "C")`
	}
	return `json_extract(fields, '$.` + field + `')`
}

// RawRow is a row as PeriodRows reads it: the fields and stamps are the
// stored JSON objects, for the caller to decode as it needs.
type RawRow struct {
	Entity, ID string
	Fields     string
	Stamps     string // "" for an entity not in PeriodRows' stamped
	Deleted    bool
	Seq        int64
}

// PeriodRows returns the rows of a commune as CommuneRows gives them
// (deleted ones included, in seq order), except that the rows of each
// windowed entity are only those dated in [from, to] (see Window) — the rows
// the indicators of that period can read, without the years of readings and
// attendance before it — and that only the rows of the entities in stamped
// come with their stamps. The reads share one read transaction.
func (db *DB) PeriodRows(ctx context.Context, communeID, from, to string, windows []Window, stamped []string) ([]RawRow, error) {
	for _, e := range stamped {
		if !fieldName(e) {
			return nil, fmt.Errorf("period rows: bad entity %q", e)
		}
	}
	for _, w := range windows {
		dated := w.Via == "" && fieldName(w.Date)
		via := w.Date == "" && fieldName(w.Via) && fieldName(w.Of) && fieldName(w.OfDate)
		if !fieldName(w.Entity) || dated == via {
			return nil, fmt.Errorf("period rows: bad window %+v", w)
		}
	}
	stamps := `''`
	if len(stamped) > 0 {
		stamps = `CASE WHEN entity IN ('` + strings.Join(stamped, `', '`) + `') THEN stamps ELSE '' END`
	}
	cols := `entity, id, fields, ` + stamps + `, deleted, seq`

	tx, err := db.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("period rows: begin: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	var out []RawRow
	read := func(q string, args ...any) error {
		rows, err := tx.QueryContext(ctx, q, args...)
		if err != nil {
			return fmt.Errorf("period rows: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var r RawRow
			if err := rows.Scan(&r.Entity, &r.ID, &r.Fields, &r.Stamps, &r.Deleted, &r.Seq); err != nil {
				return fmt.Errorf("period rows: %w", err)
			}
			out = append(out, r)
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("period rows: %w", err)
		}
		return nil
	}

	// Every row but the windowed entities', and the rows dated by their own
	// field (an index range each).
	var q strings.Builder
	args := []any{communeID}
	q.WriteString(`SELECT ` + cols + ` FROM rows WHERE commune_id = ?`)
	for _, w := range windows {
		q.WriteString(` AND entity <> '` + w.Entity + `'`)
	}
	for _, w := range windows {
		if w.Via == "" {
			q.WriteString(` UNION ALL SELECT ` + cols + ` FROM rows WHERE entity = '` + w.Entity + `' AND commune_id = ? AND ` +
				db.d.jsonText(w.Date) + ` BETWEEN ? AND ?`)
			args = append(args, communeID, from, to)
		}
	}
	if err := read(q.String(), args...); err != nil {
		return nil, err
	}
	// The rows dated through another row: that row's ids first, then the
	// rows naming them by Via's index (a list of values, which the
	// planners look up one by one; a subquery would make them scan).
	for _, w := range windows {
		if w.Via == "" {
			continue
		}
		ids, err := tx.QueryContext(ctx, `SELECT id FROM rows WHERE entity = '`+w.Of+`' AND commune_id = ? AND `+
			db.d.jsonText(w.OfDate)+` BETWEEN ? AND ?`, communeID, from, to)
		if err != nil {
			return nil, fmt.Errorf("period rows: %w", err)
		}
		var of []any
		for ids.Next() {
			var id string
			if err := ids.Scan(&id); err != nil {
				ids.Close()
				return nil, fmt.Errorf("period rows: %w", err)
			}
			of = append(of, id)
		}
		ids.Close()
		if err := ids.Err(); err != nil {
			return nil, fmt.Errorf("period rows: %w", err)
		}
		const chunk = 500
		for len(of) > 0 {
			part := of[:min(chunk, len(of))]
			of = of[len(part):]
			// commune_id || '': checked, but not an index the planner
			// would prefer to Via's.
			q := `SELECT ` + cols + ` FROM rows WHERE entity = '` + w.Entity + `' AND ` + db.d.jsonText(w.Via) +
				` IN (?` + strings.Repeat(`, ?`, len(part)-1) + `) AND commune_id || '' = ?`
			if err := read(q, append(part, communeID)...); err != nil {
				return nil, err
			}
		}
	}
	// Sorted here, not by the database: a sort of the rows' texts in SQL
	// costs more than reading them.
	slices.SortFunc(out, func(a, b RawRow) int { return cmp.Compare(a.Seq, b.Seq) })
	return out, nil
}

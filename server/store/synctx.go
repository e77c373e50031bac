package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	changes "clb/sync"
)

// syncTx is the engine's Store inside one write transaction. It reads a
// push's logged ids and rows in one query each (Preload), answers later reads
// from memory, and keeps the writes until flush, which sends them as
// multi-row INSERTs: per change, the push path then costs a few map lookups
// and two JSON encodings instead of five statements.
type syncTx struct {
	tx    *Tx
	actor changes.Actor
	at    string
	stmts map[string]*Stmt // prepared once per transaction

	rows   map[string]*changes.Row // read or written in this push; nil: known absent
	logged map[string]bool         // change id → logged; absent: not known yet

	seq     int64 // last seq given out; loaded on the first write
	seqRead bool
	pending []pendingRow // rows to write, in the order of their last write
	pendPos map[string]int
	logs    []pendingLog
	buf     []byte
}

type pendingRow struct {
	id  string
	seq int64
}

type pendingLog struct {
	e      changes.LogEntry
	fields string
}

func newSyncTx(tx *Tx, a changes.Actor, at string, stmts map[string]*Stmt) *syncTx {
	return &syncTx{tx: tx, actor: a, at: at, stmts: stmts, rows: map[string]*changes.Row{}, logged: map[string]bool{}, pendPos: map[string]int{}}
}

func (t *syncTx) stmt(ctx context.Context, q string) (*Stmt, error) {
	if st, ok := t.stmts[q]; ok {
		return st, nil
	}
	st, err := t.tx.PrepareContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("prepare: %w", err)
	}
	if t.stmts == nil {
		t.stmts = map[string]*Stmt{}
	}
	t.stmts[q] = st
	return st, nil
}

func (t *syncTx) exec(ctx context.Context, q string, args ...any) error {
	st, err := t.stmt(ctx, q)
	if err != nil {
		return err
	}
	_, err = st.ExecContext(ctx, args...)
	return err
}

// inChunk is how many ids one IN (…) list holds.
const inChunk = 500

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}

// Preload reads which of the change ids are logged and which of the rows
// exist, in one query per inChunk ids.
func (t *syncTx) Preload(ctx context.Context, changeIDs, rowIDs []string) error {
	for i := 0; i < len(changeIDs); i += inChunk {
		part := changeIDs[i:min(i+inChunk, len(changeIDs))]
		args := make([]any, len(part))
		for j, id := range part {
			args[j] = id
			if _, known := t.logged[id]; !known {
				t.logged[id] = false
			}
		}
		rs, err := t.tx.QueryContext(ctx, `SELECT id FROM change_log WHERE id IN (`+placeholders(len(part))+`)`, args...)
		if err != nil {
			return fmt.Errorf("preload log: %w", err)
		}
		for rs.Next() {
			var id string
			if err := rs.Scan(&id); err != nil {
				rs.Close()
				return fmt.Errorf("preload log: %w", err)
			}
			t.logged[id] = true
		}
		if err := closeRows(rs); err != nil {
			return fmt.Errorf("preload log: %w", err)
		}
	}
	for i := 0; i < len(rowIDs); i += inChunk {
		part := rowIDs[i:min(i+inChunk, len(rowIDs))]
		args := make([]any, 0, len(part))
		for _, id := range part {
			if _, known := t.rows[id]; !known {
				args = append(args, id)
				t.rows[id] = nil
			}
		}
		if len(args) == 0 {
			continue
		}
		rs, err := t.tx.QueryContext(ctx, `SELECT id, entity, commune_id, club_id, fields, stamps, deleted, updated_at FROM rows WHERE id IN (`+placeholders(len(args))+`)`, args...)
		if err != nil {
			return fmt.Errorf("preload rows: %w", err)
		}
		for rs.Next() {
			r, err := scanRow(rs)
			if err != nil {
				rs.Close()
				return err
			}
			t.rows[r.ID] = r
		}
		if err := closeRows(rs); err != nil {
			return fmt.Errorf("preload rows: %w", err)
		}
	}
	return nil
}

func closeRows(rs *sql.Rows) error {
	err := rs.Err()
	if cerr := rs.Close(); err == nil {
		err = cerr
	}
	return err
}

func (t *syncTx) Logged(ctx context.Context, id string) (bool, error) {
	if v, ok := t.logged[id]; ok {
		return v, nil
	}
	st, err := t.stmt(ctx, `SELECT count(*) FROM change_log WHERE id = ?`)
	if err != nil {
		return false, err
	}
	var n int
	if err := st.QueryRowContext(ctx, id).Scan(&n); err != nil {
		return false, fmt.Errorf("logged: %w", err)
	}
	t.logged[id] = n > 0
	return n > 0, nil
}

// Row answers from what this push read or wrote, else from the database.
// The engine changes a row it got only to write it back with PutRow.
func (t *syncTx) Row(ctx context.Context, id string) (*changes.Row, error) {
	if r, ok := t.rows[id]; ok {
		return r, nil
	}
	st, err := t.stmt(ctx, `SELECT id, entity, commune_id, club_id, fields, stamps, deleted, updated_at FROM rows WHERE id = ?`)
	if err != nil {
		return nil, err
	}
	r, err := scanRow(st.QueryRowContext(ctx, id))
	if err != nil {
		return nil, err
	}
	t.rows[id] = r
	return r, nil
}

// PutRow gives the row the next seq and keeps it for flush; a row written
// twice in one push is written once, with its last state and seq.
func (t *syncTx) PutRow(ctx context.Context, r *changes.Row) error {
	if !t.seqRead {
		var v string
		if err := t.tx.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'seq'`).Scan(&v); err != nil {
			return fmt.Errorf("read seq: %w", err)
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return fmt.Errorf("read seq %q: %w", v, err)
		}
		t.seq, t.seqRead = n, true
	}
	t.seq++
	r.UpdatedAt = t.at
	t.rows[r.ID] = r
	if i, ok := t.pendPos[r.ID]; ok {
		// Keep seq order: the earlier entry goes, the row moves to the end.
		t.pending[i].id = ""
	}
	t.pendPos[r.ID] = len(t.pending)
	t.pending = append(t.pending, pendingRow{id: r.ID, seq: t.seq})
	return nil
}

func (t *syncTx) Log(ctx context.Context, e changes.LogEntry) error {
	b, err := changes.AppendFields(t.buf[:0], e.Fields)
	if err != nil {
		return fmt.Errorf("encode log fields of %s: %w", e.Change.ID, err)
	}
	t.buf = b
	e.Fields = nil
	t.logs = append(t.logs, pendingLog{e: e, fields: string(b)})
	t.logged[e.Change.ID] = true
	return nil
}

func (t *syncTx) RecordConflict(ctx context.Context, c changes.Conflict) error {
	err := t.exec(ctx, `INSERT INTO conflicts(row_id, field, hlc_a, hlc_b, detected_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
		c.RowID, c.Field, c.HLCA, c.HLCB, t.at)
	if err != nil {
		return fmt.Errorf("record conflict: %w", err)
	}
	return nil
}

// flushChunk is how many rows one multi-row INSERT carries (12 columns × 50
// stays far below every database's limit on parameters).
const flushChunk = 50

const (
	rowCols   = "(id, entity, commune_id, club_id, fields, stamps, deleted, seq, updated_at, updated_by)"
	rowUpsert = ` ON CONFLICT(id) DO UPDATE SET fields = excluded.fields, stamps = excluded.stamps, deleted = excluded.deleted,
		seq = excluded.seq, updated_at = excluded.updated_at, updated_by = excluded.updated_by`
	logCols = "(id, entity, row_id, op, fields, hlc, status, user_id, username, device_id, origin_device_id, received_at)"
)

func multiValues(rows, cols int) string {
	one := "(" + placeholders(cols) + "),"
	return strings.TrimSuffix(strings.Repeat(one, rows), ",")
}

// flush writes the kept rows and log entries, and the last seq given out.
func (t *syncTx) flush(ctx context.Context) error {
	var rowArgs []any
	for _, p := range t.pending {
		if p.id == "" {
			continue
		}
		r := t.rows[p.id]
		fields, err := changes.AppendFields(t.buf[:0], r.Fields)
		if err != nil {
			return fmt.Errorf("encode fields of %s: %w", r.ID, err)
		}
		fs := string(fields)
		t.buf = changes.AppendStamps(fields[:0], r.Stamps)
		rowArgs = append(rowArgs, r.ID, r.Entity, r.CommuneID, r.ClubID, fs, string(t.buf), r.Deleted, p.seq, t.at, t.actor.UserID)
	}
	if err := t.insertChunks(ctx, "INSERT INTO rows"+rowCols+" VALUES ", rowUpsert, 10, rowArgs); err != nil {
		return fmt.Errorf("write rows: %w", err)
	}
	logArgs := make([]any, 0, 12*len(t.logs))
	for _, l := range t.logs {
		c := l.e.Change
		logArgs = append(logArgs, c.ID, c.Entity, c.RowID, c.Op, l.fields, c.HLC, l.e.Status,
			t.actor.UserID, t.actor.Username, t.actor.DeviceID, l.e.OriginDeviceID, t.at)
	}
	if err := t.insertChunks(ctx, "INSERT INTO change_log"+logCols+" VALUES ", "", 12, logArgs); err != nil {
		return fmt.Errorf("log changes: %w", err)
	}
	if t.seqRead {
		if err := t.exec(ctx, `UPDATE meta SET value = ? WHERE key = 'seq'`, strconv.FormatInt(t.seq, 10)); err != nil {
			return fmt.Errorf("write seq: %w", err)
		}
	}
	t.pending, t.logs = nil, nil
	clear(t.pendPos)
	return nil
}

// insertChunks runs head + values + tail over args, flushChunk rows at a time.
func (t *syncTx) insertChunks(ctx context.Context, head, tail string, cols int, args []any) error {
	rows := len(args) / cols
	for i := 0; i < rows; i += flushChunk {
		n := min(flushChunk, rows-i)
		if err := t.exec(ctx, head+multiValues(n, cols)+tail, args[i*cols:(i+n)*cols]...); err != nil {
			return err
		}
	}
	return nil
}

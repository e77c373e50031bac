// The records of the local store and the pure rules that build them (no
// IndexedDB here, so the unit tests check them directly). A row's view is
// its base (what the server last sent) with this phone's pending changes on
// top, oldest first: a pulled row never overwrites an unsent change.
import type { Fields } from './validate';

export interface RowRec {
  key: string;
  entity: string;
  id: string;
  club_id: string;
  fields: Fields;
  deleted: boolean;
  base: Fields | null;
  baseDeleted: boolean;
  updated_at: number;
}

export interface ChangeError {
  code: string;
  field?: string;
  message?: string;
}

export interface Change {
  id: string;
  entity: string;
  row_id: string;
  op: 'upsert' | 'delete';
  fields: Fields;
  hlc: string;
}

export interface ChangeRec extends Change {
  n?: number;
  /** The schema_version of the app that made the change (pushed under it). */
  schema_version?: number;
  state: 'pending' | 'rejected';
  error?: ChangeError;
  user_id: string;
  created_at: number;
}

/** One row of a pull answer (CONTRACT.md, Pull). */
export interface PulledRow {
  entity: string;
  row_id: string;
  fields: Fields;
  deleted: boolean;
}

export const rowKey = (entity: string, id: string) => `${entity}:${id}`;

/** The club a row belongs to (a club is its own). */
export const clubOf = (entity: string, id: string, fields: Fields): string => String(fields.club_id ?? (entity === 'club' ? id : ''));

export function applyChange(view: { fields: Fields; deleted: boolean }, c: Change): void {
  if (c.op === 'delete') view.deleted = true;
  else if (!view.deleted) view.fields = { ...view.fields, ...c.fields };
}

/** A row's record from its base and its pending changes (oldest first). */
export function viewRecord(entity: string, id: string, base: Fields, baseDeleted: boolean, pending: readonly Change[], now: number): RowRec {
  const view = { fields: { ...base }, deleted: baseDeleted };
  for (const c of pending) applyChange(view, c);
  return { key: rowKey(entity, id), entity, id, club_id: clubOf(entity, id, view.fields), fields: view.fields, deleted: view.deleted, base, baseDeleted, updated_at: now };
}

/** The pending changes of an outbox by row key, oldest first. */
export function pendingByRow(outbox: readonly ChangeRec[]): Map<string, ChangeRec[]> {
  const m = new Map<string, ChangeRec[]>();
  for (const c of outbox) {
    if (c.state !== 'pending') continue;
    const k = rowKey(c.entity, c.row_id);
    const l = m.get(k);
    if (l) l.push(c);
    else m.set(k, [c]);
  }
  for (const l of m.values()) l.sort((a, b) => (a.n ?? 0) - (b.n ?? 0));
  return m;
}

/**
 * The records of one pulled page. `prevBase` holds what the store had for the
 * page's deleted rows (a deleted row keeps its last base, so that an unsent
 * change can still be shown or exported); `pending` the outbox's pending
 * changes by row key, which stay on top of the new base.
 *
 * A row without pending changes shares one object for `fields` and `base`:
 * IndexedDB's structured clone then writes the fields once, not twice (the
 * store never edits a record in place, so the sharing is safe).
 */
export function pulledRecords(rows: readonly PulledRow[], prevBase: ReadonlyMap<string, Fields | null | undefined>, pending: ReadonlyMap<string, readonly ChangeRec[]>, now: number): RowRec[] {
  const out: RowRec[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    const key = rowKey(r.entity, r.row_id);
    const base = r.deleted ? (prevBase.get(key) ?? {}) : r.fields;
    const live = pending.get(key);
    out[i] = live?.length
      ? viewRecord(r.entity, r.row_id, base, r.deleted, live, now)
      : { key, entity: r.entity, id: r.row_id, club_id: clubOf(r.entity, r.row_id, base), fields: base, deleted: r.deleted, base, baseDeleted: r.deleted, updated_at: now };
  }
  return out;
}
